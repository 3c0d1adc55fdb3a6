# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
#
# Debian's signed GRUB loading the kernel and initrd through the UEFI disks
# aoeboot.efi publishes (aoeboot.publish=1), against the same GRUB's TFTP
# in the same boot (sourced by bench/run.sh; section "pubload", run only
# when named: bench/run.sh --only pubload).
#
# Each boot: OVMF (Secure Boot off) -> aoeboot.efi publish mode on the ESP
# (both fresh members become read-only UEFI disks) -> Debian's signed
# shimx64.efi -> Debian's signed grubx64.efi, unmodified, with a grub.cfg
# in \EFI\debian\ that finds the mirror (efidisk + mdraid1x), loads
# /boot/vmlinuz + /boot/initrd-aoe.img from it, then `net_bootp` on a
# second NIC and loads the same two files (same bytes) from dnsmasq's TFTP
# server on the lab bridge (tests/lab/pxe-lib.sh), then halts. The AoE NIC
# is held by the stub (exclusive Simple Network open), so GRUB's TFTP gets
# its own NIC (a second tap on the lab bridge); which GRUB card that is
# (BENCH_PUBLOAD_CARD, efinet1) is checked against its MAC in every boot.
# Debian's signed GRUB has no `time` command: each load is timed on the
# host, from its marker lines on the serial console (polled every 50 ms).
#   pubload.pub_ms    kernel + initrd through the published disks (ms)
#   pubload.tftp_ms   the same two files over GRUB's TFTP (ms)
#   pubload.ratio     tftp_ms / pub_ms of that boot (the host is shared:
#                     read the median of the per-boot ratios)
#   pubload.spf       sectors per AoE frame of the published disks
#   pubload.window    frames in flight per disk
#   pubload.fail      a boot that did not print all four markers, or
#                     whose TFTP card was not the second NIC
#   pubload.san_ms    with Debian's ipxe package: the same kernel + initrd
#                     through iPXE `sanhook aoe:e0.0` (one member as an EFI
#                     disk, iPXE's AoE: 2 sectors a frame, one command in
#                     flight): OVMF -> /usr/lib/ipxe/ipxe.efi on the ESP ->
#                     DHCP -> boot.ipxe from dnsmasq (sanhook, then chain
#                     Debian's signed grubnetx64.efi by TFTP) -> GRUB's
#                     (tftp)/grub/grub.cfg finds the mirror on that one
#                     member (degraded RAID1: efidisk + mdraid1x) and loads
#                     the two files
#   pubload.*raw_ms   the raw read of each: BENCH_GRUBLOAD_RAW_SECT sectors
#                     of the md array (`initrd ($root)0+N`, no file system)
#                     through the disks, the same bytes as a file by TFTP
#   pubload.ratio_san san_ms / pub_ms (target >= 3)

BENCH_PUBLOAD_CARD=${BENCH_PUBLOAD_CARD:-efinet1}
BENCH_PUBLOAD_MAC=52:54:00:a0:e0:98
BENCH_GRUBNETX=/usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed

# The published-disk boot's \EFI\debian\grub.cfg (grubx64.efi).
bench_pubload_cfg_pub() {
	cat <<'CFG'
if search --no-floppy --label --set=root aoeroot; then
	echo "BENCH-PUB-ROOT $root"
	echo "BENCH-PUB-BEGIN"
	linux /boot/vmlinuz
	initrd /boot/initrd-aoe.img
	echo "BENCH-PUB-END"
	echo "BENCH-PUBRAW-BEGIN"
	initrd ($root)0+@RAW@
	echo "BENCH-PUBRAW-END"
fi
echo "BENCH-PUBLOAD-DONE"
halt
CFG
}

# The TFTP boot's \grub\grub.cfg (grubnetx64.efi: prefix /grub on the ESP).
bench_pubload_cfg_tftp() {
	sed "s/@SRV@/$1/g; s/@CARD@/$BENCH_PUBLOAD_CARD/g" <<'CFG'
if net_bootp @CARD@; then
	net_ls_addr
	echo "BENCH-TFTP-BEGIN"
	linux (tftp,@SRV@)/vmlinuz
	initrd (tftp,@SRV@)/initrd-aoe.img
	echo "BENCH-TFTP-END"
	echo "BENCH-TFTPRAW-BEGIN"
	initrd (tftp,@SRV@)/raw.img
	echo "BENCH-TFTPRAW-END"
fi
echo "BENCH-PUBLOAD-DONE"
halt
CFG
}

# The sanhook boot's (tftp)/grub/grub.cfg (grubnetx64.efi chained by iPXE).
bench_pubload_cfg_san() {
	cat <<'CFG'
if search --no-floppy --label --set=root aoeroot; then
	echo "BENCH-SAN-ROOT $root"
	echo "BENCH-SAN-BEGIN"
	linux /boot/vmlinuz
	initrd /boot/initrd-aoe.img
	echo "BENCH-SAN-END"
	echo "BENCH-SANRAW-BEGIN"
	initrd ($root)0+@RAW@
	echo "BENCH-SANRAW-END"
fi
echo "BENCH-PUBLOAD-DONE"
halt
CFG
}

# iPXE's script (dnsmasq's boot file): one member as an EFI disk, then
# Debian's signed network GRUB by TFTP.
bench_pubload_ipxe_script() {
	printf '%s\n' '#!ipxe' 'echo BENCH-IPXE-UP' 'sanhook aoe:e0.0 || goto fail' \
		'echo BENCH-IPXE-SANHOOKED' "chain tftp://$1/grubnetx64.efi || goto fail" \
		':fail' 'echo BENCH-IPXE-FAIL'
}

# Host clock (ms) when REGEX shows up in the serial log.
bench_pubload_stamp() {
	bench_wait_serial "$1" "$2" || return 1
	bench_clock_ms
}

# bench_pubload_boot ESP PUB|TFTP: one boot, prints the load's ms (nothing
# when it failed).
bench_pubload_boot() {
	local esp=$1 what=$2 t0 t1 r0 r1
	LAB_MEM=768 lab_qemu_ovmf "$esp" \
		-netdev "tap,id=n1,ifname=$BENCH_PUBLOAD_TAP,script=no,downscript=no" \
		-device "virtio-net-pci,netdev=n1,mac=$BENCH_PUBLOAD_MAC,bootindex=2,addr=0x10" >&2 || return 0
	if ! t0=$(bench_pubload_stamp "BENCH-$what-BEGIN" 240) || ! t1=$(bench_pubload_stamp "BENCH-$what-END" 600); then
		lab_qemu_kill
		return 0
	fi
	rm -f "$LAB_TMP/pl-raw-$what"
	if r0=$(bench_pubload_stamp "BENCH-${what}RAW-BEGIN" 60) && r1=$(bench_pubload_stamp "BENCH-${what}RAW-END" 900); then
		awk -v a="$r0" -v b="$r1" 'BEGIN {printf "%.0f", b - a}' > "$LAB_TMP/pl-raw-$what"
	fi
	bench_wait_serial BENCH-PUBLOAD-DONE 60 >&2 || :
	lab_qemu_wait 60 >&2 || :
	if grep -a -q 'error:' "$LAB_TMP/serial.log"; then
		lab_log "bench: pubload $what: GRUB said: $(tr -d '\r' < "$LAB_TMP/serial.log" | grep 'error:' | head -3 | paste -sd ' ')"
		return 0
	fi
	if [ "$what" = TFTP ] &&
		! tr -d '\r' < "$LAB_TMP/serial.log" | grep -q -E "(^|m)$BENCH_PUBLOAD_CARD:dhcp $BENCH_PUBLOAD_MAC "; then
		lab_log "bench: pubload: GRUB's $BENCH_PUBLOAD_CARD is not the TFTP NIC $BENCH_PUBLOAD_MAC (BENCH_PUBLOAD_CARD)"
		return 0
	fi
	awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.0f", b - a}'
}

# The raw read time of the last $1 boot, recorded as pubload.$2.
bench_pubload_raw() {
	[ -s "$LAB_TMP/pl-raw-$1" ] || return 0
	bench_rec "pubload.$2" "$(cat "$LAB_TMP/pl-raw-$1")"
	rm -f "$LAB_TMP/pl-raw-$1"
}

# One pair: published disks (grubx64.efi), then TFTP (grubnetx64.efi);
# then, with iPXE, the sanhook boot.
bench_pubload_pair() {
	local pub tftp spf win san
	pub=$(bench_pubload_boot "$LAB_TMP/esp-pl-pub" PUB)
	spf=$(bench_serial_val 'published e0\.0 as a read-only UEFI disk: .*, ([0-9]+) sectors\/frame')
	win=$(bench_serial_val 'published e0\.0 as a read-only UEFI disk: .*, window ([0-9]+)')
	tftp=$(bench_pubload_boot "$LAB_TMP/esp-pl-tftp" TFTP)
	lab_log "bench: pubload: published disks ${pub:-?} ms, TFTP ${tftp:-?} ms, ${spf:-?} sectors/frame, window ${win:-?}"
	if [ -z "$pub" ] || [ -z "$tftp" ]; then
		bench_rec pubload.fail 1
		return 0
	fi
	bench_rec pubload.pub_ms "$pub"
	bench_rec pubload.tftp_ms "$tftp"
	bench_rec pubload.ratio "$(bench_ratio "$tftp" "$pub")"
	bench_pubload_raw PUB pubraw_ms
	bench_pubload_raw TFTP tftpraw_ms
	if [ -f "$LAB_TMP/esp-pl-san/EFI/BOOT/BOOTX64.EFI" ]; then
		san=$(bench_pubload_boot "$LAB_TMP/esp-pl-san" SAN)
		lab_log "bench: pubload: iPXE sanhook ${san:-?} ms"
		if [ -n "$san" ]; then
			bench_rec pubload.san_ms "$san"
			bench_rec pubload.ratio_san "$(bench_ratio "$san" "$pub")"
			bench_pubload_raw SAN sanraw_ms
		else
			bench_rec pubload.san_fail 1
			lab_serial_tail 20 >&2
		fi
	fi
	[ -z "$spf" ] || bench_rec pubload.spf "$spf"
	[ -z "$win" ] || bench_rec pubload.window "$win"
}

bench_section_pubload() {
	. "$top_srcdir/tests/lab/efi-lib.sh"
	. "$top_srcdir/tests/lab/netboot-lib.sh"
	if ! [ -f "$EFI_STUB" ] || ! [ -f "$EFI_SHIM" ] || ! [ -f "$EFI_GRUBX" ] || ! [ -f "$BENCH_GRUBNETX" ] ||
		! [ -f /usr/share/OVMF/OVMF_CODE.fd ]; then
		bench_note pubload "skipped: no aoeboot.efi, signed shim/GRUB/grubnetx64 or OVMF"
		return 0
	fi
	command -v dnsmasq > /dev/null || { bench_note pubload "skipped: dnsmasq missing"; return 0; }
	if ! [ -f /usr/lib/ipxe/ipxe.efi ]; then
		bench_note pubload.ipxe "no iPXE sanhook column: Debian's ipxe package is not installed (tools/deps.sh)"
	fi
	if ip netns list | awk '{print $1}' | grep -qx "$LAB_PREFIX-pxe"; then
		bench_note pubload "skipped: another section's PXE server runs (bench/run.sh --only pubload)"
		return 0
	fi
	[ -n "${LAB_NS_BR:-}" ] || lab_net_up
	BENCH_PUBLOAD_TAP=tap-pl1
	ip -n "$LAB_NS_BR" tuntap add dev "$BENCH_PUBLOAD_TAP" mode tap
	ip -n "$LAB_NS_BR" link set "$BENCH_PUBLOAD_TAP" master br0
	ip -n "$LAB_NS_BR" link set "$BENCH_PUBLOAD_TAP" mtu "$LAB_MTU" up
	lab_restore_members "$LAB_TMP/pl"
	"$BENCH_MKINITRD" --moddir "$LAB_MODDIR" --init "$BENCH_INIT" --nic all -o "$LAB_TMP/initrd.gz" > /dev/null
	nb_rootfs "$LAB_TMP/pl-root.ext4" bench
	mkdir -p "$LAB_TMP/pl-tftp"
	cp "$LAB_VMLINUZ" "$LAB_TMP/pl-tftp/vmlinuz"
	cp "$LAB_TMP/initrd.gz" "$LAB_TMP/pl-tftp/initrd-aoe.img"
	head -c $((BENCH_GRUBLOAD_RAW_SECT * 512)) "$LAB_TMP/pl/m0.img" > "$LAB_TMP/pl-tftp/raw.img"
	bench_note pubload.files "vmlinuz $(stat -c %s "$LAB_VMLINUZ") B, initrd-aoe.img $(stat -c %s "$LAB_TMP/initrd.gz") B"
	rm -rf "$LAB_TMP/esp-pl-pub" "$LAB_TMP/esp-pl-tftp"
	efi_publish_esp "$LAB_TMP/esp-pl-pub" "aoeboot.publish=1 aoeboot.timeout=0 aoeboot.nic=$LAB_MAC"
	bench_pubload_cfg_pub > "$LAB_TMP/esp-pl-pub/EFI/debian/grub.cfg"
	efi_publish_esp "$LAB_TMP/esp-pl-tftp" "aoeboot.publish=1 aoeboot.timeout=0 aoeboot.nic=$LAB_MAC"
	rm "$LAB_TMP/esp-pl-tftp/EFI/debian/grub.cfg"
	cp "$BENCH_GRUBNETX" "$LAB_TMP/esp-pl-tftp/EFI/debian/grubx64.efi"
	mkdir -p "$LAB_TMP/esp-pl-tftp/grub"
	bench_pubload_cfg_tftp "$LAB_PXE_ADDR" | sed "s/@RAW@/$BENCH_GRUBLOAD_RAW_SECT/g" > "$LAB_TMP/esp-pl-tftp/grub/grub.cfg"
	sed -i "s/@RAW@/$BENCH_GRUBLOAD_RAW_SECT/g" "$LAB_TMP/esp-pl-pub/EFI/debian/grub.cfg"
	if [ -f /usr/lib/ipxe/ipxe.efi ]; then
		rm -rf "$LAB_TMP/esp-pl-san"
		mkdir -p "$LAB_TMP/esp-pl-san/EFI/BOOT" "$LAB_TMP/pl-tftp/grub"
		cp /usr/lib/ipxe/ipxe.efi "$LAB_TMP/esp-pl-san/EFI/BOOT/BOOTX64.EFI"
		cp "$BENCH_GRUBNETX" "$LAB_TMP/pl-tftp/grubnetx64.efi"
		bench_pubload_cfg_san | sed "s/@RAW@/$BENCH_GRUBLOAD_RAW_SECT/g" > "$LAB_TMP/pl-tftp/grub/grub.cfg"
		bench_note pubload.ipxe "iPXE $(dpkg-query -W -f '${Version}' ipxe 2>/dev/null) ipxe.efi, sanhook aoe:e0.0, Debian's grubnetx64.efi chained by TFTP"
	fi
	bench_pubload_ipxe_script "$LAB_PXE_ADDR" > "$LAB_TMP/pl-tftp/boot.ipxe"
	# GRUB halts before the kernel starts: nothing writes the members, one
	# copy serves every boot
	nb_put_member "$LAB_TMP/pl/m0.img" "$LAB_TMP/pl-root.ext4"
	nb_put_member "$LAB_TMP/pl/m1.img" "$LAB_TMP/pl-root.ext4"
	rm -f "$LAB_TMP/pl-root.ext4"
	lab_server pl0 0 0 "$LAB_TMP/pl/m0.img" > /dev/null
	lab_server pl1 0 1 "$LAB_TMP/pl/m1.img" > /dev/null
	# the boot file is iPXE's script; GRUB's net_bootp names its files itself
	lab_pxe_server "$LAB_TMP/pl-tftp" boot.ipxe > /dev/null
	for _ in $(seq 1 "$BENCH_RUNS"); do
		bench_pubload_pair
	done
	lab_server_stop pl0
	lab_server_stop pl1
}

bench_table_pubload() {
	echo "Debian's signed GRUB 2.06 (through shim) loading kernel + initrd ($(bench_note_get pubload.files)):"
	echo "grubx64.efi through aoeboot.efi's published UEFI disks (md mirror, efidisk + mdraid1x) vs"
	echo "grubnetx64.efi over TFTP (dnsmasq on the lab bridge, second NIC), one boot each per pair,"
	echo "host-timed from serial markers, medians of $BENCH_RUNS pairs"
	bench_note_get pubload.ipxe
	echo
	echo "| published disks ms | TFTP ms | iPXE sanhook ms | TFTP/published | sanhook/published | raw published ms | raw TFTP ms | raw sanhook ms | raw sanhook/published | sectors/frame | window | failed pairs | failed sanhook boots |"
	echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
	echo "| $(bench_or_dash "$(bench_median pubload.pub_ms)") | $(bench_or_dash "$(bench_median pubload.tftp_ms)") | $(bench_or_dash "$(bench_median pubload.san_ms)") | $(bench_or_dash "$(bench_median pubload.ratio)") | $(bench_or_dash "$(bench_median pubload.ratio_san)") | $(bench_or_dash "$(bench_median pubload.pubraw_ms)") | $(bench_or_dash "$(bench_median pubload.tftpraw_ms)") | $(bench_or_dash "$(bench_median pubload.sanraw_ms)") | $(bench_or_dash "$(bench_ratio "$(bench_median pubload.sanraw_ms)" "$(bench_median pubload.pubraw_ms)")") | $(bench_or_dash "$(bench_median pubload.spf)") | $(bench_or_dash "$(bench_median pubload.window)") | $(bench_count pubload.fail) | $(bench_count pubload.san_fail) |"
	echo
	echo "Target: published >= 3x iPXE sanhook (sanhook/published >= 3): $(bench_ge "$(bench_median pubload.ratio_san)" 3)"
}
