#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Debian root (tests/lab/debroot.sh): degraded boot with server s1 (e0.1)
# down, then s1 comes back while the system runs: the aoe driver sees the
# target (vblade announces itself) and aoeroot-readd.service re-adds e0.1
# (bitmap: only changed blocks); md0 goes back to [UU] by itself. Started by
# udev's 60-aoeroot-readd.rules or, at the latest, by aoeroot-readd.timer
# (every minute). First run: the timer did it (~95 s after e0.1 appeared);
# the udev path did not fire, cause not yet known. Slow:
# `tests/lab/run-all.sh debroot`.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
. "$(dirname "$0")/initrd-lib.sh"
. "$(dirname "$0")/debroot.sh"
lab_require qemu-system-x86_64 vblade cpio unshare mdadm debootstrap mke2fs
lab_init debroot_return
initrd_need_init
lab_kernel
debroot_mirror
cp --sparse=always "$DEBROOT_M0" "$LAB_TMP/m0.img"
cp --sparse=always "$DEBROOT_M1" "$LAB_TMP/m1.img"
initrd_pack "$LAB_TMP/initrd.gz"
lab_net_up
lab_server s0 0 0 "$LAB_TMP/m0.img"
LAB_MEM=${LAB_MEM:-768}
initrd_boot "aoe_md_devs=e0.0,e0.1 root=/dev/md0 aoe_wait=2 debroot_action=hold"
lab_expect 'still missing after aoe_wait=2 s: e0.1' 300
lab_expect 'DEBROOT-HOLD' 600
echo "== e0.1 comes back"
lab_server s1 0 1 "$LAB_TMP/m1.img"
lab_expect 'aoeroot-readd: (re-)?added /dev/etherd/e0.1 to /dev/md0' 300
lab_expect 'md0: recovery done' 300
lab_grep 'aoeroot-readd: ' | tail -2
lab_qemu_kill
e0=$(mdadm --examine "$LAB_TMP/m0.img" | sed -n 's/^ *Events : //p')
e1=$(mdadm --examine "$LAB_TMP/m1.img" | sed -n 's/^ *Events : //p')
a1=$(mdadm --examine "$LAB_TMP/m1.img" | sed -n 's/^ *Array State : \([^ ]*\).*/\1/p')
echo "host: events e0.0 $e0, e0.1 $e1; e0.1 sees $a1"
[ "$a1" = AA ] || { echo "FAIL: e0.1 is not an active member again"; exit 1; }
grep -q 'aoeroot-readd' "$LAB_TMP/serial.log" && lab_grep 'aoe: .* e0.1 .* has [0-9]* sectors|aoeroot-readd: ' | tr -d '\r'
echo "PASS: member returned after boot, re-added by aoeroot-readd (udev rule or timer), recovery done"
