# SPDX-License-Identifier: GPL-3.0-or-later
# Baseline A for bench/run.sh: the 2007 way of booting a root on an AoE
# mirror, as the old how-to's initramfs script did it (modprobe aoe, link up,
# sleep 3, discover, sleep 2, mdadm --assemble --run --force), run by the
# lab busybox initrd's /init with sh -e (tests/lab/lib.sh).
# Kernel args: lab_members=e0.0,e0.1 (default). Prints BENCH-A-* markers
# with /proc/uptime stamps.
up() { cut -d' ' -f1 /proc/uptime; }
members=e0.0,e0.1
for w in $(cat /proc/cmdline); do
	case $w in
	lab_members=*) members=${w#lab_members=} ;;
	esac
done
echo "BENCH-A-START $(up)"
lab_insmod virtio_pci virtio_net e1000 aoe md-mod raid1 crc32c_generic ext4
ifconfig eth0 up
sleep 3
echo discover > /dev/etherd/discover
sleep 2
devs=
for m in $(echo "$members" | tr , ' '); do
	if [ -b "/dev/etherd/$m" ]; then
		devs="$devs /dev/etherd/$m"
	fi
done
mdadm --assemble --run --force /dev/md0 $devs
mkdir -p /newroot
mount -t ext4 -o ro /dev/md0 /newroot
echo "BENCH-A-END $(up)"
echo /newroot > /run/lab-switch-root
