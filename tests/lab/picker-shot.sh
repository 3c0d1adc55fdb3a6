#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# picker-shot.sh OUT.png - the picture of the picker in README.md: GRUB
# (OVMF, its text console) on the fleet SAN of tests/lab/fleet-lib.sh (128
# targets, 8 servers), aoe_select with the host name rule, the screen taken
# with QEMU's HMP screendump once the picker waits. Run as root from the
# build tree: make picker-png (writes docs/picker.png in the source tree).
set -eu
out=$(realpath -m "${1:?usage: picker-shot.sh OUT.png}")
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
. "$(dirname "$0")/grub-lib.sh"
. "$(dirname "$0")/fleet-lib.sh"
lab_require qemu-system-x86_64 vblade unshare python3 truncate
lab_init picker_shot
grub_need_mod
lab_kernel
lab_fixture_mirror
lab_restore_members
cat > "$LAB_TMP/grub.cfg" <<'CFG'
serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial console
aoe_select --timeout=86400 --default=auto --hostname=lab
halt
CFG
grub_esp "$LAB_TMP/esp" "$LAB_TMP/grub.cfg"
lab_net_up
fleet_san
LAB_MEM=768 lab_qemu_ovmf "$LAB_TMP/esp" -device VGA
lab_expect "$LAB_PICKER_SHOWN" 300
lab_send 'j'
lab_expect "$LAB_PICKER_SHOWN|chosen by" 30 || :
sleep 3
lab_monitor "screendump $LAB_TMP/picker.ppm"
sleep 2
python3 "$top_srcdir/tools/ppm2png.py" "$LAB_TMP/picker.ppm" "$out"
lab_qemu_kill
echo "picker-shot: wrote $out"
