#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# dom0's own exports and its domUs (README, "Xen"): the how-to's author
# found that "vblade was unable to export the device in a way that the
# domU could see the devices exported by its dom0". One Xen host boot:
#  1. the failure: dom0's vblade bound to eth0, the physical storage NIC
#     that is enslaved to the bridge xenbr1. The domU on xenbr1 does not
#     see e0.0: /init waits aoe_wait=5 s, reports e0.0 missing and runs
#     md0 degraded on e1.0 alone ([_U]). On this kernel (6.1) nobody else
#     sees it either (aoe-scan from server B's namespace on the wire): the
#     bridge takes every frame that arrives on its port before a packet
#     socket bound to that port for the AoE EtherType gets it, and what the
#     bridge forwards out of eth0 is not delivered to that socket either.
#  2. the fix, in the same dom0: vblade moved to one end of a veth pair
#     whose other end is a port of xenbr1 (t-xen-domu.sh binds it to the
#     bridge itself, the other fix). The next domU boot sees e0.0 (current
#     when boot 1 only read its root; stale, left out and added back by
#     aoe_md_readd, when boot 1's md wrote): md0 lists e0.0 again; files
#     intact. (The rebuild
#     to [UU] is t-xen-serverdown's case.)
# Slow (a Xen boot under TCG): `tests/lab/run-all.sh xen`.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd xen
xen_require
lab_require mdadm unshare
AOE_SCAN=$top_builddir/tools/aoe-scan
[ -x "$AOE_SCAN" ] || lab_skip "no $AOE_SCAN (build the tree first)"
lab_init xen_export
initrd_need_init
lab_kernel
xen_images
lab_fixture_mirror
lab_restore_members
initrd_pack "$LAB_TMP/initrd.gz"
xen_domu_cfg hercules "lab_action=shell" > "$LAB_TMP/hercules.cfg"
lab_net_up
lab_server s1 1 0 "$LAB_M1"

echo "== 1. the how-to's failure: dom0's vblade on eth0, enslaved to xenbr1"
xen_host_start phys "$LAB_M0" "$LAB_TMP/initrd.gz:boot/initrd-aoe.gz" "$LAB_TMP/hercules.cfg:etc/xen/hercules.cfg"
lab_grep '^XEN-DOM0-EXPORT eth0$' || { echo "FAIL: dom0's vblade is not on eth0"; exit 1; }
xen_dom0 'echo "BR""IF" $(ls /sys/class/net/xenbr1/brif)' BRIF
lab_grep '^BRIF .*eth0' || { echo "FAIL: eth0 is not a port of xenbr1"; exit 1; }
# from the wire (server B's namespace): the export is not there either
# (aoe-scan exits 0 when it found targets, 1 when none, 2 on an error)
rc=0
ip netns exec "$LAB_PREFIX-s1" "$AOE_SCAN" --timeout 3000 eth0 > "$LAB_TMP/scan1.txt" 2>&1 || rc=$?
cat "$LAB_TMP/scan1.txt"
[ "$rc" -le 1 ] || { echo "FAIL: aoe-scan on the wire failed (exit $rc)"; exit 1; }
! grep -q 'e0\.0' "$LAB_TMP/scan1.txt" ||
	{ echo "FAIL: e0.0 from the enslaved eth0 is visible on the wire (the finding above no longer holds)"; exit 1; }
xen_domu_create /etc/xen/hercules.cfg
lab_expect 'loaded module xen_netfront' 300
lab_expect 'still missing after aoe_wait=5 s: e0\.0' 300
initrd_root_up 600
initrd_shell
xen_send 'echo "MD""1 $(grep -o "[[][U_]*[]]" /proc/mdstat)"; echo "MEM""BERS" $(ls /sys/block/md0/md | grep ^dev-)\r'
lab_expect '^MEMBERS ' 60
lab_grep '^(MD1|MEMBERS) '
lab_grep '^MD1 \[_U\]' >/dev/null || { echo "FAIL: boot 1: md0 is not [_U] (e1.0 only)"; exit 1; }
xen_send 'exit\r'
lab_expect 'AOEROOT-ROOT-DOWN' 120
xen_domu_gone 120

echo "== 2. the fix: vblade on a veth whose peer is a port of xenbr1"
xen_dom0 'kill $(pidof vblade); /usr/bin/ip link add aoeexp type veth peer name aoeexp-br && /usr/bin/ip link set aoeexp-br master xenbr1 && /usr/bin/ip link set aoeexp-br up && /usr/bin/ip link set aoeexp up && (vblade 0 0 aoeexp /dev/vda > /run/vblade2.log 2>&1 &) && sleep 0.5 && echo "VB""LADE $(pidof vblade) on aoeexp"' FIX
lab_grep '^VBLADE [0-9]+ on aoeexp' || { echo "FAIL: could not move vblade to the veth"; exit 1; }
# control: the moved export is seen from the wire (aoe-scan works here)
rc=0
ip netns exec "$LAB_PREFIX-s1" "$AOE_SCAN" --timeout 3000 eth0 > "$LAB_TMP/scan2.txt" 2>&1 || rc=$?
cat "$LAB_TMP/scan2.txt"
[ "$rc" = 0 ] || { echo "FAIL: aoe-scan on the wire found nothing (exit $rc)"; exit 1; }
grep -q 'e0\.0' "$LAB_TMP/scan2.txt" || { echo "FAIL: e0.0 on the veth is not seen from the wire"; exit 1; }
xen_domu_create /etc/xen/hercules.cfg
lab_expect 'loaded module xen_netfront' 300
# boot 1 ran read-only: whether e1.0's event count moved past e0.0's
# decides if e0.0 comes back stale (left out, then added back) or current
lab_expect 'all 2 members present.*e0\.0|leaving out stale member e0\.0' 300
initrd_root_up 600
initrd_shell
# e0.0 is in md0 again (the rebuild itself is t-xen-serverdown's case: at
# TCG speed through netback it takes many minutes)
xen_send 'echo "MD""2" $(grep "^md0" /proc/mdstat)\r'
lab_expect '^MD2 ' 120
lab_grep '^MD2 '
lab_grep '^MD2 md0 : active raid1 .*etherd/e0\.0' >/dev/null || { echo "FAIL: boot 2: e0.0 is not in md0"; exit 1; }
xen_send 'exit\r'
lab_expect 'AOEROOT-ROOT-DOWN' 120
xen_domu_gone 120
xen_host_poweroff 120
echo "PASS: vblade on the enslaved eth0: the local domU does not see e0.0 (md0 [_U]); vblade on a veth port of xenbr1: seen from the wire, and the domU sees e0.0 and md0 lists it again"
