# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
# Helpers for the failover tests (t-failover-*.sh) and bench/failover.sh:
# a running root writing steadily while one member's server dies, stalls
# or returns. Source after tests/lab/lib.sh and tests/lab/initrd-lib.sh.
#
#   failover_root          write a root into $LAB_M0 and $LAB_M1 (at md's
#                          data offset, identical on both): the fixture root
#                          (lab_fixture_rootdir) plus mdadm, root-support's
#                          aoeroot-readd/-monitor/-status, the writer
#                          (failover-writer.c, built static here) and the
#                          guest half (failover-guest.sh as /usr/bin/fo).
#   failover_boot APPEND   boot it (aoe_md_devs=e0.0,e0.1 root=/dev/md0
#                          lab_action=shell APPEND), wait for the shell,
#                          `fo start` (bitmap, monitor, writer).
#   fo TIMEOUT CMD...      run `fo CMD...` in the guest, wait for its end.
#   fo_val KEY             the last "FO-KEY ..." line's value.
#   failover_down KIND     take server s1 (e0.1) away: kill (vblade killed),
#                          link (its port on the bridge down: the switch
#                          side; taking the server's own eth0 down makes
#                          vblade exit, "read network: Network is down"),
#                          netns (vblade killed and its namespace deleted).
#   failover_up KIND       bring it back (same image, same name).
#   failover_cycle KIND    one failover and return under the writer; sets
#                          FO_STALL_MS (longest write stall), FO_FAIL_MS
#                          (stall start -> md's "Disk failure"; empty if md
#                          did not fail it), FO_MON_MS (stall start -> the
#                          monitor's "not answering"), FO_READD (the
#                          aoeroot-readd line), FO_RESYNC_MS (md recovery
#                          start -> done), FO_BACK_MS (server back -> [UU],
#                          host clock), FO_KERNEL (ok | BAD ...).
#                          FO_DEGRADED (md0's degraded count once md
#                          failed the member).
#                          FO_AWAY_MIB MiB (default 16) are written while
#                          the member is away.
#   failover_blip SECS     every AoE frame to or from s1 dropped on the
#                          bridge for SECS s (nft), then passed again; waits the
#                          time md would need to fail it; sets FO_FALSE
#                          (1 if md failed the member) and FO_STALL_MS; a
#                          false failover is healed before returning.
#   failover_outage SECS   every AoE frame on the bridge dropped for SECS s
#                          (both servers silent: a network-wide outage);
#                          sets FO_STALL_MS and FO_DEGRADED afterwards.

FO_N=0
FO_AWAY_MIB=${FO_AWAY_MIB:-16}
FO_MEMBER=e0.1

failover_root() {
	local d=$LAB_TMP/foroot img=$LAB_TMP/foroot.ext4 off rs
	rs=$LAB_LIBDIR/../../root-support
	rm -rf "$d" && mkdir -p "$d"
	lab_fixture_rootdir "$d" || return 1
	lab_copy_elf "$d" /usr/sbin/mdadm || return 1
	mkdir -p "$d/usr/bin" "$d/usr/share/aoeroot" "$d/etc/mdadm" "$d/var/lib"
	echo "AUTO -all" > "$d/etc/mdadm/mdadm.conf"
	${CC:-cc} -static -O2 -o "$d/usr/bin/failover-writer" "$LAB_LIBDIR/failover-writer.c" ||
		{ lab_die "cannot build failover-writer (static)"; return 1; }
	install -m 755 "$LAB_LIBDIR/failover-guest.sh" "$d/usr/bin/fo"
	install -m 755 "$rs/aoeroot-readd" "$rs/aoeroot-monitor" "$rs/aoeroot-status" "$d/usr/share/aoeroot/"
	rm -f "$img"
	mke2fs -q -t ext4 -L aoeroot -d "$d" "$img" "${LAB_FIX_ROOT_MIB}M" ||
		{ lab_die "mke2fs -d failed"; return 1; }
	off=$(mdadm --examine "$LAB_M0" | sed -n 's/^ *Data Offset : \([0-9]*\) sectors.*/\1/p')
	[ -n "$off" ] || { lab_die "no md data offset on $LAB_M0"; return 1; }
	dd if="$img" of="$LAB_M0" bs=512 seek="$off" conv=notrunc status=none
	dd if="$img" of="$LAB_M1" bs=512 seek="$off" conv=notrunc status=none
	FO_DATA_OFF=$off
	rm -rf "$d" "$img"
}

fo() {
	local t=$1
	shift
	FO_N=$((FO_N + 1))
	# "FOEND""N": the echo of the typed line must not match
	lab_send "fo $*; echo \"FOEND\"\"$FO_N\"\\r"
	lab_expect "^FOEND$FO_N\$" "$t"
}

fo_val() {
	lab_grep "^FO-$1( |\$)" | tail -n1 | sed -E "s/^FO-$1 ?//"
}

failover_boot() {
	initrd_boot "aoe_md_devs=e0.0,e0.1 root=/dev/md0 aoe_wait=30 lab_action=shell ${1:-}"
	initrd_root_up 180
	initrd_shell
	fo 90 start
	lab_grep '^FO-STARTED' > /dev/null || { lab_log "fo start failed: $(fo_val ERROR)"; return 1; }
}

failover_down() {
	case $1 in
	kill) lab_server_stop s1 ;;
	link) ip -n "$LAB_NS_BR" link set v-s1 down ;;
	netns) lab_server_stop s1; ip netns del "$LAB_PREFIX-s1" ;;
	*) lab_die "failover_down: unknown kind $1"; return 1 ;;
	esac
}

failover_up() {
	case $1 in
	kill|netns) lab_server s1 0 1 "$LAB_M1" ;;
	link) ip -n "$LAB_NS_BR" link set v-s1 up ;;
	esac
}

# ms between two host clock readings (date +%s%N)
fo_host_ms() { echo $(( ($2 - $1) / 1000000 )); }

failover_cycle() {
	local kind=$1 dead t0 start failed mon back synced
	fo_deadsecs
	dead=$FO_DEAD
	fo 30 now
	t0=$(fo_val NOW)
	sleep 2
	failover_down "$kind"
	lab_log "failover: s1 ($FO_MEMBER) $kind at guest ~$t0 + 2 s, aoe_deadsecs=$dead"
	fo $((dead + 150)) waitfail "$FO_MEMBER" $((dead + 120))
	failed=$(fo_val FAILED)
	fo 30 status
	FO_DEGRADED=$(lab_grep '^FO-STATUS md0 state=' | tail -n1 | sed -n 's/.* degraded=\([0-9]*\).*/\1/p')
	fo 30 gap "$t0"
	fo 30 stallstart "$t0"
	fo 30 monitor "$FO_MEMBER"
	fo 30 kernel
	FO_KERNEL=$(fo_val KERNEL)
	set -- $(fo_val GAP)
	FO_STALL_MS=$1
	start=$(fo_val STALLSTART)
	FO_FAIL_MS= FO_MON_MS=
	case $failed in ''|*[!0-9]*) ;; *) FO_FAIL_MS=$((failed - start)) ;; esac
	mon=$(fo_val MONITOR | cut -d' ' -f1)
	case $mon in ''|*[!0-9]*) ;; *) FO_MON_MS=$((mon - start)) ;; esac
	fo $((FO_AWAY_MIB * 4 + 60)) write "$FO_AWAY_MIB"
	back=$(date +%s%N)
	failover_up "$kind"
	fo 400 waitsync 360
	synced=$(date +%s%N)
	FO_BACK_MS= FO_RESYNC_MS=
	[ "$(fo_val SYNCED)" = timeout ] || FO_BACK_MS=$(fo_host_ms "$back" "$synced")
	fo 30 recovery
	set -- $(fo_val RECOVERY) x x
	case "$1$2" in *[!0-9]*) ;; *) FO_RESYNC_MS=$(($2 - $1)) ;; esac
	fo 30 readd
	FO_READD=$(fo_val READD | cut -d' ' -f2-)
	lab_log "failover $kind: stall ${FO_STALL_MS} ms, md failed it ${FO_FAIL_MS:-never} ms after the stall began, monitor said it after ${FO_MON_MS:-never} ms; back -> [UU] ${FO_BACK_MS:-timeout} ms (recovery ${FO_RESYNC_MS:-?} ms); kernel: $FO_KERNEL"
}

# The driver's aoe_deadsecs in FO_DEAD. Never call fo in $(...): the
# marker count and the expect offset would be lost with the subshell.
fo_deadsecs() {
	fo 30 status > /dev/null
	FO_DEAD=$(lab_grep '^FO-STATUS aoe_deadsecs=' | tail -n1 | sed 's/.*=//')
}

# Set the driver's aoe_deadsecs at run time (the parameter is 0644).
failover_set_deadsecs() {
	lab_send "echo $1 > /sys/module/aoe/parameters/aoe_deadsecs\\r"
	fo_deadsecs
	[ "$FO_DEAD" = "$1" ] || { lab_log "could not set aoe_deadsecs=$1"; return 1; }
}

failover_blip() {
	local secs=$1 dead wait t0 failed
	fo_deadsecs
	dead=$FO_DEAD
	wait=$((dead + 8))
	[ "$wait" -le 20 ] || wait=20
	fo 30 now
	t0=$(fo_val NOW)
	sleep 1
	ip netns exec "$LAB_NS_BR" nft -f - <<-EOF || { lab_die "nft rule failed"; return 1; }
	table bridge fo {
		chain stall {
			type filter hook forward priority 0;
			iifname "v-s1" ether type 0x88a2 drop
			oifname "v-s1" ether type 0x88a2 drop
		}
	}
	EOF
	sleep "$secs"
	ip netns exec "$LAB_NS_BR" nft delete table bridge fo
	fo $((wait + 30)) waitfail "$FO_MEMBER" "$wait"
	failed=$(fo_val FAILED)
	fo 30 gap "$t0"
	set -- $(fo_val GAP)
	FO_STALL_MS=$1
	FO_FALSE=0
	if [ "$failed" != timeout ]; then
		FO_FALSE=1
		lab_log "failover: a ${secs} s network stall failed $FO_MEMBER (aoe_deadsecs=$dead); healing"
		fo 400 waitsync 360
	fi
	lab_log "blip ${secs} s at aoe_deadsecs=$dead: stall $FO_STALL_MS ms, false failover $FO_FALSE"
}

failover_outage() {
	local secs=$1 t0
	fo 30 now
	t0=$(fo_val NOW)
	sleep 1
	ip netns exec "$LAB_NS_BR" nft -f - <<-EOF || { lab_die "nft rule failed"; return 1; }
	table bridge fo {
		chain outage {
			type filter hook forward priority 0;
			ether type 0x88a2 drop
		}
	}
	EOF
	sleep "$secs"
	ip netns exec "$LAB_NS_BR" nft delete table bridge fo
	# the writes resume within a retransmit or two; give md time to act
	sleep 8
	fo 30 gap "$t0"
	set -- $(fo_val GAP)
	FO_STALL_MS=$1
	fo 30 status
	FO_DEGRADED=$(lab_grep '^FO-STATUS md0 state=' | tail -n1 | sed -n 's/.* degraded=\([0-9]*\).*/\1/p')
	lab_log "outage ${secs} s: stall $FO_STALL_MS ms, md0 degraded=$FO_DEGRADED"
}
