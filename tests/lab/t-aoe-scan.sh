#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# aoe-scan against real vblade servers (no QEMU): four servers in their own
# namespaces (different shelves and sizes, one read-only, one md 1.2 member,
# one md 0.90 member; the md images are rebuilt from the real mdadm extracts
# in tests/data/md), aoe-scan in the bridge namespace on br0. Checks every
# target is listed exactly once with the right size, serial and md info
# (cross-checked with `mdadm --examine` of the same image), that nothing was
# written, the exit codes, and that a second server exporting an existing
# shelf.slot is reported as a duplicate. A second scan runs while nftables
# drops 20% of the AoE frames in each direction.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_require vblade unshare python3 mdadm nft
scan=$top_builddir/tools/aoe-scan
[ -x "$scan" ] || lab_skip "tools/aoe-scan not built"
lab_init aoescan
md=$top_srcdir/tests/data/md

# An image of SECTORS sectors holding an mdadm extract's head and tail.
md_image() { # OUT PREFIX SECTORS
	truncate -s $(($3 * 512)) "$1"
	dd if="$md/$2.head" of="$1" conv=notrunc status=none
	dd if="$md/$2.tail" of="$1" bs=512 seek=$(($3 - 256)) conv=notrunc status=none
}
truncate -s 8M "$LAB_TMP/a.img"
truncate -s 20M "$LAB_TMP/b.img"
md_image "$LAB_TMP/m12.img" v12-clean-m1 16384
md_image "$LAB_TMP/m090.img" v090-clean-m0 16397
truncate -s 4M "$LAB_TMP/dup.img"
sha256sum "$LAB_TMP"/*.img > "$LAB_TMP/before.sha"

lab_net_up
lab_server srva 0 0 "$LAB_TMP/a.img"
lab_server srvb 1 0 "$LAB_TMP/b.img" -r
lab_server srvm 2 0 "$LAB_TMP/m12.img"
lab_server srvo 3 1 "$LAB_TMP/m090.img"

run_scan() { ip netns exec "$LAB_NS_BR" "$scan" "$@"; }

rc=0
run_scan --json --timeout 5000 br0 > "$LAB_TMP/scan.json" || rc=$?
cat "$LAB_TMP/scan.json"
[ $rc = 0 ] || { echo "FAIL: aoe-scan exit $rc with four targets"; exit 1; }

# Expected md fields, taken from mdadm --examine of the exported image.
examine() { # IMAGE FIELD
	mdadm --examine "$1" | awk -F' : ' -v f="$2" '$1 ~ "^ *"f"$" {print $2; exit}'
}
export M12_UUID=$(examine "$LAB_TMP/m12.img" "Array UUID")
export M12_EVENTS=$(examine "$LAB_TMP/m12.img" Events)
export M12_NAME=$(examine "$LAB_TMP/m12.img" Name | awk '{print $1}')
export M090_UUID=$(examine "$LAB_TMP/m090.img" UUID)
export M090_EVENTS=$(examine "$LAB_TMP/m090.img" Events)
echo "mdadm --examine: 1.2 $M12_UUID events $M12_EVENTS name $M12_NAME;" \
	"0.90 $M090_UUID events $M090_EVENTS"

cat > "$LAB_TMP/check.py" <<'PY'
import json, os, sys
ts = json.load(open(sys.argv[1]))
names = [t["target"] for t in ts]
assert sorted(names) == ["e0.0", "e1.0", "e2.0", "e3.1"], names
by = {t["target"]: t for t in ts}
want = {"e0.0": (16384, "srva"), "e1.0": (40960, "srvb"),
        "e2.0": (16384, "srvm"), "e3.1": (16397, "srvo")}
for n, (sectors, host) in want.items():
    t = by[n]
    assert t["sectors"] == sectors, (n, t["sectors"])
    assert t["serial"] == "%d.%d:%s" % (t["shelf"], t["slot"], host), t["serial"]
    assert len(t["macs"]) == 1 and not t["duplicate"], t
    assert t["state"] == "done" and t["error"] is None, t
    assert t["config"] == "", t["config"]
for n in ("e0.0", "e1.0"):
    assert by[n]["md"] is None and by[n]["md_state"] == "absent", by[n]
m = by["e2.0"]["md"]
assert m["version"] == "1.2" and m["uuid"] == os.environ["M12_UUID"], m
assert m["events"] == int(os.environ["M12_EVENTS"]) and m["name"] == os.environ["M12_NAME"], m
assert m["level"] == "raid1" and m["raid_disks"] == 2 and m["role"] == 1, m
m = by["e3.1"]["md"]
assert m["version"] == "0.90" and m["uuid"] == os.environ["M090_UUID"], m
assert m["events"] == int(os.environ["M090_EVENTS"]) and m["role"] == 0, m
print("json ok: 4 targets, sizes, serials, md info match mdadm --examine")
PY
python3 "$LAB_TMP/check.py" "$LAB_TMP/scan.json"

# A lossy link: nftables drops every 5th AoE frame each way at br0 (20%,
# spread evenly and deterministic: a random 20% each way failed a run now
# and then when one md READ lost every retry); the retransmissions and
# repeated queries still find everything, once.
ip netns exec "$LAB_NS_BR" nft -f - <<'NFT'
table bridge aoescan {
	chain in { type filter hook input priority 0; ether type 0x88a2 numgen inc mod 5 < 1 counter drop; }
	chain out { type filter hook output priority 0; ether type 0x88a2 numgen inc mod 5 < 1 counter drop; }
}
NFT
rc=0
run_scan --json --verbose --queries 8 --timeout 15000 br0 > "$LAB_TMP/lossy.json" 2> "$LAB_TMP/lossy.err" || rc=$?
cat "$LAB_TMP/lossy.err"
ip netns exec "$LAB_NS_BR" nft list table bridge aoescan | grep -o 'packets [0-9]*' | tr '\n' ' '
echo "(frames dropped by nft: in, out)"
ip netns exec "$LAB_NS_BR" nft delete table bridge aoescan
[ $rc = 0 ] || { echo "FAIL: aoe-scan exit $rc on a lossy link"; exit 1; }
python3 "$LAB_TMP/check.py" "$LAB_TMP/lossy.json"
grep -q 'retransmits [1-9]' "$LAB_TMP/lossy.err" ||
	{ echo "FAIL: every 5th frame dropped, yet aoe-scan counted no retransmission"; exit 1; }

# Text output: one line per target.
run_scan --no-md br0 > "$LAB_TMP/scan.txt"
cat "$LAB_TMP/scan.txt"
[ "$(wc -l < "$LAB_TMP/scan.txt")" = 4 ] || { echo "FAIL: text lines"; exit 1; }
grep -q '^e1\.0 20\.0MiB sectors=40960 .* md=none$' "$LAB_TMP/scan.txt" ||
	{ echo "FAIL: e1.0 text line"; exit 1; }

# Exit codes: nothing on shelf 9 -> 1; bad interface -> 2 with a reason.
rc=0; run_scan --shelf 9 --timeout 800 br0 2> "$LAB_TMP/err" || rc=$?
[ $rc = 1 ] || { echo "FAIL: --shelf 9 exit $rc (want 1)"; exit 1; }
rc=0; run_scan nosuch0 2> "$LAB_TMP/err" || rc=$?
[ $rc = 2 ] && grep -q 'no such interface' "$LAB_TMP/err" ||
	{ echo "FAIL: bad interface exit $rc: $(cat "$LAB_TMP/err")"; exit 1; }

# Config strings are untrusted: set a nasty one on e0.0 over the wire (Query
# Config force set, as an initiator would; aoe-scan itself never sets one)
# and check both outputs escape it and JSON gives back the same bytes.
ip netns exec "$LAB_NS_BR" python3 - <<'PY'
import socket, struct
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x88a2))
s.bind(("br0", 0x88a2))
mac = bytes.fromhex(open("/sys/class/net/br0/address").read().strip().replace(":", ""))
cfg = b'evil"\\\n\x1b[31m\xff'
f = b"\xff" * 6 + mac + struct.pack(">HBBHBBI", 0x88a2, 0x10, 0, 0, 0, 1, 0x80000001)
f += struct.pack(">HHBBH", 0, 0, 0, 0x14, len(cfg)) + cfg
s.send(f.ljust(60, b"\0"))
PY
sleep 0.3
run_scan --no-md --shelf 0 br0 > "$LAB_TMP/cfg.txt"
cat "$LAB_TMP/cfg.txt"
grep -qF 'config="evil\"\\\x0a\x1b[31m\xff"' "$LAB_TMP/cfg.txt" ||
	{ echo "FAIL: config string not escaped in text output"; exit 1; }
run_scan --json --no-md --shelf 0 br0 > "$LAB_TMP/cfg.json"
grep -qF '"config": "evil\"\\\u000a\u001b[31m\u00ff"' "$LAB_TMP/cfg.json" ||
	{ cat "$LAB_TMP/cfg.json"; echo "FAIL: config string not escaped in JSON"; exit 1; }
python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))[0]; assert t["config"] == "evil\"\\\n\x1b[31m\xff", t["config"]' "$LAB_TMP/cfg.json"

# Read-only: every image is unchanged.
sha256sum -c --quiet "$LAB_TMP/before.sha" || { echo "FAIL: an image changed"; exit 1; }

# Duplicate: a second device exports e0.0 (other host, other size).
lab_server srvd 0 0 "$LAB_TMP/dup.img"
rc=0
run_scan --json --no-md br0 > "$LAB_TMP/dup.json" || rc=$?
[ $rc = 0 ] || { echo "FAIL: aoe-scan exit $rc"; exit 1; }
python3 - "$LAB_TMP/dup.json" <<'PY'
import json, sys
ts = json.load(open(sys.argv[1]))
e00 = [t for t in ts if t["target"] == "e0.0"]
assert len(e00) == 1, "e0.0 listed %d times" % len(e00)
t = e00[0]
assert t["duplicate"] and len(t["macs"]) == 2, t
assert set(t["duplicate_reasons"]) == {"serial", "size"}, t["duplicate_reasons"]
serials = sorted(p["serial"] for p in t["paths"])
assert serials == ["0.0:srva", "0.0:srvd"], serials
assert not any(x["duplicate"] for x in ts if x["target"] != "e0.0")
print("duplicate ok:", t["duplicate_reasons"], serials)
PY
run_scan --no-md br0 | grep '^e0\.0 .*DUPLICATE(serial,size)' ||
	{ echo "FAIL: text duplicate flag"; exit 1; }
echo "PASS: aoe-scan lists real vblade targets once, md info, duplicate"
