# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
#
# Helpers for bench/run.sh (sourced after tests/lab/lib.sh).
#
#   bench_rec KEY VALUE      record one sample (a number) under KEY
#   bench_note KEY TEXT      record a note (text, last one wins) under KEY
#   bench_median KEY         median of KEY's samples ("" when none)
#   bench_count KEY          number of samples of KEY
#   bench_clock_ms           host clock in ms (float; use differences)
#   bench_ratio A B          A/B with two decimals
#   bench_wait_serial REGEX TIMEOUT  wait (polling every 50 ms) until REGEX
#                            is in the serial log; fails if QEMU exits first
#   bench_serial_val REGEX   first capture of the sed -E REGEX (\1) in the log
#
# Samples live in $BENCH_DATA as "KEY<TAB>VALUE" lines, in run order.

bench_rec() {
	printf '%s\t%s\n' "$1" "$2" >> "$BENCH_DATA"
}

bench_note() {
	printf '%s\t%s\n' "note:$1" "$2" >> "$BENCH_DATA"
}

bench_note_get() {
	awk -F'\t' -v k="note:$1" '$1 == k {v = $2} END {print v}' "$BENCH_DATA"
}

bench_samples() {
	awk -F'\t' -v k="$1" '$1 == k {print $2}' "$BENCH_DATA"
}

bench_count() {
	bench_samples "$1" | wc -l
}

bench_median() {
	bench_samples "$1" | sort -g | awk '{v[NR] = $1}
		END {if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2];
		     else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

# Host clock with ns resolution, in ms (CLOCK_REALTIME via date; only
# differences are used).
bench_clock_ms() {
	date +%s%N | awk '{printf "%.1f", $1 / 1e6}'
}

bench_wait_serial() {
	local re=$1 t=${2:-120} end
	end=$(( $(date +%s) + t ))
	until grep -a -q -E -- "$re" "$LAB_TMP/serial.log"; do
		if ! kill -0 "$LAB_QEMU_PID" 2>/dev/null; then
			lab_log "bench: QEMU exited before '$re'"
			lab_serial_tail 30 >&2
			return 1
		fi
		if [ "$(date +%s)" -ge "$end" ]; then
			lab_log "bench: '$re' not seen within ${t}s"
			lab_serial_tail 30 >&2
			return 1
		fi
		sleep 0.05
	done
}

bench_serial_val() {
	local re=$1 pre='.*'
	case $re in ^*) re=${re#^}; pre='^' ;; esac
	tr -d '\r' < "$LAB_TMP/serial.log" | sed -n -E "s/$pre$re.*/\\1/p" | head -1
}

# Ratio A/B with two decimals ("" when either is missing or B is 0).
bench_ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN {if (a == "" || b == "" || b + 0 == 0) print "";
		else printf "%.2f", a / b}'
}
