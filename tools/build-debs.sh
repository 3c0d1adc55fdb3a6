#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Build aoeroot's Debian packages from a clean copy of this source tree and
# check them with lintian.
#
# usage: tools/build-debs.sh [--no-lintian] OUTDIR
#   The files git knows (tracked and not ignored, working-tree contents; outside a git
#   checkout: every file but _build/) are copied to OUTDIR/src, built there
#   with `dpkg-buildpackage -us -uc -b` (DEB_BUILD_OPTIONS is passed on,
#   e.g. nocheck), and the .deb/.changes/.buildinfo files land in OUTDIR.
#   Then `lintian --fail-on error` on the .changes: any error fails.
#   Needs the build dependencies of debian/control (tools/deps.sh, or
#   `apt-get build-dep ./`). The GRUB source for aoe.mod comes from the
#   same cache as a normal build (grub-mod/build-mod.sh).
set -eu
lint=1
[ "${1:-}" = --no-lintian ] && { lint=0; shift; }
out=${1:?usage: tools/build-debs.sh [--no-lintian] OUTDIR}
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -rf "$out/src" "$out"/*.deb "$out"/*.changes "$out"/*.buildinfo
mkdir -p "$out/src"
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$top" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf -) | tar -C "$out/src" -xf -
else
	(cd "$top" && tar --exclude=./_build -cf - .) | tar -C "$out/src" -xf -
fi
t0=$(date +%s)
(cd "$out/src" && dpkg-buildpackage -us -uc -b) > "$out/build.log" 2>&1 ||
	{ tail -40 "$out/build.log"; echo "build-debs: dpkg-buildpackage failed (log: $out/build.log)" >&2; exit 1; }
echo "build-debs: dpkg-buildpackage took $(( $(date +%s) - t0 )) s"
# dpkg-buildpackage writes beside the source directory
mv "$out"/*.deb "$out"/*.changes "$out"/*.buildinfo "$out/" 2>/dev/null || :
ls "$out"/*.deb
if [ "$lint" = 1 ]; then
	t0=$(date +%s)
	lintian --fail-on error --info "$out"/*.changes > "$out/lintian.log" 2>&1 ||
		{ cat "$out/lintian.log"; echo "build-debs: lintian reports errors" >&2; exit 1; }
	cat "$out/lintian.log"
	echo "build-debs: lintian: no errors ($(grep -c '^W:' "$out/lintian.log" || :) warnings, $(( $(date +%s) - t0 )) s)"
fi
