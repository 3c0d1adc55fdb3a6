# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
#
# Discovery times (sourced by bench/run.sh) for N vblade targets (N from
# $BENCH_DISC_NS, ascending), exporting the same md member image read-only
# (so every target carries a real md 1.2 superblock). As on a SAN, a server
# exports many targets from one NIC: target i is e(1 + i/16).(i%16), served
# from namespace t(i/16) (16 per server, one MAC each; a Linux bridge takes
# at most 1024 ports, so one namespace per target cannot reach 1024).
#   disc.N.linux_ms       Linux aoe driver in a guest: discover -> every
#                         /dev/etherd/eS.L exists (config + IDENTIFY), timed
#                         by the guest kernel's clock (bench/stage-disc.sh);
#                         BENCH_RUNS repetitions in one boot.
#   disc.N.linuxk_ms      the same boot, from the kernel log: discover ->
#                         the aoe driver's last "has N sectors" line
#                         (IDENTIFY answered; no shell polling in it).
#   disc.N.scan_nomd_ms   tools/aoe-scan --no-md on the lab bridge (config +
#                         IDENTIFY, like the Linux driver): wall time of the
#                         whole command, which includes its settle window.
#   disc.N.scan_md_ms     the same with md superblock reads.
#   disc.N.grub_*         GRUB's aoe_scan in OVMF (bench/grub.sh).
#   disc.N.stub_ms        the EFI stub (aoeboot.efi from an ESP in OVMF):
#                         its own "N target(s) found in X ms" (engine start
#                         -> scan returned, md read, settle included); one
#                         boot per run, stopped after the line.
#   disc.N.init.init_ms   (BENCH_DISC_INIT=1) aoeroot's /init (healthy mirror e0.0 + e0.1 from
#                         servers s0, s1) booting while the N targets are on
#                         the wire; disc.0.init.* before any is up. The
#                         targets then carry another array (BENCH_DISC_IMG
#                         is relabelled), as decoys on a SAN do.
#   disc.grub_tables_kib  GRUB's and the stub's engine + picker tables (one
#   disc.stub_tables_kib  allocation each, sized for the maximum targets)
#   disc.N.*.fail         a run that did not see all N targets.

bench_disc_targets_up() {
	local from=$1 to=$2 i
	for i in $(seq "$from" $((to - 1))); do
		lab_server "t$((i / 16))" $((1 + i / 16)) $((i % 16)) "$BENCH_DISC_IMG" -r > /dev/null 2>&1 ||
			{ lab_die "vblade e$((1 + i / 16)).$((i % 16)) failed"; return 1; }
	done
}

# aoe-scan against N targets, $BENCH_RUNS times, with md reads ($2 = md)
# or without ($2 = nomd).
bench_disc_scan() {
	local n=$1 mode=$2 r t0 t1 got opt=
	[ "$mode" = nomd ] && opt=--no-md
	for r in $(seq 1 "$BENCH_RUNS"); do
		t0=$(bench_clock_ms)
		ip netns exec "$LAB_NS_BR" "$BENCH_SCAN" --json $opt br0 > "$LAB_TMP/scan.json" 2> "$LAB_TMP/scan.err" || :
		t1=$(bench_clock_ms)
		got=$(grep -o '"target"' "$LAB_TMP/scan.json" | wc -l)
		if [ "$got" -ne "$n" ]; then
			lab_log "bench: aoe-scan $opt saw $got of $n targets: $(head -3 "$LAB_TMP/scan.err")"
			bench_rec "disc.$n.scan_$mode.fail" 1
			continue
		fi
		bench_rec "disc.$n.scan_${mode}_ms" "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.0f", b - a}')"
	done
}

# Each serial line starting with MARKER ("... us=N"): KEY_ms = N/1000 when
# the line holds " COMPLETE ", else KEY.fail (the run WHAT was incomplete).
bench_disc_us() {
	local marker=$1 complete=$2 key=$3 what=$4 line us
	lab_grep "^$marker" | while read -r line; do
		case $line in
		*" $complete "*)
			us=${line##*us=}
			bench_rec "${key}_ms" "$(awk -v u="$us" 'BEGIN {printf "%.1f", u / 1000}')" ;;
		*)
			lab_log "bench: $what incomplete: $line"
			bench_rec "$key.fail" 1 ;;
		esac
	done
}

# The EFI stub's scan, $BENCH_RUNS boots: each stopped once it has printed
# how long its scan took (the picker and the kernel are not timed here).
bench_disc_stub() {
	local n=$1 r line got
	[ -f "$LAB_TMP/initrd.gz" ] || cp "$LAB_TMP/initrd-disc.gz" "$LAB_TMP/initrd.gz"
	rm -rf "$LAB_TMP/esp-stub"
	efi_esp "$LAB_TMP/esp-stub" "console=ttyS0 aoeboot.verbose=2 aoeboot.timeout=-1" || return 1
	for r in $(seq 1 "$BENCH_RUNS"); do
		: > "$LAB_TMP/serial.log"
		LAB_MEM=768 lab_qemu_ovmf "$LAB_TMP/esp-stub" || return 1
		bench_wait_serial 'aoeboot: [0-9]+ target\(s\) found in [0-9]+ ms' 180 ||
			{ lab_qemu_kill; bench_rec "disc.$n.stub.fail" 1; continue; }
		lab_qemu_kill
		cp "$LAB_TMP/serial.log" "$LAB_TMP/serial-stub-$n-$r.log"
		line=$(tr -d '\r' < "$LAB_TMP/serial.log" | grep -E -o 'aoeboot: [0-9]+ target\(s\) found in [0-9]+ ms' | tail -1)
		got=$(echo "$line" | sed -E 's/aoeboot: ([0-9]+) .*/\1/')
		if [ "$got" != "$n" ]; then
			lab_log "bench: the EFI stub listed $got of $n targets"
			bench_rec "disc.$n.stub.fail" 1
			continue
		fi
		bench_rec "disc.$n.stub_ms" "$(echo "$line" | sed -E 's/.* found in ([0-9]+) ms/\1/')"
	done
	line=$(bench_serial_val 'aoeboot: engine and picker tables for [0-9]+ targets: ([0-9]+) KiB')
	[ -z "$line" ] || bench_rec disc.stub_tables_kib "$line"

}

# aoeroot's /init on this SAN, $BENCH_RUNS healthy boots.
bench_disc_init() {
	local n=$1 r
	[ -f "$LAB_TMP/initrd-aoeroot.gz" ] || bench_mkinitrd all "$LAB_TMP/initrd-aoeroot.gz" || return 1
	for r in $(seq 1 "$BENCH_RUNS"); do
		BENCH_BOOT_KEY=disc.$n.init bench_boot_one aoeroot healthy || bench_rec "disc.$n.init.fail" 1
		cp "$LAB_TMP/serial.log" "$LAB_TMP/serial-init-$n-$r.log" 2>/dev/null || :
		bench_boot_stop
	done
}

# The Linux aoe driver in one guest boot, $BENCH_RUNS repetitions (one from
# 512 targets on: after 1024 devices `rmmod aoe` never returns, the driver
# looping on "eth0 holds ref: cannot free skb").
bench_disc_linux() {
	local n=$1 reps=$BENCH_RUNS ok=0
	[ "$n" -lt 512 ] || reps=1
	lab_qemu_direct "$LAB_VMLINUZ" "$LAB_TMP/initrd-disc.gz" \
		"loglevel=4 bench_n=$n bench_reps=$reps" || return 1
	# up to 30 s of polling per repetition, and the driver's own pace at
	# 1024 targets (a minute)
	if bench_wait_serial 'LAB-STAGE-RC=' $((120 + (30 + n / 16) * reps)); then
		lab_qemu_wait 60 || :
		ok=1
	fi
	lab_qemu_kill
	cp "$LAB_TMP/serial.log" "$LAB_TMP/serial-linux-$n.log"
	# what was measured counts even if the stage did not end
	bench_disc_us 'BENCH-DISC n=' "pre=0 have=$n" "disc.$n.linux" "linux discovery run"
	bench_disc_us 'BENCH-DISC-K n=' "got=$n" "disc.$n.linuxk" "linux kernel-log timing"
	[ "$ok" = 1 ] && lab_grep '^LAB-STAGE-RC=0' > /dev/null ||
		{ lab_log "bench: discovery stage failed"; lab_serial_tail 20 >&2; return 1; }
}

# BENCH_DISC_TOOLS (default "scan linux grub stub") picks what is timed.
bench_disc_tool() {
	case " ${BENCH_DISC_TOOLS:-scan linux grub stub} " in *" $1 "*) return 0 ;; esac
	return 1
}

bench_stub_usable() {
	[ -f "$EFI_STUB" ] && [ -f /usr/share/OVMF/OVMF_CODE.fd ] && command -v mcopy > /dev/null
}

bench_section_disc() {
	local n have=0
	lab_log "bench: discovery, N = $BENCH_DISC_NS"
	[ -n "$LAB_NS_BR" ] || lab_net_up
	lab_restore_members
	# the decoys: a copy of member 0 relabelled as another array (a real md
	# 1.2 superblock to read, but no member of the mirror /init boots)
	BENCH_DISC_IMG=$LAB_TMP/disc-decoy.img
	cp --sparse=always "$LAB_M0" "$BENCH_DISC_IMG"
	python3 "$top_srcdir/tests/lab/fleet-md.py" --relabel "$BENCH_DISC_IMG" decoy:disc \
		d15c0000d15c0000d15c0000d15c0000 || { lab_die "relabel of the decoy image failed"; return 1; }
	if [ "${BENCH_DISC_INIT:-0}" = 1 ] && [ -x "$BENCH_MKINITRD" ]; then bench_disc_init 0; fi
	lab_initrd_busybox "$LAB_TMP/initrd-disc.gz" virtio_pci virtio_net aoe
	lab_cpio_append "$LAB_TMP/initrd-disc.gz" "$top_srcdir/bench/stage-disc.sh:lab-stage.sh"
	[ -x "$BENCH_SCAN" ] || bench_note disc.scan "aoe-scan not built ($BENCH_SCAN)"
	for n in $BENCH_DISC_NS; do
		bench_disc_targets_up "$have" "$n"
		have=$n
		sleep 1   # let the targets' start-up announcements pass
		if bench_disc_tool scan && [ -x "$BENCH_SCAN" ]; then
			bench_disc_scan "$n" nomd
			bench_disc_scan "$n" md
		fi
		if bench_disc_tool linux; then
			bench_disc_linux "$n" || bench_rec "disc.$n.linux.fail" 1
		fi
		# OVMF's own virtio-net driver (romfile=): with QEMU's iPXE
		# option ROM (efi-virtio.rom) driving the NIC, a scan of 1024
		# targets never returned: the ROM's allocator looped freeing
		# receive buffers (docs/fleet.md, "The firmware's NIC driver").
		if bench_disc_tool grub && bench_grub_usable; then
			LAB_NIC_OPTS=,bootindex=1,romfile= bench_grub_scan "$n" || bench_rec "disc.$n.grub.fail" 1
		fi
		if bench_disc_tool stub && bench_stub_usable; then
			LAB_NIC_OPTS=,bootindex=1,romfile= bench_disc_stub "$n" || bench_rec "disc.$n.stub.fail" 1
		fi
		if [ "${BENCH_DISC_INIT:-0}" = 1 ] && [ -x "$BENCH_MKINITRD" ]; then bench_disc_init "$n"; fi
	done
	bench_grub_usable || bench_note disc.grub "GRUB scan not measured: no $BENCH_GRUB_MOD, grub-mkimage or OVMF"
	bench_stub_usable || bench_note disc.stub "EFI stub scan not measured: no $EFI_STUB or OVMF"
	for n in $(seq 0 $(((have - 1) / 16))); do lab_server_stop "t$n"; done
}
