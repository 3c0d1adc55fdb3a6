#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench/run.sh - aoeroot's benchmarks in the lab, side by side with the
# baselines measured in the same run (see bench/README.md). Run by hand as
# root, not in CI: a full run boots QEMU (TCG) about 6 x RUNS + 3 times.
#
#   bench/run.sh [--runs N] [--quick] [--only size,boot,disc] [--save|--no-save]
#
#   --runs N     boots (and discovery repetitions) per case; medians over
#                them (default 5; --quick: 2)
#   --quick      fewer runs, discovery for N = 2 and 16 only; results are not
#                saved unless --save is given
#   --only LIST  run only these sections (size, boot, disc; debroot, the
#                Debian root of issue 4, runs only when named: bench/debroot.sh)
#   --save       write bench/results/<date>.json and the table into
#                bench/README.md (default unless --quick)
#   --no-save    print only
#
# Environment: BENCH_MKINITRD, BENCH_INIT, BENCH_SCAN override the built
# mkinitrd-aoe, /init and aoe-scan (default: under $top_builddir); the lab's
# variables (AOEROOT_CACHE, AOEROOT_KVM, LAB_KEEP ...) apply.
set -eu

usage() {
	sed -n '/^#   bench/,/^#   --no-save/s/^# \{0,1\}//p' "$0"
}

BENCH_RUNS= BENCH_QUICK=0 BENCH_SAVE= BENCH_ONLY="size boot disc"
while [ $# -gt 0 ]; do
	case $1 in
	--runs) BENCH_RUNS=${2:?--runs needs a number}; shift ;;
	--runs=*) BENCH_RUNS=${1#--runs=} ;;
	--quick) BENCH_QUICK=1 ;;
	--only) BENCH_ONLY=$(echo "${2:?--only needs a list}" | tr , ' '); shift ;;
	--only=*) BENCH_ONLY=$(echo "${1#--only=}" | tr , ' ') ;;
	--save) BENCH_SAVE=1 ;;
	--no-save) BENCH_SAVE=0 ;;
	-h|--help) usage; exit 0 ;;
	*) echo "bench: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
	esac
	shift
done
case ${BENCH_RUNS:-x} in
x) BENCH_RUNS=$([ "$BENCH_QUICK" = 1 ] && echo 2 || echo 5) ;;
''|*[!0-9]*|0) echo "bench: --runs wants a positive number, not '$BENCH_RUNS'" >&2; exit 2 ;;
esac
for s in $BENCH_ONLY; do
	case $s in size|boot|disc|debroot) ;; *) echo "bench: unknown section '$s' (size, boot, disc, debroot)" >&2; exit 2 ;; esac
done
[ -n "$BENCH_SAVE" ] || BENCH_SAVE=$([ "$BENCH_QUICK" = 1 ] && echo 0 || echo 1)
BENCH_DISC_NS=$([ "$BENCH_QUICK" = 1 ] && echo "2 16" || echo "2 16 64")

top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
: "${top_builddir:=$top_srcdir}"
export top_srcdir top_builddir
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/initrd-lib.sh"
. "$top_srcdir/bench/bench-lib.sh"
. "$top_srcdir/bench/sizes.sh"
. "$top_srcdir/bench/boot.sh"
. "$top_srcdir/bench/disc.sh"
. "$top_srcdir/bench/debroot.sh"
. "$top_srcdir/bench/report.sh"

BENCH_MKINITRD=${BENCH_MKINITRD:-$top_builddir/initrd-min/mkinitrd-aoe}
BENCH_INIT=${BENCH_INIT:-$top_builddir/initrd-min/init}
BENCH_SCAN=${BENCH_SCAN:-$top_builddir/tools/aoe-scan}
BENCH_DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ)
BENCH_CPU=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
BENCH_LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
BENCH_ACCEL=$([ "${AOEROOT_KVM:-0}" = 1 ] && echo kvm || echo tcg)

lab_require qemu-system-x86_64 vblade busybox mdadm cpio unshare gzip
[ -x "$BENCH_INIT" ] || { echo "bench: no $BENCH_INIT: build first (./configure --enable-initrd && make)" >&2; exit 2; }
lab_init bench
BENCH_DATA=$LAB_TMP/data.tsv
: > "$BENCH_DATA"
lab_kernel
lab_fixture_mirror
lab_log "bench: runs $BENCH_RUNS, sections: $BENCH_ONLY, load $BENCH_LOAD"

for s in $BENCH_ONLY; do
	case $s in
	size) bench_sizes ;;
	boot) bench_boot ;;
	disc) bench_disc ;;
	debroot) bench_section_debroot ;;
	esac
done

bench_table > "$LAB_TMP/table.txt"
echo
cat "$LAB_TMP/table.txt"
if [ "$BENCH_SAVE" = 1 ]; then
	out=$top_srcdir/bench/results/$(date -u +%Y-%m-%d-%H%M).json
	mkdir -p "$top_srcdir/bench/results"
	bench_json > "$out"
	bench_readme_update "$LAB_TMP/table.txt" "bench/results/${out##*/}"
	echo "bench: saved $out and the table in bench/README.md"
fi
