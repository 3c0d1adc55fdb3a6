#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Boot storm (docs/fleet.md): 4 diskless machines start at the same moment
# from the same two servers (sa exports e0.0-e0.3, sb e1.0-e1.3). Machine K
# has its own mirror e0.K + e1.K (array mK:aoeroot, its own UUID; copies of
# the fixture mirror), its own MAC and tap. Every machine must reach its own
# root on md0 [UU]: /run/aoeroot/status names its array's UUID and its two
# members, and the root's file set checks out. Direct kernel boot with the
# aoeroot initrd (the SAN, the AoE driver and /init under load are what a
# storm tests; the boot loaders' discovery is the same engine, tested on the
# fleet SAN by t-fleet-grub and t-fleet-efi). The times per machine are
# printed; bench/run.sh --only storm compares them with a single boot.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd fleet
lab_require qemu-system-x86_64 vblade cpio unshare python3
lab_prelude fleet_storm init kernel mirror initrd
FLEET_STORM_N=${FLEET_STORM_N:-4}
lab_net_up
fleet_storm_san "$FLEET_STORM_N"
machines=$(seq 0 $((FLEET_STORM_N - 1)))
for k in $machines; do
	fleet_storm_start "$k" "aoe_md_devs=e0.$k,e1.$k root=/dev/md0 aoe_wait=60 lab_action=shell"
done
# shellcheck disable=SC2086
fleet_storm_wait $machines || { echo "FAIL: not every machine of the storm reached its own root"; exit 1; }
echo "PASS: boot storm: $FLEET_STORM_N machines at once from 2 servers, each on its own mirror [UU]"
