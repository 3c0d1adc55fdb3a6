#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# aoeboot.efi in publish mode, both members fresh, unattended (auto
# choice): both are published as UEFI disks, Debian's signed shim and GRUB
# (unmodified) assemble the mirror from them (mdraid1x over efidisk), read
# the mirror's grub.cfg, kernel and initrd, and the root comes up [UU].
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd efi netboot
lab_require qemu-system-x86_64 vblade cpio unshare mdadm mke2fs python3
efi_need_signed
lab_prelude efi_publish_healthy efi
efi_payload
nb_rootfs "$LAB_TMP/fresh.ext4" fresh
nb_put_member "$LAB_M0" "$LAB_TMP/fresh.ext4"
nb_put_member "$LAB_M1" "$LAB_TMP/fresh.ext4"
rm -f "$LAB_TMP/fresh.ext4"

esp=$LAB_TMP/esp
efi_publish_esp "$esp" "aoeboot.publish=1 aoeboot.timeout=1"
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
