# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
#
# GRUB measurements (sourced by bench/run.sh), OVMF + GRUB with grub-mod's
# aoe.mod embedded by grub-mod/mkimage-aoe.sh (as tests/lab/grub-lib.sh).
#
# bench_grub_scan N      one OVMF boot whose grub.cfg runs one untimed
#                        aoe_scan (the card's link comes up ~1 s after GRUB
#                        opens it), then BENCH_RUNS x `aoe_scan --no-md`
#                        (config + IDENTIFY, like the Linux driver) and
#                        BENCH_RUNS x `aoe_scan` (with md superblock reads),
#                        against the N targets bench_disc has up. Timed by
#                        the module itself (grub_get_time_ms around the
#                        engine, so OVMF's boot is not counted):
#   disc.N.grub_nomd_ms / disc.N.grub_md_ms     list complete ("aoe: list
#                        complete at X ms": every target identified / md
#                        read; what the Linux driver's timing stops at)
#   disc.N.grub_nomd_ret_ms / disc.N.grub_md_ret_ms   aoe_scan returned
#                        ("N target(s) in X ms": the settle window included)
#   disc.N.grub_*.fail   a scan that did not list all N targets.
#
# bench_e2e              OVMF -> GRUB -> kernel -> root on md0, healthy,
#                        BENCH_RUNS boots of each variant, interleaved:
#   grubaoe   `aoe_select --timeout=0 --default=auto` (unattended: accepts
#             the auto-detected mirror at once) then linux $aoe_args
#   grubplain the same GRUB image, fixed arguments (aoe_md_devs=e0.0,e0.1),
#             no scan
#   both load the same kernel and aoeroot initrd (mkinitrd-aoe --nic=all)
#   with aoe_wait=5 loglevel=4. Records
#   e2e.V.root_ms   QEMU start -> AOEROOT-ROOT-UP (host clock)
#   e2e.V.cfg_ms    QEMU start -> the first line of grub.cfg (OVMF + GRUB
#                   start-up, the same for both)
#   e2e.V.cfg2root_ms  the difference: GRUB's config -> root, without the
#                   firmware's share (which varies most under load)
#   e2e.V.init_ms   aoeroot /init -> switch_root (guest)
#   e2e.V.fail      a boot that did not reach an intact root on md0 [UU]
#   The BIOS row (legacy PXE): SeaBIOS -> the NIC's PXE ROM -> core.0 (GRUB
#   i386-pc-pxe with the i386-pc aoe.mod) from dnsmasq on the lab bridge
#   (tests/lab/pxe-lib.sh), kernel and initrd by TFTP, the same two configs:
#   biosaoe   aoe_select on GRUB's pxe card, as grubaoe
#   biosplain the same core.0, fixed arguments, as grubplain
#   (one core.0 for both: its grub.cfg runs $cmdpath/bench.cfg, rewritten
#   before each boot). BENCH_E2E_VARIANTS (default: all four) picks some.

BENCH_GRUB_MOD=${BENCH_GRUB_MOD:-$top_builddir/grub-mod/aoe.mod}
BENCH_GRUB_PC_MOD=${BENCH_GRUB_PC_MOD:-$top_builddir/grub-mod/i386-pc/aoe.mod}
BENCH_E2E_VARIANTS=${BENCH_E2E_VARIANTS:-grubaoe grubplain biosaoe biosplain}

bench_grub_usable() {
	[ -f "$BENCH_GRUB_MOD" ] && command -v grub-mkimage > /dev/null &&
		[ -f /usr/share/OVMF/OVMF_CODE.fd ]
}

bench_bios_usable() {
	[ -f "$BENCH_GRUB_PC_MOD" ] && command -v grub-mkimage > /dev/null &&
		command -v dnsmasq > /dev/null && [ -f /usr/share/seabios/bios-256k.bin ]
}

bench_grub_cfg_head() {
	cat <<'CFG'
serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial
set timeout=0
CFG
}

# grub.cfg for the scan benchmark: warm-up, then the timed scans.
bench_grub_scan_cfg() {
	local r
	bench_grub_cfg_head
	echo "echo BENCH-GRUB-WARMUP"
	echo "set debug=aoe"
	echo "aoe_scan --no-md --timeout=5000"
	echo "set debug="
	echo "echo BENCH-GRUB-TIMED"
	for r in $(seq 1 "$BENCH_RUNS"); do echo "aoe_scan --no-md"; done
	for r in $(seq 1 "$BENCH_RUNS"); do echo "aoe_scan"; done
	echo "echo BENCH-GRUB-DONE"
	echo "halt"
}

bench_grub_esp() {
	local dir=$1 cfg=$2
	mkdir -p "$dir"
	"$top_srcdir/grub-mod/mkimage-aoe.sh" --mod "$BENCH_GRUB_MOD" --cfg "$cfg" --esp "$dir" > /dev/null ||
		{ lab_die "mkimage-aoe.sh failed"; return 1; }
}

bench_grub_scan() {
	local n=$1 line got ms kind
	bench_grub_scan_cfg > "$LAB_TMP/grub-scan.cfg"
	rm -rf "$LAB_TMP/esp-scan"
	bench_grub_esp "$LAB_TMP/esp-scan" "$LAB_TMP/grub-scan.cfg" || return 1
	lab_qemu_ovmf "$LAB_TMP/esp-scan" || return 1
	bench_wait_serial 'BENCH-GRUB-DONE' $((120 + 20 * BENCH_RUNS)) || { lab_qemu_kill; return 1; }
	lab_qemu_wait 30 || :
	cp "$LAB_TMP/serial.log" "$LAB_TMP/serial-grubscan-$n.log"
	ms=$(bench_serial_val 'engine and picker tables for [0-9]+ targets: ([0-9]+) KiB')
	[ -z "$ms" ] || bench_rec disc.grub_tables_kib "$ms"
	# after BENCH-GRUB-TIMED: pairs of "N target(s) in X ms" and
	# "list complete at Y ms[, md not read]"
	tr -d '\r' < "$LAB_TMP/serial.log" | sed -n '/^BENCH-GRUB-TIMED/,$p' |
		grep -E '^aoe: (efinet[0-9]+ .* target\(s\) in|list complete at)' > "$LAB_TMP/grub-scan.lines"
	while read -r line; do
		case $line in
		*"target(s) in"*)
			got=$(echo "$line" | sed -E 's/.*: ([0-9]+) target\(s\) in ([0-9]+) ms.*/\1/')
			ms=$(echo "$line" | sed -E 's/.* target\(s\) in ([0-9]+) ms.*/\1/')
			;;
		*"list complete at"*)
			kind=md
			case $line in *"md not read"*) kind=nomd ;; esac
			if [ "$got" != "$n" ]; then
				lab_log "bench: GRUB aoe_scan ($kind) listed $got of $n targets"
				bench_rec "disc.$n.grub_$kind.fail" 1
				continue
			fi
			bench_rec "disc.$n.grub_${kind}_ret_ms" "$ms"
			bench_rec "disc.$n.grub_${kind}_ms" "$(echo "$line" | sed -E 's/.*complete at ([0-9]+) ms.*/\1/')"
			;;
		esac
	done < "$LAB_TMP/grub-scan.lines"
	[ "$(grep -c 'list complete' "$LAB_TMP/grub-scan.lines")" -eq $((2 * BENCH_RUNS)) ] ||
		{ lab_log "bench: GRUB printed $(grep -c 'list complete' "$LAB_TMP/grub-scan.lines") of $((2 * BENCH_RUNS)) scans"; return 1; }
}

# grub.cfg of e2e variant $1.
bench_e2e_cfg() {
	local args="root=/dev/md0 ro console=ttyS0 loglevel=4 aoe_wait=5"
	bench_grub_cfg_head
	echo "echo BENCH-GRUB-CFG"
	case $1 in
	grubaoe|biosaoe)
		cat <<CFG
if aoe_select --timeout=0 --default=auto --set=aoe_args; then
	linux \$cmdpath/vmlinuz $args \$aoe_args
	initrd \$cmdpath/initrd.img
	boot
fi
echo BENCH-GRUB-NOBOOT
halt
CFG
		;;
	grubplain|biosplain)
		cat <<CFG
linux \$cmdpath/vmlinuz $args aoe_md_devs=$BENCH_MEMBERS
initrd \$cmdpath/initrd.img
boot
echo BENCH-GRUB-NOBOOT
halt
CFG
		;;
	esac
}

bench_e2e_prepare() {
	local v
	[ -f "$LAB_TMP/initrd-aoeroot.gz" ] || bench_mkinitrd all "$LAB_TMP/initrd-aoeroot.gz" || return 1
	for v in $BENCH_E2E_VARIANTS; do
		bench_e2e_cfg "$v" > "$LAB_TMP/grub-$v.cfg"
		case $v in bios*) continue ;; esac
		rm -rf "$LAB_TMP/esp-$v"
		bench_grub_esp "$LAB_TMP/esp-$v" "$LAB_TMP/grub-$v.cfg" || return 1
		cp "$LAB_VMLINUZ" "$LAB_TMP/esp-$v/EFI/BOOT/vmlinuz"
		cp "$LAB_TMP/initrd-aoeroot.gz" "$LAB_TMP/esp-$v/EFI/BOOT/initrd.img"
		lab_esp_image "$LAB_TMP/esp-$v" "$LAB_TMP/esp-$v.img" || return 1
	done
	case " $BENCH_E2E_VARIANTS " in *" bios"*) ;; *) return 0 ;; esac
	# BIOS: one TFTP root and one DHCP/TFTP server for both variants.
	mkdir -p "$LAB_TMP/tftp-bios"
	printf 'source $cmdpath/bench.cfg\n' > "$LAB_TMP/grub-bios.cfg"
	"$top_srcdir/grub-mod/mkimage-aoe.sh" --format i386-pc-pxe --mod "$BENCH_GRUB_PC_MOD" \
		--cfg "$LAB_TMP/grub-bios.cfg" --netdir "$LAB_TMP/tftp-bios" > /dev/null ||
		{ lab_die "mkimage-aoe.sh --format i386-pc-pxe failed"; return 1; }
	cp "$LAB_VMLINUZ" "$LAB_TMP/tftp-bios/vmlinuz"
	cp "$LAB_TMP/initrd-aoeroot.gz" "$LAB_TMP/tftp-bios/initrd.img"
	lab_pxe_server "$LAB_TMP/tftp-bios" core.0
}

bench_e2e_one() {
	local v=$1 t_root t_cfg init_ms
	lab_restore_members || return 1
	lab_server s0 0 0 "$LAB_M0" || return 1
	lab_server s1 0 1 "$LAB_M1" || return 1
	case $v in
	bios*)
		cp "$LAB_TMP/grub-$v.cfg" "$LAB_TMP/tftp-bios/bench.cfg"
		LAB_MEM=768 LAB_NIC_OPTS='' lab_qemu_start -machine pc -boot n || return 1
		;;
	*) LAB_MEM=768 lab_qemu_ovmf "$LAB_TMP/esp-$v.img" || return 1 ;;
	esac
	bench_wait_serial 'BENCH-GRUB-CFG' 300 || return 1
	t_cfg=$(awk -v a="$(bench_clock_ms)" -v b="$LAB_QEMU_T0" 'BEGIN {printf "%.0f", a - b * 1000}')
	bench_wait_serial 'AOEROOT-ROOT-UP|BENCH-GRUB-NOBOOT' 300 || return 1
	t_root=$(awk -v a="$(bench_clock_ms)" -v b="$LAB_QEMU_T0" 'BEGIN {printf "%.0f", a - b * 1000}')
	lab_grep 'BENCH-GRUB-NOBOOT' > /dev/null && { lab_log "bench: $v: GRUB did not boot"; lab_serial_tail 30 >&2; return 1; }
	bench_wait_serial 'AOEROOT-FILESUM' 60 || return 1
	lab_grep '^AOEROOT-FILESUM ok' > /dev/null || { lab_log "bench: $v: root file set damaged"; return 1; }
	lab_grep '\[UU\]' > /dev/null || { lab_log "bench: $v: md0 is not [UU]"; lab_serial_tail 30 >&2; return 1; }
	init_ms=$(bench_serial_val '\[ *([0-9]+) ms\] aoeroot: switching to')
	bench_rec "e2e.$v.root_ms" "$t_root"
	bench_rec "e2e.$v.cfg_ms" "$t_cfg"
	bench_rec "e2e.$v.cfg2root_ms" "$((t_root - t_cfg))"
	[ -z "$init_ms" ] || bench_rec "e2e.$v.init_ms" "$init_ms"
	lab_log "bench: $v: QEMU start -> grub.cfg ${t_cfg} ms, -> root ${t_root} ms, /init ${init_ms:-?} ms"
}

bench_section_e2e() {
	local r v
	if ! bench_grub_usable; then
		bench_note e2e "not measured: no $BENCH_GRUB_MOD, grub-mkimage or OVMF"
		return 0
	fi
	if ! bench_bios_usable; then
		BENCH_E2E_VARIANTS=$(echo " $BENCH_E2E_VARIANTS " | sed 's/ biosaoe / /; s/ biosplain / /')
		bench_note e2e_bios "not measured: no $BENCH_GRUB_PC_MOD, dnsmasq or SeaBIOS"
	fi
	lab_log "bench: end to end, OVMF/SeaBIOS -> GRUB -> root: $BENCH_E2E_VARIANTS"
	[ -n "$LAB_NS_BR" ] || lab_net_up
	bench_e2e_prepare || { bench_note e2e "image build failed"; return 0; }
	for r in $(seq 1 "$BENCH_RUNS"); do
		for v in $BENCH_E2E_VARIANTS; do
			lab_log "bench: e2e run $r/$BENCH_RUNS: $v"
			bench_e2e_one "$v" || bench_rec "e2e.$v.fail" 1
			cp "$LAB_TMP/serial.log" "$LAB_TMP/serial-$v-$r.log" 2>/dev/null || :
			bench_boot_stop
		done
	done
}
