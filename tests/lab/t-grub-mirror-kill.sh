#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A member's server dies while GRUB reads the kernel through its (aoe/eS.L)
# disks (issue 27). The generic netboot GRUB image attaches e0.0 and e0.1,
# GRUB's mdraid1x assembles the mirror and reads the mirror's grub.cfg;
# when the config prints its last line before `linux`, the server of the
# member GRUB reads first (md role 0: diskfilter tries its nodes in role
# order) is killed. QEMU's filter-buffer holds the NIC's frames 10 ms so
# the kernel read lasts long enough for the kill to land inside it, and
# the test checks that the kernel was not loaded yet when it did.
# Expected: the read engine resets the card once (aoe: efinet0: reset),
# then gives the member up after its tries, the
# module prints ONE line naming it ("aoe: (aoe/e0.X) failed: ..."),
# diskfilter reads the rest from the other member (GRUB prints no error),
# kernel and initrd load, /init boots degraded on the survivor.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd grub netboot
lab_require qemu-system-x86_64 vblade cpio unshare mcopy mkfs.vfat mdadm mke2fs
lab_prelude grub_mirror_kill grub init kernel mirror members initrd
nb_rootfs "$LAB_TMP/root.ext4" fresh
nb_put_member "$LAB_M0" "$LAB_TMP/root.ext4"
nb_put_member "$LAB_M1" "$LAB_TMP/root.ext4"
rm -f "$LAB_TMP/root.ext4"
nb_esp "$LAB_TMP/esp"
# GRUB's diskfilter reads RAID1 node 0 (md role 0) first: kill that one.
role0=$(mdadm --examine "$LAB_M0" | awk -F': ' '/Device Role/ {print $2}')
case $role0 in
"Active device 0") victim=s0 dead=e0.0 live=e0.1 ;;
"Active device 1") victim=s1 dead=e0.1 live=e0.0 ;;
*) echo "FAIL: cannot tell e0.0's md role ($role0)"; exit 1 ;;
esac
echo "GRUB reads $dead (md role 0) first: its server $victim is the one killed"
lab_net_up
lab_server s0 0 0 "$LAB_M0"
lab_server s1 0 1 "$LAB_M1"
LAB_MEM=768 lab_qemu_ovmf "$LAB_TMP/esp" -object filter-buffer,id=f0,netdev=n0,interval=10000
lab_expect 'aoe: attached \(aoe/e0\.[01]\)' 150
lab_expect 'AOE-MIRROR-CFG fresh' 90
lab_expect '^AOE-VAR-KROOT ' 60
sleep 1
lab_grep 'AOE-MIRROR-KERNEL-LOADED' >/dev/null &&
	{ echo "FAIL: the kernel was loaded before the kill: nothing tested (slow host? lower the filter-buffer interval)"; exit 1; }
lab_server_stop "$victim"
echo "killed $victim ($dead) at $(lab_elapsed) s, while GRUB reads the kernel"
lab_expect 'AOE-MIRROR-KERNEL-LOADED fresh' 300
lab_expect 'AOE-MIRROR-INITRD-LOADED fresh' 120
initrd_root_up 240
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 30 || :
# The NIC is reset once before the member is given up (a wedged NIC
# would come back; a dead server does not).
order=$(lab_grep "^aoe: efinet0: reset \\(|^aoe: \\(aoe/${dead//./\\.}\\) failed:" | cut -c1-40)
echo "$order"
case $(printf '%s\n' "$order" | head -1) in
*reset*) ;;
*) echo "FAIL: no NIC reset before the member was failed"; exit 1 ;;
esac
lines=$(lab_grep "^aoe: \(aoe/${dead//./\\.}\) failed: no answer from [0-9a-f:]{17} at sector [0-9]+$")
echo "$lines"
[ "$(printf '%s\n' "$lines" | grep -c .)" = 1 ] ||
	{ echo "FAIL: not exactly one line names the failed member $dead"; lab_grep 'aoe: '; exit 1; }
lab_grep "^aoe: \(aoe/${live//./\\.}\) failed" >/dev/null &&
	{ echo "FAIL: the live member $live was failed too"; exit 1; }
# (GRUB's "error: no suitable video mode found." is the serial console's)
lab_grep 'error: .*(aoe|read|sector|disk)' >/dev/null &&
	{ echo "FAIL: GRUB reported a read error"; lab_grep 'error: '; exit 1; }
cmdline=$(grub_cmdline)
case " $cmdline " in
*" aoeroot_tag=fresh "*) ;;
*) echo "FAIL: the kernel did not get the mirror's grub.cfg arguments"; exit 1 ;;
esac
lab_grep '^AOEROOT-ROOTDEV /dev/md0' >/dev/null || { echo "FAIL: root is not /dev/md0"; exit 1; }
lab_grep '\[(U_|_U)\]' >/dev/null || { echo "FAIL: md0 is not degraded on one member"; lab_serial_tail 40; exit 1; }
echo "PASS: $dead's server killed while GRUB read the kernel: one line named it, GRUB read the rest from $live, root on md0 degraded in $(lab_elapsed)s"
