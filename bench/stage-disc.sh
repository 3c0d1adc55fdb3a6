# SPDX-License-Identifier: GPL-3.0-or-later
# Discovery by the Linux aoe driver, for bench/run.sh (run by the lab busybox
# initrd's /init with sh -e). Kernel args: bench_n=N (targets e1.0 ... in
# shelves of 16: target i is e(1 + i/16).(i%16)), bench_reps=R.
# Each repetition loads aoe while eth0 is down (its load-time broadcast goes
# nowhere), brings eth0 up, then times from the write to
# /dev/etherd/discover until every /dev/etherd/eS.L exists, on the kernel's
# clock (/proc/timer_list "now at"), and unloads aoe again. Prints
#   BENCH-DISC n=N rep=R pre=P have=H us=MICROSECONDS
# (pre: devices present before the discover, must be 0; have: found), and
#   BENCH-DISC-K n=N rep=R got=G us=MICROSECONDS
# from the kernel log: the marker written to /dev/kmsg just before the
# discover -> the last "eS.L ... has N sectors" line of the aoe driver
# (IDENTIFY answered: what GRUB's "list complete" means), without the
# shell's polling (G such lines found).
n=2 reps=1
for w in $(cat /proc/cmdline); do
	case $w in
	bench_n=*) n=${w#bench_n=} ;;
	bench_reps=*) reps=${w#bench_reps=} ;;
	esac
done
# NOW = the kernel's monotonic clock in ns (no fork)
now() {
	while read -r a b c d; do
		if [ "$a $b" = "now at" ]; then
			NOW=$c
			return 0
		fi
	done < /proc/timer_list
	return 1
}
names=
i=0
while [ $i -lt "$n" ]; do
	names="$names e$((1 + i / 16)).$((i % 16))"
	i=$((i + 1))
done
lab_insmod virtio_pci virtio_net
r=1
while [ $r -le "$reps" ]; do
	ip link set eth0 down
	lab_insmod aoe
	ip link set eth0 up
	sleep 0.5
	pre=0
	for d in $names; do
		if [ -b "/dev/etherd/$d" ]; then pre=$((pre + 1)); fi
	done
	echo "bench-disc-start $r" > /dev/kmsg
	now
	t0=$NOW
	echo discover > /dev/etherd/discover
	k=0
	while :; do
		missing=
		for d in $names; do
			if [ ! -b "/dev/etherd/$d" ]; then missing=$d; break; fi
		done
		[ -n "$missing" ] || break
		k=$((k + 1))
		[ $k -lt 3000 ] || break
		sleep 0.01
	done
	now
	t1=$NOW
	have=0
	for d in $names; do
		if [ -b "/dev/etherd/$d" ]; then have=$((have + 1)); fi
	done
	echo "BENCH-DISC n=$n rep=$r pre=$pre have=$have us=$(( (t1 - t0) / 1000 ))"
	# "[  12.345678] text": the marker, then the aoe lines after it
	dmesg | tr -d '[]' | awk -v r="$r" -v n="$n" '
		$2 == "bench-disc-start" && $3 == r {t0 = $1; on = 1; got = 0; next}
		on && / has [0-9]+ sectors/ {t1 = $1; got++}
		END {if (on && got) printf "BENCH-DISC-K n=%d rep=%d got=%d us=%.0f\n", n, r, got, (t1 - t0) * 1e6;
		     else printf "BENCH-DISC-K n=%d rep=%d got=0 us=0\n", n, r}'
	# not after the last: with 1024 devices the driver never lets go
	if [ $r -lt "$reps" ]; then rmmod aoe; fi
	r=$((r + 1))
done
echo "BENCH-DISC-DONE"
