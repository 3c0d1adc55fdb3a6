# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
# Helpers for the t-grub-mirror-*.sh tests: the generic netboot GRUB image
# (grub-mod/netboot.cfg) booting kernel, initrd and grub.cfg from the AoE
# mirror. Source after tests/lab/lib.sh, initrd-lib.sh and grub-lib.sh.
#
#   nb_esp DIR           ESP with only EFI/BOOT/BOOTX64.EFI (mkimage-aoe.sh
#                        --netboot, countdown shortened to 1 s): no kernel,
#                        no initrd, no grub.cfg outside the mirror.
#   nb_rootfs OUT TAG [MIB] [VMLINUZ]  ext4 image (MIB, default 56) of the
#                        fixture root plus /boot: VMLINUZ (default the lab
#                        kernel), /boot/initrd-aoe.img ($LAB_TMP/initrd.gz)
#                        and /boot/grub/grub.cfg, a config that follows
#                        the netboot contract and prints
#                        "AOE-MIRROR-CFG TAG", then "AOE-VAR-ROOT $root",
#                        "AOE-VAR-AOEROOT $aoe_root", "AOE-VAR-KROOT
#                        $aoe_kernel_root" (short lines: GRUB wraps at 80
#                        columns), and passes aoeroot_tag=TAG to the kernel, so the
#                        root's command line shows whose /boot was read.
#   nb_put_member IMG FS  write the file system FS into md member IMG at its
#                        data offset (RAID1: both members hold the same
#                        bytes there; the superblocks stay as they are).
#   nb_bump_events IMG N  raise IMG's md 1.2 event count by N (checksum
#                        fixed): the other member becomes stale.
#   nb_boot              OVMF boot of $LAB_TMP/esp (NIC bootindex=1).
#   nb_expect_cfg TAG    wait for the mirror config TAG and the root.

# Kernel lines the mirror's grub.cfg uses (the netboot contract).
nb_grub_cfg() {
	local tag=$1 aoe='$aoe_args aoe_wait=30 '
	# NB_NO_AOE_ARGS=1: no aoe_* argument at all (the handoff's boots)
	[ "${NB_NO_AOE_ARGS:-0}" = 1 ] && aoe=
	cat <<EOF
set timeout=0
menuentry "aoeroot $tag" {
	echo "AOE-MIRROR-CFG $tag"
	echo "AOE-VAR-ROOT \$root"
	echo "AOE-VAR-AOEROOT \$aoe_root"
	echo "AOE-VAR-KROOT \$aoe_kernel_root"
	linux /boot/vmlinuz root=\$aoe_kernel_root ro ${aoe}console=ttyS0 aoeroot_tag=$tag
	echo "AOE-MIRROR-KERNEL-LOADED $tag"
	initrd /boot/initrd-aoe.img
	echo "AOE-MIRROR-INITRD-LOADED $tag"
}
EOF
}

nb_esp() {
	local dir=${1:?nb_esp DIR}
	sed -e 's/--timeout=5/--timeout=1/' -e 's/^terminal_output serial console$/terminal_output serial/' \
		"$top_srcdir/grub-mod/netboot.cfg" > "$LAB_TMP/netboot.cfg"
	grep -q -- '--timeout=1' "$LAB_TMP/netboot.cfg" ||
		{ lab_die "netboot.cfg has no --timeout=5 to shorten"; return 1; }
	grub_esp "$dir" "$LAB_TMP/netboot.cfg"
}

nb_rootfs() {
	local out=${1:?nb_rootfs OUT TAG} tag=${2:?tag} mib=${3:-56} kernel=${4:-$LAB_VMLINUZ} d
	d=$(mktemp -d "$LAB_TMP/nbroot.XXXXXX")
	lab_fixture_rootdir "$d" || return 1
	mkdir -p "$d/boot/grub"
	cp "$kernel" "$d/boot/vmlinuz"
	cp "$LAB_TMP/initrd.gz" "$d/boot/initrd-aoe.img"
	nb_grub_cfg "$tag" > "$d/boot/grub/grub.cfg"
	rm -f "$out"
	mke2fs -q -t ext4 -L aoeroot -d "$d" "$out" "${mib}M" >/dev/null ||
		{ lab_die "mke2fs -d failed"; return 1; }
	rm -rf "$d"
}

nb_put_member() {
	local img=${1:?nb_put_member IMG FS} fs=${2:?fs} off avail size
	off=$(mdadm --examine "$img" | awk '/Data Offset/ {print $4}')
	avail=$(mdadm --examine "$img" | awk '/Avail Dev Size/ {print $5}')
	size=$(stat -c %s "$fs")
	[ -n "$off" ] && [ -n "$avail" ] || { lab_die "nb_put_member: no md 1.x superblock on $img"; return 1; }
	[ "$size" -le $((avail * 512)) ] || { lab_die "nb_put_member: $fs ($size bytes) > $((avail * 512))"; return 1; }
	dd if="$fs" of="$img" bs=512 seek="$off" conv=notrunc,sparse status=none
}

nb_bump_events() {
	python3 - "$1" "$2" <<'PY'
import struct, sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "r+b") as f:
    f.seek(4096); sb = bytearray(f.read(4096))
    assert struct.unpack_from("<I", sb, 0)[0] == 0xa92b4efc, "no md 1.2 superblock"
    ev = struct.unpack_from("<Q", sb, 200)[0] + n
    struct.pack_into("<Q", sb, 200, ev)
    max_dev = struct.unpack_from("<I", sb, 220)[0]
    struct.pack_into("<I", sb, 216, 0)
    size = 256 + max_dev * 2
    s = sum(struct.unpack_from("<%dI" % (size // 4), sb, 0))
    if size % 4:
        s += struct.unpack_from("<H", sb, size - 2)[0]
    struct.pack_into("<I", sb, 216, ((s & 0xffffffff) + (s >> 32)) & 0xffffffff)
    f.seek(4096); f.write(sb)
print("events now", ev)
PY
}

nb_boot() {
	LAB_MEM=768 lab_qemu_ovmf "$LAB_TMP/esp"
}

# The ESP holds only the GRUB image: no kernel can come from anywhere but AoE.
nb_check_esp_only() {
	local files
	files=$(cd "$LAB_TMP/esp" && find . -type f | sort | tr '\n' ' ')
	echo "ESP files: $files"
	[ "$files" = "./EFI/BOOT/BOOTX64.EFI " ] || { echo "FAIL: the ESP holds more than the GRUB image"; return 1; }
	if grep -rq 'linux ' "$LAB_TMP/netboot.cfg" && ! grep -q 'boot/vmlinuz' "$LAB_TMP/netboot.cfg"; then
		echo "FAIL: netboot.cfg loads a kernel from elsewhere"; return 1
	fi
}
