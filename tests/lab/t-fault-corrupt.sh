#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Fault matrix: a corrupt md superblock on one member. The high byte of
# e0.0's event count (md 1.2 superblock at 4 KiB, events at +200) is
# flipped, so the member claims to be 2^56 updates fresher than its twin:
# trusted, it would become the reference. Its checksum no longer matches
# (mdadm --examine on the host says so too). Expected: /init names e0.0 and
# the checksum error, leaves it out, boots degraded from e0.1 and the root
# writes; the root's file set checks out; e0.0's image is unchanged byte
# for byte (nobody wrote the member that was left out). One boot.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd fault
lab_require qemu-system-x86_64 vblade cpio unshare mdadm python3
lab_prelude fault_corrupt init kernel mirror members initrd

# flip the top byte of the little-endian 64-bit events field
python3 - "$LAB_M0" <<'PY'
import sys
off = 4096 + 200 + 7
with open(sys.argv[1], "r+b") as f:
    f.seek(off); b = f.read(1)[0]
    f.seek(off); f.write(bytes([b ^ 0x01]))
PY
mdadm --examine "$LAB_M0" 2>&1 | awk '/Events|Checksum/'
mdadm --examine "$LAB_M0" 2>&1 | grep -q 'Checksum.*expected' ||
	fault_fail "the flipped byte did not break the superblock checksum (mdadm --examine)"
sum0=$(fault_sha "$LAB_M0")

lab_net_up
lab_server s0 0 0 "$LAB_M0"
lab_server s1 0 1 "$LAB_M1"
initrd_boot "aoe_md_devs=e0.0,e0.1 root=/dev/md0 aoe_wait=30 lab_action=write,shell"
lab_expect 'e0\.0: no usable md superblock: checksum mismatch' 90
lab_expect 'md: degraded: .*e0\.0' 30
initrd_root_up
lab_expect 'AOEROOT-WROTE 1' 30
initrd_shell
fault_status
lab_expect 'AOEROOT-ROOT-DOWN' 30
lab_qemu_wait 30
lab_show 'aoeroot: (ERROR|md:|assembled)'
[ "$(fault_mdstate)" = '[_U]' ] || fault_fail "md0 is $(fault_mdstate), expected [_U] (e0.1 alone)"
initrd_status_is members e0.1
initrd_status_is degraded 1
fault_unchanged "$LAB_M0" "$sum0" "corrupt member e0.0"
echo "PASS: corrupt superblock on e0.0 named and left out, degraded boot from e0.1 wrote, file set ok, e0.0 unchanged"
