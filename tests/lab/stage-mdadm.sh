# SPDX-License-Identifier: GPL-3.0-or-later
# Reference boot stage for the lab's busybox initrd (run by its /init with
# sh -e): the classic way to boot a root on AoE, used as the baseline and as
# the demo's fallback. Kernel args: lab_root=md|single, lab_members=e0.0,e1.0,
# lab_wait=SECONDS. Prints LAB-REF-* markers with /proc/uptime stamps.
up() { cut -d' ' -f1 /proc/uptime; }
root=md members=e0.0,e1.0 wait=10
for w in $(cat /proc/cmdline); do
	case $w in
	lab_root=*) root=${w#lab_root=} ;;
	lab_members=*) members=${w#lab_members=} ;;
	lab_wait=*) wait=${w#lab_wait=} ;;
	esac
done
members=$(echo "$members" | tr , ' ')
lab_insmod virtio_pci virtio_net e1000 aoe md-mod raid1 crc32c_generic ext4
ip link set eth0 up
echo "LAB-REF-START $(up) root=$root members=$members"
echo discover > /dev/etherd/discover
t=0
while :; do
	missing=
	for m in $members; do [ -b "/dev/etherd/$m" ] || missing="$missing $m"; done
	[ -z "$missing" ] && break
	if [ $t -ge $((wait * 20)) ]; then
		echo "LAB-REF-MISSING$missing"
		break
	fi
	sleep 0.05
	t=$((t + 1))
	[ $((t % 20)) = 0 ] && echo discover > /dev/etherd/discover
done
echo "LAB-REF-MEMBERS $(up) $(ls /dev/etherd | grep '^e[0-9]' | tr '\n' ' ')"
devs=
for m in $members; do [ -b "/dev/etherd/$m" ] && devs="$devs /dev/etherd/$m"; done
[ -n "$devs" ] || { echo "LAB-REF-FAIL no member"; exit 1; }
if [ "$root" = md ]; then
	mdadm --assemble --run /dev/md0 $devs
	dev=/dev/md0
	echo "LAB-REF-ASSEMBLED $(up)"
else
	set -- $devs
	dev=$1
fi
mkdir -p /newroot
mount -t ext4 -o ro "$dev" /newroot
echo "LAB-REF-MOUNTED $(up) $dev"
echo /newroot > /run/lab-switch-root
