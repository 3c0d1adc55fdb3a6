# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
#
# Boot storm (sourced by bench/run.sh; runs only when named: --only storm):
# BENCH_STORM_N machines (default 4) boot at once from the same two servers,
# each from its own mirror (tests/lab/fleet-lib.sh, as t-fleet-storm), against
# machine 0 booting alone, BENCH_RUNS rounds of both in the same run.
#   storm.single.init_ms / root_ms   machine 0 alone: /init -> switch_root
#                                    (guest clock), QEMU start -> root (host)
#   storm.all.init_ms / root_ms      every machine of every storm round
#   storm.all.slowest_root_ms        the last machine to reach root, per round
#   storm.*.fail                     a machine that did not reach its own root

BENCH_STORM_N=${BENCH_STORM_N:-4}

# bench_storm_round KEY K...: boot machines K... at once, record their times.
bench_storm_round() {
	local key=$1 k init_ms root_s slowest=0
	shift
	for k in "$@"; do
		fleet_storm_start "$k" "aoe_md_devs=e0.$k,e1.$k root=/dev/md0 aoe_wait=60 lab_action=shell"
	done
	if ! fleet_storm_wait "$@" >&2; then
		bench_rec "storm.$key.fail" 1
		return 0
	fi
	for k in "$@"; do
		read -r init_ms root_s < "$LAB_TMP/m$k/result"
		bench_rec "storm.$key.init_ms" "$init_ms"
		root_s=$(awk -v s="$root_s" 'BEGIN {printf "%.0f", s * 1000}')
		bench_rec "storm.$key.root_ms" "$root_s"
		[ "$root_s" -le "$slowest" ] || slowest=$root_s
	done
	bench_rec "storm.$key.slowest_root_ms" "$slowest"
}

bench_section_storm() {
	local r machines
	lab_log "bench: boot storm, $BENCH_STORM_N machines against one"
	lab_use fleet
	[ -n "$LAB_NS_BR" ] || lab_net_up
	[ -f "$LAB_TMP/initrd.gz" ] || initrd_pack "$LAB_TMP/initrd.gz"
	[ -f "$LAB_TMP/storm-0-0.img" ] || fleet_storm_san "$BENCH_STORM_N"
	machines=$(seq 0 $((BENCH_STORM_N - 1)))
	for r in $(seq 1 "$BENCH_RUNS"); do
		lab_log "bench: storm round $r/$BENCH_RUNS"
		bench_storm_round single 0
		# shellcheck disable=SC2086
		bench_storm_round all $machines
	done
}

bench_table_storm() {
	local s a
	echo "Boot storm: $BENCH_STORM_N machines at once from 2 servers (own mirror each) vs one alone,"
	echo "medians over $BENCH_RUNS round(s), ms; ratio = storm / alone"
	printf '  %-34s %8s %8s %7s\n' "" alone storm ratio
	for k in init:"/init -> switch_root (guest)" root:"QEMU start -> root (host)"; do
		s=$(bench_median "storm.single.${k%%:*}_ms")
		a=$(bench_median "storm.all.${k%%:*}_ms")
		printf '  %-34s %8s %8s %7s\n' "${k#*:}" "$(bench_or_dash "$s")" "$(bench_or_dash "$a")" \
			"$(bench_or_dash "$(bench_ratio "$a" "$s")")"
	done
	printf '  %-34s %8s %8s\n' "slowest machine of a storm" "" "$(bench_or_dash "$(bench_median storm.all.slowest_root_ms)")"
	printf '  failed boots: alone %s, storm %s; %s cores: a TCG storm shares them, so the\n' \
		"$(bench_count storm.single.fail)" "$(bench_count storm.all.fail)" "$(nproc)"
	echo "  guest-side times grow with CPU contention, not with anything the machines share on the SAN"
}
