#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# mkimage-aoe.sh - make a GRUB x86_64-efi image (or a BIOS PXE image,
# i386-pc-pxe) with the aoe module embedded.
#
# usage: mkimage-aoe.sh --mod aoe.mod [--cfg grub.cfg | --netboot] (--esp DIR | --netdir DIR | --out FILE)
#   --format F     x86_64-efi (default) or i386-pc-pxe: the BIOS PXE boot
#                  file (core.0) for the NIC's PXE ROM; --mod is then the
#                  i386-pc aoe.mod (grub-mod/i386-pc/aoe.mod) and the
#                  modules come from /usr/lib/grub/i386-pc
#   --mod FILE     the aoe.mod built by build-mod.sh (its FILE.grubver must
#                  match the installed grub-efi-amd64-bin / grub-pc-bin);
#                  default: the installed one, GRUB-LIBDIR/aoe.mod (the
#                  aoeroot-grub / aoeroot-grub-pc packages put it there)
#   --cfg FILE     grub.cfg to embed (in a memdisk); default: grub-mod/grub.cfg
#   --netboot      embed grub-mod/netboot.cfg: the generic image that boots
#                  everything (grub.cfg, kernel, initrd) from the AoE mirror
#                  (the TFTP server / ESP then holds only this image)
#   --out FILE     write only the EFI image
#   --esp DIR      write DIR/EFI/BOOT/BOOTX64.EFI (copy vmlinuz and
#                  initrd.img next to it: the default grub.cfg loads them
#                  from $cmdpath, the directory GRUB was loaded from)
#   --netdir DIR   write DIR/bootx64.efi (i386-pc-pxe: DIR/core.0) for a
#                  TFTP root (as grub-mknetdir)
#   --grub-libdir DIR  installed modules (default /usr/lib/grub/x86_64-efi,
#                  or /usr/lib/grub/i386-pc for i386-pc-pxe)
#   --modules "LIST"   extra GRUB modules to embed
set -eu
prog=mkimage-aoe.sh
die() { echo "$prog: $*" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)

mod= cfg=$here/grub.cfg out= esp= netdir= extra=
libdir= format=x86_64-efi
while [ $# -gt 0 ]; do
	case $1 in
	--format) format=$2; shift 2 ;;
	--mod) mod=$2; shift 2 ;;
	--cfg) cfg=$2; shift 2 ;;
	--netboot) cfg=$here/netboot.cfg; shift ;;
	--out) out=$2; shift 2 ;;
	--esp) esp=$2; shift 2 ;;
	--netdir) netdir=$2; shift 2 ;;
	--grub-libdir) libdir=$2; shift 2 ;;
	--modules) extra=$2; shift 2 ;;
	-h|--help) sed -n '3,29p' "$0"; exit 0 ;;
	*) die "unknown argument $1 (see --help)" ;;
	esac
done
case $format in
x86_64-efi) : "${libdir:=/usr/lib/grub/x86_64-efi}"; binpkg=grub-efi-amd64-bin ;;
i386-pc-pxe) : "${libdir:=/usr/lib/grub/i386-pc}"; binpkg=grub-pc-bin
	[ -z "$esp" ] || die "--esp is for x86_64-efi; a PXE image goes to --netdir or --out" ;;
*) die "--format must be x86_64-efi or i386-pc-pxe" ;;
esac
[ -n "$mod" ] || mod=$libdir/aoe.mod
[ -f "$mod" ] || die "--mod FILE: $mod not found (for $format: install aoeroot-grub$([ "$format" = i386-pc-pxe ] && echo -pc), or give the built aoe.mod)"
[ -f "$cfg" ] || die "grub.cfg $cfg not found"
[ -n "$out$esp$netdir" ] || die "give --out, --esp or --netdir"
command -v grub-mkimage >/dev/null || die "grub-mkimage missing (Debian: grub-common)"
[ -f "$libdir/modinfo.sh" ] || die "$libdir missing (Debian: $binpkg)"

# GRUB checks no module ABI at load time: refuse a module built for another GRUB.
want=$(. "$libdir/modinfo.sh"; echo "$grub_package_version")
# FILE.grubver beside a built module, else the "aoe.mod for GRUB V" string
# every module carries (an installed one: /usr/lib/grub/x86_64-efi/aoe.mod)
have=$(cat "$mod.grubver" 2>/dev/null ||
	grep -a -o 'aoe\.mod for GRUB [[:alnum:].:~+-]*' "$mod" | sed -n '1s/^aoe\.mod for GRUB //p')
[ -n "$have" ] || have=unknown
[ "$have" = "$want" ] || die "aoe.mod was built for GRUB $have but $libdir is GRUB $want: rebuild it (make -C BUILDDIR grub-mod/aoe.mod, or grub-mod/build-mod.sh) against grub2=$want"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -a "$libdir" "$tmp/mods"
cp "$mod" "$tmp/mods/aoe.mod"
# aoe's dependency line: FILE.moddep beside a built module, else the line
# already merged into GRUB's list (installed by the aoeroot-grub package
# or `make install`)
if [ -f "$mod.moddep" ]; then
	dep=$(cat "$mod.moddep")
else
	dep=$(grep '^aoe:' "$libdir/moddep.lst") ||
		die "no $mod.moddep and no aoe line in $libdir/moddep.lst (build-mod.sh writes the former)"
fi
grep -v '^aoe:' "$libdir/moddep.lst" > "$tmp/mods/moddep.lst"
echo "$dep" >> "$tmp/mods/moddep.lst"
grep -Ev '^aoe_[a-z_]*:' "$libdir/command.lst" > "$tmp/mods/command.lst" || :
printf 'aoe_scan: aoe\naoe_select: aoe\naoe_attach: aoe\n' >> "$tmp/mods/command.lst"

mkdir -p "$tmp/md/boot/grub"
cp "$cfg" "$tmp/md/boot/grub/grub.cfg"
(cd "$tmp/md" && tar -cf "$tmp/memdisk.tar" boot)
cat > "$tmp/early.cfg" <<'EOF'
set prefix=(memdisk)/boot/grub
EOF

mods="normal configfile memdisk tar echo test sleep halt reboot linux help
 serial terminal net tftp part_gpt part_msdos fat search search_fs_file
 gzio aoe ext2 diskfilter mdraid1x mdraid09 regexp ls cat $extra"
if [ "$format" = i386-pc-pxe ]; then
	# pxe: GRUB's card for the NIC the PXE ROM booted from (the only one
	# it can drive); AoE runs on that card.
	mods="$mods pxe biosdisk"
	img=$tmp/core.0 netname=core.0
else
	mods="$mods efinet efi_gop efi_uga all_video"
	img=$tmp/bootx64.efi netname=bootx64.efi
fi
# A module of the other target (ELF class) would be refused only at boot.
case $format:$(od -An -tx1 -j4 -N1 "$mod" | tr -d ' ') in
x86_64-efi:02|i386-pc-pxe:01) ;;
*) die "$mod is not an aoe.mod for $format (wrong ELF class: build it with --grub-libdir $libdir)" ;;
esac
# shellcheck disable=SC2086
grub-mkimage -O "$format" -d "$tmp/mods" -m "$tmp/memdisk.tar" -c "$tmp/early.cfg" \
	-p /boot/grub -o "$img" $mods || die "grub-mkimage failed"

if [ -n "$out" ]; then
	cp "$img" "$out"; echo "$prog: wrote $out"
fi
if [ -n "$esp" ]; then
	mkdir -p "$esp/EFI/BOOT"
	cp "$img" "$esp/EFI/BOOT/BOOTX64.EFI"
	echo "$prog: wrote $esp/EFI/BOOT/BOOTX64.EFI (put vmlinuz and initrd.img beside it)"
fi
if [ -n "$netdir" ]; then
	mkdir -p "$netdir"
	cp "$img" "$netdir/$netname"
	echo "$prog: wrote $netdir/$netname (TFTP boot file; put vmlinuz and initrd.img beside it)"
fi
