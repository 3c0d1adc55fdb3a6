# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
# Helpers shared by the fault-matrix tests t-fault-*.sh.
# Source after tests/lab/lib.sh and tests/lab/initrd-lib.sh. The matrix
# itself (case, test, expected outcome, data check) is in tests/README.md.
#
#   fault_sha FILE           print FILE's sha256.
#   fault_unchanged FILE SHA WHAT  fail unless FILE still has sha256 SHA
#                        (a member the boot path must not have written).
#   fault_events IMAGE       md event count of a member image (mdadm --examine
#                        on the host; md 1.x reads fine from a plain file).
#   fault_blob OUT           the fixture's /etc/aoeroot-fixture/blob.bin,
#                        rebuilt on the host and checked against the fixture
#                        sums (so expected checksums of data the root writes
#                        from it can be computed here).
#   fault_guest CMD MARK [TIMEOUT]  in the fixture's shell (lab_action=shell,
#                        initrd_shell done): run CMD, then print "MARK-END";
#                        wait for it. Lines the guest prints that start with
#                        MARK can be read with fault_line.
#   fault_line MARK          the last console line starting with "MARK " (the
#                        typed command echoes with the shell prompt in front,
#                        so it never matches), without the MARK.
#   fault_mdstate            the [UU]/[U_]/[_U] of the last mdstat the root
#                        printed (AOEROOT-MDSTAT block or a shell `cat`).
#   fault_fail MSG           print "FAIL: MSG" and the serial tail; exit 1.
#   fault_status             like initrd_status --in-shell (fills $LAB_TMP/status
#                        for initrd_status_is, then leaves the shell), but its
#                        markers are split so the echo of the typed line cannot
#                        match before the file's lines have arrived.
#   fault_net_drop_every N   drop every Nth AoE frame crossing the bridge
#                        (nft numgen inc mod N: 100/N % loss, spread evenly and
#                        deterministic). lab_net_loss PCT inc drops PCT frames
#                        IN A ROW out of every 100; 20 losses of one request in
#                        a row make the Linux aoe driver back off for minutes,
#                        which tests its backoff, not loss. Removed by
#                        `lab_net_loss 0` (same nft table).
#   fault_net_dropped        how many frames that rule (or lab_net_loss's) dropped.

fault_sha() { sha256sum "$1" | cut -d' ' -f1; }

fault_fail() {
	echo "FAIL: $*"
	[ -z "${LAB_TMP:-}" ] || [ ! -f "$LAB_TMP/serial.log" ] || lab_serial_tail 40
	exit 1
}

fault_unchanged() {
	local got
	got=$(fault_sha "$1")
	[ "$got" = "$2" ] || fault_fail "$3 was written ($1: sha256 $got, was $2)"
	echo "ok: $3 unchanged (sha256 ${2:0:16}...)"
}

fault_events() {
	mdadm --examine "$1" 2>/dev/null | sed -n 's/^ *Events : *//p'
}

fault_blob() {
	local out=${1:?fault_blob OUT} want got
	python3 -c '
import hashlib, sys
b = b""; h = b"aoeroot"
while len(b) < 262144:
    h = hashlib.sha256(h).digest(); b += h
sys.stdout.buffer.write(b)' > "$out" || { lab_die "python3 needed"; return 1; }
	want=$(awk '$2 ~ /blob\.bin$/ {print $1}' "$LAB_FIX_SUMS")
	got=$(fault_sha "$out")
	[ -n "$want" ] && [ "$got" = "$want" ] ||
		{ lab_die "fault_blob: rebuilt blob.bin $got differs from the fixture's $want"; return 1; }
}

fault_guest() {
	local cmd=${1:?fault_guest CMD MARK [TIMEOUT]} mark=${2:?mark}
	# "MARK""-END": the echo of the typed line must not match the regex
	lab_send "$cmd; echo \"$mark\"\"-END\"\\r"
	lab_expect "^$mark-END" "${3:-60}"
}

fault_line() {
	lab_grep "^$1 " | tail -n1 | sed "s/^$1 //"
}

fault_mdstate() {
	lab_grep '^ *[0-9]+ blocks .*\[[U_]+\]' | tail -n1 | grep -oE '\[[U_]+\]$'
}

fault_net_drop_every() {
	local n=${1:?fault_net_drop_every N}
	[ -n "$LAB_NS_BR" ] || { lab_die "fault_net_drop_every: run lab_net_up first"; return 1; }
	command -v nft >/dev/null || lab_skip "nft not installed (nftables)"
	ip netns exec "$LAB_NS_BR" nft delete table bridge lab 2>/dev/null || :
	ip netns exec "$LAB_NS_BR" nft -f - <<-EOF || { lab_die "nft rule failed"; return 1; }
	table bridge lab {
		chain aoedrop {
			type filter hook forward priority 0;
			ether type 0x88a2 numgen inc mod $n < 1 counter drop
		}
	}
	EOF
}

fault_net_dropped() {
	ip netns exec "$LAB_NS_BR" nft list table bridge lab 2>/dev/null |
		sed -n 's/.*counter packets \([0-9]*\).*/\1/p' | head -n1
}

fault_status() {
	lab_send 'echo "STATUS-""BEGIN"; cat /run/aoeroot/status; echo "STATUS-""END"\r'
	lab_expect '^STATUS-END' 30 || return 1
	tr -d '\r' < "$LAB_TMP/serial.log" | sed -n '/^STATUS-BEGIN/,/^STATUS-END/p' |
		grep -v '^STATUS-' > "$LAB_TMP/status" || :
	cat "$LAB_TMP/status"
	lab_send 'exit\r'
}
