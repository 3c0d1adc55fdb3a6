#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A server dies under a running root, with aoeroot's defaults, and comes
# back (issue 30). The root (the fixture root plus mdadm, root-support's
# aoeroot-monitor/-readd/-status and a writer; tests/lab/failover-lib.sh)
# boots with no aoe_deadsecs= on the command line; in it md0 gets an
# internal write-intent bitmap, aoeroot-monitor runs, and a writer writes
# 4 KiB + fsync every 100 ms, logging each completed write (guest clock).
#  1. s1 (e0.1) killed: /init passed its default aoe_deadsecs=5 to the
#     driver; the longest write stall the writer logged is <= 10 s
#     (default + 5); md fails e0.1 (degraded 1); aoeroot-monitor said
#     "e0.1 not answering" in the kernel log before md's "Disk failure";
#     no Oops/BUG/hung task in the kernel log.
#  2. 16 MiB written while e0.1 is away; s1 back (same image): e0.1 is
#     re-added by aoeroot-monitor -> aoeroot-readd without any command from
#     the test ("re-added", i.e. through the bitmap), recovered, [UU].
#  3. a 12 s outage of the whole storage network (every AoE frame on the
#     bridge dropped): both members silent, aoeroot-monitor holds
#     aoe_deadsecs (log line), no member is failed (degraded 0), the writes
#     resume (stall >= 12 s), aoe_deadsecs is back to 5 afterwards.
#     Without the hold the driver gives up both members after 5 s and the
#     root is lost.
#  4. every write the writer logged as fsync'ed reads back intact (page
#     cache dropped); no write failed; clean poweroff; on the host the md
#     data areas of both member images are byte-equal.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd fault failover
lab_require qemu-system-x86_64 vblade cpio unshare mdadm python3 mke2fs sha256sum
lab_prelude failover_kill init kernel mirror members initrd
failover_root
lab_net_up
lab_server s0 0 0 "$LAB_M0"
lab_server s1 0 1 "$LAB_M1"

echo "== boot with the default aoe_deadsecs, writer + monitor running"
failover_boot ""
lab_grep 'aoe_deadsecs=5 for the running root' > /dev/null ||
	fault_fail "/init did not pass its default aoe_deadsecs=5 to the aoe driver"
lab_grep '^FO-BITMAP' | tail -n1

echo "== kill s1 (e0.1), write ${FO_AWAY_MIB} MiB, bring s1 back"
failover_cycle kill
lab_grep 'aoeroot-monitor: e0\.1 ' | head -n 3
[ -n "$FO_FAIL_MS" ] || fault_fail "md did not fail e0.1 ($(fo_val FAILED))"
[ "$FO_DEGRADED" = 1 ] || fault_fail "md0 degraded=$FO_DEGRADED after e0.1 failed, expected 1"
[ "$FO_STALL_MS" -le 10000 ] ||
	fault_fail "longest write stall $FO_STALL_MS ms, more than aoe_deadsecs (5 s) + 5 s"
[ -n "$FO_MON_MS" ] || fault_fail "aoeroot-monitor never said e0.1 was not answering"
[ "$FO_MON_MS" -lt "$FO_FAIL_MS" ] ||
	fault_fail "aoeroot-monitor spoke $FO_MON_MS ms after the stall began, md failed e0.1 earlier ($FO_FAIL_MS ms)"
[ "$FO_KERNEL" = ok ] || fault_fail "kernel log: $FO_KERNEL"
[ -n "$FO_BACK_MS" ] || fault_fail "md0 not [UU] again after s1 came back"
case $FO_READD in *"re-added /dev/etherd/e0.1 to /dev/md0"*) ;;
*) fault_fail "e0.1 was not re-added through the bitmap: '$FO_READD'" ;; esac
kill_stall=$FO_STALL_MS
echo "stall $FO_STALL_MS ms, md failed e0.1 $FO_FAIL_MS ms and aoeroot-monitor spoke $FO_MON_MS ms after the stall began; back -> [UU] $FO_BACK_MS ms (recovery $FO_RESYNC_MS ms)"

echo "== 12 s outage of the whole storage network"
failover_outage 12
lab_grep 'aoeroot-monitor: every member of md0 is silent' > /dev/null ||
	fault_fail "aoeroot-monitor did not hold aoe_deadsecs while both members were silent"
[ "$FO_DEGRADED" = 0 ] || fault_fail "md0 degraded=$FO_DEGRADED after a network-wide outage: a member was given up"
[ "$FO_STALL_MS" -ge 12000 ] || fault_fail "the outage stalled the writes only $FO_STALL_MS ms: was the network down?"
fo_deadsecs
[ "$FO_DEAD" = 5 ] || fault_fail "aoe_deadsecs is $FO_DEAD after the outage, expected 5 again"
lab_grep 'aoeroot-monitor: (every member|members answer)' | tail -n 2
echo "outage: writes stalled $FO_STALL_MS ms, nothing failed, aoe_deadsecs back to 5"

echo "== the fsync'ed writes, the status, poweroff"
fo 120 stop
[ "$(fo_val WRITE-ERRORS)" = 0 ] || fault_fail "$(fo_val WRITE-ERRORS) writes failed in the guest"
case $(fo_val CHECK) in ok\ [1-9]*) echo "writes checked: $(fo_val CHECK)" ;;
*) fault_fail "fsync'ed writes do not read back: $(fo_val CHECK)" ;; esac
fo 30 status
lab_grep '^FO-STATUS ' | tail -n 8
lab_grep '^FO-STATUS md0 .*degraded=0 sync_action=idle' > /dev/null || fault_fail "aoeroot-status does not show md0 whole"
lab_grep '^FO-STATUS md0 member e0\.1 md=in_sync' > /dev/null || fault_fail "aoeroot-status does not show e0.1 in_sync"
lab_send 'cat /proc/mdstat\r'
lab_send 'exit\r'
lab_expect 'AOEROOT-ROOT-DOWN' 120
lab_qemu_wait 120
[ "$(fault_mdstate)" = '[UU]' ] || fault_fail "md0 is $(fault_mdstate) at the end, expected [UU]"
sectors=$(mdadm --examine "$LAB_M0" | sed -n 's/^ *Array Size : \([0-9]*\) KiB.*/\1/p')
s0=$(dd if="$LAB_M0" bs=512 skip="$FO_DATA_OFF" count=$((sectors * 2)) status=none | sha256sum | cut -d' ' -f1)
s1=$(dd if="$LAB_M1" bs=512 skip="$FO_DATA_OFF" count=$((sectors * 2)) status=none | sha256sum | cut -d' ' -f1)
[ "$s0" = "$s1" ] || fault_fail "member data differ after the rebuild: e0.0 $s0, e0.1 $s1"
echo "PASS: e0.1's server killed under fsync'ed writes with the default aoe_deadsecs=5: longest stall $kill_stall ms (<= 10000), md degraded after $FO_FAIL_MS ms, monitor reported it after $FO_MON_MS ms; back: re-added via bitmap, [UU] after $FO_BACK_MS ms; $(fo_val CHECK | cut -d' ' -f2) fsync'ed writes intact; member data equal ($s0); a 12 s network-wide outage stalled $FO_STALL_MS ms and failed nothing (aoe_deadsecs held)"
