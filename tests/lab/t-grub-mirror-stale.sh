#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The netboot GRUB image with a stale member present, then with one server
# down.
# Boot 1: e0.1 is stale (its md event count 10 behind e0.0) and its /boot
# differs: its grub.cfg says "stale" and its /boot/vmlinuz is not a kernel.
# GRUB's mdraid1x does not compare event counts, so attaching e0.1 could
# read either half; aoe_select must attach only e0.0. Expected: e0.1 never
# attached, the fresh grub.cfg and kernel are read, /init leaves the stale
# member out and the root boots degraded on md0.
# Boot 2: e0.1's server is stopped: only e0.0 answers, GRUB reads from it,
# /init degrades (and the root's files check out).
# Boot 3: two fresh members; the server of e0.0 (role 0, the member GRUB's
# md layer reads first) is stopped while GRUB reads the kernel: the read
# times out, aoe.mod fails that disk for good (no 16 s wait per block),
# md reads the rest from e0.1 (frames from e0.1 counted on the bridge),
# the kernel boots and /init degrades.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd grub netboot
lab_require qemu-system-x86_64 vblade cpio unshare mcopy mkfs.vfat mdadm mke2fs python3
lab_prelude grub_mirror_stale grub init kernel mirror members initrd
nb_rootfs "$LAB_TMP/fresh.ext4" fresh
head -c 4194304 /dev/zero | tr '\0' 'S' > "$LAB_TMP/not-a-kernel"
nb_rootfs "$LAB_TMP/stale.ext4" stale 56 "$LAB_TMP/not-a-kernel"
nb_put_member "$LAB_M0" "$LAB_TMP/fresh.ext4"
nb_put_member "$LAB_M1" "$LAB_TMP/stale.ext4"
rm -f "$LAB_TMP/stale.ext4"
nb_bump_events "$LAB_M0" 10
mdadm --examine "$LAB_M0" | grep -E 'Events|Checksum'
mdadm --examine "$LAB_M1" | grep -E 'Events|Checksum'
mdadm --examine "$LAB_M0" | grep -q 'Checksum.*correct' || { echo "FAIL: bumped superblock checksum"; exit 1; }
nb_esp "$LAB_TMP/esp"
nb_check_esp_only
lab_net_up
lab_server s0 0 0 "$LAB_M0"
lab_server s1 0 1 "$LAB_M1"

echo "== boot 1: e0.1 stale, with a different /boot"
nb_boot
lab_expect 'aoe: accepted \(unattended\)' 120
lab_expect 'aoe: attached \(aoe/e0\.0\)' 30
lab_expect 'AOE-MIRROR-CFG ' 90
lab_expect 'AOE-MIRROR-INITRD-LOADED ' 300
initrd_root_up 180
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 30 || :
cp "$LAB_TMP/serial.log" "$LAB_TMP/boot1.log"
lab_grep 'aoe: attached \(aoe/e0\.1\)' >/dev/null && { echo "FAIL: the stale member e0.1 became a GRUB disk"; exit 1; }
lab_grep 'e0\.1 .* STALE ' >/dev/null || { echo "FAIL: the picker did not show e0.1 as stale"; exit 1; }
lab_grep 'AOE-MIRROR-CFG stale' >/dev/null && { echo "FAIL: GRUB read the stale member's grub.cfg"; exit 1; }
lab_grep 'AOE-MIRROR-CFG fresh' >/dev/null || { echo "FAIL: the fresh grub.cfg was not read"; exit 1; }
cmdline=$(grub_cmdline)
echo "kernel command line: $cmdline"
case " $cmdline " in *" aoeroot_tag=fresh "*) ;; *) echo "FAIL: not the fresh config's kernel line"; exit 1 ;; esac
lab_grep '^AOEROOT-ROOTDEV /dev/md0' >/dev/null || { echo "FAIL: root is not /dev/md0"; exit 1; }
lab_grep '\[U_\]|\[_U\]' >/dev/null || { echo "FAIL: md0 not degraded"; lab_serial_tail 40; exit 1; }
echo "ok: boot 1: stale e0.1 never attached, fresh /boot read, root degraded on md0"

echo "== boot 2: e0.1's server down"
lab_server_stop s1
nb_boot
lab_expect 'aoe: accepted \(unattended\)' 120
lab_expect 'aoe: attached \(aoe/e0\.0\)' 30
lab_expect 'AOE-MIRROR-CFG fresh' 90
initrd_root_up 180
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 30 || :
lab_grep 'aoe: attached \(aoe/e0\.1\)' >/dev/null && { echo "FAIL: e0.1 attached although down"; exit 1; }
lab_grep '\[U_\]|\[_U\]' >/dev/null || { echo "FAIL: md0 not degraded"; lab_serial_tail 40; exit 1; }
lab_grep '^AOEROOT-ROOTDEV /dev/md0' >/dev/null || { echo "FAIL: root is not /dev/md0"; exit 1; }
echo "ok: boot 2: e0.1 down, GRUB read e0.0, root degraded"

echo "== boot 3: e0.0's server stopped while GRUB reads the kernel"
lab_server_stop s0
lab_restore_members "$LAB_TMP/fo"
nb_put_member "$LAB_TMP/fo/m0.img" "$LAB_TMP/fresh.ext4"
nb_put_member "$LAB_TMP/fo/m1.img" "$LAB_TMP/fresh.ext4"
rm -f "$LAB_TMP/fresh.ext4"
lab_server fo0 0 0 "$LAB_TMP/fo/m0.img"
lab_server fo1 0 1 "$LAB_TMP/fo/m1.img"
mac1=$(ip -n "$LAB_PREFIX-fo1" link show eth0 | awk '/link\/ether/ {print $2}')
nb_boot
lab_expect 'aoe: attached \(aoe/e0\.0\)' 120
lab_expect 'AOE-MIRROR-CFG fresh' 90
printf 'table bridge nbcount {\n chain c {\n  type filter hook forward priority 0;\n  ether saddr %s ether type 0x88a2 counter\n }\n}\n' "$mac1" |
	ip netns exec "$LAB_NS_BR" nft -f -
lab_server_stop fo0
lab_expect 'AOE-MIRROR-KERNEL-LOADED fresh' 300
lab_expect 'AOE-MIRROR-INITRD-LOADED fresh' 120
from1=$(ip netns exec "$LAB_NS_BR" nft list table bridge nbcount | awk '/counter/ {for (i = 1; i <= NF; i++) if ($i == "packets") print $(i + 1)}')
echo "AoE frames from e0.1 after e0.0's server stopped: $from1"
initrd_root_up 180
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 30 || :
[ "${from1:-0}" -ge 4000 ] || { echo "FAIL: GRUB did not read the kernel from e0.1 (${from1:-no} frames)"; exit 1; }
lab_grep '\[U_\]|\[_U\]' >/dev/null || { echo "FAIL: md0 not degraded"; lab_serial_tail 40; exit 1; }
echo "PASS: stale member never read by GRUB (root from the fresh one, degraded); with a server down GRUB read the other member and /init degraded; a server stopped mid-read: GRUB went on with the other member ($from1 frames) and booted"

