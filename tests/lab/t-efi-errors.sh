#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# UEFI stub error paths, no kernel started: (1) no AoE target answers: the
# picker says so, scans again unattended, and q returns to the firmware;
# (2) aoeboot.nic= names a MAC no card has: a clear message, the retry offer,
# and a key returns to the firmware. Never a silent hang.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd efi
lab_require qemu-system-x86_64 cpio
lab_prelude efi_err efi init kernel
: > "$LAB_TMP/initrd.gz"   # never started: an empty initrd is enough
lab_net_up                  # a NIC on an empty bridge: no vblade

# (1) no targets
efi_esp "$LAB_TMP/esp" "$EFI_BASE aoeboot.timeout=1 aoeboot.scan_ms=500"
lab_qemu_ovmf "$LAB_TMP/esp"
lab_expect "$LAB_PICKER_SHOWN" 90
lab_grep 'no AoE targets answered' >/dev/null || { echo "FAIL: no 'no targets' line"; exit 1; }
lab_expect 'no AoE targets answered; scanning again' 20
lab_expect "$LAB_PICKER_SHOWN" 20
lab_send 'q'
lab_expect 'cancelled: returning to the firmware' 20
lab_qemu_kill

# (2) the NIC asked for does not exist
rm -rf "$LAB_TMP/esp"
efi_esp "$LAB_TMP/esp" "$EFI_BASE aoeboot.nic=02:00:00:00:00:99"
lab_qemu_ovmf "$LAB_TMP/esp"
lab_expect 'no network card with MAC 02:00:00:00:00:99' 90
lab_expect 'aoeboot: press r to retry' 10
lab_send 'x'
lab_expect 'BdsDxe: .*(failed|Not Found|start)|>>Start PXE' 30
lab_qemu_kill
echo "PASS: no targets -> message, rescan, q back to firmware; missing NIC -> message, key back to firmware"
