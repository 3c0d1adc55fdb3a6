#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Network options of /init that the other cases leave at their defaults.
#  1. Two NICs on the same storage bridge, jumbo frames: the whole lab runs
#     at MTU 9000 (vblade sizes its frames from its NIC), the guest has two
#     virtio NICs named by MAC in aoe_netdev=, aoe_mtu=9000. Expected: both
#     NICs become aoe0/aoe1 with MTU 9000, aoe_iflist holds both, the aoe
#     driver uses frames larger than 1500 bytes, a target answering on two
#     of our NICs with the same MAC is one target (not an impostor), md0
#     [UU], the file set intact, a written file reads back after sync.
#  2. aoe_panic=reboot: no server answers within aoe_timeout=3: /init says
#     so and reboots (QEMU runs with -no-reboot, so it exits).
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd
lab_require qemu-system-x86_64 vblade cpio unshare
export LAB_MTU=9000
lab_init initrd_netopts
initrd_need_init
lab_kernel
lab_fixture_mirror
lab_restore_members
initrd_pack "$LAB_TMP/initrd.gz"
lab_net_up
# the second guest NIC: another tap on the same bridge
ip -n "$LAB_NS_BR" tuntap add dev tap1 mode tap
ip -n "$LAB_NS_BR" link set tap1 master br0
ip -n "$LAB_NS_BR" link set tap1 mtu "$LAB_MTU" up
lab_server s0 0 0 "$LAB_M0"
lab_server s1 0 1 "$LAB_M1"
mac2=52:54:00:a0:e0:02
LAB_NIC_OPTS=",host_mtu=9000"
nic2=(-netdev tap,id=n1,ifname=tap1,script=no,downscript=no
	-device "virtio-net-pci,netdev=n1,mac=$mac2,host_mtu=9000")

echo "== boot 1: two NICs, MTU 9000"
initrd_boot_args() {
	lab_qemu_direct "$LAB_VMLINUZ" "$LAB_TMP/initrd.gz" "$1" "${nic2[@]}"
}
initrd_boot_args "aoe_netdev=$LAB_MAC,$mac2 aoe_mtu=9000 aoe_md_devs=e0.0,e0.1 root=/dev/md0 aoe_wait=5 lab_action=write,shell"
initrd_root_up
lab_expect 'AOEROOT-WROTE 1' 30
initrd_shell
lab_send 'for i in aoe0 aoe1; do echo "NIC $i mtu=$(cat /sys/class/net/$i/mtu) mac=$(cat /sys/class/net/$i/address)"; done; echo "IF""LIST $(cat /sys/module/aoe/parameters/aoe_iflist)"\r'
lab_expect '^IFLIST ' 20
lab_send 'dmesg | grep -E "aoe: .*(byte data frames|setting)" | sed "s/^/FRAMES /" | head -4; echo FRAMES-""END\r'
lab_expect '^FRAMES-END' 20
lab_send 'sync; echo "READBACK $(sha256sum /var/lib/aoeroot-write | cut -c1-64)"\r'
lab_expect 'READBACK [0-9a-f]{64}' 30
initrd_status --in-shell
lab_expect 'AOEROOT-ROOT-DOWN' 30
lab_qemu_wait 30
lab_show '^NIC |^IFLIST |^FRAMES '
for i in aoe0 aoe1; do
	lab_grep "^NIC $i mtu=9000 " >/dev/null || { echo "FAIL: $i missing or MTU not 9000"; exit 1; }
done
lab_grep "^NIC aoe[01] .*mac=$LAB_MAC" >/dev/null && lab_grep "^NIC aoe[01] .*mac=$mac2" >/dev/null ||
	{ echo "FAIL: the two NICs are not aoe0/aoe1"; exit 1; }
lab_grep '^IFLIST .*aoe0.*aoe1|^IFLIST .*aoe1.*aoe0' >/dev/null || { echo "FAIL: aoe_iflist does not hold both NICs"; exit 1; }
# the driver announces the frame size it settled on per target
frames=$(lab_grep '^FRAMES ' | grep -oE 'setting [0-9]+' | awk '{print $2}' | sort -n | tail -1)
[ -n "$frames" ] && [ "$frames" -gt 1500 ] || { echo "FAIL: no jumbo data frames (largest: ${frames:-none})"; exit 1; }
lab_grep '\[UU\]' >/dev/null || { echo "FAIL: md0 not [UU]"; exit 1; }
lab_grep 'answered by 2 devices|impostor|cannot boot' && { echo "FAIL: two paths to one server taken for an impostor"; exit 1; }
initrd_status_is degraded 0
# what lab_action=write wrote, read back over the jumbo path after sync
cmdline1=$(lab_grep '^AOEROOT-CMDLINE ' | head -1 | sed 's/^AOEROOT-CMDLINE //')
want=$(printf 'boot 1: %s\n' "$cmdline1" | sha256sum | cut -d' ' -f1)
got=$(lab_grep '^READBACK [0-9a-f]' | tail -1 | awk '{print $2}')
[ "$got" = "$want" ] || { echo "FAIL: written file reads back as $got, expected $want"; exit 1; }
echo "boot 1: jumbo frames of $frames bytes over aoe0+aoe1, [UU], file set ok"

echo "== boot 2: nobody answers, aoe_panic=reboot"
lab_server_stop s0
lab_server_stop s1
initrd_boot_args "aoe_netdev=$LAB_MAC aoe_md_devs=e0.0,e0.1 root=/dev/md0 aoe_wait=2 aoe_timeout=3 aoe_panic=reboot"
lab_expect 'cannot boot: no member answered within aoe_timeout=3 s' 90
lab_expect 'aoe_panic=reboot: rebooting' 10
lab_expect 'reboot: Restarting system' 30
lab_qemu_wait 30
echo "PASS: two NICs + MTU 9000 ($frames-byte frames, [UU], data intact); aoe_panic=reboot rebooted"
