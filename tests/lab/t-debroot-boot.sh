#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A real Debian bookworm root (systemd, udev, mdadm, ifupdown; built by
# tests/lab/debroot.sh) on the AoE mirror, booted with aoeroot's /init.
# Two boots:
#  1. boot to multi-user.target; after udev settled the NIC is still aoe0
#     (name from userspace, kept by NamePolicy=keep); write + sync + read
#     back; boot counter 1; `systemctl poweroff` ends QEMU by itself.
#     Host: mdadm --examine says both superblocks clean, same events.
#  2. boot again: /proc/mdstat shows [UU] and no resync/recovery, counter 2,
#     poweroff again, superblocks clean.
# Slow (debootstrap once, then two systemd boots under TCG): not in the
# default run; `tests/lab/run-all.sh debroot` or run this file directly.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd
. "$(dirname "$0")/debroot.sh"
lab_require qemu-system-x86_64 vblade cpio unshare mdadm debootstrap mke2fs
lab_prelude debroot_boot init kernel
t0=$(date +%s)
debroot_mirror
echo "Debian root mirror ready after $(( $(date +%s) - t0 )) s: $DEBROOT_DIR"
cp --sparse=always "$DEBROOT_M0" "$LAB_TMP/m0.img"
cp --sparse=always "$DEBROOT_M1" "$LAB_TMP/m1.img"
initrd_pack "$LAB_TMP/initrd.gz"
lab_net_up
lab_server s0 0 0 "$LAB_TMP/m0.img"
lab_server s1 0 1 "$LAB_TMP/m1.img"
LAB_MEM=${LAB_MEM:-768}

examine_clean() {
	local e0 e1 st
	for m in m0 m1; do
		st=$(mdadm --examine "$LAB_TMP/$m.img" | sed -n 's/^ *State : //p')
		echo "host: $m State: $st; $(mdadm --examine "$LAB_TMP/$m.img" | grep -E 'Events|Array State' | tr -s ' ' | tr '\n' ';')"
		[ "$st" = clean ] || { echo "FAIL: $1: $m superblock is '$st', not clean"; exit 1; }
	done
	e0=$(mdadm --examine "$LAB_TMP/m0.img" | sed -n 's/^ *Events : //p')
	e1=$(mdadm --examine "$LAB_TMP/m1.img" | sed -n 's/^ *Events : //p')
	[ "$e0" = "$e1" ] || { echo "FAIL: $1: events differ ($e0 / $e1)"; exit 1; }
}

debroot_boot() {
	local n=$1 b0
	b0=$(date +%s)
	initrd_boot "aoe_md_devs=e0.0,e0.1 root=/dev/md0 aoe_wait=10"
	lab_expect 'aoeroot: switching to /dev/md0' 300
	lab_expect 'DEBROOT-UP' 600
	echo "boot $n: multi-user.target after $(( $(date +%s) - b0 )) s (QEMU start to the lab check)"
	lab_expect 'DEBROOT-POWEROFF' 120
	lab_qemu_wait 300 || { echo "FAIL: boot $n: poweroff did not end QEMU"; lab_serial_tail; exit 1; }
	echo "boot $n: QEMU exited after $(( $(date +%s) - b0 )) s"
	# the serial getty's login prompt may share a line with a marker:
	# start each marker on its own line, drop colour codes
	tr -d '\r' < "$LAB_TMP/serial.log" | sed 's/\x1b\[[0-9;]*[a-zA-Z]//g; s/.*\(DEBROOT-\)/\1/' > "$LAB_TMP/boot$n.log"
	grep -E '^DEBROOT-' "$LAB_TMP/boot$n.log"
	sed -n '/^DEBROOT-MDSTAT-BEGIN/,/^DEBROOT-MDSTAT-END/p' "$LAB_TMP/boot$n.log" > "$LAB_TMP/mdstat$n"
	grep -q '^DEBROOT-LINK [0-9]*: aoe0: <.*UP' "$LAB_TMP/boot$n.log" ||
		{ echo "FAIL: boot $n: aoe0 is not there and up after udev settled"; exit 1; }
	grep -qx 'DEBROOT-NAT 4' "$LAB_TMP/boot$n.log" ||
		{ echo "FAIL: boot $n: aoe0 was not named from user space"; exit 1; }
	grep -qx 'DEBROOT-RW ok' "$LAB_TMP/boot$n.log" || { echo "FAIL: boot $n: write/read back"; exit 1; }
	grep -qx "DEBROOT-COUNTER $n" "$LAB_TMP/boot$n.log" ||
		{ echo "FAIL: boot $n: boot counter is not $n"; exit 1; }
	grep -qx 'DEBROOT-STATUS result=ok' "$LAB_TMP/boot$n.log" ||
		{ echo "FAIL: boot $n: /run/aoeroot/status"; exit 1; }
	grep -q '\[UU\]' "$LAB_TMP/mdstat$n" || { echo "FAIL: boot $n: md0 not [UU]"; cat "$LAB_TMP/mdstat$n"; exit 1; }
	if grep -qE 'resync|recovery' "$LAB_TMP/mdstat$n"; then
		echo "FAIL: boot $n: md0 resyncs"; cat "$LAB_TMP/mdstat$n"; exit 1
	fi
	if grep -q 'aoeroot-shutdown: .* was taken down' "$LAB_TMP/boot$n.log"; then
		echo "FAIL: boot $n: a network service took the AoE NIC down at shutdown"; exit 1
	fi
}

echo "== boot 1"
debroot_boot 1
examine_clean "after boot 1"
echo "== boot 2"
debroot_boot 2
examine_clean "after boot 2"
echo "PASS: Debian root to multi-user.target twice, aoe0 kept by udev, I/O ok, poweroff ends QEMU, superblocks clean (no resync), boot counter 2"
