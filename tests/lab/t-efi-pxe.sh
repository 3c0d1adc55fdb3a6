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
. "$(dirname "$0")/initrd-lib.sh"
. "$(dirname "$0")/efi-lib.sh"
lab_require qemu-system-x86_64 vblade cpio unshare
lab_init efi_pxe
efi_need_stub
efi_payload
efi_servers
mkdir -p "$LAB_TMP/tftp"
efi_onefile "$LAB_TMP/tftp/aoeboot.efi" \
	"$EFI_BASE aoeboot.timeout=0 aoeboot.nic=$LAB_MAC"
efi_pxe_start "$LAB_TMP/tftp" aoeboot.efi
lab_expect 'aoeboot: starting' 120
lab_expect 'kernel [0-9]+ bytes \(section\), initrd [0-9]+ bytes \(section\)' 20
lab_expect '2 target\(s\) found' 30
lab_expect 'Loaded initrd from LINUX_EFI_INITRD_MEDIA_GUID device path' 60
efi_root_is e0.0,e0.1
lab_grep '\[UU\]' >/dev/null || { echo "FAIL: md0 not [UU]"; exit 1; }
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 30
echo "PASS: PXE-booted one-file image booted root on the AoE mirror in $(lab_elapsed)s"
