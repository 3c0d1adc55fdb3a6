#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Fleet scale in the UEFI stub (docs/fleet.md), on the SAN of
# tests/lab/fleet-lib.sh (128 targets from 8 servers: other arrays, two
# masked to another machine, an unrelated duplicate e7.100, blank disks).
# Boot 1: UEFI PXE from dnsmasq (DHCP host name "lab", no root path), the
#   one-file aoeboot.efi with aoeboot.select=auto: the stub reads the PXE
#   DHCP packet, the host name picks lab:aoeroot among the visible arrays,
#   the unrelated duplicate is a warning only, the countdown boots root on
#   md0 [UU] unattended.
# Boot 2: the plain stub from an ESP (no DHCP at all), the other arrays
#   masked to another MAC, an impostor also exporting member e0.1: the stub
#   refuses to choose unattended and says the duplicate may hide a member.
# Boot 3: the same without the impostor: the only array visible is chosen
#   and booted unattended, root on md0 [UU].
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd efi pxe fleet
lab_require qemu-system-x86_64 vblade cpio unshare dnsmasq python3 truncate
lab_prelude fleet_efi efi
efi_payload
lab_net_up
fleet_san
mkdir -p "$LAB_TMP/tftp"
efi_onefile "$LAB_TMP/tftp/aoeboot.efi" "$EFI_BASE aoe_wait=30 aoeboot.timeout=1 aoeboot.select=auto"
lab_pxe_server "$LAB_TMP/tftp" aoeboot.efi hostname=lab
LAB_MEM=768 lab_pxe_ovmf
lab_expect 'aoeboot: DHCP host name: lab' 240
lab_expect 'chosen by: DHCP host name \(md homehost\)' 120
lab_grep 'holds no member of the array: ignored' >/dev/null ||
	{ echo "FAIL: the unrelated duplicate e7.100 was not reported"; lab_serial_tail 40; exit 1; }
efi_root_is e0.0,e0.1 || { echo "FAIL: boot 1 did not boot e0.0+e0.1"; exit 1; }
lab_grep '\[UU\]' >/dev/null || { echo "FAIL: boot 1: md0 not [UU]"; exit 1; }
lab_expect 'AOEROOT-ROOT-DOWN' 120
lab_qemu_wait 60 || :
echo "boot 1: the DHCP host name picked e0.0+e0.1 among 4 visible arrays"

next_boot() {
	mv "$LAB_TMP/serial.log" "$LAB_TMP/serial-$1.log"
	rm -rf "$LAB_TMP/esp"
	efi_esp "$LAB_TMP/esp" "$EFI_BASE aoe_wait=30 aoeboot.timeout=1 aoeboot.select=auto"
	LAB_MEM=768 lab_qemu_ovmf "$LAB_TMP/esp"
}
lab_restore_members
fleet_mask_visible
fleet_impostor up
next_boot boot1
lab_expect 'aoe: nothing acceptable to boot unattended' 240
lab_grep 'duplicate shelf.slot may hide a member' >/dev/null ||
	{ echo "FAIL: boot 2: no word of the duplicate member e0.1"; lab_serial_tail 40; exit 1; }
# the countdown (1 s) is long over: the stub waits for a person and loads
# nothing while no key is pressed
if lab_expect 'Loaded initrd|Linux version|EFI stub' 20 2>/dev/null; then
	echo "FAIL: boot 2 started a kernel"; lab_serial_tail 40; exit 1
fi
kill -0 "$LAB_QEMU_PID" 2>/dev/null || { echo "FAIL: boot 2: QEMU ended instead of waiting for a key"; exit 1; }
lab_qemu_kill
echo "boot 2: the duplicate of member e0.1 stopped the unattended choice"

fleet_impostor down
next_boot boot2
lab_expect 'chosen by: the only array visible' 240
efi_root_is e0.0,e0.1 || { echo "FAIL: boot 3 did not boot e0.0+e0.1"; exit 1; }
lab_grep '\[UU\]' >/dev/null || { echo "FAIL: boot 3: md0 not [UU]"; exit 1; }
lab_expect 'AOEROOT-ROOT-DOWN' 120
lab_qemu_wait 60 || :
echo "PASS: 128 targets / 8 servers in the EFI stub: DHCP host name picks, duplicate of a member refused, masked servers pick; root on md0 [UU] twice in $(lab_elapsed)s"
