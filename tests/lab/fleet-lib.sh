# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
# The fleet lab (docs/fleet.md): one SAN of 128 AoE targets from 8 server
# namespaces. Source after tests/lab/lib.sh; call fleet_san after
# lab_fixture_mirror + lab_restore_members + lab_net_up.
#
#   fleet_san      exports, all with real vblade:
#     e0.0 (s0), e0.1 (s1)   this machine's mirror (the lab fixture, md name
#                            lab:aoeroot: homehost "lab")
#     e5.0-e5.5 (s5)         three other arrays, visible to everyone (real
#                            mdadm superblocks from tests/data/md, renamed
#                            to homehosts node2..node4)
#     e4.0-e4.4 (s4)         two arrays of another machine, masked to
#                            $FLEET_OTHER_MAC (vblade -m): never seen here
#     e7.100 (s6 and s7)     an unrelated duplicate: two servers export the
#                            same address for blank disks of no array
#     113 blank targets      e10.0 ... on s0, s1, s2, s3, s6, s7
#   fleet_mask_visible     restart s5's arrays masked to $FLEET_OTHER_MAC:
#                          only this machine's array is left to see.
#   fleet_impostor up|down a blank disk exported as e0.1 from its own
#                          namespace (imp): a duplicate of a member.
#
# Total: 2 + 6 + 5 + 2 + 113 = 128 exports (127 shelf.slots).

FLEET_OTHER_MAC=${FLEET_OTHER_MAC:-52:54:00:00:00:98}
FLEET_BLANKS=113
FLEET_MD=$top_srcdir/tests/data/md

# fleet_decoy NAME SRC SHELF SLOT HOMEHOST [vblade opts]: an md member image
# from tests/data/md/SRC, renamed HOMEHOST:SRC-without-member-suffix.
fleet_decoy() {
	local srv=$1 src=$2 shelf=$3 slot=$4 host=$5 img
	shift 5
	img=$LAB_TMP/decoy-$src.img
	[ -f "$img" ] || python3 "$top_srcdir/tests/lab/fleet-md.py" "$img" \
		"$FLEET_MD/$src.head" "$FLEET_MD/$src.tail" 16384 16128 "$host:${src%-m?}" ||
		{ lab_die "fleet-md.py $src failed"; return 1; }
	lab_server "$srv" "$shelf" "$slot" "$img" "$@"
}

fleet_visible_arrays() {
	fleet_decoy s5 v12-clean-m0 5 0 node2 "$@" && fleet_decoy s5 v12-clean-m1 5 1 node2 "$@" &&
	fleet_decoy s5 v11-bitmap-m0 5 2 node3 "$@" && fleet_decoy s5 v11-bitmap-m1 5 3 node3 "$@" &&
	fleet_decoy s5 sc-stale-m0 5 4 node4 "$@" && fleet_decoy s5 sc-stale-m1 5 5 node4 "$@"
}

fleet_san() {
	local i srv servers=(s0 s1 s2 s3 s6 s7)
	lab_server s0 0 0 "$LAB_M0"
	lab_server s1 0 1 "$LAB_M1"
	fleet_visible_arrays
	fleet_decoy s4 v12-failed-m0 4 0 node5 -m "$FLEET_OTHER_MAC"
	fleet_decoy s4 v12-failed-m1 4 1 node5 -m "$FLEET_OTHER_MAC"
	fleet_decoy s4 v12-spare-m0 4 2 node6 -m "$FLEET_OTHER_MAC"
	fleet_decoy s4 v12-spare-m1 4 3 node6 -m "$FLEET_OTHER_MAC"
	fleet_decoy s4 v12-spare-m2 4 4 node6 -m "$FLEET_OTHER_MAC"
	truncate -s 8M "$LAB_TMP/blank.img"
	lab_server s6 7 100 "$LAB_TMP/blank.img"
	lab_server s7 7 100 "$LAB_TMP/blank.img"
	for i in $(seq 0 $((FLEET_BLANKS - 1))); do
		srv=${servers[$((i % ${#servers[@]}))]}
		lab_server "$srv" $((10 + i / 32)) $((i % 32)) "$LAB_TMP/blank.img" >/dev/null
	done
	lab_log "fleet: 128 exports on 8 servers ($(cat "$LAB_TMP"/vblade-*.pid | wc -l) vblade processes)"
}

fleet_mask_visible() {
	lab_server_stop s5
	rm -f "$LAB_TMP"/vblade-s5.pid
	fleet_visible_arrays -m "$FLEET_OTHER_MAC"
}

fleet_impostor() {
	case ${1:?fleet_impostor up|down} in
	up) truncate -s 8M "$LAB_TMP/impostor.img"; lab_server imp 0 1 "$LAB_TMP/impostor.img" ;;
	down) lab_server_stop imp ;;
	esac
}

# --- boot storm ---------------------------------------------------------------
# Several machines boot at once from the same two servers, each from its own
# mirror (docs/fleet.md, "Boot storm").
#
#   fleet_storm_san N      server sa exports e0.K, server sb e1.K (K = 0 ..
#                          N-1): machine K's mirror, a copy of the fixture
#                          mirror relabelled as array mK:aoeroot with its own
#                          UUID (fleet_storm_uuid K).
#   fleet_storm_start K APPEND  start machine K in the background: direct
#                          kernel boot of $LAB_TMP/initrd.gz on its own tap,
#                          MAC (fleet_storm_mac K) and directory
#                          $LAB_TMP/mK (serial.log, result); APPEND is the
#                          kernel command line. On success mK/result holds
#                          "INIT_MS ROOT_S".
#   fleet_storm_wait K...  wait for those machines; fail unless each reached
#                          its own root [UU]. Prints one line per machine:
#                          "machine K: /init N ms, QEMU->root S s".

fleet_storm_uuid() { printf 'a0e5%028x' "$1"; }
fleet_storm_mac() { printf '52:54:00:5e:00:%02x' "$1"; }

fleet_storm_san() {
	local n=${1:?fleet_storm_san N} k img
	for k in $(seq 0 $((n - 1))); do
		for img in 0 1; do
			cp --sparse=always "$LAB_FIX_DIR/m$img.img" "$LAB_TMP/storm-$k-$img.img"
			python3 "$top_srcdir/tests/lab/fleet-md.py" --relabel "$LAB_TMP/storm-$k-$img.img" \
				"m$k:aoeroot" "$(fleet_storm_uuid "$k")" || { lab_die "relabel storm-$k-$img failed"; return 1; }
		done
		lab_server sa 0 "$k" "$LAB_TMP/storm-$k-0.img" > /dev/null || return 1
		lab_server sb 1 "$k" "$LAB_TMP/storm-$k-1.img" > /dev/null || return 1
	done
	lab_log "storm: $n mirrors e0.K + e1.K on servers sa and sb"
}

# The machine's own tap on the lab bridge (tap0 stays the lab's one machine).
fleet_storm_tap() {
	local tap=tapm$1
	ip -n "$LAB_NS_BR" link show "$tap" > /dev/null 2>&1 && { echo "$tap"; return 0; }
	ip -n "$LAB_NS_BR" tuntap add dev "$tap" mode tap &&
	ip -n "$LAB_NS_BR" link set "$tap" master br0 &&
	ip -n "$LAB_NS_BR" link set "$tap" mtu "$LAB_MTU" up || { lab_die "tap $tap failed"; return 1; }
	echo "$tap"
}

# One machine's whole boot, run in a subshell: the lab's QEMU helpers keep
# their state in LAB_TMP, LAB_TAP, LAB_MAC and LAB_QEMU_PID, so each machine
# gets its own.
fleet_storm_machine() {
	local k=$1 append=$2 top=$LAB_TMP t_root members
	LAB_TMP=$top/m$k LAB_TAP=$(fleet_storm_tap "$k") LAB_MAC=$(fleet_storm_mac "$k") LAB_QEMU_PID=
	mkdir -p "$LAB_TMP"
	lab_qemu_direct "$LAB_VMLINUZ" "$top/initrd.gz" "$append" || return 1
	echo "$LAB_QEMU_PID" >> "$top/pids"
	initrd_root_up 400 || return 1
	t_root=$(lab_elapsed)
	initrd_status || return 1
	lab_expect 'AOEROOT-ROOT-DOWN' 120 || return 1
	lab_qemu_wait 120 || return 1
	lab_grep '\[UU\]' > /dev/null || { lab_log "machine $k: md0 not [UU]"; return 1; }
	initrd_status_is uuid "$(fleet_storm_uuid "$k" | sed 's/\(........\)/\1:/g; s/:$//')" || return 1
	members=" $(sed -n 's/^members=//p' "$LAB_TMP/status") "
	case $members in *" e0.$k "*) ;; *) lab_log "machine $k: e0.$k not among members:$members"; return 1 ;; esac
	case $members in *" e1.$k "*) ;; *) lab_log "machine $k: e1.$k not among members:$members"; return 1 ;; esac
	# "INIT_MS ROOT_S": /init -> switch_root (guest clock), QEMU start -> root
	echo "$(lab_grep 'switching to' | sed 's/.*\[ *\([0-9]*\) ms\].*/\1/' | head -1) $t_root" > "$LAB_TMP/result"
}

fleet_storm_start() {
	local k=${1:?fleet_storm_start K APPEND}
	rm -f "$LAB_TMP/m$k/result"
	( fleet_storm_machine "$k" "${2:?append}" ) > "$LAB_TMP/storm-$k.log" 2>&1 &
	echo $! > "$LAB_TMP/storm-$k.pid"
}

fleet_storm_wait() {
	local k rc=0 init_ms root_s
	for k in "$@"; do
		wait "$(cat "$LAB_TMP/storm-$k.pid")" || :
		if [ -f "$LAB_TMP/m$k/result" ]; then
			read -r init_ms root_s < "$LAB_TMP/m$k/result"
			echo "machine $k: /init $init_ms ms, QEMU->root $root_s s"
		else
			echo "machine $k: FAILED (log $LAB_TMP/storm-$k.log)"
			tail -n 30 "$LAB_TMP/storm-$k.log"
			rc=1
		fi
	done
	return "$rc"
}
