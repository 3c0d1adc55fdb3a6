#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Build aoeroot's source package and Debian packages from a clean copy of
# this source tree, offline, and check them with lintian.
#
# usage: tools/build-debs.sh [--no-lintian] [--grub-source DIR] OUTDIR
#   1. The files git knows (tracked and not ignored, working-tree contents;
#      outside a git checkout: every file but _build/) make
#      OUTDIR/aoeroot_UPSTREAM.orig.tar.xz (debian/ left out) and
#      tools/make-orig-grub2.sh makes the GRUB component
#      aoeroot_UPSTREAM.orig-grub2.tar.xz (from --grub-source DIR, else the
#      tree grub-mod/build-mod.sh cached in ${AOEROOT_CACHE:-/var/tmp/aoeroot-cache},
#      else `apt-get source`: the only step that may use the network).
#   2. dpkg-source -b makes the .dsc; dpkg-source -x unpacks it again in
#      OUTDIR/aoeroot-UPSTREAM, and dpkg-buildpackage -us -uc builds there.
#      As root, the build runs in a new network namespace with no route
#      out (`ip netns`): it must not need the network. DEB_BUILD_OPTIONS
#      is passed on (e.g. nocheck).
#   3. `lintian --fail-on error,warning` on the .changes (source and binaries).
#   The .dsc, tarballs, .deb, .changes and .buildinfo files land in OUTDIR.
#   Needs the build dependencies of debian/control (tools/deps.sh, or
#   `apt-get build-dep ./`).
set -eu
lint=1
gsrc=
while [ $# -gt 0 ]; do
	case $1 in
	--no-lintian) lint=0; shift ;;
	--grub-source) gsrc=$2; shift 2 ;;
	*) break ;;
	esac
done
out=${1:?usage: tools/build-debs.sh [--no-lintian] [--grub-source DIR] OUTDIR}
top=$(cd "$(dirname "$0")/.." && pwd)
die() { echo "build-debs: $*" >&2; exit 1; }
mkdir -p "$out"
out=$(cd "$out" && pwd)
ver=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
up=$(echo "$ver" | sed 's/-[^-]*$//; s/^[0-9]*://')
src=$out/aoeroot-$up
rm -rf "$src" "$out"/aoeroot*.deb "$out"/aoeroot_* "$out/src"
mkdir -p "$src"
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$top" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf -) | tar -C "$src" -xf -
else
	(cd "$top" && tar --exclude=./_build --exclude=./grub2 -cf - .) | tar -C "$src" -xf -
fi

# ---- 1. the orig tarballs --------------------------------------------------
mtime=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Timestamp)
(cd "$out" && find "aoeroot-$up" -path "aoeroot-$up/debian" -prune -o -print0 | LC_ALL=C sort -z |
	tar --no-recursion --owner=0 --group=0 --numeric-owner --mtime="@$mtime" --null -T - -cf - |
	xz -6 > "aoeroot_$up.orig.tar.xz")
if [ -z "$gsrc" ]; then
	grubver=$(dpkg-query -W -f='${Version}' grub-efi-amd64-bin 2>/dev/null) || die "grub-efi-amd64-bin is not installed"
	c=${AOEROOT_CACHE:-/var/tmp/aoeroot-cache}/grub-src/$grubver
	[ -f "$c/.ready" ] && gsrc=$c/$(cat "$c/.ready")
fi
"$top/tools/make-orig-grub2.sh" ${gsrc:+--grub-source "$gsrc"} --upstream "$up" "$out" ||
	die "tools/make-orig-grub2.sh failed"
tar -C "$src" -xJf "$out/aoeroot_$up.orig-grub2.tar.xz"

# ---- 2. source package, unpacked clean, built offline -----------------------
(cd "$out" && dpkg-source -b "aoeroot-$up") > "$out/source.log" 2>&1 ||
	{ cat "$out/source.log"; die "dpkg-source -b failed"; }
rm -rf "$src"
(cd "$out" && dpkg-source -x "aoeroot_$ver.dsc" "aoeroot-$up") >> "$out/source.log" 2>&1 ||
	{ cat "$out/source.log"; die "dpkg-source -x failed"; }
ls "$out"/aoeroot_"$up".orig*.tar.xz "$out"/aoeroot_"$ver".*
run=
ns=
if [ "$(id -u)" = 0 ] && command -v ip >/dev/null 2>&1; then
	ns=aoeroot-offline-$$
	ip netns add "$ns" || die "ip netns add $ns failed"
	trap 'ip netns del "$ns" 2>/dev/null || :' EXIT
	routes=$(ip netns exec "$ns" sh -c 'ip -4 route show; ip -6 route show')
	[ -z "$routes" ] || die "network namespace $ns has routes: $routes"
	run="ip netns exec $ns"
	echo "build-debs: building offline: network namespace $ns, no route (ip route: empty)"
else
	echo "build-debs: not root: building with the host's network (the offline build needs root for ip netns)"
fi
t0=$(date +%s)
(cd "$src" && $run dpkg-buildpackage -us -uc) > "$out/build.log" 2>&1 ||
	{ tail -40 "$out/build.log"; die "dpkg-buildpackage failed (log: $out/build.log)"; }
echo "build-debs: dpkg-buildpackage took $(( $(date +%s) - t0 )) s"
ls "$out"/*.deb
if [ "$lint" = 1 ]; then
	t0=$(date +%s)
	lintian --fail-on error,warning --info "$out/aoeroot_${ver}_amd64.changes" > "$out/lintian.log" 2>&1 ||
		{ cat "$out/lintian.log"; die "lintian reports errors or warnings"; }
	cat "$out/lintian.log"
	echo "build-debs: lintian: $(grep -c '^E:' "$out/lintian.log" || :) errors, $(grep -c '^W:' "$out/lintian.log" || :) warnings ($(( $(date +%s) - t0 )) s)"
fi
