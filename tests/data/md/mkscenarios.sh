#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Make the member-choice scenarios with real mdadm and the real kernel in a
# lab setup guest (one boot), and keep the same extracts as mkfixtures.sh
# (<member>.head/.tail/.examine) plus scenarios.txt (same columns as
# index.txt). See README-scenarios in this directory.
#   mkscenarios.sh [OUTDIR]   (default: this directory). Needs root + the lab.
#
# Each scenario is a 2-member metadata-1.2 RAID1 (16384 sectors per member):
#   sc-split   both halves started alone (mdadm -A --run with one member) and
#              written once each: each superblock marks the other missing.
#   sc-splitb  the same, but half 0 is started and written three times, so
#              the event counts differ.
#   sc-stale   only member 0 started alone and written: member 1 is stale
#              (older events, its table still shows both active).
# After each scenario the guest copies the two members to scratch disks and
# runs plain `mdadm --assemble` on the copies, so mdadm's own verdict (e.g.
# "ignoring ... as it reports ... as failed") is recorded next to ours in
# scenarios-guest.txt, without changing the extracted members.
set -eu
out=$(cd "${1:-$(dirname "$0")}" && pwd)
. "$(dirname "$0")/../../lab/lib.sh"
lab_require qemu-system-x86_64 mdadm busybox cpio
lab_prelude mdscen kernel

sectors=16384
letters=abcdefghijklmnopqrstuvwxyz
script=$LAB_TMP/scen.sh
imgs=() keep=()
n=0 md=0
: > "$script"

# disk NAME: add an image; its guest device goes to $dev
disk() {
	local img=$LAB_TMP/$1.img
	truncate -s $((sectors * 512)) "$img"
	imgs+=("$img")
	dev=/dev/vd${letters:$n:1}
	n=$((n + 1))
}

# alone DEV TIMES: assemble DEV alone, write, stop; TIMES times
alone() {
	local i
	for i in $(seq 1 "$2"); do
		cat >> "$script" <<-EOS
		mdadm -A --run /dev/md$md $1
		echo "write $i on $1" > /dev/md$md; sync; sleep 0.3
		mdadm -S /dev/md$md
		EOS
	done
}

for sc in sc-split:1:1 sc-splitb:3:1 sc-stale:1:0; do
	IFS=: read -r name t0 t1 <<< "$sc"
	disk "$name-m0"; a=$dev; keep+=("$name-m0")
	disk "$name-m1"; b=$dev; keep+=("$name-m1")
	disk "$name-c0"; c=$dev
	disk "$name-c1"; d=$dev
	cat >> "$script" <<-EOS
	echo "== $name"
	mdadm --create /dev/md$md --run --level=1 --raid-devices=2 --metadata=1.2 \
	  --assume-clean --homehost=lab --name=$name $a $b
	echo "base $name" > /dev/md$md; sync
	mdadm -S /dev/md$md
	EOS
	alone "$a" "$t0"
	[ "$t1" = 0 ] || alone "$b" "$t1"
	cat >> "$script" <<-EOS
	dd if=$a of=$c bs=64k 2>/dev/null; dd if=$b of=$d bs=64k 2>/dev/null
	echo "-- mdadm --assemble of copies of both members:"
	mdadm -A /dev/md$((md + 1)) $c $d 2>&1 || echo "mdadm rc=\$?"
	cat /proc/mdstat | grep -A1 "^md$((md + 1))" || true
	mdadm -S /dev/md$((md + 1)) 2>/dev/null || true
	echo "-- end $name"
	EOS
	md=$((md + 2))
done

lab_setup_guest "$script" "${imgs[@]}"
tr -d '\r' < "$LAB_TMP/setup-$LAB_SETUP_N.log" | sed -n '/^== /,/^LAB-STAGE-RC/p' |
	grep -v '^\[ *[0-9.]*\]' > "$out/scenarios-guest.txt"

{
	echo "# file-prefix metadata sectors tail-start-sector examine-role"
	for p in "${keep[@]}"; do
		img=$LAB_TMP/$p.img
		s=$(( $(stat -c %s "$img") / 512 ))
		meta=$(mdadm --examine "$img" | awk '$1 == "Version" {print $3}')
		role=$(mdadm --examine "$img" | awk '/Device Role/ {sub(/.*: /, ""); print; exit}' | tr ' ' _)
		dd if="$img" of="$out/$p.head" bs=512 count=16 status=none
		dd if="$img" of="$out/$p.tail" bs=512 skip=$((s - 256)) count=256 status=none
		mdadm --examine "$img" | sed "1s|.*|$p.img:|" > "$out/$p.examine"
		echo "$p $meta $s $((s - 256)) ${role:-?}"
	done
} > "$out/scenarios.txt"
cat "$out/scenarios.txt"
echo "mkscenarios: wrote ${#keep[@]} members to $out"
