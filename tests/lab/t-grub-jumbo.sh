#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Jumbo frames end to end: every lab link at MTU 9000 (bridge, tap, the
# servers' veths, so vblade says 17 sectors per frame in Query Config) and
# the guest NIC with host_mtu=9000, driven in the firmware by QEMU's iPXE
# option ROM (OVMF's own virtio-net driver reports a 1500-byte
# MaxPacketSize whatever the device says). The generic netboot GRUB image
# attaches e0.0 + e0.1 and must size its READ frames from the card's MTU
# (the firmware's SNP MaxPacketSize, printed on the "attached" line) and the
# targets' limit (17): sectors/frame = min(17, (MTU - 22) / 512), >= 16 when
# the card says >= 8214. (With this machine's OVMF and QEMU ROM the card
# says 1500: bench/README.md, issue 28.) GRUB then reads grub.cfg, kernel
# and initrd from the mirror, and /init's identity check must size its md
# reads for the NIC's MTU (its line says "MTU 9000": a whole superblock
# place, 8 sectors, in one frame); so must aoe-scan on the 9000 bridge;
# root on md0 [UU].
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd grub netboot
lab_require qemu-system-x86_64 vblade cpio unshare mcopy mkfs.vfat mdadm mke2fs
export LAB_MTU=9000
lab_prelude grub_jumbo grub init kernel mirror members initrd
nb_rootfs "$LAB_TMP/root.ext4" jumbo
nb_put_member "$LAB_M0" "$LAB_TMP/root.ext4"
nb_put_member "$LAB_M1" "$LAB_TMP/root.ext4"
rm -f "$LAB_TMP/root.ext4"
nb_esp "$LAB_TMP/esp"
lab_net_up
lab_server s0 0 0 "$LAB_M0"
lab_server s1 0 1 "$LAB_M1"
# default romfile: the iPXE ROM's SNP reports the device's MTU
LAB_NIC_OPTS=",bootindex=1,host_mtu=9000" nb_boot
lab_expect 'aoe: accepted \(unattended\)' 120
lab_expect 'AOE-MIRROR-CFG jumbo' 90
lab_expect 'AOE-MIRROR-KERNEL-LOADED jumbo' 300
lab_expect 'AOE-MIRROR-INITRD-LOADED jumbo' 120
initrd_root_up 180
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 30 || :
# GRUB wraps at 80 columns: join the lines before reading the attach lines
attached=$(tr -d '\r\n' < "$LAB_TMP/serial.log" | grep -o -E 'aoe: attached \(aoe/e0\.[01]\) on [^ ]+ from [0-9a-f:]+: ?[0-9]+ ?sectors, ?[0-9]+ ?sectors/frame, ?window ?[0-9]+, ?MTU ?[0-9]+' || :)
echo "$attached"
for m in 0 1; do
	line=$(echo "$attached" | grep -F "(aoe/e0.$m)" | head -1)
	spf=$(echo "$line" | sed -E 's/.*sectors, ?([0-9]+) ?sectors\/frame.*/\1/')
	mtu=$(echo "$line" | sed -E 's/.*MTU ?([0-9]+)$/\1/')
	case $spf$mtu in ''|*[!0-9]*) echo "FAIL: no attach line for e0.$m"; lab_serial_tail 40; exit 1 ;; esac
	want=$(( (mtu - 22) / 512 )); [ "$want" -le 17 ] || want=17; [ "$want" -ge 1 ] || want=1
	[ "$spf" = "$want" ] || { echo "FAIL: GRUB reads e0.$m with $spf sectors/frame on a card of MTU $mtu (want $want)"; exit 1; }
	echo "GRUB e0.$m: card MTU $mtu, $spf sectors/frame"
	[ "$mtu" -lt 8214 ] || [ "$spf" -ge 16 ] || { echo "FAIL: < 16 sectors/frame at MTU $mtu"; exit 1; }
done
ip netns exec "$LAB_NS_BR" "$top_builddir/tools/aoe-scan" -v br0 > /dev/null 2> "$LAB_TMP/scan.err" || :
cat "$LAB_TMP/scan.err"
grep -q 'MTU 9000: md reads up to 8 sectors/frame' "$LAB_TMP/scan.err" ||
	{ echo "FAIL: aoe-scan did not size its reads for the 9000 bridge"; exit 1; }
ident=$(lab_grep 'identity check of 2 present member\(s\).*MTU [0-9]+' || :)
echo "$ident"
case $ident in
*"MTU 9000: md reads up to 8 sectors/frame"*) ;;
*) echo "FAIL: /init's identity reads not sized for MTU 9000"; exit 1 ;;
esac
lab_grep '\[UU\]' >/dev/null || { echo "FAIL: md0 not [UU]"; lab_serial_tail 40; exit 1; }
echo "PASS: at MTU 9000 GRUB sized its frames for its card's MTU ($(echo "$attached" | grep -o -E '[0-9]+ ?sectors/frame, ?window ?[0-9]+, ?MTU ?[0-9]+' | tr '\n' ' ')), /init and aoe-scan sized their md reads for 9000 (8 sectors, one frame), root on md0 [UU]"
