# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
# Storage VLANs in the lab (t-vlan-*.sh). Source after tests/lab/lib.sh.
#
# This host's kernel has no 8021q, no bridge vlan_filtering and no tc vlan
# action, so the VLANs are made in user space by tests/lab/vlan-relay.py:
#
#   guest --tap0-- br0 (untagged servers, the trunk) --vt0|vt1-- relay
#   relay --va42|vb42-- br42 (VLAN 42's servers, untagged on their side)
#   relay --va7|vb7--   br7  (VLAN 7's servers)
#
# br0 is the guest's port: everything on it is the shared segment. A frame
# the guest sends tagged 42 crosses the relay to br42 untagged; br42's
# servers' answers come back tagged 42. Untagged frames stay on br0.
#
#   vlan_net_up VID...   lab_net_up, one bridge brVID per VID, the relay
#                        (log $LAB_TMP/relay.log; its counters at the end).
#                        VLAN_FLOOD=FROM:TO (hostile switch): the guest's
#                        frames tagged FROM also reach VLAN TO's servers,
#                        which answer tagged TO.
#   vlan_decoy_lab       the mirror on VLAN 42 (s0: e0.0, s1: e0.1) among
#                        decoys answering e0.0 and e0.1 from copies of the
#                        pristine members: du untagged on br0, d7 on VLAN 7
#                        (VLAN_FLOOD=42:7, so d7 answers the guest's VLAN 42
#                        queries); sets S0_MAC S1_MAC DU_MAC D7_MAC.
#   vlan_decoys_unchanged  fail unless the decoy images are as they were.
#   vlan_server NAME VID SHELF SLOT IMAGE [vblade opts]  lab_server on
#                        brVID (VID 0: br0, untagged).
#   vlan_server_mac NAME  the server's MAC (aa:bb:...).
#   vlan_probe NAME VID MAC  a namespace $LAB_PREFIX-NAME with eth0 (MAC) on
#                        brVID, for host tools (aoe-scan); run with
#                        `ip netns exec "$LAB_PREFIX-NAME" ...`.
#   vlan_relay_stats     stop the relay; print its counters.

VLAN_RELAY=${top_srcdir}/tests/lab/vlan-relay.py
VLAN_RELAY_PID=

vlan_net_up() {
	local vid ports=()
	lab_net_up || return 1
	command -v python3 >/dev/null || lab_skip "python3 missing (the lab's VLAN relay)"
	ip -n "$LAB_NS_BR" link add vt0 type veth peer name vt1 || { lab_die "veth vt0 failed"; return 1; }
	ip -n "$LAB_NS_BR" link set vt0 master br0
	for vid in "$@"; do
		ip -n "$LAB_NS_BR" link add "br$vid" type bridge stp_state 0 forward_delay 0
		ip -n "$LAB_NS_BR" link add "va$vid" type veth peer name "vb$vid"
		ip -n "$LAB_NS_BR" link set "vb$vid" master "br$vid"
		ip -n "$LAB_NS_BR" link set "br$vid" mtu "$LAB_MTU" up
		for l in "va$vid" "vb$vid"; do
			ip -n "$LAB_NS_BR" link set "$l" mtu "$LAB_MTU" promisc on up
		done
		ports+=("$vid:va$vid")
	done
	for l in vt0 vt1; do ip -n "$LAB_NS_BR" link set "$l" mtu "$LAB_MTU" promisc on up; done
	ip netns exec "$LAB_NS_BR" python3 -u "$VLAN_RELAY" ${VLAN_FLOOD:+--flood "$VLAN_FLOOD"} \
		vt1 "${ports[@]}" > "$LAB_TMP/relay.log" 2>&1 &
	VLAN_RELAY_PID=$!
	lab_track "$VLAN_RELAY_PID"
	for _ in $(seq 50); do
		grep -q READY "$LAB_TMP/relay.log" && break
		kill -0 "$VLAN_RELAY_PID" 2>/dev/null || break
		sleep 0.1
	done
	grep -q READY "$LAB_TMP/relay.log" || { cat "$LAB_TMP/relay.log" >&2; lab_die "VLAN relay did not start"; return 1; }
	lab_log "vlan relay: trunk on br0, VLANs $* (pid $VLAN_RELAY_PID)"
}

vlan_server() {
	local name=${1:?vlan_server NAME VID SHELF SLOT IMAGE} vid=${2:?vid} br=br0
	shift 2
	[ "$vid" = 0 ] || br=br$vid
	LAB_SERVER_BR=$br lab_server "$name" "$@"
}

vlan_server_mac() {
	ip -n "$LAB_PREFIX-${1:?name}" link show eth0 | awk '/link\/ether/ {print $2}'
}

vlan_probe() {
	local name=${1:?vlan_probe NAME VID MAC} vid=${2:?vid} mac=${3:?mac} ns br=br0
	[ "$vid" = 0 ] || br=br$vid
	ns=$LAB_PREFIX-$name
	ip netns add "$ns" || { lab_die "ip netns add $ns failed"; return 1; }
	ip -n "$ns" link set lo up
	ip -n "$LAB_NS_BR" link add "v-$name" type veth peer name eth0 netns "$ns"
	ip -n "$LAB_NS_BR" link set "v-$name" master "$br"
	ip -n "$LAB_NS_BR" link set "v-$name" mtu "$LAB_MTU" up
	ip -n "$ns" link set eth0 address "$mac" mtu "$LAB_MTU" up
}

vlan_relay_stats() {
	[ -n "$VLAN_RELAY_PID" ] || return 0
	kill "$VLAN_RELAY_PID" 2>/dev/null
	# often called in $(...): not the relay's parent there, so no wait
	for _ in $(seq 50); do kill -0 "$VLAN_RELAY_PID" 2>/dev/null || break; sleep 0.1; done
	VLAN_RELAY_PID=
	tail -n 1 "$LAB_TMP/relay.log"
}

vlan_decoy_lab() {
	local f
	for f in du0 d70; do cp --sparse=always "$LAB_FIX_M0" "$LAB_TMP/$f.img"; done
	for f in du1 d71; do cp --sparse=always "$LAB_FIX_M1" "$LAB_TMP/$f.img"; done
	VLAN_FLOOD=42:7 vlan_net_up 42 7 || return 1
	vlan_server s0 42 0 0 "$LAB_M0" || return 1
	vlan_server s1 42 0 1 "$LAB_M1" || return 1
	vlan_server du 0 0 0 "$LAB_TMP/du0.img" || return 1
	vlan_server du 0 0 1 "$LAB_TMP/du1.img" || return 1
	vlan_server d7 7 0 0 "$LAB_TMP/d70.img" || return 1
	vlan_server d7 7 0 1 "$LAB_TMP/d71.img" || return 1
	(cd "$LAB_TMP" && sha256sum du0.img du1.img d70.img d71.img > decoys.sha256)
	S0_MAC=$(vlan_server_mac s0); S1_MAC=$(vlan_server_mac s1)
	DU_MAC=$(vlan_server_mac du); D7_MAC=$(vlan_server_mac d7)
	lab_log "VLAN 42: s0 $S0_MAC s1 $S1_MAC; decoys: untagged du $DU_MAC, VLAN 7 d7 $D7_MAC"
}

vlan_decoys_unchanged() {
	(cd "$LAB_TMP" && sha256sum -c --quiet decoys.sha256) ||
		{ lab_log "a decoy image was written"; return 1; }
}
