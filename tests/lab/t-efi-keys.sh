#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# UEFI stub picker driven over the serial console: with a long countdown,
# wait for the picker's key help, press 2 (toggle the second member off) and
# Enter: the kernel gets one member only, md0 runs degraded, and the
# person's selection is saved in the EFI variable.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd efi
lab_require qemu-system-x86_64 vblade cpio unshare
lab_prelude efi_keys efi
efi_payload
efi_servers
efi_esp "$LAB_TMP/esp" "$EFI_BASE aoeboot.timeout=60"
lab_qemu_ovmf "$LAB_TMP/esp"
lab_expect "$LAB_PICKER_SHOWN" 90
lab_grep '^booting in|unless a key' >/dev/null || { echo "FAIL: no countdown shown"; exit 1; }
# Both members are preselected by the auto choice; picker rows read
# "[x] N eS.L ...": take the member shown as number 2.
row2=$(lab_grep '\] 2 e[0-9]+\.[0-9]+ ' | tail -1)
echo "row 2 before: $row2"
lab_send '2'
lab_expect "$LAB_PICKER_SHOWN" 20
lab_show 'warning: ' | tail -3
lab_send '\r'
lab_expect 'selection saved' 20
lab_expect 'Loaded initrd from LINUX_EFI_INITRD_MEDIA_GUID device path' 60
# Row 2 names the member that was dropped; the other one boots alone.
dropped=$(printf '%s\n' "$row2" | grep -oE '\] 2 e0\.[01]' | grep -oE 'e0\.[01]')
case $dropped in e0.0) kept=e0.1 ;; e0.1) kept=e0.0 ;; *) echo "FAIL: cannot read row 2"; exit 1 ;; esac
efi_root_is "$kept"
lab_grep '\[U_\]|\[_U\]' >/dev/null || { echo "FAIL: md0 is not degraded"; exit 1; }
# kernel mode: the handoff names what the person kept, as the arguments do
lab_grep "aoeboot: handoff to Linux \(AoeRootHandoff, [0-9]+ bytes\): members ${kept//./\\.}, chosen by: a person at the picker, DEGRADED\$" ||
	{ echo "FAIL: the stub's handoff does not name $kept alone"; exit 1; }
lab_grep "handoff from the boot loader \(AoeRootHandoff, aoeboot\.efi \(kernel mode\)\): members ${kept//./\\.}," ||
	{ echo "FAIL: /init did not read the stub's handoff"; exit 1; }
lab_grep 'the command line wins' && { echo "FAIL: the arguments and the handoff disagree"; exit 1; }
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 30

# Second boot: the variable store of the first boot, fresh members.
cp "$LAB_TMP/OVMF_VARS.fd" "$LAB_TMP/vars-saved.fd"
lab_restore_members
printf '%s\n' "$EFI_BASE aoeboot.timeout=1" > "$LAB_TMP/esp/EFI/BOOT/cmdline.txt"
LAB_OVMF_VARS=$LAB_TMP/vars-saved.fd lab_qemu_ovmf "$LAB_TMP/esp"
lab_expect 'aoeboot: preselection: saved selection' 90
efi_root_is "$kept"
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 30
echo "PASS: keys over serial dropped $dropped; root on $kept alone; the saved selection was preselected on the next boot"
