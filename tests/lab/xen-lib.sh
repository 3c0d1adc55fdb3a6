# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
#
# A Xen host in the lab. Source after tests/lab/lib.sh and
# tests/lab/initrd-lib.sh.
#
# The host is one QEMU (TCG) running Debian's Xen hypervisor (multiboot:
# the hypervisor is QEMU's -kernel, the lab's Debian kernel is dom0's
# module). dom0 runs from a busybox initramfs (see "Why an initramfs"
# below) holding xl, xenstored, xenconsoled, the hotplug scripts of
# /etc/xen/scripts (with bash, and busybox's ip and brctl, which they
# need), vblade and the modules netback/bridge/virtio need. Its storage NIC (QEMU's NIC,
# dom0's eth0) is on the lab bridge; dom0 enslaves it to its bridge xenbr1
# and makes an empty xenbr0 (the how-to's public network, no uplink here).
# Its member image is QEMU's first virtio disk (/dev/vda); dom0 exports it
# as e0.0 with vblade, bound as xen_export says.
#
#   xen_require          lab_skip unless QEMU, vblade, the Xen hypervisor
#                        (/boot/xen-4.*-amd64.gz) and the tools
#                        (/usr/lib/xen-4.*/bin/xl) are there.
#   xen_images           (after lab_kernel) the cached pieces:
#                        XEN_HV   the hypervisor, gunzipped (ELF32 multiboot)
#                        XEN_DOM0 dom0's initramfs (gzip cpio, then an
#                                 uncompressed cpio with the domU kernel as
#                                 /boot/vmlinux: an ELF vmlinux saves dom0
#                                 ~8 s of xz decompression per domU boot)
#                        Cache: $LAB_CACHE/xen-<key>/ (key: this file, the
#                        kernel version, the hypervisor and every binary
#                        copied in), locked with xen.lock.
#   xen_domu_cfg NAME EXTRA [TYPE]  print an xl config: the how-to's own
#                        lines (kernel=, ramdisk=, memory (XEN_DOMU_MEM, 256
#                        MiB; the how-to's 512 only costs time here),
#                        root='/dev/md0 ro',
#                        extra='aoe_md_devs=e0.0,e1.0 aoe_netdev=eth1',
#                        two vifs on xenbr0/xenbr1), EXTRA appended to
#                        extra= (lab_action=..., aoe_deadsecs=...); TYPE pv
#                        (default) or pvh.
#   xen_host_start EXPORT M0 FILE:DEST...  boot the host: EXPORT is where
#                        dom0's vblade binds: bridge (xenbr1, the fix),
#                        phys (eth0, enslaved to xenbr1: the how-to's
#                        failure), veth (a veth pair whose other end is on
#                        xenbr1); M0 the image dom0 exports as e0.0; FILEs
#                        are added to dom0's root as DEST (the domU's
#                        initrd, xl configs). Waits for dom0's shell
#                        (XEN-DOM0-READY); XEN_HOST_MEM (1280 MiB) is
#                        the machine's memory, dom0 gets XEN_DOM0_MEM (384M).
#   xen_send TEXT        lab_send in pieces of XEN_SEND_CHUNK (32) bytes,
#                        0.3 s apart: Xen keeps 128 bytes of serial input
#                        for dom0 and a busy TCG dom0 reads it late, so a
#                        long line typed at once loses characters. Use it
#                        for everything typed into dom0 or a domU.
#   xen_guest CMD MARK [TIMEOUT]  (fault_guest through xen_send) run CMD in
#                        the domU's shell, print "MARK-END", wait for it.
#   xen_dom0 CMD MARK [TIMEOUT]  run CMD in dom0's shell, wait for MARK-END.
#   xen_domu_create CFG  `xl create -c CFG` in dom0's shell: the domU's
#                        console (hvc0, relayed by xl console) is now the
#                        serial console: lab_expect/lab_send reach the domU;
#                        when it shuts down, xl returns to dom0's shell.
#   xen_domu_gone [TIMEOUT]  wait until xl console returned (the domU is
#                        gone) and dom0's shell printed its next marker.
#   xen_host_poweroff    power dom0 off (Xen powers the machine off), wait
#                        for QEMU to exit.
#
# dom0's console markers: XEN-DOM0-UP, XEN-DOM0-CAPS <capabilities>,
# XEN-DOM0-FAIL <what> (a step failed; the test should stop there),
# XEN-DOM0-EXPORT <iface> (vblade runs), XEN-DOM0-READY (shell ready).
#
# Why an initramfs and not a debootstrap root: the xl toolstack, its
# daemons and the vif hotplug path need only a shell, ip, the xenstore
# tools and a dozen modules. Everything comes from packages installed on
# this machine (no mirror access, no systemd boot under TCG), the image is
# built in ~2 s and cached by content, and dom0 is up ~10 s after Xen
# starts. A debootstrap root would add a disk, a network download and a
# systemd boot (tens of seconds under TCG) to every Xen test.
#
# Why vif-bridge runs detached: xl runs /etc/xen/scripts/vif-bridge for
# each vif and kills it after 40 s (libxl's hotplug timeout, fixed at build
# time; Xen 4.17's libxl has no udev alternative any more). In a PV dom0
# under TCG every fork/exec is expensive (page-table updates go through
# the hypervisor): on a busy 2-core host one vif-bridge run (~40 commands,
# 0.2-0.8 s each) took 29 s even with a static bash and busybox's ip, and
# two vifs in parallel passed 40 s. So dom0's xl.conf sets
# vif.default.script to a wrapper that starts Xen's own vif-bridge in the
# background (the domU configs stay the how-to's: no script= in them).

XEN_LIBFILE=${BASH_SOURCE[0]}
XEN_DOM0_MEM=${XEN_DOM0_MEM:-384M}

xen_require() {
	lab_require qemu-system-x86_64 vblade cpio python3
	[ -x /bin/bash-static ] || lab_skip "no /bin/bash-static (apt-get install bash-static)"
	XEN_GZ=$(ls /boot/xen-4.*-amd64.gz 2>/dev/null | sort -V | tail -1)
	[ -n "$XEN_GZ" ] || lab_skip "no /boot/xen-4.*-amd64.gz (apt-get install xen-hypervisor-4.17-amd64)"
	XEN_LIBEXEC=$(ls -d /usr/lib/xen-4.* 2>/dev/null | sort -V | tail -1)
	[ -n "$XEN_LIBEXEC" ] && [ -x "$XEN_LIBEXEC/bin/xl" ] ||
		lab_skip "no /usr/lib/xen-4.*/bin/xl (apt-get install xen-utils-4.17)"
	[ -x /usr/bin/xenstore-read ] || lab_skip "no xenstore-read (apt-get install xenstore-utils)"
	[ -x /etc/xen/scripts/vif-bridge ] || lab_skip "no /etc/xen/scripts/vif-bridge (xen-utils-common)"
}

# Binaries copied into dom0 (ELF + libraries).
xen_dom0_bins() {
	local b
	for b in xl xenstored xenconsoled xen-init-dom0 libxl-save-helper xenconsole; do
		echo "$XEN_LIBEXEC/bin/$b"
	done
	for b in read write exists list rm ls chmod watch; do echo "/usr/bin/xenstore-$b"; done
	readlink -f "$(command -v vblade)"
	# iproute2's ip, called as /usr/bin/ip (busybox's shell runs its own
	# applet for a bare "ip" whatever PATH says): busybox's ip cannot make
	# a veth pair with a named peer (t-xen-export's fix)
	readlink -f "$(command -v ip)"
}

# dom0's /init (busybox sh).
xen_dom0_init() {
	cat <<'EOF'
#!/bin/sh
# dom0 /init of the aoeroot lab's Xen host (tests/lab/xen-lib.sh)
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
for d in /usr/lib/xen-*/bin; do PATH=$PATH:$d; done
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /run
mkdir -p /run/xen /run/xenstored /run/xen-hotplug /var/log/xen /var/lib/xen/dump /var/lock /tmp
hostname xenhost
echo "XEN-DOM0-UP $(cat /proc/uptime)"
fail() { echo "XEN-DOM0-FAIL $*"; }
for m in xen-evtchn xen-privcmd xenfs xen-gntdev xen-gntalloc xen-netback \
	bridge veth virtio_pci virtio_net virtio_blk virtio-rng; do
	modprobe "$m" || fail "modprobe $m"
done
mount -t xenfs xenfs /proc/xen || fail "mount xenfs"
echo "XEN-DOM0-CAPS $(cat /proc/xen/capabilities)"
xenstored --pid-file /run/xenstored.pid || fail xenstored
xen-init-dom0 || fail xen-init-dom0
xenconsoled --pid-file=/run/xenconsoled.pid || fail xenconsoled
export=bridge
for a in $(cat /proc/cmdline); do
	case $a in xen_export=*) export=${a#xen_export=} ;; esac
done
i=0
while [ ! -e /sys/class/net/eth0 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
ip link add xenbr0 type bridge stp_state 0 forward_delay 0 || fail "xenbr0"
ip link add xenbr1 type bridge stp_state 0 forward_delay 0 || fail "xenbr1"
ip link set eth0 master xenbr1 || fail "eth0 into xenbr1"
ip link set eth0 up; ip link set xenbr1 up; ip link set xenbr0 up
case $export in
bridge) dev=xenbr1 ;;
phys) dev=eth0 ;;
veth)
	/usr/bin/ip link add aoeexp type veth peer name aoeexp-br || fail veth
	/usr/bin/ip link set aoeexp-br master xenbr1; /usr/bin/ip link set aoeexp-br up; /usr/bin/ip link set aoeexp up
	dev=aoeexp ;;
*) fail "xen_export=$export"; dev=xenbr1 ;;
esac
vblade 0 0 "$dev" /dev/vda > /run/vblade.log 2>&1 &
sleep 0.3
if kill -0 $! 2>/dev/null; then echo "XEN-DOM0-EXPORT $dev"; else fail "vblade on $dev"; cat /run/vblade.log; fi
# entropy for getrandom() users (a TCG CPU has no RDRAND): QEMU's virtio-rng
i=0
while ! grep -q . /sys/devices/virtual/misc/hw_random/rng_current 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
echo "XEN-DOM0-RNG $(cat /sys/devices/virtual/misc/hw_random/rng_current 2>/dev/null)"
echo "XEN-DOM0-READY $(cat /proc/uptime)"
setsid cttyhack sh
sync
poweroff -f
EOF
}

xen_dom0_xlconf() {
	cat <<'EOF'
# aoeroot lab dom0 (tests/lab/xen-lib.sh): dom0 memory is fixed; vifs
# without script= run Xen's vif-bridge detached (see xen-lib.sh)
autoballoon="off"
vif.default.script="vif-bridge-detached"
EOF
}

# Runs Xen's own vif-bridge in the background and returns at once. netback
# brings the vif's link up only when vif-bridge has written
# hotplug-status=connected, so the domU still waits for it; xl just does
# not kill it after 40 s.
xen_dom0_vifscript() {
	cat <<'EOF'
#!/bin/sh
# aoeroot lab (tests/lab/xen-lib.sh): Xen's vif-bridge, detached from xl
echo "$(cat /proc/uptime) $* $XENBUS_PATH vif=$vif" >> /var/log/xen/vif-detached.log
(
	/etc/xen/scripts/vif-bridge "$@"
	echo "$(cat /proc/uptime) $* $XENBUS_PATH vif=$vif rc=$?"
) < /dev/null >> /var/log/xen/vif-detached.log 2>&1 &
exit 0
EOF
}


xen_key() {
	{
		echo v1 "$LAB_KVER" "$XEN_DOM0_MEM"
		cat "$XEN_LIBFILE"
		sha256sum "$XEN_GZ" "$LAB_VMLINUZ" "$(command -v busybox)"
		xen_dom0_bins | xargs sha256sum
		(cd /etc/xen/scripts && find . -type f | LC_ALL=C sort | xargs cat)
	} | sha256sum | cut -c1-16
}

# The ELF vmlinux inside the (xz) bzImage.
xen_vmlinux() {
	python3 - "$1" "$2" <<'EOF'
import lzma, sys
d = open(sys.argv[1], "rb").read()
i = d.find(b"\xfd7zXZ\x00")
if i < 0:
    sys.exit("no xz payload in " + sys.argv[1])
out = lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(d[i:])
if out[:4] != b"\x7fELF":
    sys.exit("xz payload is not an ELF")
open(sys.argv[2], "wb").write(out)
EOF
}

xen_build() {
	local dir=$1 d f
	lab_log "building the Xen host's dom0 image into $dir"
	d=$dir.tmp
	rm -rf "$d" && mkdir -p "$d/root" "$d/boot" || return 1
	gunzip -c "$XEN_GZ" > "$d/xen" || return 1
	lab_busybox_tree "$d/root" || return 1
	for f in $(xen_dom0_bins); do lab_copy_elf "$d/root" "$f" || return 1; done
	# xl aborts in pthread_cancel without libgcc_s (dlopen'ed by glibc)
	f=$(ldconfig -p | awk '/libgcc_s.so.1 .*x86-64/ {print $NF; exit}')
	[ -n "$f" ] || { lab_die "libgcc_s.so.1 not found"; return 1; }
	mkdir -p "$d/root$(dirname "$f")" && cp -L "$f" "$d/root$f"
	mkdir -p "$d/root/etc/xen" "$d/root/var" "$d/root/usr/sbin" "$d/root/usr/bin"
	cp -a /etc/xen/scripts "$d/root/etc/xen/"
	# the hotplug scripts start with #!/bin/bash: a static bash (see above)
	cp /bin/bash-static "$d/root/bin/bash"
	xen_dom0_xlconf > "$d/root/etc/xen/xl.conf"
	xen_dom0_vifscript > "$d/root/etc/xen/scripts/vif-bridge-detached"
	chmod 755 "$d/root/etc/xen/scripts/vif-bridge-detached"
	ln -s /run "$d/root/var/run"
	lab_modules_copy "$d/root" xen-evtchn xen-privcmd xenfs xen-gntdev xen-gntalloc \
		xen-netback bridge veth virtio_pci virtio_net virtio_blk virtio-rng || return 1
	xen_dom0_init > "$d/root/init" && chmod 755 "$d/root/init"
	lab_cpio_pack "$d/root" "$d/dom0.gz" || return 1
	# the domU kernel in an uncompressed cpio after the gzip one
	mkdir -p "$d/k/boot" && xen_vmlinux "$LAB_VMLINUZ" "$d/k/boot/vmlinux" || return 1
	head -c $(( (4 - $(stat -c %s "$d/dom0.gz") % 4) % 4 )) /dev/zero >> "$d/dom0.gz"
	(cd "$d/k" && find . -mindepth 1 | cpio -o -H newc -R 0:0 --quiet) >> "$d/dom0.gz"
	rm -rf "$d/root" "$d/k" "$d/boot"
	mv "$d" "$dir"
}

xen_images() {
	local key dir
	[ -n "${LAB_KVER:-}" ] || lab_kernel || return 1
	[ -n "${XEN_GZ:-}" ] || xen_require
	key=$(xen_key)
	dir=$LAB_CACHE/xen-$key
	lab_cache_once "$dir/dom0.gz" "$LAB_CACHE/xen.lock" xen_build "$dir" ||
		{ lab_die "building the Xen dom0 image failed"; return 1; }
	XEN_HV=$dir/xen
	XEN_DOM0=$dir/dom0.gz
	export XEN_HV XEN_DOM0
}

xen_domu_cfg() {
	local name=${1:?xen_domu_cfg NAME EXTRA [TYPE]} extra=${2-} type=${3:-pv}
	cat <<EOF
# the how-to's domU (tests/lab/xen-lib.sh), type $type
type    = '$type'
kernel  = '/boot/vmlinux'
ramdisk = '/boot/initrd-aoe.gz'
memory  = '${XEN_DOMU_MEM:-256}'

root    = '/dev/md0 ro'
extra   = 'aoe_md_devs=e0.0,e1.0 aoe_netdev=eth1${extra:+ $extra}'

name    = '$name'

vif  = [ 'ip=10.10.1.5,mac=aa:00:00:00:04:00,bridge=xenbr0',
         'ip=192.168.1.5,mac=aa:00:00:00:04:01,bridge=xenbr1' ]
EOF
}

xen_host_start() {
	local export=${1:?xen_host_start EXPORT M0 FILE:DEST...} m0=${2:?m0} initrd
	shift 2
	[ -n "${XEN_DOM0:-}" ] || xen_images || return 1
	initrd=$LAB_TMP/dom0.img
	cp "$XEN_DOM0" "$initrd"
	[ $# -eq 0 ] || lab_cpio_append "$initrd" "$@" || return 1
	LAB_MEM=${XEN_HOST_MEM:-1280}
	# Xen: serial console on the lab's serial port, fixed dom0 memory.
	# dom0: the lab's Debian kernel on Xen's console (hvc0).
	lab_qemu_start -machine q35 -smp 2 -kernel "$XEN_HV" \
		-append "console=com1 com1=115200,8n1 dom0_mem=$XEN_DOM0_MEM,max:$XEN_DOM0_MEM loglvl=info guest_loglvl=info" \
		-initrd "$LAB_VMLINUZ console=hvc0 panic=-1 xen_export=$export,$initrd" \
		-drive "file=$m0,format=raw,if=virtio,cache=unsafe" -device virtio-rng-pci
	lab_expect 'XEN-DOM0-UP' 300 || return 1
	lab_expect 'XEN-DOM0-READY' 120 || return 1
	if lab_grep '^XEN-DOM0-FAIL' >&2; then lab_die "dom0 setup failed"; return 1; fi
	sleep 0.5
}

xen_send() {
	local t=${1?xen_send TEXT} n=${XEN_SEND_CHUNK:-32} c
	while [ ${#t} -gt "$n" ]; do
		c=${t:0:$n}
		# never split a printf %b escape such as \r
		[ "${c: -1}" != '\' ] || c=${t:0:$((n + 1))}
		lab_send "$c" || return 1
		t=${t:${#c}}
		sleep 0.3
	done
	lab_send "$t"
}

xen_guest() {
	local cmd=${1:?xen_guest CMD MARK [TIMEOUT]} mark=${2:?mark}
	xen_send "$cmd; echo \"$mark\"\"-END\"\\r"
	lab_expect "^$mark-END" "${3:-60}"
}

xen_dom0() {
	xen_guest "$@"
}

xen_domu_create() {
	xen_send "xl create -c ${1:?xen_domu_create CFG}; echo \"XEN-DOMU\"\"-GONE \$?\"\\r"
}

# Not anchored at the line start: dom0's kernel messages (vif ports leaving
# the bridges) print on the same console and may cut into the marker's line.
# The echoed command spells it split ("XEN-DOMU""-GONE"), so it cannot match.
xen_domu_gone() {
	lab_expect 'XEN-DOMU-GONE [0-9]+' "${1:-120}"
}

xen_host_poweroff() {
	xen_send 'exit\r'
	lab_qemu_wait "${1:-120}"
}
