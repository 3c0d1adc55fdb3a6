#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# One picker for both boot loaders (docs/fleet.md): GRUB's aoe_select and
# the EFI stub, each booted from an ESP onto the same fleet SAN
# (tests/lab/fleet-lib.sh: 128 targets, 4 visible arrays, an unrelated
# duplicate, blank disks), no DHCP, the auto rules asked for, a long
# countdown. Both get the same keys: `/` and "node3" (filter on an array
# name), Enter (keep the filter), j (down), Space (toggle). After each key
# both draw their whole screen; the screens (the heading's NIC name aside:
# efinet0 in GRUB, the MAC in the stub) must be identical, line for line,
# on the first render and after every key.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd grub efi fleet
lab_require qemu-system-x86_64 vblade cpio unshare python3 truncate
lab_prelude fleet_pickers grub efi init kernel mirror members initrd
lab_net_up
fleet_san
KEYS=('/' 'n' 'o' 'd' 'e' '3' '\r' 'j' ' ')

# The screens in serial log LOG into directory OUT, one file per render: ANSI sequences and
# \r removed, from each heading to the end of its key help; the heading line
# itself left out.
screens() {
	local log=$1 out=$2
	rm -rf "$out" && mkdir -p "$out"
	sed 's/\x1b\[[0-9;?]*[A-Za-z]//g; s/\r//g' "$log" |
		awk -v out="$out" '
			/^aoe: AoE targets on / { on = 1; n++; f = sprintf("%s/%02d", out, n); next }
			on { print > f }
			/Enter accept, Esc\/q cancel$/ { on = 0; close(f) }'
	ls "$out" | wc -l
}

# drive NAME: the keys, each followed by a full screen.
drive() {
	local k
	lab_expect "$LAB_PICKER_SHOWN" 300
	sleep 0.5
	for k in "${KEYS[@]}"; do
		lab_send "$k"
		lab_expect "$LAB_PICKER_SHOWN" 60
	done
	sleep 1
	lab_qemu_kill
	cp "$LAB_TMP/serial.log" "$LAB_TMP/serial-$1.log"
}

cat > "$LAB_TMP/grub.cfg" <<CFG
$(grub_cfg_head)
aoe_select --timeout=120 --default=auto --set=aoe_args
echo GRUB-PICKER-DONE
halt
CFG
grub_esp "$LAB_TMP/grub-esp" "$LAB_TMP/grub.cfg"
LAB_MEM=768 lab_qemu_ovmf "$LAB_TMP/grub-esp"
drive grub
n_grub=$(screens "$LAB_TMP/serial-grub.log" "$LAB_TMP/screens-grub")

efi_esp "$LAB_TMP/efi-esp" "$EFI_BASE aoeboot.timeout=120 aoeboot.select=auto"
LAB_MEM=768 lab_qemu_ovmf "$LAB_TMP/efi-esp"
drive efi
n_efi=$(screens "$LAB_TMP/serial-efi.log" "$LAB_TMP/screens-efi")

echo "screens: GRUB $n_grub, EFI stub $n_efi"
[ "$n_grub" -eq $((${#KEYS[@]} + 1)) ] && [ "$n_efi" -eq "$n_grub" ] ||
	{ echo "FAIL: expected $((${#KEYS[@]} + 1)) screens from each"; exit 1; }
if ! diff -u "$LAB_TMP/screens-grub" "$LAB_TMP/screens-efi"; then
	echo "FAIL: GRUB and the EFI stub drew different screens for the same targets and keys"
	exit 1
fi
last=$LAB_TMP/screens-grub/$(printf '%02d' "$n_grub")
cat "$last"
# 122 = 127 shelf.slots answer the SAN's 128 exports, 5 are masked to another MAC
grep -q "^filter: node3 (2 of 122)$" "$last" || { echo "FAIL: the filter line"; exit 1; }
grep -q '^-- md [0-9a-f]\{8\} node3:' "$last" || { echo "FAIL: no group line for node3's array"; exit 1; }
[ "$(grep -c '^.\[x\]' "$last")" -ge 1 ] || { echo "FAIL: Space selected no row"; exit 1; }
grep -q '^-- other targets (' "$LAB_TMP/screens-grub/01" || { echo "FAIL: first screen has no other targets group"; exit 1; }
echo "PASS: GRUB and the EFI stub drew the same $n_grub screens (128 targets; filter, move, toggle)"
