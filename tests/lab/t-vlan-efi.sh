#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Storage VLAN in the UEFI stub: aoeboot.efi from an ESP with
# aoeboot.vlan=42 on the guest's trunk port. VLAN 42 holds the mirror (s0:
# e0.0, s1: e0.1); decoys answer e0.0 and e0.1 from copies of the members:
# du untagged, d7 on VLAN 7 (the switch floods VLAN 42's queries to VLAN
# 7). The stub must find exactly s0 and s1 (an untagged stub would see du
# and refuse nothing but pick the wrong disks), say how many untagged and
# VLAN 7 answers it ignored, and boot the kernel with aoe_vlan=42; /init
# makes aoe0.42 and the root comes up on md0 [UU]; decoys unchanged.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd efi vlan
lab_require qemu-system-x86_64 vblade cpio unshare python3
lab_prelude vlan_efi efi
efi_payload
vlan_decoy_lab
efi_esp "$LAB_TMP/esp" "$EFI_BASE aoeboot.vlan=42 aoeboot.timeout=1 aoeboot.verbose=2"
lab_qemu_ovmf "$LAB_TMP/esp"
lab_expect 'aoeboot: starting' 60
lab_expect '2 target\(s\) found' 60
lab_expect 'aoeboot: vlan 42: took' 10
lab_expect "$LAB_PICKER_SHOWN" 10
lab_expect 'VLAN 42: aoe0\.42 on aoe0' 180
efi_root_is e0.0,e0.1
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 30 || :
echo "relay: $(vlan_relay_stats)"
fail=0
ign=$(lab_grep 'aoeboot: vlan 42: took [0-9]+, ignored [0-9]+ untagged, [0-9]+ other-VLAN' | tail -1)
echo "stub: $ign"
read -r took iu io < <(sed -E 's/.*took ([0-9]+), ignored ([0-9]+) untagged, ([0-9]+) other.*/\1 \2 \3/' <<< "$ign")
[ "${took:-0}" -gt 0 ] && [ "${iu:-0}" -gt 0 ] && [ "${io:-0}" -gt 0 ] ||
	{ echo "FAIL: the stub did not take VLAN 42 answers and ignore untagged and VLAN 7 ones"; fail=1; }
lab_grep "$DU_MAC|$D7_MAC|DUPLICATE" && { echo "FAIL: the stub shows a decoy"; fail=1; }
cmdline=$(lab_grep '^AOEROOT-CMDLINE ' | tail -1)
case " $cmdline " in *" aoe_vlan=42 "*) ;; *) echo "FAIL: the kernel did not get aoe_vlan=42"; fail=1 ;; esac
lab_grep '\[UU\]' >/dev/null || { echo "FAIL: md0 not [UU]"; fail=1; }
vlan_decoys_unchanged || fail=1
[ $fail = 0 ] || { lab_serial_tail 60; exit 1; }
echo "PASS: aoeboot.vlan=42: only VLAN 42's mirror ($ign), kernel got aoe_vlan=42, aoe0.42, root [UU]"
