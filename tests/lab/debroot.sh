#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
#
# A real Debian bookworm root on the lab's AoE mirror.
#
#   . tests/lab/lib.sh; . tests/lab/debroot.sh; debroot_mirror
#       sets DEBROOT_DIR DEBROOT_M0 DEBROOT_M1 (pristine member images, 768 MiB
#       sparse each, md RAID1 metadata 1.2 with an internal bitmap, made by
#       real mdadm in a setup guest, holding an ext4 root made with
#       debootstrap --variant=minbase + systemd, udev, mdadm, ifupdown,
#       iproute2 and root-support/ installed). Cached under
#       $LAB_CACHE/debroot-<hash of this file and the files of root-support/
#       but its README.md and Makemodule.am>; the bare
#       debootstrap tree as $LAB_CACHE/debootstrap-<hash of suite, mirror,
#       packages>.tar (so editing this file does not download again).
#   tests/lab/debroot.sh [--force]
#       builds the cache from the command line (needs root, network access
#       to the Debian mirror; $DEBROOT_MIRROR, default deb.debian.org).
#
# The root's lab check (aoeroot-labcheck.service, after multi-user.target)
# prints to the console, one marker per line:
#   DEBROOT-UP                    multi-user.target reached
#   DEBROOT-MDSTAT-BEGIN ... DEBROOT-MDSTAT-END   /proc/mdstat at that time
#   DEBROOT-LINK <ip -o link of each NIC, after udev settled>
#   DEBROOT-NAT <name_assign_type of aoe0>
#   DEBROOT-COUNTER <n>           boot counter after the increment
#   DEBROOT-RW ok|BAD             write + sync + drop caches + read back
#   DEBROOT-STATUS <line>         each line of /run/aoeroot/status
#   DEBROOT-TIMES userspace_us=N multi_user_us=N  systemd's monotonic stamps
#                                 (us since kernel start) of PID 1 starting
#                                 and of multi-user.target becoming active
#   DEBROOT-BITMAP <Intent Bitmap of md0 or none> [chunk <size>]
#   DEBROOT-WROTE <n>             only with debroot_write_mib=<n>: n MiB
#                                 written and synced (bench/debroot.sh)
#   DEBROOT-READD-TIMER <state>   `systemctl is-active aoeroot-readd.timer`
#   DEBROOT-FAILED-UNITS <...>    units that failed (systemctl --failed)
#   DEBROOT-POWEROFF              then `systemctl poweroff`
# Kernel arguments: debroot_action=hold skips the poweroff (prints
# DEBROOT-HOLD instead; the serial console has a root login without a
# password); debroot_bitmap=none runs `mdadm --grow --bitmap=none /dev/md0`
# before DEBROOT-BITMAP; debroot_write_mib=<n> (see DEBROOT-WROTE).

DEBROOT_SUITE=${DEBROOT_SUITE:-bookworm}
DEBROOT_MIRROR=${DEBROOT_MIRROR:-http://deb.debian.org/debian}
DEBROOT_MEMBER_MIB=${DEBROOT_MEMBER_MIB:-768}
DEBROOT_ROOT_MIB=${DEBROOT_ROOT_MIB:-640}
DEBROOT_PKGS=systemd,systemd-sysv,udev,mdadm,kmod,ifupdown,iproute2,procps
DEBROOT_FS_UUID=6f656f72-6f6f-7400-0000-0000000000d1
DEBROOT_LIBFILE=${BASH_SOURCE[0]}

debroot_key() {
	local top
	top=$(cd "$(dirname "$DEBROOT_LIBFILE")/../.." && pwd)
	{
		echo "$DEBROOT_SUITE $DEBROOT_MIRROR $DEBROOT_MEMBER_MIB $DEBROOT_ROOT_MIB $DEBROOT_PKGS"
		cat "$DEBROOT_LIBFILE"
		# what is installed into the root, not its docs or build glue
		(cd "$top/root-support" && find . -type f ! -name '*.md' ! -name Makemodule.am |
			LC_ALL=C sort | xargs cat)
	} | sha256sum | cut -c1-16
}

# The lab check the root runs once multi-user.target is reached.
debroot_labcheck() {
	cat <<'EOF'
#!/bin/sh
# aoeroot lab check (tests/lab/debroot.sh): markers on the console.
exec > /dev/console 2>&1
udevadm settle -t 30
echo "DEBROOT-UP"
echo "DEBROOT-MDSTAT-BEGIN"; cat /proc/mdstat; echo "DEBROOT-MDSTAT-END"
for d in /sys/class/net/*; do
	echo "DEBROOT-LINK $(ip -o link show dev "${d##*/}" | sed 's/\\//g')"
done
echo "DEBROOT-NAT $(cat /sys/class/net/aoe0/name_assign_type 2>/dev/null)"
c=$(cat /var/lib/aoeroot-boot-counter 2>/dev/null || echo 0)
c=$((c + 1))
echo "$c" > /var/lib/aoeroot-boot-counter
head -c 1048576 /dev/urandom > /var/lib/aoeroot-rw.bin
want=$(sha256sum < /var/lib/aoeroot-rw.bin)
sync
echo 3 > /proc/sys/vm/drop_caches
got=$(sha256sum < /var/lib/aoeroot-rw.bin)
[ "$got" = "$want" ] && echo "DEBROOT-RW ok" || echo "DEBROOT-RW BAD"
echo "DEBROOT-COUNTER $(cat /var/lib/aoeroot-boot-counter)"
sed 's/^/DEBROOT-STATUS /' /run/aoeroot/status
# systemd's own clock (us since kernel start): PID 1 started, multi-user.target
echo "DEBROOT-TIMES userspace_us=$(systemctl show --value -p UserspaceTimestampMonotonic)" \
	"multi_user_us=$(systemctl show --value -p ActiveEnterTimestampMonotonic multi-user.target)"
# bench/debroot.sh: debroot_bitmap=none drops the write-intent bitmap,
# debroot_write_mib=N writes N MiB (both before the held system goes on)
arg() { tr ' ' '\n' < /proc/cmdline | sed -n "s/^$1=//p" | tail -1; }
if [ "$(arg debroot_bitmap)" = none ]; then
	mdadm --grow --bitmap=none /dev/md0
fi
echo "DEBROOT-BITMAP $(mdadm --detail /dev/md0 | sed -n 's/^ *Intent Bitmap : //p' | grep . || echo none)" \
	"$(sed -n 's/^ *bitmap: .*, \([0-9]*KB\) chunk.*/chunk \1/p' /proc/mdstat)"
w=$(arg debroot_write_mib)
if [ -n "$w" ]; then
	dd if=/dev/urandom of=/var/lib/aoeroot-bench.bin bs=1M count="$w" conv=fsync 2>/dev/null &&
		echo "DEBROOT-WROTE $w"
fi
echo "DEBROOT-READD-TIMER $(systemctl is-active aoeroot-readd.timer)"
echo "DEBROOT-FAILED-UNITS $(systemctl --failed --no-legend --plain | awk '{print $1}' | tr '\n' ' ')"
grep -q 'debroot_action=hold' /proc/cmdline && { echo "DEBROOT-HOLD"; exit 0; }
echo "DEBROOT-POWEROFF"
systemctl --no-block poweroff
EOF
}

debroot_labcheck_unit() {
	cat <<'EOF'
[Unit]
Description=aoeroot lab check (markers on the console, then poweroff)
After=multi-user.target
[Service]
Type=oneshot
ExecStart=/usr/local/sbin/aoeroot-labcheck
[Install]
WantedBy=multi-user.target
EOF
}

# Install root-support/ into the root tree DIR as a package would.
debroot_install_support() {
	local d=$1 rs
	rs=$(cd "$(dirname "$DEBROOT_LIBFILE")/../../root-support" && pwd)
	install -d "$d/usr/share/aoeroot" "$d/etc/systemd/network" "$d/etc/udev/rules.d"
	install -m 755 "$rs/aoeroot-readd" "$rs/aoeroot-shutdown" "$d/usr/share/aoeroot/"
	install -m 644 "$rs"/systemd/* "$d/etc/systemd/system/"
	install -m 644 "$rs/udev/60-aoeroot-readd.rules" "$d/etc/udev/rules.d/"
	install -m 644 "$rs/network/00-aoeroot.network" "$d/etc/systemd/network/"
	chroot "$d" systemctl enable aoeroot-shutdown.service aoeroot-readd.service \
		aoeroot-readd.timer >/dev/null 2>&1 ||
		{ lab_die "systemctl enable in the root failed"; return 1; }
}

# The bare debootstrap tree, cached as a tar (numeric owners kept).
debroot_bootstrap() {
	local d=$1 tar t0
	tar=$LAB_CACHE/debootstrap-$(echo "$DEBROOT_SUITE $DEBROOT_MIRROR $DEBROOT_PKGS" | sha256sum | cut -c1-16).tar
	if [ ! -f "$tar" ]; then
		command -v debootstrap >/dev/null || { lab_die "debootstrap missing (tools/deps.sh)"; return 1; }
		t0=$(date +%s)
		debootstrap --variant=minbase --include="$DEBROOT_PKGS" "$DEBROOT_SUITE" "$d" "$DEBROOT_MIRROR" \
			> "$LAB_TMP/debootstrap.log" 2>&1 ||
			{ tail -20 "$LAB_TMP/debootstrap.log"; lab_die "debootstrap failed"; return 1; }
		rm -rf "$d/var/cache/apt/archives/"*.deb "$d/var/lib/apt/lists/"*
		lab_log "debootstrap took $(( $(date +%s) - t0 )) s"
		tar -C "$d" --numeric-owner -cf "$tar.tmp" . && mv "$tar.tmp" "$tar"
		return 0
	fi
	mkdir -p "$d" && tar -C "$d" --numeric-owner -xf "$tar"
}

# debootstrap + configuration into DIR (host side, chroot).
debroot_tree() {
	local d=$1
	debroot_bootstrap "$d" || return 1
	echo aoeroot-deb > "$d/etc/hostname"
	# a fixed machine id: no first-boot prompts on the console
	echo 6f656f726f6f74000000000000000d1b > "$d/etc/machine-id"
	printf '/dev/md0 / ext4 defaults,errors=remount-ro 0 0\n' > "$d/etc/fstab"
	# The initrd assembles md0; mdadm in the root must not auto-assemble a
	# returning stale member into a second array (aoeroot-readd adds it back).
	printf 'HOMEHOST <system>\nAUTO -all\nMAILADDR root\n' > "$d/etc/mdadm/mdadm.conf"
	# nothing for the network services to manage: aoe0 stays /init's
	printf 'auto lo\niface lo inet loopback\n' > "$d/etc/network/interfaces"
	chroot "$d" passwd -d root >/dev/null
	# periodic md checks would show up as resync in /proc/mdstat
	chroot "$d" systemctl mask mdcheck_start.timer mdcheck_continue.timer \
		mdmonitor-oneshot.timer systemd-firstboot.service apt-daily.timer \
		apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer >/dev/null 2>&1 || true
	debroot_labcheck > "$d/usr/local/sbin/aoeroot-labcheck"
	chmod 755 "$d/usr/local/sbin/aoeroot-labcheck"
	debroot_labcheck_unit > "$d/etc/systemd/system/aoeroot-labcheck.service"
	chroot "$d" systemctl enable aoeroot-labcheck.service >/dev/null 2>&1 ||
		{ lab_die "cannot enable aoeroot-labcheck"; return 1; }
	debroot_install_support "$d" || return 1
	rm -rf "$d/var/cache/apt/archives/"*.deb "$d/var/lib/apt/lists/"*
}

# debroot_mirror_build DIR: what debroot_mirror() caches, made once
# under its lock (lab_cache_once).
debroot_mirror_build() {
	local dir=$1
	rm -rf "$dir" && mkdir -p "$dir" || exit 1
	lab_log "building the Debian root in $dir (debootstrap + one setup boot)"
	debroot_tree "$dir/tree" || exit 1
	E2FSPROGS_FAKE_TIME=1700000000 mke2fs -q -t ext4 -L debroot -U "$DEBROOT_FS_UUID" \
		-d "$dir/tree" "$dir/root.ext4" "${DEBROOT_ROOT_MIB}M" ||
		{ echo "lab: error: mke2fs -d failed" >&2; exit 1; }
	rm -rf "$dir/tree"
	truncate -s "${DEBROOT_MEMBER_MIB}M" "$dir/m0.img" "$dir/m1.img"
	cat > "$LAB_TMP/mkdebroot.sh" <<-EOF
	mdadm --create /dev/md0 --run --level=1 --raid-devices=2 --metadata=1.2 \\
	  --bitmap=internal --assume-clean --homehost=lab --name=debroot /dev/vda /dev/vdb
	dd if=/dev/vdc of=/dev/md0 bs=4M conv=fsync 2>&1 | tail -1
	mount -t ext4 -o ro /dev/md0 /mnt
	[ -x /mnt/lib/systemd/systemd ]
	umount /mnt
	mdadm --detail /dev/md0
	mdadm --stop /dev/md0
	EOF
	LAB_SETUP_TIMEOUT=${LAB_SETUP_TIMEOUT:-600} \
		lab_setup_guest "$LAB_TMP/mkdebroot.sh" "$dir/m0.img" "$dir/m1.img" "$dir/root.ext4" || exit 1
	cp "$LAB_TMP/setup-$LAB_SETUP_N.log" "$dir/setup.log"
	rm -f "$dir/root.ext4"
	mdadm --examine "$dir/m0.img" > "$dir/m0.examine" 2>&1
	grep -q 'State : clean' "$dir/m0.examine" || { echo "lab: error: m0 not clean" >&2; exit 1; }
	touch "$dir/.done"
}

debroot_mirror() {
	local dir key
	key=$(debroot_key)
	dir=$LAB_CACHE/debroot-$key
	[ "${DEBROOT_FORCE:-0}" = 1 ] && rm -f "$dir/.done"
	lab_cache_once "$dir/.done" "$LAB_CACHE/debroot.lock" debroot_mirror_build "$dir" ||
		{ lab_die "Debian root fixture failed"; return 1; }
	DEBROOT_DIR=$dir
	DEBROOT_M0=$dir/m0.img
	DEBROOT_M1=$dir/m1.img
	export DEBROOT_DIR DEBROOT_M0 DEBROOT_M1
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -eu
	top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
	. "$top_srcdir/tests/lab/lib.sh"
	[ "${1:-}" = --force ] && DEBROOT_FORCE=1
	lab_require debootstrap mdadm qemu-system-x86_64 mke2fs
	lab_init debroot_build
	lab_kernel
	debroot_mirror
	echo "Debian root mirror: $DEBROOT_DIR"
fi

# in_root CMD...: CMD in the tree $T: private mount namespace (its /proc
# goes away with it; nothing of the host is bound in), no service starts,
# no prompts.
in_root() {
	unshare --mount --propagation private sh -c \
		'mount -t proc proc "$0/proc" && exec chroot "$0" env DEBIAN_FRONTEND=noninteractive LC_ALL=C "$@"' \
		"$T" "$@"
}

# debroot_downloads_build DIR PKGS [SUBDIR DOWNLOADS]: packages a Debian root
# gets by dpkg -i (it has no network), downloaded once in a throwaway copy
# of the debootstrap tree with the host's suites (updates, security: the
# same GRUB and kernel versions as the host's): PKGS with their
# dependencies into DIR, DOWNLOADS alone (apt-get download, no
# dependencies) into DIR/SUBDIR. Run under lab_cache_once (DIR/.done last).
debroot_downloads_build() {
	local dir=$1 pkgs=$2 sub=${3:-.} downloads=${4:-} d f
	d=$LAB_TMP/dl
	debroot_bootstrap "$d" || exit 1
	cp /etc/resolv.conf "$d/etc/resolv.conf"
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
		case $f in */aoeroot-src.*) continue ;; esac
		[ -f "$f" ] && cp "$f" "$d/etc/apt/sources.list.d/host-$(basename "$f" | sed 's/^sources\.list$/sources.list.list/')"
	done
	mkdir -p "$d/var/cache/apt/archives/dl"
	T=$d in_root apt-get update -q > "$LAB_TMP/apt.log" 2>&1 &&
		# shellcheck disable=SC2086
		T=$d in_root apt-get install -q -y -d --no-install-recommends $pkgs \
			>> "$LAB_TMP/apt.log" 2>&1 &&
		{ [ -z "$downloads" ] ||
			T=$d in_root sh -c "cd /var/cache/apt/archives/dl && apt-get download -q $downloads" \
				>> "$LAB_TMP/apt.log" 2>&1; } ||
		{ tail -20 "$LAB_TMP/apt.log"; echo "lab: error: apt-get download failed" >&2; exit 1; }
	rm -rf "$dir" && mkdir -p "$dir/$sub"
	cp "$d"/var/cache/apt/archives/*.deb "$dir/"
	[ -z "$downloads" ] || cp "$d"/var/cache/apt/archives/dl/*.deb "$dir/$sub/"
	rm -rf "$d"
	touch "$dir/.done"
}

# debroot_md_template_build DIR MIB: an md RAID1 template made by real
# mdadm (metadata 1.2, internal bitmap, --assume-clean), members MIB MiB
# sparse, no file system: RAID1 keeps the array's data verbatim at each
# member's data offset, so a root file system is written there on the
# host. Run under lab_cache_once (DIR/.done last).
debroot_md_template_build() {
	local dir=$1 mib=$2
	rm -rf "$dir" && mkdir -p "$dir"
	truncate -s "${mib}M" "$dir/m0.img" "$dir/m1.img"
	cat > "$LAB_TMP/mkmd.sh" <<-'EOF'
	mdadm --create /dev/md0 --run --level=1 --raid-devices=2 --metadata=1.2 \
	  --bitmap=internal --assume-clean --homehost=lab --name=debroot /dev/vda /dev/vdb
	mdadm --detail /dev/md0
	mdadm --stop /dev/md0
	EOF
	lab_setup_guest "$LAB_TMP/mkmd.sh" "$dir/m0.img" "$dir/m1.img" || exit 1
	touch "$dir/.done"
}

# debroot_md_template MIB: the template of MIB MiB members, made once;
# sets DEBROOT_MD (its directory).
debroot_md_template() {
	DEBROOT_MD=$LAB_CACHE/debroot-pkg-md-$1
	lab_cache_once "$DEBROOT_MD/.done" "$LAB_CACHE/debroot-pkg.lock" \
		debroot_md_template_build "$DEBROOT_MD" "$1" ||
		{ lab_die "md template failed"; return 1; }
}
