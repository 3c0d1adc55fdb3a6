#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The README's first command, default path (tools/demo.sh, no build): UEFI
# PXE from dnsmasq on the lab bridge -> the generic netboot GRUB image (the
# only file on the TFTP server) -> the picker shows the mirror e0.0 + e0.1,
# the stale copy e0.2 and the decoy e1.0 -> the countdown accepts e0.0 +
# e0.1 -> GRUB attaches those two (never e0.2 or e1.0) and reads the
# mirror's grub.cfg, kernel and initrd -> root on md0 [UU].
# Checks what the demo prints (picker screen, timeline, last line) against
# the logs it keeps (serial console, DHCP/TFTP log, picker.png): it fails
# when the boot fails or the output claims what the machine did not do.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_require qemu-system-x86_64 vblade dnsmasq unshare cpio python3 mdadm
[ "$(id -u)" = 0 ] || lab_skip "lab tests need root (namespaces, tap)"
[ -f "$top_builddir/grub-mod/aoe.mod" ] || lab_skip "no $top_builddir/grub-mod/aoe.mod (configure --enable-grub)"
[ -x "$top_builddir/initrd-min/init" ] || lab_skip "no $top_builddir/initrd-min/init (configure --enable-initrd)"
logs=$(mktemp -d "${TMPDIR:-/tmp}/aoelab-demo-test.XXXXXX")
out=$logs/demo.out
rc=0
export top_srcdir top_builddir
DEMO_NO_BUILD=1 DEMO_LOGDIR=$logs \
	"$top_srcdir/tools/demo.sh" > "$out" 2>&1 < /dev/null || rc=$?
sed 's/\x1b\[[0-9;]*m//g' "$out" > "$out.txt"
cat "$out.txt"
fail() { echo "FAIL: $*"; echo "(demo output and logs kept in $logs)"; exit 1; }
[ "$rc" = 0 ] || fail "tools/demo.sh exited with $rc"

last=$(tail -n1 "$out.txt")
case $last in
"OK: network-booted (UEFI PXE) GRUB + aoe, picked e0.0+e0.1 (the countdown's auto choice)"*"kernel + initrd from the mirror (read by GRUB over AoE), root on md RAID1 [UU] over AoE in "*"; logs in $logs") ;;
*) fail "last line: $last" ;;
esac

# The picker screen the demo printed: every target, the stale flag, the
# decoy, the unattended choice; and the same rows are in the serial log.
picker=$(sed -n '/==> the picker, as the machine showed it/,/==> timeline/p' "$out.txt" | sed -n 's/^  | //p')
for re in '^>?\[x\] 1 e0\.0 .* md [0-9a-f]{8} role [01] ev [0-9]+ fresh ' \
	'^ ?\[x\] 2 e0\.1 .* md [0-9a-f]{8} role [01] ev [0-9]+ fresh ' \
	'^ ?\[ \] 3 e0\.2 .* md [0-9a-f]{8} role 1 ev [0-9]+ STALE ' \
	'^ ?\[ \] 4 e1\.0 .* no md ' \
	'^aoe: accepted \(unattended\): aoe_netdev=52:54:00:a0:e0:01 aoe_md_devs=e0\.0,e0\.1'; do
	printf '%s\n' "$picker" | grep -Eq -- "$re" || fail "picker screen lacks /$re/"
	tr -d '\r' < "$logs/serial.log" | sed 's/\x1b\[[0-9;=?]*[A-Za-z]//g' | grep -Eq -- "$re" ||
		fail "serial log lacks /$re/"
done
[ "$(printf '%s\n' "$picker" | grep -c 'e0\.2 .* STALE')" = 1 ] || fail "picker rows printed more than once"

# The timeline: every milestone seen, in order, times rising.
tl=$(sed -n '/==> timeline/,/==> result/p' "$out.txt" | grep -E '^ +([0-9.]+ s|-) ')
[ "$(printf '%s\n' "$tl" | wc -l)" = 12 ] || fail "timeline has not 12 milestones"
printf '%s\n' "$tl" | grep -q 'not seen' && fail "a milestone was not seen"
printf '%s\n' "$tl" | awk '{ if ($1 + 0 < prev) exit 1; prev = $1 + 0 }' || fail "timeline not in order"
for m in 'PXE' 'GRUB fetched' 'picker shown' 'accepted' 'attached' 'grub.cfg read' 'read from the mirror' \
	'Linux' '/init starts' 'members found' 'md assembled' 'root file system up'; do
	printf '%s\n' "$tl" | grep -q -- "$m" || fail "timeline lacks '$m'"
done
cmp -s <(printf '%s\n' "$tl") "$logs/timeline.txt" || fail "timeline.txt differs from the printed timeline"

# What the machine really did: GRUB from dnsmasq and nothing else by TFTP;
# the two fresh members attached as GRUB disks, never the stale copy or the
# decoy; the kernel GRUB read from the mirror; root on md0 [UU].
serial() { tr -d '\r' < "$logs/serial.log" | sed 's/\x1b\[[0-9;=?]*[A-Za-z]//g'; }
grep -q 'DHCPACK(eth0) .* 52:54:00:a0:e0:01' "$logs/dnsmasq.log" || fail "no DHCP lease for the machine"
grep -qF '/bootx64.efi to ' "$logs/dnsmasq.log" || fail "dnsmasq did not send bootx64.efi"
[ "$(grep -F 'dnsmasq-tftp' "$logs/dnsmasq.log" | grep -F ' sent ' | grep -vcF '/bootx64.efi to ')" = 0 ] ||
	fail "TFTP sent more than the GRUB image"
for m in e0.0 e0.1; do
	serial | grep -q "^aoe: attached (aoe/$m)" || fail "$m not attached"
done
serial | grep -Eq 'aoe: attached \(aoe/(e0\.2|e1\.0)\)' && fail "the stale member or the decoy was attached"
serial | grep -q '^AOE-NETBOOT-CONFIG (mduuid/[0-9a-f]*)/boot/grub/grub.cfg' || fail "the mirror's grub.cfg was not read"
serial | grep -q '^AOEROOT-CMDLINE BOOT_IMAGE=/boot/vmlinuz .*aoe_md_devs=e0\.0,e0\.1 ' ||
	fail "the root's command line is not the mirror grub.cfg's with e0.0,e0.1"
serial | grep -q '\[2/2\] \[UU\]' || fail "md0 not [UU] in the root"

# The picture: a PNG of the picker screen.
python3 - "$logs/picker.png" <<'EOF' || fail "picker.png is not a PNG of a screen"
import struct, sys, zlib
d = open(sys.argv[1], "rb").read()
assert d[:8] == b"\x89PNG\r\n\x1a\n", "signature"
w, h = struct.unpack(">II", d[16:24])
assert 200 < w <= 1920 and 100 < h <= 1200, (w, h)
idat = b"".join(d[i + 8:i + 8 + struct.unpack(">I", d[i:i + 4])[0]]
                for i in [j - 4 for j in range(len(d)) if d[j:j + 4] == b"IDAT"])
raw = zlib.decompress(idat)
assert len(raw) == h * (1 + 3 * w), "size"
bg, fg = raw[-3:], 0
for y in range(h):
    row = raw[y * (1 + 3 * w) + 1:(y + 1) * (1 + 3 * w)]
    fg += sum(1 for x in range(0, 3 * w, 3) if row[x:x + 3] != bg)
assert 0.01 < fg / (w * h) < 0.5, "not text on a plain background (%d of %d)" % (fg, w * h)
print("picker.png %dx%d" % (w, h))
EOF
rm -rf "$logs"
echo "PASS: the demo network-booted GRUB, showed the picker (mirror, stale e0.2, decoy e1.0), took e0.0+e0.1, read kernel + initrd from the mirror and booted root on md0 [UU]; timeline and picture made"
