#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# aoe_degraded=0 (refuse degraded boots): with e0.1's server down /init
# waits for it past aoe_wait=, names it, never assembles the array with
# e0.0 alone, and stops at aoe_timeout= with a line that says what to do.
# PID 1 keeps running (no "Attempted to kill init").
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd
lab_require qemu-system-x86_64 vblade cpio unshare
lab_prelude initrd_nodegraded init kernel mirror members initrd
lab_net_up
lab_server s0 0 0 "$LAB_M0"
# e0.1's server is down: no vblade for it.
initrd_boot "aoe_md_devs=e0.0,e0.1 root=/dev/md0 aoe_wait=2 aoe_timeout=12 aoe_degraded=0"
lab_expect 'waiting for e0\.1 \(have e0\.0\): aoe_degraded=0, no degraded boot' 120
initrd_refused 'not booting degraded \(aoe_degraded=0\): e0\.1 still missing'
fail=0
lab_grep 'going on with|RUN_ARRAY|md0: active|AOEROOT-ROOT-UP|Attempted to kill init' &&
	{ echo "FAIL: booted (or tried to) without e0.1 although aoe_degraded=0"; fail=1; }
[ $fail = 0 ] || exit 1
echo "PASS: aoe_degraded=0: e0.1 missing, waited past aoe_wait naming it, no degraded assembly, stopped at aoe_timeout with the reason"
