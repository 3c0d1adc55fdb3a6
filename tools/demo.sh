#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# aoeroot demo (the README's main job), as root on Debian 12:
#   builds the tree in _build, fetches the Debian kernel (cached), makes a
#   RAID1 mirror with real mdadm (cached), serves its two members with two
#   vblade AoE servers in their own network namespaces, lists them with
#   aoe-scan, and boots a virtual diskless server (QEMU, TCG) whose root file
#   system is that mirror, with the aoeroot initrd (initrd-min/init). The
#   booted root writes a boot counter and powers off; the demo prints the
#   result. Everything stays on this machine (namespaces, bridge, tap).
# Environment: DEMO_NO_BUILD=1 skips the build (uses _build as it is);
#   DEMO_REFERENCE=1 boots the lab's reference initrd (busybox + mdadm)
#   instead of aoeroot's; AOEROOT_CACHE, AOEROOT_KVM, LAB_NIC: see
#   tests/lab/lib.sh.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
[ "$(id -u)" = 0 ] || { echo "demo: run as root (network namespaces, tap)" >&2; exit 2; }

if [ "${DEMO_NO_BUILD:-0}" != 1 ]; then
	say "building aoeroot in $top/_build"
	cd "$top"
	[ -x configure ] || ./autogen.sh
	mkdir -p _build
	cd _build
	[ -f Makefile ] || ../configure -q
	make -j2 >make.log 2>&1 || { tail -40 make.log; echo "demo: build failed (see _build/make.log)" >&2; exit 1; }
	echo "build ok"
fi
export top_srcdir=$top top_builddir=$top/_build
. "$top/tests/lab/lib.sh"
lab_init demo

say "test kernel (Debian linux-image-amd64, unpacked into ${AOEROOT_CACHE:-/var/tmp/aoeroot-cache}, never installed)"
lab_kernel
echo "kernel $LAB_KVER: $LAB_VMLINUZ"

say "md RAID1 fixture (made once by real mdadm in a setup guest, then cached)"
lab_fixture_mirror
lab_restore_members
echo "array uuid $LAB_FIX_UUID; members copied from the pristine images:"
echo "  $LAB_M0"
echo "  $LAB_M1"

say "private AoE network: bridge + tap in namespace, one vblade server per namespace"
lab_net_up
lab_server srv0 0 0 "$LAB_M0"
lab_server srv1 0 1 "$LAB_M1"

scan=$top_builddir/tools/aoe-scan
if [ -x "$scan" ]; then
	say "aoe-scan br0 (what the network offers)"
	ip netns exec "$LAB_NS_BR" "$scan" --timeout 1500 br0 || echo "demo: aoe-scan exited with $?"
else
	echo "(tools/aoe-scan not built yet: skipping the scan)"
fi

say "initrd"
if [ "${DEMO_REFERENCE:-0}" != 1 ] && [ -x "$top_builddir/initrd-min/init" ] &&
	[ -f "$top/tests/lab/initrd-lib.sh" ]; then
	. "$top/tests/lab/initrd-lib.sh"
	initrd_pack "$LAB_TMP/initrd.gz"
	kind="aoeroot initrd (initrd-min/init)"
	append="loglevel=4 aoe_md_devs=e0.0,e0.1 root=/dev/md0 aoe_wait=5 aoe_panic=poweroff lab_action=write"
else
	lab_initrd_reference "$LAB_TMP/initrd.gz"
	kind="lab reference initrd (busybox + mdadm; aoeroot's /init is not built)"
	append="quiet lab_members=e0.0,e0.1 lab_action=write"
fi
echo "$kind: $(du -h "$LAB_TMP/initrd.gz" | cut -f1)"

say "booting the diskless server: QEMU direct kernel boot, console follows"
echo "kernel command line: $append"
lab_qemu_direct "$LAB_VMLINUZ" "$LAB_TMP/initrd.gz" "$append"
# follow the console until QEMU exits (sed -u: no buffering)
tail -n +1 -f --pid="$LAB_QEMU_PID" "$LAB_TMP/serial.log" | sed -u 's/\r$//; s/^/  | /' &
follow=$!
ok=1
lab_expect '^AOEROOT-ROOT-UP' 240 && up=$(lab_elapsed) || ok=0
[ $ok = 1 ] && { lab_expect '^AOEROOT-ROOT-DOWN' 60 || ok=0; }
lab_qemu_wait 60 || ok=0
wait "$follow" 2>/dev/null || :

say "result"
ev0=$(mdadm --examine "$LAB_M0" 2>/dev/null | awk '/Events/ {print $3}')
ev1=$(mdadm --examine "$LAB_M1" 2>/dev/null | awk '/Events/ {print $3}')
if [ $ok = 1 ] && lab_grep '\[2/2\] \[UU\]' >/dev/null && lab_grep '^AOEROOT-ROOTDEV /dev/md' >/dev/null &&
	lab_grep "^AOEROOT-FILESUM ok $LAB_FIX_SETSUM\$" >/dev/null && lab_grep '^AOEROOT-WROTE 1$' >/dev/null; then
	echo "OK: the diskless server booted its root from md RAID1 [UU] over AoE"
	echo "    (e0.0 on srv0 + e0.1 on srv1) with the $kind,"
	echo "    root reached ${up}s after QEMU started (TCG), file set intact, boot counter written;"
	echo "    md event counts on the members are now $ev0 / $ev1."
	exit 0
fi
echo "FAILED: the diskless server did not come up as expected (serial log above; kept in $LAB_TMP)"
exit 1
