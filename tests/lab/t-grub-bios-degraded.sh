#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Legacy BIOS network boot with one AoE server down: SeaBIOS -> PXE ROM ->
# core.0 (GRUB i386-pc-pxe + aoe.mod; the only file on TFTP) from dnsmasq;
# only e0.0 answers; the root path aoe:e0.0,e0.1 is given with
# --root-path= (a DHCP root path would make the NIC's iPXE ROM boot the
# SAN itself instead of core.0).
# First an aoe_select --save is accepted by a person (Enter, at once):
# BIOS has nowhere to keep it, so the module says it was not saved and
# which --default= would keep it. Then an unattended countdown: the
# degraded-boot policy (common/choose) waits for e0.1, naming it on a
# countdown line, then accepts e0.0 alone, says "degraded: e0.1 missing"
# and attaches it; GRUB reads kernel and initrd from the degraded mirror
# ((mduuid/...) on (aoe/e0.0)); the kernel assembles md0 degraded [2/1].
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd grub pxe netboot
lab_require qemu-system-x86_64 vblade cpio unshare dnsmasq mdadm mke2fs
lab_prelude grub_bios_degraded init kernel mirror members initrd
nb_rootfs "$LAB_TMP/root.ext4" degraded
nb_put_member "$LAB_M0" "$LAB_TMP/root.ext4"
nb_put_member "$LAB_M1" "$LAB_TMP/root.ext4"
rm -f "$LAB_TMP/root.ext4"
{
	grub_cfg_head
	cat <<'CFG'
if aoe_select --timeout=600 --save --root-path=aoe:e0.0,e0.1 --set=person_args --set-root=person_root; then
	echo "PERSON-ARGS $person_args"
fi
if aoe_select --timeout=1 --root-path=aoe:e0.0,e0.1 --set=aoe_args --set-root=aoe_root; then
	echo "UNATTENDED-ARGS $aoe_args"
fi
echo "BIOS-ROOT ($aoe_root)"
linux ($aoe_root)/boot/vmlinuz root=/dev/md0 ro $aoe_args console=ttyS0
initrd ($aoe_root)/boot/initrd-aoe.img
boot
CFG
} > "$LAB_TMP/grub.cfg"
grub_pxe_dir "$LAB_TMP/tftp" "$LAB_TMP/grub.cfg"
[ "$(cd "$LAB_TMP/tftp" && find . -type f)" = ./core.0 ] || { echo "FAIL: the TFTP root holds more than core.0"; exit 1; }
lab_net_up
lab_server s0 0 0 "$LAB_M0"
lab_pxe_server "$LAB_TMP/tftp" core.0
LAB_MEM=768 grub_pxe_bios
lab_expect "$LAB_PICKER_SHOWN" 120
lab_send '\r'
lab_expect 'aoe: accepted \(by you\)' 60
lab_expect 'aoe: not saved \(BIOS has no EFI variables\)' 30
lab_expect 'aoe: waiting for e0\.1 \(missing\): degraded boot in [0-9]+ s' 60
lab_expect 'aoe: degraded: e0\.1 missing' 60
lab_expect 'aoe: accepted \(unattended\)' 60
lab_expect 'BIOS-ROOT \(mduuid/[0-9a-f]{32}\)' 60
initrd_root_up 120
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 30 || :
fail=0
lab_grep 'aoe: DHCP root path: aoe:e0\.0,e0\.1' >/dev/null || { echo "FAIL: the root path did not reach aoe_select"; fail=1; }
[ "$(lab_grep 'aoe: chosen by: DHCP root path \(members\)' | wc -l)" -ge 1 ] || { echo "FAIL: not chosen by the root path"; fail=1; }
lab_grep 'aoe: no saved selection on BIOS' >/dev/null || { echo "FAIL: no word that BIOS keeps no selection"; fail=1; }
lab_grep 'aoe: to keep it: aoe_select --default=e0\.0$' >/dev/null || { echo "FAIL: no --default hint for e0.0"; fail=1; }
lab_grep 'aoe: saved:' >/dev/null && { echo "FAIL: something claims to be saved"; fail=1; }
lab_grep 'aoe: attached \(aoe/e0\.0\)' >/dev/null || { echo "FAIL: e0.0 not attached"; fail=1; }
lab_pxe_served vmlinuz && { echo "FAIL: a kernel came by TFTP"; fail=1; }
want="aoe_netdev=$LAB_MAC aoe_md_devs=e0.0 aoe_md_uuid=$LAB_FIX_UUID"
cmdline=$(grub_cmdline)
echo "kernel command line: $cmdline"
case " $cmdline " in
*" $want "*) ;;
*) echo "FAIL: command line lacks '$want'"; fail=1 ;;
esac
lab_grep '^md0 : active raid1 etherd/e0\.0' >/dev/null || { echo "FAIL: md0 not on e0.0"; fail=1; }
lab_grep '\[2/1\] \[U_\]' >/dev/null || { echo "FAIL: md0 not degraded [2/1] [U_]"; fail=1; }
lab_grep '^AOEROOT-ROOTDEV /dev/md0' >/dev/null || { echo "FAIL: root is not /dev/md0"; fail=1; }
[ "$fail" = 0 ] || { lab_serial_tail 60; exit 1; }
echo "PASS: BIOS PXE, --root-path=aoe:e0.0,e0.1, e0.1 down: waited naming e0.1, countdown took e0.0 degraded, kernel+initrd from the degraded mirror, root on md0 [2/1] [U_]; --save on BIOS said not saved, in $(lab_elapsed)s"
