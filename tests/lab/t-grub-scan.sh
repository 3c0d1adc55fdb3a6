#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# OVMF -> GRUB with aoe.mod: aoe_scan lists the vblade targets (mirror
# members e0.0 and e0.1, and an impostor also answering as e0.1 from another
# host with another disk); the table shows sizes, the md array, and the
# duplicate warning; aoe_select never picks the duplicated array by itself
# (it fails with --timeout=0), and GRUB carries on.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use grub
lab_require qemu-system-x86_64 vblade unshare mcopy mkfs.vfat
lab_prelude grub_scan grub mirror single members
{
	grub_cfg_head
	cat <<'CFG'
echo GRUB-UP
aoe_scan --timeout=4000 --set=found
echo "SCAN-FOUND=$found"
if aoe_select --timeout=0 --set=args; then echo "SELECT-OK=$args"; else echo "SELECT-REFUSED"; fi
echo GRUB-STILL-RUNNING
halt
CFG
} > "$LAB_TMP/grub.cfg"
grub_esp "$LAB_TMP/esp" "$LAB_TMP/grub.cfg"
lab_net_up
lab_server s0 0 0 "$LAB_M0"
lab_server s1 0 1 "$LAB_M1"
lab_server imp 0 1 "$LAB_SINGLE"
lab_qemu_ovmf "$LAB_TMP/esp"
lab_expect 'GRUB-UP' 60
lab_expect 'SCAN-FOUND=' 60
# nothing acceptable: the picker stays up for a person (common/choose);
# the person cancels, aoe_select fails and GRUB carries on
lab_expect 'aoe: waiting for a person' 120
lab_send 'q'
lab_expect 'GRUB-STILL-RUNNING' 60
lab_qemu_wait 30 || :
lab_grep '^(aoe|SCAN|SELECT| *e0|      )' | head -40
fail=0
lab_grep '^aoe: efinet0 52:54:00:a0:e0:01: 2 target\(s\)' >/dev/null || { echo "FAIL: not 2 targets on efinet0"; fail=1; }
lab_grep '^SCAN-FOUND=e0\.0,e0\.1$' >/dev/null || { echo "FAIL: --set list"; fail=1; }
uuid8=${LAB_FIX_UUID%%:*}
lab_grep "^e0\.0 +64\.0M +md $uuid8 role [01] ev [0-9]+ fresh [^ ]+" >/dev/null || { echo "FAIL: e0.0 row"; fail=1; }
lab_grep "model \"Coraid EtherDrive vblade\" serial \"0\.0:s0\" 131072 sectors" >/dev/null || { echo "FAIL: e0.0 identity"; fail=1; }
lab_grep "^e0\.1 .*DUPLICATE" >/dev/null || { echo "FAIL: e0.1 not flagged duplicate"; fail=1; }
lab_grep "WARNING: e0\.1 is answered by 2 devices" >/dev/null || { echo "FAIL: no duplicate warning"; fail=1; }
lab_grep "md 1\.2 uuid $LAB_FIX_UUID" >/dev/null || { echo "FAIL: full md uuid"; fail=1; }
lab_grep '^SELECT-REFUSED' >/dev/null || { echo "FAIL: aoe_select chose despite the impostor"; fail=1; }
[ $fail = 0 ] || { lab_serial_tail 60; exit 1; }
echo "PASS: aoe_scan lists e0.0 and e0.1 with md info, flags the duplicate; no auto choice"
