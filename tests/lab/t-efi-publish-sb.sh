#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Publish mode under Secure Boot with Debian's own signed chain: OVMF's
# Secure Boot code with a variable store whose db holds Microsoft's UEFI CA
# 2011 (Debian's OVMF_VARS_4M.ms.fd) plus the lab's snakeoil certificate
# (added by tests/lab/ovmf-vars.py). aoeboot.efi is signed with the
# snakeoil key; it publishes the fresh members and starts Debian's signed
# shimx64.efi (Microsoft's signature), which starts Debian's signed
# grubx64.efi (Debian's key, built into shim), which reads grub.cfg, the
# Debian-signed kernel (verified through shim_lock) and the initrd from the
# mirror. Two boots:
# (1) both members fresh; a first disk holds the same stub signed with a
#     key that is not enrolled: the firmware refuses it (db is enforced),
#     boots the second disk, and the chain brings the root up [UU]; the
#     kernel says Secure Boot is on.
# (2) e0.1 stale with a different /boot (its grub.cfg prints "stale", its
#     vmlinuz is no kernel), selected anyway: e0.1 is never published, GRUB
#     never reads its files, root comes up degraded from e0.0.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd efi netboot
lab_require qemu-system-x86_64 vblade cpio unshare mdadm mke2fs python3 sbsign sbverify openssl
efi_need_signed
SB_CODE=/usr/share/OVMF/OVMF_CODE_4M.secboot.fd
SB_MSVARS=/usr/share/OVMF/OVMF_VARS_4M.ms.fd
SB_KEY=/usr/share/ovmf/PkKek-1-snakeoil.key
SB_CERT=/usr/share/ovmf/PkKek-1-snakeoil.pem
for f in "$SB_CODE" "$SB_MSVARS" "$SB_KEY" "$SB_CERT"; do
	[ -f "$f" ] || lab_skip "no $f (Debian: ovmf)"
done
lab_prelude efi_publish_sb efi
efi_payload

# The variable store: Microsoft's db plus the snakeoil certificate.
vars=$LAB_TMP/OVMF_VARS_4M.ms+snakeoil.fd
"$LAB_LIBDIR/ovmf-vars.py" add-x509 "$SB_MSVARS" "$vars" "$SB_CERT"
mkdir -p "$LAB_TMP/db"
"$LAB_LIBDIR/ovmf-vars.py" certs "$vars" db --extract "$LAB_TMP/db" | tee "$LAB_TMP/db.txt"
subjects=$(for c in "$LAB_TMP"/db/*.der; do openssl x509 -inform DER -in "$c" -noout -subject; done)
echo "$subjects"
grep -q 'CN *= *Microsoft Corporation UEFI CA 2011' <<<"$subjects" || { echo "FAIL: db lacks Microsoft's UEFI CA"; exit 1; }
snake=$(openssl x509 -in "$SB_CERT" -outform DER | sha256sum | cut -d' ' -f1)
grep -q "x509 .*sha256=$snake" "$LAB_TMP/db.txt" || { echo "FAIL: db lacks the snakeoil certificate"; exit 1; }

# The stub signed with the enrolled key, and once with a key that is not.
openssl rsa -in "$SB_KEY" -passin pass:snakeoil -out "$LAB_TMP/db.key" 2>/dev/null
sbsign --key "$LAB_TMP/db.key" --cert "$SB_CERT" --output "$LAB_TMP/aoeboot.signed.efi" "$EFI_STUB"
sbverify --cert "$SB_CERT" "$LAB_TMP/aoeboot.signed.efi"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj '/CN=aoeroot lab, not enrolled/' \
	-keyout "$LAB_TMP/other.key" -out "$LAB_TMP/other.pem" 2>/dev/null
sbsign --key "$LAB_TMP/other.key" --cert "$LAB_TMP/other.pem" --output "$LAB_TMP/aoeboot.other.efi" "$EFI_STUB"

# sb_esp DIR ARGS: the publish-mode ESP with the snakeoil-signed stub.
sb_esp() {
	rm -rf "$1"
	efi_publish_esp "$1" "$2"
	cp "$LAB_TMP/aoeboot.signed.efi" "$1/EFI/BOOT/BOOTX64.EFI"
}
# sb_boot ESP [qemu args]: OVMF Secure Boot code, our variable store.
sb_boot() {
	LAB_OVMF_CODE=$SB_CODE LAB_OVMF_VARS=$vars LAB_MEM=768 lab_qemu_ovmf "$@" \
		-machine q35,smm=on -global driver=cfi.pflash01,property=secure,value=on
}
# sb_kernel_says_on: the kernel's own view of the firmware's SecureBoot.
sb_kernel_says_on() {
	lab_grep 'secureboot: Secure boot enabled' ||
		{ echo "FAIL: the kernel did not see Secure Boot on"; lab_grep 'secureboot:'; exit 1; }
	lab_show 'Kernel is locked down'
}

# (1) both fresh; the first disk's stub is signed with a key not in db.
nb_rootfs "$LAB_TMP/fresh.ext4" fresh
nb_put_member "$LAB_M0" "$LAB_TMP/fresh.ext4"
nb_put_member "$LAB_M1" "$LAB_TMP/fresh.ext4"
sb_esp "$LAB_TMP/esp" "aoeboot.publish=1 aoeboot.timeout=1"
lab_esp_image "$LAB_TMP/esp" "$LAB_TMP/esp-signed.img"
mkdir -p "$LAB_TMP/esp-other/EFI/BOOT"
cp "$LAB_TMP/aoeboot.other.efi" "$LAB_TMP/esp-other/EFI/BOOT/BOOTX64.EFI"
echo "aoeboot.publish=1 aoeboot.timeout=1" > "$LAB_TMP/esp-other/EFI/BOOT/cmdline.txt"
efi_servers

LAB_NIC_OPTS=,bootindex=2 sb_boot "$LAB_TMP/esp-other" \
	-drive "if=none,id=esp2,format=raw,file=$LAB_TMP/esp-signed.img" \
	-device virtio-blk-pci,drive=esp2,bootindex=1
lab_expect 'BdsDxe: failed to load Boot[0-9A-F]+ .*: Access Denied' 90
lab_grep 'BdsDxe: failed to load .*Access Denied'
lab_expect 'aoeboot: publish mode' 90
lab_expect 'aoeboot: starting the next loader \\EFI\\debian\\shimx64\.efi' 90
lab_expect 'AOE-ESP-CFG' 120
lab_expect 'AOE-MIRROR-CFG fresh' 120
lab_expect 'AOE-MIRROR-INITRD-LOADED fresh' 600
efi_root_is e0.0,e0.1
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 30 || :
[ "$(lab_grep 'aoeboot: publish mode' | wc -l)" = 1 ] ||
	{ echo "FAIL: the stub signed with a key not in db ran"; exit 1; }
for m in e0.0 e0.1; do
	lab_grep "aoeboot: published ${m//./\\.} as a read-only UEFI disk" >/dev/null ||
		{ echo "FAIL: $m was not published"; exit 1; }
done
lab_grep 'AOE-ESP-FOUND md' >/dev/null || { echo "FAIL: GRUB did not find the file system on an md array"; exit 1; }
lab_grep '\[UU\]' >/dev/null || { echo "FAIL: md0 not [UU]"; lab_serial_tail 40; exit 1; }
sb_kernel_says_on
t1=$(lab_elapsed)
cp "$LAB_TMP/serial.log" "$LAB_TMP/serial-1.log"
echo "boot 1: wrongly signed stub refused; signed stub -> shim -> GRUB -> kernel from the mirror, [UU] in ${t1}s"

# (2) e0.1 stale with a different /boot, selected anyway.
lab_restore_members
head -c 4194304 /dev/zero | tr '\0' 'S' > "$LAB_TMP/not-a-kernel"
nb_rootfs "$LAB_TMP/stale.ext4" stale 56 "$LAB_TMP/not-a-kernel"
nb_put_member "$LAB_M0" "$LAB_TMP/fresh.ext4"
nb_put_member "$LAB_M1" "$LAB_TMP/stale.ext4"
rm -f "$LAB_TMP/fresh.ext4" "$LAB_TMP/stale.ext4"
nb_bump_events "$LAB_M0" 10
sb_esp "$LAB_TMP/esp" "aoeboot.publish=1 aoeboot.timeout=1 aoeboot.select=e0.0,e0.1 aoeboot.verbose=2"
sb_boot "$LAB_TMP/esp"
lab_expect 'aoeboot: publish mode' 90
lab_expect 'aoeboot: published e0\.0 as a read-only UEFI disk' 60
lab_expect 'aoeboot: starting the next loader \\EFI\\debian\\shimx64\.efi' 30
lab_expect 'AOE-MIRROR-CFG ' 120
lab_expect 'AOE-MIRROR-INITRD-LOADED ' 600
initrd_root_up 240
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 30 || :
lab_grep 'aoeboot: e0\.1 not published: stale' >/dev/null || { echo "FAIL: no refusal of the stale e0.1"; exit 1; }
lab_grep 'aoeboot: published e0\.1' >/dev/null && { echo "FAIL: the stale member e0.1 became a UEFI disk"; exit 1; }
lab_grep 'AOE-MIRROR-CFG stale' >/dev/null && { echo "FAIL: GRUB read the stale member's grub.cfg"; exit 1; }
lab_grep 'AOE-MIRROR-CFG fresh' >/dev/null || { echo "FAIL: the fresh grub.cfg was not read"; exit 1; }
line=$(lab_grep '^AOEROOT-CMDLINE ' | tail -1)
echo "$line"
case " $line " in *" aoeroot_tag=fresh "*) ;; *) echo "FAIL: not the fresh config's kernel line"; exit 1 ;; esac
lab_grep '^AOEROOT-ROOTDEV /dev/md0' >/dev/null || { echo "FAIL: root is not /dev/md0"; exit 1; }
lab_grep '\[U_\]|\[_U\]' >/dev/null || { echo "FAIL: md0 not degraded"; lab_serial_tail 40; exit 1; }
sb_kernel_says_on
echo "boot 2: stale e0.1 never published, fresh /boot read, root degraded in $(lab_elapsed)s"
echo "PASS: Secure Boot (db = Microsoft UEFI CA + snakeoil): a stub signed with another key refused; the signed stub, Debian's signed shim, GRUB and kernel booted root [UU] from the published mirror (${t1}s); a stale member was never published nor read, root degraded ($(lab_elapsed)s)"
