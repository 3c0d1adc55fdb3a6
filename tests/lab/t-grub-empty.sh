#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# No AoE target on the wire: aoe_scan says so; aoe_select (common/choose)
# says so at its countdown's end and scans again (the servers may be coming
# up) until a key: q (or Esc) cancels it, and GRUB carries on with the rest of the
# config (the menu stays usable).
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use grub
lab_require qemu-system-x86_64 mcopy mkfs.vfat
lab_prelude grub_empty grub
{
	grub_cfg_head
	cat <<'CFG'
aoe_scan --timeout=1500
if aoe_select --timeout=1; then echo SELECT-OK; else echo "SELECT-FAILED"; fi
echo GRUB-STILL-RUNNING
halt
CFG
} > "$LAB_TMP/grub.cfg"
grub_esp "$LAB_TMP/esp" "$LAB_TMP/grub.cfg"
lab_net_up
lab_qemu_ovmf "$LAB_TMP/esp"
lab_expect 'aoe: no AoE targets answered; scanning again' 90
lab_expect 'aoe: scanning efinet0' 60
lab_expect 'aoe: no AoE targets answered; scanning again' 90
lab_send 'q'
lab_expect 'GRUB-STILL-RUNNING' 90
lab_qemu_wait 30 || :
lab_grep '^(aoe|error|SELECT)' | head
fail=0
lab_grep 'aoe: no AoE targets answered on efinet0' >/dev/null || { echo "FAIL: aoe_scan message"; fail=1; }
lab_grep 'aoe_select: cancelled' >/dev/null || { echo "FAIL: aoe_select message"; fail=1; }
lab_grep '^SELECT-FAILED' >/dev/null || { echo "FAIL: aoe_select did not fail"; fail=1; }
[ $fail = 0 ] || { lab_serial_tail 40; exit 1; }
echo "PASS: no targets: clear messages, aoe_select scans again until q, then fails, GRUB goes on"
