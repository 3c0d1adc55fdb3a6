#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Legacy BIOS network boot, unattended: SeaBIOS -> the NIC's PXE ROM (iPXE)
# gets DHCP + TFTP from dnsmasq on the lab bridge -> core.0 (GRUB
# i386-pc-pxe with the i386-pc aoe.mod and the shipped grub.cfg, countdown
# shortened) -> aoe_select scans on GRUB's pxe card (the NIC it booted
# from) and its countdown accepts the auto-detected mirror e0.0 + e0.1 ->
# kernel + initrd-min by TFTP -> root on /dev/md0 [UU]. BIOS keeps no saved
# selection: the default "saved" falls back to the auto rules, and says so.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
. "$(dirname "$0")/initrd-lib.sh"
. "$(dirname "$0")/grub-lib.sh"
. "$(dirname "$0")/pxe-lib.sh"
lab_require qemu-system-x86_64 vblade cpio unshare dnsmasq
lab_init grub_bios_pxe
initrd_need_init
lab_kernel
lab_fixture_mirror
lab_restore_members
initrd_pack "$LAB_TMP/initrd.gz"
sed -e 's/--timeout=5/--timeout=2/' -e 's/^terminal_output serial console$/terminal_output serial/' \
	"$top_srcdir/grub-mod/grub.cfg" > "$LAB_TMP/grub.cfg"
grep -q -- '--timeout=2' "$LAB_TMP/grub.cfg" || { echo "FAIL: grub.cfg has no --timeout=5 to shorten"; exit 1; }
grub_pxe_dir "$LAB_TMP/tftp" "$LAB_TMP/grub.cfg" "$LAB_VMLINUZ" "$LAB_TMP/initrd.gz"
lab_net_up
lab_server s0 0 0 "$LAB_M0"
lab_server s1 0 1 "$LAB_M1"
lab_pxe_server "$LAB_TMP/tftp" core.0
LAB_MEM=768 grub_pxe_bios
lab_expect 'AOE-PICKER-READY' 120
lab_expect 'aoe: accepted \(unattended\)' 120
initrd_root_up 120
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 30 || :
lab_pxe_served core.0 || { echo "FAIL: dnsmasq never sent core.0"; exit 1; }
lab_pxe_served vmlinuz || { echo "FAIL: the kernel did not come by TFTP"; exit 1; }
lab_grep 'aoe: scanning pxe ' >/dev/null || { echo "FAIL: the scan did not run on GRUB's pxe card"; exit 1; }
lab_grep 'aoe: no saved selection on BIOS' >/dev/null || { echo "FAIL: no word that BIOS keeps no selection"; exit 1; }
want="aoe_netdev=$LAB_MAC aoe_md_devs=e0.0,e0.1 aoe_md_uuid=$LAB_FIX_UUID"
cmdline=$(grub_cmdline)
echo "kernel command line: $cmdline"
case " $cmdline " in
*" $want "*) ;;
*) echo "FAIL: command line lacks '$want'"; exit 1 ;;
esac
lab_grep '\[UU\]' >/dev/null || { echo "FAIL: md0 not [UU]"; lab_serial_tail 40; exit 1; }
lab_grep '^AOEROOT-ROOTDEV /dev/md0' >/dev/null || { echo "FAIL: root is not /dev/md0"; exit 1; }
echo "PASS: BIOS PXE -> GRUB (pxe card) -> countdown picked e0.0+e0.1 -> root on md0 [UU] in $(lab_elapsed)s"
