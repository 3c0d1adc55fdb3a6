#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# aoeroot demo (the README's main job), as root on Debian 12.
#
#   tools/demo.sh [--direct | --efi] [--interactive] [--picture FILE]
#
# Default: the whole product path, on this machine only (network
# namespaces, one bridge, a tap; QEMU under TCG). A diskless machine (QEMU
# with OVMF, no disk at all) network-boots over UEFI PXE from a DHCP + TFTP
# server (dnsmasq in its own namespace on the lab bridge) the generic GRUB
# image with the aoe module (grub-mod/mkimage-aoe.sh); the picker scans the
# wire and shows four AoE targets, each served by vblade from its own
# namespace:
#   e0.0  srv0   member of the md RAID1 mirror (fresh)
#   e0.1  srv1   the mirror's other member (fresh)
#   e0.2  old    an old copy of e0.1: same array, fewer md events (stale)
#   e1.0  decoy  another machine's disk (ext4, no md)
# the countdown accepts the auto choice (e0.0 + e0.1), GRUB attaches those
# two as disks, finds the md array on them and reads the mirror's own
# /boot/grub/grub.cfg, kernel and aoeroot initrd (the TFTP server holds
# nothing but GRUB), and the initrd assembles the mirror and boots the root
# from it. The root writes a boot counter and powers off.
# DEMO_KERNEL_FROM=tftp instead boots GRUB with grub-mod/grub.cfg, which
# loads kernel and initrd from the TFTP server.
#
# Options
#   --direct       QEMU loads kernel + initrd itself (no firmware, no
#                  picker, two targets): the quickest check of the initrd.
#   --efi          the same network boot through efi-stub/aoeboot.efi
#                  (the picker without GRUB).
#   --interactive  the picker waits for you: the machine's serial console is
#                  this terminal (keys go to the machine; Ctrl-] ends the
#                  demo). Not with --direct.
#   --picture FILE also write the picker screen (PNG) to FILE; e.g.
#                  `tools/demo.sh --picture docs/demo-picker.png` makes the
#                  picture in README.md.
#
# Output: the picker screen as the machine showed it (serial console), a
# timeline of the boot, a last line saying what happened; logs (serial
# console, its lines time-stamped, DHCP/TFTP log, picker.png, timeline) in
# $DEMO_LOGDIR (default _build/demo-logs), replaced on each run.
#
# Environment: DEMO_NO_BUILD=1 skips the build (uses $top_builddir, default
#   _build, as it is); DEMO_REFERENCE=1 (--direct only) boots the lab's
#   reference initrd (busybox + mdadm); DEMO_COUNTDOWN (default 3) seconds
#   of the picker's countdown; DEMO_LOGDIR; AOEROOT_CACHE, AOEROOT_KVM,
#   LAB_TIME_SCALE, LAB_NIC: see tests/lab/lib.sh.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
usage() { sed -n '3,/^set -eu$/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

mode=grub interactive=0 picture=
while [ $# -gt 0 ]; do
	case $1 in
	--direct) mode=direct ;;
	--efi) mode=efi ;;
	--interactive) interactive=1 ;;
	--picture) picture=${2:?--picture FILE}; shift ;;
	--picture=*) picture=${1#--picture=} ;;
	-h|--help) usage; exit 0 ;;
	*) echo "demo: unknown argument $1" >&2; usage >&2; exit 2 ;;
	esac
	shift
done
[ "$mode" != direct ] || [ "$interactive" = 0 ] || { echo "demo: --interactive needs the picker (not --direct)" >&2; exit 2; }
[ "$interactive" = 0 ] || [ -t 0 ] || { echo "demo: --interactive needs a terminal on stdin" >&2; exit 2; }
[ "$mode" != direct ] || [ -z "$picture" ] || { echo "demo: --direct has no picker to picture" >&2; exit 2; }
case $picture in ''|/*) ;; *) picture=$PWD/$picture ;; esac
[ "$(id -u)" = 0 ] || { echo "demo: run as root (network namespaces, tap)" >&2; exit 2; }
countdown=${DEMO_COUNTDOWN:-3}
case $countdown in ''|*[!0-9]*) echo "demo: DEMO_COUNTDOWN must be a number of seconds" >&2; exit 2 ;; esac

if [ "${DEMO_NO_BUILD:-0}" != 1 ]; then
	say "building aoeroot in $top/_build"
	cd "$top"
	[ -x configure ] || ./autogen.sh
	mkdir -p _build
	cd _build
	[ -f Makefile ] || ../configure -q
	make -j2 >make.log 2>&1 || { tail -40 make.log; echo "demo: build failed (see _build/make.log)" >&2; exit 1; }
	echo "build ok"
	top_builddir=$top/_build
fi
export top_srcdir=$top top_builddir=${top_builddir:-$top/_build}
logdir=${DEMO_LOGDIR:-$top_builddir/demo-logs}
. "$top/tests/lab/lib.sh"
. "$top/tests/lab/initrd-lib.sh"
. "$top/tests/lab/pxe-lib.sh"
. "$top/tests/lab/grub-lib.sh"
. "$top/tests/lab/netboot-lib.sh"

case $mode in
grub)
	[ -f "$top_builddir/grub-mod/aoe.mod" ] || {
		echo "demo: no $top_builddir/grub-mod/aoe.mod: the GRUB module was not built" >&2
		echo "      (configure --enable-grub=yes says why; tools/deps.sh installs what it needs)." >&2
		echo "      tools/demo.sh --direct boots without GRUB." >&2
		exit 1; } ;;
efi)
	[ -f "$top_builddir/efi-stub/aoeboot.efi" ] || {
		echo "demo: no $top_builddir/efi-stub/aoeboot.efi (configure --enable-efi=yes says why)" >&2
		exit 1; } ;;
esac
lab_init demo
mkdir -p "$logdir"
logdir=$(cd "$logdir" && pwd)
LOGFILES="serial.log serial.stamped dnsmasq.log qemu.log picker.png timeline.txt vblade-srv0.log vblade-srv1.log vblade-old.log vblade-decoy.log"
# Keep the logs of this run (also of a failed one) where the last line says.
demo_save_logs() {
	local f
	for f in $LOGFILES; do
		rm -f "$logdir/$f"
		[ ! -f "$LAB_TMP/$f" ] || cp "$LAB_TMP/$f" "$logdir/$f"
	done
}
trap 'rc=$?; demo_save_logs; (exit $rc); lab_cleanup' EXIT

# --- the disks ------------------------------------------------------------------

# demo_fixture_build DIR: what demo_fixture() caches, made once
# under its lock (lab_cache_once).
demo_fixture_build() {
	local dir=$1
	rm -rf "$dir" && mkdir -p "$dir" || exit 1
	lab_log "making the demo's stale member in $dir (one setup boot)"
	cp --sparse=always "$LAB_FIX_M0" "$dir/m0.img"
	cp --sparse=always "$LAB_FIX_M1" "$dir/m1.img"
	cp --sparse=always "$LAB_FIX_M1" "$dir/stale.img"
	# A write alone may leave the event count as it was (md takes
	# back the dirty->clean increment of a redundant array);
	# adding and removing a bitmap always moves it on.
	cat > "$LAB_TMP/mkstale.sh" <<-'EOF'
	mdadm --assemble --run /dev/md0 /dev/vda /dev/vdb
	mdadm --grow /dev/md0 --bitmap=internal
	mdadm --grow /dev/md0 --bitmap=none
	mount -t ext4 /dev/md0 /mnt
	echo "written after e0.2 was copied from e0.1" > /mnt/var/lib/aoeroot-demo
	umount /mnt
	mdadm --stop /dev/md0
	EOF
	lab_setup_guest "$LAB_TMP/mkstale.sh" "$dir/m0.img" "$dir/m1.img" || exit 1
	[ "$(md_events "$dir/m0.img")" -gt "$(md_events "$dir/stale.img")" ] ||
		{ echo "lab: error: the mirror's md events did not move on" >&2; exit 1; }
	touch "$dir/.done"
}

# The mirror members, moved on by one mount + write in a setup guest (real
# md, real mdadm), and e0.2: the pristine copy of e0.1 from before that,
# so same array and role with fewer events. Made once, cached.
demo_fixture() {
	local key dir
	key=$( { basename "$LAB_FIX_DIR"; declare -f demo_fixture_build; } | sha256sum | cut -c1-16)
	dir=$LAB_CACHE/demo-$key
	lab_cache_once "$dir/.done" "$LAB_CACHE/fixture.lock" demo_fixture_build "$dir" ||
		{ lab_die "demo fixture failed"; return 1; }
	DEMO_FIX=$dir
}

md_events() { mdadm --examine "$1" 2>/dev/null | awk '/Events/ {print $3}'; }

# --- the boot log, time-stamped ---------------------------------------------------

# Stamp each serial console line with the host clock as it arrives
# (serial.stamped: "EPOCH-SECONDS LINE").
demo_stamp_start() {
	python3 -u - "$LAB_TMP/serial.log" "$LAB_TMP/serial.stamped" <<-'EOF' &
	import re, sys, time
	esc = re.compile(r"\x1b\[[0-9;=?]*[A-Za-z]")
	src, out, buf = open(sys.argv[1], "rb"), open(sys.argv[2], "w", buffering=1), b""
	while True:
	    data = src.read()
	    if not data:
	        time.sleep(0.05)
	        continue
	    now = time.time()
	    buf += data
	    *lines, buf = buf.split(b"\n")
	    for line in lines:
	        text = esc.sub("", line.decode("utf-8", "replace")).replace("\r", "")
	        out.write("%.3f %s\n" % (now, text))
	EOF
	lab_track $!
}

# demo_timeline T0 LABEL=REGEX...: for each milestone in order, the first
# stamped line after the previous milestone's that matches REGEX; prints
# "  SECONDS  LABEL" (seconds since T0) or "      -  LABEL (not seen)".
demo_timeline() {
	python3 - "$LAB_TMP/serial.stamped" "$@" <<-'EOF'
	import re, sys
	lines = [l.rstrip("\n").split(" ", 1) for l in open(sys.argv[1])]
	lines = [(float(l[0]), l[1] if len(l) > 1 else "") for l in lines]
	t0, i = float(sys.argv[2]), 0
	for spec in sys.argv[3:]:
	    label, rx = spec.split("=", 1)
	    for j in range(i, len(lines)):
	        if re.search(rx, lines[j][1]):
	            print("  %6.1f s  %s" % (lines[j][0] - t0, label))
	            i = j
	            break
	    else:
	        print("       -    %s (not seen)" % label)
	EOF
}

# The picker as printed on the serial console: from the scan to the
# accepted choice (and the line it wraps onto).
demo_picker_text() {
	sed 's/^[0-9.]* //' "$LAB_TMP/serial.stamped" |
		awk -v from="$1" -v to="$2" '
			!on && $0 ~ from { on = 1 }
			on { print }
			on && $0 ~ to { n = 1; next }
			n { exit }'
}

# Screen dump of the VGA display (QEMU HMP) to picker.ppm and picker.png.
demo_screendump() {
	rm -f "$LAB_TMP/picker.ppm"
	lab_monitor "screendump $LAB_TMP/picker.ppm" >/dev/null
	local i
	for i in 1 2 3 4 5 6 7 8 9 10; do
		[ -s "$LAB_TMP/picker.ppm" ] && break
		sleep 0.2
	done
	"$top/tools/ppm2png.py" "$LAB_TMP/picker.ppm" "$LAB_TMP/picker.png" --crop ||
		{ echo "demo: no screen dump of the picker"; return 1; }
}

# --interactive: this terminal is the serial console until the kernel
# starts (or QEMU stops, or Ctrl-] is pressed: exit status 3).
demo_console() {
	# the script comes on stdin: the terminal goes in as fd 3
	python3 - "$LAB_TMP/serial.log" "$LAB_TMP/serial.in" "$LAB_QEMU_PID" "$1" 3<&0 <<-'EOF'
	import os, re, select, sys, termios, time, tty
	log, fifo, pid, end = sys.argv[1], sys.argv[2], int(sys.argv[3]), re.compile(sys.argv[4].encode())
	src, seen = open(log, "rb"), b""
	out = os.open(fifo, os.O_WRONLY)
	fd = 3
	old = termios.tcgetattr(fd)
	tty.setraw(fd)
	rc = 0
	try:
	    while True:
	        data = src.read()
	        if data:
	            os.write(sys.stdout.fileno(), data)
	            seen = (seen + data)[-4096:]
	            if end.search(seen):
	                break
	        try:
	            os.kill(pid, 0)
	        except OSError:
	            break
	        r, _, _ = select.select([fd], [], [], 0.05)
	        if r:
	            keys = os.read(fd, 64)
	            if b"\x1d" in keys:
	                rc = 3
	                break
	            os.write(out, keys)
	finally:
	    termios.tcsetattr(fd, termios.TCSADRAIN, old)
	    print()
	sys.exit(rc)
	EOF
}

# --- the direct demo (--direct) ----------------------------------------------------

demo_direct() {
	local kind append ok=1 up ev0 ev1
	say "test kernel (Debian linux-image-amd64, unpacked into $LAB_CACHE, never installed)"
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
	demo_aoe_scan
	say "initrd"
	if [ "${DEMO_REFERENCE:-0}" != 1 ] && [ -x "$top_builddir/initrd-min/init" ]; then
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
	local follow=$!
	lab_expect '^AOEROOT-ROOT-UP' 240 && up=$(lab_elapsed) || ok=0
	[ $ok = 1 ] && { lab_expect '^AOEROOT-ROOT-DOWN' 60 || ok=0; }
	lab_qemu_wait 60 || ok=0
	wait "$follow" 2>/dev/null || :
	say "result"
	ev0=$(md_events "$LAB_M0")
	ev1=$(md_events "$LAB_M1")
	if [ $ok = 1 ] && lab_grep '\[2/2\] \[UU\]' >/dev/null && lab_grep '^AOEROOT-ROOTDEV /dev/md' >/dev/null &&
		lab_grep "^AOEROOT-FILESUM ok $LAB_FIX_SETSUM\$" >/dev/null && lab_grep '^AOEROOT-WROTE 1$' >/dev/null; then
		echo "OK: the diskless server booted its root from md RAID1 [UU] over AoE"
		echo "    (e0.0 on srv0 + e0.1 on srv1) with the $kind,"
		echo "    root reached ${up}s after QEMU started (TCG), file set intact, boot counter written;"
		echo "    md event counts on the members are now $ev0 / $ev1. Logs: $logdir"
		return 0
	fi
	echo "FAILED: the diskless server did not come up as expected (serial log above; logs in $logdir)"
	return 1
}

demo_aoe_scan() {
	local scan=$top_builddir/tools/aoe-scan
	[ -x "$scan" ] || return 0
	say "aoe-scan br0 (what the network offers, seen from the host)"
	ip netns exec "$LAB_NS_BR" "$scan" --timeout 1500 br0 || echo "demo: aoe-scan exited with $?"
}

# --- the network boot (default, --efi) ----------------------------------------------

# The aoeroot initrd with the one NIC driver the machine has (virtio_net:
# 0.9 MiB instead of 2.9 with every driver, and read by TFTP at boot).
demo_initrd() {
	if [ -x "$INITRD_MK" ]; then
		"$INITRD_MK" --moddir "$LAB_MODDIR" --init "$INITRD_INIT" --nic virtio_net -o "$1" ||
			{ lab_die "mkinitrd-aoe failed"; return 1; }
	else
		initrd_pack "$1"
	fi
}

# GRUB's config for the demo: CFG (a grub.cfg shipped in grub-mod/) with
# the demo's countdown and GRUB's output on the firmware console only: OVMF
# copies that console to the serial port itself (with serial too, every
# line would reach the serial log twice); `clear` wipes the firmware's logo
# and PXE lines off the screen. Written to OUT.
demo_grub_cfg() {
	local cfg=$1 out=$2 t=$countdown
	[ "$interactive" = 0 ] || t=3600
	sed -e "s/--timeout=5 /--timeout=$t /" \
		-e 's/ console=ttyS0;/ console=ttyS0 aoe_panic=poweroff lab_action=write;/' \
		-e 's/^terminal_output serial console$/terminal_output console\nclear/' "$cfg" > "$out"
	grep -q -- "--timeout=$t " "$out" && grep -qx clear "$out" ||
		{ lab_die "$cfg changed: the demo cannot set its countdown and console"; return 1; }
}

# The GRUB stages' picker window (PICKER_FROM/PICKER_TO) and MILESTONES:
# PXE, GRUB running, picker, choice, then the stage's own MILESTONE...
demo_grub_milestones() {
	PICKER_FROM='^aoe: scanning' PICKER_TO='^aoe: accepted|^aoe: not booting'
	MILESTONES=(
		"firmware (OVMF) starts PXE: DHCP=Start PXE over IPv4"
		"GRUB fetched by TFTP, running (aoe module)=Welcome to GRUB"
		"scan complete, picker shown=$LAB_PICKER_SHOWN"
		"choice accepted=^aoe: accepted"
		"$@"
	)
}

# Put what the machine network-boots into the TFTP directory $1; sets
# BOOTFILE, KFROM (where the kernel and initrd come from), the picker
# screen's first and last lines PICKER_FROM PICKER_TO, and MILESTONES
# (LABEL=REGEX of the boot before /init).
#
# Default: the generic netboot image (mkimage-aoe.sh --netboot): the TFTP
# server holds only GRUB; GRUB attaches the two fresh members as disks
# (aoe/e0.0) (aoe/e0.1), finds the md array on them and reads the mirror's
# own /boot/grub/grub.cfg, kernel and initrd.
demo_stage_grub() {
	local tftp=$1 cfg=$LAB_TMP/netboot.cfg d
	[ "${DEMO_KERNEL_FROM:-mirror}" = mirror ] || { demo_stage_grub_tftp "$@"; return; }
	demo_grub_cfg "$top/grub-mod/netboot.cfg" "$cfg"
	"$top/grub-mod/mkimage-aoe.sh" --mod "$top_builddir/grub-mod/aoe.mod" --cfg "$cfg" --netdir "$tftp" >/dev/null ||
		{ lab_die "mkimage-aoe.sh failed"; return 1; }
	# The root the mirror holds: the lab's root file set, and /boot with
	# the kernel, the aoeroot initrd and a grub.cfg following the netboot
	# contract (grub-mod/README.md), written into both fresh members (the
	# same bytes at md's data offset; the superblocks stay mdadm's).
	d=$LAB_TMP/mirror-root
	lab_fixture_rootdir "$d"
	cp "$LAB_VMLINUZ" "$d/boot/vmlinuz"
	demo_initrd "$d/boot/initrd-aoe.img"
	mkdir -p "$d/boot/grub"
	cat > "$d/boot/grub/grub.cfg" <<-'EOF'
	# /boot/grub/grub.cfg of the demo's root, read by the netboot image from
	# the mirror ($root = $aoe_root, the md array found on the AoE disks).
	set timeout=0
	menuentry "aoeroot demo (root on the AoE mirror)" {
		echo "aoe: loading /boot/vmlinuz and /boot/initrd-aoe.img from ($root)"
		linux /boot/vmlinuz root=$aoe_kernel_root ro $aoe_args console=ttyS0 aoe_panic=poweroff lab_action=write
		initrd /boot/initrd-aoe.img
		echo "aoe: kernel and initrd loaded"
	}
	EOF
	mke2fs -q -t ext4 -L aoeroot -d "$d" "$LAB_TMP/mirror-root.ext4" "${LAB_FIX_ROOT_MIB}M" >/dev/null ||
		{ lab_die "mke2fs -d failed"; return 1; }
	nb_put_member "$LAB_TMP/m0.img" "$LAB_TMP/mirror-root.ext4"
	nb_put_member "$LAB_TMP/m1.img" "$LAB_TMP/mirror-root.ext4"
	rm -rf "$d" "$LAB_TMP/mirror-root.ext4"
	BOOTFILE=bootx64.efi KFROM="the mirror (read by GRUB over AoE)"
	echo "TFTP: only bootx64.efi (GRUB + aoe.mod, grub-mod/netboot.cfg embedded; $(du -k "$tftp/bootx64.efi" | cut -f1) KiB)"
	echo "mirror: /boot/vmlinuz, /boot/initrd-aoe.img, /boot/grub/grub.cfg beside the root"
	demo_grub_milestones \
		"fresh members attached as GRUB disks=^aoe: attached" \
		"mirror's /boot/grub/grub.cfg read=^AOE-NETBOOT-CONFIG" \
		"kernel + initrd read from the mirror=^aoe: kernel and initrd loaded" \
		"Linux prints its first line=Linux version"
}

# DEMO_KERNEL_FROM=tftp: the image with grub-mod/grub.cfg, which loads
# vmlinuz and initrd.img from the TFTP server beside itself.
demo_stage_grub_tftp() {
	local tftp=$1 cfg=$LAB_TMP/grub.cfg
	demo_grub_cfg "$top/grub-mod/grub.cfg" "$cfg"
	grep -q 'lab_action=write' "$cfg" ||
		{ lab_die "grub-mod/grub.cfg changed: the demo cannot set its kernel arguments"; return 1; }
	"$top/grub-mod/mkimage-aoe.sh" --mod "$top_builddir/grub-mod/aoe.mod" --cfg "$cfg" --netdir "$tftp" >/dev/null ||
		{ lab_die "mkimage-aoe.sh failed"; return 1; }
	cp "$LAB_VMLINUZ" "$tftp/vmlinuz"
	demo_initrd "$tftp/initrd.img"
	BOOTFILE=bootx64.efi KFROM="the TFTP server"
	echo "TFTP: bootx64.efi (GRUB + aoe.mod, grub-mod/grub.cfg embedded; $(du -k "$tftp/bootx64.efi" | cut -f1) KiB), vmlinuz, initrd.img"
	demo_grub_milestones "kernel + initrd loaded from TFTP=Linux version"
}

demo_stage_efi() {
	local tftp=$1 t=$countdown
	[ "$interactive" = 0 ] || t=-1
	cp "$top_builddir/efi-stub/aoeboot.efi" "$tftp/aoeboot.efi"
	cp "$LAB_VMLINUZ" "$tftp/vmlinuz"
	demo_initrd "$tftp/initrd.img"
	printf '%s\n' "console=ttyS0 root=/dev/md0 aoe_panic=poweroff lab_action=write aoeboot.timeout=$t aoeboot.nic=$LAB_MAC aoeboot.save=0" \
		> "$tftp/cmdline.txt"
	BOOTFILE=aoeboot.efi KFROM="the TFTP server"
	echo "TFTP: aoeboot.efi (the plain stub), vmlinuz, initrd.img, cmdline.txt: $(cat "$tftp/cmdline.txt")"
	PICKER_FROM='^aoeboot: scanning' PICKER_TO='^aoeboot: starting the kernel|^aoeboot: press r to retry'
	MILESTONES=(
		"firmware (OVMF) starts PXE: DHCP=Start PXE over IPv4"
		"aoeboot.efi fetched by TFTP, running=^aoeboot: starting"
		"scan complete, picker shown=$LAB_PICKER_SHOWN"
		"choice accepted, kernel + initrd read from TFTP=^aoeboot: starting the kernel"
		"Linux prints its first line=Linux version"
	)
}

demo_net() {
	local what ok=1 t0 elapsed cmdline ev0 evs md past
	say "test kernel, md RAID1 fixture, the stale member (made once by real mdadm in setup guests, cached)"
	lab_kernel
	lab_fixture_mirror
	lab_fixture_single
	demo_fixture
	for what in m0 m1 stale; do cp --sparse=always "$DEMO_FIX/$what.img" "$LAB_TMP/$what.img"; done
	cp --sparse=always "$LAB_FIX_SINGLE" "$LAB_TMP/decoy.img"
	ev0=$(md_events "$LAB_TMP/m0.img") evs=$(md_events "$LAB_TMP/stale.img")
	[ -n "$ev0" ] && [ -n "$evs" ] && [ "$evs" -lt "$ev0" ] ||
		{ lab_die "the stale member has md events '$evs', the mirror '$ev0'"; return 1; }
	echo "kernel $LAB_KVER; md RAID1 array $LAB_FIX_UUID (events $ev0), old copy at events $evs"

	say "what the machine will boot"
	mkdir -p "$LAB_TMP/tftp"
	"demo_stage_$mode" "$LAB_TMP/tftp"

	say "private network: one bridge, four AoE servers (vblade), a DHCP + TFTP server (dnsmasq)"
	lab_net_up
	lab_server srv0 0 0 "$LAB_TMP/m0.img"
	lab_server srv1 0 1 "$LAB_TMP/m1.img"
	lab_server old 0 2 "$LAB_TMP/stale.img"
	lab_server decoy 1 0 "$LAB_TMP/decoy.img"
	echo "  e0.0  srv0   mirror member (fresh)"
	echo "  e0.1  srv1   mirror member (fresh)"
	echo "  e0.2  old    an old copy of e0.1 (same array, events $evs: stale)"
	echo "  e1.0  decoy  another machine's disk (ext4, no md)"
	lab_pxe_server "$LAB_TMP/tftp" "$BOOTFILE"
	echo "DHCP + TFTP: dnsmasq at $LAB_PXE_ADDR (namespace ${LAB_PREFIX}-pxe), boot file $BOOTFILE"

	say "power on: a diskless machine (QEMU + OVMF, TCG), network boot from its only NIC"
	LAB_MEM=768 lab_pxe_ovmf -device VGA
	t0=$LAB_QEMU_T0
	demo_stamp_start
	echo "serial console: $LAB_TMP/serial.log (saved to $logdir)"
	if [ "$interactive" = 1 ]; then
		echo "the picker is yours: arrows/j/k move, space toggles, Enter boots, q cancels; Ctrl-] ends the demo"
		lab_expect "$LAB_PICKER_SHOWN" 120 || ok=0
		[ $ok = 0 ] || demo_screendump || :
		[ $ok = 0 ] || demo_console 'Linux version|aoeboot: press r to retry|not booting' || ok=0
	else
		lab_expect "$LAB_PICKER_SHOWN" 120 || ok=0
		# the screen is drawn before the marker: dump it while it counts down
		[ $ok = 0 ] || demo_screendump || :
		[ $ok = 0 ] || echo "picker shown; countdown $countdown s"
	fi
	[ $ok = 0 ] || { lab_expect 'Linux version' 120 || ok=0; }
	[ $ok = 0 ] || { echo "kernel started"; initrd_root_up 180 || ok=0; }
	[ $ok = 0 ] || { echo "root up"; lab_expect 'AOEROOT-ROOT-DOWN' 60 || ok=0; }
	[ $ok = 0 ] || { lab_qemu_wait 60 || ok=0; }
	[ $ok = 1 ] || lab_qemu_kill
	elapsed=$(lab_elapsed)
	sleep 0.3   # the stamper reads the log every 50 ms

	if [ -n "$(demo_picker_text "$PICKER_FROM" "$PICKER_TO")" ]; then
		say "the picker, as the machine showed it (serial console; picture: $logdir/picker.png)"
		demo_picker_text "$PICKER_FROM" "$PICKER_TO" | sed 's/^/  | /'
	fi
	[ -z "$picture" ] || [ ! -f "$LAB_TMP/picker.png" ] || { cp "$LAB_TMP/picker.png" "$picture" && echo "picture written to $picture"; }

	say "timeline (seconds after power-on, host clock)"
	demo_timeline "$t0" "${MILESTONES[@]}" \
		"/init starts (aoeroot initrd)=aoeroot /init .* starting" \
		"members found=aoeroot: (all [0-9]+ members present|still missing)" \
		"md assembled=aoeroot: assembled /dev/md" \
		"root file system up (its /sbin/init)=^AOEROOT-ROOT-UP" | tee "$LAB_TMP/timeline.txt"

	cmdline=$(lab_grep '^AOEROOT-CMDLINE ' | tail -n1 | sed 's/^AOEROOT-CMDLINE //')
	say "result"
	md=degraded
	! lab_grep '\[2/2\] \[UU\]' >/dev/null || md='[UU]'
	if [ $ok = 1 ] && { [ "$md" = "[UU]" ] || [ "$interactive" = 1 ]; } &&
		lab_grep '^AOEROOT-ROOTDEV /dev/md' >/dev/null &&
		lab_grep "^AOEROOT-FILESUM ok $LAB_FIX_SETSUM\$" >/dev/null && lab_grep '^AOEROOT-WROTE 1$' >/dev/null &&
		demo_members_ok "$cmdline"; then
		echo "kernel command line: $cmdline"
		echo "md events now: e0.0 $(md_events "$LAB_TMP/m0.img"), e0.1 $(md_events "$LAB_TMP/m1.img"), e0.2 $(md_events "$LAB_TMP/stale.img") (untouched)"
		past=" past the stale e0.2 and the decoy e1.0"
		case "+$DEMO_PICKED+" in *+e0.2+*|*+e1.0+*) past= ;; esac
		echo "OK: network-booted (UEFI PXE) $([ "$mode" = efi ] && echo aoeboot.efi || echo 'GRUB + aoe'), picked $DEMO_PICKED ($DEMO_HOW)$past, kernel + initrd from $KFROM, root on md RAID1 $md over AoE in ${elapsed} s (TCG); logs in $logdir"
		return 0
	fi
	echo "FAILED: the network boot did not bring the root up from the mirror (see above); logs in $logdir"
	return 1
}

# The members on the kernel command line: the mirror's two fresh ones,
# never the stale copy or the decoy. Sets DEMO_PICKED, DEMO_HOW.
demo_members_ok() {
	local devs
	devs=$(printf '%s\n' "$1" | tr ' ' '\n' | sed -n 's/^aoe_md_devs=//p' | tr ',' '\n' | sort | paste -sd+)
	DEMO_PICKED=$devs
	if [ "$interactive" = 1 ]; then
		DEMO_HOW="your choice"
		[ -n "$devs" ]
		return
	fi
	DEMO_HOW="the countdown's auto choice"
	[ "$devs" = e0.0+e0.1 ] || { echo "demo: the machine booted aoe_md_devs=$devs, not e0.0,e0.1"; return 1; }
	! lab_grep 'aoe: attached \(aoe/(e0\.2|e1\.0)\)' >/dev/null ||
		{ echo "demo: GRUB attached the stale member or the decoy as a disk"; return 1; }
}

if [ "$mode" = direct ]; then
	demo_direct
else
	demo_net
fi
