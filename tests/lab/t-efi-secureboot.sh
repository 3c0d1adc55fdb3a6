#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Secure Boot on (OVMF secboot code, Debian's snakeoil key enrolled as PK,
# KEK and db): (1) the one-file image signed with sbsign, holding a kernel
# re-signed with the same key, boots root on the AoE mirror; (2) the same
# image holding the kernel signed only by Debian is started (the image is
# signed) but LoadImage refuses the kernel: the stub says so, prints
# offers retry / return to the firmware.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd efi
lab_require qemu-system-x86_64 vblade cpio unshare sbsign sbattach openssl
SB_CODE=/usr/share/OVMF/OVMF_CODE_4M.secboot.fd
SB_VARS=/usr/share/OVMF/OVMF_VARS_4M.snakeoil.fd
SB_KEY=/usr/share/ovmf/PkKek-1-snakeoil.key
SB_CERT=/usr/share/ovmf/PkKek-1-snakeoil.pem
for f in "$SB_CODE" "$SB_VARS" "$SB_KEY" "$SB_CERT"; do
	[ -f "$f" ] || lab_skip "no $f (Debian: ovmf)"
done
lab_init efi_sb
efi_need_stub
efi_payload
efi_servers
# Debian's snakeoil key is encrypted with the password "snakeoil".
openssl rsa -in "$SB_KEY" -passin pass:snakeoil -out "$LAB_TMP/db.key" 2>/dev/null
sbattach --remove "$(cp "$LAB_VMLINUZ" "$LAB_TMP/vmlinuz" && echo "$LAB_TMP/vmlinuz")" 2>/dev/null || :
sbsign --key "$LAB_TMP/db.key" --cert "$SB_CERT" --output "$LAB_TMP/vmlinuz.signed" "$LAB_TMP/vmlinuz"
base="$EFI_BASE aoeboot.timeout=0"

# sb_image KERNEL: a signed one-file image on an ESP directory.
sb_image() {
	rm -rf "$LAB_TMP/esp" && mkdir -p "$LAB_TMP/esp/EFI/BOOT"
	"$EFI_MK" -s "$EFI_STUB" -k "$1" -i "$LAB_TMP/initrd.gz" -c "$base" -o "$LAB_TMP/one.efi" >&2
	sbsign --key "$LAB_TMP/db.key" --cert "$SB_CERT" --output "$LAB_TMP/esp/EFI/BOOT/BOOTX64.EFI" "$LAB_TMP/one.efi"
	sbverify --cert "$SB_CERT" "$LAB_TMP/esp/EFI/BOOT/BOOTX64.EFI" >&2
}
sb_boot() {
	LAB_OVMF_CODE=$SB_CODE LAB_OVMF_VARS=$SB_VARS lab_qemu_ovmf "$LAB_TMP/esp" \
		-machine q35,smm=on -global driver=cfi.pflash01,property=secure,value=on
}

# (1) everything signed with an enrolled key: boots.
sb_image "$LAB_TMP/vmlinuz.signed"
sb_boot
lab_expect 'aoeboot: starting' 90
lab_expect 'Secure Boot is enabled|secureboot: Secure boot enabled' 90
efi_root_is e0.0,e0.1
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 30

# (2) the kernel carries only Debian's signature: LoadImage refuses it.
lab_restore_members
sb_image "$LAB_VMLINUZ"
sb_boot
lab_expect 'aoeboot: starting' 90
lab_expect 'LoadImage refused the kernel: EFI_(ACCESS_DENIED|SECURITY_VIOLATION)' 60
lab_expect 'the kernel was refused \(Secure Boot' 10
lab_expect 'aoeboot: press r to retry' 10
lab_qemu_kill
echo "PASS: Secure Boot: signed image + signed kernel booted root; Debian-only-signed kernel refused with a message"
