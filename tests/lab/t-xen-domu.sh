#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The how-to's own layout on a Xen host (tests/lab/xen-lib.sh): server A is
# the Xen host's dom0, exporting e0.0 with vblade bound to its storage
# bridge xenbr1 (the rule of README's Xen section); server B is a vblade
# server on the lab bridge exporting e1.0. A PV domU boots with the
# how-to's config lines (kernel=, ramdisk= the aoeroot initrd made by
# mkinitrd-aoe, root = '/dev/md0 ro', extra = 'aoe_md_devs=e0.0,e1.0
# aoe_netdev=eth1', two vifs on xenbr0/xenbr1): /init loads xen_netfront by
# coldplug from the Xen bus, takes eth1 (the second vif), sees dom0's
# e0.0 through the bridge and e1.0 through the wire, and the root comes up
# [UU] with the fixture's files intact; the domU's console is xl console's
# output on the host's serial port. When the hypervisor offers HVM with a
# paging mode for it (xl info virt_caps: hvm and hap or shadow), a PVH domU
# boots the same way in the same host boot; under TCG it does not (no NPT
# in QEMU's SVM, no shadow paging in Debian's Xen build): the test says so. Then dom0 powers off; both superblocks are clean with equal
# events. Slow (a Xen boot under TCG): `tests/lab/run-all.sh xen`.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd xen
xen_require
lab_require mdadm unshare
lab_init xen_domu
initrd_need_init
lab_kernel
xen_images
lab_fixture_mirror
lab_restore_members
initrd_pack "$LAB_TMP/initrd.gz"
xen_domu_cfg hercules "" > "$LAB_TMP/hercules.cfg"
xen_domu_cfg hercules-pvh "" pvh > "$LAB_TMP/hercules-pvh.cfg"
echo "== the how-to's domU config"
cat "$LAB_TMP/hercules.cfg"
lab_net_up
lab_server s1 1 0 "$LAB_M1"

echo "== Xen host: dom0 exports e0.0 on xenbr1"
xen_host_start bridge "$LAB_M0" "$LAB_TMP/initrd.gz:boot/initrd-aoe.gz" \
	"$LAB_TMP/hercules.cfg:etc/xen/hercules.cfg" "$LAB_TMP/hercules-pvh.cfg:etc/xen/hercules-pvh.cfg"
echo "dom0 ready $(lab_elapsed) s after QEMU start"
lab_grep '^XEN-DOM0-(CAPS|EXPORT)'
# (no backslashes in typed text: xen_send is printf %b, and ^A^A^A would
# switch Xen's console input away from dom0)
xen_dom0 'xl info | grep -E "^(xen_version|virt_caps)" | sed "s/^/XL-/"' INFO
lab_grep '^XL-(xen_version|virt_caps) '

domu_boot() {
	local what=$1 cfg=$2 b0
	b0=$(lab_elapsed)
	xen_domu_create "$cfg"
	lab_expect 'loaded module xen_netfront' 300
	lab_expect 'renamed NIC eth1 to aoe0' 120
	initrd_root_up 600
	lab_expect 'AOEROOT-ROOT-DOWN' 120
	xen_domu_gone 120
	echo "$what domU: create to gone in $(echo "$(lab_elapsed) $b0" | awk '{printf "%.0f", $1 - $2}') s"
}

check_root() {
	local what=$1 log=$LAB_TMP/$1.log
	# the Nth domU's root output only
	tr -d '\r' < "$LAB_TMP/serial.log" |
		awk -v n="$2" '/AOEROOT-ROOT-UP/ {c++} c == n {print} c == n && /AOEROOT-ROOT-DOWN/ {exit}' > "$log"
	grep -E '^AOEROOT-(CMDLINE|ROOTDEV|FILESUM)|\[UU\]|\[U_\]|\[_U\]' "$log"
	grep -q '^AOEROOT-CMDLINE .*root=/dev/md0 ro aoe_md_devs=e0\.0,e1\.0 aoe_netdev=eth1' "$log" ||
		{ echo "FAIL: $what: the domU's command line is not the how-to's"; exit 1; }
	grep -q '\[UU\]' "$log" || { echo "FAIL: $what: md0 is not [UU]"; exit 1; }
	grep -q '^AOEROOT-ROOTDEV /dev/md0' "$log" || { echo "FAIL: $what: root is not /dev/md0"; exit 1; }
}

echo "== PV domU"
domu_boot PV /etc/xen/hercules.cfg
lab_grep 'XEN-DOMU-GONE 0' >/dev/null || { echo "FAIL: xl create -c failed"; lab_serial_tail; exit 1; }
check_root pv 1
# /init's own identity check found both members (dom0's e0.0 through the
# bridge, e1.0 through the wire), each answered by one device
lab_grep 'identity check of 2 present member\(s\) on [0-9]+ NIC\(s\): ok' ||
	{ echo "FAIL: pv: /init's identity check did not pass for e0.0 and e1.0"; lab_serial_tail 40; exit 1; }

pvh=0
# PVH needs HVM plus a paging mode for it: HAP (nested paging: QEMU's TCG
# SVM does not offer NPT) or shadow paging (not built into Debian's Xen)
if lab_grep '^XL-virt_caps .*hvm' >/dev/null && lab_grep '^XL-virt_caps .*(hap|shadow)' >/dev/null; then
	echo "== PVH domU (the hypervisor offers HVM with HAP or shadow paging)"
	domu_boot PVH /etc/xen/hercules-pvh.cfg
	check_root pvh 2
	pvh=1
else
	echo "== no PVH domU: xl info virt_caps has no hvm with hap or shadow: $(lab_grep '^XL-virt_caps' | sed 's/.*: //')"
fi

echo "== dom0 powers off"
xen_host_poweroff 120
for m in "$LAB_M0" "$LAB_M1"; do
	mdadm --examine "$m" | grep -E '^ *(State|Events|Array State) :'
	mdadm --examine "$m" | grep -qE '^ *State : clean' || { echo "FAIL: $m not clean"; exit 1; }
done
e0=$(mdadm --examine "$LAB_M0" | sed -n 's/^ *Events : //p')
e1=$(mdadm --examine "$LAB_M1" | sed -n 's/^ *Events : //p')
[ "$e0" = "$e1" ] || { echo "FAIL: events differ ($e0 / $e1)"; exit 1; }
echo "PASS: Xen PV domU$([ $pvh = 1 ] && echo ' and PVH domU') booted the how-to's config (xen_netfront, eth1, dom0's e0.0 + server B's e1.0): root [UU], files intact, superblocks clean (events $e0)"
