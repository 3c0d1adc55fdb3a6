#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Publish-mode boots with 5 % of the AoE frames lost on the lab bridge
# (issue 27): every 20th AoE frame crossing the bridge is dropped (nft
# numgen inc, deterministic, as t-fault-loss.sh; counter checked) from
# power-on until the kernel starts. LAB_REPEAT boots (3 in CI, 20 nightly: tests/README.md) each
# go from OVMF through aoeboot.efi (publish mode, verbose=2), Debian's shim
# and GRUB reading grub.cfg, kernel and initrd from the published disks, to
# the kernel's start. 0 failures
# allowed: no member failed, no GRUB read error; frames were really lost.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd efi netboot fault pubload
lab_require qemu-system-x86_64 vblade cpio unshare mdadm mke2fs python3 nft
lab_prelude efi_publish_loss efi
pl_setup
# The loss lasts from power-on to the kernel's start (the stub and GRUB);
# each boot's dropped frames are counted.
dropped=0
pl_loss_on() { fault_net_drop_every 20; }
pl_loss_off() {
	local n
	n=$(fault_net_dropped)
	dropped=$((dropped + ${n:-0}))
	echo "AoE frames dropped on the bridge this boot: ${n:-0}"
	lab_net_loss 0
}
PL_ON_BOOT=pl_loss_on PL_ON_KERNEL=pl_loss_off
for i in $(seq "$PL_REPEAT"); do
	pl_boot "$i"
done
echo "AoE frames dropped on the bridge: $dropped"
[ "$dropped" -gt 0 ] || { echo "FAIL: no frame was dropped"; exit 1; }
echo "PASS: publish mode with 5% AoE frame loss: $(pl_summary); $dropped frames dropped"
