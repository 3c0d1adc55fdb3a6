#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# GRUB (x86_64-efi aoe_select) and the UEFI stub (publish mode) run the
# same boot-choice session (common/choose) on the same SAN with the same
# keys, and end in the same decision with the same screen.
# The SAN is a split brain made as t-fault-splitbrain.sh makes it: a setup
# guest runs each half alone and writes to it, so each superblock marks the
# other half failed. Unattended, neither half may be used: at the
# countdown's end both say "nothing acceptable" with the reason and the
# picker stays up, waiting for a person (GRUB used to return to its prompt).
# Keys: 1 and 2 (select both halves), Enter: refused (split brain, the
# reason on screen), q: cancelled. Neither half is attached by GRUB nor
# published by the stub. The lines of the two sessions (the picker's
# screens and every "aoe: " line of the session) are compared.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd grub efi fault
lab_require qemu-system-x86_64 vblade cpio unshare mdadm
lab_prelude choose_same grub init kernel mirror members
efi_need_stub

echo "== setup guest: run each half alone and write to it"
cat > "$LAB_TMP/split.sh" <<'SH'
side() { # DEVICE COUNTER
	mdadm -A --run /dev/md0 "$1"
	mount -t ext4 /dev/md0 /mnt
	echo "$2" > /mnt/var/lib/boot-counter
	umount /mnt
	mdadm -S /dev/md0
}
side /dev/vda 1
side /dev/vdb 2
mdadm --examine /dev/vda /dev/vdb | grep -E '^/dev|Events|Array State'
SH
lab_setup_guest "$LAB_TMP/split.sh" "$LAB_M0" "$LAB_M1"
st0=$(mdadm --examine "$LAB_M0" | sed -n 's/^ *Array State : \([^ ]*\).*/\1/p')
st1=$(mdadm --examine "$LAB_M1" | sed -n 's/^ *Array State : \([^ ]*\).*/\1/p')
echo "array state: e0.0 $st0, e0.1 $st1"
[ "$st0" = A. ] && [ "$st1" = .A ] || fault_fail "setup: halves do not each mark the other gone ($st0, $st1)"
lab_net_up
lab_server s0 0 0 "$LAB_M0"
lab_server s1 0 1 "$LAB_M1"

# The session's lines: from the first picker screen to "aoe: cancelled",
# without the platform's own lines (scanning, the firmware's) and with
# the title's NIC name (efinet0 / the MAC) made alike.
session() {
	tr -d '\r' < "$1" | sed 's/\x1b\[[0-9;=]*[A-Za-z]//g' |
		sed -n '/^aoe: AoE targets on /,/^aoe: cancelled/p' |
		grep -E '^(aoe: |-- |[ >]\[|keys: |      Enter|error: |warning: |booting in |chosen by: |rows |\(no AoE)' |
		grep -vE '^aoe: (scanning|vlan) ' |
		sed 's/^aoe: AoE targets on .*/aoe: AoE targets on NIC/'
}
keys() {
	lab_expect 'aoe: nothing acceptable to boot unattended:' 240
	lab_expect 'aoe: waiting for a person: choose with the keys' 30
	# the picker stays up: no boot in the next seconds
	sleep 10
	lab_grep 'aoe: accepted' && { echo "FAIL: $1 accepted a split brain unattended"; exit 1; }
	lab_send '1'
	lab_send '2'
	lab_send '\r'
	lab_expect 'aoe: not booted: refused: split brain' 60
	lab_send 'q'
	lab_expect 'aoe: cancelled' 60
}

echo "== GRUB"
{
	grub_cfg_head
	cat <<'CFG'
if aoe_select --timeout=1 --default=auto; then echo "AOE-SAME-BOOT"; else echo "AOE-SAME-NOBOOT"; fi
halt
CFG
} > "$LAB_TMP/grub.cfg"
grub_esp "$LAB_TMP/grub-esp" "$LAB_TMP/grub.cfg"
lab_qemu_ovmf "$LAB_TMP/grub-esp"
keys GRUB
lab_expect 'AOE-SAME-(NO)?BOOT' 60
lab_qemu_wait 30 || :
cp "$LAB_TMP/serial.log" "$LAB_TMP/grub.log"
lab_grep '^AOE-SAME-NOBOOT' >/dev/null || { echo "FAIL: GRUB's aoe_select did not fail"; exit 1; }
lab_grep 'aoe: attached' && { echo "FAIL: GRUB attached a half of the split brain"; exit 1; }

echo "== the stub (publish mode)"
efi_payload_stub() {
	mkdir -p "$LAB_TMP/efi-esp/EFI/BOOT"
	cp "$EFI_STUB" "$LAB_TMP/efi-esp/EFI/BOOT/BOOTX64.EFI"
	printf '%s\n' "aoeboot.publish=1 aoeboot.timeout=1 aoeboot.select=auto" \
		> "$LAB_TMP/efi-esp/EFI/BOOT/cmdline.txt"
}
efi_payload_stub
lab_qemu_ovmf "$LAB_TMP/efi-esp"
lab_expect 'aoeboot: publish mode' 90
keys stub
lab_expect 'aoeboot: cancelled: returning to the firmware' 30
lab_qemu_kill
cp "$LAB_TMP/serial.log" "$LAB_TMP/stub.log"
lab_grep 'aoeboot: published' && { echo "FAIL: the stub published a half of the split brain"; exit 1; }

session "$LAB_TMP/grub.log" > "$LAB_TMP/grub.session"
session "$LAB_TMP/stub.log" > "$LAB_TMP/stub.session"
n=$(wc -l < "$LAB_TMP/grub.session")
echo "session lines: GRUB $n, stub $(wc -l < "$LAB_TMP/stub.session")"
grep -q 'split brain' "$LAB_TMP/grub.session" || { echo "FAIL: no split brain line in GRUB's session"; exit 1; }
[ "$n" -ge 20 ] || { echo "FAIL: GRUB's session is too short"; cat "$LAB_TMP/grub.session"; exit 1; }
diff -u "$LAB_TMP/grub.session" "$LAB_TMP/stub.session" ||
	{ echo "FAIL: GRUB and the stub showed different sessions"; exit 1; }
echo "PASS: split brain: neither half attached (GRUB) nor published (stub); the same $n session lines in both (nothing acceptable, picker up, Enter refused, q cancelled), in $(lab_elapsed)s"
