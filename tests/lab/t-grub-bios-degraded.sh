#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Legacy BIOS network boot with one AoE server down: SeaBIOS -> PXE ROM ->
# core.0 (GRUB i386-pc-pxe + aoe.mod) from dnsmasq; only e0.0 answers. The
# unattended countdown accepts e0.0 alone, the kernel (by TFTP) assembles
# md0 degraded [2/1]. In the same GRUB run a second aoe_select --save is
# accepted by a person (Enter): BIOS has nowhere to keep it, so the module
# says it was not saved and which --default= would keep it; booting goes on.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
. "$(dirname "$0")/initrd-lib.sh"
. "$(dirname "$0")/grub-lib.sh"
. "$(dirname "$0")/pxe-lib.sh"
lab_require qemu-system-x86_64 vblade cpio unshare dnsmasq
lab_init grub_bios_degraded
initrd_need_init
lab_kernel
lab_fixture_mirror
lab_restore_members
initrd_pack "$LAB_TMP/initrd.gz"
{
	grub_cfg_head
	cat <<'CFG'
if aoe_select --timeout=1 --set=aoe_args; then
	echo "UNATTENDED-ARGS $aoe_args"
fi
if aoe_select --timeout=600 --save --set=person_args; then
	echo "PERSON-ARGS $person_args"
fi
linux $cmdpath/vmlinuz root=/dev/md0 ro $aoe_args console=ttyS0
initrd $cmdpath/initrd.img
boot
CFG
} > "$LAB_TMP/grub.cfg"
grub_pxe_dir "$LAB_TMP/tftp" "$LAB_TMP/grub.cfg" "$LAB_VMLINUZ" "$LAB_TMP/initrd.gz"
lab_net_up
lab_server s0 0 0 "$LAB_M0"
lab_pxe_server "$LAB_TMP/tftp" core.0
LAB_MEM=768 grub_pxe_bios
lab_expect 'aoe: accepted \(unattended\)' 120
lab_expect 'AOE-PICKER-READY' 60
lab_send '\r'
lab_expect 'aoe: accepted \(by you\)' 60
lab_expect 'aoe: not saved \(BIOS has no EFI variables\)' 30
initrd_root_up 120
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 30 || :
fail=0
lab_grep 'aoe: no saved selection on BIOS' >/dev/null || { echo "FAIL: no word that BIOS keeps no selection"; fail=1; }
lab_grep 'aoe: to keep it: aoe_select --default=e0\.0$' >/dev/null || { echo "FAIL: no --default hint for e0.0"; fail=1; }
lab_grep 'aoe: saved:' >/dev/null && { echo "FAIL: something claims to be saved"; fail=1; }
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
echo "PASS: BIOS PXE with e0.1 down: countdown took e0.0, root on md0 [2/1] [U_]; --save on BIOS said not saved, in $(lab_elapsed)s"
