#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Fleet scale in the UEFI stub (docs/fleet.md), on the SAN of
# tests/lab/fleet-lib.sh (128 targets from 8 servers: other arrays, two
# masked to another machine, an unrelated duplicate e7.100, blank disks).
# Boot 1: UEFI PXE from dnsmasq (DHCP host name "lab", no root path), the
#   one-file aoeboot.efi with aoeboot.select=auto; an impostor also
#   exports member e0.1: the stub refuses to choose unattended and says
#   the duplicate may hide a member. The impostor goes, `r` rescans: the
#   host name picks lab:aoeroot (the PXE DHCP packet read by the stub), the
#   unrelated duplicate is a warning only; Enter boots root on md0 [UU].
# Boot 2: the plain stub from an ESP (no DHCP at all), the other arrays
#   masked to another MAC: the only array visible is chosen, the countdown
#   boots it unattended, root on md0 [UU].
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
. "$(dirname "$0")/initrd-lib.sh"
. "$(dirname "$0")/efi-lib.sh"
. "$(dirname "$0")/pxe-lib.sh"
. "$(dirname "$0")/fleet-lib.sh"
lab_require qemu-system-x86_64 vblade cpio unshare dnsmasq python3 truncate
lab_init fleet_efi
efi_need_stub
efi_payload
lab_net_up
fleet_san
fleet_impostor up
mkdir -p "$LAB_TMP/tftp"
efi_onefile "$LAB_TMP/tftp/aoeboot.efi" "$EFI_BASE aoe_wait=30 aoeboot.timeout=2 aoeboot.select=auto"
lab_pxe_server "$LAB_TMP/tftp" aoeboot.efi hostname=lab
LAB_MEM=768 lab_pxe_ovmf
lab_expect 'aoeboot: DHCP host name: lab' 240
lab_expect 'AOE-PICKER-READY' 120
lab_expect 'no unattended choice possible' 60
lab_grep 'may hide a member of the array' >/dev/null ||
	{ echo "FAIL: no word of the duplicate member e0.1"; lab_serial_tail 40; exit 1; }
fleet_impostor down
lab_send 'r'
lab_expect 'chosen by: DHCP host name \(md homehost\)' 120
lab_expect 'AOE-PICKER-READY' 30
lab_grep 'none of them a member of the array: ignored' >/dev/null ||
	{ echo "FAIL: the unrelated duplicate e7.100 was not reported"; exit 1; }
lab_send '\r'
efi_root_is e0.0,e0.1 || { echo "FAIL: boot 1 did not boot e0.0+e0.1"; exit 1; }
lab_grep '\[UU\]' >/dev/null || { echo "FAIL: boot 1: md0 not [UU]"; exit 1; }
lab_expect 'AOEROOT-ROOT-DOWN' 120
lab_qemu_wait 60 || :
echo "boot 1: host name picked e0.0+e0.1 after the duplicate member was refused"

mv "$LAB_TMP/serial.log" "$LAB_TMP/serial-boot1.log"
lab_restore_members
fleet_mask_visible
efi_esp "$LAB_TMP/esp" "$EFI_BASE aoe_wait=30 aoeboot.timeout=1 aoeboot.select=auto"
LAB_MEM=768 lab_qemu_ovmf "$LAB_TMP/esp"
lab_expect 'chosen by: the only array visible' 240
lab_grep 'no unattended choice possible' >/dev/null && { echo "FAIL: boot 2 waited for a person"; exit 1; }
efi_root_is e0.0,e0.1 || { echo "FAIL: boot 2 did not boot e0.0+e0.1"; exit 1; }
lab_grep '\[UU\]' >/dev/null || { echo "FAIL: boot 2: md0 not [UU]"; exit 1; }
lab_expect 'AOEROOT-ROOT-DOWN' 120
lab_qemu_wait 60 || :
echo "PASS: 128 targets / 8 servers in the EFI stub: duplicate of a member refused, DHCP host name picks, masked servers pick unattended; root on md0 [UU] twice in $(lab_elapsed)s"
