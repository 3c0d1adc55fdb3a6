#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Three boots on one pair of members:
#  1. server s1 (e0.1) down: /init waits aoe_wait=3 s, assembles md0
#     degraded from e0.0 and boots; the root writes a file (lab_action=write).
#     e0.1 is now stale.
#  2. both servers up: the fresh e0.0 wins, the stale e0.1 is left out and
#     reported (console + /run/aoeroot/status); the file written in boot 1
#     is there with the same checksum.
#  3. only the stale e0.1 listed while the fresh e0.0 is visible: refused.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd
lab_require qemu-system-x86_64 vblade cpio unshare sha256sum
lab_prelude initrd_stale init kernel mirror members initrd
lab_net_up
lab_server s0 0 0 "$LAB_M0"

echo "== boot 1: e0.1 down"
initrd_boot "aoe_md_devs=e0.0,e0.1 root=/dev/md0 aoe_wait=3 lab_action=write,shell"
lab_expect 'waiting for e0.1 \(have e0.0\): degraded in' 60
lab_expect 'still missing after aoe_wait=3 s: e0.1' 30
initrd_root_up
lab_expect 'AOEROOT-WROTE 1' 30
initrd_status
lab_expect 'AOEROOT-ROOT-DOWN' 30
lab_qemu_wait 30
cmdline1=$(lab_grep '^AOEROOT-CMDLINE ' | head -1 | sed 's/^AOEROOT-CMDLINE //')
want=$(printf 'boot 1: %s\n' "$cmdline1" | sha256sum | cut -d' ' -f1)
initrd_status_is degraded 1
initrd_status_is missing e0.1
initrd_status_is members e0.0
lab_grep '\[U_\]|\[_U\]' >/dev/null || { echo "FAIL: boot 1 md0 not degraded"; exit 1; }

echo "== boot 2: both up, e0.1 stale"
lab_server s1 0 1 "$LAB_M1"
initrd_boot "aoe_md_devs=e0.0,e0.1 root=/dev/md0 aoe_wait=3 aoe_md_readd=0 lab_action=shell"
lab_expect 'leaving out stale member e0.1' 60
initrd_root_up
lab_expect 'AOEROOT-COUNTER 1' 10
initrd_shell
lab_send 'echo "WRITESUM $(sha256sum /var/lib/aoeroot-write)"\r'
lab_expect 'WRITESUM [0-9a-f]{64}' 20
initrd_status --in-shell
lab_expect 'AOEROOT-ROOT-DOWN' 30
lab_qemu_wait 30
got=$(lab_grep '^WRITESUM [0-9a-f]' | tail -1 | awk '{print $2}')
[ "$got" = "$want" ] || { echo "FAIL: written file checksum $got, expected $want"; exit 1; }
initrd_status_is stale e0.1
initrd_status_is members e0.0
initrd_status_is degraded 1

echo "== boot 3: only the stale e0.1 listed"
initrd_boot "aoe_md_devs=e0.1 root=/dev/md0 aoe_wait=3"
initrd_refused 'e0\.0'
lab_grep 'cannot boot' | tail -1
lab_grep 'AOEROOT-ROOT-UP' && { echo "FAIL: boot 3 reached the root"; exit 1; }
echo "PASS: degraded boot, stale member left out, written file intact ($want), stale-only list refused"
