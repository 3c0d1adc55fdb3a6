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
