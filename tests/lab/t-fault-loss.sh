#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Fault matrix: a bad network. AoE frames crossing the lab bridge are
# dropped (every Nth: nft numgen inc mod N, deterministic, so runs repeat;
# fault_net_drop_every) and QEMU holds the guest NIC's frames for up to
# 50 ms (filter-buffer interval=50000, both directions).
#   FAULT_LOSS_EVERY=N   drop every Nth frame (default 20: 5%; 5 = 20%)
#   FAULT_DELAY_US=U     filter-buffer interval (default 50000; 0 = none)
#   FAULT_LOSS_UNTIL=switch|end  lift the loss when /init switches to the
#                        root (default) or keep it to the end
# The issue's 20% case is the nightly command (tests/README.md):
#   FAULT_LOSS_EVERY=5 LAB_TEST_TIMEOUT=1200 make check-lab LAB_TESTS=fault-loss
# Why not in CI: the Linux aoe driver doubles its retransmit timer on every
# tick that retransmits and lets it shrink only slowly, so each lost frame
# costs ~2 s: 20% loss over /init's I/O dropped 110 frames and took 268 s
# (PASS, 351 s in all); 5% over the whole boot, 498 frames and 428 s.
# `lab_net_loss 20 inc` is worse: it drops 20 frames IN A ROW of every 100,
# so one request is lost over and over; opening one member took 133 s.
# Expected: /init finds both members, says what it waits for while the
# kernel retransmits ("still ... after N s"), boots md0 [UU]; the root
# writes (lab_action=write) and copies the fixture's blob.bin; after
# dropping the page cache both read back from the mirror with the right
# checksums; the file set checks out; frames were really dropped.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd fault
lab_require qemu-system-x86_64 vblade cpio unshare nft python3 sha256sum
lab_prelude fault_loss init kernel mirror members initrd
fault_blob "$LAB_TMP/blob.bin"
blobsum=$(fault_sha "$LAB_TMP/blob.bin")
lab_net_up
loss_every=${FAULT_LOSS_EVERY:-20} delay_us=${FAULT_DELAY_US:-50000} loss_until=${FAULT_LOSS_UNTIL:-switch}
[ "$loss_every" = 0 ] || fault_net_drop_every "$loss_every"
delay=()
[ "$delay_us" = 0 ] || delay=(-object "filter-buffer,id=f0,netdev=n0,interval=$delay_us")
lab_server s0 0 0 "$LAB_M0"
lab_server s1 0 1 "$LAB_M1"

lab_qemu_direct "$LAB_VMLINUZ" "$LAB_TMP/initrd.gz" \
	"aoe_md_devs=e0.0,e0.1 root=/dev/md0 aoe_wait=30 lab_action=write,shell" "${delay[@]}"
lab_expect 'all 2 members present' 120
lab_expect 'aoeroot: switching to /dev/md0' 200
drops=$(fault_net_dropped)
if [ "$loss_until" = switch ]; then
	lab_net_loss 0
	echo "/init done at $(lab_elapsed) s: loss lifted ($drops frames dropped), the buffering stays"
fi
initrd_root_up 180
lab_expect 'AOEROOT-WROTE 1' 60
initrd_shell
fault_guest 'cp /etc/aoeroot-fixture/blob.bin /var/lib/loss-copy && sync && echo 3 > /proc/sys/vm/drop_caches && echo "COPYSUM $(sha256sum /var/lib/loss-copy)" && echo "WRITESUM $(sha256sum /var/lib/aoeroot-write)"' RB 180
fault_status
lab_expect 'AOEROOT-ROOT-DOWN' 60
lab_qemu_wait 60
[ "$loss_until" = switch ] || drops=$(fault_net_dropped)
echo "nft dropped $drops AoE frames"
[ "$loss_every" = 0 ] || [ "${drops:-0}" -gt 0 ] || fault_fail "no frame was dropped: the loss rule did not apply"
lab_show 'aoeroot: (ERROR|all|identity|md:|assembled|still)'
[ "$(fault_mdstate)" = '[UU]' ] || fault_fail "md0 is $(fault_mdstate), expected [UU]"
cmdline=$(lab_grep '^AOEROOT-CMDLINE ' | head -1 | sed 's/^AOEROOT-CMDLINE //')
want=$(printf 'boot 1: %s\n' "$cmdline" | sha256sum | cut -d' ' -f1)
got=$(fault_line WRITESUM | awk '{print $1}')
[ "$got" = "$want" ] || fault_fail "written file checksum $got, expected $want"
got=$(fault_line COPYSUM | awk '{print $1}')
[ "$got" = "$blobsum" ] || fault_fail "copied blob checksum $got, expected $blobsum"
initrd_status_is degraded 0
echo "PASS: $((100 / loss_every))% AoE loss until $loss_until (nft, $drops frames dropped) + ${delay_us} us buffering: md0 [UU], write and 256 KiB copy read back intact after drop_caches, file set ok"
