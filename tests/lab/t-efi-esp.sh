#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# UEFI stub from an ESP, unattended: OVMF starts aoeboot.efi, which reads
# vmlinuz/initrd.img/cmdline.txt beside it, discovers both vblade members
# over SNP, auto-selects the mirror, counts down, and boots the kernel with
# the initrd through LoadFile2; root comes up on md0 [UU].
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
. "$(dirname "$0")/initrd-lib.sh"
. "$(dirname "$0")/efi-lib.sh"
lab_require qemu-system-x86_64 vblade cpio unshare
lab_init efi_esp
efi_need_stub
efi_payload
efi_servers
efi_esp "$LAB_TMP/esp" "$EFI_BASE aoeboot.timeout=1 aoeboot.verbose=2"
lab_qemu_ovmf "$LAB_TMP/esp"
lab_expect 'aoeboot: starting' 60
lab_expect 'kernel [0-9]+ bytes \(ESP file\), initrd [0-9]+ bytes \(ESP file\)' 20
lab_expect '2 target\(s\) found' 30
lab_expect 'AOE-PICKER-READY' 10
lab_expect 'Loaded initrd from LINUX_EFI_INITRD_MEDIA_GUID device path' 60
efi_root_is e0.0,e0.1
lab_grep '\[UU\]' >/dev/null || { echo "FAIL: md0 not [UU]"; exit 1; }
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 30
echo "PASS: ESP stub booted root on the AoE mirror unattended in $(lab_elapsed)s"
