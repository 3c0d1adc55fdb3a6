# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
#
# aoeroot lab library: real Debian kernel, vblade servers in network
# namespaces, QEMU guests (TCG), md fixtures made by real mdadm.
# Source it from a bash test:  . "$top_srcdir/tests/lab/lib.sh"
# Everything runs as root on this machine only (namespaces, veth, bridge,
# tap; no IP addresses, nothing leaves the host).
#
# Environment (inputs)
#   AOEROOT_CACHE   cache dir (default /var/tmp/aoeroot-cache): kernel,
#                   initrds, pristine fixtures. Shared by tests, locked.
#   AOEROOT_KVM=1   use -accel kvm (NOT on these machines; TCG is default).
#   AOEROOT_NO_SKIP=1  lab_skip fails (exit 1) instead of skipping (77).
#   LAB_NIC         guest NIC model (default virtio-net-pci; e.g. e1000).
#   LAB_MAC         guest MAC (default 52:54:00:a0:e0:01).
#   LAB_MEM         guest memory MiB (default 512).
#   LAB_MTU         MTU of the bridge, the tap and every server veth (default
#                   1500; e.g. 9000 for jumbo frames: set it before
#                   lab_net_up; vblade sizes its frames from its NIC's MTU).
#   LAB_KEEP=1      keep $LAB_TMP even on success.
#   LAB_TIME_SCALE  multiplies every lab_expect/lab_qemu_wait timeout
#                   (default 3: 2 cores shared by many users make TCG slow;
#                   timeouts only cost time when something already failed).
#   top_srcdir / top_builddir  (default: derived from this file's path).
#
# Functions (return 0 on success; on error they print "lab: ..." to stderr
# and return non-zero, so `set -e` tests stop there)
#   lab_init NAME        unique namespace prefix, $LAB_TMP, cleanup trap
#                        (EXIT/INT/TERM: kills every vblade/QEMU/helper
#                        started, deletes every namespace; also on failure).
#   lab_use LIB...       source tests/lab/LIB-lib.sh for each LIB not sourced
#                        by lab_use yet (initrd, grub, efi, fault, pxe,
#                        netboot, fleet, vlan, xen).
#   lab_prelude NAME STEP...  the start most tests share: lab_init NAME, then
#                        each STEP in the order given: init (initrd_need_init),
#                        grub (grub_need_mod), efi (efi_need_stub), kernel
#                        (lab_kernel), mirror (lab_fixture_mirror), single
#                        (lab_fixture_single), members (lab_restore_members),
#                        initrd (initrd_pack "$LAB_TMP/initrd.gz"). Sources
#                        the helper library a step needs. Call lab_require
#                        first.
#   lab_skip MSG         exit 77 (or 1 when AOEROOT_NO_SKIP=1).
#   lab_require CMD...   lab_skip unless every command exists.
#   lab_kernel           fetch+unpack linux-image-amd64's kernel once
#                        (flock): sets LAB_KVER LAB_VMLINUZ LAB_MODDIR
#                        (LAB_MODDIR = <root>/lib/modules/$LAB_KVER, depmod'ed).
#   lab_modules_copy DESTROOT MOD...  copy MODs + dependencies (by
#                        modules.dep) to DESTROOT/lib/modules/$LAB_KVER and
#                        depmod there (busybox `modprobe MOD` then works).
#   lab_initrd_busybox OUT MOD...  cached gzip cpio: busybox-static (+ all
#                        applet links), mdadm + libs, /dev/console, the MODs,
#                        and a lab /init (see "lab /init" below).
#   lab_cpio_append OUT FILE:DEST...  append an uncompressed newc cpio holding
#                        FILE as DEST to OUT (kernel reads concatenated cpios).
#   lab_net_up           namespace $LAB_NS_BR: bridge br0 (STP off, forward
#                        delay 0) + tap $LAB_TAP (tap0) for QEMU; all up,
#                        no addresses.
#   lab_net_loss PCT [random|inc]  drop PCT% of AoE frames crossing br0 (nft
#                        bridge rule; inc = deterministic); 0 removes it. No
#                        netem on this host; for delay pass QEMU
#                        `-object filter-buffer,id=f0,netdev=n0,interval=USEC`
#                        to lab_qemu_start (the guest NIC's netdev id is n0).
#   lab_server NAME SHELF SLOT IMAGE [vblade opts...]  namespace
#                        $LAB_PREFIX-NAME, `unshare --uts` with hostname NAME
#                        (IDENTIFY serial "SHELF.SLOT:NAME"), veth eth0 into
#                        br0, vblade in the background. Log: $LAB_TMP/vblade-NAME.log
#                        Calling it again with the same NAME adds another
#                        vblade (other SHELF/SLOT) in the same namespace.
#                        LAB_SERVER_BR (default br0): the bridge in
#                        $LAB_NS_BR the server's veth joins (vlan-lib.sh).
#   lab_server_stop NAME     kill that server's vblade(s) (namespace stays).
#   lab_server_link NAME up|down  set the server's link (fault injection).
#   lab_qemu_start ARGS...   start QEMU in the bridge namespace (when
#                        lab_net_up ran; else no NIC): accel, -m, -no-reboot,
#                        serial on a pipe chardev copied to $LAB_TMP/serial.log
#                        (keys via lab_send), HMP monitor at $LAB_TMP/monitor.sock,
#                        NIC $LAB_NIC on the tap with mac $LAB_MAC (add
#                        LAB_NIC_OPTS e.g. ",bootindex=1"). ARGS are extra QEMU
#                        args. Sets LAB_QEMU_PID. Prints the accelerator.
#   lab_qemu_direct KERNEL INITRD APPEND [qemu args...]  lab_qemu_start with
#                        -kernel/-initrd/-append (console=ttyS0 panic=-1
#                        no_timer_check added in front of APPEND).
#   lab_qemu_ovmf ESP [qemu args...]  OVMF boot: ESP is a directory (packed
#                        into a FAT image with mtools) or an existing image;
#                        OVMF_CODE read-only pflash + a private OVMF_VARS copy;
#                        disk bootindex=0, NIC bootindex=1 (needed for SNP).
#   lab_qemu_wait TIMEOUT    wait for QEMU to exit; after TIMEOUT seconds kill
#                        it and fail (124). Returns QEMU's status otherwise.
#   lab_qemu_kill            stop QEMU now.
#   lab_expect REGEX TIMEOUT  wait until REGEX (grep -E) appears in the serial
#                        log AFTER the previous lab_expect match (\r removed).
#                        Fails early if QEMU exited. Prints the log tail on failure.
#   lab_grep REGEX           grep -E the whole serial log now (no wait).
#   lab_send TEXT            printf %b TEXT to the serial console ("ls\r").
#   lab_monitor CMD          send an HMP monitor command (e.g. "set_link n0 off").
#   lab_serial_tail [N]      print the last N (40) lines of the serial log.
#   lab_setup_guest SCRIPT IMAGE...  boot a "setup guest": busybox + mdadm +
#                        md/raid1/virtio_blk/ext4 modules; IMAGEs attached as
#                        /dev/vda, /dev/vdb, ...; runs the host file SCRIPT with
#                        sh -e; fails unless it exits 0. Output in
#                        $LAB_TMP/setup-N.log. Reusable: e.g. make a member
#                        stale with `mdadm -A --run /dev/md0 /dev/vda; dd ...;
#                        mdadm -S /dev/md0`.
#   lab_fixture_mirror   cached pristine RAID1 (metadata 1.2, 64 MiB members,
#                        --assume-clean, no bitmap) holding the ext4 test root;
#                        sets LAB_FIX_DIR LAB_FIX_M0 LAB_FIX_M1 LAB_FIX_SUMS
#                        LAB_FIX_UUID (array uuid, mdadm's colon form).
#   lab_fixture_single   cached single-disk image (no md) with the same root fs;
#                        sets LAB_FIX_SINGLE LAB_FIX_SUMS.
#   lab_restore_members [DIR]  copy pristine images (cp --sparse=always) to
#                        DIR (default $LAB_TMP): m0.img m1.img single.img (those
#                        fixtures made so far); sets LAB_M0 LAB_M1 LAB_SINGLE.
#
# The lab /init of lab_initrd_busybox: mounts proc, sys, devtmpfs on /dev,
# prints "LAB-INIT-UP <uptime>", runs /lab-stage.sh (append it with
# lab_cpio_append) with `sh -e`, prints "LAB-STAGE-RC=<rc>"; then, if the
# stage succeeded and wrote a directory name to /run/lab-switch-root, moves
# /dev /proc /sys there, prints "LAB-SWITCH-ROOT <dir>" and switch_roots to
# its /sbin/init; otherwise `poweroff -f`. `lab_insmod MOD...` (= modprobe
# each) is in PATH; so are busybox applets and mdadm.
#   lab_initrd_reference OUT  that initrd + tests/lab/stage-mdadm.sh: the
#                        classic way to boot the fixtures (aoe discover, poll
#                        for the members, `mdadm --assemble --run`, mount,
#                        switch_root). Kernel args: lab_root=md|single
#                        (default md), lab_members=e0.0,e1.0 (default),
#                        lab_wait=SECONDS (10). Prints LAB-REF-* markers.
#                        A baseline for benchmarks and the demo's fallback.
#
# The fixture root's /sbin/init (busybox sh) prints, one per line:
#   AOEROOT-ROOT-UP
#   AOEROOT-CMDLINE <contents of /proc/cmdline>
#   AOEROOT-MDSTAT-BEGIN / <lines of /proc/mdstat> / AOEROOT-MDSTAT-END
#   AOEROOT-ROOTDEV <device mounted on />
#   AOEROOT-FILESUM <sha256 of the list in /etc/aoeroot-fixture.sha256 as
#                    checked: "ok" or "BAD">  (sha256sum -c of the file set)
#   AOEROOT-COUNTER <n>          (value of /var/lib/boot-counter, 0 if none)
#   then runs the action from lab_action= on the kernel command line:
#     none (default)  nothing
#     write           increments /var/lib/boot-counter, writes
#                     /var/lib/aoeroot-write (cmdline + counter), sync
#     shell           interactive sh on the console (lab_send; "exit\r" ends it)
#     (several: lab_action=write,shell runs them in order)
#   AOEROOT-ACTION-DONE <action>
#   AOEROOT-ROOT-DOWN   then poweroff -f.
# Files in the root: /etc/aoeroot-fixture/{hello.txt,numbers.txt,blob.bin},
# /etc/aoeroot-fixture.sha256 (also in the cache as $LAB_FIX_SUMS).

LAB_CACHE=${AOEROOT_CACHE:-/var/tmp/aoeroot-cache}
LAB_LIBDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${top_srcdir:=$(cd "$LAB_LIBDIR/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
LAB_NIC=${LAB_NIC:-virtio-net-pci}
LAB_MAC=${LAB_MAC:-52:54:00:a0:e0:01}
LAB_MEM=${LAB_MEM:-512}
LAB_MTU=${LAB_MTU:-1500}
LAB_TIME_SCALE=${LAB_TIME_SCALE:-3}
LAB_TAP=tap0
LAB_NS_BR=
LAB_QEMU_PID=
LAB_EXPECT_OFF=0

lab_log() { echo "lab: $*" >&2; }
lab_die() { echo "lab: error: $*" >&2; return 1; }

lab_skip() {
	if [ "${AOEROOT_NO_SKIP:-0}" = 1 ]; then
		echo "lab: SKIP not allowed (AOEROOT_NO_SKIP=1): $*" >&2
		exit 1
	fi
	echo "lab: SKIP: $*" >&2
	exit 77
}

lab_require() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || lab_skip "missing command '$c' (run tools/deps.sh)"
	done
}

# --- setup and cleanup ------------------------------------------------------

# Delete namespaces left by lab runs whose shell died (SIGKILL, reboot).
lab_gc() {
	local ns pid
	for ns in $(ip netns list 2>/dev/null | awk '/^aoelab-/{print $1}'); do
		pid=${ns#aoelab-}; pid=${pid%%-*}
		[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && continue
		lab_ns_destroy "$ns"
	done
}

lab_ns_destroy() {
	local ns=$1 p
	for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null || :; done
	ip netns del "$ns" 2>/dev/null || :
}

lab_cleanup() {
	local rc=$? p ns
	trap - EXIT INT TERM
	set +e
	if [ -n "${LAB_TMP:-}" ] && [ -f "$LAB_TMP/pids" ]; then
		while read -r p; do kill "$p" 2>/dev/null; done < "$LAB_TMP/pids"
		sleep 0.2
		while read -r p; do kill -9 "$p" 2>/dev/null; done < "$LAB_TMP/pids"
	fi
	for ns in $(ip netns list 2>/dev/null | awk -v p="$LAB_PREFIX-" 'index($1, p) == 1 {print $1}'); do
		lab_ns_destroy "$ns"
	done
	# any other background child of this shell (e.g. a `tail -f` pipeline)
	for p in $(ps -o pid= --ppid $$ 2>/dev/null); do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	if [ -n "${LAB_TMP:-}" ] && [ -d "$LAB_TMP" ]; then
		if [ "$rc" = 0 ] && [ "${LAB_KEEP:-0}" != 1 ]; then
			rm -rf "$LAB_TMP"
		else
			echo "lab: kept $LAB_TMP (exit $rc)" >&2
		fi
	fi
	exit "$rc"
}

# Remember a pid for cleanup.
lab_track() { echo "$1" >> "$LAB_TMP/pids"; }

lab_init() {
	local name=${1:?lab_init NAME}
	case $name in *[!A-Za-z0-9_]*) lab_die "lab_init: NAME '$name' must be [A-Za-z0-9_]" ; return 1 ;; esac
	[ "$(id -u)" = 0 ] || lab_skip "lab tests need root (namespaces, tap)"
	LAB_NAME=$name
	LAB_PREFIX=aoelab-$$-$name
	LAB_TMP=$(mktemp -d "${TMPDIR:-/tmp}/aoelab-$name.XXXXXX")
	: > "$LAB_TMP/pids"
	mkdir -p "$LAB_CACHE"
	trap lab_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	lab_gc
	export LAB_TMP LAB_PREFIX LAB_NAME
}

# Each library once: sourcing one again would reset its state (pids).
LAB_USED=" "
lab_use() {
	local lib
	for lib in "$@"; do
		case $LAB_USED in *" $lib "*) continue ;; esac
		# shellcheck disable=SC1090
		. "$LAB_LIBDIR/$lib-lib.sh" || { lab_die "lab_use: no $LAB_LIBDIR/$lib-lib.sh"; return 1; }
		LAB_USED="$LAB_USED$lib "
	done
}

# No `|| return` here: a step fails the test the way it does when the test
# calls it itself (set -e also inside the helpers).
lab_prelude() {
	local step
	lab_init "${1:?lab_prelude NAME STEP...}"
	shift
	for step in "$@"; do
		case $step in
		init) lab_use initrd; initrd_need_init ;;
		grub) lab_use grub; grub_need_mod ;;
		efi) lab_use efi; efi_need_stub ;;
		kernel) lab_kernel ;;
		mirror) lab_fixture_mirror ;;
		single) lab_fixture_single ;;
		members) lab_restore_members ;;
		initrd) lab_use initrd; initrd_pack "$LAB_TMP/initrd.gz" ;;
		*) lab_die "lab_prelude: unknown step '$step'"; return 1 ;;
		esac
	done
}

# --- kernel -------------------------------------------------------------------

# lab_cache_once MARK LOCK CMD [ARG...]: make a shared cache entry once
# (the cache is shared by concurrent tests). Returns at once when MARK
# exists; else runs CMD ARG... in a subshell holding flock on LOCK, unless
# MARK appeared while it waited (another test made it). CMD makes MARK
# last, and only on success; its `exit 1` fails this call.
lab_cache_once() {
	local mark=${1:?lab_cache_once MARK LOCK CMD...} lock=${2:?lock}
	shift 2
	[ -e "$mark" ] && return 0
	(
		flock 9
		[ -e "$mark" ] && exit 0
		"$@"
	) 9> "$lock"
}

# lab_kernel_fetch DIR PKG: the kernel package unpacked into DIR (+ depmod).
lab_kernel_fetch() {
	local dir=$1 pkg=$2
	lab_log "fetching kernel $pkg into $dir"
	rm -rf "$dir" "$dir.tmp" && mkdir -p "$dir.tmp/deb"
	(cd "$dir.tmp/deb" && apt-get download -q "$pkg" >&2) ||
		{ echo "lab: error: apt-get download $pkg failed" >&2; exit 1; }
	dpkg-deb -x "$dir.tmp"/deb/*.deb "$dir.tmp/root" &&
		depmod -b "$dir.tmp/root" "$LAB_KVER" &&
		rm -rf "$dir.tmp/deb" && mv "$dir.tmp/root" "$dir" && rmdir "$dir.tmp" &&
		touch "$dir/.done"
}

lab_kernel() {
	local pkg dir
	if [ -n "${AOEROOT_KVER:-}" ]; then
		pkg=linux-image-$AOEROOT_KVER
	else
		pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
			awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ {print $2; exit}')
	fi
	if [ -z "$pkg" ]; then
		# offline: take the newest kernel already in the cache
		dir=$(ls -d "$LAB_CACHE"/kernel-*/.done 2>/dev/null | sort -V | tail -1)
		[ -n "$dir" ] || { lab_die "cannot resolve linux-image-amd64 (apt-get update?) and no cached kernel"; return 1; }
		pkg=linux-image-$(basename "$(dirname "$dir")" | sed 's/^kernel-//')
	fi
	LAB_KVER=${pkg#linux-image-}
	dir=$LAB_CACHE/kernel-$LAB_KVER
	lab_cache_once "$dir/.done" "$LAB_CACHE/kernel.lock" lab_kernel_fetch "$dir" "$pkg" ||
		{ lab_die "kernel fetch failed"; return 1; }
	LAB_VMLINUZ=$dir/boot/vmlinuz-$LAB_KVER
	LAB_MODDIR=$dir/lib/modules/$LAB_KVER
	[ -f "$LAB_VMLINUZ" ] && [ -f "$LAB_MODDIR/modules.dep" ] ||
		{ lab_die "kernel cache $dir is incomplete: remove it"; return 1; }
	export LAB_KVER LAB_VMLINUZ LAB_MODDIR
}

# Print the module files (relative to LAB_MODDIR) for MOD and its deps.
lab_module_files() {
	local m out root=${LAB_MODDIR%/lib/modules/*}
	for m in "$@"; do
		out=$(modprobe -d "$root" -S "$LAB_KVER" --show-depends "$m" 2>&1) ||
			{ lab_die "module $m not found in $LAB_MODDIR: $out"; return 1; }
		printf '%s\n' "$out" | awk '$1 == "insmod" {print $2}' | sed "s|^$LAB_MODDIR/||"
	done | sort -u
}

lab_modules_copy() {
	local dest=$1 f files
	shift
	files=$(lab_module_files "$@") || return 1
	for f in $files; do
		mkdir -p "$dest/lib/modules/$LAB_KVER/$(dirname "$f")"
		cp "$LAB_MODDIR/$f" "$dest/lib/modules/$LAB_KVER/$f"
	done
	cp "$LAB_MODDIR"/modules.order "$LAB_MODDIR"/modules.builtin* "$dest/lib/modules/$LAB_KVER/" 2>/dev/null || :
	depmod -b "$dest" "$LAB_KVER"
}

# --- initrds ------------------------------------------------------------------

# Populate DIR with busybox-static and every applet as a link in /bin.
lab_busybox_tree() {
	local d=$1 a bb
	bb=$(command -v busybox) || { lab_die "busybox not found (apt-get install busybox-static)"; return 1; }
	mkdir -p "$d/bin" "$d/sbin" "$d/dev" "$d/proc" "$d/sys" "$d/run" "$d/tmp" "$d/etc" "$d/mnt" "$d/root"
	cp "$bb" "$d/bin/busybox"
	for a in $("$bb" --list); do
		[ -e "$d/bin/$a" ] || ln -s busybox "$d/bin/$a"
	done
	for a in init modprobe insmod poweroff reboot switch_root mdev; do
		ln -sf ../bin/busybox "$d/sbin/$a"
	done
	[ -e "$d/dev/console" ] || mknod -m 600 "$d/dev/console" c 5 1
	[ -e "$d/dev/null" ] || mknod -m 666 "$d/dev/null" c 1 3
}

# Copy an ELF binary and its shared libraries (ldd) into DIR.
lab_copy_elf() {
	local d=$1 bin=$2 lib
	mkdir -p "$d$(dirname "$bin")"
	cp "$bin" "$d$bin"
	for lib in $(ldd "$bin" | awk '/=> \//{print $3} /^\t\//{print $1}'); do
		mkdir -p "$d$(dirname "$lib")"
		cp -L "$lib" "$d$lib"
	done
}

# Pack DIR as a gzip'ed newc cpio into OUT.
lab_cpio_pack() {
	(cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -1 > "$2"
}

lab_cpio_append() {
	local out=$1 d spec
	shift
	d=$(mktemp -d "$LAB_TMP/cpio.XXXXXX")
	for spec in "$@"; do
		mkdir -p "$d/$(dirname "${spec#*:}")"
		cp "${spec%%:*}" "$d/${spec#*:}"
	done
	# the kernel reads an uncompressed cpio after a compressed one only at a
	# 4-byte aligned offset (zero padding is skipped)
	head -c $(( (4 - $(stat -c %s "$out") % 4) % 4 )) /dev/zero >> "$out"
	(cd "$d" && find . -mindepth 1 | cpio -o -H newc -R 0:0 --quiet) >> "$out"
	rm -rf "$d"
}

lab_init_script() {
	cat <<'EOF'
#!/bin/sh
# lab /init: see tests/lab/lib.sh
export PATH=/sbin:/bin:/usr/sbin:/usr/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/pts /run /tmp
echo "LAB-INIT-UP $(cat /proc/uptime)"
rc=0
if [ -f /lab-stage.sh ]; then
	sh -e /lab-stage.sh || rc=$?
else
	echo "LAB: no /lab-stage.sh"; rc=1
fi
echo "LAB-STAGE-RC=$rc"
if [ "$rc" = 0 ] && [ -f /run/lab-switch-root ]; then
	nr=$(cat /run/lab-switch-root)
	for m in dev proc sys; do mount --move /$m "$nr/$m" || mount -t tmpfs none "$nr/$m"; done
	echo "LAB-SWITCH-ROOT $nr"
	exec switch_root "$nr" /sbin/init
fi
sync
poweroff -f
EOF
}

# lab_initrd_busybox_build MOD...: the busybox initrd into $LAB_INITRD.
lab_initrd_busybox_build() {
	local d
	d=$(mktemp -d "$LAB_TMP/initrd.XXXXXX")
	lab_busybox_tree "$d" && lab_copy_elf "$d" /usr/sbin/mdadm &&
		lab_modules_copy "$d" "$@" || exit 1
	lab_init_script > "$d/init" && chmod 755 "$d/init"
	printf '#!/bin/sh\nfor m in "$@"; do modprobe "$m" || { echo "lab_insmod: $m failed"; exit 1; }; done\n' > "$d/bin/lab_insmod"
	chmod 755 "$d/bin/lab_insmod"
	mkdir -p "$d/etc/mdadm" && echo "DEVICE /dev/etherd/* /dev/vd* /dev/sd*" > "$d/etc/mdadm/mdadm.conf"
	lab_cpio_pack "$d" "$LAB_INITRD.tmp" && mv "$LAB_INITRD.tmp" "$LAB_INITRD"
	rm -rf "$d"
}

# Build (once, cached by content) a busybox initrd with the given modules.
# Sets LAB_INITRD to the cached file and copies it to OUT (if given).
lab_initrd_busybox() {
	local out=$1 key d
	shift
	[ -n "${LAB_KVER:-}" ] || lab_kernel || return 1
	key=$( { echo v2 "$LAB_KVER" "$@"; lab_init_script; sha256sum "$(command -v busybox)" /usr/sbin/mdadm; } |
		sha256sum | cut -c1-16)
	LAB_INITRD=$LAB_CACHE/initrd-busybox-$key.gz
	lab_cache_once "$LAB_INITRD" "$LAB_CACHE/initrd.lock" lab_initrd_busybox_build "$@" ||
		{ lab_die "building busybox initrd failed"; return 1; }
	[ -z "$out" ] || cp "$LAB_INITRD" "$out"
}

# --- network ------------------------------------------------------------------

lab_net_up() {
	LAB_NS_BR=$LAB_PREFIX-br
	ip netns add "$LAB_NS_BR" || { lab_die "ip netns add $LAB_NS_BR failed"; return 1; }
	ip -n "$LAB_NS_BR" link set lo up
	ip -n "$LAB_NS_BR" link add br0 type bridge stp_state 0 forward_delay 0
	ip -n "$LAB_NS_BR" tuntap add dev "$LAB_TAP" mode tap
	ip -n "$LAB_NS_BR" link set "$LAB_TAP" master br0
	ip -n "$LAB_NS_BR" link set "$LAB_TAP" mtu "$LAB_MTU" up
	ip -n "$LAB_NS_BR" link set br0 mtu "$LAB_MTU" up
	export LAB_NS_BR
}

# Drop PCT percent (1-100) of the AoE frames crossing the bridge (nftables
# bridge family); MODE random (default) or inc (deterministic: frames whose
# running count mod 100 is below PCT, so runs repeat); 0 removes the rule.
lab_net_loss() {
	local pct=${1:?lab_net_loss PERCENT [random|inc]} mode=${2:-random}
	case $mode in random|inc) ;; *) lab_die "lab_net_loss: mode must be random or inc"; return 1 ;; esac
	[ -n "$LAB_NS_BR" ] || { lab_die "lab_net_loss: run lab_net_up first"; return 1; }
	command -v nft >/dev/null || lab_skip "nft not installed (nftables)"
	ip netns exec "$LAB_NS_BR" nft delete table bridge lab 2>/dev/null || :
	[ "$pct" -gt 0 ] || return 0
	ip netns exec "$LAB_NS_BR" nft -f - <<-EOF || { lab_die "nft rule failed"; return 1; }
	table bridge lab {
		chain aoedrop {
			type filter hook forward priority 0;
			ether type 0x88a2 numgen $mode mod 100 < $pct counter drop
		}
	}
	EOF
}

lab_server() {
	local name=${1:?lab_server NAME SHELF SLOT IMAGE [opts]} shelf=${2:?shelf} slot=${3:?slot} img=${4:?image} ns pid
	shift 4
	[ -n "$LAB_NS_BR" ] || { lab_die "lab_server: run lab_net_up first"; return 1; }
	[ -f "$img" ] || [ -b "$img" ] || { lab_die "lab_server $name: no image $img"; return 1; }
	ns=$LAB_PREFIX-$name
	if ! ip netns list | awk '{print $1}' | grep -qx "$ns"; then
		ip netns add "$ns" || { lab_die "ip netns add $ns failed"; return 1; }
		ip -n "$ns" link set lo up
		ip -n "$LAB_NS_BR" link add "v-$name" type veth peer name eth0 netns "$ns" ||
			{ lab_die "veth for $name failed (name too long? max 13 chars)"; return 1; }
		ip -n "$LAB_NS_BR" link set "v-$name" master "${LAB_SERVER_BR:-br0}"
		ip -n "$LAB_NS_BR" link set "v-$name" mtu "$LAB_MTU" up
		ip -n "$ns" link set eth0 mtu "$LAB_MTU" up
	fi
	ip netns exec "$ns" unshare --uts sh -c 'hostname "$1"; shift; exec vblade "$@"' \
		sh "$name" "$@" "$shelf" "$slot" eth0 "$img" > "$LAB_TMP/vblade-$name.log" 2>&1 &
	pid=$!
	lab_track "$pid"
	echo "$pid" >> "$LAB_TMP/vblade-$name.pid"
	sleep 0.2
	kill -0 "$pid" 2>/dev/null || {
		cat "$LAB_TMP/vblade-$name.log" >&2
		lab_die "vblade $name (e$shelf.$slot) exited at once"; return 1; }
	lab_log "server $name: vblade e$shelf.$slot $img (pid $pid, hostname $name)"
}

lab_server_stop() {
	local f=$LAB_TMP/vblade-${1:?name}.pid pid
	[ -f "$f" ] || { lab_die "no server $1"; return 1; }
	for pid in $(cat "$f"); do
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null || :
	done
	rm -f "$f"
}

lab_server_link() {
	ip -n "$LAB_PREFIX-${1:?name}" link set eth0 "${2:?up|down}"
}

# --- QEMU ---------------------------------------------------------------------

lab_qemu_start() {
	local accel=tcg nsexec=() net=(-nic none)
	[ -z "$LAB_QEMU_PID" ] || ! kill -0 "$LAB_QEMU_PID" 2>/dev/null ||
		{ lab_die "QEMU already running (pid $LAB_QEMU_PID)"; return 1; }
	[ "${AOEROOT_KVM:-0}" = 1 ] && accel=kvm
	if [ -n "$LAB_NS_BR" ]; then
		nsexec=(ip netns exec "$LAB_NS_BR")
		net=(-netdev "tap,id=n0,ifname=$LAB_TAP,script=no,downscript=no"
			-device "$LAB_NIC,netdev=n0,mac=$LAB_MAC${LAB_NIC_OPTS:-}")
	fi
	rm -f "$LAB_TMP/serial.in" "$LAB_TMP/serial.out" "$LAB_TMP/monitor.sock"
	mkfifo "$LAB_TMP/serial.in" "$LAB_TMP/serial.out"
	: > "$LAB_TMP/serial.log"
	LAB_EXPECT_OFF=0
	cat "$LAB_TMP/serial.out" >> "$LAB_TMP/serial.log" &
	lab_track $!
	lab_log "qemu: accelerator $accel, nic $([ -n "$LAB_NS_BR" ] && echo "$LAB_NIC mac $LAB_MAC" || echo none)"
	"${nsexec[@]}" qemu-system-x86_64 -accel "$accel" -m "$LAB_MEM" -no-reboot \
		-display none -vga none -nodefaults \
		-chardev "pipe,id=ser0,path=$LAB_TMP/serial" -serial chardev:ser0 \
		-monitor "unix:$LAB_TMP/monitor.sock,server=on,wait=off" \
		"${net[@]}" "$@" > "$LAB_TMP/qemu.log" 2>&1 &
	LAB_QEMU_PID=$!
	lab_track "$LAB_QEMU_PID"
	LAB_QEMU_T0=$(date +%s.%N)
}

lab_qemu_direct() {
	local k=${1:?lab_qemu_direct KERNEL INITRD APPEND} i=${2:?initrd} a=${3-}
	shift 3
	[ -f "$k" ] || { lab_die "no kernel $k"; return 1; }
	[ -f "$i" ] || { lab_die "no initrd $i"; return 1; }
	# no_timer_check: a slow (busy) TCG host otherwise fails the kernel's
	# IO-APIC timer check now and then ("IO-APIC + timer doesn't work")
	lab_qemu_start -kernel "$k" -initrd "$i" -append "console=ttyS0 panic=-1 no_timer_check $a" "$@"
}

# Make a FAT ESP image from directory DIR (mtools, no mounting).
lab_esp_image() {
	local dir=$1 img=$2 kib
	kib=$(( $(du -sk "$dir" | cut -f1) * 12 / 10 + 8192 ))
	rm -f "$img"
	mkfs.vfat -C "$img" "$kib" >/dev/null || { lab_die "mkfs.vfat failed"; return 1; }
	MTOOLS_SKIP_CHECK=1 mcopy -s -i "$img" "$dir"/* ::/ || { lab_die "mcopy failed"; return 1; }
}

lab_qemu_ovmf() {
	local esp=${1:?lab_qemu_ovmf ESP_DIR_OR_IMAGE} code=${LAB_OVMF_CODE:-/usr/share/OVMF/OVMF_CODE.fd}
	local vars=${LAB_OVMF_VARS:-/usr/share/OVMF/OVMF_VARS.fd} img
	shift
	[ -f "$code" ] && [ -f "$vars" ] || lab_skip "OVMF not installed ($code)"
	cp "$vars" "$LAB_TMP/OVMF_VARS.fd"
	if [ -d "$esp" ]; then
		img=$LAB_TMP/esp.img
		lab_esp_image "$esp" "$img" || return 1
	else
		img=$esp
	fi
	LAB_NIC_OPTS=${LAB_NIC_OPTS-,bootindex=1} lab_qemu_start \
		-drive "if=pflash,format=raw,unit=0,readonly=on,file=$code" \
		-drive "if=pflash,format=raw,unit=1,file=$LAB_TMP/OVMF_VARS.fd" \
		-drive "if=none,id=esp,format=raw,file=$img" -device virtio-blk-pci,drive=esp,bootindex=0 \
		"$@"
}

lab_qemu_kill() {
	[ -n "$LAB_QEMU_PID" ] || return 0
	kill "$LAB_QEMU_PID" 2>/dev/null
	wait "$LAB_QEMU_PID" 2>/dev/null || :
	LAB_QEMU_PID=
}

lab_qemu_wait() {
	local t=${1:?lab_qemu_wait TIMEOUT} end rc
	[ -n "$LAB_QEMU_PID" ] || { lab_die "lab_qemu_wait: no QEMU started"; return 1; }
	t=$((t * LAB_TIME_SCALE))
	end=$(( $(date +%s) + t ))
	while kill -0 "$LAB_QEMU_PID" 2>/dev/null; do
		if [ "$(date +%s)" -ge "$end" ]; then
			lab_log "qemu: still running after ${t}s: killed"
			lab_qemu_kill
			lab_serial_tail 30 >&2
			return 124
		fi
		sleep 0.2
	done
	rc=0
	wait "$LAB_QEMU_PID" || rc=$?
	LAB_QEMU_PID=
	lab_log "qemu: exited with $rc after $(lab_elapsed)s"
	[ "$rc" = 0 ] || { cat "$LAB_TMP/qemu.log" >&2; lab_serial_tail 30 >&2; }
	return "$rc"
}

lab_elapsed() { echo "$(date +%s.%N) ${LAB_QEMU_T0:-0}" | awk '{printf "%.1f", $1 - $2}'; }

lab_serial_tail() {
	echo "---- serial log tail ($LAB_TMP/serial.log) ----"
	tr -d '\r' < "$LAB_TMP/serial.log" | tail -n "${1:-40}"
	echo "----"
}

lab_grep() { tr -d '\r' < "$LAB_TMP/serial.log" | grep -E -- "$1"; }
# What a person sees when the picker waits for keys: the last line of its key
# help (common/picker_view.c, picker_key_help()). Tests find the picker by it;
# the product prints no marker meant for machines.
LAB_PICKER_SHOWN='Enter accept, Esc/q cancel'
# lab_show REGEX: print the serial lines matching REGEX for the log, for a
# person reading it; never a check (it succeeds when nothing matches).
lab_show() { tr -d '\r' < "$LAB_TMP/serial.log" | re=$1 awk '$0 ~ ENVIRON["re"]'; }

lab_expect() {
	local re=${1:?lab_expect REGEX TIMEOUT} t=${2:-60} end off
	t=$((t * LAB_TIME_SCALE))
	end=$(( $(date +%s) + t ))
	while :; do
		off=$(tr -d '\r' < "$LAB_TMP/serial.log" | tail -c +"$((LAB_EXPECT_OFF + 1))" |
			grep -b -m1 -E -o -- "$re" | head -1 | cut -d: -f1)
		if [ -n "$off" ]; then
			LAB_EXPECT_OFF=$((LAB_EXPECT_OFF + off + 1))
			return 0
		fi
		if [ -z "$LAB_QEMU_PID" ] || ! kill -0 "$LAB_QEMU_PID" 2>/dev/null; then
			# QEMU may have printed the line and exited since the read above
			off=$(tr -d '\r' < "$LAB_TMP/serial.log" | tail -c +"$((LAB_EXPECT_OFF + 1))" |
				grep -b -m1 -E -o -- "$re" | head -1 | cut -d: -f1)
			if [ -n "$off" ]; then
				LAB_EXPECT_OFF=$((LAB_EXPECT_OFF + off + 1))
				return 0
			fi
			lab_log "expect '$re': QEMU is not running"
			[ -s "$LAB_TMP/qemu.log" ] && { echo "---- qemu stderr ----"; cat "$LAB_TMP/qemu.log"; } >&2
			lab_serial_tail >&2
			return 1
		fi
		if [ "$(date +%s)" -ge "$end" ]; then
			lab_log "expect '$re': not seen within ${t}s"
			lab_serial_tail >&2
			return 1
		fi
		sleep 0.2
	done
}

lab_send() {
	[ -p "$LAB_TMP/serial.in" ] || { lab_die "lab_send: no QEMU serial"; return 1; }
	printf '%b' "$1" > "$LAB_TMP/serial.in"
}

lab_monitor() {
	python3 - "$LAB_TMP/monitor.sock" "$1" <<'EOF'
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.settimeout(2)
s.sendall(sys.argv[2].encode() + b"\n")
time.sleep(0.3)
try:
    print(s.recv(65536).decode(errors="replace"))
except socket.timeout:
    pass
EOF
}

# Load the fixture part only when used (keeps this file short).
[ ! -f "$LAB_LIBDIR/fixtures.sh" ] || . "$LAB_LIBDIR/fixtures.sh"
