#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# mkimage-aoe.sh - make a GRUB x86_64-efi image with the aoe module embedded.
#
# usage: mkimage-aoe.sh --mod aoe.mod [--cfg grub.cfg] (--esp DIR | --netdir DIR | --out FILE)
#   --mod FILE     the aoe.mod built by build-mod.sh (its FILE.grubver must
#                  match the installed grub-efi-amd64-bin)
#   --cfg FILE     grub.cfg to embed (in a memdisk); default: grub-mod/grub.cfg
#   --out FILE     write only the EFI image
#   --esp DIR      write DIR/EFI/BOOT/BOOTX64.EFI (copy vmlinuz and
#                  initrd.img next to it: the default grub.cfg loads them
#                  from $cmdpath, the directory GRUB was loaded from)
#   --netdir DIR   write DIR/bootx64.efi for a TFTP root (as grub-mknetdir)
#   --grub-libdir DIR  installed modules (default /usr/lib/grub/x86_64-efi)
#   --modules "LIST"   extra GRUB modules to embed
set -eu
prog=mkimage-aoe.sh
die() { echo "$prog: $*" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)

mod= cfg=$here/grub.cfg out= esp= netdir= extra=
libdir=/usr/lib/grub/x86_64-efi
while [ $# -gt 0 ]; do
	case $1 in
	--mod) mod=$2; shift 2 ;;
	--cfg) cfg=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--esp) esp=$2; shift 2 ;;
	--netdir) netdir=$2; shift 2 ;;
	--grub-libdir) libdir=$2; shift 2 ;;
	--modules) extra=$2; shift 2 ;;
	-h|--help) sed -n '3,17p' "$0"; exit 0 ;;
	*) die "unknown argument $1 (see --help)" ;;
	esac
done
[ -n "$mod" ] && [ -f "$mod" ] || die "--mod FILE: aoe.mod not found"
[ -f "$cfg" ] || die "grub.cfg $cfg not found"
[ -n "$out$esp$netdir" ] || die "give --out, --esp or --netdir"
command -v grub-mkimage >/dev/null || die "grub-mkimage missing (Debian: grub-common)"
[ -f "$libdir/modinfo.sh" ] || die "$libdir missing (Debian: grub-efi-amd64-bin)"

# GRUB checks no module ABI at load time: refuse a module built for another GRUB.
want=$(. "$libdir/modinfo.sh"; echo "$grub_package_version")
have=$(cat "$mod.grubver" 2>/dev/null || echo unknown)
[ "$have" = "$want" ] || die "aoe.mod was built for GRUB $have but $libdir is GRUB $want: rebuild it (make -C BUILDDIR grub-mod/aoe.mod, or grub-mod/build-mod.sh) against grub2=$want"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -a "$libdir" "$tmp/mods"
cp "$mod" "$tmp/mods/aoe.mod"
grep -v '^aoe:' "$libdir/moddep.lst" > "$tmp/mods/moddep.lst"
cat "$mod.moddep" >> "$tmp/mods/moddep.lst"
printf 'aoe_scan: aoe\naoe_select: aoe\n' >> "$tmp/mods/command.lst"

mkdir -p "$tmp/md/boot/grub"
cp "$cfg" "$tmp/md/boot/grub/grub.cfg"
(cd "$tmp/md" && tar -cf "$tmp/memdisk.tar" boot)
cat > "$tmp/early.cfg" <<'EOF'
set prefix=(memdisk)/boot/grub
EOF

mods="normal configfile memdisk tar echo test sleep halt reboot linux help
 serial terminal efinet net tftp part_gpt part_msdos fat search
 search_fs_file efi_gop efi_uga all_video gzio aoe $extra"
img=$tmp/bootx64.efi
# shellcheck disable=SC2086
grub-mkimage -O x86_64-efi -d "$tmp/mods" -m "$tmp/memdisk.tar" -c "$tmp/early.cfg" \
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
	cp "$img" "$netdir/bootx64.efi"
	echo "$prog: wrote $netdir/bootx64.efi (TFTP boot file; put vmlinuz and initrd.img beside it)"
fi
