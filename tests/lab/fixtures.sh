# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
# Part of tests/lab/lib.sh (sourced by it): setup guest and disk fixtures.
# The function list and what the fixture root prints are documented at the
# top of lib.sh.

LAB_FIX_MEMBER_MIB=64
LAB_FIX_ROOT_MIB=56
LAB_SETUP_MODS="virtio_pci virtio_blk md-mod raid1 ext4 crc32c_generic"
LAB_SETUP_N=0

# lab_setup_guest SCRIPT IMAGE...: boot a guest with IMAGEs as /dev/vd[a-z]
# (in order) and run SCRIPT (a host file, busybox sh -e, mdadm in PATH).
lab_setup_guest() {
	local script=${1:?lab_setup_guest SCRIPT IMAGE...} img disks=() n=0 log rc=0 br=$LAB_NS_BR
	shift
	[ -f "$script" ] || { lab_die "lab_setup_guest: no script $script"; return 1; }
	[ -n "${LAB_KVER:-}" ] || lab_kernel || return 1
	for img in "$@"; do
		[ -f "$img" ] || { lab_die "lab_setup_guest: no image $img"; return 1; }
		disks+=(-drive "file=$img,format=raw,if=virtio,cache=writeback")
		n=$((n + 1))
	done
	LAB_SETUP_N=$((LAB_SETUP_N + 1))
	log=$LAB_TMP/setup-$LAB_SETUP_N.log
	lab_initrd_busybox "$LAB_TMP/setup.gz" $LAB_SETUP_MODS || return 1
	{
		echo "lab_insmod $LAB_SETUP_MODS"
		echo "i=0; while [ \$(ls /sys/block | grep -c '^vd') -lt $n ] && [ \$i -lt 50 ]; do sleep 0.1; i=\$((i+1)); done"
		echo "echo LAB-SETUP-DISKS \$(ls /sys/block | grep '^vd')"
		echo "cd /tmp; sh -e /lab-setup.sh"
	} > "$LAB_TMP/setup-stage.sh"
	lab_cpio_append "$LAB_TMP/setup.gz" "$LAB_TMP/setup-stage.sh:lab-stage.sh" "$script:lab-setup.sh"
	lab_log "setup guest $LAB_SETUP_N: $script on $*"
	LAB_NS_BR=
	lab_qemu_direct "$LAB_VMLINUZ" "$LAB_TMP/setup.gz" "quiet" "${disks[@]}" || rc=$?
	LAB_NS_BR=$br
	[ "$rc" = 0 ] || return "$rc"
	lab_qemu_wait "${LAB_SETUP_TIMEOUT:-180}" || rc=$?
	cp "$LAB_TMP/serial.log" "$log"
	if [ "$rc" != 0 ] || ! tr -d '\r' < "$log" | grep -qx 'LAB-STAGE-RC=0'; then
		lab_log "setup guest failed (qemu $rc); log $log:"
		tr -d '\r' < "$log" | tail -n 40 >&2
		return 1
	fi
	rm -f "$LAB_TMP/setup.gz"
}

# The fixture root's /sbin/init (documented at the top of lib.sh).
lab_fixture_init() {
	cat <<'EOF'
#!/bin/sh
# aoeroot lab fixture init: prints markers, runs lab_action=, powers off.
export PATH=/sbin:/bin:/usr/sbin:/usr/bin
mount -t proc proc /proc 2>/dev/null
mount -t sysfs sysfs /sys 2>/dev/null
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo "AOEROOT-ROOT-UP"
echo "AOEROOT-CMDLINE $(cat /proc/cmdline)"
echo "AOEROOT-MDSTAT-BEGIN"
cat /proc/mdstat 2>/dev/null
echo "AOEROOT-MDSTAT-END"
echo "AOEROOT-ROOTDEV $(awk '$2 == "/" {d = $1} END {print d}' /proc/mounts)"
set -- $(cd / && sha256sum etc/aoeroot-fixture/* | sha256sum)
if (cd / && sha256sum -c -s etc/aoeroot-fixture.sha256); then
	echo "AOEROOT-FILESUM ok $1"
else
	echo "AOEROOT-FILESUM BAD $1"
fi
counter=$(cat /var/lib/boot-counter 2>/dev/null || echo 0)
echo "AOEROOT-COUNTER $counter"
actions=none
for w in $(cat /proc/cmdline); do
	case $w in lab_action=*) actions=${w#lab_action=} ;; esac
done
for action in $(echo "$actions" | tr , ' '); do
case $action in
none) ;;
write)
	mount -o remount,rw / || echo "AOEROOT-REMOUNT-RW-FAILED"
	counter=$((counter + 1))
	echo "$counter" > /var/lib/boot-counter
	echo "boot $counter: $(cat /proc/cmdline)" > /var/lib/aoeroot-write
	sync
	echo "AOEROOT-WROTE $counter"
	;;
shell)
	echo "AOEROOT-SHELL"
	setsid cttyhack sh
	;;
*) echo "AOEROOT-ACTION-UNKNOWN $action" ;;
esac
echo "AOEROOT-ACTION-DONE $action"
done
sync
mount -o remount,ro / 2>/dev/null
echo "AOEROOT-ROOT-DOWN"
poweroff -f
EOF
}

# Build the test root tree in DIR.
lab_fixture_rootdir() {
	local d=$1
	lab_busybox_tree "$d" || return 1
	mkdir -p "$d/etc/aoeroot-fixture" "$d/var/lib" "$d/boot"
	echo "aoeroot lab fixture root" > "$d/etc/aoeroot-fixture/hello.txt"
	seq 1 20000 > "$d/etc/aoeroot-fixture/numbers.txt"
	python3 -c '
import hashlib, sys
b = b""; h = b"aoeroot"
while len(b) < 262144:
    h = hashlib.sha256(h).digest(); b += h
sys.stdout.buffer.write(b)' > "$d/etc/aoeroot-fixture/blob.bin" || { lab_die "python3 needed"; return 1; }
	echo aoeroot-lab > "$d/etc/hostname"
	lab_fixture_init > "$d/sbin/init.lab" && rm -f "$d/sbin/init" && mv "$d/sbin/init.lab" "$d/sbin/init"
	chmod 755 "$d/sbin/init"
	(cd "$d" && sha256sum etc/aoeroot-fixture/*) > "$d/etc/aoeroot-fixture.sha256"
}

# Cache key: the functions that make the fixture, its sizes, the tools that
# shape the bytes (editing other parts of this file keeps the cache).
lab_fixture_key() {
	{ echo "$1"; declare -f lab_fixture_init lab_fixture_rootdir lab_fixture_rootfs "lab_fixture_$1_build"
	  echo "$LAB_FIX_MEMBER_MIB $LAB_FIX_ROOT_MIB"; mdadm --version 2>&1; mke2fs -V 2>&1
	  sha256sum "$(command -v busybox)"; } |
		sha256sum | cut -c1-16
}

# Host side: ext4 image of the test root (size MiB) in OUT.
lab_fixture_rootfs() {
	local out=$1 mib=$2 d
	d=$(mktemp -d "$LAB_TMP/root.XXXXXX")
	lab_fixture_rootdir "$d" || return 1
	cp "$d/etc/aoeroot-fixture.sha256" "$(dirname "$out")/root.sha256"
	(cd "$d" && sha256sum etc/aoeroot-fixture/* | sha256sum | cut -d' ' -f1) > "$(dirname "$out")/setsum"
	rm -f "$out"
	E2FSPROGS_FAKE_TIME=1700000000 mke2fs -q -t ext4 -L aoeroot -U 6f656f72-6f6f-7400-0000-000000000001 \
		-E hash_seed=6f656f72-6f6f-7400-0000-000000000002 -d "$d" "$out" "${mib}M" >/dev/null ||
		{ lab_die "mke2fs -d failed"; return 1; }
	rm -rf "$d"
}

lab_fixture_vars() {
	LAB_FIX_SUMS=$1/root.sha256
	LAB_FIX_SETSUM=$(cat "$1/setsum")
	export LAB_FIX_SUMS LAB_FIX_SETSUM
}

# lab_fixture_single_build DIR: what lab_fixture_single() caches, made once
# under its lock (lab_cache_once).
lab_fixture_single_build() {
	local dir=$1
	rm -rf "$dir" && mkdir -p "$dir" || exit 1
	lab_fixture_rootfs "$dir/single.img" "$LAB_FIX_MEMBER_MIB" || exit 1
	touch "$dir/.done"
}

lab_fixture_single() {
	local dir
	dir=$LAB_CACHE/fixture-single-$(lab_fixture_key single)
	lab_cache_once "$dir/.done" "$LAB_CACHE/fixture.lock" lab_fixture_single_build "$dir" ||
		{ lab_die "single fixture failed"; return 1; }
	LAB_FIX_SINGLE=$dir/single.img
	lab_fixture_vars "$dir"
	echo "$dir/single.img" > "$LAB_TMP/fixture-single"
	export LAB_FIX_SINGLE
}

# lab_fixture_mirror_build DIR: what lab_fixture_mirror() caches, made once
# under its lock (lab_cache_once).
lab_fixture_mirror_build() {
	local dir=$1
	rm -rf "$dir" && mkdir -p "$dir" || exit 1
	lab_log "making mirror fixture in $dir (one setup boot)"
	lab_fixture_rootfs "$dir/root.ext4" "$LAB_FIX_ROOT_MIB" || exit 1
	truncate -s "${LAB_FIX_MEMBER_MIB}M" "$dir/m0.img" "$dir/m1.img"
	cat > "$LAB_TMP/mkmirror.sh" <<-EOF
	mdadm --create /dev/md0 --run --level=1 --raid-devices=2 --metadata=1.2 \\
	  --assume-clean --homehost=lab --name=aoeroot /dev/vda /dev/vdb
	need=\$(blockdev --getsize64 /dev/vdc); have=\$(blockdev --getsize64 /dev/md0)
	echo "md0 \$have bytes, root fs \$need bytes"
	[ "\$have" -ge "\$need" ]
	dd if=/dev/vdc of=/dev/md0 bs=1M conv=fsync 2>&1
	mount -t ext4 -o ro /dev/md0 /mnt
	(cd /mnt && sha256sum -c etc/aoeroot-fixture.sha256)
	[ -x /mnt/sbin/init ]
	umount /mnt
	mdadm --detail /dev/md0
	mdadm --stop /dev/md0
	EOF
	lab_setup_guest "$LAB_TMP/mkmirror.sh" "$dir/m0.img" "$dir/m1.img" "$dir/root.ext4" || exit 1
	cp "$LAB_TMP/setup-$LAB_SETUP_N.log" "$dir/setup.log"
	rm -f "$dir/root.ext4"
	mdadm --examine "$dir/m0.img" > "$dir/m0.examine" 2>&1
	mdadm --examine "$dir/m1.img" > "$dir/m1.examine" 2>&1
	awk '/Array UUID/ {print $4}' "$dir/m0.examine" > "$dir/uuid"
	[ -s "$dir/uuid" ] || { echo "lab: error: no md superblock on m0" >&2; exit 1; }
	touch "$dir/.done"
}

lab_fixture_mirror() {
	local dir
	dir=$LAB_CACHE/fixture-mirror-$(lab_fixture_key mirror)
	lab_cache_once "$dir/.done" "$LAB_CACHE/fixture.lock" lab_fixture_mirror_build "$dir" ||
		{ lab_die "mirror fixture failed"; return 1; }
	LAB_FIX_DIR=$dir
	LAB_FIX_M0=$dir/m0.img
	LAB_FIX_M1=$dir/m1.img
	LAB_FIX_UUID=$(cat "$dir/uuid")
	lab_fixture_vars "$dir"
	echo "$dir" > "$LAB_TMP/fixture-mirror"
	export LAB_FIX_DIR LAB_FIX_M0 LAB_FIX_M1 LAB_FIX_UUID
}

# Copy the pristine images of the fixtures made so far into DIR.
lab_restore_members() {
	local dir=${1:-$LAB_TMP} f
	mkdir -p "$dir"
	if [ -f "$LAB_TMP/fixture-mirror" ]; then
		f=$(cat "$LAB_TMP/fixture-mirror")
		cp --sparse=always "$f/m0.img" "$dir/m0.img"
		cp --sparse=always "$f/m1.img" "$dir/m1.img"
		LAB_M0=$dir/m0.img LAB_M1=$dir/m1.img
	fi
	if [ -f "$LAB_TMP/fixture-single" ]; then
		cp --sparse=always "$(cat "$LAB_TMP/fixture-single")" "$dir/single.img"
		LAB_SINGLE=$dir/single.img
	fi
	[ -n "${LAB_M0:-}${LAB_SINGLE:-}" ] || { lab_die "lab_restore_members: call lab_fixture_mirror/single first"; return 1; }
	export LAB_M0 LAB_M1 LAB_SINGLE
}

LAB_REF_MODS="virtio_pci virtio_net e1000 aoe md-mod raid1 crc32c_generic ext4"

# The reference initrd (busybox + mdadm + tests/lab/stage-mdadm.sh) in OUT.
lab_initrd_reference() {
	local out=${1:?lab_initrd_reference OUT}
	lab_initrd_busybox "$out" $LAB_REF_MODS || return 1
	lab_cpio_append "$out" "$LAB_LIBDIR/stage-mdadm.sh:lab-stage.sh"
}
