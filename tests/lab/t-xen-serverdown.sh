#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The how-to's promise on a Xen host: a domU survives either server going
# down and its mirror is rebuilt afterwards. One Xen host boot (dom0 =
# server A, e0.0 on xenbr1), server B (e1.0) on the lab bridge:
#  1. the domU (the how-to's config, extra += aoe_deadsecs=10, the how-to's
#     wish) appends the fixture's blob.bin 16 times to a file, sync after
#     each; after the third, server B is stopped. aoe gives e1.0 up, md
#     fails it, the writes finish on e0.0 alone ([U_], e1.0 faulty), the
#     domU's checksum of the file is right, it powers off cleanly.
#  2. server B returns with its now stale image; the domU boots again:
#     /init leaves e1.0 out as stale, adds it back (aoe_md_readd, default
#     on) and md0 rebuilds to [UU]; the file reads back with the checksum
#     computed on the host.
# Host check after dom0's poweroff: both members clean, equal events.
# Slow (a Xen boot under TCG): `tests/lab/run-all.sh xen`.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd fault xen
xen_require
lab_require mdadm unshare sha256sum
lab_init xen_serverdown
initrd_need_init
lab_kernel
xen_images
lab_fixture_mirror
lab_restore_members
initrd_pack "$LAB_TMP/initrd.gz"
chunks=16
fault_blob "$LAB_TMP/blob.bin"
want=$(for _ in $(seq $chunks); do cat "$LAB_TMP/blob.bin"; done | sha256sum | cut -d' ' -f1)
xen_domu_cfg hercules "aoe_deadsecs=10 aoe_wait=30 lab_action=shell" > "$LAB_TMP/hercules.cfg"
lab_net_up
lab_server s1 1 0 "$LAB_M1"
xen_host_start bridge "$LAB_M0" "$LAB_TMP/initrd.gz:boot/initrd-aoe.gz" "$LAB_TMP/hercules.cfg:etc/xen/hercules.cfg"

echo "== boot 1: stop server B (e1.0) while the domU writes"
xen_domu_create /etc/xen/hercules.cfg
lab_expect 'loaded module aoe .*aoe_deadsecs=10' 300
initrd_root_up 600
initrd_shell
xen_send 'mount -o remount,rw / && i=0 && while [ $i -lt '$chunks' ]; do cat /etc/aoeroot-fixture/blob.bin >> /var/lib/fault-data; sync; i=$((i+1)); echo "C""HUNK $i"; sleep 0.2; done; echo "WRITER-""DONE $i"\r'
lab_expect 'CHUNK 3' 300
t_kill=$(date +%s)
lab_server_stop s1
echo "stopped server B (e1.0) after chunk 3"
lab_expect 'WRITER-DONE '$chunks 600
echo "writes finished $(( $(date +%s) - t_kill )) s after server B stopped"
xen_guest 'cat /proc/mdstat; echo "DATASUM $(sha256sum /var/lib/fault-data)"' MD1 120
xen_send 'exit\r'
lab_expect 'AOEROOT-ROOT-DOWN' 120
xen_domu_gone 120
lab_show 'md/raid1:md0: Disk failure|aoe: .*e1\.0'
[ "$(fault_mdstate)" = '[U_]' ] || fault_fail "boot 1: md0 is $(fault_mdstate), expected [U_] after server B stopped"
lab_grep 'etherd[!/]e1\.0\[[0-9]+\]\(F\)' >/dev/null || fault_fail "boot 1: e1.0 not marked faulty in /proc/mdstat"
got=$(fault_line DATASUM | awk '{print $1}')
[ "$got" = "$want" ] || fault_fail "boot 1: file checksum $got, expected $want"
ev1=$(fault_events "$LAB_M1")
echo "e1.0's events while B is down: $ev1"

echo "== boot 2: server B back (stale e1.0): re-added and rebuilt"
lab_server s1 1 0 "$LAB_M1"
xen_domu_create /etc/xen/hercules.cfg
lab_expect 'leaving out stale member e1\.0' 300
lab_expect 'added stale member e1\.0 back to /dev/md0' 60
initrd_root_up 600
initrd_shell
# no write-intent bitmap in the fixture: recovery copies the 64 MiB member;
# lift md's speed floor so TCG does it quickly
xen_send 'echo 100000 > /proc/sys/dev/raid/speed_limit_min; i=0; while grep -qE "recovery|resync|_" /proc/mdstat && [ $i -lt 3000 ]; do sleep 0.1; i=$((i+1)); done; echo "MD""2 $(grep -o "[[][U_]*[]]" /proc/mdstat) after $i"\r'
lab_expect '^MD2 ' 400
xen_guest 'echo "DATASUM2 $(sha256sum /var/lib/fault-data)"' D2 120
xen_send 'exit\r'
lab_expect 'AOEROOT-ROOT-DOWN' 120
xen_domu_gone 120
lab_grep '^MD2 '
lab_grep '^MD2 \[UU\]' >/dev/null || fault_fail "boot 2: md0 did not rebuild to [UU]"
got=$(fault_line DATASUM2 | awk '{print $1}')
[ "$got" = "$want" ] || fault_fail "boot 2: file checksum $got, expected $want"

xen_host_poweroff 120
e0=$(fault_events "$LAB_M0") e1=$(fault_events "$LAB_M1")
for m in "$LAB_M0" "$LAB_M1"; do mdadm --examine "$m" | grep -E '^ *(State|Events|Array State) :'; done
[ -n "$e0" ] && [ "$e0" = "$e1" ] || fault_fail "events differ after the rebuild ($e0 / $e1)"
mdadm --examine "$LAB_M1" | grep -qE '^ *State : clean' || fault_fail "e1.0 not clean after the rebuild"
echo "PASS: server B stopped while the Xen domU wrote: md0 [U_], writes finished, file $want intact; B back: e1.0 re-added and rebuilt ([UU], events $e0 on both), file intact"
