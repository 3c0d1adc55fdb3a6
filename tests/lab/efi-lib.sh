# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
# Helpers shared by the t-efi-*.sh tests. Source after
# tests/lab/lib.sh and tests/lab/initrd-lib.sh.
#
#   efi_need_stub            skip unless efi-stub/aoeboot.efi and mkaoeboot exist.
#   efi_payload              kernel (lab_kernel) + initrd-min initrd in
#                            $LAB_TMP/initrd.gz, pristine mirror members.
#   efi_esp DIR CMDLINE      ESP directory: the plain stub as
#                            EFI/BOOT/BOOTX64.EFI with vmlinuz, initrd.img and
#                            cmdline.txt beside it.
#   efi_onefile OUT CMDLINE  one-file image made by mkaoeboot.
#   efi_servers              vblade e0.0 and e0.1 on the lab bridge.
#   efi_pxe_start TFTPDIR BOOTFILE  OVMF network boot: BOOTFILE (relative to
#                            TFTPDIR) by PXE/TFTP from QEMU's user-mode network
#                            (restrict=on: inside QEMU only) on a second NIC
#                            with bootindex=1; AoE stays on the tap NIC, which
#                            has no boot option. No option ROMs on either.
#   efi_root_is DEVS         wait for the fixture root; its /proc/cmdline must
#                            carry aoe_md_devs=DEVS (any order), the stub's aoe_netdev and
#                            aoe_md_uuid, and no aoeboot.* option.
#   efi_need_signed          skip unless Debian's signed shim and GRUB are
#                            installed (EFI_SHIM, EFI_GRUBX).
#   efi_publish_esp DIR ARGS [handoff]  ESP for publish mode: the stub as
#                            EFI/BOOT/BOOTX64.EFI with cmdline.txt ARGS; the
#                            signed shim and GRUB in EFI/debian/ with a
#                            grub.cfg that finds the mirror's file system by
#                            label and hands over to its /boot/grub/grub.cfg
#                            (prints AOE-ESP-CFG, AOE-ESP-FOUND <root> or
#                            AOE-ESP-NO-MIRROR). No kernel, no initrd. With
#                            "handoff" the grub.cfg names no aoe_* argument:
#                            /init takes the members from the stub's handoff.
#   efi_md_members           the members of md0 in the guest's
#                            AOEROOT-MDSTAT block, sorted: "e1.0,e1.1".
#   efi_expect_loaded FROM T_START T_KERNEL  wait for the stub's start (T_START
#                            s), its "kernel N bytes (FROM), initrd N bytes
#                            (FROM)" line (T_KERNEL s) and both targets.
#   efi_expect_mirror_root   wait for the initrd's LoadFile2 line, then the
#                            fixture root on md0 [UU] (efi_root_is e0.0,e0.1)
#                            and its power-off.

EFI_STUB=${top_builddir}/efi-stub/aoeboot.efi
EFI_MK=${top_srcdir}/efi-stub/mkaoeboot
EFI_BASE="console=ttyS0 root=/dev/md0 aoe_wait=5 lab_action=none"

efi_need_stub() {
	[ -f "$EFI_STUB" ] || lab_skip "no $EFI_STUB (configure --enable-efi; Debian: gnu-efi)"
	lab_require objcopy objdump mkfs.vfat mcopy
}

efi_payload() {
	initrd_need_init
	lab_kernel
	lab_fixture_mirror
	lab_restore_members
	initrd_pack "$LAB_TMP/initrd.gz"
}

efi_esp() {
	local dir=${1:?efi_esp DIR CMDLINE}
	mkdir -p "$dir/EFI/BOOT"
	cp "$EFI_STUB" "$dir/EFI/BOOT/BOOTX64.EFI"
	cp "$LAB_VMLINUZ" "$dir/EFI/BOOT/vmlinuz"
	cp "$LAB_TMP/initrd.gz" "$dir/EFI/BOOT/initrd.img"
	printf '%s\n' "$2" > "$dir/EFI/BOOT/cmdline.txt"
}

efi_onefile() {
	"$EFI_MK" -s "$EFI_STUB" -k "$LAB_VMLINUZ" -i "$LAB_TMP/initrd.gz" \
		-c "$2" -o "${1:?efi_onefile OUT CMDLINE}" >&2
}

efi_servers() {
	lab_net_up
	lab_server s0 0 0 "$LAB_M0"
	lab_server s1 0 1 "$LAB_M1"
}

efi_root_is() {
	local devs=${1:?efi_root_is DEVS} line got want
	initrd_root_up 180 || return 1
	line=$(lab_grep '^AOEROOT-CMDLINE ' | tail -1)
	echo "$line"
	# Members in any order (the picker lists them as discovered).
	got=$(printf '%s\n' "$line" | tr ' ' '\n' | sed -n 's/^aoe_md_devs=//p' | tr ',' '\n' | sort | paste -sd,)
	want=$(printf '%s\n' "$devs" | tr ',' '\n' | sort | paste -sd,)
	[ "$got" = "$want" ] ||
		{ lab_log "kernel command line has aoe_md_devs='$got', want '$want'"; return 1; }
	case " $line " in
	*" aoe_netdev=$LAB_MAC "*) ;;
	*) lab_log "kernel command line lacks aoe_netdev=$LAB_MAC"; return 1 ;;
	esac
	case " $line " in
	*" aoe_md_uuid=$LAB_FIX_UUID "*) ;;
	*) lab_log "kernel command line lacks aoe_md_uuid=$LAB_FIX_UUID"; return 1 ;;
	esac
	case " $line " in
	*aoeboot.*) lab_log "aoeboot.* options reached the kernel"; return 1 ;;
	esac
	lab_grep '^AOEROOT-ROOTDEV /dev/md' >/dev/null ||
		{ lab_log "root is not on md"; return 1; }
}

efi_pxe_start() {
	local tftp=${1:?efi_pxe_start TFTPDIR BOOTFILE} boot=${2:?bootfile}
	local code=${LAB_OVMF_CODE:-/usr/share/OVMF/OVMF_CODE.fd}
	local vars=${LAB_OVMF_VARS:-/usr/share/OVMF/OVMF_VARS.fd}
	[ -f "$code" ] || lab_skip "OVMF not installed ($code)"
	cp "$vars" "$LAB_TMP/OVMF_VARS.fd"
	LAB_NIC_OPTS=,romfile= lab_qemu_start \
		-drive "if=pflash,format=raw,unit=0,readonly=on,file=$code" \
		-drive "if=pflash,format=raw,unit=1,file=$LAB_TMP/OVMF_VARS.fd" \
		-netdev "user,id=u0,restrict=on,tftp=$tftp,bootfile=$boot" \
		-device virtio-net-pci,netdev=u0,bootindex=1,romfile=,mac=52:54:00:a0:e0:99
}

efi_expect_loaded() {
	local from=${1:?efi_expect_loaded FROM T_START T_KERNEL} t_start=${2:?} t_kernel=${3:?}
	lab_expect 'aoeboot: starting' "$t_start"
	lab_expect "kernel [0-9]+ bytes \\($from\\), initrd [0-9]+ bytes \\($from\\)" "$t_kernel"
	lab_expect '2 target\(s\) found' 30
}

efi_expect_mirror_root() {
	lab_expect 'Loaded initrd from LINUX_EFI_INITRD_MEDIA_GUID device path' 60
	efi_root_is e0.0,e0.1
	lab_grep '\[UU\]' >/dev/null || { echo "FAIL: md0 not [UU]"; exit 1; }
	lab_expect 'AOEROOT-ROOT-DOWN' 60
	lab_qemu_wait 30
}

EFI_SHIM=/usr/lib/shim/shimx64.efi.signed
EFI_GRUBX=/usr/lib/grub/x86_64-efi-signed/grubx64.efi.signed
efi_need_signed() {
	[ -f "$EFI_SHIM" ] || lab_skip "no $EFI_SHIM (Debian: shim-signed)"
	[ -f "$EFI_GRUBX" ] || lab_skip "no $EFI_GRUBX (Debian: grub-efi-amd64-signed)"
}

efi_publish_esp() {
	local esp=${1:?efi_publish_esp DIR ARGS} args=${2:?} set_args
	mkdir -p "$esp/EFI/BOOT" "$esp/EFI/debian"
	cp "$EFI_STUB" "$esp/EFI/BOOT/BOOTX64.EFI"
	echo "$args" > "$esp/EFI/BOOT/cmdline.txt"
	cp "$EFI_SHIM" "$esp/EFI/debian/shimx64.efi"
	cp "$EFI_GRUBX" "$esp/EFI/debian/grubx64.efi"
	# Without "handoff": the members and the array written into grub.cfg
	# by hand (the older way); with it, none: /init reads AoeRootHandoff.
	set_args="set aoe_args=\"aoe_netdev=$LAB_MAC aoe_md_devs=e0.0,e0.1 aoe_md_uuid=$LAB_FIX_UUID\""
	[ "${3:-}" = handoff ] && set_args="set aoe_args="
	cat > "$esp/EFI/debian/grub.cfg" <<CFG
echo "AOE-ESP-CFG"
set aoe_kernel_root=/dev/md0
$set_args
export aoe_kernel_root
export aoe_args
if search --no-floppy --label --set=root aoeroot; then
	echo "AOE-ESP-FOUND \$root"
	configfile /boot/grub/grub.cfg
fi
echo "AOE-ESP-NO-MIRROR"
CFG
}

efi_md_members() {
	tr -d '\r' < "$LAB_TMP/serial.log" | sed -n '/AOEROOT-MDSTAT-BEGIN/,/AOEROOT-MDSTAT-END/p' |
		grep -E '^md[0-9]+ :' | tail -1 | grep -oE 'e[0-9]+\.[0-9]+' | sort -u | paste -sd,
}
