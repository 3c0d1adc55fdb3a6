#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Fault matrix: split brain. A setup guest (mdadm) runs each half of the
# mirror alone and writes to it: e0.0 once (boot counter 1), e0.1 twice
# (counter 3), so the halves hold different data, different event counts,
# and each superblock shows the other slot as gone. The kernel alone would
# assemble both [UU] (it does not detect split brain); /init must not guess.
#  1. no preference: /init refuses, says it is a split brain and which
#     aoe_md_prefer= would choose a side; neither image is written.
#  2. aoe_md_prefer=e0.0 (the half with fewer writes, usually the less
#     fresh one: the preference, not the event count, decides): e0.0 boots degraded, its data (counter 1)
#     is what the root sees, the root writes; e0.1 is left out as the other
#     side (status split=e0.1) and its image is unchanged.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd fault
lab_require qemu-system-x86_64 vblade cpio unshare mdadm sha256sum
lab_prelude fault_split init kernel mirror members

echo "== setup guest: run each half alone and write to it"
cat > "$LAB_TMP/split.sh" <<'SH'
side() { # DEVICE COUNTER
	mdadm -A --run /dev/md0 "$1"
	mount -t ext4 /dev/md0 /mnt
	echo "$2" > /mnt/var/lib/boot-counter
	echo "split side $1 counter $2" > /mnt/var/lib/aoeroot-write
	umount /mnt
	mdadm -S /dev/md0
}
side /dev/vda 1
side /dev/vdb 2
side /dev/vdb 3
mdadm --examine /dev/vda /dev/vdb | grep -E '^/dev|Events|Array State'
SH
lab_setup_guest "$LAB_TMP/split.sh" "$LAB_M0" "$LAB_M1"
ev0=$(fault_events "$LAB_M0") ev1=$(fault_events "$LAB_M1")
st0=$(mdadm --examine "$LAB_M0" | sed -n 's/^ *Array State : \([^ ]*\).*/\1/p')
st1=$(mdadm --examine "$LAB_M1" | sed -n 's/^ *Array State : \([^ ]*\).*/\1/p')
echo "events: e0.0 $ev0 ($st0), e0.1 $ev1 ($st1)"
# each half must see the other gone; md's event counts for the same steps
# vary from run to run (4 vs 6, or 6 vs 6), so only the role tables are
# required (equal counts are the split brain the kernel cannot see)
[ "$st0" = A. ] && [ "$st1" = .A ] ||
	fault_fail "setup: halves do not each mark the other gone ($st0, $st1)"
sum0=$(fault_sha "$LAB_M0") sum1=$(fault_sha "$LAB_M1")

initrd_pack "$LAB_TMP/initrd.gz"
lab_net_up
lab_server s0 0 0 "$LAB_M0"
lab_server s1 0 1 "$LAB_M1"

echo "== boot 1: no aoe_md_prefer="
initrd_boot "aoe_md_devs=e0.0,e0.1 root=/dev/md0 aoe_wait=30"
initrd_refused 'split brain'
lab_grep 'cannot boot' | tail -1
lab_grep 'cannot boot: .*aoe_md_prefer=e0\.0.*aoe_md_prefer=e0\.1|cannot boot: .*aoe_md_prefer=e0\.1.*aoe_md_prefer=e0\.0' >/dev/null ||
	fault_fail "the refusal does not name both aoe_md_prefer= choices"
lab_grep 'AOEROOT-ROOT-UP|assembled /dev/md0' && fault_fail "boot 1 assembled a split brain"
fault_unchanged "$LAB_M0" "$sum0" "refused boot: e0.0"
fault_unchanged "$LAB_M1" "$sum1" "refused boot: e0.1"

echo "== boot 2: aoe_md_prefer=e0.0"
initrd_boot "aoe_md_devs=e0.0,e0.1 aoe_md_prefer=e0.0 root=/dev/md0 aoe_wait=30 lab_action=write,shell"
lab_expect 'leaving out e0\.1: the other side of a split brain' 90
initrd_root_up
lab_expect 'AOEROOT-COUNTER 1' 10
lab_expect 'AOEROOT-WROTE 2' 30
initrd_shell
fault_guest 'echo "WRITESUM $(sha256sum /var/lib/aoeroot-write)"' WS
fault_status
lab_expect 'AOEROOT-ROOT-DOWN' 30
lab_qemu_wait 30
lab_show 'aoeroot: (ERROR|md:|assembled|leaving)'
cmdline=$(lab_grep '^AOEROOT-CMDLINE ' | head -1 | sed 's/^AOEROOT-CMDLINE //')
want=$(printf 'boot 2: %s\n' "$cmdline" | sha256sum | cut -d' ' -f1)
got=$(fault_line WRITESUM | awk '{print $1}')
[ "$got" = "$want" ] || fault_fail "written file checksum $got, expected $want"
[ "$(fault_mdstate)" = '[U_]' ] || fault_fail "md0 is $(fault_mdstate), expected [U_]"
initrd_status_is members e0.0
initrd_status_is split e0.1
initrd_status_is degraded 1
fault_unchanged "$LAB_M1" "$sum1" "the other side e0.1"
echo "PASS: split brain refused without aoe_md_prefer= (nothing written); with aoe_md_prefer=e0.0 that side booted, wrote ($want), e0.1 left out and unchanged"
