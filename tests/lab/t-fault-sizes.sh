#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Fault matrix: members of different sizes (64 MiB fixture members).
#  1. e0.1's image grown to 96 MiB (a larger disk than the array needs, as
#     after replacing a disk by a bigger one): it is a normal member, md0
#     runs [UU]; the root writes (lab_action=write).
#  2. e0.1's image cut to 48 MiB (a shrunk or wrong export: less than the
#     data area its superblock describes): /init says it is too small and
#     leaves it out, boots degraded from e0.0; the file written in boot 1
#     reads back with the same checksum; e0.1's image is unchanged.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd fault
lab_require qemu-system-x86_64 vblade cpio unshare sha256sum
lab_prelude fault_sizes init kernel mirror members initrd
lab_net_up
lab_server s0 0 0 "$LAB_M0"

echo "== boot 1: e0.1 is 96 MiB, the array needs 64"
truncate -s 96M "$LAB_M1"
lab_server s1 0 1 "$LAB_M1"
initrd_boot "aoe_md_devs=e0.0,e0.1 root=/dev/md0 aoe_wait=30 lab_action=write"
lab_expect 'all 2 members present' 60
initrd_root_up
lab_expect 'AOEROOT-WROTE 1' 30
lab_expect 'AOEROOT-ROOT-DOWN' 30
lab_qemu_wait 30
[ "$(fault_mdstate)" = '[UU]' ] || fault_fail "boot 1: md0 is $(fault_mdstate), expected [UU]"
cmdline1=$(lab_grep '^AOEROOT-CMDLINE ' | head -1 | sed 's/^AOEROOT-CMDLINE //')
want=$(printf 'boot 1: %s\n' "$cmdline1" | sha256sum | cut -d' ' -f1)

echo "== boot 2: e0.1 cut to 48 MiB"
lab_server_stop s1
truncate -s 48M "$LAB_M1"
sum1=$(fault_sha "$LAB_M1")
lab_server s1 0 1 "$LAB_M1"
initrd_boot "aoe_md_devs=e0.0,e0.1 root=/dev/md0 aoe_wait=30 lab_action=shell"
lab_expect 'e0\.1: too small for its md array: 98304 sectors, but its superblock puts the data at sectors [0-9]+-[0-9]+' 90
lab_expect 'md: degraded: .*left out: e0\.1' 30
initrd_root_up
lab_expect 'AOEROOT-COUNTER 1' 10
initrd_shell
fault_guest 'echo "WRITESUM $(sha256sum /var/lib/aoeroot-write)"' WS
fault_status
lab_expect 'AOEROOT-ROOT-DOWN' 30
lab_qemu_wait 30
lab_show 'aoeroot: (ERROR|md:|assembled)'
[ "$(fault_mdstate)" = '[U_]' ] || fault_fail "boot 2: md0 is $(fault_mdstate), expected [U_]"
got=$(fault_line WRITESUM | awk '{print $1}')
[ "$got" = "$want" ] || fault_fail "written file checksum $got, expected $want"
initrd_status_is members e0.0
initrd_status_is degraded 1
fault_unchanged "$LAB_M1" "$sum1" "too-small member e0.1"
echo "PASS: larger member boots [UU]; too-small member named and left out, degraded boot, written file intact ($want), its image unchanged"
