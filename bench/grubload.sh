# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
#
# GRUB loading the kernel and initrd over AoE against GRUB's own TFTP
# (sourced by bench/run.sh; section "grubload", run only when named:
# bench/run.sh --only grubload).
#
# Each boot: OVMF -> GRUB (aoe.mod embedded) -> `aoe_select --timeout=0
# --default=auto` attaches the mirror (the fixture with /boot written in,
# tests/lab/netboot-lib.sh) -> `time linux` + `time initrd` from
# ($aoe_root)/boot over AoE -> `net_bootp` -> `time linux` + `time initrd`
# of the same two files from dnsmasq's TFTP server (tests/lab/pxe-lib.sh,
# on the lab bridge) -> halt. GRUB's `time` command measures each load
# inside the guest. One read of each per boot: GRUB's disk cache (32 MiB)
# would serve a second AoE read from memory. AoE goes first: once the card
# has an IP interface, GRUB's idle polling could eat AoE replies.
# BENCH_RUNS boots at MTU 1500, then BENCH_RUNS with every lab link and the
# guest NIC at 9000 (virtio-net host_mtu=9000; the sectors per frame GRUB's
# card allowed are recorded: OVMF's driver decides what GRUB may send).
#   grubload.M.aoe_ms   kernel + initrd over AoE (ms, GRUB's clock)
#   grubload.M.tftp_ms  the same two files over TFTP
#   grubload.M.ratio    tftp_ms / aoe_ms of that boot (the host is shared:
#                       the two loads of one boot see the same load, so the
#                       median of the per-boot ratios is the figure to read)
#   grubload.M.spf      sectors per AoE frame aoe.mod used
#   grubload.M.again_ms with BENCH_GRUBLOAD_AGAIN=1 only: the same AoE
#                       loads once more right after: served
#                       from GRUB's disk cache (set BENCH_GRUBLOAD_DEBUG=1:
#                       `set debug=aoe` shows the few frames it sends), so
#                       it is GRUB's own work (ext4, md, cache, loader)
#   grubload.M.ceiling  tftp_ms / again_ms: the most any AoE transport
#                       could reach through GRUB's file system path
#                       (opt-in: GRUB 2.06 stopped with a #GP in 2 of 9
#                       such boots, during the later TFTP initrd load)
#   BENCH_GRUBLOAD_DEBUG=1 runs the AoE loads under `set debug=aoe` (each
#                       disk read's frames, ms, pump rounds; slows them)
#   grubload.M.fail     a boot that did not print all four times
# The ratio tftp_ms / aoe_ms is the speed-up (target >= 3 at MTU 1500).

BENCH_GRUBLOAD_MTUS=${BENCH_GRUBLOAD_MTUS:-1500 9000}
# The raw read: this many sectors of one disk (e0.0), no file system; the
# TFTP and HTTP servers serve a file of the same bytes (raw.img).
BENCH_GRUBLOAD_RAW_SECT=${BENCH_GRUBLOAD_RAW_SECT:-32768}
BENCH_GRUBLOAD_HTTP_PORT=80

bench_grubload_cfg() {
	local srv=$1
	bench_grub_cfg_head
	local again=
	[ -z "${BENCH_GRUBLOAD_AGAIN:-}" ] ||
		again='echo "BENCH-AOE2-BEGIN"; time linux ($aoe_root)\/boot\/vmlinuz; time initrd ($aoe_root)\/boot\/initrd-aoe.img; echo "BENCH-AOE2-END"'
	sed "s/@SRV@/$srv/g; s/@RAW@/$BENCH_GRUBLOAD_RAW_SECT/g; s/@DEBUG@/${BENCH_GRUBLOAD_DEBUG:+set debug=aoe}/; s/@AGAIN@/$again/" <<'CFG'
if aoe_select --timeout=0 --default=auto --set-root=aoe_root; then
	@DEBUG@
	echo "BENCH-AOE-BEGIN"
	time linux ($aoe_root)/boot/vmlinuz
	time initrd ($aoe_root)/boot/initrd-aoe.img
	echo "BENCH-AOE-END"
	@AGAIN@
	set debug=
	echo "BENCH-AOERAW-BEGIN"
	time initrd (aoe/e0.0)0+@RAW@
	echo "BENCH-AOERAW-END"
fi
if net_bootp efinet0; then
	echo "BENCH-TFTP-BEGIN"
	time linux (tftp,@SRV@)/vmlinuz
	time initrd (tftp,@SRV@)/initrd-aoe.img
	echo "BENCH-TFTP-END"
	echo "BENCH-TFTPRAW-BEGIN"
	time initrd (tftp,@SRV@)/raw.img
	echo "BENCH-TFTPRAW-END"
	echo "BENCH-HTTP-BEGIN"
	time linux (http,@SRV@)/vmlinuz
	time initrd (http,@SRV@)/initrd-aoe.img
	echo "BENCH-HTTP-END"
	echo "BENCH-HTTPRAW-BEGIN"
	time initrd (http,@SRV@)/raw.img
	echo "BENCH-HTTPRAW-END"
fi
echo "BENCH-GRUBLOAD-DONE"
halt
CFG
}

# Seconds of GRUB's "Elapsed time: S.mmm seconds" lines between two
# markers, summed, in ms; $3 = how many there must be (default 2).
bench_grubload_sum() {
	tr -d '\r' < "$LAB_TMP/serial.log" | sed -n "/$1/,/$2/p" |
		sed -n -E 's/.*Elapsed time: ([0-9]+\.[0-9]+) seconds.*/\1/p' |
		awk -v want="${3:-2}" '{s += $1; n++} END {if (n == want) printf "%.0f", s * 1000}'
}

# Every lab link to MTU $1, vblades restarted so they size frames again.
bench_grubload_mtu() {
	local mtu=$1 ns
	LAB_MTU=$mtu
	ip -n "$LAB_NS_BR" link set br0 mtu "$mtu"
	for l in $(ip -n "$LAB_NS_BR" -o link show | awk -F': ' '{print $2}' | sed 's/@.*//'); do
		[ "$l" = lo ] || ip -n "$LAB_NS_BR" link set "$l" mtu "$mtu"
	done
	for ns in "$LAB_PREFIX-gl0" "$LAB_PREFIX-gl1" "$LAB_PREFIX-pxe"; do
		ip -n "$ns" link set eth0 mtu "$mtu"
	done
	lab_server_stop gl0
	lab_server_stop gl1
	lab_server gl0 0 0 "$LAB_TMP/gl-m0.img" > /dev/null
	lab_server gl1 0 1 "$LAB_TMP/gl-m1.img" > /dev/null
}

# GRUB's HTTP peer: python3's http.server on the PXE namespace's address
# (the lab network only), serving the TFTP directory.
bench_grubload_http() {
	local pid
	ip netns exec "$LAB_PREFIX-pxe" python3 -m http.server --bind "$LAB_PXE_ADDR" \
		--directory "$1" "$BENCH_GRUBLOAD_HTTP_PORT" > "$LAB_TMP/http.log" 2>&1 &
	pid=$!
	lab_track "$pid"
	sleep 1
	kill -0 "$pid" 2>/dev/null || { cat "$LAB_TMP/http.log" >&2; bench_note grubload.http "HTTP server did not start"; }
}

bench_grubload_boot() {
	local mtu=$1 aoe tftp again spf http aoeraw tftpraw httpraw k
	LAB_MEM=768 LAB_NIC_OPTS=",bootindex=1,host_mtu=$mtu" lab_qemu_ovmf "$LAB_TMP/esp-gl" || return 1
	if ! bench_wait_serial "BENCH-GRUBLOAD-DONE" $((900 * LAB_TIME_SCALE / 3)); then
		lab_qemu_kill
		bench_rec "grubload.$mtu.fail" 1
		return 0
	fi
	lab_qemu_wait 60 || :
	aoe=$(bench_grubload_sum BENCH-AOE-BEGIN BENCH-AOE-END)
	tftp=$(bench_grubload_sum BENCH-TFTP-BEGIN BENCH-TFTP-END)
	again=$(bench_grubload_sum BENCH-AOE2-BEGIN BENCH-AOE2-END)
	http=$(bench_grubload_sum BENCH-HTTP-BEGIN BENCH-HTTP-END)
	aoeraw=$(bench_grubload_sum BENCH-AOERAW-BEGIN BENCH-AOERAW-END 1)
	tftpraw=$(bench_grubload_sum BENCH-TFTPRAW-BEGIN BENCH-TFTPRAW-END 1)
	httpraw=$(bench_grubload_sum BENCH-HTTPRAW-BEGIN BENCH-HTTPRAW-END 1)
	# GRUB wraps at 80 columns: join the lines before looking
	spf=$(tr -d '\r\n' < "$LAB_TMP/serial.log" | grep -o -E 'sectors, [0-9]+ ?sectors/frame' |
		head -1 | grep -o -E '^sectors, [0-9]+' | grep -o -E '[0-9]+$')
	lab_log "bench: grubload MTU $mtu: AoE ${aoe:-?} ms, again from GRUB's cache ${again:-?} ms, TFTP ${tftp:-?} ms, HTTP ${http:-?} ms, $spf sectors/frame; raw read AoE ${aoeraw:-?} TFTP ${tftpraw:-?} HTTP ${httpraw:-?} ms"
	if [ -z "$aoe" ] || [ -z "$tftp" ]; then
		bench_rec "grubload.$mtu.fail" 1
		return 0
	fi
	bench_rec "grubload.$mtu.aoe_ms" "$aoe"
	bench_rec "grubload.$mtu.tftp_ms" "$tftp"
	bench_rec "grubload.$mtu.ratio" "$(bench_ratio "$tftp" "$aoe")"
	[ -z "$http" ] || bench_rec "grubload.$mtu.http_ms" "$http"
	[ -z "$http" ] || bench_rec "grubload.$mtu.ratio_http" "$(bench_ratio "$http" "$aoe")"
	for k in aoeraw tftpraw httpraw; do
		[ -z "${!k}" ] || bench_rec "grubload.$mtu.${k}_ms" "${!k}"
	done
	[ -z "$aoeraw" ] || [ -z "$httpraw" ] ||
		bench_rec "grubload.$mtu.ratio_httpraw" "$(bench_ratio "$httpraw" "$aoeraw")"
	if [ -n "$again" ]; then
		bench_rec "grubload.$mtu.again_ms" "$again"
		bench_rec "grubload.$mtu.ceiling" "$(bench_ratio "$tftp" "$again")"
	fi
	[ -z "$spf" ] || bench_rec "grubload.$mtu.spf" "$spf"
}

bench_section_grubload() {
	local r mtu
	bench_grub_usable || { bench_note grubload "skipped: no aoe.mod / grub-mkimage / OVMF"; return 0; }
	command -v dnsmasq > /dev/null || { bench_note grubload "skipped: dnsmasq missing"; return 0; }
	. "$top_srcdir/tests/lab/grub-lib.sh"
	. "$top_srcdir/tests/lab/netboot-lib.sh"
	if ip netns list | awk '{print $1}' | grep -qx "$LAB_PREFIX-pxe"; then
		bench_note grubload "skipped: another section's PXE server runs (bench/run.sh --only grubload)"
		return 0
	fi
	GRUB_MOD=$BENCH_GRUB_MOD
	[ -n "${LAB_NS_BR:-}" ] || lab_net_up
	lab_restore_members "$LAB_TMP/gl"
	mv "$LAB_TMP/gl/m0.img" "$LAB_TMP/gl-m0.img"
	mv "$LAB_TMP/gl/m1.img" "$LAB_TMP/gl-m1.img"
	"$BENCH_MKINITRD" --moddir "$LAB_MODDIR" --init "$BENCH_INIT" --nic all -o "$LAB_TMP/initrd.gz" > /dev/null
	nb_rootfs "$LAB_TMP/gl-root.ext4" bench
	nb_put_member "$LAB_TMP/gl-m0.img" "$LAB_TMP/gl-root.ext4"
	nb_put_member "$LAB_TMP/gl-m1.img" "$LAB_TMP/gl-root.ext4"
	rm -f "$LAB_TMP/gl-root.ext4"
	mkdir -p "$LAB_TMP/gl-tftp"
	cp "$LAB_VMLINUZ" "$LAB_TMP/gl-tftp/vmlinuz"
	cp "$LAB_TMP/initrd.gz" "$LAB_TMP/gl-tftp/initrd-aoe.img"
	head -c $((BENCH_GRUBLOAD_RAW_SECT * 512)) "$LAB_TMP/gl-m0.img" > "$LAB_TMP/gl-tftp/raw.img"
	bench_note grubload.files "vmlinuz $(stat -c %s "$LAB_VMLINUZ") B, initrd-aoe.img $(stat -c %s "$LAB_TMP/initrd.gz") B"
	bench_grubload_cfg "$LAB_PXE_ADDR" > "$LAB_TMP/gl.cfg"
	mkdir -p "$LAB_TMP/esp-gl"
	"$GRUB_MKIMAGE" --mod "$BENCH_GRUB_MOD" --cfg "$LAB_TMP/gl.cfg" --esp "$LAB_TMP/esp-gl" \
		--modules "time http" > /dev/null || { bench_note grubload "mkimage-aoe.sh failed"; return 0; }
	lab_server gl0 0 0 "$LAB_TMP/gl-m0.img" > /dev/null
	lab_server gl1 0 1 "$LAB_TMP/gl-m1.img" > /dev/null
	lab_pxe_server "$LAB_TMP/gl-tftp" vmlinuz > /dev/null
	bench_grubload_http "$LAB_TMP/gl-tftp"
	for mtu in $BENCH_GRUBLOAD_MTUS; do
		bench_grubload_mtu "$mtu"
		for r in $(seq 1 "$BENCH_RUNS"); do
			bench_grubload_boot "$mtu" || bench_rec "grubload.$mtu.fail" 1
		done
	done
	bench_grubload_mtu 1500
	lab_server_stop gl0
	lab_server_stop gl1
}

bench_table_grubload() {
	local mtu a t
	echo
	echo "GRUB loading kernel + initrd ($(bench_note_get grubload.files)):"
	echo "AoE (aoe.mod disks, md mirror) vs GRUB's TFTP (dnsmasq) and GRUB's HTTP (python3 http.server),"
	echo "both in a namespace on the lab bridge, same boot, medians of $BENCH_RUNS; raw: $BENCH_GRUBLOAD_RAW_SECT sectors"
	echo "of e0.0 ((aoe/e0.0)0+N, no file system) vs a file of the same bytes"
	echo
	echo "| MTU | AoE ms | TFTP ms | HTTP ms | TFTP/AoE | HTTP/AoE | raw AoE ms | raw TFTP ms | raw HTTP ms | raw HTTP/AoE | AoE sectors/frame | AoE again, from GRUB's cache ms | failed boots |"
	echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
	for mtu in $BENCH_GRUBLOAD_MTUS; do
		a=$(bench_median "grubload.$mtu.aoe_ms")
		t=$(bench_median "grubload.$mtu.tftp_ms")
		echo "| $mtu | $(bench_or_dash "$a") | $(bench_or_dash "$t") | $(bench_or_dash "$(bench_median "grubload.$mtu.http_ms")") | $(bench_or_dash "$(bench_median "grubload.$mtu.ratio")") | $(bench_or_dash "$(bench_median "grubload.$mtu.ratio_http")") | $(bench_or_dash "$(bench_median "grubload.$mtu.aoeraw_ms")") | $(bench_or_dash "$(bench_median "grubload.$mtu.tftpraw_ms")") | $(bench_or_dash "$(bench_median "grubload.$mtu.httpraw_ms")") | $(bench_or_dash "$(bench_median "grubload.$mtu.ratio_httpraw")") | $(bench_or_dash "$(bench_median "grubload.$mtu.spf")") | $(bench_or_dash "$(bench_median "grubload.$mtu.again_ms")") | $(bench_count "grubload.$mtu.fail") |"
	done
	echo
	echo "Targets: GRUB AoE >= GRUB HTTP at MTU 1500 (HTTP/AoE >= 1): $(bench_ge "$(bench_median grubload.1500.ratio_http)" 1);" \
		"and >= 2x at 9000: $(bench_ge "$(bench_median grubload.9000.ratio_http)" 2)"
}
