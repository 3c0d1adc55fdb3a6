#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# make-orig-grub2.sh - make the source package's GRUB component tarball,
# aoeroot_UPSTREAM.orig-grub2.tar.xz: the part of the Debian-patched GRUB
# source (grub2 of exactly the installed grub-efi-amd64-bin / grub-pc-bin
# version) that grub-mod/build-mod.sh reads to build aoe.mod. dpkg-source
# (format 3.0 (quilt)) unpacks it as grub2/ in the source tree, so the
# package builds with no network (debian/rules passes
# --with-grub-source=grub2). Run by `debian/rules get-orig-grub2` and
# tools/build-debs.sh; needs the network (apt-get source, deb-src entry)
# unless --grub-source is given.
#
# usage: make-orig-grub2.sh [--grub-source DIR] [--upstream V] OUTDIR
#   --grub-source DIR  an unpacked `apt-get source grub2=VERSION` tree to take
#                      the files from (default: apt-get source into a
#                      temporary directory)
#   --upstream V       aoeroot's upstream version for the file name
#                      (default: from debian/changelog)
# Kept from GRUB (what build-mod.sh reads): include/ (module headers and
# the kernel's exported symbols), grub-core/Makefile.am (which headers
# the kernel exports from), the five sources of grub-module-verifier,
# debian/changelog (the version check), COPYING and debian/copyright.
set -eu
prog=make-orig-grub2.sh
die() { echo "$prog: $*" >&2; exit 1; }
top=$(cd "$(dirname "$0")/.." && pwd)
src=
upstream=
while [ $# -gt 0 ]; do
	case $1 in
	--grub-source) src=$2; shift 2 ;;
	--upstream) upstream=$2; shift 2 ;;
	-*) die "unknown option $1" ;;
	*) break ;;
	esac
done
out=${1:?usage: $prog [--grub-source DIR] [--upstream V] OUTDIR}
[ -n "$upstream" ] || upstream=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version | sed 's/-[^-]*$//; s/^[0-9]*://')
version=$(dpkg-query -W -f='${Version}' grub-efi-amd64-bin 2>/dev/null) ||
	die "grub-efi-amd64-bin is not installed"
pcver=$(dpkg-query -W -f='${Version}' grub-pc-bin 2>/dev/null) || die "grub-pc-bin is not installed"
[ "$version" = "$pcver" ] || die "grub-efi-amd64-bin $version and grub-pc-bin $pcver differ: one GRUB source cannot serve both"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -z "$src" ]; then
	echo "$prog: apt-get source grub2=$version" >&2
	(cd "$tmp" && apt-get source -q grub2="$version") > "$tmp/apt.log" 2>&1 ||
		{ cat "$tmp/apt.log" >&2; die "apt-get source grub2=$version failed (needs a deb-src entry: tools/deps.sh adds one)"; }
	src=$(ls -d "$tmp"/grub2-*/ | head -n1)
fi
[ -f "$src/include/grub/dl.h" ] || die "$src is not a GRUB source tree"
srcver=$(sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' "$src/debian/changelog")
[ "$srcver" = "$version" ] || die "$src is GRUB $srcver, the installed GRUB is $version"

mkdir -p "$tmp/grub2"
(cd "$src" && find include grub-core/Makefile.am COPYING debian/changelog debian/copyright \
	util/grub-module-verifier.c util/grub-module-verifier32.c \
	util/grub-module-verifier64.c util/grub-module-verifierXX.c \
	grub-core/kern/emu/misc.c util/misc.c \
	\( -type f -o -type l \) -print0 | LC_ALL=C sort -z | tar --null -T - -cf -) | tar -C "$tmp/grub2" -xf -
mkdir -p "$out"
f=$(cd "$out" && pwd)/aoeroot_$upstream.orig-grub2.tar.xz
# Reproducible: fixed order, owner and times (the changelog's date).
mtime=$(dpkg-parsechangelog -l "$src/debian/changelog" -S Timestamp)
(cd "$tmp" && find grub2 -print0 | LC_ALL=C sort -z |
	tar --no-recursion --owner=0 --group=0 --numeric-owner --mtime="@$mtime" \
	  --null -T - -cf - | xz -9 > "$f.tmp")
mv "$f.tmp" "$f"
echo "$prog: $f ($(wc -c < "$f") bytes) from GRUB $version"
