#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# One server down, unattended, with the UEFI stub in kernel mode: UEFI PXE
# from dnsmasq (root path aoe:e0.0,e0.1) fetches the one-file aoeboot.efi.
#  1. e0.1's server is down: the stub (common/choose) waits for e0.1 on a
#     countdown line that names it, rescans, then boots degraded on e0.0
#     ("aoe: degraded: e0.1 missing"); the kernel is told e0.0 alone; root
#     on md0 [2/1] [U_].
#  2. the same with aoeboot.degraded=0: no kernel is started; the picker
#     stays up with the reason on the console.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd efi pxe
lab_require qemu-system-x86_64 vblade cpio unshare dnsmasq
lab_prelude choose_degraded_efi efi
efi_payload
lab_net_up
lab_server s0 0 0 "$LAB_M0"
mkdir -p "$LAB_TMP/tftp"
efi_onefile "$LAB_TMP/tftp/aoeboot.efi" "$EFI_BASE no_timer_check aoeboot.timeout=1 aoeboot.verbose=2"
lab_pxe_server "$LAB_TMP/tftp" aoeboot.efi root-path=aoe:e0.0,e0.1

echo "== boot 1: e0.1's server down"
LAB_MEM=768 lab_pxe_ovmf
lab_expect 'aoeboot: DHCP root path: aoe:e0.0,e0.1' 240
lab_expect 'aoe: waiting for e0\.1 \(missing\): degraded boot in [0-9]+ s' 120
lab_expect 'aoe: degraded: e0\.1 missing' 120
lab_expect 'aoe: accepted \(unattended\)' 30
efi_root_is e0.0 || { echo "FAIL: boot 1 did not boot e0.0 alone"; lab_serial_tail 40; exit 1; }
lab_expect 'AOEROOT-ROOT-DOWN' 120
lab_qemu_wait 60 || :
mv "$LAB_TMP/serial.log" "$LAB_TMP/boot1.log"
scans=$(grep -c 'aoeboot: scanning for AoE targets' "$LAB_TMP/boot1.log" || :)
echo "boot 1: $scans scan(s)"
[ "$scans" -ge 2 ] || { echo "FAIL: no rescan while waiting for e0.1"; exit 1; }
grep -qE '\[2/1\] \[U_\]' "$LAB_TMP/boot1.log" || { echo "FAIL: md0 not degraded [2/1] [U_]"; exit 1; }
echo "ok: boot 1: waited for e0.1 (named), booted degraded [2/1] [U_]"

echo "== boot 2: aoeboot.degraded=0"
lab_restore_members
efi_onefile "$LAB_TMP/tftp/aoeboot.efi" "$EFI_BASE no_timer_check aoeboot.timeout=1 aoeboot.degraded=0"
LAB_MEM=768 lab_pxe_ovmf
lab_expect 'aoe: nothing acceptable to boot unattended:' 240
lab_expect 'aoe:   e0\.1 missing and degraded boots are off \(aoeboot\.degraded=0\)' 30
lab_expect 'aoe: waiting for a person: choose with the keys' 30
sleep 20
lab_qemu_kill
lab_grep 'aoe: accepted|Loaded initrd|AOEROOT-ROOT-UP|command line:' && { echo "FAIL: booted although degraded boots are off"; exit 1; }
lab_grep '^keys: Up/Down' >/dev/null || { echo "FAIL: the picker is not on screen"; exit 1; }
echo "PASS: stub kernel mode, root path + e0.1 down: waited naming e0.1, booted degraded [2/1] [U_]; aoeboot.degraded=0: no boot, the reason on screen, in $(lab_elapsed)s"
