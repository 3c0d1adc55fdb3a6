#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# One server down, unattended, with the generic GRUB netboot image
# (x86_64-efi, UEFI PXE from dnsmasq whose answer carries root path
# aoe:e0.0,e0.1; the kernel, initrd and grub.cfg come from the mirror).
#  1. e0.1's server is down: aoe_select (common/choose) waits for e0.1,
#     saying so on a countdown line that names it, rescans meanwhile,
#     then boots degraded on e0.0 and says "aoe: degraded: e0.1 missing";
#     GRUB attaches only e0.0; root on md0 [2/1] [U_]; the root writes.
#  2. the server is back (e0.1 now stale): GRUB leaves e0.1 out of its
#     disks (stale), the kernel arguments still name it, /init adds it
#     back (md rebuilds it) and the root sees what boot 1 wrote.
#  3. the image's aoe_select gets --no-degraded, e0.1's server down again:
#     no boot; the picker stays up with the reason on the console.
# What the product decided is read from its console lines, the kernel's
# command line and /proc/mdstat in the guest.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd grub pxe netboot
lab_require qemu-system-x86_64 vblade cpio unshare dnsmasq mdadm mke2fs
lab_prelude choose_degraded_grub grub init kernel mirror members initrd

# The mirror's /boot: the netboot contract's config, the root writes.
d=$(mktemp -d "$LAB_TMP/root.XXXXXX")
lab_fixture_rootdir "$d"
mkdir -p "$d/boot/grub"
cp "$LAB_VMLINUZ" "$d/boot/vmlinuz"
cp "$LAB_TMP/initrd.gz" "$d/boot/initrd-aoe.img"
cat > "$d/boot/grub/grub.cfg" <<'EOF'
set timeout=0
menuentry "aoeroot" {
	echo "AOE-MIRROR-CFG degraded"
	linux /boot/vmlinuz root=$aoe_kernel_root ro $aoe_args console=ttyS0 no_timer_check aoe_wait=5 lab_action=write
	initrd /boot/initrd-aoe.img
}
EOF
mke2fs -q -t ext4 -L aoeroot -d "$d" "$LAB_TMP/root.ext4" 56M
rm -rf "$d"
nb_put_member "$LAB_M0" "$LAB_TMP/root.ext4"
nb_put_member "$LAB_M1" "$LAB_TMP/root.ext4"
rm -f "$LAB_TMP/root.ext4"

# The generic image, as mkimage-aoe.sh --netboot makes it (serial only:
# OVMF copies its console there too).
image() {   # image EXTRA-aoe_select-OPTIONS
	sed -e 's/^terminal_output serial console$/terminal_output serial/' \
		-e "s/^if aoe_select /if aoe_select $1/" \
		"$top_srcdir/grub-mod/netboot.cfg" > "$LAB_TMP/netboot.cfg"
	mkdir -p "$LAB_TMP/tftp"
	"$GRUB_MKIMAGE" --mod "$GRUB_MOD" --cfg "$LAB_TMP/netboot.cfg" --netdir "$LAB_TMP/tftp" \
		>/dev/null || { echo "FAIL: mkimage-aoe.sh"; exit 1; }
}
image ''
lab_net_up
lab_server s0 0 0 "$LAB_M0"
lab_pxe_server "$LAB_TMP/tftp" bootx64.efi root-path=aoe:e0.0,e0.1

echo "== boot 1: e0.1's server down"
LAB_MEM=768 lab_pxe_ovmf
lab_expect 'aoe: DHCP root path: aoe:e0.0,e0.1' 240
lab_expect 'aoe: waiting for e0\.1 \(missing\): degraded boot in [0-9]+ s' 120
lab_expect 'aoe: degraded: e0\.1 missing' 120
lab_expect 'aoe: accepted \(unattended\)' 30
lab_expect 'AOE-MIRROR-CFG degraded' 120
initrd_root_up 300
lab_expect 'AOEROOT-WROTE 1' 60
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 30 || :
cp "$LAB_TMP/serial.log" "$LAB_TMP/boot1.log"
fail=0
lab_grep 'aoe: attached \(aoe/e0\.0\)' >/dev/null || { echo "FAIL: e0.0 not attached"; fail=1; }
lab_grep 'aoe: attached \(aoe/e0\.1\)' >/dev/null && { echo "FAIL: e0.1 attached although down"; fail=1; }
waits=$(lab_grep 'aoe: waiting for e0\.1 \(missing\)' | wc -l)
scans=$(lab_grep 'aoe: scanning efinet' | wc -l)
echo "boot 1: $waits waiting line(s), $scans scan(s)"
[ "$scans" -ge 2 ] || { echo "FAIL: no rescan while waiting for e0.1"; fail=1; }
cmdline=$(grub_cmdline)
echo "kernel command line: $cmdline"
case " $cmdline " in
*" aoe_md_devs=e0.0 "*) ;;
*) echo "FAIL: the kernel is not told e0.0 alone"; fail=1 ;;
esac
lab_grep '\[2/1\] \[U_\]' >/dev/null || { echo "FAIL: md0 not degraded [2/1] [U_]"; fail=1; }
[ "$fail" = 0 ] || { lab_serial_tail 60; exit 1; }
echo "ok: boot 1: waited for e0.1 (named), booted degraded [2/1] [U_]"

echo "== boot 2: the server is back"
lab_server s1 0 1 "$LAB_M1"
LAB_MEM=768 lab_pxe_ovmf
lab_expect 'aoe: accepted \(unattended\)' 240
lab_expect 'AOE-MIRROR-CFG degraded' 120
lab_expect 'added stale member e0\.1 back to /dev/md0' 300
initrd_root_up 120
lab_expect 'AOEROOT-COUNTER 1' 30
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 30 || :
cp "$LAB_TMP/serial.log" "$LAB_TMP/boot2.log"
lab_grep 'aoe: left out: e0\.1 \(stale\)' >/dev/null || { echo "FAIL: e0.1 not left out as stale"; fail=1; }
lab_grep 'aoe: attached \(aoe/e0\.1\)' >/dev/null && { echo "FAIL: the stale e0.1 became a GRUB disk"; fail=1; }
lab_grep 'aoe: waiting for' >/dev/null && { echo "FAIL: waited although every member answered"; fail=1; }
cmdline=$(grub_cmdline)
echo "kernel command line: $cmdline"
case " $cmdline " in
*" aoe_md_devs=e0.0,e0.1 "*) ;;
*) echo "FAIL: the kernel is not told e0.1 to add back"; fail=1 ;;
esac
lab_grep 'md0 : active raid1 etherd/e0\.1\[[0-9]\]|recovery|\[UU\]' >/dev/null ||
	{ echo "FAIL: e0.1 is not in md0 (no rebuild)"; fail=1; }
[ "$fail" = 0 ] || { lab_serial_tail 60; exit 1; }
echo "ok: boot 2: e0.1 re-added and rebuilding, boot 1's write is there (counter 1)"

echo "== boot 3: --no-degraded, e0.1's server down"
lab_server_stop s1
image '--no-degraded '
LAB_MEM=768 lab_pxe_ovmf
lab_expect 'aoe: nothing acceptable to boot unattended:' 240
lab_expect 'aoe:   e0\.1 missing and degraded boots are off \(--no-degraded\)' 30
lab_expect 'aoe: waiting for a person: choose with the keys' 30
# the picker stays up: nothing is accepted or read in the next seconds
sleep 20
lab_qemu_kill
lab_grep 'aoe: accepted|AOE-MIRROR-CFG|aoe: attached' && { echo "FAIL: booted although degraded boots are off"; exit 1; }
lab_grep '^keys: Up/Down' >/dev/null || { echo "FAIL: the picker is not on screen"; exit 1; }
echo "PASS: root path + e0.1 down, unattended: waited naming e0.1, booted degraded [2/1] [U_] from the netboot image; server back: e0.1 left out of GRUB's disks, re-added by /init, data kept; --no-degraded: no boot, the reason on screen, in $(lab_elapsed)s"
