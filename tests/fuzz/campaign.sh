#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# campaign.sh - the fuzzing campaign: every built libFuzzer target (ASan +
# UBSan, see Makemodule.am) for a number of executions or a time, then a
# JSON report of executions and crashes per target. `make fuzz-campaign`.
#
#   campaign.sh [--runs N | --time SECONDS] [--jobs J] [--merge] [--out FILE]
#   campaign.sh --report-only WORKDIR [--out FILE]
#
#   --runs N      executions per target (default 10000000, the project's goal)
#   --time S      seconds per target instead of a number of executions
#   --jobs J      targets fuzzed at once (default 1; one core each)
#   --merge       afterwards, add to tests/fuzz/corpus/<target>/ only the new
#                 inputs that add coverage (libFuzzer -merge=1): the corpora
#                 stay small and in the repo
#   --out FILE    JSON report (default: $top_srcdir/bench/results/
#                 fuzz-<UTC date>.json)
#   --report-only WORKDIR  write the report of a campaign that was stopped
#                 (its work dir is kept): the targets that finished, from
#                 libFuzzer's own final statistics in their logs (with
#                 --merge: their new inputs too)
#
# Environment: FUZZ_BINDIR (built targets, default tests/fuzz), FUZZ_ONLY
# (space-separated target names), top_srcdir. Exit 0 when no target
# crashed, 1 otherwise (crash inputs and logs are kept; their path is
# printed and in the report), 77 when no target is built.
set -u
here=$(cd "$(dirname "$0")" && pwd)
srcdir=${top_srcdir:-$here/../..}
bindir=${FUZZ_BINDIR:-tests/fuzz}
runs=10000000 secs= jobs=1 merge=0 out= report_only=

while [ $# -gt 0 ]; do
	case $1 in
	--runs) runs=${2:?--runs N}; secs=; shift ;;
	--time) secs=${2:?--time SECONDS}; shift ;;
	--jobs) jobs=${2:?--jobs J}; shift ;;
	--merge) merge=1 ;;
	--out) out=${2:?--out FILE}; shift ;;
	--report-only) report_only=${2:?--report-only WORKDIR}; shift ;;
	-h|--help) sed -n '/^#   campaign.sh/,/^# Environment/s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "campaign.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
	esac
	shift
done
for v in "$runs" "$jobs" ${secs:+"$secs"}; do
	case $v in ''|*[!0-9]*|0) echo "campaign.sh: '$v' is not a positive number" >&2; exit 2 ;; esac
done

. "$here/fuzz-lib.sh"
targets=$(fuzz_targets)
[ -n "$targets" ] || { echo "campaign.sh: no fuzz targets built in $bindir (./configure --enable-fuzz=yes && make fuzz)" >&2; exit 77; }
fail=0
# The JSON report of the campaign in $work for $targets (rows for the
# targets that have a result); sets fail=1 when one of them failed.
write_report() {
	first=1
	{
		printf '{\n  "kind": "fuzz-campaign",\n  "date": "%s",\n' "$(cat "$work/date" 2>/dev/null)"
		printf '  "machine": {"nproc": %s, "cpu": "%s"},\n' "$(nproc)" \
			"$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
		printf '  "clang": "%s",\n' "$(clang --version 2>/dev/null | head -1)"
		printf '  "aoeroot_commit": "%s",\n' "$(cat "$work/commit" 2>/dev/null || echo unknown)"
		printf '  "sanitizers": "fuzzer,address,undefined (no recover)",\n'
		printf '  "limit": "%s",\n  "targets": [\n' "$(cat "$work/limit" 2>/dev/null)"
	} > "$out"
	for name in $targets; do
		[ -f "$work/$name.res" ] || continue
		read -r rc execs s < "$work/$name.res"
		crashes=$(find "$work/$name/art" -type f | wc -l)
		seeds=$(ls "$srcdir/tests/fuzz/corpus/$name" 2>/dev/null | wc -l)
		cov=$(sed -n 's/.*DONE *cov: \([0-9]*\).*/\1/p' "$work/$name/log" | tail -1)
		if [ "$rc" = 0 ]; then
			echo "PASS: $name: $execs executions in $s s, 0 crashes (seeds $seeds, cov ${cov:-?})"
		else
			fail=1
			echo "FAIL: $name: exit $rc after $execs executions; log and inputs in $work/$name"
			tail -n 30 "$work/$name/log"
		fi
		[ $first = 1 ] || printf ',\n' >> "$out"
		first=0
		printf '    {"target": "%s", "executions": %s, "seconds": %s, "exit": %s, "crashes": %s, "coverage": %s, "seed_inputs": %s}' \
			"$name" "$execs" "$s" "$rc" "$crashes" "${cov:-null}" "$seeds" >> "$out"
		if [ $merge = 1 ] && [ "$rc" = 0 ]; then
			# -merge=1 copies into the first directory only the inputs of the
			# others that add coverage: named seeds stay, the corpus stays small.
			mkdir -p "$srcdir/tests/fuzz/corpus/$name"
			before=$(ls "$srcdir/tests/fuzz/corpus/$name" | wc -l)
			"$bindir/$name" -merge=1 -max_len=8192 "$srcdir/tests/fuzz/corpus/$name" \
				"$work/$name/new" > "$work/$name/merge.log" 2>&1 ||
				echo "campaign: merge of $name failed (see $work/$name/merge.log)"
			echo "campaign: $name corpus $before -> $(ls "$srcdir/tests/fuzz/corpus/$name" | wc -l) inputs"
		fi
	done
	printf '\n  ]\n}\n' >> "$out"
}

if [ -n "$report_only" ]; then
	work=$report_only
	[ -f "$work/date" ] || { echo "campaign.sh: $work is not a campaign work dir" >&2; exit 2; }
	[ -n "$out" ] || out=$srcdir/bench/results/fuzz-$(date -u +%Y-%m-%d-%H%M).json
	write_report
	echo "campaign: report of $work in $out"
	exit $fail
fi

[ -n "$out" ] || out=$srcdir/bench/results/fuzz-$(date -u +%Y-%m-%d-%H%M).json
mkdir -p "$(dirname "$out")"
work=$(mktemp -d "${TMPDIR:-/tmp}/aoeroot-campaign.XXXXXX") || exit 1
# what was fuzzed: the tree as it is now, not when the report is written
git -C "$srcdir" rev-parse --short HEAD > "$work/commit" 2>/dev/null || echo unknown > "$work/commit"
date -u +%Y-%m-%dT%H:%M:%SZ > "$work/date"
if [ -n "$secs" ]; then limit="-max_total_time=$secs"; what="$secs s each"; else limit="-runs=$runs"; what="$runs executions each"; fi
echo "$limit" > "$work/limit"
echo "campaign: $(echo $targets | wc -w) targets, $what, $jobs at a time, work dir $work"

# Fuzz one target into $work/<name>; writes <name>.res: rc execs seconds.
fuzz_one() {
	name=$1
	t0=$(date +%s)
	# fuzz_kmod resolves every module of its modules.dep text by scanning
	# the whole text (as the real reader does): cost grows with the square
	# of the input, and 4 KiB already holds dozens of lines with cycles.
	case $name in fuzz_kmod) maxlen=4096 ;; *) maxlen=8192 ;; esac
	fuzz_run "$name" "$work" "$maxlen" "$limit"
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$name/log" | tail -1)
	echo "$rc ${execs:-0} $(( $(date +%s) - t0 ))" > "$work/$name.res"
}

running=0
for name in $targets; do
	if [ "$running" -ge "$jobs" ]; then
		wait; running=0   # simple batches: targets are few
	fi
	echo "campaign: start $name"
	fuzz_one "$name" &
	running=$((running + 1))
done
wait

write_report
echo "campaign: report in $out"
[ $fail = 0 ] && rm -rf "$work"
exit $fail
