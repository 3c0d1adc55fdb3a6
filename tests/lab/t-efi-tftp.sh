#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# UEFI network boot of the plain stub: OVMF fetches efi/aoeboot.efi (no
# kernel, initrd or command line inside) by PXE/TFTP from QEMU's user-mode
# network on a second NIC (inside QEMU only, restrict=on); the stub finds
# no sections and reads vmlinuz, initrd.img and cmdline.txt beside itself
# on the TFTP server (same directory as the boot file), then boots root on
# the AoE mirror over the tap NIC (aoeboot.nic=MAC from cmdline.txt).
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
. "$(dirname "$0")/initrd-lib.sh"
. "$(dirname "$0")/efi-lib.sh"
lab_require qemu-system-x86_64 vblade cpio unshare
lab_init efi_tftp
efi_need_stub
efi_payload
efi_servers
mkdir -p "$LAB_TMP/tftp/efi"
cp "$EFI_STUB" "$LAB_TMP/tftp/efi/aoeboot.efi"
cp "$LAB_VMLINUZ" "$LAB_TMP/tftp/efi/vmlinuz"
cp "$LAB_TMP/initrd.gz" "$LAB_TMP/tftp/efi/initrd.img"
printf '%s\n' "$EFI_BASE aoeboot.timeout=0 aoeboot.nic=$LAB_MAC" > "$LAB_TMP/tftp/efi/cmdline.txt"
efi_pxe_start "$LAB_TMP/tftp" efi/aoeboot.efi
lab_expect 'aoeboot: starting' 120
lab_expect 'kernel [0-9]+ bytes \(TFTP\), initrd [0-9]+ bytes \(TFTP\)' 120
lab_expect '2 target\(s\) found' 30
lab_expect 'Loaded initrd from LINUX_EFI_INITRD_MEDIA_GUID device path' 60
efi_root_is e0.0,e0.1
lab_grep '\[UU\]' >/dev/null || { echo "FAIL: md0 not [UU]"; exit 1; }
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 30
echo "PASS: plain stub over PXE read vmlinuz, initrd.img, cmdline.txt beside it by TFTP and booted the AoE mirror in $(lab_elapsed)s"
