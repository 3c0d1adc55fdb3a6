#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A diskless machine and a person at the serial console. OVMF PXE-boots
# GRUB (aoe.mod embedded) from QEMU's built-in TFTP on one NIC (user-mode
# network, inside QEMU only); GRUB loads kernel and initrd over TFTP; AoE
# runs on a second NIC on the lab bridge (the picker finds it by trying the
# cards in turn). After the picker's ready marker, key `2` deselects row 2
# (e0.1) and Enter accepts: the kernel gets aoe_md_devs=e0.0 only, initrd-min
# assembles md0 degraded, and the choice (made by a person, --save) is
# stored in the EFI variable.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd grub
lab_require qemu-system-x86_64 vblade cpio unshare
lab_prelude grub_keys grub init kernel mirror members initrd
{
	grub_cfg_head
	cat <<'CFG'
echo "GRUB-CMDPATH=$cmdpath"
if aoe_select --timeout=60 --save --set=aoe_args; then
	linux $cmdpath/vmlinuz root=/dev/md0 ro $aoe_args aoe_wait=5 console=ttyS0
	initrd $cmdpath/initrd.img
	boot
fi
echo GRUB-NOT-BOOTING
halt
CFG
} > "$LAB_TMP/grub.cfg"
tftp=$LAB_TMP/tftp
"$GRUB_MKIMAGE" --mod "$GRUB_MOD" --cfg "$LAB_TMP/grub.cfg" --netdir "$tftp" >/dev/null
cp "$LAB_VMLINUZ" "$tftp/vmlinuz"
cp "$LAB_TMP/initrd.gz" "$tftp/initrd.img"
code=${LAB_OVMF_CODE:-/usr/share/OVMF/OVMF_CODE.fd}
vars=${LAB_OVMF_VARS:-/usr/share/OVMF/OVMF_VARS.fd}
[ -f "$code" ] && [ -f "$vars" ] || lab_skip "OVMF not installed ($code)"
cp "$vars" "$LAB_TMP/OVMF_VARS.fd"
lab_net_up
lab_server s0 0 0 "$LAB_M0"
lab_server s1 0 1 "$LAB_M1"
# PXE NIC first in boot order (romfile= : OVMF's own virtio-net driver);
# the AoE NIC needs a bootindex too, or OVMF starts no SNP on it.
LAB_MEM=768 LAB_NIC_OPTS=",bootindex=1" lab_qemu_start \
	-drive "if=pflash,format=raw,unit=0,readonly=on,file=$code" \
	-drive "if=pflash,format=raw,unit=1,file=$LAB_TMP/OVMF_VARS.fd" \
	-netdev "user,id=u0,restrict=on,tftp=$tftp,bootfile=bootx64.efi" \
	-device "virtio-net-pci,netdev=u0,mac=52:54:00:b0:00:01,bootindex=0,romfile="
lab_expect 'GRUB-CMDPATH=\(tftp' 120
lab_expect "$LAB_PICKER_SHOWN" 90
sleep 0.5
lab_send '2'
lab_expect '^>\[ \] 2 +e0\.1' 60
lab_send '\r'
lab_expect 'aoe: accepted \(by you\): aoe_netdev=52:54:00:a0:e0:01 aoe_md_devs=e0\.0( |$)' 60
lab_expect 'aoe: saved: v1 netdev=52:54:00:a0:e0:01 devs=e0\.0( |$)' 60
initrd_root_up 180
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 30 || :
cmdline=$(grub_cmdline)
echo "kernel command line: $cmdline"
case " $cmdline " in
*" aoe_md_devs=e0.0 "*) ;;
*) echo "FAIL: command line lacks aoe_md_devs=e0.0"; exit 1 ;;
esac
lab_grep '\[U_\]|\[_U\]' >/dev/null || { echo "FAIL: md0 not degraded"; lab_serial_tail 40; exit 1; }
echo "PASS: PXE-booted GRUB; key 2 + Enter deselected e0.1; root on degraded md0; selection saved"
