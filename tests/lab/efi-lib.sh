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
