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
lab_use initrd efi
lab_require qemu-system-x86_64 vblade cpio unshare
lab_prelude efi_tftp efi
efi_payload
efi_servers
mkdir -p "$LAB_TMP/tftp/efi"
cp "$EFI_STUB" "$LAB_TMP/tftp/efi/aoeboot.efi"
cp "$LAB_VMLINUZ" "$LAB_TMP/tftp/efi/vmlinuz"
cp "$LAB_TMP/initrd.gz" "$LAB_TMP/tftp/efi/initrd.img"
printf '%s\n' "$EFI_BASE aoeboot.timeout=0 aoeboot.nic=$LAB_MAC" > "$LAB_TMP/tftp/efi/cmdline.txt"
efi_pxe_start "$LAB_TMP/tftp" efi/aoeboot.efi
efi_expect_loaded TFTP 120 120
efi_expect_mirror_root
echo "PASS: plain stub over PXE read vmlinuz, initrd.img, cmdline.txt beside it by TFTP and booted the AoE mirror in $(lab_elapsed)s"
