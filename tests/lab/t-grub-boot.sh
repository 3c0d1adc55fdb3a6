#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Unattended: OVMF -> GRUB with aoe.mod (the default grub.cfg shipped in
# grub-mod/, countdown shortened) -> the picker's countdown accepts the
# auto-detected mirror (e0.0 + e0.1) -> kernel + initrd-min from the ESP ->
# root on /dev/md0 [UU]. The kernel command line carries exactly the
# injected aoe_netdev / aoe_md_devs / aoe_md_uuid.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd grub
lab_require qemu-system-x86_64 vblade cpio unshare mcopy mkfs.vfat
lab_prelude grub_boot grub init kernel mirror members initrd
# The shipped config, with a 2 s countdown and the serial console only.
sed -e 's/--timeout=5/--timeout=2/' -e 's/^terminal_output serial console$/terminal_output serial/' \
	"$top_srcdir/grub-mod/grub.cfg" > "$LAB_TMP/grub.cfg"
grep -q -- '--timeout=2' "$LAB_TMP/grub.cfg" || { echo "FAIL: grub.cfg has no --timeout=5 to shorten"; exit 1; }
grub_esp "$LAB_TMP/esp" "$LAB_TMP/grub.cfg" "$LAB_VMLINUZ" "$LAB_TMP/initrd.gz"
lab_net_up
lab_server s0 0 0 "$LAB_M0"
lab_server s1 0 1 "$LAB_M1"
LAB_MEM=768 lab_qemu_ovmf "$LAB_TMP/esp"
lab_expect "$LAB_PICKER_SHOWN" 90
lab_expect 'aoe: accepted \(unattended\)' 120
initrd_root_up 120
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 30 || :
want="aoe_netdev=$LAB_MAC aoe_md_devs=e0.0,e0.1 aoe_md_uuid=$LAB_FIX_UUID"
cmdline=$(grub_cmdline)
echo "kernel command line: $cmdline"
case " $cmdline " in
*" $want "*) ;;
*) echo "FAIL: command line lacks '$want'"; exit 1 ;;
esac
lab_grep '\[UU\]' >/dev/null || { echo "FAIL: md0 not [UU]"; lab_serial_tail 40; exit 1; }
lab_grep '^AOEROOT-ROOTDEV /dev/md0' >/dev/null || { echo "FAIL: root is not /dev/md0"; exit 1; }
lab_grep 'aoe: saved:' >/dev/null && { echo "FAIL: an unattended choice was saved"; exit 1; }
echo "PASS: countdown picked e0.0+e0.1, kernel booted root on md0 [UU]"
