# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
# Helpers shared by the t-initrd-*.sh tests. Source after
# tests/lab/lib.sh.
#
#   initrd_pack OUT [MOD...]   initrd with initrd-min/init as /init for the
#                        lab kernel: mkinitrd-aoe when built, else a newc
#                        cpio made here (modules + depmod'ed tables).
#   initrd_boot APPEND   lab_qemu_direct with the packed $LAB_TMP/initrd.gz.
#   initrd_root_up       wait for the fixture root's markers; fail unless
#                        the file set checks out.
#   initrd_shell         wait for the fixture's shell (lab_action=shell).
#   initrd_status [--in-shell]  print /run/aoeroot/status from the booted
#                        root into $LAB_TMP/status, then leave the shell
#                        (needs lab_action=shell; --in-shell: initrd_shell
#                        already ran).
#   initrd_status_is KEY VALUE  check one status line.
#   initrd_refused REGEX wait for /init's "cannot boot" line matching REGEX.

INITRD_MODS="virtio_pci virtio_net e1000 aoe md_mod raid1 ext4 crc32c_generic"
INITRD_INIT=${INITRD_INIT:-$top_builddir/initrd-min/init}
INITRD_MK=${top_builddir}/initrd-min/mkinitrd-aoe

initrd_need_init() {
	[ -x "$INITRD_INIT" ] || lab_skip "no $INITRD_INIT (configure with musl-gcc: --enable-initrd)"
}

initrd_pack() {
	local out=${1:?initrd_pack OUT} d
	shift
	[ $# -gt 0 ] || set -- $INITRD_MODS
	initrd_need_init
	[ -n "${LAB_KVER:-}" ] || lab_kernel || return 1
	if [ -x "$INITRD_MK" ] && [ "${INITRD_NO_MK:-0}" != 1 ]; then
		"$INITRD_MK" --moddir "$LAB_MODDIR" --init "$INITRD_INIT" --nic all -o "$out" ||
			{ lab_die "mkinitrd-aoe failed"; return 1; }
		return 0
	fi
	d=$(mktemp -d "$LAB_TMP/initrd.XXXXXX")
	mkdir -p "$d/dev" "$d/proc" "$d/sys" "$d/run" "$d/root"
	mknod -m 600 "$d/dev/console" c 5 1
	cp "$INITRD_INIT" "$d/init"
	lab_modules_copy "$d" "$@" || return 1
	lab_cpio_pack "$d" "$out"
	rm -rf "$d"
}

initrd_boot() {
	lab_qemu_direct "$LAB_VMLINUZ" "$LAB_TMP/initrd.gz" "$1"
}

initrd_root_up() {
	lab_expect 'AOEROOT-ROOT-UP' "${1:-120}" || return 1
	lab_expect 'AOEROOT-FILESUM' 30 || return 1
	lab_grep '^AOEROOT-FILESUM ok' >/dev/null ||
		{ lab_log "root file set does not check out"; lab_serial_tail; return 1; }
}

initrd_shell() {
	lab_expect 'AOEROOT-SHELL' 30 || return 1
	sleep 0.5
}

initrd_status() {
	[ "${1:-}" = --in-shell ] || initrd_shell || return 1
	# split markers: the console echoes the typed command, which must not
	# match the expect (under load it arrives before the output)
	lab_send 'echo STATUS-""BEGIN; cat /run/aoeroot/status; echo STATUS-""END\r'
	lab_expect '^STATUS-END' 20 || return 1
	tr -d '\r' < "$LAB_TMP/serial.log" | sed -n '/^STATUS-BEGIN/,/^STATUS-END/p' | grep -v '^STATUS-' > "$LAB_TMP/status"
	cat "$LAB_TMP/status"
	lab_send 'exit\r'
}

# The status key $1 must equal $2.
initrd_status_is() {
	local got
	got=$(sed -n "s/^$1=//p" "$LAB_TMP/status" | tail -1)
	[ "$got" = "$2" ] || { lab_log "status $1='$got', expected '$2'"; return 1; }
}

initrd_refused() {
	lab_expect "cannot boot: .*($1)" "${2:-120}" || return 1
	lab_expect 'aoe_panic=' 10 || return 1
	lab_qemu_kill
}
