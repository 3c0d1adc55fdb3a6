#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# smoke.sh - run every built libFuzzer target briefly (make check) or for a
# fixed number of executions (make fuzz-long). See tests/fuzz/README.md.
#
# Environment:
#   FUZZ_BINDIR   where the built fuzz_* binaries are (default tests/fuzz)
#   FUZZ_SECONDS  seconds per target (default: 5, less when there are more
#                 than 10 targets, so that make check stays under a minute)
#   FUZZ_RUNS     run this many executions per target instead (fuzz-long)
#   FUZZ_ONLY     space-separated target names to run (default: all built)
#   top_srcdir    source tree (seed corpora in tests/fuzz/corpus/<target>/)
# Exit: 0 all passed, 1 a target crashed (artifacts kept, path printed),
# 77 no target built.
set -u
here=$(cd "$(dirname "$0")" && pwd)
srcdir=${top_srcdir:-$here/../..}
bindir=${FUZZ_BINDIR:-tests/fuzz}
. "$here/fuzz-lib.sh"

targets=$(fuzz_targets)
n=$(echo $targets | wc -w)
if [ "$n" = 0 ]; then
	echo "smoke.sh: no fuzz targets built in $bindir" >&2
	exit 77
fi
secs=${FUZZ_SECONDS:-$(( n > 10 ? 50 / n : 5 ))}
[ "$secs" -ge 1 ] || secs=1

work=$(mktemp -d "${TMPDIR:-/tmp}/aoeroot-fuzz.XXXXXX") || exit 1
fail=0
for name in $targets; do
	seed=$srcdir/tests/fuzz/corpus/$name
	if [ -n "${FUZZ_RUNS:-}" ]; then limit="-runs=$FUZZ_RUNS"; else limit="-max_total_time=$secs"; fi
	fuzz_run "$name" "$work" 8192 "$limit"
	rc=$?
	runs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1 runs in \2 s/p' "$work/$name/log")
	if [ $rc = 0 ]; then
		echo "PASS: $name: ${runs:-?} (seeds: $(ls "$seed" 2>/dev/null | wc -l))"
	else
		echo "FAIL: $name (exit $rc); log and crash input kept in $work/$name"
		tail -n 40 "$work/$name/log"
		fail=1
	fi
done
[ $fail = 0 ] && rm -rf "$work"
exit $fail
