# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
#
# Initrd sizes (sourced by bench/run.sh): aoeroot's mkinitrd-aoe with
# --nic=all and with one NIC (virtio_net, which brings virtio_pci), against
# the lab's busybox-static + mdadm baseline (lab_initrd_busybox with the
# modules of the reference boot). Sizes do not vary between runs: one
# measurement each. Records size.<which>.{gz,gz9,raw,entries,modules}.

# bench_size_one NAME FILE: gz = the file as built; gz9 = the same cpio
# recompressed with gzip -9 (so compression levels do not decide the
# comparison); raw = the unpacked cpio; entries; modules (.ko files).
bench_size_one() {
	local name=$1 f=$2 list
	list=$LAB_TMP/size-$name.list
	zcat "$f" | cpio -t --quiet 2>/dev/null > "$list" || :
	bench_rec "size.$name.gz" "$(stat -c %s "$f")"
	bench_rec "size.$name.gz9" "$(zcat "$f" | gzip -9 | wc -c)"
	bench_rec "size.$name.raw" "$(zcat "$f" | wc -c)"
	bench_rec "size.$name.entries" "$(wc -l < "$list")"
	bench_rec "size.$name.modules" "$(grep -c '\.ko$' "$list" || :)"
}

# Build our initrd into OUT with --nic NIC (needs BENCH_MKINITRD).
bench_mkinitrd() {
	"$BENCH_MKINITRD" --moddir "$LAB_MODDIR" --init "$BENCH_INIT" --nic "$1" -o "$2" ||
		{ lab_die "mkinitrd-aoe --nic $1 failed"; return 1; }
}

bench_section_size() {
	lab_log "bench: initrd sizes"
	if [ -x "$BENCH_MKINITRD" ]; then
		bench_mkinitrd all "$LAB_TMP/aoeroot-all.gz"
		bench_mkinitrd virtio_net "$LAB_TMP/aoeroot-virtio.gz"
		bench_size_one aoeroot_all "$LAB_TMP/aoeroot-all.gz"
		bench_size_one aoeroot_virtio "$LAB_TMP/aoeroot-virtio.gz"
	else
		bench_note size.aoeroot "mkinitrd-aoe not built ($BENCH_MKINITRD)"
	fi
	lab_initrd_busybox "$LAB_TMP/baseline.gz" $LAB_REF_MODS
	bench_size_one baseline "$LAB_TMP/baseline.gz"
	bench_rec size.init.bytes "$(stat -c %s "$BENCH_INIT")"
	[ "$BENCH_C" != 1 ] || bench_c_sizes
}
