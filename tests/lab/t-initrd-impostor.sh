#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# An impostor: a third server "imp" also answers for e0.1 (a copy of the
# member image, so even the md superblock looks right; only its IDENTIFY
# serial "0.1:imp" differs). The kernel's aoe driver would take it as a second
# path to e0.1 and send it root I/O; /init's identity check (AF_PACKET,
# common/disc) must refuse. Second boot: no impostor, but e0.0 is pinned to
# a MAC that is not the server's: refused too.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd
lab_require qemu-system-x86_64 vblade cpio unshare
lab_prelude initrd_impostor init kernel mirror members
cp --sparse=always "$LAB_M1" "$LAB_TMP/imp.img"
initrd_pack "$LAB_TMP/initrd.gz"
lab_net_up
lab_server s0 0 0 "$LAB_M0"
lab_server s1 0 1 "$LAB_M1"
lab_server imp 0 1 "$LAB_TMP/imp.img"

echo "== impostor on e0.1"
initrd_boot "aoe_md_devs=e0.0,e0.1 root=/dev/md0 aoe_wait=3"
lab_expect 'e0.1 is answered by 2 devices' 90
initrd_refused 'e0\.1'
# both devices answering for e0.1 are listed, each with its own serial
for h in s1 imp; do
	lab_grep "serial '0\\.1:$h'" ||
		{ echo "FAIL: the device with serial 0.1:$h is not listed"; lab_serial_tail 40; exit 1; }
done
lab_grep 'AOEROOT-ROOT-UP|assembled /dev/md0' && { echo "FAIL: impostor not refused"; exit 1; }

echo "== MAC pin mismatch on e0.0"
lab_server_stop imp
initrd_boot "aoe_md_devs=e0.0@02:00:00:00:00:01,e0.1 root=/dev/md0 aoe_wait=3"
lab_expect 'e0.0 is answered by [0-9a-f:]{17}, but aoe_md_devs= pins it to 02:00:00:00:00:01' 90
initrd_refused 'identity'
lab_grep 'AOEROOT-ROOT-UP|assembled /dev/md0' && { echo "FAIL: pin mismatch not refused"; exit 1; }
echo "PASS: impostor and MAC pin mismatch refused before md was touched"
