#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Nothing lost across boots of a healthy mirror: boot 1 writes a file
# (lab_action=write: counter + command line, sync) on md0 [UU]; boot 2
# assembles [UU] again (neither member stale) and finds the file with the
# checksum computed on the host from what boot 1 wrote.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd
lab_require qemu-system-x86_64 vblade cpio unshare sha256sum
lab_prelude initrd_persist init kernel mirror members initrd
lab_net_up
lab_server s0 0 0 "$LAB_M0"
lab_server s1 0 1 "$LAB_M1"

echo "== boot 1: write"
initrd_boot "aoe_md_devs=e0.0,e0.1 root=/dev/md0 lab_action=write"
initrd_root_up
lab_expect 'AOEROOT-WROTE 1' 60
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 60
lab_grep '\[UU\]' >/dev/null || { echo "FAIL: boot 1 md0 not [UU]"; exit 1; }
cmdline1=$(lab_grep '^AOEROOT-CMDLINE ' | head -1 | sed 's/^AOEROOT-CMDLINE //')
want=$(printf 'boot 1: %s\n' "$cmdline1" | sha256sum | cut -d' ' -f1)

echo "== boot 2: read back"
initrd_boot "aoe_md_devs=e0.0,e0.1 root=/dev/md0 lab_action=shell"
initrd_root_up
lab_expect 'AOEROOT-COUNTER 1' 30
initrd_shell
lab_send 'echo "WRITESUM $(sha256sum /var/lib/aoeroot-write)"\r'
lab_expect 'WRITESUM [0-9a-f]{64}' 60
initrd_status --in-shell
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 60
got=$(lab_grep '^WRITESUM [0-9a-f]' | tail -1 | awk '{print $2}')
[ "$got" = "$want" ] || { echo "FAIL: written file checksum $got, expected $want"; exit 1; }
lab_grep '\[UU\]' >/dev/null || { echo "FAIL: boot 2 md0 not [UU]"; exit 1; }
initrd_status_is degraded 0
initrd_status_is stale ""
echo "PASS: file written on [UU] read back after the next boot, sha256 $want"
