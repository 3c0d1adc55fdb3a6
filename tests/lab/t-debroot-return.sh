#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Debian root (tests/lab/debroot.sh): degraded boot with server s1 (e0.1)
# down, then s1 comes back while the system runs: vblade announces itself,
# the aoe driver allocates etherd!e0.1 and sends an "add" uevent, udev's
# 60-aoeroot-readd.rules starts aoeroot-readd.service, which re-adds e0.1
# (bitmap: only changed blocks); md0 goes back to [UU] by itself.
# The udev path is what is tested: the kernel command line masks
# aoeroot-readd.timer (systemd.mask=, checked in the guest), and the
# service's own boot-time run is over before s1 starts, so only the udev rule
# can start it (before the rule matched "etherd/e*", this test fails: the
# rule's KERNEL=="etherd!e*" never matched udev's sysname "etherd/e0.1").
# Slow: `make check-lab LAB_TESTS=debroot` or run this file directly.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd
. "$(dirname "$0")/debroot.sh"
lab_require qemu-system-x86_64 vblade cpio unshare mdadm debootstrap mke2fs
lab_prelude debroot_return init kernel
debroot_mirror
cp --sparse=always "$DEBROOT_M0" "$LAB_TMP/m0.img"
cp --sparse=always "$DEBROOT_M1" "$LAB_TMP/m1.img"
initrd_pack "$LAB_TMP/initrd.gz"
lab_net_up
lab_server s0 0 0 "$LAB_TMP/m0.img"
LAB_MEM=${LAB_MEM:-768}
initrd_boot "aoe_md_devs=e0.0,e0.1 root=/dev/md0 aoe_wait=2 debroot_action=hold systemd.mask=aoeroot-readd.timer systemd.mask=aoeroot-monitor.service"
lab_expect 'still missing after aoe_wait=2 s: e0.1' 300
lab_expect 'DEBROOT-HOLD' 600
lab_grep 'DEBROOT-READD-TIMER inactive' > /dev/null ||
	{ lab_grep 'DEBROOT-READD-TIMER'; echo "FAIL: aoeroot-readd.timer is not masked: the test would not show the udev path"; exit 1; }
lab_grep 'aoeroot-readd: (re-)?added' && { echo "FAIL: e0.1 was re-added before its server started"; exit 1; }
echo "== e0.1 comes back (aoeroot-readd.timer masked: only udev can start aoeroot-readd.service)"
t0=$(date +%s)
lab_server s1 0 1 "$LAB_TMP/m1.img"
lab_expect 'aoeroot-readd: (re-)?added /dev/etherd/e0.1 to /dev/md0' 300
echo "re-added $(( $(date +%s) - t0 )) s after the server started (host clock)"
lab_expect 'md0: recovery done' 300
lab_grep 'aoe: .* e0.1 .* has [0-9]* sectors|aoeroot-readd: |md0: recovery done'
lab_qemu_kill
e0=$(mdadm --examine "$LAB_TMP/m0.img" | sed -n 's/^ *Events : //p')
e1=$(mdadm --examine "$LAB_TMP/m1.img" | sed -n 's/^ *Events : //p')
a1=$(mdadm --examine "$LAB_TMP/m1.img" | sed -n 's/^ *Array State : \([^ ]*\).*/\1/p')
echo "host: events e0.0 $e0, e0.1 $e1; e0.1 sees $a1"
[ "$a1" = AA ] || { echo "FAIL: e0.1 is not an active member again"; exit 1; }
echo "PASS: member returned after boot, udev's add event started aoeroot-readd (timer masked), re-added, recovery done"
