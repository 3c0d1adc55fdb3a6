#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# failover-guest.sh: the guest half of the failover lab (installed as
# /usr/bin/fo in the root that tests/lab/failover-lib.sh builds). Every
# answer is one console line starting with "FO-"; times are the guest's
# CLOCK_MONOTONIC in ms (the writer's clock); kernel log times are turned
# into it with the offset measured at the writer's start.
#   fo start            remount / rw, add md0 an internal write-intent
#                       bitmap if it has none (1 MiB chunks: mdadm would
#                       pick 64 MiB, the whole lab array), start aoeroot-monitor and
#                       the writer (failover-writer, 4 KiB + fsync / 100 ms)
#   fo now              FO-NOW ms
#   fo waitfail MEMBER SECS   wait until md0 marks MEMBER (eS.L) faulty or
#                       drops it: FO-FAILED ms|timeout (kernel "Disk
#                       failure" time), then 3 s for the writes to resume
#   fo gap FROM_MS      FO-GAP longest_ms ended_at_ms records (a stall
#                       still going on counts until now)
#   fo stallstart FROM_MS  FO-STALLSTART ms: the last completion before
#                       the longest gap since FROM_MS
#   fo waitsync SECS    wait for [UU] with recovery idle: FO-SYNCED ms|timeout
#   fo readd            FO-READD ms: when aoeroot-readd logged the re-add
#   fo recovery         FO-RECOVERY start_ms done_ms (last md recovery)
#   fo write MIB        write MIB MiB (fsync) into /var/lib/fo-away: FO-WROTE
#   fo monitor MEMBER   FO-MONITOR ms text: aoeroot-monitor's first
#                       "not answering" line about MEMBER (after the last kill)
#   fo kernel           FO-KERNEL ok | BAD line (Oops, BUG:, hung task)
#   fo stop             stop the writer; FO-CHECK ok N | BAD seq
#   fo status           aoeroot-status, each line as FO-STATUS ...
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
D=/run/fo
W=/var/lib/fo-data

mono() { failover-writer now 2>/dev/null || { read -r u _ < /proc/uptime; echo $(( ${u%.*} * 1000 + 1${u#*.}0 - 1000 )); }; }

# kernel log seconds -> writer ms (offset measured at the writer's start)
kms() {
	off=$(cat $D/offset 2>/dev/null || echo 0)
	awk -v s="$1" -v o="$off" 'BEGIN { printf "%d\n", s * 1000 - o }'
}

# time stamp (s) of the last kernel line matching ERE $1
klast() {
	dmesg | grep -E -- "$1" | tail -n1 | sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p'
}

case ${1:-} in
start)
	mkdir -p $D
	grep -q ' /run ' /proc/mounts || mount -t tmpfs tmpfs /run
	mkdir -p $D
	mount -o remount,rw / || { echo "FO-ERROR remount"; exit 1; }
	if [ "$(cat /sys/block/md0/md/bitmap/location 2>/dev/null)" = none ] ||
	   [ ! -e /sys/block/md0/md/bitmap/location ]; then
		mdadm --grow --bitmap=internal --bitmap-chunk=1M /dev/md0 > $D/bitmap.log 2>&1 ||
			{ echo "FO-ERROR bitmap $(tail -n1 $D/bitmap.log)"; exit 1; }
	fi
	echo "FO-BITMAP $(cat /sys/block/md0/md/bitmap/location) chunk $(cat /sys/block/md0/md/bitmap/chunksize)"
	/usr/share/aoeroot/aoeroot-monitor > $D/monitor.log 2>&1 &
	echo $! > $D/monitor.pid
	failover-writer write $W $D/w.log 100 > $D/writer.out 2>&1 &
	echo $! > $D/writer.pid
	i=0
	while ! dmesg | grep -q 'failover-writer: start mono_ms=' && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
	line=$(dmesg | grep 'failover-writer: start mono_ms=' | tail -n1)
	s=$(echo "$line" | sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p')
	m=${line##*mono_ms=}
	awk -v s="$s" -v m="$m" 'BEGIN { printf "%d\n", s * 1000 - m }' > $D/offset
	sleep 1
	echo "FO-STARTED offset $(cat $D/offset) records $(wc -l < $D/w.log)"
	;;
now) echo "FO-NOW $(mono)" ;;
waitfail)
	m=${2:?member} n=$(( ${3:?secs} * 5 )) i=0
	while [ $i -lt "$n" ]; do
		st=$(cat "/sys/block/md0/md/dev-etherd!$m/state" 2>/dev/null || echo gone)
		case $st in *faulty*|gone) break ;; esac
		sleep 0.2
		i=$((i + 1))
	done
	if [ $i -ge "$n" ]; then echo "FO-FAILED timeout"; exit 0; fi
	t=$(klast "raid1:md0: Disk failure on etherd.$m")
	sleep 3
	if [ -n "$t" ]; then echo "FO-FAILED $(kms "$t")"; else echo "FO-FAILED unknown-time"; fi
	;;
gap) failover-writer gap $D/w.log "${2:-0}" "$(mono)" | sed 's/^GAP/FO-GAP/' ;;
stallstart)
	set -- $(failover-writer gap $D/w.log "${2:-0}")
	awk -v end="$3" -v from="${2:-0}" 'NF == 2 && $1 !~ /^E/ && $2 < end { t = $2 } END { print "FO-STALLSTART " t + 0 }' $D/w.log
	;;
waitsync)
	n=$(( ${2:?secs} * 5 )) i=0
	while [ $i -lt "$n" ]; do
		if grep -q '\[UU\]' /proc/mdstat && [ "$(cat /sys/block/md0/md/sync_action)" = idle ] &&
		   [ "$(cat /sys/block/md0/md/degraded)" = 0 ]; then
			echo "FO-SYNCED $(mono)"; exit 0
		fi
		sleep 0.2
		i=$((i + 1))
	done
	echo "FO-SYNCED timeout"
	;;
readd)
	t=$(klast 'aoeroot-readd: (re-)?added')
	echo "FO-READD ${t:+$(kms "$t")} $(dmesg | grep -E 'aoeroot-readd: (re-)?added' | tail -n1 | sed 's/^\[[^]]*\] //')"
	;;
recovery)
	a=$(klast 'md: recovery of RAID array md0')
	b=$(klast 'md: md0: recovery done')
	echo "FO-RECOVERY ${a:+$(kms "$a")} ${b:+$(kms "$b")}"
	;;
write)
	dd if=/dev/urandom of=/var/lib/fo-away bs=1M count="${2:?MiB}" conv=fsync 2>/dev/null
	echo "FO-WROTE $2 $(mono)"
	;;
monitor)
	l=$(dmesg | grep "aoeroot-monitor: ${2:?member} not answering" | tail -n1)
	t=$(echo "$l" | sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p')
	echo "FO-MONITOR ${t:+$(kms "$t")} ${l#*] }"
	;;
kernel)
	bad=$(dmesg | grep -E 'Oops|BUG:|hung_task|blocked for more than|Call Trace' | head -n1)
	if [ -n "$bad" ]; then echo "FO-KERNEL BAD $bad"; else echo "FO-KERNEL ok"; fi
	;;
stop)
	kill "$(cat $D/writer.pid)" 2>/dev/null
	while kill -0 "$(cat $D/writer.pid)" 2>/dev/null; do sleep 0.1; done
	errs=$(grep -c '^E' $D/w.log)
	echo "FO-WRITE-ERRORS $errs"
	failover-writer check $W $D/w.log | sed 's/^CHECK/FO-CHECK/'
	;;
status) /usr/share/aoeroot/aoeroot-status | sed 's/^/FO-STATUS /' ;;
*) echo "FO-ERROR usage"; exit 2 ;;
esac
