#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# UEFI network boot: OVMF fetches the one-file image (mkaoeboot: stub +
# kernel + initrd + command line as PE sections) by PXE/TFTP from QEMU's
# user-mode network on a second NIC (inside QEMU only, restrict=on), while
# AoE runs on the tap NIC, which has no boot option (and OVMF's own driver,
# no iPXE ROM, on both): the stub connects its
# driver and picks it by aoeboot.nic=MAC. Root comes up on md0 [UU].
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd efi
lab_require qemu-system-x86_64 vblade cpio unshare
lab_prelude efi_pxe efi
efi_payload
efi_servers
mkdir -p "$LAB_TMP/tftp"
efi_onefile "$LAB_TMP/tftp/aoeboot.efi" \
	"$EFI_BASE aoeboot.timeout=0 aoeboot.nic=$LAB_MAC"
efi_pxe_start "$LAB_TMP/tftp" aoeboot.efi
efi_expect_loaded section 120 20
efi_expect_mirror_root
echo "PASS: PXE-booted one-file image booted root on the AoE mirror in $(lab_elapsed)s"
