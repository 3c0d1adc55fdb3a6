#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# aoeboot.efi in publish mode chaining Debian's own shim and GRUB
# (shim-signed, grub-efi-amd64-signed: the signed binaries, unmodified).
# The ESP holds the stub (EFI/BOOT/BOOTX64.EFI + cmdline.txt with
# aoeboot.publish=1), shimx64.efi, grubx64.efi and a grub.cfg in
# EFI/debian/ that finds the mirror's file system by label and hands over
# to the mirror's /boot/grub/grub.cfg: no kernel, no initrd on the ESP.
# e0.1 is stale (md event count 10 behind) and its /boot differs (its
# grub.cfg says "stale", its vmlinuz is not a kernel). No grub.cfg names an
# aoe_* argument. A person (keys on the serial console) adds the stale
# e0.1 to the auto choice (e0.0) and accepts.
# Expected: the stub refuses to publish e0.1, publishes e0.0 as a UEFI
# disk and names e0.0 alone in its handoff (AoeRootHandoff) and in
# AoeRootArgs; shim starts GRUB, GRUB's efidisk + mdraid1x assemble the
# mirror from the published disk, read the fresh grub.cfg, kernel and
# initrd; /init takes e0.0 from the handoff and the root comes up degraded
# on md0 with the files checking out.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd efi netboot
lab_require qemu-system-x86_64 vblade cpio unshare mdadm mke2fs python3
efi_need_signed
lab_prelude efi_publish_stale efi
efi_payload
export NB_NO_AOE_ARGS=1
nb_rootfs "$LAB_TMP/fresh.ext4" fresh
head -c 4194304 /dev/zero | tr '\0' 'S' > "$LAB_TMP/not-a-kernel"
nb_rootfs "$LAB_TMP/stale.ext4" stale 56 "$LAB_TMP/not-a-kernel"
nb_put_member "$LAB_M0" "$LAB_TMP/fresh.ext4"
nb_put_member "$LAB_M1" "$LAB_TMP/stale.ext4"
rm -f "$LAB_TMP/fresh.ext4" "$LAB_TMP/stale.ext4"
nb_bump_events "$LAB_M0" 10

esp=$LAB_TMP/esp
efi_publish_esp "$esp" "aoeboot.publish=1 aoeboot.timeout=30 aoeboot.verbose=2" handoff
files=$(cd "$esp" && find . -type f | sort | tr '\n' ' ')
echo "ESP files: $files"
case $files in *vmlinuz*|*initrd*) echo "FAIL: a kernel or initrd on the ESP"; exit 1 ;; esac
lab_net_up
lab_server s0 0 0 "$LAB_M0"
lab_server s1 0 1 "$LAB_M1"

LAB_MEM=768 lab_qemu_ovmf "$esp"
lab_expect 'aoeboot: publish mode' 90
lab_expect "$LAB_PICKER_SHOWN" 60
# The person adds e0.1 (the auto choice left the stale copy out).
row=$(lab_grep '\] [0-9] e0\.1 ' | tail -1 | grep -oE '\] [0-9] ' | grep -oE '[0-9]')
[ -n "$row" ] || { echo "FAIL: no picker row for e0.1"; lab_serial_tail 40; exit 1; }
lab_send "$row"
lab_expect "$LAB_PICKER_SHOWN" 30
lab_grep '\[x\] [0-9] e0\.1 ' | tail -1
lab_send '\r'
lab_expect 'aoeboot: published e0\.0 as a read-only UEFI disk' 60
lab_expect 'aoeboot: starting the next loader \\EFI\\debian\\shimx64\.efi' 30
lab_expect 'AOE-ESP-CFG' 120
lab_expect 'AOE-MIRROR-CFG ' 120
lab_expect 'AOE-MIRROR-INITRD-LOADED ' 600
initrd_root_up 240
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 30 || :
lab_grep '\[x\] [0-9] e0\.1 ' >/dev/null || { echo "FAIL: the person's selection of e0.1 was not shown"; exit 1; }
lab_grep 'aoeboot: AoeRootArgs=aoe_netdev=[0-9a-f:]+ aoe_md_devs=e0\.0 aoe_md_uuid=' ||
	{ echo "FAIL: AoeRootArgs does not name e0.0 alone"; lab_grep 'AoeRootArgs'; exit 1; }
lab_grep 'aoeboot: handoff to Linux \(AoeRootHandoff, [0-9]+ bytes\): members e0\.0, chosen by: a person at the picker, DEGRADED$' ||
	{ echo "FAIL: the handoff does not name e0.0 alone"; lab_grep 'handoff'; exit 1; }
lab_grep 'members taken from the boot loader.s handoff: e0\.0 ' ||
	{ echo "FAIL: /init did not take e0.0 alone from the handoff"; exit 1; }
lab_grep 'aoe_md_devs=[^ ]*e0\.1' && { echo "FAIL: e0.1 named in kernel arguments"; exit 1; }
# choose's decision (mdsel) leaves the person's stale e0.1 out; nothing named
# it, so it is not a re-add member either (docs/handoff.md).
lab_grep '^aoe: left out: e0\.1 \(stale\)' >/dev/null || { echo "FAIL: no refusal of the stale e0.1"; exit 1; }
lab_grep 'aoeboot: e0\.1 not published: stale' >/dev/null &&
	{ echo "FAIL: e0.1 treated as a re-add member (nothing named it)"; exit 1; }
lab_grep 'aoeboot: published e0\.1' >/dev/null && { echo "FAIL: the stale member e0.1 became a UEFI disk"; exit 1; }
lab_grep 'e0\.1 .* STALE ' >/dev/null || { echo "FAIL: the picker did not show e0.1 as stale"; exit 1; }
lab_grep 'AOE-MIRROR-CFG stale' >/dev/null && { echo "FAIL: GRUB read the stale member's grub.cfg"; exit 1; }
lab_grep 'AOE-MIRROR-CFG fresh' >/dev/null || { echo "FAIL: the fresh grub.cfg was not read"; exit 1; }
lab_grep 'AOE-ESP-FOUND md' >/dev/null || { echo "FAIL: GRUB did not find the file system on an md array"; lab_grep 'AOE-ESP-FOUND'; exit 1; }
line=$(lab_grep '^AOEROOT-CMDLINE ' | tail -1)
echo "$line"
case " $line " in *" aoeroot_tag=fresh "*) ;; *) echo "FAIL: not the fresh config's kernel line"; exit 1 ;; esac
case " $line " in *" aoe_"*) echo "FAIL: an aoe_* argument reached the kernel"; exit 1 ;; esac
lab_grep '^AOEROOT-ROOTDEV /dev/md0' >/dev/null || { echo "FAIL: root is not /dev/md0"; exit 1; }
lab_grep '\[U_\]|\[_U\]' >/dev/null || { echo "FAIL: md0 not degraded"; lab_serial_tail 40; exit 1; }
echo "PASS: a person selected the stale e0.1: never published, named neither in the handoff nor in AoeRootArgs; Debian's signed shim + GRUB read the fresh /boot from the published disk, /init took e0.0 from the handoff, root degraded on md0 in $(lab_elapsed)s"
