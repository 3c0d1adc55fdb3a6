#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A member's server dies while Debian's signed GRUB reads the kernel
# through the stub's published disks (issue 27). aoeboot.efi publishes
# e0.0 and e0.1 as UEFI disks and starts Debian's shim + GRUB (unmodified:
# efidisk + mdraid1x); when the mirror's grub.cfg prints its last line
# before `linux`, the server of the member GRUB reads first (md role 0:
# diskfilter tries its nodes in role order) is killed. QEMU's
# filter-buffer holds the NIC's frames 10 ms so the read lasts long enough
# for the kill to land inside it; the test checks the kernel was not
# loaded yet when it did.
# Expected: the stub's read engine resets the NIC once, then gives the
# member up after its tries and prints ONE line naming it ("aoeboot: disk
# e0.X failed: ..."); later reads of it fail at once (EFI_DEVICE_ERROR),
# GRUB's diskfilter reads the rest from the other member and prints no
# error; kernel and initrd load; /init boots degraded on the survivor.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd efi netboot
lab_require qemu-system-x86_64 vblade cpio unshare mdadm mke2fs python3
efi_need_signed
lab_prelude efi_publish_kill efi
efi_payload
nb_rootfs "$LAB_TMP/fresh.ext4" fresh
nb_put_member "$LAB_M0" "$LAB_TMP/fresh.ext4"
nb_put_member "$LAB_M1" "$LAB_TMP/fresh.ext4"
rm -f "$LAB_TMP/fresh.ext4"
role0=$(mdadm --examine "$LAB_M0" | awk -F': ' '/Device Role/ {print $2}')
case $role0 in
"Active device 0") victim=s0 dead=e0.0 live=e0.1 ;;
"Active device 1") victim=s1 dead=e0.1 live=e0.0 ;;
*) echo "FAIL: cannot tell e0.0's md role ($role0)"; exit 1 ;;
esac
echo "GRUB reads $dead (md role 0) first: its server $victim is the one killed"

esp=$LAB_TMP/esp
efi_publish_esp "$esp" "aoeboot.publish=1 aoeboot.timeout=1"
efi_servers
LAB_MEM=768 lab_qemu_ovmf "$esp" -object filter-buffer,id=f0,netdev=n0,interval=10000
lab_expect 'aoeboot: publish mode' 120
lab_expect 'aoeboot: starting the next loader \\EFI\\debian\\shimx64\.efi' 120
lab_expect 'AOE-MIRROR-CFG fresh' 180
lab_expect '^AOE-VAR-KROOT ' 60
sleep 1
lab_grep 'AOE-MIRROR-KERNEL-LOADED' >/dev/null &&
	{ echo "FAIL: the kernel was loaded before the kill: nothing tested (slow host? lower the filter-buffer interval)"; exit 1; }
lab_server_stop "$victim"
echo "killed $victim ($dead) at $(lab_elapsed) s, while GRUB reads the kernel"
lab_expect 'AOE-MIRROR-KERNEL-LOADED fresh' 600
lab_expect 'AOE-MIRROR-INITRD-LOADED fresh' 300
initrd_root_up 240
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 30 || :
# The NIC is reset once before the member is given up (a wedged NIC
# would come back; a dead server does not).
order=$(lab_grep "^aoeboot: network card reset \\(|^aoeboot: disk ${dead//./\\.} failed:" | cut -c1-40)
echo "$order"
case $(printf '%s\n' "$order" | head -1) in
*reset*) ;;
*) echo "FAIL: no NIC reset before the member was failed"; exit 1 ;;
esac
lines=$(lab_grep "^aoeboot: disk ${dead//./\\.} failed: no answer from [0-9a-f:]{17} at sector [0-9]+$")
echo "$lines"
[ "$(printf '%s\n' "$lines" | grep -c .)" = 1 ] ||
	{ echo "FAIL: not exactly one line names the failed member $dead"; lab_grep 'aoeboot: '; exit 1; }
lab_grep "^aoeboot: disk ${live//./\\.} failed" >/dev/null &&
	{ echo "FAIL: the live member $live was failed too"; exit 1; }
lab_grep 'error: .*(failure reading|read|sector|disk)' >/dev/null &&
	{ echo "FAIL: GRUB reported a read error"; lab_grep 'error: '; exit 1; }
lab_grep '^AOEROOT-ROOTDEV /dev/md0' >/dev/null || { echo "FAIL: root is not /dev/md0"; exit 1; }
lab_grep '\[(U_|_U)\]' >/dev/null || { echo "FAIL: md0 is not degraded on one member"; lab_serial_tail 40; exit 1; }
echo "PASS: $dead's server killed while Debian's GRUB read the kernel from the published disks: one line named it, GRUB read the rest from $live, root on md0 degraded in $(lab_elapsed)s"
