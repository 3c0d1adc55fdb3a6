#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# grub-mod/09_aoeroot (the built script, run with grub-common's
# grub-mkconfig_lib): a fake /boot with several kernels must give one menu
# entry per kernel that has an aoeroot initrd, newest first in dpkg's
# version order (6.12 > 6.1.0-57 > 6.1.0-10 > 6.1.0-9), kernels without
# one left out. The first entry is what a reboot runs after a kernel
# upgrade.
set -eu
top_builddir=${top_builddir:-.}
script=$top_builddir/grub-mod/09_aoeroot
skip() {
	[ "${AOEROOT_NO_SKIP:-0}" = 1 ] && { echo "FAIL: $*"; exit 1; }
	echo "SKIP: $*"; exit 77
}
[ -f "$script" ] || skip "no $script (./configure --enable-grub)"
[ -f /usr/share/grub/grub-mkconfig_lib ] || skip "no grub-mkconfig_lib (Debian: grub-common)"
command -v grub-mkrelpath >/dev/null 2>&1 || skip "no grub-mkrelpath (Debian: grub-common)"
# 09_aoeroot refuses a /boot on another file system than /: make the fake
# one on the root file system.
root_dev=$(stat -c %d /)
base=
for d in "$top_builddir" /var/tmp /tmp; do
	[ -d "$d" ] && [ -w "$d" ] && [ "$(stat -c %d "$d")" = "$root_dev" ] && { base=$d; break; }
done
[ -n "$base" ] || skip "no writable directory on the root file system"
tmp=$(mktemp -d "$base/t-grubd-order.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

boot=$tmp/boot
mkdir -p "$boot"
# Made in a shuffled order: the directory order must not decide.
for v in 6.1.0-10-amd64 6.12.118+deb12-amd64 6.1.0-9-amd64 6.1.0-57-amd64; do
	echo kernel > "$boot/vmlinuz-$v"
	echo initrd > "$boot/initrd-aoe.img-$v"
done
echo kernel > "$boot/vmlinuz-6.1.0-99-amd64"	# no aoeroot initrd
sed "s|^bootdir=.*|bootdir=$boot|" "$script" > "$tmp/09_aoeroot"
grep -qx "bootdir=$boot" "$tmp/09_aoeroot" || fail "no bootdir= line in $script"

AOEROOT_GRUB=yes GRUB_DEVICE=/dev/md0 pkgdatadir=/usr/share/grub \
	sh "$tmp/09_aoeroot" > "$tmp/out" 2> "$tmp/err" || { cat "$tmp/err"; fail "09_aoeroot exited $?"; }
got=$(sed -n "s/^menuentry .*--id 'aoeroot-\([^']*\)'.*/\1/p" "$tmp/out" | tr '\n' ' ')
want="6.12.118+deb12-amd64 6.1.0-57-amd64 6.1.0-10-amd64 6.1.0-9-amd64 "
[ "$got" = "$want" ] || { cat "$tmp/out" "$tmp/err"; fail "menu order '$got', want '$want'"; }
grep -q 'vmlinuz-6.1.0-99-amd64 has no .*initrd-aoe.img-6.1.0-99-amd64' "$tmp/err" ||
	{ cat "$tmp/err"; fail "the kernel without an aoeroot initrd was not reported"; }
# Each entry loads its own kernel and initrd.
first=$(sed -n '/^menuentry/,/^}/p' "$tmp/out" | sed -n '/^}/q;p')
echo "$first" | grep -q "linux.*vmlinuz-6.12.118+deb12-amd64 root=/dev/md0 ro" || fail "first entry's linux line: $first"
echo "$first" | grep -q "initrd.*initrd-aoe.img-6.12.118+deb12-amd64" || fail "first entry's initrd line: $first"
echo "PASS: 09_aoeroot menu newest first: $got"
