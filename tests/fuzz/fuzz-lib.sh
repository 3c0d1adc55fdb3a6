# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=sh
# fuzz-lib.sh - what smoke.sh and campaign.sh share. Source it after setting
# srcdir (the source tree) and bindir (the built targets).
#
#   fuzz_targets         print the built fuzz_* targets in $bindir (only those
#                        named in FUZZ_ONLY when it is set), space-separated.
#   fuzz_run NAME WORK MAXLEN LIMIT  run target NAME with the libFuzzer
#                        option LIMIT (-runs=N or -max_total_time=S) and
#                        -max_len=MAXLEN: new inputs in WORK/NAME/new, the seed
#                        corpus tests/fuzz/corpus/NAME/ read-only after it,
#                        crash inputs in WORK/NAME/art/, output in
#                        WORK/NAME/log. Returns the target's exit status.

fuzz_targets() {
	_ft=
	for _fb in "$bindir"/fuzz_*; do
		case $_fb in *.c|*.o|*.log|*.trs) continue ;; esac
		[ -f "$_fb" ] && [ -x "$_fb" ] || continue
		_fn=${_fb##*/}
		if [ -n "${FUZZ_ONLY:-}" ]; then
			case " $FUZZ_ONLY " in *" $_fn "*) ;; *) continue ;; esac
		fi
		_ft="$_ft $_fn"
	done
	echo $_ft
}

fuzz_run() {
	_fr_name=$1 _fr_work=$2 _fr_maxlen=$3 _fr_limit=$4
	_fr_seed=$srcdir/tests/fuzz/corpus/$_fr_name
	mkdir -p "$_fr_work/$_fr_name/new" "$_fr_work/$_fr_name/art"
	set -- "$_fr_work/$_fr_name/new"
	[ -d "$_fr_seed" ] && set -- "$@" "$_fr_seed"
	"$bindir/$_fr_name" "$_fr_limit" -timeout=10 -rss_limit_mb=2048 -max_len="$_fr_maxlen" \
		-artifact_prefix="$_fr_work/$_fr_name/art/" -print_final_stats=1 "$@" \
		> "$_fr_work/$_fr_name/log" 2>&1
}
