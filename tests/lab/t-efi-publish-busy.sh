#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Publish-mode boots with both host cores busy (issue 27: 3 of 7 such
# boots failed when the stub's single transmit buffer wedged the NIC).
# `stress-ng --cpu 2` runs for the whole test; LAB_REPEAT boots (3 in CI,
# 20 nightly: tests/README.md) each go from OVMF through aoeboot.efi
# (publish mode, verbose=2), Debian's shim and GRUB reading grub.cfg,
# kernel and initrd from the published disks, to the kernel's start (the
# stub's network path ends there). 0 failures allowed: no member failed, no
# GRUB read error. Each boot's log line gives the stub's retransmits, NIC
# resets and transmit-pool counters (refused/busy/queued).
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd efi netboot pubload
lab_require qemu-system-x86_64 vblade cpio unshare mdadm mke2fs python3 stress-ng
lab_prelude efi_publish_busy efi
pl_setup
stress-ng --cpu 2 --timeout 7200s --quiet > "$LAB_TMP/stress-ng.log" 2>&1 &
lab_track $!
echo "stress-ng --cpu 2 running (pid $!): $(nproc) host cores"
for i in $(seq "$PL_REPEAT"); do
	pl_boot "$i"
done
echo "PASS: publish mode with both host cores busy: $(pl_summary)"
