# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
# A DHCP + TFTP server for network boots in the lab (dnsmasq, no DNS),
# shared by the PXE tests and tools/demo.sh. Source after tests/lab/lib.sh,
# call after lab_net_up.
#
#   lab_pxe_server TFTPDIR BOOTFILE [OPTION...]
#       Namespace $LAB_PREFIX-pxe with a veth eth0 on the lab bridge br0
#       (bridge side v-pxe) and the private address $LAB_PXE_ADDR/24; in it
#       `dnsmasq --port=0 --enable-tftp --dhcp-boot=BOOTFILE` serving
#       TFTPDIR, handing out $LAB_PXE_NET.100-199 on that link only (its
#       namespace has no other). BOOTFILE is relative to TFTPDIR. Runs in the
#       foreground of a tracked background job, so the lab cleanup trap kills
#       it and deletes the namespace. Log (every DHCP and TFTP exchange):
#       $LAB_TMP/dnsmasq.log; leases: $LAB_TMP/dnsmasq.leases.
#       OPTIONs, each one of:
#         root-path=TEXT    DHCP option 17 (e.g. aoe:e0.0)
#         hostname=NAME     DHCP option 12 for the guest ($LAB_MAC)
#         NAME=VALUE        any DHCP option dnsmasq knows by name
#                           (`dnsmasq --help dhcp`), as option:NAME,VALUE
#         --...             passed to dnsmasq as it is
#       Sets LAB_PXE_PID. Fails (with the log) when dnsmasq does not start.
#   lab_pxe_served FILE   true when dnsmasq's log says it sent FILE by TFTP.
#   lab_pxe_ovmf [QEMU ARGS...]  OVMF with no disk: the guest NIC (on the
#       tap, $LAB_NIC with OVMF's own driver, romfile=) is the only boot
#       option, so the firmware network-boots from lab_pxe_server. The same
#       NIC then carries AoE.
#
# Environment: LAB_PXE_NET (default 10.237.0, a /24 that exists only on
# the lab bridge), LAB_PXE_ADDR (default $LAB_PXE_NET.1).

LAB_PXE_NET=${LAB_PXE_NET:-10.237.0}
LAB_PXE_ADDR=${LAB_PXE_ADDR:-$LAB_PXE_NET.1}
LAB_PXE_PID=

lab_pxe_server() {
	local dir=${1:?lab_pxe_server TFTPDIR BOOTFILE [OPTION...]} boot=${2:?bootfile} ns a
	local opts=()
	shift 2
	[ -n "$LAB_NS_BR" ] || { lab_die "lab_pxe_server: run lab_net_up first"; return 1; }
	command -v dnsmasq >/dev/null || lab_skip "dnsmasq missing (apt-get install dnsmasq-base)"
	dir=$(cd "$dir" && pwd) || { lab_die "lab_pxe_server: no directory $1"; return 1; }
	[ -f "$dir/$boot" ] || { lab_die "lab_pxe_server: no boot file $dir/$boot"; return 1; }
	for a in "$@"; do
		case $a in
		--*) opts+=("$a") ;;
		hostname=*) opts+=("--dhcp-host=$LAB_MAC,${a#hostname=}") ;;
		?*=*) opts+=("--dhcp-option=option:${a%%=*},${a#*=}") ;;
		*) lab_die "lab_pxe_server: option '$a' is not NAME=VALUE or --..."; return 1 ;;
		esac
	done
	ns=$LAB_PREFIX-pxe
	ip netns add "$ns" || { lab_die "ip netns add $ns failed"; return 1; }
	ip -n "$ns" link set lo up
	ip -n "$LAB_NS_BR" link add v-pxe type veth peer name eth0 netns "$ns" ||
		{ lab_die "veth for the PXE server failed"; return 1; }
	ip -n "$LAB_NS_BR" link set v-pxe master br0
	ip -n "$LAB_NS_BR" link set v-pxe mtu "$LAB_MTU" up
	ip -n "$ns" link set eth0 mtu "$LAB_MTU" up
	ip -n "$ns" addr add "$LAB_PXE_ADDR/24" dev eth0
	: > "$LAB_TMP/dnsmasq.log"
	# --conf-file=/dev/null: not the host's /etc/dnsmasq.conf; --user=root:
	# the TFTP files sit in the private $LAB_TMP; --pid-file (empty): none;
	# option:router with no value: no default route (there is nowhere to go).
	ip netns exec "$ns" dnsmasq --keep-in-foreground --conf-file=/dev/null \
		--user=root --pid-file --port=0 --interface=eth0 --bind-interfaces \
		--dhcp-range="$LAB_PXE_NET.100,$LAB_PXE_NET.199,255.255.255.0,1h" \
		--dhcp-option=option:router --dhcp-authoritative --dhcp-leasefile="$LAB_TMP/dnsmasq.leases" \
		--enable-tftp --tftp-root="$dir" --dhcp-boot="$boot" \
		--log-dhcp --log-facility="$LAB_TMP/dnsmasq.log" "${opts[@]}" \
		> "$LAB_TMP/dnsmasq.out" 2>&1 &
	LAB_PXE_PID=$!
	lab_track "$LAB_PXE_PID"
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		grep -q 'TFTP root is' "$LAB_TMP/dnsmasq.log" 2>/dev/null && break
		kill -0 "$LAB_PXE_PID" 2>/dev/null || break
		sleep 0.1
	done
	if ! kill -0 "$LAB_PXE_PID" 2>/dev/null || ! grep -q 'TFTP root is' "$LAB_TMP/dnsmasq.log"; then
		cat "$LAB_TMP/dnsmasq.out" "$LAB_TMP/dnsmasq.log" >&2
		lab_die "dnsmasq did not start in $ns"; return 1
	fi
	lab_log "pxe: dnsmasq $LAB_PXE_ADDR in $ns, boot file $boot from $dir (pid $LAB_PXE_PID)"
}

lab_pxe_served() {
	grep -qF "/${1:?lab_pxe_served FILE} to " "$LAB_TMP/dnsmasq.log"
}

lab_pxe_ovmf() {
	local code=${LAB_OVMF_CODE:-/usr/share/OVMF/OVMF_CODE.fd}
	local vars=${LAB_OVMF_VARS:-/usr/share/OVMF/OVMF_VARS.fd}
	[ -f "$code" ] && [ -f "$vars" ] || lab_skip "OVMF not installed ($code)"
	cp "$vars" "$LAB_TMP/OVMF_VARS.fd"
	LAB_NIC_OPTS=${LAB_NIC_OPTS-,bootindex=1,romfile=} lab_qemu_start \
		-drive "if=pflash,format=raw,unit=0,readonly=on,file=$code" \
		-drive "if=pflash,format=raw,unit=1,file=$LAB_TMP/OVMF_VARS.fd" \
		"$@"
}
