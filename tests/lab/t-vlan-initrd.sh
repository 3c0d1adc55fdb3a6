#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Storage VLAN with a direct-boot /init, and who may answer.
#
# The guest's port (br0) is a trunk: VLAN 42 holds the mirror's servers
# (s0: e0.0, s1: e0.1, both `vblade -m <guest MAC>`) and another machine's
# target (o9: e9.0, `-m` another MAC); untagged on br0 a decoy (du) answers
# e0.0 and e0.1 from copies of the members, and so does one on VLAN 7 (d7).
# Untagged, the decoys would make /init refuse the boot (two devices per
# shelf.slot). With aoe_vlan=42:
#  - /init makes aoe0.42, aoe_iflist=aoe0.42, the identity check sees only
#    VLAN 42: root comes up on md0 [UU], written (boot counter); e9.0 never
#    appears (its server refuses the guest's MAC);
#  - a rogue started after boot, untagged on br0, answering e0.0, is seen
#    by a host on br0 (control) but never by the guest: after a rediscover
#    its MAC is not among the aoe driver's paths to e0.0;
#  - after poweroff the decoy and rogue images are unchanged.
# Server side, without the guest: from VLAN 42's own segment a host with
# the other MAC sees only e9.0, a host with a third MAC sees nothing.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd vlan
lab_require qemu-system-x86_64 vblade cpio unshare python3
lab_prelude vlan_initrd init
SCAN=$top_builddir/tools/aoe-scan
[ -x "$SCAN" ] || lab_skip "no $SCAN (make)"
lab_kernel
lab_fixture_mirror
lab_restore_members
for f in du0 d70 rogue; do cp --sparse=always "$LAB_FIX_M0" "$LAB_TMP/$f.img"; done
for f in du1 d71; do cp --sparse=always "$LAB_FIX_M1" "$LAB_TMP/$f.img"; done
truncate -s 16M "$LAB_TMP/other.img"
initrd_pack "$LAB_TMP/initrd.gz"
OTHER_MAC=52:54:00:a0:e0:99
THIRD_MAC=52:54:00:a0:e0:77

vlan_net_up 42 7
vlan_server s0 42 0 0 "$LAB_M0" -m "$LAB_MAC"
vlan_server s1 42 0 1 "$LAB_M1" -m "$LAB_MAC"
vlan_server o9 42 9 0 "$LAB_TMP/other.img" -m "$OTHER_MAC"
vlan_server du 0 0 0 "$LAB_TMP/du0.img"
vlan_server du 0 0 1 "$LAB_TMP/du1.img"
vlan_server d7 7 0 0 "$LAB_TMP/d70.img"
vlan_server d7 7 0 1 "$LAB_TMP/d71.img"
(cd "$LAB_TMP" && sha256sum du0.img du1.img d70.img d71.img rogue.img other.img > decoys.sha256)
S0_MAC=$(vlan_server_mac s0)

echo "== vblade -m: the servers answer only the MACs they list"
vlan_probe p42 42 "$OTHER_MAC"
vlan_probe p42x 42 "$THIRD_MAC"
rc=0
ip netns exec "$LAB_PREFIX-p42" "$SCAN" --no-md --timeout 3000 eth0 > "$LAB_TMP/scan-other.txt" || rc=$?
cat "$LAB_TMP/scan-other.txt"
[ "$rc" = 0 ] || { echo "FAIL: aoe-scan as $OTHER_MAC found nothing (exit $rc)"; exit 1; }
grep -q '^e9\.0 ' "$LAB_TMP/scan-other.txt" || { echo "FAIL: e9.0 does not answer its own MAC $OTHER_MAC"; exit 1; }
grep -Eq '^e0\.[01] ' "$LAB_TMP/scan-other.txt" && { echo "FAIL: the guest's members answer $OTHER_MAC"; exit 1; }
rc=0
ip netns exec "$LAB_PREFIX-p42x" "$SCAN" --no-md --timeout 3000 eth0 > "$LAB_TMP/scan-third.txt" || rc=$?
cat "$LAB_TMP/scan-third.txt"
[ "$rc" = 1 ] || { echo "FAIL: a host with $THIRD_MAC got answers (aoe-scan exit $rc)"; exit 1; }

echo "== boot with aoe_vlan=42 among decoys"
initrd_boot "root=/dev/md0 aoe_md_devs=e0.0,e0.1 aoe_vlan=42 aoe_wait=30 lab_action=write,shell"
lab_expect 'VLAN 42: aoe0\.42 on aoe0' 120
initrd_root_up 180
initrd_shell
lab_send 'echo VL-""BEGIN; cat /run/aoeroot/status; echo iflist=$(cat /sys/module/aoe/parameters/aoe_iflist); echo etherd=$(ls /dev/etherd); echo VL-""END\r'
lab_expect '^VL-END' 30
tr -d '\r' < "$LAB_TMP/serial.log" | sed -n '/^VL-BEGIN/,/^VL-END/p' > "$LAB_TMP/vl.txt"
cat "$LAB_TMP/vl.txt"
grep -qx 'vlan=42' "$LAB_TMP/vl.txt" || { echo "FAIL: status lacks vlan=42"; exit 1; }
grep -qx 'vlan_ifs=aoe0.42' "$LAB_TMP/vl.txt" || { echo "FAIL: status lacks vlan_ifs=aoe0.42"; exit 1; }
grep -qx 'iflist=aoe0.42' "$LAB_TMP/vl.txt" || { echo "FAIL: aoe_iflist is not aoe0.42"; exit 1; }
grep -qx 'members=e0.[01] e0.[01]' "$LAB_TMP/vl.txt" || { echo "FAIL: not both members used"; exit 1; }
grep -q '^etherd=.*e9\.0' "$LAB_TMP/vl.txt" && { echo "FAIL: the guest sees e9.0, another machine's target"; exit 1; }
lab_grep '\[UU\]' >/dev/null || { echo "FAIL: md0 not [UU]"; exit 1; }

echo "== a rogue appears untagged on br0 after boot, answering e0.0"
vlan_server rogue 0 0 0 "$LAB_TMP/rogue.img"
ROGUE_MAC=$(vlan_server_mac rogue)
vlan_probe p0 0 52:54:00:a0:e0:55
rc=0
ip netns exec "$LAB_PREFIX-p0" "$SCAN" --no-md --timeout 3000 eth0 > "$LAB_TMP/scan-br0.txt" || rc=$?
cat "$LAB_TMP/scan-br0.txt"
[ "$rc" = 0 ] || { echo "FAIL (control): aoe-scan on br0 found nothing (exit $rc)"; exit 1; }
grep '^e0\.0 ' "$LAB_TMP/scan-br0.txt" | grep -q "$ROGUE_MAC" ||
	{ echo "FAIL (control): the rogue $ROGUE_MAC does not answer e0.0 on br0"; exit 1; }
lab_send 'echo discover > /dev/etherd/discover; sleep 3; mount -t debugfs none /sys/kernel/debug 2>/dev/null; echo DBG-""BEGIN; cat /sys/kernel/debug/aoe/e0.0; echo etherd=$(ls /dev/etherd); echo DBG-""END\r'
lab_expect '^DBG-END' 60
tr -d '\r' < "$LAB_TMP/serial.log" | sed -n '/^DBG-BEGIN/,/^DBG-END/p' > "$LAB_TMP/dbg.txt"
cat "$LAB_TMP/dbg.txt"
nocolon() { tr -d ':' <<< "$1"; }
grep -qi "$(nocolon "$S0_MAC")" "$LAB_TMP/dbg.txt" ||
	{ echo "FAIL: the aoe driver's paths to e0.0 lack s0 ($S0_MAC): debugfs check broken?"; exit 1; }
grep -qi "$(nocolon "$ROGUE_MAC")" "$LAB_TMP/dbg.txt" &&
	{ echo "FAIL: the guest took the rogue $ROGUE_MAC as a path to e0.0"; exit 1; }
grep -qi "$(nocolon "$(vlan_server_mac du)")" "$LAB_TMP/dbg.txt" &&
	{ echo "FAIL: the guest took the untagged decoy as a path to e0.0"; exit 1; }
lab_send 'exit\r'
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 60
echo "relay: $(vlan_relay_stats)"
(cd "$LAB_TMP" && sha256sum -c --quiet decoys.sha256) || { echo "FAIL: a decoy image was written"; exit 1; }
cmp -s "$LAB_M0" "$LAB_FIX_M0" && { echo "FAIL: e0.0 on VLAN 42 was not written"; exit 1; }
echo "PASS: aoe_vlan=42: root on VLAN 42's mirror only, decoys and a late rogue never seen, vblade -m masks hold"
