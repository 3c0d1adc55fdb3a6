#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Proves the fixtures: the mirror (made by real mdadm in a setup guest) served
# by two vblade servers boots through the lab's reference initrd (aoe +
# mdadm); the root's init sees md0 [UU], the file set is intact, the write
# action works, keys reach the console (lab_send); the members' event counts
# moved while the pristine copies did not. The single-disk image is checked
# on the host (e2fsck, debugfs): no boot.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_require qemu-system-x86_64 vblade busybox cpio unshare mdadm mke2fs e2fsck debugfs python3
lab_prelude fixture kernel mirror single members
e2fsck -fn "$LAB_SINGLE" >/dev/null
debugfs -R 'cat /etc/aoeroot-fixture/hello.txt' "$LAB_SINGLE" 2>/dev/null | grep -q 'aoeroot lab fixture root'
debugfs -R 'stat /sbin/init' "$LAB_SINGLE" 2>/dev/null | grep -q 'Mode:  0755'
ev0=$(mdadm --examine "$LAB_M0" | awk '/Events/ {print $3}')
lab_initrd_reference "$LAB_TMP/ref.gz"
lab_net_up
lab_server s0 0 0 "$LAB_M0"
lab_server s1 1 0 "$LAB_M1"
lab_qemu_direct "$LAB_VMLINUZ" "$LAB_TMP/ref.gz" "quiet lab_action=write,shell"
lab_expect '^AOEROOT-ROOT-UP' 120
lab_expect '^AOEROOT-SHELL' 30
sleep 1
lab_send 'echo SENT-$((6*7)); cat /var/lib/boot-counter\r'
lab_expect 'SENT-42' 20
lab_send 'exit\r'
lab_expect '^AOEROOT-ROOT-DOWN' 30
lab_qemu_wait 30
lab_grep '^(LAB-REF|AOEROOT)-'
lab_grep '^md0 : active raid1 .*etherd' >/dev/null || { echo "FAIL: md0 not active on AoE"; exit 1; }
lab_grep '\[2/2\] \[UU\]' >/dev/null || { echo "FAIL: md0 not [UU]"; exit 1; }
lab_grep "^AOEROOT-FILESUM ok $LAB_FIX_SETSUM\$" >/dev/null || { echo "FAIL: file set"; exit 1; }
lab_grep '^AOEROOT-ROOTDEV /dev/md' >/dev/null || { echo "FAIL: root device"; exit 1; }
lab_grep '^AOEROOT-WROTE 1$' >/dev/null || { echo "FAIL: write action"; exit 1; }
ev1=$(mdadm --examine "$LAB_M0" | awk '/Events/ {print $3}')
evp=$(mdadm --examine "$LAB_FIX_M0" | awk '/Events/ {print $3}')
echo "events: pristine $evp, before boot $ev0, after boot $ev1"
[ "$ev1" -gt "$ev0" ] && [ "$evp" = "$ev0" ] || { echo "FAIL: event counts"; exit 1; }
echo "PASS: mirror fixture boots from AoE, single image is sound"
