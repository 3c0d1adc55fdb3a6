#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Storage VLAN in GRUB: OVMF -> GRUB + aoe.mod on the guest's trunk port.
# VLAN 42 holds the mirror (s0: e0.0, s1: e0.1) whose /boot has the kernel,
# the initrd and a grub.cfg; decoys answer e0.0 and e0.1 from copies of the
# pristine members (no /boot): du untagged, d7 on VLAN 7 (the switch floods
# VLAN 42's queries to VLAN 7, so d7 answers them, tagged 7).
#  - aoe_scan (untagged, control) lists only the untagged decoy;
#  - aoe_scan --vlan=42 lists only s0/s1 (no duplicate) and says how many
#    untagged and VLAN 7 answers it ignored (both > 0);
#  - aoe_select --vlan=42 accepts e0.0+e0.1, attaches them as disks read
#    over VLAN 42 (the kernel and initrd come from the mirror's /boot: the
#    decoys have none), sets aoe_args with aoe_vlan=42;
#  - /init makes aoe0.42, root on md0 [UU]; the decoys are never written.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd grub netboot vlan
lab_require qemu-system-x86_64 vblade cpio unshare mcopy mkfs.vfat mdadm mke2fs python3
lab_prelude vlan_grub grub init kernel mirror members initrd
nb_rootfs "$LAB_TMP/root.ext4" vlan42
nb_put_member "$LAB_M0" "$LAB_TMP/root.ext4"
nb_put_member "$LAB_M1" "$LAB_TMP/root.ext4"
rm -f "$LAB_TMP/root.ext4"
{
	grub_cfg_head
	cat <<'CFG'
echo GRUB-UP
aoe_scan --no-md --timeout=3000
echo SCAN-UNTAGGED-DONE
aoe_scan --no-md --vlan=42 --timeout=3000
echo SCAN-VLAN-DONE
if aoe_select --vlan=42 --timeout=1 --set=aoe_args --set-root=aoe_root; then
	set root=$aoe_root
	set aoe_kernel_root=/dev/md0
	export aoe_args
	export aoe_root
	export aoe_kernel_root
	export root
	configfile ($aoe_root)/boot/grub/grub.cfg
fi
echo GRUB-NOT-BOOTING
CFG
} > "$LAB_TMP/grub.cfg"
grub_esp "$LAB_TMP/esp" "$LAB_TMP/grub.cfg"
vlan_decoy_lab
LAB_MEM=768 lab_qemu_ovmf "$LAB_TMP/esp"
lab_expect 'SCAN-UNTAGGED-DONE' 120
lab_expect 'SCAN-VLAN-DONE' 60
lab_expect 'aoe: accepted \(unattended\)' 60
lab_expect 'AOE-MIRROR-CFG vlan42' 60
lab_expect 'AOE-MIRROR-KERNEL-LOADED vlan42' 300
lab_expect 'AOE-MIRROR-INITRD-LOADED vlan42' 120
lab_expect 'VLAN 42: aoe0\.42 on aoe0' 120
initrd_root_up 180
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 30 || :
echo "relay: $(vlan_relay_stats)"
log=$(tr -d '\r' < "$LAB_TMP/serial.log")
untagged=$(sed -n '/GRUB-UP/,/SCAN-UNTAGGED-DONE/p' <<< "$log")
tagged=$(sed -n '/SCAN-UNTAGGED-DONE/,/SCAN-VLAN-DONE/p' <<< "$log")
echo "---- untagged scan ----"; awk '/^aoe|^e0|macs/' <<< "$untagged"
echo "---- VLAN 42 scan ----"; awk '/^aoe|^e0|macs/' <<< "$tagged"
fail=0
grep -q "macs $DU_MAC\$" <<< "$untagged" || { echo "FAIL (control): the untagged scan does not show the decoy du"; fail=1; }
grep -Eq "$S0_MAC|$S1_MAC|$D7_MAC" <<< "$untagged" && { echo "FAIL: the untagged scan shows a tagged server"; fail=1; }
grep -q "^aoe: efinet0 $LAB_MAC: 2 target(s)" <<< "$tagged" || { echo "FAIL: VLAN scan: not 2 targets"; fail=1; }
grep -q "macs $S0_MAC\$" <<< "$tagged" || { echo "FAIL: VLAN scan: e0.0 not from s0 alone"; fail=1; }
grep -q "macs $S1_MAC\$" <<< "$tagged" || { echo "FAIL: VLAN scan: e0.1 not from s1 alone"; fail=1; }
grep -Eq "$DU_MAC|$D7_MAC|DUPLICATE|WARNING" <<< "$tagged" && { echo "FAIL: VLAN scan shows a decoy"; fail=1; }
ign=$(grep -o 'aoe: vlan 42: took [0-9]*, ignored [0-9]* untagged, [0-9]* other-VLAN (vlan 7)' <<< "$tagged" | head -1)
echo "ignored: $ign"
read -r took iu io < <(sed -E 's/.*took ([0-9]+), ignored ([0-9]+) untagged, ([0-9]+) other.*/\1 \2 \3/' <<< "$ign")
[ "${took:-0}" -gt 0 ] && [ "${iu:-0}" -gt 0 ] && [ "${io:-0}" -gt 0 ] ||
	{ echo "FAIL: the VLAN scan did not take VLAN 42 answers and ignore untagged and VLAN 7 ones"; fail=1; }
# GRUB wraps at 80 columns: the attach lines are read joined
joined=$(grep -A1 '^aoe: attached' <<< "$log" | grep -v '^--$' | paste -sd '\0' -)
grep -Eq "aoe: attached \(aoe/e0\.0\) on efinet0 from $S0_MAC: [^(]*, vlan 42" <<< "$joined" || { echo "FAIL: e0.0 not attached from s0 on vlan 42"; fail=1; }
grep -Eq "aoe: attached \(aoe/e0\.1\) on efinet0 from $S1_MAC: [^(]*, vlan 42" <<< "$joined" || { echo "FAIL: e0.1 not attached from s1 on vlan 42"; fail=1; }
cmdline=$(grub_cmdline)
echo "kernel command line: $cmdline"
for w in aoe_vlan=42 aoe_md_devs=e0.0,e0.1 "aoe_netdev=$LAB_MAC" aoeroot_tag=vlan42; do
	case " $cmdline " in *" $w "*) ;; *) echo "FAIL: command line lacks $w"; fail=1 ;; esac
done
lab_grep '\[UU\]' >/dev/null || { echo "FAIL: md0 not [UU]"; fail=1; }
vlan_decoys_unchanged || fail=1
[ $fail = 0 ] || { lab_serial_tail 60; exit 1; }
echo "PASS: GRUB on VLAN 42: only s0/s1 seen ($ign), kernel+initrd read over VLAN 42, aoe_vlan=42 -> aoe0.42, root [UU]"
