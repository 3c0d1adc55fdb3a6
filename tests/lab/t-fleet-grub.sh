#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Fleet scale in GRUB (docs/fleet.md): UEFI PXE from dnsmasq, whose answer
# carries root path aoe:e0.0,e0.1 and host name "lab", onto a SAN of 128
# targets from 8 servers (tests/lab/fleet-lib.sh: three other arrays
# visible, two masked to another machine, an unrelated duplicate, 113
# blank disks). One boot, five unattended choices (aoe_select --timeout=0
# --default=auto), the test changing the servers between them:
#  1 the DHCP root path picks e0.0,e0.1 (the unrelated duplicate: a
#    warning only; aoe_scan then lists e7.100 as DUPLICATE);
#  2 the DHCP host name picks lab:aoeroot (--root-path=none);
#  3 masked servers: the other arrays masked to another MAC, no hints:
#    the only array visible is chosen;
#  4 an impostor exports e0.1 too: refused (it may hide a member);
#  5 impostor gone: the root path picks again and the machine boots root on
#    md0 [UU] from the kernel and initrd GRUB loads by TFTP.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd grub pxe fleet
lab_require qemu-system-x86_64 vblade cpio unshare dnsmasq python3 truncate
lab_prelude fleet_grub grub init kernel mirror members initrd
sel='aoe_select --timeout=0 --default=auto'
want="aoe_netdev=$LAB_MAC aoe_md_devs=e0.0,e0.1 aoe_md_uuid=$LAB_FIX_UUID"
# check CASE VAR: GRUB compares the arguments itself (its lines wrap at 80)
check() { echo "if [ \"\$$2\" = \"$want\" ]; then echo \"AOE-FLEET-OK $1\"; else echo \"AOE-FLEET-OTHER $1\"; echo \"\$$2\"; fi"; }
{
	grub_cfg_head
	cat <<CFG
echo AOE-FLEET-CASE rootpath
if $sel --set=a1; then $(check rootpath a1); else echo "AOE-FLEET-NO rootpath"; fi
echo AOE-FLEET-CASE list
aoe_scan --no-md
echo AOE-FLEET-LISTED
echo AOE-FLEET-CASE hostname
if $sel --root-path=none --set=a2; then $(check hostname a2); else echo "AOE-FLEET-NO hostname"; fi
echo AOE-FLEET-WAIT mask
read x
echo AOE-FLEET-CASE masked
if $sel --root-path=none --hostname=nobody --set=a3; then $(check masked a3); else echo "AOE-FLEET-NO masked"; fi
echo AOE-FLEET-WAIT impostor
read x
echo AOE-FLEET-CASE impostor
if $sel --set=a4; then $(check impostor a4); else echo "AOE-FLEET-NO impostor"; fi
echo AOE-FLEET-WAIT boot
read x
echo AOE-FLEET-CASE boot
if $sel --set=aoe_args; then
	$(check boot aoe_args)
	if linux \$cmdpath/vmlinuz root=/dev/md0 ro \$aoe_args console=ttyS0 aoe_wait=30 lab_action=none; then
		if initrd \$cmdpath/initrd.img; then
			boot
		fi
	fi
fi
echo AOE-FLEET-NO boot
halt
CFG
} > "$LAB_TMP/grub.cfg"
mkdir -p "$LAB_TMP/tftp"
"$GRUB_MKIMAGE" --mod "$GRUB_MOD" --cfg "$LAB_TMP/grub.cfg" --netdir "$LAB_TMP/tftp" \
	--modules read >/dev/null || { echo "FAIL: mkimage-aoe.sh"; exit 1; }
cp "$LAB_VMLINUZ" "$LAB_TMP/tftp/vmlinuz"
cp "$LAB_TMP/initrd.gz" "$LAB_TMP/tftp/initrd.img"
lab_net_up
fleet_san
lab_pxe_server "$LAB_TMP/tftp" bootx64.efi root-path=aoe:e0.0,e0.1 hostname=lab
LAB_MEM=768 lab_pxe_ovmf

ok() {   # ok CASE RULE: the case accepted exactly this machine's mirror by RULE
	lab_expect "aoe: chosen by: $2" 300 || { echo "FAIL: case $1 not chosen by $2"; exit 1; }
	lab_expect "AOE-FLEET-(OK|OTHER|NO) $1" 120 || exit 1
	lab_grep "^AOE-FLEET-OK $1\$" >/dev/null ||
		{ echo "FAIL: case $1 did not choose $want"; lab_serial_tail 40; exit 1; }
}
lab_expect 'AOE-FLEET-CASE rootpath' 240
lab_expect 'aoe: DHCP root path: aoe:e0.0,e0.1' 30
ok rootpath 'DHCP root path \(members\)'
lab_grep 'holds no member of the array: ignored' >/dev/null ||
	{ echo "FAIL: the unrelated duplicate e7.100 was not reported"; exit 1; }
# the whole list (aoe_scan): e7.100's row and its warning name the duplicate
lab_expect 'AOE-FLEET-LISTED' 300 || { echo "FAIL: aoe_scan did not finish"; exit 1; }
lab_grep 'e7\.100 .*DUPLICATE' >/dev/null ||
	{ echo "FAIL: e7.100's row does not say DUPLICATE"; lab_serial_tail 40; exit 1; }
lab_grep 'WARNING: e7\.100 is answered by 2 devices' >/dev/null ||
	{ echo "FAIL: aoe_scan did not warn that e7.100 is answered by 2 devices"; exit 1; }
ok hostname 'DHCP host name \(md homehost\)'
lab_expect 'AOE-FLEET-WAIT mask' 60
fleet_mask_visible
lab_send '\r'
ok masked 'the only array visible'
lab_expect 'AOE-FLEET-WAIT impostor' 60
fleet_impostor up
lab_send '\r'
# nothing acceptable: the picker stays up for a person (common/choose);
# the person cancels, and aoe_select fails
lab_expect 'aoe: waiting for a person' 300 ||
	{ echo "FAIL: the duplicate of member e0.1 did not stop the unattended choice"; exit 1; }
lab_send 'q'
lab_expect 'AOE-FLEET-(OK|OTHER|NO) impostor' 60
lab_grep '^AOE-FLEET-NO impostor' >/dev/null ||
	{ echo "FAIL: the duplicate of member e0.1 did not stop the unattended choice"; exit 1; }
lab_grep 'duplicate shelf.slot may hide a member' >/dev/null ||
	{ echo "FAIL: no word of the duplicate member"; exit 1; }
lab_expect 'AOE-FLEET-WAIT boot' 60
fleet_impostor down
lab_send '\r'
ok boot 'DHCP root path \(members\)'
initrd_root_up 240
lab_expect 'AOEROOT-ROOT-DOWN' 120
lab_qemu_wait 60 || :
lab_grep '\[UU\]' >/dev/null || { echo "FAIL: md0 not [UU]"; lab_serial_tail 40; exit 1; }
lab_grep '^AOEROOT-ROOTDEV /dev/md0' >/dev/null || { echo "FAIL: root is not /dev/md0"; exit 1; }
echo "PASS: 128 targets / 8 servers in GRUB: root path, host name, masked servers pick e0.0+e0.1; unrelated duplicate ignored, duplicate of a member refused; root on md0 [UU] in $(lab_elapsed)s"
