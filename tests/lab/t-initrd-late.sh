#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Both servers down at boot (a power cut: clients come up first).
#  1. aoe_timeout=4 aoe_panic=poweroff: /init says what it waited for and
#     for how long, then powers the machine off (QEMU exits by itself).
#  2. aoe_timeout=600: /init says what it waits for and keeps
#     re-discovering; when one server comes up 12 s later it boots at once
#     (degraded), without aoe_timeout= firing.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd
lab_require qemu-system-x86_64 vblade cpio unshare
lab_prelude initrd_late init kernel mirror members initrd
lab_net_up
echo "== boot 1: nobody answers, aoe_timeout=4 aoe_panic=poweroff"
initrd_boot "aoe_md_devs=e0.0,e0.1 root=/dev/md0 aoe_wait=2 aoe_timeout=4 aoe_panic=poweroff"
lab_expect 'cannot boot: no member answered within aoe_timeout=4 s \(waited for e0.0 e0.1' 90
lab_expect 'aoe_panic=poweroff: powering off' 10
lab_qemu_wait 30
echo "== boot 2: one server comes up late"
initrd_boot "aoe_md_devs=e0.0,e0.1 root=/dev/md0 aoe_wait=2 aoe_timeout=600 lab_action=shell"
lab_expect 'waiting for e0.0 e0.1: none answers yet; giving up in' 90
sleep 12
lab_expect 'waiting for e0.0 e0.1: none answers yet' 10
lab_server s1 0 1 "$LAB_M1"
initrd_root_up 60
initrd_status
lab_expect 'AOEROOT-ROOT-DOWN' 30
lab_qemu_wait 30
lab_grep 'aoeroot: (waiting|still|all)' | tail -4
initrd_status_is degraded 1
initrd_status_is members e0.1
initrd_status_is missing e0.0
echo "PASS: booted when the late server appeared"
