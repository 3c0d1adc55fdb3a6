#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The Debian root (systemd, udev, ifupdown, root-support installed; built by
# tests/lab/debroot.sh) on a storage VLAN: its mirror's servers only on
# VLAN 42, a decoy answering e0.0 and e0.1 untagged on the machine's port.
# One boot with aoe_vlan=42: /init makes aoe0.42; in the root after udev
# settled aoe0.42 (on aoe0) and aoe0 are up and untouched, status vlan=42,
# [UU] without resync, write + read back; `systemctl poweroff` ends QEMU by
# itself (aoeroot-shutdown kept aoe0.42 and aoe0 up: none was taken down),
# both superblocks clean with equal events; the decoy was never written.
# Slow (a systemd boot under TCG, the root mirror built once).
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd vlan
. "$(dirname "$0")/debroot.sh"
lab_require qemu-system-x86_64 vblade cpio unshare mdadm debootstrap mke2fs python3
lab_prelude debroot_vlan init kernel
debroot_mirror
cp --sparse=always "$DEBROOT_M0" "$LAB_TMP/m0.img"
cp --sparse=always "$DEBROOT_M1" "$LAB_TMP/m1.img"
cp --sparse=always "$DEBROOT_M0" "$LAB_TMP/du0.img"
cp --sparse=always "$DEBROOT_M1" "$LAB_TMP/du1.img"
(cd "$LAB_TMP" && sha256sum du0.img du1.img > decoys.sha256)
initrd_pack "$LAB_TMP/initrd.gz"
vlan_net_up 42
vlan_server s0 42 0 0 "$LAB_TMP/m0.img"
vlan_server s1 42 0 1 "$LAB_TMP/m1.img"
vlan_server du 0 0 0 "$LAB_TMP/du0.img"
vlan_server du 0 0 1 "$LAB_TMP/du1.img"
LAB_MEM=${LAB_MEM:-768}
b0=$(date +%s)
initrd_boot "aoe_md_devs=e0.0,e0.1 root=/dev/md0 aoe_wait=10 aoe_vlan=42"
lab_expect 'VLAN 42: aoe0\.42 on aoe0' 300
lab_expect 'aoeroot: switching to /dev/md0' 300
lab_expect 'DEBROOT-UP' 600
lab_expect 'DEBROOT-POWEROFF' 120
lab_qemu_wait 300 || { echo "FAIL: poweroff did not end QEMU"; lab_serial_tail; exit 1; }
echo "QEMU exited after $(( $(date +%s) - b0 )) s"
echo "relay: $(vlan_relay_stats)"
tr -d '\r' < "$LAB_TMP/serial.log" | sed 's/\x1b\[[0-9;]*[a-zA-Z]//g; s/.*\(DEBROOT-\)/\1/' > "$LAB_TMP/boot.log"
grep -E '^DEBROOT-' "$LAB_TMP/boot.log"
grep -q 'aoeroot-shutdown: ' "$LAB_TMP/boot.log" && grep 'aoeroot-shutdown: ' "$LAB_TMP/boot.log"
fail=0
grep -Eq '^DEBROOT-LINK [0-9]+: aoe0\.42@aoe0: <[^>]*UP' "$LAB_TMP/boot.log" ||
	{ echo "FAIL: aoe0.42 is not there and up after udev settled"; fail=1; }
grep -Eq '^DEBROOT-LINK [0-9]+: aoe0: <[^>]*UP' "$LAB_TMP/boot.log" ||
	{ echo "FAIL: aoe0 is not up after udev settled"; fail=1; }
grep -qx 'DEBROOT-STATUS vlan=42' "$LAB_TMP/boot.log" || { echo "FAIL: status lacks vlan=42"; fail=1; }
grep -qx 'DEBROOT-STATUS vlan_ifs=aoe0.42' "$LAB_TMP/boot.log" || { echo "FAIL: status lacks vlan_ifs=aoe0.42"; fail=1; }
grep -qx 'DEBROOT-RW ok' "$LAB_TMP/boot.log" || { echo "FAIL: write/read back"; fail=1; }
sed -n '/^DEBROOT-MDSTAT-BEGIN/,/^DEBROOT-MDSTAT-END/p' "$LAB_TMP/boot.log" > "$LAB_TMP/mdstat"
grep -q '\[UU\]' "$LAB_TMP/mdstat" || { echo "FAIL: md0 not [UU]"; fail=1; }
grep -qE 'resync|recovery' "$LAB_TMP/mdstat" && { echo "FAIL: md0 resyncs"; fail=1; }
grep -q 'aoeroot-shutdown: .* was taken down' "$LAB_TMP/boot.log" &&
	{ echo "FAIL: a network service took an AoE interface down at shutdown"; fail=1; }
for m in m0 m1; do
	st=$(mdadm --examine "$LAB_TMP/$m.img" | sed -n 's/^ *State : //p')
	echo "host: $m State: $st; $(mdadm --examine "$LAB_TMP/$m.img" | grep -E 'Events' | tr -s ' ')"
	[ "$st" = clean ] || { echo "FAIL: $m superblock is '$st', not clean"; fail=1; }
done
e0=$(mdadm --examine "$LAB_TMP/m0.img" | sed -n 's/^ *Events : //p')
e1=$(mdadm --examine "$LAB_TMP/m1.img" | sed -n 's/^ *Events : //p')
[ "$e0" = "$e1" ] || { echo "FAIL: events differ ($e0 / $e1)"; fail=1; }
(cd "$LAB_TMP" && sha256sum -c --quiet decoys.sha256) || { echo "FAIL: the decoy was written"; fail=1; }
[ $fail = 0 ] || { lab_serial_tail 60; exit 1; }
echo "PASS: Debian root on VLAN 42: aoe0.42 up through udev and shutdown, [UU], poweroff clean, decoy untouched"
