# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
#
# Baseline C (sourced by bench/run.sh): Debian's own initrd. initramfs-tools
# (with its recommends: busybox, zstd) installed into the debootstrap
# bookworm tree that tests/lab/debroot.sh caches, the lab kernel's modules
# copied in, mdadm.conf naming the fixture array, and a small AoE hook as
# its users write it (bench_c_local_top: load aoe, link up, discover, wait
# up to BENCH_C_WAIT s for the members, re-discovering every second); then
# `mkinitramfs` with Debian's defaults (MODULES=most, COMPRESS=zstd).
#
#   bench_c_initrd       sets BENCH_C_INITRD (the initrd as built); cached
#                        in $LAB_CACHE/bench-debian-<key>/ (flock), key =
#                        the functions that make it + kernel + fixture uuid
#                        + debootstrap key.
#   bench_c_sizes        records size.debian.{gz,gz9,raw,entries,modules}
#                        (gz = the file as built, zstd; gz9 = its cpio
#                        through gzip -9), measured once into sizes.tsv
#                        beside the cached initrd.
#
# Two init scripts are timing probes, not part of what a user writes:
# init-top/00-bench-mark prints BENCH-C-START <uptime> (first init-top
# script: after /init's mounts, before udev) and init-bottom/zz-bench-mark
# BENCH-C-END <uptime> (root mounted, just before run-init).

BENCH_C_MEMBERS="e0.0 e0.1"
BENCH_C_WAIT=5

# /etc/initramfs-tools/scripts/local-top/aoe: the user's hook.
bench_c_local_top() {
	cat <<'EOF'
#!/bin/sh
# Root on an AoE mirror: bring the members up before mdadm assembles.
PREREQ=""
prereqs() { echo "$PREREQ"; }
case $1 in prereqs) prereqs; exit 0 ;; esac
. /scripts/functions
. /conf/conf.d/aoe
modprobe aoe
# udev loads the NIC driver and gives the NIC its name (enp0s3 ...):
# take every interface there is but lo, once udev is done
wait_for_udev 10
i=0
while :; do
	ifs=$(ls /sys/class/net | grep -v '^lo$')
	[ -z "$ifs" ] && [ $i -lt 100 ] || break
	sleep 0.1; i=$((i + 1))
done
for n in $ifs; do ip link set "$n" up; done
echo discover > /dev/etherd/discover
i=0
while :; do
	missing=
	for m in $AOE_MEMBERS; do
		[ -b /dev/etherd/$m ] || missing="$missing $m"
	done
	[ -z "$missing" ] && break
	if [ $i -ge $((AOE_WAIT * 10)) ]; then
		log_warning_msg "AoE: going on without$missing"
		break
	fi
	i=$((i + 1))
	[ $((i % 10)) -ne 0 ] || echo discover > /dev/etherd/discover
	sleep 0.1
done
EOF
}

# /etc/initramfs-tools/hooks/aoe: put the module and settings in.
bench_c_hook() {
	cat <<'EOF'
#!/bin/sh
PREREQ=""
prereqs() { echo "$PREREQ"; }
case $1 in prereqs) prereqs; exit 0 ;; esac
. /usr/share/initramfs-tools/hook-functions
manual_add_modules aoe
mkdir -p "$DESTDIR/conf/conf.d"
cp /etc/aoe-initramfs.conf "$DESTDIR/conf/conf.d/aoe"
EOF
}

# A timing probe script for STAGE (init-top|init-bottom) printing MARK.
bench_c_probe() {
	cat <<EOF
#!/bin/sh
PREREQ=""
prereqs() { echo "\$PREREQ"; }
case \$1 in prereqs) prereqs; exit 0 ;; esac
echo "$1 \$(cut -d' ' -f1 /proc/uptime)" > /dev/console
EOF
}

# Only what goes into the initrd decides the key (not comments elsewhere).
bench_c_key() {
	{
		declare -f bench_c_local_top bench_c_hook bench_c_probe bench_c_build
		echo "$BENCH_C_MEMBERS $BENCH_C_WAIT"
		echo "$LAB_KVER $LAB_FIX_UUID $DEBROOT_SUITE $DEBROOT_MIRROR $DEBROOT_PKGS"
	} | sha256sum | cut -c1-16
}

# The debootstrap tree into DIR from tests/lab/debroot.sh's cached tarball.
# While debroot holds its lock (its build makes the tarball first, then
# boots a setup guest for minutes), wait for the tarball rather than the lock.
bench_c_bootstrap() {
	local tar i=0 rc
	tar=$LAB_CACHE/debootstrap-$(echo "$DEBROOT_SUITE $DEBROOT_MIRROR $DEBROOT_PKGS" | sha256sum | cut -c1-16).tar
	until [ -f "$tar" ]; do
		rc=0
		( flock -n 8 || exit 3; debroot_bootstrap "$1" ) 8> "$LAB_CACHE/debroot.lock" || rc=$?
		[ $rc = 3 ] || return $rc
		[ $i -lt 360 ] || { lab_die "no debootstrap tarball after 30 min"; return 1; }
		i=$((i + 1))
		sleep 5
	done
	mkdir -p "$1" && tar -C "$1" --numeric-owner -xf "$tar"
}

# Build the initrd into DIR/initrd.img (runs under the cache lock).
bench_c_build() {
	local dir=$1 t=$1/tree rc=0 f
	rm -rf "$t"
	bench_c_bootstrap "$t" || return 1
	cp /etc/resolv.conf "$t/etc/resolv.conf"
	printf '#!/bin/sh\nexit 101\n' > "$t/usr/sbin/policy-rc.d"
	chmod 755 "$t/usr/sbin/policy-rc.d"
	mount -t proc proc "$t/proc" || return 1
	{
		chroot "$t" apt-get update -q &&
		DEBIAN_FRONTEND=noninteractive chroot "$t" apt-get install -q -y initramfs-tools &&
		mkdir -p "$t/lib/modules" "$t/boot" &&
		cp -a "$LAB_MODDIR" "$t/lib/modules/" &&
		cp "${LAB_MODDIR%/lib/modules/*}/boot/config-$LAB_KVER" "$t/boot/" &&
		printf 'HOMEHOST <system>\nMAILADDR root\nARRAY /dev/md0 metadata=1.2 UUID=%s\n' \
			"$LAB_FIX_UUID" > "$t/etc/mdadm/mdadm.conf" &&
		printf 'AOE_MEMBERS="%s"\nAOE_WAIT=%s\n' \
			"$BENCH_C_MEMBERS" "$BENCH_C_WAIT" > "$t/etc/aoe-initramfs.conf" &&
		bench_c_local_top > "$t/etc/initramfs-tools/scripts/local-top/aoe" &&
		bench_c_hook > "$t/etc/initramfs-tools/hooks/aoe" &&
		bench_c_probe BENCH-C-START > "$t/etc/initramfs-tools/scripts/init-top/00-bench-mark" &&
		bench_c_probe BENCH-C-END > "$t/etc/initramfs-tools/scripts/init-bottom/zz-bench-mark" &&
		for f in scripts/local-top/aoe hooks/aoe scripts/init-top/00-bench-mark \
			scripts/init-bottom/zz-bench-mark; do chmod 755 "$t/etc/initramfs-tools/$f"; done &&
		chroot "$t" dpkg-query -W initramfs-tools mdadm busybox zstd > "$dir/versions" &&
		chroot "$t" mkinitramfs -o /tmp/initrd.img "$LAB_KVER"
	} > "$dir/build.log" 2>&1 || rc=1
	umount "$t/proc"
	[ $rc = 0 ] || { tail -20 "$dir/build.log" >&2; lab_die "Debian initrd build failed ($dir/build.log)"; return 1; }
	mv "$t/tmp/initrd.img" "$dir/initrd.img"
	rm -rf "$t"
}

# bench_c_initrd_build DIR: what bench_c_initrd() caches (lab_cache_once).
bench_c_initrd_build() {
	lab_log "bench: building Debian's initramfs-tools initrd (baseline C) in $1"
	mkdir -p "$1" && bench_c_build "$1" && touch "$1/.done" || exit 1
}

bench_c_initrd() {
	local dir
	dir=$LAB_CACHE/bench-debian-$(bench_c_key)
	lab_cache_once "$dir/.done" "$LAB_CACHE/bench-debian.lock" bench_c_initrd_build "$dir" ||
		return 1
	BENCH_C_INITRD=$dir/initrd.img
	BENCH_C_VERSIONS=$(tr '\t\n' '= ' < "$dir/versions")
}

# The cpio of the initrd (zstd or gzip, whichever it is) on stdout.
bench_c_cat() {
	case $(head -c 4 "$1" | od -An -tx1 | tr -d ' ') in
	28b52ffd) zstd -dc "$1" ;;
	1f8b*) zcat "$1" ;;
	*) cat "$1" ;;
	esac
}

# Sizes do not change with the run: measured once, kept beside the initrd.
bench_c_sizes() {
	local f=$BENCH_C_INITRD list=$LAB_TMP/size-debian.list tsv=${BENCH_C_INITRD%/*}/sizes.tsv
	if [ ! -s "$tsv" ]; then
		bench_c_cat "$f" | cpio -t --quiet 2>/dev/null > "$list" || :
		{
			printf 'size.debian.gz\t%s\n' "$(stat -c %s "$f")"
			printf 'size.debian.gz9\t%s\n' "$(bench_c_cat "$f" | gzip -9 | wc -c)"
			printf 'size.debian.raw\t%s\n' "$(bench_c_cat "$f" | wc -c)"
			printf 'size.debian.entries\t%s\n' "$(wc -l < "$list")"
			printf 'size.debian.modules\t%s\n' "$(grep -c '\.ko$' "$list" || :)"
		} > "$tsv.tmp" && mv "$tsv.tmp" "$tsv"
	fi
	cat "$tsv" >> "$BENCH_DATA"
}
