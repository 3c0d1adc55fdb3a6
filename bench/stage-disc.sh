# SPDX-License-Identifier: GPL-3.0-or-later
# Discovery by the Linux aoe driver, for bench/run.sh (run by the lab busybox
# initrd's /init with sh -e). Kernel args: bench_n=N (targets e1.0 ... in
# shelves of 16: target i is e(1 + i/16).(i%16)), bench_reps=R.
# Each repetition loads aoe while eth0 is down (its load-time broadcast goes
# nowhere), brings eth0 up, then times from the write to
# /dev/etherd/discover until every /dev/etherd/eS.L exists, on the kernel's
# clock (/proc/timer_list "now at"), and unloads aoe again. Prints
#   BENCH-DISC n=N rep=R pre=P have=H us=MICROSECONDS
# (pre: devices present before the discover, must be 0; have: found).
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
	rmmod aoe
	r=$((r + 1))
done
echo "BENCH-DISC-DONE"
