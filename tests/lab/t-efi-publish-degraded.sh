#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# One server down, unattended, with the stub's publish mode and Debian's
# signed shim + GRUB (issue 27): the generic ESP of a fleet, one for every
# machine, whose cmdline.txt says aoeboot.publish=1 aoeboot.dhcp=1; the
# machine's members come from the DHCP root path (aoe:e0.0,e0.1, dnsmasq
# on the lab bridge), which the stub asks the firmware's PXE Base Code
# for (it was started from the disk, not network-booted). No grub.cfg
# names an aoe_* argument: /init takes the members from the handoff.
#  1. e0.1's server down: the stub (common/choose) waits for e0.1 on a
#     countdown line that names it, rescans, then publishes e0.0 alone
#     ("aoe: degraded: e0.1 missing"); the handoff says DEGRADED; GRUB
#     reads the kernel from the degraded mirror; root on md0 [2/1] [U_];
#     the root writes (boot counter 1).
#  2. the server is back, e0.1 now stale: not published (GRUB never reads
#     it), handed off flagged re-add (the root path named it), /init adds
#     it back, md rebuilds, the root sees boot 1's write.
#  3. aoeboot.degraded=0, e0.1's server down again: nothing published, no
#     next loader; the picker stays up with the reason.
# What the product decided is read from its console lines and the guest's
# /proc/mdstat.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd efi pxe netboot
lab_require qemu-system-x86_64 vblade cpio unshare dnsmasq mdadm mke2fs python3
efi_need_signed
lab_prelude efi_publish_degraded efi
efi_payload

# The mirror's /boot: no aoe_* argument; the root writes.
d=$(mktemp -d "$LAB_TMP/root.XXXXXX")
lab_fixture_rootdir "$d"
mkdir -p "$d/boot/grub"
cp "$LAB_VMLINUZ" "$d/boot/vmlinuz"
cp "$LAB_TMP/initrd.gz" "$d/boot/initrd-aoe.img"
cat > "$d/boot/grub/grub.cfg" <<'EOF'
set timeout=0
menuentry "aoeroot" {
	echo "AOE-MIRROR-CFG published"
	linux /boot/vmlinuz root=$aoe_kernel_root ro console=ttyS0 no_timer_check aoe_wait=5 lab_action=write
	initrd /boot/initrd-aoe.img
}
EOF
mke2fs -q -t ext4 -L aoeroot -d "$d" "$LAB_TMP/root.ext4" 56M
rm -rf "$d"
nb_put_member "$LAB_M0" "$LAB_TMP/root.ext4"
nb_put_member "$LAB_M1" "$LAB_TMP/root.ext4"
rm -f "$LAB_TMP/root.ext4"

esp() {   # esp EXTRA-OPTIONS
	rm -rf "$LAB_TMP/esp"
	efi_publish_esp "$LAB_TMP/esp" "aoeboot.publish=1 aoeboot.dhcp=1 aoeboot.timeout=1 aoeboot.verbose=1 $1" handoff
	grep -E 'aoe_(netdev|md_devs|md_uuid)=' "$LAB_TMP/esp/EFI/debian/grub.cfg" &&
		{ echo "FAIL: the ESP's grub.cfg names aoe_ members"; exit 1; }
	return 0
}
# The handoff line the stub prints (docs/handoff.md).
handoff_line() { lab_grep 'aoeboot: handoff to Linux \(AoeRootHandoff' | tail -1; }

lab_net_up
lab_server s0 0 0 "$LAB_M0"
# dnsmasq answers the stub's DHCP; its boot file is never fetched (the
# machine boots its ESP), but the server wants one.
mkdir -p "$LAB_TMP/tftp"
echo "not booted" > "$LAB_TMP/tftp/none.efi"
lab_pxe_server "$LAB_TMP/tftp" none.efi root-path=aoe:e0.0,e0.1
esp ''

echo "== boot 1: e0.1's server down"
LAB_MEM=768 lab_qemu_ovmf "$LAB_TMP/esp"
lab_expect 'aoeboot: publish mode' 120
lab_expect 'aoeboot: DHCP root path: aoe:e0\.0,e0\.1' 180
lab_expect 'aoe: waiting for e0\.1 \(missing\): degraded boot in [0-9]+ s' 120
lab_expect 'aoe: degraded: e0\.1 missing' 120
lab_expect 'aoeboot: starting the next loader \\EFI\\debian\\shimx64\.efi' 60
lab_expect 'AOE-MIRROR-CFG published' 180
initrd_root_up 600
lab_expect 'AOEROOT-WROTE 1' 60
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 30 || :
cp "$LAB_TMP/serial.log" "$LAB_TMP/boot1.log"
fail=0
lab_grep 'aoeboot: asking DHCP for a root path \(aoeboot\.dhcp=1\)' >/dev/null ||
	{ echo "FAIL: the stub did not ask DHCP"; fail=1; }
lab_grep 'aoeboot: published e0\.0 as a read-only UEFI disk' >/dev/null || { echo "FAIL: e0.0 not published"; fail=1; }
lab_grep 'aoeboot: published e0\.1' >/dev/null && { echo "FAIL: e0.1 published although down"; fail=1; }
scans=$(lab_grep 'aoeboot: scanning for AoE targets' | wc -l)
echo "boot 1: $scans scan(s)"
[ "$scans" -ge 2 ] || { echo "FAIL: no rescan while waiting for e0.1"; fail=1; }
h=$(handoff_line); echo "$h"
case $h in
*"members e0.0, chosen by: DHCP root path (members), DEGRADED") ;;
*) echo "FAIL: the handoff does not name e0.0 alone, degraded, by the root path"; fail=1 ;;
esac
lab_grep 'members taken from the boot loader.s handoff: e0\.0' >/dev/null ||
	{ echo "FAIL: /init did not take the members from the handoff"; fail=1; }
lab_grep '^AOEROOT-CMDLINE .* aoe_(netdev|md_devs|md_uuid)=' && { echo "FAIL: a member-naming aoe_* argument reached the kernel"; fail=1; }
lab_grep '\[2/1\] \[U_\]' >/dev/null || { echo "FAIL: md0 not degraded [2/1] [U_]"; fail=1; }
[ "$fail" = 0 ] || { lab_serial_tail 60; exit 1; }
echo "ok: boot 1: root path from DHCP, waited for e0.1 (named), published e0.0 alone, root degraded [2/1] [U_]"

echo "== boot 2: the server is back"
lab_server s1 0 1 "$LAB_M1"
LAB_MEM=768 lab_qemu_ovmf "$LAB_TMP/esp"
lab_expect 'aoeboot: starting the next loader' 240
lab_expect 'AOE-MIRROR-CFG published' 180
lab_expect 'added stale member e0\.1 back to /dev/md0' 600
initrd_root_up 120
lab_expect 'AOEROOT-COUNTER 1' 30
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 30 || :
cp "$LAB_TMP/serial.log" "$LAB_TMP/boot2.log"
lab_grep 'aoeboot: published e0\.1' >/dev/null && { echo "FAIL: the stale e0.1 became a UEFI disk"; fail=1; }
lab_grep 'aoe: waiting for' >/dev/null && { echo "FAIL: waited although every member answered"; fail=1; }
h=$(handoff_line); echo "$h"
case $h in
*"members e0.0,e0.1(re-add), chosen by: DHCP root path (members), DEGRADED") ;;
*) echo "FAIL: the handoff does not name e0.0 attached and e0.1 re-add"; fail=1 ;;
esac
lab_grep 'md0 : active raid1 etherd/e0\.1\[[0-9]\]|recovery|\[UU\]' >/dev/null ||
	{ echo "FAIL: e0.1 is not in md0 (no rebuild)"; fail=1; }
[ "$fail" = 0 ] || { lab_serial_tail 60; exit 1; }
echo "ok: boot 2: stale e0.1 not published, handed off re-add, added back by /init, boot 1's write there (counter 1)"

echo "== boot 3: aoeboot.degraded=0, e0.1's server down"
lab_server_stop s1
esp 'aoeboot.degraded=0'
LAB_MEM=768 lab_qemu_ovmf "$LAB_TMP/esp"
lab_expect 'aoe: nothing acceptable to boot unattended:' 240
lab_expect 'aoe:   e0\.1 missing and degraded boots are off' 30
lab_expect 'aoe: waiting for a person: choose with the keys' 30
sleep 20
lab_qemu_kill
lab_grep 'aoeboot: published|aoeboot: starting the next loader|AOE-MIRROR-CFG' &&
	{ echo "FAIL: published or booted although degraded boots are off"; exit 1; }
echo "PASS: publish mode, generic ESP (aoeboot.dhcp=1, no aoe_* in any grub.cfg), root path + e0.1 down: waited naming e0.1, published e0.0 alone, Debian's GRUB booted it, root [2/1] [U_]; server back: e0.1 not published, handed off re-add, rebuilt, data kept; aoeboot.degraded=0: nothing published, the reason on screen, in $(lab_elapsed)s"
