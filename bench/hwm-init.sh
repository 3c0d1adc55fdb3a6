#!/bin/busybox sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Peak memory of aoeroot's /init, for bench/run.sh. Appended as /init to an
# initrd made by mkinitrd-aoe, with the real /init as /aoeroot-init,
# busybox-static as /bin/busybox and bench/maxrss.c as /bin/bench-maxrss:
# runs /aoeroot-init as a child (not PID 1) with the kernel's arguments. It
# does the whole boot, then refuses switch_root ("not PID 1") and waits; we
# end it and print its ru_maxrss (peak RSS of everything /init did before
# switch_root) as BENCH-MAXRSS <kB>, then power off.
/bin/busybox --install -s /bin
export PATH=/bin
mkdir -p /proc /dev /tmp
mount -t proc proc /proc
mount -t devtmpfs devtmpfs /dev   # a background job needs /dev/null
bench-maxrss /tmp/child.pid /aoeroot-init "$@" > /tmp/init.log 2>&1 &
helper=$!
i=0
until grep -q -e 'not PID 1' -e 'cannot boot' /tmp/init.log; do
	i=$((i + 1))
	[ $i -lt 1200 ] || break
	sleep 0.1
done
kill "$(cat /tmp/child.pid)"
wait "$helper"
cat /tmp/init.log
poweroff -f
