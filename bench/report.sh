# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
#
# Report (sourced by bench/run.sh): the table of medians and ratios
# (bench_table), the JSON record (bench_json) and the README update
# (bench_readme_update).

bench_mib() {
	awk -v b="$1" 'BEGIN {if (b == "") print "-"; else printf "%.2f MiB", b / 1048576}'
}

bench_kib() {
	awk -v b="$1" 'BEGIN {if (b == "") print "-"; else printf "%.0f KiB", b / 1024}'
}

bench_or_dash() { if [ -n "$1" ]; then echo "$1"; else echo -; fi; }

# bench_le VALUE LIMIT: "met" / "NOT met" / "-" (VALUE <= LIMIT).
bench_ge() {
	awk -v v="$1" -v l="$2" 'BEGIN {if (v == "" || l == "") print "-";
		else if (v + 0 >= l + 0) print "met (" v ")"; else print "NOT met (" v ")"}'
}

bench_le() {
	awk -v v="$1" -v l="$2" 'BEGIN {if (v == "" || l == "") print "-";
		else if (v + 0 <= l + 0) print "met"; else print "NOT met"}'
}

bench_table_size() {
	local w gzall
	echo "Initrd size (kernel $LAB_KVER)"
	printf '  %-42s %11s %11s %12s %8s %8s\n' "" "as built" "gz -9" "unpacked" entries modules
	for w in aoeroot_all:"aoeroot, mkinitrd-aoe --nic=all (gz)" \
		aoeroot_virtio:"aoeroot, mkinitrd-aoe --nic=virtio_net (gz)" \
		baseline:"A/B: busybox-static + mdadm (gz)" \
		debian:"C: Debian initramfs-tools + mdadm (zstd)"; do
		[ -n "$(bench_median "size.${w%%:*}.gz")" ] || { printf '  %-42s %s\n' "${w#*:}" \
			"$(bench_or_dash "$(bench_note_get "size.${w%%:*}")$(bench_note_get debian)")"; continue; }
		printf '  %-42s %11s %11s %12s %8s %8s\n' "${w#*:}" \
			"$(bench_kib "$(bench_median "size.${w%%:*}.gz")")" \
			"$(bench_kib "$(bench_median "size.${w%%:*}.gz9")")" \
			"$(bench_kib "$(bench_median "size.${w%%:*}.raw")")" \
			"$(bench_median "size.${w%%:*}.entries")" \
			"$(bench_median "size.${w%%:*}.modules")"
	done
	gzall=$(bench_median size.aoeroot_all.gz9)
	if [ -n "$gzall" ]; then
		printf '  ratios (gz -9, baseline / aoeroot): busybox+mdadm / --nic=all %s, / one NIC %s; Debian / --nic=all %s, / one NIC %s\n' \
			"$(bench_ratio "$(bench_median size.baseline.gz9)" "$gzall")" \
			"$(bench_ratio "$(bench_median size.baseline.gz9)" "$(bench_median size.aoeroot_virtio.gz9)")" \
			"$(bench_ratio "$(bench_median size.debian.gz9)" "$gzall")" \
			"$(bench_ratio "$(bench_median size.debian.gz9)" "$(bench_median size.aoeroot_virtio.gz9)")"
	fi
	printf '  /init (static musl, stripped): %s bytes\n' "$(bench_or_dash "$(bench_median size.init.bytes)")"
}

bench_boot_label() {
	case $1 in
	A) echo "A: 2007 sleeps" ;;
	B) echo "B: shell polling" ;;
	C) echo "C: Debian initramfs" ;;
	aoeroot) echo "aoeroot /init" ;;
	esac
}

bench_table_boot() {
	local c v fails hwm vs="A B C aoeroot"
	echo "Boot (direct kernel boot), medians over $BENCH_RUNS run(s), ms; ratio = this row / aoeroot"
	printf '  %-9s %-20s %10s %8s %12s %8s %6s\n' case initrd "/init->sw" "/aoeroot" "QEMU->root" "/aoeroot" fails
	for c in healthy degraded; do
		for v in $vs; do
			[ "$v" != C ] || [ -n "$(bench_median "boot.C.$c.init_ms")$(bench_count "boot.C.$c.fail" | grep -v '^0$')" ] || continue
			fails=$(bench_count "boot.$v.$c.fail")
			printf '  %-9s %-20s %10s %8s %12s %8s %6s\n' "$c" "$(bench_boot_label "$v")" \
				"$(bench_or_dash "$(bench_median "boot.$v.$c.init_ms")")" \
				"$(bench_ratio "$(bench_median "boot.$v.$c.init_ms")" "$(bench_median "boot.aoeroot.$c.init_ms")")" \
				"$(bench_or_dash "$(bench_median "boot.$v.$c.root_ms")")" \
				"$(bench_ratio "$(bench_median "boot.$v.$c.root_ms")" "$(bench_median "boot.aoeroot.$c.root_ms")")" \
				"$fails"
		done
	done
	if [ -n "$(bench_median boot.floor.healthy.init_ms)$(bench_count boot.floor.healthy.fail | grep -v '^0$')" ]; then
		printf '  %-9s %-20s %10s %8s %12s %8s %6s\n' healthy "module floor" \
			"$(bench_or_dash "$(bench_median boot.floor.healthy.init_ms)")" \
			"$(bench_ratio "$(bench_median boot.floor.healthy.init_ms)" "$(bench_median boot.aoeroot.healthy.init_ms)")" \
			- - "$(bench_count boot.floor.healthy.fail)"
		echo "  module floor: bench/modfloor as PID 1 of the aoeroot initrd, /init's module chains and threads,"
		echo "  no NIC brought up, no AoE work: main() -> every module loaded"
		echo "  aoeroot healthy /init CPU time (its own log line): module loading" \
			"$(bench_or_dash "$(bench_median boot.aoeroot.healthy.cpu_mod_ms)") ms, everything else" \
			"$(bench_or_dash "$(bench_median boot.aoeroot.healthy.cpu_rest_ms)") ms (one guest CPU:" \
			"/init cannot end before floor + the rest)"
		echo "  the rest by phase (medians, ms): $(bench_boot_cpu_phase_medians boot.aoeroot.healthy)"
	fi
	[ -z "$(bench_note_get boot.floor)" ] || echo "  note: $(bench_note_get boot.floor)"
	hwm=$(bench_median boot.aoeroot.healthy.hwm_kb)
	if [ -n "$hwm" ]; then
		echo "  aoeroot /init peak RSS (ru_maxrss): $hwm KiB"
	else
		echo "  aoeroot /init peak RSS: not measured (its boot failed)"
	fi
	echo "  (/init->sw: guest clock; A, B from the lab /init's LAB-INIT-UP, C from its first init-top script)"
	[ -z "$(bench_note_get boot.aoeroot)" ] || echo "  note: $(bench_note_get boot.aoeroot)"
	[ -z "$(bench_note_get debian)" ] || echo "  note: $(bench_note_get debian)"
}

bench_table_disc() {
	local n m r k
	echo "Discovery to a complete list, N vblade targets, medians over $BENCH_RUNS run(s), ms"
	printf '  %4s | %8s %8s | %-19s | %-19s | %-7s | %-15s | %s\n' "" "Linux aoe driver" "" "GRUB aoe_scan --no-md" "GRUB aoe_scan (md)" "stub" "aoe-scan (host)" "GRUB md / Linux klog"
	printf '  %4s | %8s %8s | %9s %9s | %9s %9s | %7s | %7s %7s | %8s %8s\n' N "poll" "klog" complete returned complete returned returned "--no-md" md complete returned
	for n in $BENCH_DISC_NS; do
		m=$(bench_median "disc.$n.grub_md_ms")
		r=$(bench_median "disc.$n.grub_md_ret_ms")
		k=$(bench_median "disc.$n.linuxk_ms")
		printf '  %4s | %8s %8s | %9s %9s | %9s %9s | %7s | %7s %7s | %8s %8s\n' "$n" \
			"$(bench_or_dash "$(bench_median "disc.$n.linux_ms")")" \
			"$(bench_or_dash "$k")" \
			"$(bench_or_dash "$(bench_median "disc.$n.grub_nomd_ms")")" \
			"$(bench_or_dash "$(bench_median "disc.$n.grub_nomd_ret_ms")")" \
			"$(bench_or_dash "$m")" \
			"$(bench_or_dash "$r")" \
			"$(bench_or_dash "$(bench_median "disc.$n.stub_ms")")" \
			"$(bench_or_dash "$(bench_median "disc.$n.scan_nomd_ms")")" \
			"$(bench_or_dash "$(bench_median "disc.$n.scan_md_ms")")" \
			"$(bench_or_dash "$(bench_ratio "$m" "$k")")" \
			"$(bench_or_dash "$(bench_ratio "$r" "$k")")"
	done
	[ -z "$(bench_note_get disc.scan)" ] || echo "  note: $(bench_note_get disc.scan)"
	[ -z "$(bench_note_get disc.grub)" ] || echo "  note: $(bench_note_get disc.grub)"
	[ -z "$(bench_note_get disc.stub)" ] || echo "  note: $(bench_note_get disc.stub)"
	if [ -n "$(bench_median disc.0.init.init_ms)" ]; then
		printf '  aoeroot /init -> switch_root (healthy e0.0+e0.1) with N other targets on the wire:'
		for n in 0 $BENCH_DISC_NS; do
			printf ' %s: %s ms' "$n" "$(bench_or_dash "$(bench_median "disc.$n.init.init_ms")")"
		done
		echo
	fi
	echo "  Engine + picker tables (one allocation, sized for the most targets): GRUB" \
		"$(bench_or_dash "$(bench_median disc.grub_tables_kib)") KiB, EFI stub $(bench_or_dash "$(bench_median disc.stub_tables_kib)") KiB."
	echo "  Linux (guest kernel clock): poll = discover until every /dev/etherd/eS.L exists, as a shell sees it"
	echo "  (10 ms polling); klog = discover -> the driver's last \"has N sectors\" line (IDENTIFY answered)."
	echo "  GRUB (timed inside the module, OVMF not counted): complete = the list was final (every target"
	echo "  identified, md read); returned = aoe_scan returned: complete + the engine's settle window"
	echo "  (adaptive: $(bench_settle_rule), docs/settle.md). stub: aoeboot.efi's own scan time (md read,"
	echo "  settle included), one OVMF boot per run. aoe-scan: the whole command on the host bridge."
	echo "  Failed runs (short of N): $(bench_fail_summary disc)"
}

bench_settle_ms() {
	sed -n 's/.*DISC_DEF_SETTLE_MS = \([0-9]*\).*/\1/p' "$top_srcdir/common/disc.h"
}

# "4 x the slowest answer, 30..600 ms" from common/disc.h
bench_settle_rule() {
	local h=$top_srcdir/common/disc.h
	echo "$(sed -n 's/.*DISC_DEF_SETTLE_MULT = \([0-9]*\).*/\1/p' "$h") x the slowest answer," \
		"$(sed -n 's/.*DISC_DEF_SETTLE_MIN_MS = \([0-9]*\).*/\1/p' "$h")..$(bench_settle_ms) ms"
}

# "none" or "KEY xCOUNT, ..." for the fail counters under PREFIX.
bench_fail_summary() {
	local out
	out=$(awk -F'\t' -v p="$1." 'index($1, p) == 1 && $1 ~ /\.fail$/ {c[$1]++}
		END {for (k in c) printf "%s x%d, ", k, c[k]}' "$BENCH_DATA" | sed 's/, $//')
	bench_or_dash "${out:-none}"
}

bench_table_e2e() {
	local v base label
	echo "End to end (firmware -> GRUB -> kernel -> root on md0 [UU]), medians over $BENCH_RUNS run(s), ms"
	printf '  %-40s %10s %10s %8s %10s %8s %10s %6s\n' variant "QEMU->cfg" "cfg->root" "/plain" "QEMU->root" "/plain" "/init->sw" fails
	for v in grubaoe grubplain biosaoe biosplain; do
		case $v in
		grubaoe) label="OVMF, GRUB aoe_select --timeout=0"; base=grubplain ;;
		grubplain) label="OVMF, plain GRUB, fixed aoe_md_devs"; base=grubplain ;;
		biosaoe) label="BIOS PXE, GRUB aoe_select --timeout=0"; base=biosplain ;;
		biosplain) label="BIOS PXE, plain GRUB, fixed args"; base=biosplain ;;
		esac
		[ -n "$(bench_samples "e2e.$v.root_ms")$(bench_samples "e2e.$v.fail")" ] || continue
		printf '  %-40s %10s %10s %8s %10s %8s %10s %6s\n' "$label" \
			"$(bench_or_dash "$(bench_median "e2e.$v.cfg_ms")")" \
			"$(bench_or_dash "$(bench_median "e2e.$v.cfg2root_ms")")" \
			"$(bench_or_dash "$(bench_ratio "$(bench_median "e2e.$v.cfg2root_ms")" "$(bench_median "e2e.$base.cfg2root_ms")")")" \
			"$(bench_or_dash "$(bench_median "e2e.$v.root_ms")")" \
			"$(bench_or_dash "$(bench_ratio "$(bench_median "e2e.$v.root_ms")" "$(bench_median "e2e.$base.root_ms")")")" \
			"$(bench_or_dash "$(bench_median "e2e.$v.init_ms")")" \
			"$(bench_count "e2e.$v.fail")"
	done
	echo "  Host clock from QEMU start: cfg = grub.cfg's first line (firmware + GRUB start-up, which varies most"
	echo "  under load), root = the root's first line. /plain: against plain GRUB on the same firmware (OVMF"
	echo "  rows vs OVMF plain, BIOS PXE rows vs BIOS plain). Same kernel and initrd everywhere; the BIOS rows"
	echo "  load them by TFTP through the PXE ROM, the OVMF rows from the ESP."
	[ -z "$(bench_note_get e2e)" ] || echo "  note: $(bench_note_get e2e)"
	[ -z "$(bench_note_get e2e_bios)" ] || echo "  note: $(bench_note_get e2e_bios)"
}

# "phase N, phase N, ..." of /init's CPU by phase (bench_boot_cpu_phases).
bench_boot_cpu_phase_medians() {
	local k out=
	for k in $(awk -F'\t' -v p="$1.cpu." 'index($1, p) == 1 {print $1}' "$BENCH_DATA" | awk '!s[$0]++'); do
		out="$out${out:+, }$(echo "${k#"$1.cpu."}" | sed 's/_ms$//') $(bench_median "$k")"
	done
	echo "${out:--}"
}

# The brief's targets, each with the measured value and met / NOT met.
bench_table_targets() {
	local ah bh a b deg gz1 gza raw1 rawa hwm g64 l64 g64r k64 fl ea ep
	ah=$(bench_median boot.aoeroot.healthy.init_ms)
	fl=$(bench_median boot.floor.healthy.init_ms)
	k64=$(bench_median disc.64.linuxk_ms)
	ea=$(bench_median e2e.grubaoe.cfg2root_ms)
	ep=$(bench_median e2e.grubplain.cfg2root_ms)
	a=$(bench_median boot.A.healthy.init_ms)
	b=$(bench_median boot.B.healthy.init_ms)
	deg=$(bench_median boot.aoeroot.degraded.init_ms)
	gz1=$(bench_median size.aoeroot_virtio.gz)
	gza=$(bench_median size.aoeroot_all.gz)
	raw1=$(bench_median size.aoeroot_virtio.raw)
	rawa=$(bench_median size.aoeroot_all.raw)
	hwm=$(bench_median boot.aoeroot.healthy.hwm_kb)
	g64=$(bench_median disc.64.grub_md_ms)
	g64r=$(bench_median disc.64.grub_md_ret_ms)
	l64=$(bench_median disc.64.linux_ms)
	echo "Targets of the brief (this run)"
	printf '  %-46s %-30s %s\n' target measured verdict
	bench_target_row "/init->switch_root <= 0.1 x A (healthy)" "$(bench_ratio "$ah" "$a") x A" \
		"$(bench_le "$(bench_ratio "$ah" "$a")" 0.1)"
	bench_target_row "/init->switch_root <= 0.5 x B (healthy)" "$(bench_ratio "$ah" "$b") x B" \
		"$(bench_le "$(bench_ratio "$ah" "$b")" 0.5)"
	bench_target_row "/init->switch_root <= module floor + 150 ms" \
		"$(bench_or_dash "$ah") ms, floor $(bench_or_dash "$fl") ms" \
		"$(bench_le "$ah" "$(awk -v f="$fl" 'BEGIN {if (f != "") print f + 150}')")"
	bench_target_row "/init CPU outside module loading <= 50 ms" \
		"$(bench_or_dash "$(bench_median boot.aoeroot.healthy.cpu_rest_ms)") ms (median, healthy)" \
		"$(bench_le "$(bench_median boot.aoeroot.healthy.cpu_rest_ms)" 50)"
	bench_target_row "degraded /init->sw <= aoe_wait + 0.5 s (5500 ms)" "$(bench_or_dash "$deg") ms" \
		"$(bench_le "$deg" 5500)"
	bench_target_row "initrd gz, one NIC <= 1 MiB" "$(bench_mib "$gz1")" "$(bench_le "$gz1" 1048576)"
	bench_target_row "initrd gz, --nic=all <= 3 MiB" "$(bench_mib "$gza")" "$(bench_le "$gza" 3145728)"
	bench_target_row "unpacked <= 4 MiB (one NIC)" "$(bench_mib "$raw1")" "$(bench_le "$raw1" 4194304)"
	bench_target_row "unpacked <= 4 MiB (--nic=all)" "$(bench_mib "$rawa")" "$(bench_le "$rawa" 4194304)"
	bench_target_row "/init peak RSS <= 2 MiB" "$(bench_or_dash "$hwm") KiB" "$(bench_le "$hwm" 2048)"
	bench_target_row "GRUB 64-target scan, md, returned <= 1.2 x klog" \
		"$(bench_or_dash "$(bench_ratio "$g64r" "$k64")") x ($(bench_or_dash "$g64r") / $(bench_or_dash "$k64") ms)" \
		"$(bench_le "$(bench_ratio "$g64r" "$k64")" 1.2)"
	bench_target_row "  (list complete / klog; returned / poll)" \
		"$(bench_or_dash "$(bench_ratio "$g64" "$k64")") x; $(bench_or_dash "$(bench_ratio "$g64r" "$l64")") x" "(info)"
	bench_target_row "e2e cfg->root: aoe_select <= plain + 300 ms" \
		"$(bench_or_dash "$ea") vs $(bench_or_dash "$ep") ms" \
		"$(bench_le "$ea" "$(awk -v p="$ep" 'BEGIN {if (p != "") print p + 300}')")"
}

bench_target_row() {
	printf '  %-46s %-30s %s\n' "$1" "$2" "$3"
}

bench_table() {
	local s
	echo "aoeroot benchmark, $BENCH_DATE, $(nproc) cores ($BENCH_CPU), accelerator $BENCH_ACCEL,"
	echo "load average at start $BENCH_LOAD, at end ${BENCH_LOAD_END:-?} (the machine is shared: read ratios)"
	for s in $BENCH_SECTIONS; do
		grep -q "^$s\." "$BENCH_DATA" || continue
		echo
		! declare -F "bench_table_$s" > /dev/null || "bench_table_$s"
	done
	echo
	bench_table_targets
	return 0
}

bench_json_str() {
	printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g' | tr -d '\n\r\t')"
}

bench_pkg_version() {
	dpkg-query -W -f '${Version}' "$1" 2>/dev/null || echo unknown
}

bench_json() {
	echo "{"
	echo "  \"date\": $(bench_json_str "$BENCH_DATE"),"
	echo "  \"runs\": $BENCH_RUNS,"
	echo "  \"quick\": $([ "$BENCH_QUICK" = 1 ] && echo true || echo false),"
	echo "  \"machine\": {\"nproc\": $(nproc), \"cpu\": $(bench_json_str "$BENCH_CPU"),"
	echo "    \"load_at_start\": $(bench_json_str "$BENCH_LOAD"), \"load_at_end\": $(bench_json_str "${BENCH_LOAD_END:-}"),"
	echo "    \"accelerator\": $(bench_json_str "$BENCH_ACCEL")},"
	echo "  \"versions\": {"
	echo "    \"guest_kernel\": $(bench_json_str "${LAB_KVER:-}"),"
	echo "    \"host_kernel\": $(bench_json_str "$(uname -r)"),"
	echo "    \"qemu\": $(bench_json_str "$(qemu-system-x86_64 --version | head -1)"),"
	echo "    \"vblade\": $(bench_json_str "$(bench_pkg_version vblade)"),"
	echo "    \"busybox\": $(bench_json_str "$(bench_pkg_version busybox-static)"),"
	echo "    \"mdadm\": $(bench_json_str "$(bench_pkg_version mdadm)"),"
	echo "    \"aoeroot\": $(bench_json_str "$(git -C "$top_srcdir" describe --always --dirty 2>/dev/null || echo unknown)"),"
	echo "    \"debian_initrd\": $(bench_json_str "${BENCH_C_VERSIONS:-not built}"),"
	echo "    \"grub\": $(bench_json_str "$(bench_pkg_version grub-efi-amd64-bin)"),"
	echo "    \"ovmf\": $(bench_json_str "$(bench_pkg_version ovmf)")"
	echo "  },"
	echo "  \"medians\": {"
	awk -F'\t' '$1 !~ /^note:/ && $1 !~ /\.fail$/ {print $1}' "$BENCH_DATA" | awk '!seen[$0]++' | while read -r k; do
		printf '    "%s": %s,\n' "$k" "$(bench_median "$k")"
	done | sed '$ s/,$//'
	echo "  },"
	echo "  \"samples\": {"
	awk -F'\t' '$1 !~ /^note:/ {print $1}' "$BENCH_DATA" | awk '!seen[$0]++' | while read -r k; do
		printf '    "%s": [%s],\n' "$k" "$(bench_samples "$k" | paste -sd, -)"
	done | sed '$ s/,$//'
	echo "  },"
	echo "  \"notes\": {"
	awk -F'\t' '$1 ~ /^note:/ {print substr($1, 6)}' "$BENCH_DATA" | awk '!seen[$0]++' | while read -r k; do
		printf '    "%s": %s,\n' "$k" "$(bench_json_str "$(bench_note_get "$k")")"
	done | sed '$ s/,$//'
	echo "  }"
	echo "}"
}

# Put TABLE_FILE between the markers of bench/README.md.
bench_readme_update() {
	local readme=$top_srcdir/bench/README.md table=$1 json=$2
	grep -q '^<!-- bench-table-begin -->' "$readme" || return 0
	awk -v t="$table" -v j="$json" '
		/^<!-- bench-table-begin -->/ {print; print "Latest run (`" j "`):"; print ""; print "```";
			while ((getline l < t) > 0) print l; print "```"; skip = 1; next}
		/^<!-- bench-table-end -->/ {skip = 0}
		!skip {print}' "$readme" > "$readme.tmp" && mv "$readme.tmp" "$readme"
}
