# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
#
# The Debian root (sourced by bench/run.sh; section "debroot"; owner:
# debroot). Boots the Debian bookworm root of tests/lab/debroot.sh (systemd,
# udev, mdadm, root-support/ installed; RAID1 with an internal write-intent
# bitmap, members e0.0 and e0.1 on two vblade servers) with aoeroot's /init
# (mkinitrd-aoe --nic all). bench_section_debroot runs it, bench_table_debroot
# prints its rows; samples are keyed "debroot.*". Per run:
#
#   healthy boot, both servers up; times since kernel start (guest clock):
#     debroot.mu.init_ms    the kernel runs /init (printk time of "Run /init")
#     debroot.mu.switch_ms  /init switches root (that + /init's own
#                           "[N ms] aoeroot: switching to", ms since main())
#     debroot.mu.systemd_ms systemd starts in the root (systemd's
#                           UserspaceTimestampMonotonic)
#     debroot.mu.mu_ms      multi-user.target is reached (its
#                           ActiveEnterTimestampMonotonic: systemd's own
#                           figure, as `systemd-analyze time` prints it)
#     debroot.mu.timed_out  lines "Timed out waiting for device" in that boot
#                           (a loaded host: udev too slow for systemd's 90 s)
#   degraded boot (e0.1's server down), for C = bitmap and nobitmap: the lab
#   check writes BENCH_DEBROOT_WRITE_MIB MiB (default 64) and syncs (nobitmap:
#   after `mdadm --grow --bitmap=none`, so the member's return is a full
#   recovery), then e0.1's server starts:
#     debroot.resync.C.readd_ms  server start -> aoeroot-readd's "re-added"
#                                (host clock; udev's add event starts it)
#     debroot.resync.C.sync_ms   md's "recovery of RAID array md0" ->
#                                "md0: recovery done" (guest kernel clock)
#     debroot.resync.C.uu_ms     server start -> recovery done, i.e. md0 is
#                                [UU] again (host clock)
#     debroot.C.fail / debroot.mu.fail  1 per run that went wrong
#     debroot.fixture.fail  1 when the Debian root could not be built
# The ratio nobitmap/bitmap of sync_ms is what the bitmap saves.

BENCH_DEBROOT_WRITE_MIB=${BENCH_DEBROOT_WRITE_MIB:-64}
BENCH_DEBROOT_APPEND="aoe_md_devs=e0.0,e0.1 root=/dev/md0 debroot_action=hold"

bench_debroot_prepare() {
	. "$top_srcdir/tests/lab/debroot.sh"
	command -v debootstrap > /dev/null || { lab_log "bench: debroot needs debootstrap"; return 1; }
	debroot_mirror || return 1
	if [ -x "$BENCH_MKINITRD" ]; then
		bench_mkinitrd all "$LAB_TMP/initrd-debroot.gz" || return 1
	else
		INITRD_MK=/nonexistent INITRD_INIT=$BENCH_INIT initrd_pack "$LAB_TMP/initrd-debroot.gz" || return 1
		bench_note debroot "initrd packed by tests/lab/initrd-lib.sh (mkinitrd-aoe not built)"
	fi
	[ -n "${LAB_NS_BR:-}" ] || lab_net_up
}

# Fresh member images and the servers: $1 = healthy (both) or degraded (e0.0).
bench_debroot_start() {
	cp --sparse=always "$DEBROOT_M0" "$LAB_TMP/dm0.img" &&
		cp --sparse=always "$DEBROOT_M1" "$LAB_TMP/dm1.img" || return 1
	lab_server s0 0 0 "$LAB_TMP/dm0.img" || return 1
	[ "$1" = degraded ] || lab_server s1 0 1 "$LAB_TMP/dm1.img"
}

bench_debroot_boot() {
	lab_qemu_direct "$LAB_VMLINUZ" "$LAB_TMP/initrd-debroot.gz" "$1"
}

bench_debroot_stop() {
	lab_qemu_kill || :
	[ ! -f "$LAB_TMP/vblade-s0.pid" ] || lab_server_stop s0
	[ ! -f "$LAB_TMP/vblade-s1.pid" ] || lab_server_stop s1
}

# Seconds in the printk timestamp of the first serial line matching $1, in ms.
bench_debroot_klog_ms() {
	tr -d '\r' < "$LAB_TMP/serial.log" | grep -E -- "$1" | head -1 |
		sed -n -E 's/^.*\[ *([0-9]+\.[0-9]+)\].*/\1/p' | awk '{printf "%.0f", $1 * 1000}'
}

bench_debroot_mu() {
	local init sw us mu
	bench_debroot_start healthy || return 1
	bench_debroot_boot "$BENCH_DEBROOT_APPEND aoe_wait=5" || return 1
	bench_wait_serial 'DEBROOT-TIMES' 900 || return 1
	init=$(bench_debroot_klog_ms 'Run /init as init process')
	sw=$(bench_serial_val '\[ *([0-9]+) ms\] aoeroot: switching to')
	us=$(bench_serial_val 'DEBROOT-TIMES userspace_us=([0-9]+)')
	mu=$(bench_serial_val 'DEBROOT-TIMES .*multi_user_us=([0-9]+)')
	[ -n "$init" ] && [ -n "$sw" ] && [ -n "$us" ] && [ -n "$mu" ] ||
		{ lab_log "bench: debroot: timing markers missing"; lab_serial_tail 30 >&2; return 1; }
	lab_grep 'DEBROOT-RW ok' > /dev/null || { lab_log "bench: debroot: root I/O failed"; return 1; }
	bench_rec debroot.mu.init_ms "$init"
	bench_rec debroot.mu.switch_ms $((init + sw))
	bench_rec debroot.mu.systemd_ms $((us / 1000))
	bench_rec debroot.mu.mu_ms $((mu / 1000))
	# a loaded host slows udev's coldplug until systemd gives up on a device
	# (90 s): count such boots, their multi-user.target time includes it
	bench_rec debroot.mu.timed_out "$(lab_grep 'Timed out waiting for device' | wc -l)"
	lab_log "bench: debroot: /init at $init ms, switch_root at $((init + sw)) ms, systemd at $((us / 1000)) ms, multi-user.target at $((mu / 1000)) ms"
}

# Degraded boot, write, member returns: $1 = bitmap | nobitmap.
bench_debroot_resync() {
	local c=$1 extra="debroot_write_mib=$BENCH_DEBROOT_WRITE_MIB" t0 t1 t2 s0 s1
	[ "$c" = nobitmap ] && extra="$extra debroot_bitmap=none"
	bench_debroot_start degraded || return 1
	bench_debroot_boot "$BENCH_DEBROOT_APPEND aoe_wait=2 $extra" || return 1
	bench_wait_serial 'DEBROOT-HOLD' 900 || return 1
	lab_grep "DEBROOT-WROTE $BENCH_DEBROOT_WRITE_MIB" > /dev/null ||
		{ lab_log "bench: debroot $c: the lab check did not write"; lab_serial_tail 30 >&2; return 1; }
	if [ "$c" = nobitmap ]; then
		lab_grep 'DEBROOT-BITMAP none' > /dev/null || { lab_log "bench: debroot: bitmap not removed"; return 1; }
	else
		bench_note debroot.resync.bitmap "$(bench_serial_val 'DEBROOT-BITMAP (.*)')"
	fi
	t0=$(bench_clock_ms)
	lab_server s1 0 1 "$LAB_TMP/dm1.img" || return 1
	bench_wait_serial 'aoeroot-readd: (re-)?added /dev/etherd/e0.1' 300 || return 1
	t1=$(bench_clock_ms)
	bench_wait_serial 'md0: recovery done' 1800 || return 1
	t2=$(bench_clock_ms)
	s0=$(bench_debroot_klog_ms 'md: recovery of RAID array md0')
	s1=$(bench_debroot_klog_ms 'md0: recovery done')
	[ -n "$s0" ] && [ -n "$s1" ] || { lab_log "bench: debroot $c: no md recovery lines"; return 1; }
	bench_rec "debroot.resync.$c.readd_ms" "$(awk -v a="$t1" -v b="$t0" 'BEGIN {printf "%.0f", a - b}')"
	bench_rec "debroot.resync.$c.sync_ms" $((s1 - s0))
	bench_rec "debroot.resync.$c.uu_ms" "$(awk -v a="$t2" -v b="$t0" 'BEGIN {printf "%.0f", a - b}')"
	lab_log "bench: debroot $c: re-added after $(awk -v a="$t1" -v b="$t0" 'BEGIN {printf "%.0f", a - b}') ms, recovery $((s1 - s0)) ms"
}

bench_section_debroot() {
	local r c LAB_MEM=${LAB_MEM:-768}   # systemd + udev + mdadm want more than 512
	bench_debroot_prepare || {
		bench_rec debroot.fixture.fail 1
		bench_note debroot "not run: the Debian root fixture failed"
		return 0
	}
	for r in $(seq 1 "$BENCH_RUNS"); do
		lab_log "bench: debroot run $r/$BENCH_RUNS: healthy boot to multi-user.target"
		bench_debroot_mu || bench_rec debroot.mu.fail 1
		cp "$LAB_TMP/serial.log" "$LAB_TMP/serial-debroot-mu-$r.log" 2>/dev/null || :
		bench_debroot_stop
		for c in bitmap nobitmap; do
			lab_log "bench: debroot run $r/$BENCH_RUNS: degraded boot, resync ($c)"
			bench_debroot_resync "$c" || bench_rec "debroot.$c.fail" 1
			cp "$LAB_TMP/serial.log" "$LAB_TMP/serial-debroot-$c-$r.log" 2>/dev/null || :
			bench_debroot_stop
		done
	done
}

# The table rows (bench/report.sh's bench_table calls this).
bench_table_debroot() {
	local k c
	echo "Debian root (tests/lab/debroot.sh) with aoeroot's initrd, medians over $BENCH_RUNS run(s)"
	echo "  healthy boot, ms since kernel start (guest clock; systemd's own stamps):"
	for k in init:"kernel runs /init" switch:"/init switches root" \
		systemd:"systemd starts in the root" mu:"multi-user.target reached"; do
		printf '    %-34s %8s\n' "${k#*:}" "$(bench_or_dash "$(bench_median "debroot.mu.${k%%:*}_ms")")"
	done
	printf '    failed boots: %s; boots where systemd timed out waiting for a device: %s\n' \
		"$(bench_count debroot.mu.fail)" "$(bench_samples debroot.mu.timed_out | awk '$1 > 0' | wc -l)"
	echo "  resync after a degraded boot that wrote $BENCH_DEBROOT_WRITE_MIB MiB, e0.1 returns, ms:"
	printf '    %-34s %10s %10s %16s\n' "" bitmap "no bitmap" "no bitmap/bitmap"
	for k in readd:"server start -> re-added (host)" sync:"md recovery (guest clock)" \
		uu:"server start -> [UU] (host)"; do
		printf '    %-34s %10s %10s %16s\n' "${k#*:}" \
			"$(bench_or_dash "$(bench_median "debroot.resync.bitmap.${k%%:*}_ms")")" \
			"$(bench_or_dash "$(bench_median "debroot.resync.nobitmap.${k%%:*}_ms")")" \
			"$(bench_or_dash "$(bench_ratio "$(bench_median "debroot.resync.nobitmap.${k%%:*}_ms")" \
				"$(bench_median "debroot.resync.bitmap.${k%%:*}_ms")")")"
	done
	printf '    failed runs: bitmap %s, no bitmap %s\n' "$(bench_count debroot.bitmap.fail)" "$(bench_count debroot.nobitmap.fail)"
	[ -z "$(bench_note_get debroot.resync.bitmap)" ] || echo "  bitmap: $(bench_note_get debroot.resync.bitmap)"
	[ -z "$(bench_note_get debroot)" ] || echo "  note: $(bench_note_get debroot)"
	return 0
}
