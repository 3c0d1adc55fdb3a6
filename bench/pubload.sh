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
# iPXE `sanhook` (one member as an EFI disk) would be a third column; it
# runs only when Debian's ipxe package is installed, which it was not when
# this section was written: the note pubload.ipxe says so.

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
fi
echo "BENCH-PUBLOAD-DONE"
halt
CFG
}

# Host clock (ms) when REGEX shows up in the serial log.
bench_pubload_stamp() {
	bench_wait_serial "$1" "$2" || return 1
	bench_clock_ms
}

# bench_pubload_boot ESP PUB|TFTP: one boot, prints the load's ms (nothing
# when it failed).
bench_pubload_boot() {
	local esp=$1 what=$2 t0 t1
	LAB_MEM=768 lab_qemu_ovmf "$esp" \
		-netdev "tap,id=n1,ifname=$BENCH_PUBLOAD_TAP,script=no,downscript=no" \
		-device "virtio-net-pci,netdev=n1,mac=$BENCH_PUBLOAD_MAC,bootindex=2,addr=0x10" >&2 || return 0
	if ! t0=$(bench_pubload_stamp "BENCH-$what-BEGIN" 240) || ! t1=$(bench_pubload_stamp "BENCH-$what-END" 600); then
		lab_qemu_kill
		return 0
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

# One pair: published disks (grubx64.efi), then TFTP (grubnetx64.efi).
bench_pubload_pair() {
	local pub tftp spf win
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
	if dpkg-query -W -f '${Status}' ipxe 2>/dev/null | grep -q 'ok installed'; then
		bench_note pubload.ipxe "ipxe installed, but the sanhook column is not written yet"
	else
		bench_note pubload.ipxe "no iPXE sanhook column: Debian's ipxe package is not installed"
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
	bench_note pubload.files "vmlinuz $(stat -c %s "$LAB_VMLINUZ") B, initrd-aoe.img $(stat -c %s "$LAB_TMP/initrd.gz") B"
	rm -rf "$LAB_TMP/esp-pl-pub" "$LAB_TMP/esp-pl-tftp"
	efi_publish_esp "$LAB_TMP/esp-pl-pub" "aoeboot.publish=1 aoeboot.timeout=0 aoeboot.nic=$LAB_MAC"
	bench_pubload_cfg_pub > "$LAB_TMP/esp-pl-pub/EFI/debian/grub.cfg"
	efi_publish_esp "$LAB_TMP/esp-pl-tftp" "aoeboot.publish=1 aoeboot.timeout=0 aoeboot.nic=$LAB_MAC"
	rm "$LAB_TMP/esp-pl-tftp/EFI/debian/grub.cfg"
	cp "$BENCH_GRUBNETX" "$LAB_TMP/esp-pl-tftp/EFI/debian/grubx64.efi"
	mkdir -p "$LAB_TMP/esp-pl-tftp/grub"
	bench_pubload_cfg_tftp "$LAB_PXE_ADDR" > "$LAB_TMP/esp-pl-tftp/grub/grub.cfg"
	# GRUB halts before the kernel starts: nothing writes the members, one
	# copy serves every boot
	nb_put_member "$LAB_TMP/pl/m0.img" "$LAB_TMP/pl-root.ext4"
	nb_put_member "$LAB_TMP/pl/m1.img" "$LAB_TMP/pl-root.ext4"
	rm -f "$LAB_TMP/pl-root.ext4"
	lab_server pl0 0 0 "$LAB_TMP/pl/m0.img" > /dev/null
	lab_server pl1 0 1 "$LAB_TMP/pl/m1.img" > /dev/null
	lab_pxe_server "$LAB_TMP/pl-tftp" vmlinuz > /dev/null
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
	echo "| published disks ms | TFTP ms | TFTP/published (median of per-pair ratios) | min..max ratio | sectors/frame | window | failed pairs |"
	echo "|---|---|---|---|---|---|---|"
	echo "| $(bench_or_dash "$(bench_median pubload.pub_ms)") | $(bench_or_dash "$(bench_median pubload.tftp_ms)") | $(bench_or_dash "$(bench_median pubload.ratio)") | $(bench_samples pubload.ratio | sort -g | sed -n '1p;$p' | paste -sd '~' | sed 's/~/../') | $(bench_or_dash "$(bench_median pubload.spf)") | $(bench_or_dash "$(bench_median pubload.window)") | $(bench_count pubload.fail) |"
}
