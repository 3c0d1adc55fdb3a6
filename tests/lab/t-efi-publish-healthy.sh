#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# aoeboot.efi in publish mode, both members fresh, unattended (auto
# choice): both are published as UEFI disks, Debian's signed shim and GRUB
# (unmodified) assemble the mirror from them (mdraid1x over efidisk), read
# the mirror's grub.cfg, kernel and initrd, and the root comes up [UU].
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
. "$(dirname "$0")/initrd-lib.sh"
. "$(dirname "$0")/efi-lib.sh"
. "$(dirname "$0")/netboot-lib.sh"
lab_require qemu-system-x86_64 vblade cpio unshare mdadm mke2fs python3
SHIM=/usr/lib/shim/shimx64.efi.signed
GRUBX=/usr/lib/grub/x86_64-efi-signed/grubx64.efi.signed
[ -f "$SHIM" ] || lab_skip "no $SHIM (Debian: shim-signed)"
[ -f "$GRUBX" ] || lab_skip "no $GRUBX (Debian: grub-efi-amd64-signed)"
lab_init efi_publish_healthy
efi_need_stub
efi_payload
nb_rootfs "$LAB_TMP/fresh.ext4" fresh
nb_put_member "$LAB_M0" "$LAB_TMP/fresh.ext4"
nb_put_member "$LAB_M1" "$LAB_TMP/fresh.ext4"
rm -f "$LAB_TMP/fresh.ext4"

esp=$LAB_TMP/esp
mkdir -p "$esp/EFI/BOOT" "$esp/EFI/debian"
cp "$EFI_STUB" "$esp/EFI/BOOT/BOOTX64.EFI"
echo "aoeboot.publish=1 aoeboot.timeout=1" > "$esp/EFI/BOOT/cmdline.txt"
cp "$SHIM" "$esp/EFI/debian/shimx64.efi"
cp "$GRUBX" "$esp/EFI/debian/grubx64.efi"
cat > "$esp/EFI/debian/grub.cfg" <<CFG
echo "AOE-ESP-CFG"
set aoe_kernel_root=/dev/md0
set aoe_args="aoe_netdev=$LAB_MAC aoe_md_devs=e0.0,e0.1 aoe_md_uuid=$LAB_FIX_UUID"
export aoe_kernel_root
export aoe_args
if search --no-floppy --label --set=root aoeroot; then
	echo "AOE-ESP-FOUND \$root"
	configfile /boot/grub/grub.cfg
fi
echo "AOE-ESP-NO-MIRROR"
CFG
lab_net_up
lab_server s0 0 0 "$LAB_M0"
lab_server s1 0 1 "$LAB_M1"

LAB_MEM=768 lab_qemu_ovmf "$esp"
lab_expect 'aoeboot: publish mode' 90
lab_expect 'aoeboot: starting the next loader \\EFI\\debian\\shimx64\.efi' 90
lab_expect 'AOE-MIRROR-CFG fresh' 120
lab_expect 'AOE-MIRROR-INITRD-LOADED fresh' 600
initrd_root_up 240
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 30 || :
for m in e0.0 e0.1; do
	lab_grep "aoeboot: published ${m//./\\.} as a read-only UEFI disk" >/dev/null ||
		{ echo "FAIL: $m was not published"; exit 1; }
done
lab_grep 'not published' >/dev/null && { echo "FAIL: a fresh member was refused"; exit 1; }
lab_grep 'AOE-ESP-FOUND md' >/dev/null || { echo "FAIL: GRUB did not find the file system on an md array"; exit 1; }
lab_grep 'aoeboot: disk .* sector' >/dev/null && { echo "FAIL: a read of a published disk failed"; exit 1; }
lab_grep '^AOEROOT-ROOTDEV /dev/md0' >/dev/null || { echo "FAIL: root is not /dev/md0"; exit 1; }
lab_grep '\[UU\]' >/dev/null || { echo "FAIL: md0 not [UU]"; lab_serial_tail 40; exit 1; }
echo "PASS: both fresh members published; Debian's signed shim + GRUB assembled the mirror from them, booted kernel + initrd from it, root [UU] in $(lab_elapsed)s"
