#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Proves lab_qemu_ovmf: OVMF boots a GRUB image (stock Debian modules) from
# the ESP that lab_esp_image packs with mtools, prints on the serial console,
# sees the guest NIC as an SNP card (needs the NIC's bootindex) with the lab
# MAC, and `halt` ends QEMU.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_require qemu-system-x86_64 grub-mkimage mkfs.vfat mcopy
[ -d /usr/lib/grub/x86_64-efi ] || lab_skip "grub-efi-amd64-bin not installed"
[ -f /usr/share/OVMF/OVMF_CODE.fd ] || lab_skip "ovmf not installed"
lab_init ovmf
mkdir -p "$LAB_TMP/esp/EFI/BOOT"
cat > "$LAB_TMP/early.cfg" <<'CFG'
serial --unit=0 --speed=115200
terminal_input serial
terminal_output serial
echo LAB-OVMF-GRUB-UP
net_ls_cards
echo LAB-OVMF-GRUB-END
halt
CFG
grub-mkimage -O x86_64-efi -d /usr/lib/grub/x86_64-efi -p /EFI/BOOT -c "$LAB_TMP/early.cfg" \
	-o "$LAB_TMP/esp/EFI/BOOT/BOOTX64.EFI" serial terminal echo efinet net halt
lab_net_up
lab_qemu_ovmf "$LAB_TMP/esp"
lab_expect 'LAB-OVMF-GRUB-UP' 120
lab_expect 'LAB-OVMF-GRUB-END' 30
lab_qemu_wait 30
lab_grep 'efinet' | head -3
lab_grep "efinet[0-9] $LAB_MAC" >/dev/null || { echo "FAIL: no SNP card with $LAB_MAC"; lab_serial_tail; exit 1; }
echo "PASS: OVMF -> GRUB from the ESP image, NIC visible as efinet"
