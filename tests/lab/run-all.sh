#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Run the lab tests (tests/lab/t-*.sh), LAB_JOBS (2) at a time, each with a
# timeout of LAB_TEST_TIMEOUT (600) seconds (t-xen-*: LAB_XEN_TIMEOUT, 2400;
# t-debroot-pkg: LAB_DEBROOT_PKG_TIMEOUT, 1800; t-efi-publish-busy and
# -loss: LAB_PUBLOAD_TIMEOUT, 400 per boot of LAB_REPEAT).
#   run-all.sh [PATTERN...]   only tests whose name (t-<area>-<case>)
#                             matches one of the shell glob PATTERNs,
#                             e.g. `run-all.sh 'lab-*' initrd`.
#                             t-debroot-* (a real Debian root: slow) run
#                             only when named: `run-all.sh debroot`.
#                             t-xen-* (a Xen host under TCG) run like any
#                             other test ('*' selects them: CI runs them),
#                             except t-xen-serverdown (nightly: the full
#                             rebuild of a member; a pattern naming it or
#                             "xen" runs it).
#                             t-debroot-upgrade (nightly: six systemd boots,
#                             three kernel packages) only when a PATTERN
#                             contains "upgrade" (LAB_DEBROOT_UPGRADE_TIMEOUT,
#                             5400).
# The slow tests (t-xen-*, t-debroot-*) start first, so the pool's short
# tests overlap them instead of waiting behind them at the end.
# Exit status of a test: 0 pass, 77 skip (a failure when AOEROOT_NO_SKIP=1),
# anything else fail; timeout = fail. Logs go to $LAB_LOGDIR
# (default ./lab-logs). Prints a PASS/FAIL/SKIP summary with durations and
# the last lines of each failing test's log. Exit 0 only if nothing failed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
export top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
export top_builddir=${top_builddir:-$top_srcdir}
jobs=${LAB_JOBS:-2}
timeout_s=${LAB_TEST_TIMEOUT:-600}
logdir=${LAB_LOGDIR:-$PWD/lab-logs}
mkdir -p "$logdir"
logdir=$(cd "$logdir" && pwd)

[ "$(id -u)" = 0 ] || { echo "run-all: lab tests need root" >&2; exit 2; }

tests=() slow=()
for t in "$here"/t-*.sh; do
	[ -e "$t" ] || continue
	n=$(basename "$t" .sh); n=${n#t-}
	# the Debian root tests (debootstrap + systemd boots) run only on request
	case "$#:$n" in 0:debroot-*) continue ;; esac
	# the kernel upgrade in a Debian root (nightly) only when a pattern names it
	case $n in debroot-upgrade) case "$*" in *upgrade*) ;; *) continue ;; esac ;; esac
	# a Xen domU through a server's death and the full rebuild (nightly)
	# only when a pattern names it or Xen
	case $n in xen-serverdown) case "$*" in *serverdown*|*xen*) ;; *) continue ;; esac ;; esac
	if [ $# -gt 0 ]; then
		ok=0
		for p in "$@"; do
			# shellcheck disable=SC2254
			case $n in $p|*$p*) ok=1 ;; esac
		done
		[ $ok = 1 ] || continue
	fi
	case $n in xen-*|debroot-*) slow+=("$t") ;; *) tests+=("$t") ;; esac
done
tests=(${slow[@]+"${slow[@]}"} ${tests[@]+"${tests[@]}"})
[ ${#tests[@]} -gt 0 ] || { echo "run-all: no test matches: $*" >&2; exit 2; }

# Run one test; write "<status> <seconds>" to its .res file.
run_one() {
	local t=$1 n log t0 rc to
	n=$(basename "$t" .sh)
	log=$logdir/$n.log
	t0=$(date +%s.%N)
	rc=0
	to=$timeout_s
	# a Xen host boots Xen, dom0 and several domUs under TCG
	case $n in t-xen-*) to=${LAB_XEN_TIMEOUT:-2400} ;; esac
	# the packages in a Debian root: two systemd boots, a 400 MB kernel
	# package installed and purged, GRUB and kernel downloads the first time
	case $n in t-debroot-pkg) to=${LAB_DEBROOT_PKG_TIMEOUT:-1800} ;; esac
	# LAB_REPEAT publish-mode boots (3 in CI) under host load or frame loss
	case $n in t-efi-publish-busy|t-efi-publish-loss) to=${LAB_PUBLOAD_TIMEOUT:-$((${LAB_REPEAT:-3} * 400))} ;; esac
	# six systemd boots, three kernel packages installed in the guest
	case $n in t-debroot-upgrade) to=${LAB_DEBROOT_UPGRADE_TIMEOUT:-5400} ;; esac
	timeout -k 10 "$to" "$t" > "$log" 2>&1 < /dev/null || rc=$?
	[ "$rc" = 124 ] && echo "run-all: TIMEOUT after ${to}s" >> "$log"
	echo "$rc $(echo "$(date +%s.%N) $t0" | awk '{printf "%.1f", $1 - $2}')" > "$logdir/$n.res"
}

echo "run-all: ${#tests[@]} test(s), $jobs at a time, timeout ${timeout_s}s, logs in $logdir"
T0=$(date +%s)
running=0
for t in "${tests[@]}"; do
	rm -f "$logdir/$(basename "$t" .sh).res"
	if [ "$running" -ge "$jobs" ]; then
		wait -n || :
		running=$((running - 1))
	fi
	echo "run-all: start $(basename "$t" .sh)"
	run_one "$t" &
	running=$((running + 1))
done
wait || :

pass=0 fail=0 skip=0 failed=()
printf '\n%-40s %-6s %8s\n' TEST RESULT SECONDS
for t in "${tests[@]}"; do
	n=$(basename "$t" .sh)
	read -r rc secs < "$logdir/$n.res" || { rc=255 secs=?; }
	case $rc in
	0) r=PASS; pass=$((pass + 1)) ;;
	77) if [ "${AOEROOT_NO_SKIP:-0}" = 1 ]; then r=FAIL; fail=$((fail + 1)); failed+=("$n")
	    else r=SKIP; skip=$((skip + 1)); fi ;;
	124) r=FAIL; fail=$((fail + 1)); failed+=("$n") ;;
	*) r=FAIL; fail=$((fail + 1)); failed+=("$n") ;;
	esac
	printf '%-40s %-6s %8s\n' "$n" "$r" "$secs"
done
for n in ${failed[@]+"${failed[@]}"}; do
	printf '\n==== %s (exit %s): last 40 lines of %s ====\n' "$n" "$(cut -d' ' -f1 "$logdir/$n.res")" "$logdir/$n.log"
	tail -n 40 "$logdir/$n.log"
done
printf '\nrun-all: %d passed, %d failed, %d skipped in %ds\n' "$pass" "$fail" "$skip" "$(( $(date +%s) - T0 ))"
[ "$fail" = 0 ]
