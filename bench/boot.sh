# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
#
# Boot times (sourced by bench/run.sh). Three initrds boot the lab's RAID1
# fixture (members e0.0 and e0.1 on two vblade servers) by direct kernel
# boot, healthy and with e0.1's server down:
#   A        lab busybox+mdadm initrd + bench/stage-2007.sh (fixed sleeps)
#   B        the same initrd + tests/lab/stage-mdadm.sh (polls every 50 ms,
#            re-discovers every 1 s, gives up on a member after lab_wait=5)
#   C        Debian's initramfs-tools initrd with mdadm and a user's AoE
#            hook (bench/debian.sh: waits up to 5 s for the members);
#            only when it was built (BENCH_C=1)
#   aoeroot  initrd-min/init packed by mkinitrd-aoe --nic all (aoe_wait=5)
#   floor    (healthy only) the same initrd with bench/modfloor as PID 1:
#            /init's module loading, same chains, same threads, no AoE
#            work; it powers off once every module is in
# Per boot it records
#   boot.V.C.init_ms   /init start -> just before switch_root, as the guest
#                      measures it: aoeroot's "switching to" line (ms since
#                      main()); for A and B the /proc/uptime difference
#                      between the lab /init's LAB-INIT-UP line (printed
#                      after its three mounts) and the stage's last marker
#                      (after mount of the new root; the lab /init then only
#                      moves 3 mounts and execs switch_root); for C between
#                      its first init-top and its last init-bottom script.
#   boot.V.C.root_ms   QEMU start -> the fixture root's first line
#                      (AOEROOT-ROOT-UP), on the host clock (50 ms polling).
#   boot.aoeroot.healthy.hwm_kb  /init's peak RSS (ru_maxrss) up to
#                      switch_root, from one extra boot (bench_boot_hwm).
#   boot.aoeroot.C.cpu_mod_ms / cpu_rest_ms  /init's "CPU time:" line: the
#                      module loading threads' CPU and the rest of /init's
#   boot.aoeroot.C.cpu.PHASE_ms  the rest by phase ("CPU by phase" line:
#                      the main thread per phase, the identity thread)
#   boot.V.C.fail      1 per boot that did not reach an intact root.
#   boot.floor.healthy.init_ms  main() -> every module loaded (bench/modfloor)
# The variants run interleaved (A, B, aoeroot, per run and case) so that
# load from other users of the machine hits all of them alike.

BENCH_MEMBERS=e0.0,e0.1
BENCH_FLOOR=${BENCH_FLOOR:-$top_builddir/bench/modfloor}
BENCH_APPEND_COMMON="loglevel=4"   # the lab adds no_timer_check

bench_boot_prepare() {
	lab_log "bench: building the boot initrds"
	lab_initrd_busybox "$LAB_TMP/initrd-A.gz" $LAB_REF_MODS
	lab_cpio_append "$LAB_TMP/initrd-A.gz" "$top_srcdir/bench/stage-2007.sh:lab-stage.sh"
	lab_initrd_reference "$LAB_TMP/initrd-B.gz"
	if [ -x "$BENCH_MKINITRD" ]; then
		bench_mkinitrd all "$LAB_TMP/initrd-aoeroot.gz"
	else
		# initrd-lib's fallback: a plain cpio with the same /init
		INITRD_MK=/nonexistent INITRD_INIT=$BENCH_INIT initrd_pack "$LAB_TMP/initrd-aoeroot.gz"
		bench_note boot.aoeroot "initrd packed by tests/lab/initrd-lib.sh (mkinitrd-aoe not built)"
	fi
	if [ -x "$BENCH_FLOOR" ]; then
		cp "$LAB_TMP/initrd-aoeroot.gz" "$LAB_TMP/initrd-floor.gz"
		lab_cpio_append "$LAB_TMP/initrd-floor.gz" "$BENCH_FLOOR:init"
	else
		bench_note boot.floor "no $BENCH_FLOOR (configure --enable-initrd): module floor not measured"
	fi
	lab_net_up
}

# The module floor: the aoeroot initrd with bench/modfloor as /init, the
# same kernel command line; no server is needed (it sends nothing).
bench_boot_floor() {
	local ms
	[ -f "$LAB_TMP/initrd-floor.gz" ] || return 0
	lab_qemu_direct "$LAB_VMLINUZ" "$LAB_TMP/initrd-floor.gz" "$(bench_boot_append aoeroot healthy)" || return 1
	bench_wait_serial 'aoeroot: module floor: every module loaded' 300 || return 1
	ms=$(bench_serial_val '\[ *([0-9]+) ms\] aoeroot: module floor: every module loaded')
	[ -n "$ms" ] || { lab_log "bench: no module floor line"; lab_serial_tail 30 >&2; return 1; }
	bench_rec boot.floor.healthy.init_ms "$ms"
	lab_log "bench: module floor ${ms} ms"
}

# The kernel command line of variant $1 ($2 = healthy|degraded).
bench_boot_append() {
	case $1 in
	A) echo "$BENCH_APPEND_COMMON lab_members=$BENCH_MEMBERS" ;;
	B) echo "$BENCH_APPEND_COMMON lab_members=$BENCH_MEMBERS lab_wait=5" ;;
	C) echo "$BENCH_APPEND_COMMON root=/dev/md0 ro" ;;
	aoeroot) echo "$BENCH_APPEND_COMMON aoe_md_devs=$BENCH_MEMBERS root=/dev/md0 aoe_wait=5" ;;
	esac
}

# The initrd of variant $1.
bench_boot_initrd() {
	case $1 in
	C) echo "$BENCH_C_INITRD" ;;
	*) echo "$LAB_TMP/initrd-$1.gz" ;;
	esac
}

# The variants this run boots (BENCH_BOOT_VARIANTS="C aoeroot" picks some,
# for development).
bench_boot_variants() {
	if [ -n "${BENCH_BOOT_VARIANTS:-}" ]; then echo "$BENCH_BOOT_VARIANTS"; return; fi
	if [ "$BENCH_C" = 1 ]; then echo A B C aoeroot; else echo A B aoeroot; fi
}

# /init start -> switch_root in ms, from the serial log of variant $1.
bench_boot_init_ms() {
	local t0 t1
	case $1 in
	aoeroot)
		bench_serial_val '\[ *([0-9]+) ms\] aoeroot: switching to' ;;
	*)
		t0=$(bench_serial_val '^LAB-INIT-UP ([0-9.]+)')
		case $1 in
		A) t1=$(bench_serial_val '^BENCH-A-END ([0-9.]+)') ;;
		B) t1=$(bench_serial_val '^LAB-REF-MOUNTED ([0-9.]+)') ;;
		C) t0=$(bench_serial_val 'BENCH-C-START ([0-9.]+)')
		   t1=$(bench_serial_val 'BENCH-C-END ([0-9.]+)') ;;
		esac
		[ -n "$t0" ] && [ -n "$t1" ] && awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.0f", (b - a) * 1000}'
		;;
	esac
}

# One boot of variant $1 in case $2; returns non-zero when it failed. Its
# samples are keyed $BENCH_BOOT_KEY (default boot.V.C).
bench_boot_one() {
	local v=$1 c=$2 t_root init_ms want='\[UU\]' key=${BENCH_BOOT_KEY:-boot.$1.$2}
	[ "$c" = degraded ] && want='\[(U_|_U)\]'
	lab_restore_members || return 1
	lab_server s0 0 0 "$LAB_M0" || return 1
	if [ "$c" = healthy ]; then
		lab_server s1 0 1 "$LAB_M1" || return 1
	fi
	lab_qemu_direct "$LAB_VMLINUZ" "$(bench_boot_initrd "$v")" "$(bench_boot_append "$v" "$c")" || return 1
	bench_wait_serial 'AOEROOT-ROOT-UP' 300 || return 1
	t_root=$(awk -v a="$(bench_clock_ms)" -v b="$LAB_QEMU_T0" 'BEGIN {printf "%.0f", a - b * 1000}')
	bench_wait_serial 'AOEROOT-FILESUM' 60 || return 1
	lab_grep '^AOEROOT-FILESUM ok' > /dev/null || { lab_log "bench: $v $c: root file set damaged"; return 1; }
	lab_grep "$want" > /dev/null || { lab_log "bench: $v $c: md0 is not $want"; lab_serial_tail 30 >&2; return 1; }
	init_ms=$(bench_boot_init_ms "$v")
	[ -n "$init_ms" ] || { lab_log "bench: $v $c: no /init timing markers"; lab_serial_tail 30 >&2; return 1; }
	bench_rec "$key.init_ms" "$init_ms"
	bench_rec "$key.root_ms" "$t_root"
	if [ "$v" = aoeroot ]; then
		bench_rec "$key.cpu_mod_ms" "$(bench_serial_val 'CPU time since .init started: module loading ([0-9]+) ms')"
		bench_rec "$key.cpu_rest_ms" "$(bench_serial_val 'CPU time since .init started: module loading [0-9]+ ms, everything else ([0-9]+) ms')"
		bench_boot_cpu_phases "$key"
	fi
	lab_log "bench: $v $c: /init ${init_ms} ms, QEMU start -> root ${t_root} ms"
}

# /init's "CPU by phase" line (initrd-min/cputime.c): one sample per
# phase, keyed KEY.cpu.<phase with _ for blanks>_ms (total, user + system).
bench_boot_cpu_phases() {
	local key=$1
	tr -d '\r' < "$LAB_TMP/serial.log" | sed -n 's/.*CPU by phase, ms ([^)]*): //p' | head -1 |
		tr ',' '\n' | sed -E 's/^ *//; s/ \(user [0-9]+\)$//' |
		while read -r line; do
			[ -n "$line" ] || continue
			bench_rec "$key.cpu.$(echo "${line% *}" | tr ' +' '__')_ms" "${line##* }"
		done
}

bench_boot_stop() {
	lab_qemu_kill || :   # QEMU may have powered off by itself
	[ ! -f "$LAB_TMP/vblade-s0.pid" ] || lab_server_stop s0
	[ ! -f "$LAB_TMP/vblade-s1.pid" ] || lab_server_stop s1
}

# Peak memory of aoeroot's /init: one healthy boot with bench/hwm-init.sh as
# PID 1 running the real /init as a child under bench-maxrss (see there).
bench_boot_hwm() {
	local hwm
	cp "$LAB_TMP/initrd-aoeroot.gz" "$LAB_TMP/initrd-hwm.gz"
	${MUSL_GCC:-musl-gcc} -static -Os -o "$LAB_TMP/bench-maxrss" "$top_srcdir/bench/maxrss.c" ||
		{ lab_die "cannot build bench/maxrss.c (musl-gcc)"; return 1; }
	lab_cpio_append "$LAB_TMP/initrd-hwm.gz" "$top_srcdir/bench/hwm-init.sh:init" \
		"$BENCH_INIT:aoeroot-init" "$(command -v busybox):bin/busybox" \
		"$LAB_TMP/bench-maxrss:bin/bench-maxrss"
	lab_restore_members || return 1
	lab_server s0 0 0 "$LAB_M0" || return 1
	lab_server s1 0 1 "$LAB_M1" || return 1
	lab_qemu_direct "$LAB_VMLINUZ" "$LAB_TMP/initrd-hwm.gz" "$(bench_boot_append aoeroot healthy)" || return 1
	bench_wait_serial 'BENCH-MAXRSS' 300 || return 1
	hwm=$(bench_serial_val '^BENCH-MAXRSS ([0-9]+)')
	[ -n "$hwm" ] || { lab_log "bench: no peak RSS from /init"; lab_serial_tail 30 >&2; return 1; }
	lab_grep 'assembled /dev/md0 from 2' > /dev/null || { lab_log "bench: hwm boot did not assemble md0"; return 1; }
	bench_rec boot.aoeroot.healthy.hwm_kb "$hwm"
	lab_log "bench: aoeroot /init peak RSS $hwm kB"
}

bench_section_boot() {
	local r v c
	bench_boot_prepare
	bench_boot_hwm || bench_rec boot.hwm.fail 1
	bench_boot_stop
	for r in $(seq 1 "$BENCH_RUNS"); do
		for c in healthy degraded; do
			for v in $(bench_boot_variants); do
				lab_log "bench: boot run $r/$BENCH_RUNS: $v $c"
				bench_boot_one "$v" "$c" || bench_rec "boot.$v.$c.fail" 1
				cp "$LAB_TMP/serial.log" "$LAB_TMP/serial-$v-$c-$r.log" 2>/dev/null || :
				bench_boot_stop
			done
			if [ "$c" = healthy ]; then
				lab_log "bench: boot run $r/$BENCH_RUNS: module floor"
				bench_boot_floor || bench_rec boot.floor.healthy.fail 1
				cp "$LAB_TMP/serial.log" "$LAB_TMP/serial-floor-$r.log" 2>/dev/null || :
				bench_boot_stop
			fi
		done
	done
}
