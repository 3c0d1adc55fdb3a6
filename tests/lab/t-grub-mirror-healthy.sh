#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Everything from the mirror: OVMF -> the generic netboot GRUB image (the
# ESP holds nothing else) -> aoe_select's countdown accepts e0.0 + e0.1 ->
# both attached as (aoe/e0.0) (aoe/e0.1) -> GRUB's mdraid1x finds the
# array -> the mirror's own /boot/grub/grub.cfg loads /boot/vmlinuz and
# /boot/initrd-aoe.img from it -> root on /dev/md0 [UU].
# How we know the kernel came over AoE: there is no kernel anywhere else
# (no -kernel, no TFTP, the ESP holds only BOOTX64.EFI), and the root's
# command line carries aoeroot_tag=fresh, which only the mirror's grub.cfg
# adds. While GRUB reads the kernel, every 10th AoE frame crossing the
# bridge is dropped (deterministic, nft counter checked): the read engine
# retransmits and the boot completes.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd grub netboot
lab_require qemu-system-x86_64 vblade cpio unshare mcopy mkfs.vfat mdadm mke2fs nft
lab_prelude grub_mirror_healthy grub init kernel mirror members initrd
nb_rootfs "$LAB_TMP/root.ext4" fresh
nb_put_member "$LAB_M0" "$LAB_TMP/root.ext4"
nb_put_member "$LAB_M1" "$LAB_TMP/root.ext4"
rm -f "$LAB_TMP/root.ext4"
nb_esp "$LAB_TMP/esp"
nb_check_esp_only
lab_net_up
lab_server s0 0 0 "$LAB_M0"
lab_server s1 0 1 "$LAB_M1"
nb_boot
lab_expect 'aoe: accepted \(unattended\)' 120
lab_expect 'aoe: attached \(aoe/e0\.[01]\)' 30
lab_expect 'aoe: aoe_root=mduuid/' 30
lab_expect 'AOE-NETBOOT-CONFIG' 60
lab_expect 'AOE-MIRROR-CFG fresh' 60
lab_expect '^AOE-VAR-ROOT mduuid/[0-9a-f]{32}$' 30
lab_expect '^AOE-VAR-AOEROOT mduuid/[0-9a-f]{32}$' 30
# the kernel is being read now: drop every 10th AoE frame until it is in
lab_net_loss 10 inc
lab_expect 'AOE-MIRROR-KERNEL-LOADED fresh' 300
dropped=$(ip netns exec "$LAB_NS_BR" nft list table bridge lab | awk '/counter/ {for (i = 1; i <= NF; i++) if ($i == "packets") print $(i + 1)}')
lab_net_loss 0
echo "AoE frames dropped while GRUB read the kernel: $dropped"
lab_expect 'AOE-MIRROR-INITRD-LOADED fresh' 120
initrd_root_up 180
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 30 || :
[ "${dropped:-0}" -gt 0 ] || { echo "FAIL: no frame was dropped during the kernel read"; exit 1; }
lab_grep 'aoe: attached \(aoe/e0\.0\)' >/dev/null || { echo "FAIL: e0.0 not attached"; exit 1; }
lab_grep 'aoe: attached \(aoe/e0\.1\)' >/dev/null || { echo "FAIL: e0.1 not attached"; exit 1; }
cmdline=$(grub_cmdline)
echo "kernel command line: $cmdline"
case " $cmdline " in
*" aoeroot_tag=fresh "*) ;;
*) echo "FAIL: the kernel did not get the mirror's grub.cfg arguments"; exit 1 ;;
esac
case " $cmdline " in
*" aoe_md_devs=e0.0,e0.1 "*) ;;
*) echo "FAIL: \$aoe_args did not reach the kernel"; exit 1 ;;
esac
lab_grep '\[UU\]' >/dev/null || { echo "FAIL: md0 not [UU]"; lab_serial_tail 40; exit 1; }
lab_grep '^AOEROOT-ROOTDEV /dev/md0' >/dev/null || { echo "FAIL: root is not /dev/md0"; exit 1; }
echo "PASS: kernel, initrd and grub.cfg read by GRUB from the AoE mirror ($dropped frames dropped during the kernel read), root on md0 [UU]"
