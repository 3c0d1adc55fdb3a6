# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
#
# Report (sourced by bench/run.sh): the table of medians and ratios
# (bench_table), the JSON record (bench_json) and the README update
# (bench_readme_update).

# Debian initramfs-tools' initrd for the same kernel, measured once in this
# lab (../shared/FIELD-NOTES.md, "Baselines measured in this lab"): quoted,
# not rebuilt by this script.
BENCH_DEBIAN_ZSTD=30600000
BENCH_DEBIAN_GZ=36900000

bench_mb() {
	awk -v b="$1" 'BEGIN {if (b == "") print "-"; else printf "%.2f MB", b / 1e6}'
}

bench_kb() {
	awk -v b="$1" 'BEGIN {if (b == "") print "-"; else printf "%.0f KB", b / 1e3}'
}

bench_or_dash() { if [ -n "$1" ]; then echo "$1"; else echo -; fi; }

bench_table_sizes() {
	local w gzall
	echo "Initrd size (kernel $LAB_KVER)"
	printf '  %-40s %11s %11s %12s %8s %8s\n' "" "gz (built)" "gz -9" "unpacked" entries modules
	for w in aoeroot_all:"aoeroot, mkinitrd-aoe --nic=all" \
		aoeroot_virtio:"aoeroot, mkinitrd-aoe --nic=virtio_net" \
		baseline:"busybox-static + mdadm (lab)"; do
		[ -n "$(bench_median "size.${w%%:*}.gz")" ] || { printf '  %-40s %s\n' "${w#*:}" \
			"$(bench_or_dash "$(bench_note_get size.aoeroot)")"; continue; }
		printf '  %-40s %11s %11s %12s %8s %8s\n' "${w#*:}" \
			"$(bench_kb "$(bench_median "size.${w%%:*}.gz")")" \
			"$(bench_kb "$(bench_median "size.${w%%:*}.gz9")")" \
			"$(bench_kb "$(bench_median "size.${w%%:*}.raw")")" \
			"$(bench_median "size.${w%%:*}.entries")" \
			"$(bench_median "size.${w%%:*}.modules")"
	done
	printf '  %-40s %11s %11s   (quoted from FIELD-NOTES, not rebuilt)\n' \
		"Debian initramfs-tools + mdadm" "$(bench_mb $BENCH_DEBIAN_ZSTD) zstd" "$(bench_mb $BENCH_DEBIAN_GZ) gz"
	gzall=$(bench_median size.aoeroot_all.gz9)
	if [ -n "$gzall" ]; then
		printf '  ratios (gz -9): busybox+mdadm / aoeroot all = %s; one NIC = %s; Debian (gz) / aoeroot all = %s\n' \
			"$(bench_ratio "$(bench_median size.baseline.gz9)" "$gzall")" \
			"$(bench_ratio "$(bench_median size.baseline.gz9)" "$(bench_median size.aoeroot_virtio.gz9)")" \
			"$(bench_ratio $BENCH_DEBIAN_GZ "$gzall")"
	fi
	printf '  /init (static musl, stripped): %s bytes\n' "$(bench_or_dash "$(bench_median size.init.bytes)")"
}

bench_table_boot() {
	local c v k a b fails hwm
	echo "Boot, medians over $BENCH_RUNS run(s), ms (ratio = baseline / this row; >1: this row is faster)"
	printf '  %-9s %-22s %10s %7s %7s %12s %7s %7s %6s\n' case initrd "/init->sw" "A/this" "B/this" "QEMU->root" "A/this" "B/this" fails
	for c in healthy degraded; do
		for v in A B aoeroot; do
			case $v in
			A) k="A: 2007 sleeps" ;;
			B) k="B: shell polling" ;;
			aoeroot) k="aoeroot /init" ;;
			esac
			fails=$(bench_count "boot.$v.$c.fail")
			printf '  %-9s %-22s %10s %7s %7s %12s %7s %7s %6s\n' "$c" "$k" \
				"$(bench_or_dash "$(bench_median "boot.$v.$c.init_ms")")" \
				"$(bench_ratio "$(bench_median "boot.A.$c.init_ms")" "$(bench_median "boot.$v.$c.init_ms")")" \
				"$(bench_ratio "$(bench_median "boot.B.$c.init_ms")" "$(bench_median "boot.$v.$c.init_ms")")" \
				"$(bench_or_dash "$(bench_median "boot.$v.$c.root_ms")")" \
				"$(bench_ratio "$(bench_median "boot.A.$c.root_ms")" "$(bench_median "boot.$v.$c.root_ms")")" \
				"$(bench_ratio "$(bench_median "boot.B.$c.root_ms")" "$(bench_median "boot.$v.$c.root_ms")")" \
				"$fails"
		done
	done
	hwm=$(bench_median boot.aoeroot.healthy.hwm_kb)
	if [ -n "$hwm" ]; then
		echo "  aoeroot /init peak RSS (ru_maxrss): $hwm kB"
	else
		echo "  aoeroot /init peak RSS: not measured (its boot failed)"
	fi
	[ -z "$(bench_note_get boot.aoeroot)" ] || echo "  note: $(bench_note_get boot.aoeroot)"
}

bench_table_disc() {
	local n
	echo "Discovery to a complete list, medians over $BENCH_RUNS run(s), ms"
	printf '  %5s %14s %18s %16s %16s\n' N "Linux aoe drv" "aoe-scan --no-md" "aoe-scan (md)" "linux/scan-nomd"
	for n in $BENCH_DISC_NS; do
		printf '  %5s %14s %18s %16s %16s\n' "$n" \
			"$(bench_or_dash "$(bench_median "disc.$n.linux_ms")")" \
			"$(bench_or_dash "$(bench_median "disc.$n.scan_nomd_ms")")" \
			"$(bench_or_dash "$(bench_median "disc.$n.scan_md_ms")")" \
			"$(bench_or_dash "$(bench_ratio "$(bench_median "disc.$n.linux_ms")" "$(bench_median "disc.$n.scan_nomd_ms")")")"
	done
	[ -z "$(bench_note_get disc.scan)" ] || echo "  note: $(bench_note_get disc.scan)"
	echo "  (aoe-scan: wall time of the command, settle window included; Linux: guest kernel clock)"
}

bench_table() {
	echo "aoeroot benchmark, $BENCH_DATE, $(nproc) cores ($BENCH_CPU), accelerator $BENCH_ACCEL"
	echo
	[ ! -s "$BENCH_DATA" ] || ! grep -q '^size\.' "$BENCH_DATA" || { bench_table_sizes; echo; }
	grep -q '^boot\.' "$BENCH_DATA" && { bench_table_boot; echo; }
	grep -q '^disc\.' "$BENCH_DATA" && bench_table_disc
	grep -q '^debroot\.' "$BENCH_DATA" && { echo; bench_table_debroot; }
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
	echo "    \"load_at_start\": $(bench_json_str "$BENCH_LOAD"), \"accelerator\": $(bench_json_str "$BENCH_ACCEL")},"
	echo "  \"versions\": {"
	echo "    \"guest_kernel\": $(bench_json_str "${LAB_KVER:-}"),"
	echo "    \"host_kernel\": $(bench_json_str "$(uname -r)"),"
	echo "    \"qemu\": $(bench_json_str "$(qemu-system-x86_64 --version | head -1)"),"
	echo "    \"vblade\": $(bench_json_str "$(bench_pkg_version vblade)"),"
	echo "    \"busybox\": $(bench_json_str "$(bench_pkg_version busybox-static)"),"
	echo "    \"mdadm\": $(bench_json_str "$(bench_pkg_version mdadm)"),"
	echo "    \"aoeroot\": $(bench_json_str "$(git -C "$top_srcdir" describe --always --dirty 2>/dev/null || echo unknown)")"
	echo "  },"
	echo "  \"reference\": {\"debian_initramfs_tools_zstd_bytes\": $BENCH_DEBIAN_ZSTD,"
	echo "    \"debian_initramfs_tools_gz_bytes\": $BENCH_DEBIAN_GZ, \"source\": \"shared/FIELD-NOTES.md, not rebuilt\"},"
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
