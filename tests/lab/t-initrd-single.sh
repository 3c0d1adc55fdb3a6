#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Root on a single AoE disk, no md at all: root=/dev/etherd/e1.0, rw.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd
lab_require qemu-system-x86_64 vblade cpio unshare
lab_prelude initrd_single init kernel single members initrd
lab_net_up
lab_server s0 1 0 "$LAB_SINGLE"
initrd_boot "root=/dev/etherd/e1.0 rw"
initrd_root_up
lab_expect 'AOEROOT-ROOT-DOWN' 30
lab_qemu_wait 30
lab_grep '^AOEROOT-ROOTDEV /dev/etherd/e1.0' >/dev/null || { echo "FAIL: root is not /dev/etherd/e1.0"; lab_grep AOEROOT-ROOTDEV; exit 1; }
lab_grep 'loaded module md_mod' && { echo "FAIL: md loaded for a single disk"; exit 1; }
echo "PASS: single AoE disk root without md"
