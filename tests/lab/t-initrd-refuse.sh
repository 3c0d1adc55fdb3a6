#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Refusals that must never reach the root: a wrong aoe_md_uuid= pin, and a
# bad kernel argument (named in the message). /init must not exit (no
# kernel panic "Attempted to kill init") and must say which argument to
# change. Two short boots.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd
lab_require qemu-system-x86_64 vblade cpio unshare
lab_prelude initrd_refuse init kernel mirror members initrd
lab_net_up
lab_server s0 0 0 "$LAB_M0"
lab_server s1 0 1 "$LAB_M1"

echo "== UUID pin mismatch"
initrd_boot "aoe_md_devs=e0.0,e0.1 aoe_md_uuid=00112233:44556677:8899aabb:ccddeeff root=/dev/md0"
initrd_refused 'pinned array uuid|aoe_md_uuid'
lab_grep 'cannot boot' | tail -1
lab_grep 'AOEROOT-ROOT-UP|Attempted to kill init' && { echo "FAIL: pin mismatch not refused"; exit 1; }

echo "== bad argument"
initrd_boot "aoe_md_devs=e0.0,e0.1 aoe_wait=soon root=/dev/md0"
lab_expect 'bad kernel argument aoe_wait=soon' 60
initrd_refused 'bad kernel argument'
lab_grep 'AOEROOT-ROOT-UP|Attempted to kill init' && { echo "FAIL: bad argument not refused"; exit 1; }
echo "PASS: uuid pin mismatch and bad argument refused, PID 1 kept running"
