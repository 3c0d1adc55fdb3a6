#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A lossy wire: an nftables bridge rule drops 10% of the AoE frames crossing
# the lab bridge (this host kernel has no netem), and aoe_scan still lists
# every one of six targets with its md superblock read (retransmits).
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use grub
lab_require qemu-system-x86_64 vblade unshare mcopy mkfs.vfat nft
lab_prelude grub_drop grub mirror members
{
	grub_cfg_head
	cat <<'CFG'
aoe_scan --set=found
echo "SCAN-FOUND=$found"
halt
CFG
} > "$LAB_TMP/grub.cfg"
grub_esp "$LAB_TMP/esp" "$LAB_TMP/grub.cfg"
lab_net_up
# deterministic (every frame whose running count mod 100 is below 10), so runs repeat
lab_net_loss 10 inc
for i in 0 1 2; do
	cp --sparse=always "$LAB_M0" "$LAB_TMP/a$i.img"
	cp --sparse=always "$LAB_M1" "$LAB_TMP/b$i.img"
	lab_server "a$i" "$i" 0 "$LAB_TMP/a$i.img"
	lab_server "b$i" "$i" 1 "$LAB_TMP/b$i.img"
done
lab_qemu_ovmf "$LAB_TMP/esp"
lab_expect 'SCAN-FOUND=' 120
lab_qemu_wait 30 || :
dropped=$(ip netns exec "$LAB_NS_BR" nft list table bridge lab | sed -n 's/.*counter packets \([0-9]*\).*/\1/p')
lab_show '^aoe: efinet0'
echo "frames dropped on the bridge: ${dropped:-?}"
fail=0
lab_grep '^SCAN-FOUND=e0\.0,e0\.1,e1\.0,e1\.1,e2\.0,e2\.1$' >/dev/null || { echo "FAIL: not every target listed"; fail=1; }
[ "$(lab_grep '^ *md 1\.2 uuid ' | wc -l)" = 6 ] || { echo "FAIL: not every md superblock read"; fail=1; }
[ "${dropped:-0}" -gt 0 ] || { echo "FAIL: the drop rule dropped nothing (is it in place?)"; fail=1; }
[ $fail = 0 ] || { lab_serial_tail 60; exit 1; }
echo "PASS: 10% AoE loss on the bridge: all 6 targets and their md superblocks listed"
