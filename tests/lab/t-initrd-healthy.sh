#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Healthy mirror, direct kernel boot: /init (static musl) loads the NIC by
# coldplug, aoe, md; both vblade members answer; md0 runs [UU]; the fixture
# root is reached with its file set intact; /run/aoeroot/status says so.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd
lab_require qemu-system-x86_64 vblade cpio unshare
lab_prelude initrd_healthy init kernel mirror members initrd
lab_net_up
lab_server s0 0 0 "$LAB_M0"
lab_server s1 0 1 "$LAB_M1"
initrd_boot "aoe_md_devs=e0.0,e0.1 root=/dev/md0 aoe_wait=5 lab_action=shell"
initrd_root_up
initrd_status
lab_expect 'AOEROOT-ROOT-DOWN' 30
lab_qemu_wait 30
lab_grep 'aoeroot: ' | head -40
lab_grep '\[UU\]' >/dev/null || { echo "FAIL: md0 not [UU]"; exit 1; }
lab_grep '^AOEROOT-ROOTDEV /dev/md0' >/dev/null || { echo "FAIL: root is not /dev/md0"; exit 1; }
initrd_status_is result ok
initrd_status_is degraded 0
initrd_status_is members "e0.1 e0.0"   # reference (freshest; first listed on a tie) last
echo "PASS: healthy mirror booted [UU] with $(lab_grep 'switching to' | sed 's/.*\[ *\([0-9]*\) ms\].*/\1/') ms in /init"
