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
# mirror. Neither the ESP's grub.cfg nor the mirror's names an aoe_*
# argument: /init learns the members only from the stub's handoff
# (AoeRootHandoff, docs/handoff.md). Two boots:
# (1) a SAN of two arrays (e0.0+e0.1, and e1.0+e1.1 holding another /boot,
#     tag "picked"), no rule to choose between them; a first disk holds the
#     same stub signed with a key that is not enrolled: the firmware refuses
#     it (db is enforced) and boots the second disk. A person (keys on the
#     serial console) picks e1.0 and e1.1, which no config names: only
#     they are published, GRUB reads their /boot, /init says it took them
#     from the handoff, md0 is assembled from exactly them, [UU]; the
#     kernel says Secure Boot is on.
# (2) e0.1 stale with a different /boot (its grub.cfg prints "stale", its
#     vmlinuz is no kernel), named by aoeboot.select=: e0.1 is never
#     published, the handoff names it flagged re-add only (the list named
#     it: docs/handoff.md), GRUB never reads its files, root comes up
#     degraded from e0.0 and /init adds e0.1 back.
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

# sb_esp DIR ARGS: the publish-mode ESP with the snakeoil-signed stub and
# no aoe_* argument in its grub.cfg.
sb_esp() {
	rm -rf "$1"
	efi_publish_esp "$1" "$2" handoff
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

# (1) two arrays; the first disk's stub is signed with a key not in db.
export NB_NO_AOE_ARGS=1
nb_rootfs "$LAB_TMP/fresh.ext4" fresh
nb_put_member "$LAB_M0" "$LAB_TMP/fresh.ext4"
nb_put_member "$LAB_M1" "$LAB_TMP/fresh.ext4"
other_uuid=0f1e2d3c4b5a69788796a5b4c3d2e1f0
cp --sparse=always "$LAB_M0" "$LAB_TMP/other0.img"
cp --sparse=always "$LAB_M1" "$LAB_TMP/other1.img"
for k in 0 1; do
	python3 "$top_srcdir/tests/lab/fleet-md.py" --relabel "$LAB_TMP/other$k.img" lab:other "$other_uuid"
done
nb_rootfs "$LAB_TMP/picked.ext4" picked
nb_put_member "$LAB_TMP/other0.img" "$LAB_TMP/picked.ext4"
nb_put_member "$LAB_TMP/other1.img" "$LAB_TMP/picked.ext4"
rm -f "$LAB_TMP/picked.ext4"
sb_esp "$LAB_TMP/esp" "aoeboot.publish=1 aoeboot.timeout=30 aoeboot.verbose=1"
grep -E 'aoe_(netdev|md_devs|md_uuid|vlan)' "$LAB_TMP/esp/EFI/debian/grub.cfg" &&
	{ echo "FAIL: the ESP's grub.cfg names aoe_ members"; exit 1; }
lab_esp_image "$LAB_TMP/esp" "$LAB_TMP/esp-signed.img"
mkdir -p "$LAB_TMP/esp-other/EFI/BOOT"
cp "$LAB_TMP/aoeboot.other.efi" "$LAB_TMP/esp-other/EFI/BOOT/BOOTX64.EFI"
echo "aoeboot.publish=1 aoeboot.timeout=1" > "$LAB_TMP/esp-other/EFI/BOOT/cmdline.txt"
efi_servers
lab_server s2 1 0 "$LAB_TMP/other0.img"
lab_server s3 1 1 "$LAB_TMP/other1.img"

LAB_NIC_OPTS=,bootindex=2 sb_boot "$LAB_TMP/esp-other" \
	-drive "if=none,id=esp2,format=raw,file=$LAB_TMP/esp-signed.img" \
	-device virtio-blk-pci,drive=esp2,bootindex=1
lab_expect 'BdsDxe: failed to load Boot[0-9A-F]+ .*: Access Denied' 90
lab_grep 'BdsDxe: failed to load .*Access Denied'
lab_expect 'aoeboot: publish mode' 90
lab_expect "$LAB_PICKER_SHOWN" 120
# A person picks the second array: its rows, as numbered on the screen.
for m in e1.0 e1.1; do
	row=$(lab_grep "\] [0-9] ${m//./\\.} " | tail -1 | grep -oE '\] [0-9] ' | grep -oE '[0-9]')
	[ -n "$row" ] || { echo "FAIL: no picker row for $m"; lab_serial_tail 40; exit 1; }
	echo "person: $m is row $row"
	lab_send "$row"
	lab_expect "$LAB_PICKER_SHOWN" 30
done
lab_send '\r'
lab_expect 'aoeboot: starting the next loader \\EFI\\debian\\shimx64\.efi' 90
lab_expect 'AOE-ESP-CFG' 120
lab_expect 'AOE-MIRROR-CFG picked' 120
lab_expect 'AOE-MIRROR-INITRD-LOADED picked' 600
initrd_root_up 240
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 30 || :
[ "$(lab_grep 'aoeboot: publish mode' | wc -l)" = 1 ] ||
	{ echo "FAIL: the stub signed with a key not in db ran"; exit 1; }
for m in e1.0 e1.1; do
	lab_grep "aoeboot: published ${m//./\\.} as a read-only UEFI disk" >/dev/null ||
		{ echo "FAIL: $m was not published"; exit 1; }
done
lab_grep 'aoeboot: published e0\.' >/dev/null && { echo "FAIL: a member of the array nobody picked was published"; exit 1; }
lab_grep 'aoeboot: handoff to Linux \(AoeRootHandoff, [0-9]+ bytes\): members e1\.0,e1\.1, chosen by: a person at the picker$' ||
	{ echo "FAIL: the stub's handoff does not name the person's choice"; exit 1; }
lab_grep 'AOE-ESP-FOUND md' >/dev/null || { echo "FAIL: GRUB did not find the file system on an md array"; exit 1; }
line=$(lab_grep '^AOEROOT-CMDLINE ' | tail -1)
echo "$line"
case " $line " in *" aoeroot_tag=picked "*) ;; *) echo "FAIL: not the picked array's kernel line"; exit 1 ;; esac
case " $line " in *" aoe_"*) echo "FAIL: an aoe_* argument reached the kernel: the test must not name members"; exit 1 ;; esac
lab_grep 'members taken from the boot loader.s handoff: e1\.0,e1\.1' ||
	{ echo "FAIL: /init did not say it took the members from the handoff"; exit 1; }
got=$(efi_md_members)
[ "$got" = e1.0,e1.1 ] || { echo "FAIL: md0 assembled from '$got', the person picked e1.0,e1.1"; lab_serial_tail 40; exit 1; }
lab_grep '\[UU\]' >/dev/null || { echo "FAIL: md0 not [UU]"; lab_serial_tail 40; exit 1; }
lab_grep '^AOEROOT-ROOTDEV /dev/md0' >/dev/null || { echo "FAIL: root is not /dev/md0"; exit 1; }
sb_kernel_says_on
t1=$(lab_elapsed)
cp "$LAB_TMP/serial.log" "$LAB_TMP/serial-1.log"
lab_server_stop s2
lab_server_stop s3
rm -f "$LAB_TMP/other0.img" "$LAB_TMP/other1.img"
echo "boot 1: wrongly signed stub refused; a person picked e1.0+e1.1 (named by no config): published, handed off, md0 = $got [UU] in ${t1}s"

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
# aoeboot.select= names e0.1: a stale member the configuration named is not
# published but handed off flagged re-add, so /init adds it back
# (docs/handoff.md "Re-add members"; issue 27).
lab_grep 'aoeboot: handoff to Linux \(AoeRootHandoff, [0-9]+ bytes\): members e0\.0,e0\.1\(re-add\), chosen by: configured list, DEGRADED$' ||
	{ echo "FAIL: the handoff does not name e0.0 attached and e0.1 re-add"; exit 1; }
lab_grep 'members taken from the boot loader.s handoff: e0\.0,e0\.1 ' >/dev/null ||
	{ echo "FAIL: /init did not take e0.0,e0.1 from the handoff"; exit 1; }
lab_grep 'added stale member e0\.1 back to /dev/md0' >/dev/null ||
	{ echo "FAIL: /init did not add the named stale e0.1 back"; exit 1; }
lab_grep 'AOE-MIRROR-CFG stale' >/dev/null && { echo "FAIL: GRUB read the stale member's grub.cfg"; exit 1; }
lab_grep 'AOE-MIRROR-CFG fresh' >/dev/null || { echo "FAIL: the fresh grub.cfg was not read"; exit 1; }
line=$(lab_grep '^AOEROOT-CMDLINE ' | tail -1)
echo "$line"
case " $line " in *" aoeroot_tag=fresh "*) ;; *) echo "FAIL: not the fresh config's kernel line"; exit 1 ;; esac
lab_grep '^AOEROOT-ROOTDEV /dev/md0' >/dev/null || { echo "FAIL: root is not /dev/md0"; exit 1; }
lab_grep '\[U_\]|\[_U\]' >/dev/null || { echo "FAIL: md0 not degraded"; lab_serial_tail 40; exit 1; }
sb_kernel_says_on
echo "boot 2: stale e0.1 never published, handed off as re-add only, fresh /boot read, root degraded in $(lab_elapsed)s"
echo "PASS: Secure Boot (db = Microsoft UEFI CA + snakeoil), no aoe_* argument in any grub.cfg: a stub signed with another key refused; a person picked e1.0+e1.1 at the stub, Debian's signed shim, GRUB and kernel booted from them and /init assembled md0 = $got [UU] from the handoff (${t1}s); a stale member the list named was never published, handed off as re-add only, root degraded ($(lab_elapsed)s)"
