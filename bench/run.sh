#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench/run.sh - aoeroot's benchmarks in the lab, side by side with the
# baselines measured in the same run (see bench/README.md). Run by hand as
# root, not in CI: a full run boots QEMU (TCG) about 10 x RUNS + 5 times.
#
#   bench/run.sh [--runs N] [--quick] [--only size,boot,disc,e2e,debroot,grubload,pubload,storm,failover] [--save|--no-save]
#
#   --runs N     boots (and discovery repetitions) per case; medians over
#                them (default 5; --quick: 2)
#   --quick      fewer runs, discovery for N = 2 and 16 only; results are not
#                saved unless --save is given
#   --only LIST  run only these sections (default: size, boot, disc, e2e;
#                debroot, the Debian root of issue 4, runs only when named:
#                bench/debroot.sh; so does grubload, GRUB reading kernel +
#                initrd over AoE vs TFTP: bench/grubload.sh, and pubload,
#                Debian's signed GRUB reading them through aoeboot.efi's
#                published disks vs TFTP: bench/pubload.sh; and storm,
#                4 machines booting at once vs one: bench/storm.sh; and
#                failover, a server's death under a running root at several
#                aoe_deadsecs: bench/failover.sh)
#   --save       write bench/results/<date>.json and the table into
#                bench/README.md (default unless --quick)
#   --no-save    print only
#
# Environment: BENCH_MKINITRD, BENCH_INIT, BENCH_SCAN, BENCH_GRUB_MOD,
# BENCH_GRUB_PC_MOD override the built mkinitrd-aoe, /init, aoe-scan and
# the x86_64-efi / i386-pc aoe.mod (default: under $top_builddir);
# BENCH_DISC_NS sets the discovery section's target counts (default "2 16
# 64"; the fleet run: "256 1024"), BENCH_DISC_TOOLS what it times (default
# "scan linux grub stub"), BENCH_DISC_INIT=1 adds aoeroot /init boots with
# those targets on the wire;
# BENCH_E2E_VARIANTS picks end-to-end variants (default "grubaoe grubplain
# biosaoe biosplain"); BENCH_NO_DEBIAN=1 leaves out baseline C (no
# debootstrap tree needed); the lab's variables (AOEROOT_CACHE, AOEROOT_KVM,
# LAB_KEEP ...) apply.
#
# Sections: each NAME in BENCH_SECTIONS is a function bench_section_NAME
# (run in this order) whose samples are keyed "NAME.*" and, optionally,
# bench_table_NAME (its part of the table). A new section is a file sourced
# below plus its name in BENCH_SECTIONS (and in BENCH_DEFAULT if a plain
# run should include it).
set -eu

BENCH_SECTIONS="size boot disc e2e debroot grubload pubload storm failover"
BENCH_DEFAULT="size boot disc e2e"

usage() {
	sed -n '/^#   bench/,/^#   --no-save/s/^# \{0,1\}//p' "$0"
}

BENCH_RUNS= BENCH_QUICK=0 BENCH_SAVE= BENCH_ONLY=$BENCH_DEFAULT
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
	case " $BENCH_SECTIONS " in *" $s "*) ;; *) echo "bench: unknown section '$s' ($BENCH_SECTIONS)" >&2; exit 2 ;; esac
done
[ -n "$BENCH_SAVE" ] || BENCH_SAVE=$([ "$BENCH_QUICK" = 1 ] && echo 0 || echo 1)
BENCH_DISC_NS=${BENCH_DISC_NS:-$([ "$BENCH_QUICK" = 1 ] && echo "2 16" || echo "2 16 64")}

top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
: "${top_builddir:=$top_srcdir}"
export top_srcdir top_builddir
. "$top_srcdir/tests/lab/lib.sh"
. "$top_srcdir/tests/lab/initrd-lib.sh"
. "$top_srcdir/bench/bench-lib.sh"
. "$top_srcdir/bench/sizes.sh"
. "$top_srcdir/bench/boot.sh"
. "$top_srcdir/bench/disc.sh"
. "$top_srcdir/tests/lab/pxe-lib.sh"
. "$top_srcdir/tests/lab/efi-lib.sh"
. "$top_srcdir/bench/grub.sh"
. "$top_srcdir/bench/grubload.sh"
. "$top_srcdir/bench/pubload.sh"
. "$top_srcdir/bench/storm.sh"
. "$top_srcdir/bench/failover.sh"
. "$top_srcdir/tests/lab/debroot.sh"
. "$top_srcdir/bench/debian.sh"
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
BENCH_C=0
if [ "${BENCH_NO_DEBIAN:-0}" != 1 ] && [ -n "$(echo " $BENCH_ONLY " | grep -E ' (size|boot) ')" ]; then
	if bench_c_initrd; then BENCH_C=1; else bench_note debian "baseline C not built (see above)"; fi
fi

for s in $BENCH_SECTIONS; do
	case " $BENCH_ONLY " in *" $s "*) "bench_section_$s" ;; esac
done
BENCH_LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

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
