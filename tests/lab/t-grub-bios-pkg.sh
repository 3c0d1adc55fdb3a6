#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The packaged BIOS boot file boots: core.0 made by the aoeroot-grub
# package's mkimage-aoe (--format i386-pc-pxe --netboot, its own
# netboot.cfg, unmodified) with the aoe.mod of the aoeroot-grub-pc
# package, in the BIOS PXE lab of t-grub-bios-pxe: SeaBIOS -> iPXE's PXE
# stack -> dnsmasq TFTP -> core.0 -> aoe_select on GRUB's pxe card ->
# the mirror's grub.cfg, kernel and initrd over AoE -> root on md0 [UU].
# Packages: $AOEROOT_DEBS, else $top_builddir/debs (tools/test-all.sh
# builds them there with tools/build-debs.sh before the lab runs).
# The packages are unpacked with dpkg-deb -x (not installed on the host):
# the module directory is a copy of the host's GRUB i386-pc with the
# package's lines appended to moddep.lst/command.lst, as its postinst
# merges them, and the package's mkimage-aoe reads its netboot.cfg from
# the unpacked /usr/share/aoeroot/grub.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd grub pxe netboot
lab_require qemu-system-x86_64 vblade cpio unshare dnsmasq mdadm mke2fs dpkg-deb grub-mkimage
debs=${AOEROOT_DEBS:-$top_builddir/debs}
pc=$(ls "$debs"/aoeroot-grub-pc_*.deb 2>/dev/null | head -1)
grub=$(ls "$debs"/aoeroot-grub_*.deb 2>/dev/null | head -1)
[ -n "$pc" ] && [ -n "$grub" ] || lab_skip "no aoeroot-grub-pc/aoeroot-grub .deb in $debs (tools/build-debs.sh $debs)"
[ -d /usr/lib/grub/i386-pc ] || lab_skip "grub-pc-bin is not installed"
lab_prelude grub_bios_pkg init kernel mirror members initrd
fail() { echo "FAIL: $*"; exit 1; }

p=$LAB_TMP/pkg
dpkg-deb -x "$pc" "$p" && dpkg-deb -x "$grub" "$p" || fail "dpkg-deb -x"
[ -f "$p/usr/share/man/man8/aoeroot-grub-pc.8.gz" ] || fail "aoeroot-grub-pc ships no aoeroot-grub-pc(8)"
cp -a /usr/lib/grub/i386-pc "$LAB_TMP/grubpc"
cp "$p/usr/lib/grub/i386-pc/aoe.mod" "$LAB_TMP/grubpc/"
for l in moddep.lst command.lst; do
	cat "$p/usr/share/aoeroot/grub/i386-pc/$l" >> "$LAB_TMP/grubpc/$l"
done
sed "s|^here=.*|here=$p/usr/share/aoeroot/grub|" "$p/usr/bin/mkimage-aoe" > "$LAB_TMP/mkimage-aoe"
mkdir -p "$LAB_TMP/tftp"
sh "$LAB_TMP/mkimage-aoe" --format i386-pc-pxe --netboot --grub-libdir "$LAB_TMP/grubpc" \
	--netdir "$LAB_TMP/tftp" || fail "the package's mkimage-aoe --format i386-pc-pxe --netboot"
[ "$(cd "$LAB_TMP/tftp" && find . -type f)" = ./core.0 ] || fail "the TFTP root holds more than core.0"
echo "core.0 from $(basename "$pc") + $(basename "$grub"): $(stat -c %s "$LAB_TMP/tftp/core.0") bytes"

nb_rootfs "$LAB_TMP/root.ext4" fresh
nb_put_member "$LAB_M0" "$LAB_TMP/root.ext4"
nb_put_member "$LAB_M1" "$LAB_TMP/root.ext4"
rm -f "$LAB_TMP/root.ext4"
lab_net_up
lab_server s0 0 0 "$LAB_M0"
lab_server s1 0 1 "$LAB_M1"
lab_pxe_server "$LAB_TMP/tftp" core.0
LAB_MEM=768 grub_pxe_bios
lab_expect 'aoe: accepted \(unattended\)' 240
lab_expect 'AOE-NETBOOT-CONFIG' 60
lab_expect 'AOE-MIRROR-KERNEL-LOADED fresh' 600
lab_expect 'AOE-MIRROR-INITRD-LOADED fresh' 300
initrd_root_up 180
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 30 || :
lab_pxe_served core.0 || fail "dnsmasq never sent core.0"
lab_grep 'aoe: scanning pxe ' >/dev/null || fail "the scan did not run on GRUB's pxe card"
cmdline=$(grub_cmdline)
case " $cmdline " in
*" aoe_netdev=$LAB_MAC aoe_md_devs=e0.0,e0.1 aoe_md_uuid=$LAB_FIX_UUID "*) ;;
*) fail "command line lacks the members chosen by the packaged module: $cmdline" ;;
esac
lab_grep '\[UU\]' >/dev/null || fail "md0 not [UU]"
lab_grep '^AOEROOT-ROOTDEV /dev/md0' >/dev/null || fail "root is not /dev/md0"
echo "PASS: the packaged core.0 (aoeroot-grub-pc's aoe.mod, aoeroot-grub's mkimage-aoe --netboot) booted BIOS PXE -> mirror -> root on md0 [UU] in $(lab_elapsed)s"
