# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
# Helpers shared by the t-grub-*.sh tests. Source after
# tests/lab/lib.sh.
#
#   grub_need_mod        lab_skip unless grub-mod/aoe.mod is built.
#   grub_esp DIR CFG [KERNEL INITRD]  an ESP directory: EFI/BOOT/BOOTX64.EFI
#                        (GRUB + aoe.mod, CFG embedded) and, when given,
#                        EFI/BOOT/vmlinuz + EFI/BOOT/initrd.img beside it.
#   grub_cfg_head        the serial-console preamble every test config uses.
#   grub_pxe_dir DIR CFG [KERNEL INITRD]  a TFTP root for BIOS PXE: DIR/core.0
#                        (GRUB i386-pc-pxe + the i386-pc aoe.mod, CFG
#                        embedded) and, when given, DIR/vmlinuz DIR/initrd.img.
#   grub_pxe_bios [QEMU ARGS...]  SeaBIOS (-machine pc) booting from the
#                        guest NIC alone (-boot n) with QEMU's iPXE option
#                        ROM, i.e. the NIC's PXE stack; AoE then runs on the
#                        same NIC through GRUB's pxe card. Needs
#                        lab_pxe_server (tests/lab/pxe-lib.sh) serving DIR.
#   grub_cmdline         print the kernel command line the root reported.

GRUB_MOD=${top_builddir}/grub-mod/aoe.mod
GRUB_PC_MOD=${top_builddir}/grub-mod/i386-pc/aoe.mod
GRUB_MKIMAGE=${top_srcdir}/grub-mod/mkimage-aoe.sh

grub_need_mod() {
	[ -f "$GRUB_MOD" ] || lab_skip "no $GRUB_MOD (configure --enable-grub; make)"
	command -v grub-mkimage >/dev/null || lab_skip "grub-mkimage missing (grub-common)"
}

# Keys from both GRUB's serial terminal and the firmware console: OVMF polls
# the same UART, so a key may reach either. Output only on GRUB's serial
# terminal (through the firmware console too, OVMF would print it twice).
grub_cfg_head() {
	cat <<'CFG'
serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial
CFG
}

grub_esp() {
	local dir=${1:?grub_esp DIR CFG [KERNEL INITRD]} cfg=${2:?grub_esp DIR CFG}
	mkdir -p "$dir"
	"$GRUB_MKIMAGE" --mod "$GRUB_MOD" --cfg "$cfg" --esp "$dir" >/dev/null ||
		{ lab_die "mkimage-aoe.sh failed"; return 1; }
	if [ $# -ge 4 ]; then
		cp "$3" "$dir/EFI/BOOT/vmlinuz"
		cp "$4" "$dir/EFI/BOOT/initrd.img"
	fi
}

grub_cmdline() {
	lab_grep '^AOEROOT-CMDLINE ' | tail -n1 | sed 's/^AOEROOT-CMDLINE //'
}

grub_pxe_dir() {
	local dir=${1:?grub_pxe_dir DIR CFG [KERNEL INITRD]} cfg=${2:?grub_pxe_dir DIR CFG}
	[ -f "$GRUB_PC_MOD" ] || lab_skip "no $GRUB_PC_MOD (grub-pc-bin; configure --enable-grub; make)"
	command -v grub-mkimage >/dev/null || lab_skip "grub-mkimage missing (grub-common)"
	mkdir -p "$dir"
	"$GRUB_MKIMAGE" --format i386-pc-pxe --mod "$GRUB_PC_MOD" --cfg "$cfg" --netdir "$dir" >/dev/null ||
		{ lab_die "mkimage-aoe.sh --format i386-pc-pxe failed"; return 1; }
	if [ $# -ge 4 ]; then
		cp "$3" "$dir/vmlinuz"
		cp "$4" "$dir/initrd.img"
	fi
}

grub_pxe_bios() {
	[ -f /usr/share/seabios/bios-256k.bin ] || [ -f /usr/share/seabios/bios.bin ] ||
		lab_skip "SeaBIOS missing (seabios, a dependency of qemu-system-x86)"
	LAB_NIC_OPTS=${LAB_NIC_OPTS-} lab_qemu_start -machine pc -boot n "$@"
}
