# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
#
# Failover (sourced by bench/run.sh; section "failover", runs only when
# named: --only failover; owner: failover, issue 30). One boot of the lab's
# small root (tests/lab/failover-lib.sh: fixture root + mdadm +
# root-support's aoeroot-monitor/-readd/-status, md0 with an internal
# bitmap of 1 MiB chunks) on members e0.0/e0.1, a writer in it writing
# 4 KiB + fsync every 100 ms and logging each completed write (guest
# clock). aoe_deadsecs is set at run time (/sys/module/aoe/parameters is
# writable) to each of BENCH_FAILOVER_DEADSECS (default "180 30 10 5"); per
# setting, one run (BENCH_RUNS does not apply):
#   failover.dN.stall_ms   longest write stall when e0.1's vblade is killed
#   failover.dN.fail_ms    stall start -> md's "Disk failure" (guest kernel log)
#   failover.dN.mon_ms     stall start -> aoeroot-monitor's "not answering"
#   failover.dN.back_ms    vblade restarted -> md0 [UU] again (host clock;
#                          aoeroot-monitor re-adds, md recovers via the bitmap)
#   failover.dN.resync_ms  md recovery start -> done (FO_AWAY_MIB MiB,
#                          default 16, written while e0.1 was away)
#   failover.dN.blip_stall_ms / .false   a 2 s network stall (not a death:
#                          nft drops every AoE frame to/from s1's bridge port):
#                          longest write stall, 1 if md failed e0.1
#   failover.dN.kernel_bad 1 if the kernel log had Oops/BUG:/hung task
# Then the driver under a target's disappearance at aoeroot's default
# (BENCH_FAILOVER_DEFAULT, 5): each of kill (vblade killed), link (the
# server's bridge port down for longer than aoe_deadsecs), netns (vblade killed and its
# namespace deleted) BENCH_FAILOVER_TRIES times (default 3; the nightly
# wants 20), each under the writer and followed by the return:
#   failover.t.KIND.stall_ms / .back_ms / .kernel_bad / .fail (no [UU])
# then a 12 s outage of the whole storage network (every AoE frame on the
# bridge dropped; aoeroot-monitor holds aoe_deadsecs):
#   failover.outage.stall_ms / .degraded  (0: nothing was given up)
# and at the end failover.check_bad (fsync'ed records that do not read
# back), failover.write_errors, failover.console_bad (Oops/BUG:/hung task
# anywhere on the console).

BENCH_FAILOVER_DEADSECS=${BENCH_FAILOVER_DEADSECS:-180 30 10 5}
BENCH_FAILOVER_DEFAULT=${BENCH_FAILOVER_DEFAULT:-5}
BENCH_FAILOVER_TRIES=${BENCH_FAILOVER_TRIES:-3}

bench_failover_rec_cycle() {
	local k=$1
	bench_rec "$k.stall_ms" "$FO_STALL_MS"
	[ -z "$FO_FAIL_MS" ] || bench_rec "$k.fail_ms" "$FO_FAIL_MS"
	[ -z "$FO_MON_MS" ] || bench_rec "$k.mon_ms" "$FO_MON_MS"
	if [ -n "$FO_BACK_MS" ]; then bench_rec "$k.back_ms" "$FO_BACK_MS"; else bench_rec "$k.fail" 1; fi
	[ -z "$FO_RESYNC_MS" ] || bench_rec "$k.resync_ms" "$FO_RESYNC_MS"
	[ "$FO_KERNEL" = ok ] && bench_rec "$k.kernel_bad" 0 || bench_rec "$k.kernel_bad" 1
}

bench_section_failover() {
	local d kind i
	lab_log "bench: failover, aoe_deadsecs $BENCH_FAILOVER_DEADSECS; disappearance x$BENCH_FAILOVER_TRIES"
	lab_use fault failover
	[ -n "$LAB_NS_BR" ] || lab_net_up
	[ -f "$LAB_TMP/initrd.gz" ] || initrd_pack "$LAB_TMP/initrd.gz"
	lab_restore_members "$LAB_TMP/fo"
	failover_root
	lab_server s0 0 0 "$LAB_M0"
	lab_server s1 0 1 "$LAB_M1"
	if ! failover_boot ""; then
		bench_rec failover.boot.fail 1
		lab_qemu_kill
		return 0
	fi
	for d in $BENCH_FAILOVER_DEADSECS; do
		failover_set_deadsecs "$d" || { bench_rec "failover.d$d.fail" 1; continue; }
		failover_cycle kill
		bench_failover_rec_cycle "failover.d$d"
		failover_blip 2
		bench_rec "failover.d$d.blip_stall_ms" "$FO_STALL_MS"
		bench_rec "failover.d$d.false" "$FO_FALSE"
	done
	failover_set_deadsecs "$BENCH_FAILOVER_DEFAULT"
	failover_outage 12
	bench_rec failover.outage.stall_ms "$FO_STALL_MS"
	bench_rec failover.outage.degraded "$FO_DEGRADED"
	[ "$FO_DEGRADED" = 0 ] || fo 400 waitsync 360
	for kind in kill link netns; do
		for i in $(seq 1 "$BENCH_FAILOVER_TRIES"); do
			lab_log "bench: failover $kind try $i/$BENCH_FAILOVER_TRIES"
			failover_cycle "$kind"
			bench_failover_rec_cycle "failover.t.$kind"
		done
	done
	fo 180 stop
	bench_rec failover.write_errors "$(fo_val WRITE-ERRORS)"
	case $(fo_val CHECK) in
	ok\ *) bench_rec failover.check_bad 0
		bench_rec failover.records "$(fo_val CHECK | awk '{print $2}')" ;;
	*) bench_rec failover.check_bad 1
		bench_note failover.check "$(fo_val CHECK)" ;;
	esac
	lab_send 'exit\r'
	lab_expect 'AOEROOT-ROOT-DOWN' 120 || :
	lab_qemu_wait 120 || lab_qemu_kill
	bench_rec failover.console_bad "$(lab_grep 'Oops|BUG:|hung_task|blocked for more than' | wc -l)"
	cp "$LAB_TMP/serial.log" "$LAB_TMP/failover-serial.log"
}

bench_table_failover() {
	local d k
	echo "Failover: running root (lab fixture root + root-support, TCG), writer 4 KiB + fsync / 100 ms;"
	echo "e0.1's vblade killed, ${FO_AWAY_MIB} MiB written while away, vblade back; one run per row, ms"
	printf '  %-12s %9s %9s %9s %9s %9s | %-9s %6s %6s\n' aoe_deadsecs "stall" "md fails" monitor "back->UU" resync \
		"2s blip" false kernel
	for d in $BENCH_FAILOVER_DEADSECS; do
		k=failover.d$d
		printf '  %-12s %9s %9s %9s %9s %9s | %-9s %6s %6s\n' "$d" \
			"$(bench_or_dash "$(bench_median "$k.stall_ms")")" "$(bench_or_dash "$(bench_median "$k.fail_ms")")" \
			"$(bench_or_dash "$(bench_median "$k.mon_ms")")" "$(bench_or_dash "$(bench_median "$k.back_ms")")" \
			"$(bench_or_dash "$(bench_median "$k.resync_ms")")" "$(bench_or_dash "$(bench_median "$k.blip_stall_ms")")" \
			"$(bench_or_dash "$(bench_median "$k.false")")" "$(bench_or_dash "$(bench_median "$k.kernel_bad")")"
	done
	echo "  (stall: longest gap between completed writes; md fails / monitor: from the start of that stall;"
	echo "   2s blip: every AoE frame of s1 dropped for 2 s; false: 1 if md failed e0.1 for it;"
	echo "   kernel: 1 if Oops/BUG:/hung task)"
	echo "Disappearance at aoe_deadsecs=$BENCH_FAILOVER_DEFAULT, $BENCH_FAILOVER_TRIES tries each: median (max) ms, failures"
	printf '  %-8s %15s %17s %9s %9s\n' kind stall "back->UU" "no [UU]" "kernel"
	for k in kill link netns; do
		printf '  %-8s %15s %17s %9s %9s\n' "$k" \
			"$(bench_or_dash "$(bench_median "failover.t.$k.stall_ms")") ($(bench_samples "failover.t.$k.stall_ms" | sort -g | tail -n1))" \
			"$(bench_or_dash "$(bench_median "failover.t.$k.back_ms")") ($(bench_samples "failover.t.$k.back_ms" | sort -g | tail -n1))" \
			"$(bench_count "failover.t.$k.fail")" "$(bench_samples "failover.t.$k.kernel_bad" | awk '{s += $1} END {print s + 0}')"
	done
	printf '  12 s outage of the whole storage network at %s: stall %s ms, md0 degraded %s (0: nothing given up)\n' \
		"$BENCH_FAILOVER_DEFAULT" "$(bench_or_dash "$(bench_median failover.outage.stall_ms)")" \
		"$(bench_or_dash "$(bench_median failover.outage.degraded)")"
	echo "  fsync'ed records read back: $(bench_or_dash "$(bench_median failover.records)") checked, bad $(bench_or_dash "$(bench_median failover.check_bad)") $(bench_note_get failover.check); write errors $(bench_or_dash "$(bench_median failover.write_errors)"); Oops/BUG/hung lines on the console $(bench_or_dash "$(bench_median failover.console_bad)")"
}
