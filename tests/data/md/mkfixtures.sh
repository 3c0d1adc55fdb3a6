#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Make small real-mdadm RAID1 arrays in a lab setup guest (one boot) and keep,
# for each member, the byte ranges that hold its md superblock plus
# `mdadm --examine` text. See README in this directory for the file names.
#   mkfixtures.sh [OUTDIR]   (default: this directory). Needs root + the lab.
set -eu
out=$(cd "${1:-$(dirname "$0")}" && pwd)
. "$(dirname "$0")/../../lab/lib.sh"
lab_require qemu-system-x86_64 mdadm busybox cpio
lab_prelude mdfix kernel

# name:metadata:sectors:members:create options (members become vda, vdb, ...)
arrays="
v090-clean:0.90:16397:2:
v10-clean:1.0:16397:2:
v11-bitmap:1.1:16384:2:--bitmap=internal
v12-clean:1.2:16384:2:
v12-failed:1.2:16384:2:
v12-spare:1.2:16384:3:--spare-devices=1
"
script=$LAB_TMP/mk.sh
imgs=()
n=0 md=0
letters=abcdefghijklmnopqrstuvwxyz
: > "$script"
for a in $arrays; do
	IFS=: read -r name meta sectors count opts <<< "$a"
	devs=
	for i in $(seq 0 $((count - 1))); do
		img=$LAB_TMP/$name-m$i.img
		truncate -s $((sectors * 512)) "$img"
		imgs+=("$img")
		devs="$devs /dev/vd${letters:$n:1}"
		n=$((n + 1))
	done
	raid=2
	nm="--name=$name"
	[ "$meta" = 0.90 ] && nm=
	cat >> "$script" <<-EOS
	echo "== $name"
	mdadm --create /dev/md$md --run --level=1 --raid-devices=$raid --metadata=$meta \
	  --assume-clean --homehost=lab $nm $opts $devs
	EOS
	[ "$name" = v12-failed ] && echo "mdadm /dev/md$md --fail ${devs##* }" >> "$script"
	echo "echo test-data-$name > /dev/md$md; sync; mdadm --detail /dev/md$md; mdadm --stop /dev/md$md" >> "$script"
	md=$((md + 1))
done
lab_setup_guest "$script" "${imgs[@]}"
tr -d '\r' < "$LAB_TMP/setup-$LAB_SETUP_N.log" | sed -n '/^== /,/^LAB-STAGE-RC/p' > "$out/guest-detail.txt"

{
	echo "# file-prefix metadata sectors tail-start-sector examine-role"
	for img in "${imgs[@]}"; do
		p=$(basename "$img" .img)
		s=$(( $(stat -c %s "$img") / 512 ))
		meta=$(mdadm --examine "$img" | awk '$1 == "Version" {print $3}')
		role=$(mdadm --examine "$img" | awk '/Device Role/ {sub(/.*: /, ""); print; exit}
			$1 == "this" {print "raid_disk " $5 " " $6 " " $7; exit}' | tr ' ' _)
		dd if="$img" of="$out/$p.head" bs=512 count=16 status=none
		dd if="$img" of="$out/$p.tail" bs=512 skip=$((s - 256)) count=256 status=none
		mdadm --examine "$img" > "$out/$p.examine"
		echo "$p $meta $s $((s - 256)) ${role:-?}"
	done
} > "$out/index.txt"
cat "$out/index.txt"
echo "mkfixtures: wrote $(ls "$out" | wc -l) files to $out"
