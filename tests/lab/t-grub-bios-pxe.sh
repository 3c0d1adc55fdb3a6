#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Legacy BIOS network boot, unattended, everything from the mirror:
# SeaBIOS -> the NIC's PXE ROM (iPXE) gets DHCP + TFTP from dnsmasq on the
# lab bridge -> core.0 (GRUB i386-pc-pxe, the i386-pc aoe.mod and
# grub-mod/netboot.cfg, countdown shortened; the TFTP root holds nothing
# else) -> aoe_select scans on GRUB's pxe card (the NIC it booted from) and
# its countdown accepts the auto-detected mirror e0.0 + e0.1 -> both
# attached as (aoe/e0.0) (aoe/e0.1) -> GRUB's mdraid1x -> the mirror's own
# /boot/grub/grub.cfg loads /boot/vmlinuz and /boot/initrd-aoe.img over
# AoE through UNDI -> root on /dev/md0 [UU]. BIOS keeps no saved
# selection: the default "saved" falls back to the auto rules, and says so.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd grub pxe netboot
lab_require qemu-system-x86_64 vblade cpio unshare dnsmasq mdadm mke2fs
lab_prelude grub_bios_pxe init kernel mirror members initrd
nb_rootfs "$LAB_TMP/root.ext4" fresh
nb_put_member "$LAB_M0" "$LAB_TMP/root.ext4"
nb_put_member "$LAB_M1" "$LAB_TMP/root.ext4"
rm -f "$LAB_TMP/root.ext4"
sed -e 's/--timeout=5/--timeout=1/' -e 's/^terminal_output serial console$/terminal_output serial/' \
	"$top_srcdir/grub-mod/netboot.cfg" > "$LAB_TMP/netboot.cfg"
grep -q -- '--timeout=1' "$LAB_TMP/netboot.cfg" || { echo "FAIL: netboot.cfg has no --timeout=5 to shorten"; exit 1; }
grub_pxe_dir "$LAB_TMP/tftp" "$LAB_TMP/netboot.cfg"
echo "TFTP files: $(cd "$LAB_TMP/tftp" && find . -type f | sort | tr '\n' ' ')"
[ "$(cd "$LAB_TMP/tftp" && find . -type f)" = ./core.0 ] || { echo "FAIL: the TFTP root holds more than core.0"; exit 1; }
lab_net_up
lab_server s0 0 0 "$LAB_M0"
lab_server s1 0 1 "$LAB_M1"
lab_pxe_server "$LAB_TMP/tftp" core.0
LAB_MEM=768 grub_pxe_bios
lab_expect 'aoe: accepted \(unattended\)' 180
lab_expect 'AOE-NETBOOT-CONFIG' 60
lab_expect 'AOE-MIRROR-CFG fresh' 60
lab_expect '^AOE-VAR-ROOT mduuid/[0-9a-f]{32}$' 30
lab_expect 'AOE-MIRROR-KERNEL-LOADED fresh' 600
lab_expect 'AOE-MIRROR-INITRD-LOADED fresh' 300
initrd_root_up 180
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 30 || :
fail=0
lab_pxe_served core.0 || { echo "FAIL: dnsmasq never sent core.0"; fail=1; }
lab_grep 'aoe: scanning pxe ' >/dev/null || { echo "FAIL: the scan did not run on GRUB's pxe card"; fail=1; }
lab_grep 'aoe: no saved selection on BIOS' >/dev/null || { echo "FAIL: no word that BIOS keeps no selection"; fail=1; }
lab_grep 'aoe: attached \(aoe/e0\.0\)' >/dev/null || { echo "FAIL: e0.0 not attached"; fail=1; }
lab_grep 'aoe: attached \(aoe/e0\.1\)' >/dev/null || { echo "FAIL: e0.1 not attached"; fail=1; }
cmdline=$(grub_cmdline)
echo "kernel command line: $cmdline"
for want in aoeroot_tag=fresh "aoe_netdev=$LAB_MAC aoe_md_devs=e0.0,e0.1 aoe_md_uuid=$LAB_FIX_UUID"; do
	case " $cmdline " in
	*" $want "*) ;;
	*) echo "FAIL: command line lacks '$want'"; fail=1 ;;
	esac
done
lab_grep '\[UU\]' >/dev/null || { echo "FAIL: md0 not [UU]"; fail=1; }
lab_grep '^AOEROOT-ROOTDEV /dev/md0' >/dev/null || { echo "FAIL: root is not /dev/md0"; fail=1; }
[ "$fail" = 0 ] || { lab_serial_tail 60; exit 1; }
echo "PASS: BIOS PXE (core.0 only) -> GRUB on the pxe card -> countdown picked e0.0+e0.1 -> kernel+initrd+grub.cfg from the mirror -> root on md0 [UU] in $(lab_elapsed)s"
