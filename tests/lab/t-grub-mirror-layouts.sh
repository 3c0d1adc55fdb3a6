#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The netboot GRUB image on two other layouts.
# Boot 1: a partitioned mirror: md0 holds an MBR whose partition 1 is the
# root with /boot; netboot.cfg finds /boot on (mduuid/...,msdos1), the
# kernel gets root=/dev/md0p1 ($aoe_kernel_root), root [UU] on md0p1.
# Boot 2: a single AoE disk without md (e1.0, the only target): aoe_select
# finds no array, netboot.cfg attaches the one disk with aoe_attach and
# boots its /boot with root=/dev/etherd/e1.0.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd grub netboot
lab_require qemu-system-x86_64 vblade cpio unshare mcopy mkfs.vfat mdadm mke2fs sfdisk
lab_prelude grub_mirror_layouts grub init kernel mirror members initrd
# md0 = 1 MiB label + partition 1 (56 MiB ext4 with /boot)
nb_rootfs "$LAB_TMP/root.ext4" part 56
truncate -s 58M "$LAB_TMP/part.img"
printf 'label: dos\nstart=2048, size=%d, type=83\n' $((56 * 2048)) | sfdisk -q "$LAB_TMP/part.img"
dd if="$LAB_TMP/root.ext4" of="$LAB_TMP/part.img" bs=1M seek=1 conv=notrunc status=none
nb_put_member "$LAB_M0" "$LAB_TMP/part.img"
nb_put_member "$LAB_M1" "$LAB_TMP/part.img"
rm -f "$LAB_TMP/part.img" "$LAB_TMP/root.ext4"
# the single disk: a bare ext4 with /boot, no md, no partition table
nb_rootfs "$LAB_TMP/single.img" single 64
nb_esp "$LAB_TMP/esp"
nb_check_esp_only
lab_net_up
lab_server s0 0 0 "$LAB_M0"
lab_server s1 0 1 "$LAB_M1"

echo "== boot 1: /boot on partition 1 of the mirror"
nb_boot
lab_expect 'aoe: accepted \(unattended\)' 120
lab_expect 'AOE-NETBOOT-CONFIG' 90
lab_expect 'AOE-MIRROR-CFG part' 60
lab_expect '^AOE-VAR-ROOT mduuid/[0-9a-f]{32},msdos1$' 30
lab_expect '^AOE-VAR-KROOT /dev/md0p1$' 30
initrd_root_up 300
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 30 || :
lab_grep '^AOEROOT-ROOTDEV .*md0p1' >/dev/null || { echo "FAIL: root is not on md0p1"; exit 1; }
lab_grep '\[UU\]' >/dev/null || { echo "FAIL: md0 not [UU]"; exit 1; }
case " $(grub_cmdline) " in *" aoeroot_tag=part "*) ;; *) echo "FAIL: not the mirror's kernel line"; exit 1 ;; esac
echo "ok: boot 1: /boot on (md,msdos1), root on md0p1 [UU]"

echo "== boot 2: one AoE disk, no md"
lab_server_stop s0
lab_server_stop s1
lab_server s2 1 0 "$LAB_TMP/single.img"
nb_boot
lab_expect 'aoe: attached \(aoe/e1\.0\)' 180
lab_expect 'AOE-NETBOOT-CONFIG \(aoe/e1\.0\)/boot/grub/grub.cfg' 60
lab_expect 'AOE-MIRROR-CFG single' 60
lab_expect '^AOE-VAR-ROOT aoe/e1\.0$' 30
lab_expect '^AOE-VAR-KROOT /dev/etherd/e1\.0$' 30
initrd_root_up 300
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 30 || :
lab_grep '^AOEROOT-ROOTDEV /dev/etherd/e1\.0' >/dev/null || { echo "FAIL: root is not /dev/etherd/e1.0"; exit 1; }
case " $(grub_cmdline) " in *" aoeroot_tag=single "*) ;; *) echo "FAIL: not the disk's kernel line"; exit 1 ;; esac
echo "PASS: partitioned mirror (/boot on md0p1) and a single AoE disk without md both booted from their own /boot"
