#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# UEFI stub from an ESP, unattended: OVMF starts aoeboot.efi, which reads
# vmlinuz/initrd.img/cmdline.txt beside it, discovers both vblade members
# over SNP, auto-selects the mirror, counts down, and boots the kernel with
# the initrd through LoadFile2; root comes up on md0 [UU].
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd efi
lab_require qemu-system-x86_64 vblade cpio unshare
lab_prelude efi_esp efi
efi_payload
efi_servers
efi_esp "$LAB_TMP/esp" "$EFI_BASE aoeboot.timeout=1 aoeboot.verbose=2"
lab_qemu_ovmf "$LAB_TMP/esp"
efi_expect_loaded 'ESP file' 60 20
lab_expect "$LAB_PICKER_SHOWN" 10
efi_expect_mirror_root
echo "PASS: ESP stub booted root on the AoE mirror unattended in $(lab_elapsed)s"
