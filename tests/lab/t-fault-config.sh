#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Fault matrix: a hostile AoE config string. Both mirror members get a
# config string of exactly 1024 bytes (the AoE maximum) full of control
# bytes: a terminal title escape (ESC ] 0 ; ... BEL), clear-screen, CR/LF,
# NUL, backspace, DEL, 8-bit CSI (0x9b), quotes, backslashes and every byte
# value, ending in "|END". vblade has no option for it: tests/lab/
# aoe-setcfg.py (test-only AF_PACKET initiator) sets it over the wire with
# Query Config "force set" and reads it back. Expected:
#  - aoe-scan: the JSON "config" is the full 1024 bytes (nothing cut), the
#    text output has it C-escaped, both without one raw control byte;
#  - /init (aoe_debug): boots [UU] with the file set intact; not one byte of
#    the string's escapes reaches the console raw;
#  - GRUB aoe_scan (when aoe.mod is built): lists both targets and shows
#    the start of the string escaped, no raw escapes; GRUB carries on.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd grub fault
lab_require qemu-system-x86_64 vblade cpio unshare python3
scan=$top_builddir/tools/aoe-scan
setcfg=$LAB_LIBDIR/aoe-setcfg.py
[ -x "$scan" ] || lab_skip "tools/aoe-scan not built"
lab_init fault_config
initrd_need_init
lab_kernel
lab_fixture_mirror
lab_restore_members
initrd_pack "$LAB_TMP/initrd.gz"

python3 - "$LAB_TMP/cfg.bin" <<'PY'
import sys
head = (b'AOECFG<\x1b]0;AOEFAULT-TITLE\x07\x1b[2J\x1b[H\r\nX\x00\x08\x7f\x9b[31m'
        b'"quoted" back\\slash %s %n ')
tail = b"|END"
body = (bytes(range(256)) * 4)[:1024 - len(head) - len(tail)]
s = head + body + tail
assert len(s) == 1024
open(sys.argv[1], "wb").write(s)
PY

lab_net_up
lab_server s0 0 0 "$LAB_M0"
lab_server s1 0 1 "$LAB_M1"
for slot in 0 1; do
	ip netns exec "$LAB_NS_BR" python3 "$setcfg" br0 0 "$slot" "$LAB_TMP/cfg.bin" ||
		fault_fail "could not set the config string of e0.$slot"
done

# Raw bytes a console must never get from this string. strict (aoe-scan,
# /init): nothing but TAB, LF and CR below 0x20 and nothing from 0x7f up
# (a plain boot's serial log has nothing else). firmware (OVMF + GRUB, whose
# own output has ESC sequences): no byte of the string's own title escape,
# BEL, NUL, BS, DEL or any 8-bit byte.
cat > "$LAB_TMP/raw.py" <<'PY'
import sys
data, mode = open(sys.argv[1], "rb").read(), sys.argv[2]
ok = {0x09, 0x0a, 0x0d} | ({0x1b} if mode == "firmware" else set())
bad = sorted({b for b in data if (b < 0x20 and b not in ok) or b >= 0x7f})
if b"\x1b]0;AOEFAULT" in data:
    bad.append("ESC]0;AOEFAULT (the string's title escape)")
if bad:
    print("raw bytes in %s: %s" % (sys.argv[1], " ".join(
        "%02x" % b if isinstance(b, int) else b for b in bad)))
    sys.exit(1)
PY

echo "== aoe-scan"
ip netns exec "$LAB_NS_BR" "$scan" --json --timeout 3000 br0 > "$LAB_TMP/scan.json" ||
	fault_fail "aoe-scan --json failed"
ip netns exec "$LAB_NS_BR" "$scan" --timeout 3000 br0 > "$LAB_TMP/scan.txt" ||
	fault_fail "aoe-scan failed"
head -c 600 "$LAB_TMP/scan.txt"; echo
python3 "$LAB_TMP/raw.py" "$LAB_TMP/scan.txt" strict || fault_fail "aoe-scan text output"
python3 "$LAB_TMP/raw.py" "$LAB_TMP/scan.json" strict || fault_fail "aoe-scan JSON output"
python3 - "$LAB_TMP/cfg.bin" "$LAB_TMP/scan.json" "$LAB_TMP/scan.txt" <<'PY' || fault_fail "aoe-scan config string"
import json, re, sys
want = open(sys.argv[1], "rb").read()
ts = json.load(open(sys.argv[2]))
assert sorted(t["target"] for t in ts) == ["e0.0", "e0.1"], ts
for t in ts:
    got = t["config"].encode("latin-1")
    assert got == want, "%s: JSON config %d bytes, differs from the 1024 set" % (t["target"], len(got))
def unescape(s):
    out, i = bytearray(), 0
    while i < len(s):
        if s[i] == "\\":
            if s[i + 1] == "x":
                out.append(int(s[i + 2:i + 4], 16)); i += 4
            else:
                out.append(ord(s[i + 1])); i += 2
        else:
            out.append(ord(s[i])); i += 1
    return bytes(out)
txt = open(sys.argv[3], encoding="ascii").read()
cfgs = re.findall(r' config="((?:[^"\\]|\\.)*)"', txt)
assert len(cfgs) == 2, "text output: %d config fields" % len(cfgs)
for c in cfgs:
    assert unescape(c) == want, "text config decodes to %d bytes" % len(unescape(c))
print("aoe-scan: config string of both targets complete (1024 bytes) in JSON and text, escaped")
PY

echo "== /init boot (aoe_debug)"
initrd_boot "aoe_md_devs=e0.0,e0.1 root=/dev/md0 aoe_wait=30 aoe_debug"
lab_expect 'all 2 members present' 60
initrd_root_up
lab_expect 'AOEROOT-ROOT-DOWN' 30
lab_qemu_wait 30
[ "$(fault_mdstate)" = '[UU]' ] || fault_fail "md0 is $(fault_mdstate), expected [UU]"
python3 "$LAB_TMP/raw.py" "$LAB_TMP/serial.log" strict || fault_fail "/init boot console"
cp "$LAB_TMP/serial.log" "$LAB_TMP/serial-init.log"

if [ ! -f "$GRUB_MOD" ] || ! command -v grub-mkimage >/dev/null; then
	[ "${AOEROOT_NO_SKIP:-0}" != 1 ] || fault_fail "GRUB part: no $GRUB_MOD or grub-mkimage"
	echo "PASS: 1024-byte hostile config string: aoe-scan shows it whole and escaped, /init boots [UU] without echoing it (GRUB part skipped: no aoe.mod)"
	exit 0
fi
echo "== GRUB aoe_scan"
{
	grub_cfg_head
	cat <<'CFG'
echo GRUB-UP
aoe_scan --timeout=4000 --set=found
echo "SCAN-FOUND=$found"
echo GRUB-STILL-RUNNING
halt
CFG
} > "$LAB_TMP/grub.cfg"
grub_esp "$LAB_TMP/esp" "$LAB_TMP/grub.cfg"
lab_qemu_ovmf "$LAB_TMP/esp"
lab_expect 'GRUB-UP' 60
lab_expect 'SCAN-FOUND=' 60
lab_expect 'GRUB-STILL-RUNNING' 60
lab_qemu_wait 30 || :
lab_grep '^SCAN-FOUND=e0\.0,e0\.1' >/dev/null || fault_fail "GRUB did not list e0.0 and e0.1"
# GRUB wraps its 80 columns at spaces (a wrapped space becomes CR LF) and
# shows only the start of a long string: each config field, joined and
# unescaped, must be a prefix of the string (spaces aside) of some length.
python3 - "$LAB_TMP/cfg.bin" "$LAB_TMP/serial.log" <<'PY' || fault_fail "GRUB config field"
import re, sys
want = open(sys.argv[1], "rb").read().replace(b" ", b"")
log = open(sys.argv[2], "rb").read().decode("latin-1")
joined = re.sub(r"[\r\n]+", "", log)
fields = re.findall(r'config\s*"((?:[^"\\]|\\.)*)"', joined)
assert len(fields) == 2, "GRUB shows %d config fields, expected 2" % len(fields)
for f in fields:
    out, i = bytearray(), 0
    while i < len(f):
        if f[i] == "\\" and f[i + 1] == "x":
            out += bytes([int(f[i + 2:i + 4], 16)]); i += 4
        elif f[i] == "\\":
            out += f[i + 1].encode("latin-1"); i += 2
        else:
            out += f[i].encode("latin-1"); i += 1
    got = bytes(out).replace(b" ", b"")
    assert len(got) >= 64 and want.startswith(got), "GRUB config field is not the string's start: %r" % got[:80]
    print("GRUB: config field shows the first %d bytes, escaped" % len(got))
PY
python3 "$LAB_TMP/raw.py" "$LAB_TMP/serial.log" firmware || fault_fail "GRUB console"
echo "PASS: 1024-byte hostile config string: aoe-scan shows it whole and escaped, /init boots [UU] without echoing it, GRUB aoe_scan shows its start escaped; no raw control byte on any console"
