#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Fault matrix: a member's server dies after assembly while the root writes.
#  1. both up, aoe_deadsecs=10 (passed by /init to the aoe driver): md0
#     [UU]; the root appends the fixture's blob.bin 16 times to a file,
#     sync after each; after the third, server s1 (e0.1) is killed. The
#     writes stall until aoe gives e0.1 up (~10-20 s), md fails it and the
#     writes finish on e0.0 alone ([U_], e0.1 faulty); the guest's checksum
#     of the file is right; the root powers off cleanly.
#  2. s1 back with its (now stale) image, aoe_md_readd=0: the fresh e0.0
#     wins, e0.1 is left out as stale and not written (image unchanged);
#     the file reads back with the expected checksum (computed on the
#     host), the fixture's file set checks out.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd fault
lab_require qemu-system-x86_64 vblade cpio unshare mdadm python3 sha256sum
lab_prelude fault_kill init kernel mirror members initrd
chunks=16
fault_blob "$LAB_TMP/blob.bin"
want=$(for _ in $(seq $chunks); do cat "$LAB_TMP/blob.bin"; done | sha256sum | cut -d' ' -f1)
lab_net_up
lab_server s0 0 0 "$LAB_M0"
lab_server s1 0 1 "$LAB_M1"

echo "== boot 1: kill e0.1's server while the root writes"
initrd_boot "aoe_md_devs=e0.0,e0.1 root=/dev/md0 aoe_deadsecs=10 aoe_wait=30 lab_action=shell"
lab_expect 'loaded module aoe .*aoe_deadsecs=10' 60
initrd_root_up
initrd_shell
lab_send 'mount -o remount,rw / && i=0 && while [ $i -lt '$chunks' ]; do cat /etc/aoeroot-fixture/blob.bin >> /var/lib/fault-data; sync; i=$((i+1)); echo "C""HUNK $i"; sleep 0.2; done; echo "WRITER-""DONE $i"\r'
lab_expect 'CHUNK 3' 120
t_kill=$(date +%s)
lab_server_stop s1
echo "killed s1 (e0.1) after chunk 3"
lab_expect 'WRITER-DONE '$chunks 240
echo "writes finished $(( $(date +%s) - t_kill )) s after the kill"
fault_guest 'cat /proc/mdstat; echo "DATASUM $(sha256sum /var/lib/fault-data)"' MD1
lab_send 'exit\r'
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 60
lab_show 'md/raid1:md0: Disk failure|aoe: .*e0\.1'
[ "$(fault_mdstate)" = '[U_]' ] || fault_fail "boot 1: md0 is $(fault_mdstate), expected [U_] after the kill"
lab_grep 'etherd[!/]e0\.1\[[0-9]+\]\(F\)' >/dev/null || fault_fail "boot 1: e0.1 not marked faulty in /proc/mdstat"
got=$(fault_line DATASUM | awk '{print $1}')
[ "$got" = "$want" ] || fault_fail "boot 1: file checksum $got, expected $want"
mdadm --examine "$LAB_M0" | grep -E '^ *(State|Array State) :'
mdadm --examine "$LAB_M0" | grep -qE '^ *State : clean' ||
	fault_fail "boot 1: e0.0's superblock is not clean after the poweroff"
ev0=$(fault_events "$LAB_M0") ev1=$(fault_events "$LAB_M1")
echo "events after boot 1: e0.0 $ev0, e0.1 $ev1"
[ "$ev0" -gt "$ev1" ] || fault_fail "e0.0 ($ev0) is not fresher than e0.1 ($ev1)"

echo "== boot 2: s1 back (stale), aoe_md_readd=0"
sum1=$(fault_sha "$LAB_M1")
lab_server s1 0 1 "$LAB_M1"
initrd_boot "aoe_md_devs=e0.0,e0.1 root=/dev/md0 aoe_wait=30 aoe_md_readd=0 lab_action=shell"
lab_expect 'leaving out stale member e0\.1' 90
initrd_root_up
initrd_shell
fault_guest 'echo "DATASUM $(sha256sum /var/lib/fault-data)"' D2
fault_status
lab_expect 'AOEROOT-ROOT-DOWN' 30
lab_qemu_wait 30
got=$(fault_line DATASUM | awk '{print $1}')
[ "$got" = "$want" ] || fault_fail "boot 2: file checksum $got, expected $want"
initrd_status_is members e0.0
initrd_status_is stale e0.1
initrd_status_is degraded 1
fault_unchanged "$LAB_M1" "$sum1" "stale member e0.1"
echo "PASS: e0.1 killed mid-write with aoe_deadsecs=10: md degraded, writes finished, clean poweroff; next boot the fresh e0.0 won, the written file ($want) is intact, stale e0.1 unchanged"
