#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# aoeroot's Debian packages in a real Debian root, and a kernel installed
# with the package manager booting from the mirror with nothing copied by
# hand.
#  1. The debootstrap tree of tests/lab/debroot.sh (no root-support copied
#     in by hand) gets GRUB (grub-efi-amd64-bin, grub2-common) and
#     linux-base from the Debian mirror (downloaded once, cached), then
#     aoeroot's packages with dpkg -i, then the lab's kernel package
#     (linux-image-$LAB_KVER): the kernel hook must write
#     /boot/initrd-aoe.img-$LAB_KVER, an initrd holding aoeroot's /init;
#     the units must be enabled by the package; aoe.mod (x86_64-efi, and
#     i386-pc from aoeroot-grub-pc, which makes core.0) must be in GRUB's
#     module directory with its moddep.lst line (GRUB's own list diverted,
#     unchanged); the kernel-install plugin removes and writes the initrd.
#  2. That tree becomes the root file system of an md RAID1 mirror (mdadm
#     made the members in a setup guest once: cached template) and is
#     booted with the kernel and the initrd taken from the root's /boot
#     (QEMU -kernel): multi-user.target, /run/aoeroot/status ok, the
#     package's units active; in the running root aoeroot-grub is
#     installed again with dpkg -i, as an admin would in a diskless root:
#     its postinst sees the aoeroot root and runs update-grub, and
#     09_aoeroot writes the menu entry (linux /boot/vmlinuz-V
#     root=/dev/md0 ro ... $aoe_args, initrd /boot/initrd-aoe.img-V);
#     clean poweroff, superblocks clean.
#  3. Boot again, now through the generic netboot GRUB image made with
#     the package's own mkimage-aoe --netboot (the ESP holds nothing
#     else): GRUB attaches the mirror, loads the grub.cfg update-grub
#     wrote and boots its first entry: the kernel installed with dpkg and
#     the initrd its hook wrote, $aoe_args on the command line, root up.
#  4. Back in the tree (chroot): removing the kernel package removes its
#     initrd; purging aoeroot's packages (and the kernel) leaves exactly
#     the files there were before aoeroot was installed, GRUB's lists
#     byte for byte.
# Packages: $AOEROOT_DEBS, else $top_builddir/debs (tools/test-all.sh
# builds them there with tools/build-debs.sh), else built here.
# Slow (debootstrap once, a systemd boot under TCG): a t-debroot-* case.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
. "$(dirname "$0")/debroot.sh"
lab_require qemu-system-x86_64 vblade mdadm debootstrap mke2fs dpkg-deb unshare chroot cpio
lab_prelude debroot_pkg kernel
LAB_MEM=${LAB_MEM:-768}
KV=$LAB_KVER
GRUBV=$(dpkg-query -W -f='${Version}' grub-efi-amd64-bin 2>/dev/null) ||
	lab_skip "grub-efi-amd64-bin is not installed (tools/deps.sh)"
GRUBPCV=$(dpkg-query -W -f='${Version}' grub-pc-bin 2>/dev/null) ||
	lab_skip "grub-pc-bin is not installed (tools/deps.sh)"
PKG_MEMBER_MIB=${PKG_MEMBER_MIB:-1536}
T=$LAB_TMP/root

fail() { echo "FAIL: $*"; exit 1; }

# ---- the packages ----------------------------------------------------------
debs=${AOEROOT_DEBS:-$top_builddir/debs}
if ! ls "$debs"/aoeroot-initrd_*.deb >/dev/null 2>&1; then
	echo "no packages in $debs: building them (tools/build-debs.sh)"
	debs=$LAB_TMP/debs
	DEB_BUILD_OPTIONS=nocheck "$top_srcdir/tools/build-debs.sh" --no-lintian "$debs" ||
		fail "tools/build-debs.sh"
fi
ours=""
for p in aoeroot-initrd aoeroot-grub aoeroot-grub-pc aoeroot-efi aoeroot-tools; do
	f=$(ls "$debs/${p}"_*.deb 2>/dev/null | head -1)
	[ -n "$f" ] || fail "no $p package in $debs"
	ours="$ours $f"
done

# The packages the root needs from the Debian mirror, downloaded once in a
# throwaway copy of the debootstrap tree: GRUB (the version aoe.mod was
# built for), update-grub, linux-base, binutils (mkaoeboot), xz-utils
# (aoeroot-initrd depends on it: later kernels ship .ko.xz), the kernel.
pkg_downloads() {
	local key dir d
	local pkgs="grub-efi-amd64-bin=$GRUBV grub-pc-bin=$GRUBPCV grub2-common=$GRUBV linux-base binutils xz-utils"
	key=$(echo "$DEBROOT_SUITE $DEBROOT_MIRROR $KV $pkgs" | sha256sum | cut -c1-16)
	dir=$LAB_CACHE/debroot-pkg-debs-$key
	# the kernel alone: aoeroot-initrd is its linux-initramfs-tool
	lab_cache_once "$dir/.done" "$LAB_CACHE/debroot-pkg.lock" \
		debroot_downloads_build "$dir" "$pkgs" . "linux-image-$KV" ||
		{ lab_die "downloading the root's packages failed"; return 1; }
	PKG_DEBS=$dir
}

# The md template (debroot_md_template, $PKG_MEMBER_MIB MiB members).
pkg_template() {
	debroot_md_template "$PKG_MEMBER_MIB" || return 1
	PKG_MD=$DEBROOT_MD
}

# Paths, types and (for regular files) sizes of the tree, without dpkg's,
# apt's and debconf's own records and logs.
tree_list() {
	(cd "$T" && find . -xdev \( -path ./var/lib/dpkg -o -path ./var/log -o -path ./var/cache/debconf \
		-o -path ./var/cache/apt -o -path ./var/lib/apt -o -path ./proc -o -path ./tmp \) -prune \
		-o -printf '%p %y %s %m\n' | LC_ALL=C sort)
}

# ---- 1. install into the tree ---------------------------------------------
t0=$(date +%s)
pkg_downloads
( flock 9; debroot_bootstrap "$T" ) 9> "$LAB_CACHE/debroot.lock" || fail "debootstrap tree"
echo aoeroot-pkg > "$T/etc/hostname"
echo 6f656f726f6f74000000000000000d1c > "$T/etc/machine-id"
printf '/dev/md0 / ext4 defaults,errors=remount-ro 0 0\n' > "$T/etc/fstab"
printf 'HOMEHOST <system>\nAUTO -all\nMAILADDR root\n' > "$T/etc/mdadm/mdadm.conf"
printf 'auto lo\niface lo inet loopback\n' > "$T/etc/network/interfaces"
in_root passwd -d root >/dev/null
in_root systemctl mask mdcheck_start.timer mdcheck_continue.timer mdmonitor-oneshot.timer \
	systemd-firstboot.service apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer \
	fstrim.timer >/dev/null 2>&1 || :
debroot_labcheck > "$T/usr/local/sbin/aoeroot-labcheck"
chmod 755 "$T/usr/local/sbin/aoeroot-labcheck"
debroot_labcheck_unit > "$T/etc/systemd/system/aoeroot-labcheck.service"
# what this test adds to the lab check: the package's units, update-grub
cat > "$T/usr/local/sbin/aoeroot-pkgcheck" <<'EOF'
#!/bin/sh
exec > /dev/console 2>&1
for u in aoeroot-shutdown.service aoeroot-readd.timer; do
	echo "PKG-UNIT $u $(systemctl is-enabled $u) $(systemctl is-active $u)"
done
echo "PKG-KERNEL $(uname -r)"
echo "PKG-CMDLINE $(cat /proc/cmdline)"
if grep -q 'pkg_action=install-grub' /proc/cmdline; then
	# the admin's step in a diskless root: (re)install aoeroot-grub
	if dpkg -i /var/lib/aoeroot-test/aoeroot-grub_*.deb > /run/dpkg-grub.log 2>&1; then
		echo "PKG-INSTALL-GRUB ok"
	else
		sed 's/^/PKG-INSTALL-GRUB-LOG /' /run/dpkg-grub.log; echo "PKG-INSTALL-GRUB failed"
	fi
	sed -n "/^menuentry '.*(aoeroot)'/,/^}/p" /boot/grub/grub.cfg | sed 's/^/PKG-GRUBCFG /'
fi
echo "PKG-CHECK-DONE"
EOF
chmod 755 "$T/usr/local/sbin/aoeroot-pkgcheck"
cat > "$T/etc/systemd/system/aoeroot-pkgcheck.service" <<'EOF'
[Unit]
Description=aoeroot lab: package checks (markers on the console)
After=multi-user.target
Before=aoeroot-labcheck.service
[Service]
Type=oneshot
ExecStart=/usr/local/sbin/aoeroot-pkgcheck
[Install]
WantedBy=multi-user.target
EOF
in_root systemctl enable aoeroot-labcheck.service aoeroot-pkgcheck.service >/dev/null 2>&1 ||
	fail "systemctl enable in the root"
# third-party packages first: the "before" state aoeroot's purge returns to
# shellcheck disable=SC2046
cp $(ls "$PKG_DEBS"/*.deb | grep -v '/linux-image-') "$T/var/cache/apt/archives/"
in_root sh -c 'dpkg -i /var/cache/apt/archives/*.deb' > "$LAB_TMP/dpkg-deps.log" 2>&1 ||
	{ tail -30 "$LAB_TMP/dpkg-deps.log"; fail "dpkg -i of GRUB and linux-base"; }
rm -f "$T"/var/cache/apt/archives/*.deb
# a serial-console server: GRUB's menu and the kernel on ttyS0
cat >> "$T/etc/default/grub" <<'GRUBDEF'
GRUB_TIMEOUT=1
GRUB_TERMINAL=serial
GRUB_SERIAL_COMMAND="serial --unit=0 --speed=115200"
GRUB_CMDLINE_LINUX="console=ttyS0 panic=-1 aoe_wait=30"
GRUBDEF
grubdir=$T/usr/lib/grub/x86_64-efi
pcdir=$T/usr/lib/grub/i386-pc
for l in moddep.lst command.lst; do
	cp "$grubdir/$l" "$LAB_TMP/$l.orig"
	cp "$pcdir/$l" "$LAB_TMP/pc-$l.orig"
done
tree_list > "$LAB_TMP/before.list"
echo "root tree with GRUB $GRUBV ready after $(( $(date +%s) - t0 )) s"

mkdir -p "$T/tmp/debs"
# shellcheck disable=SC2086
cp $ours "$T/tmp/debs/"
in_root sh -c 'dpkg -i /tmp/debs/*.deb' > "$LAB_TMP/dpkg-ours.log" 2>&1 ||
	{ cat "$LAB_TMP/dpkg-ours.log"; fail "dpkg -i of aoeroot's packages"; }
rm -rf "$T/tmp/debs"
mkdir -p "$T/var/lib/aoeroot-test"
cp "$(ls "$debs"/aoeroot-grub_*.deb | head -1)" "$T/var/lib/aoeroot-test/"
echo "installed:$(in_root dpkg-query -W -f=' ${Package}=${Version}' 'aoeroot-*')"
for u in aoeroot-shutdown.service aoeroot-readd.service aoeroot-readd.timer; do
	[ "$(in_root systemctl is-enabled "$u" 2>&1)" = enabled ] || fail "$u is not enabled by the package"
done
[ -f "$grubdir/aoe.mod" ] || fail "aoe.mod not in GRUB's module directory"
grep -q '^aoe: ' "$grubdir/moddep.lst" || fail "no aoe line in moddep.lst"
grep -qx 'aoe_select: aoe' "$grubdir/command.lst" || fail "no aoe_select line in command.lst"
cmp -s "$grubdir/moddep.lst.distrib" "$LAB_TMP/moddep.lst.orig" || fail "GRUB's moddep.lst was changed, not diverted"
[ "$(grep -vc '^aoe' "$grubdir/moddep.lst")" = "$(wc -l < "$LAB_TMP/moddep.lst.orig")" ] ||
	fail "merged moddep.lst lost GRUB's lines"
in_root dpkg --verify grub-efi-amd64-bin > "$LAB_TMP/verify.log" 2>&1 ||
	{ cat "$LAB_TMP/verify.log"; fail "dpkg --verify grub-efi-amd64-bin"; }
# grub-mkimage resolves aoe by name from the module directory alone
in_root grub-mkimage -O x86_64-efi -p /boot/grub -o /tmp/aoe-test.efi aoe > "$LAB_TMP/mkimage.log" 2>&1 ||
	{ cat "$LAB_TMP/mkimage.log"; fail "grub-mkimage ... aoe in the root"; }
rm -f "$T/tmp/aoe-test.efi"
# the BIOS module (aoeroot-grub-pc): its own lines (pxe, not efinet), and
# the package's mkimage-aoe makes the BIOS PXE boot file with the
# installed module by default
[ -f "$pcdir/aoe.mod" ] || fail "aoe.mod not in GRUB i386-pc's module directory"
grep -q '^aoe: .*pxe' "$pcdir/moddep.lst" || fail "no i386-pc aoe line (with pxe) in i386-pc/moddep.lst"
grep -qx 'aoe_attach: aoe' "$pcdir/command.lst" || fail "no aoe_attach line in i386-pc/command.lst"
cmp -s "$pcdir/moddep.lst.distrib" "$LAB_TMP/pc-moddep.lst.orig" || fail "GRUB i386-pc's moddep.lst was changed, not diverted"
in_root dpkg --verify grub-pc-bin > "$LAB_TMP/verify-pc.log" 2>&1 ||
	{ cat "$LAB_TMP/verify-pc.log"; fail "dpkg --verify grub-pc-bin"; }
in_root mkimage-aoe --format i386-pc-pxe --netboot --out /tmp/core.0 > "$LAB_TMP/mkimage-pc.log" 2>&1 ||
	{ cat "$LAB_TMP/mkimage-pc.log"; fail "mkimage-aoe --format i386-pc-pxe --netboot in the root"; }
[ -s "$T/tmp/core.0" ] || fail "mkimage-aoe wrote no core.0"
in_root grub-mkimage -O i386-pc-pxe -p /boot/grub -o /tmp/aoe-test.0 aoe > "$LAB_TMP/mkimage.log" 2>&1 ||
	{ cat "$LAB_TMP/mkimage.log"; fail "grub-mkimage -O i386-pc-pxe ... aoe in the root"; }
rm -f "$T/tmp/core.0" "$T/tmp/aoe-test.0"
echo "aoeroot packages installed: units enabled, aoe.mod (x86_64-efi and i386-pc) known to grub-mkimage, core.0 made by mkimage-aoe, GRUB's lists diverted (dpkg --verify clean)"

# the kernel, as apt would install it
kdeb=$(ls "$PKG_DEBS"/linux-image-"$KV"_*.deb)
cp "$kdeb" "$T/tmp/"
in_root sh -c "dpkg -i /tmp/$(basename "$kdeb")" > "$LAB_TMP/dpkg-kernel.log" 2>&1 ||
	{ tail -30 "$LAB_TMP/dpkg-kernel.log"; fail "dpkg -i linux-image-$KV"; }
rm -f "$T/tmp/$(basename "$kdeb")"
awk '/aoeroot/' "$LAB_TMP/dpkg-kernel.log"
ini=$T/boot/initrd-aoe.img-$KV
[ -f "$ini" ] || { cat "$LAB_TMP/dpkg-kernel.log"; fail "the kernel hook wrote no /boot/initrd-aoe.img-$KV"; }
gzip -dc "$ini" | cpio -t --quiet 2>/dev/null > "$LAB_TMP/initrd.list"
grep -qx init "$LAB_TMP/initrd.list" || fail "initrd has no /init"
grep -q "^lib/modules/$KV/.*/aoe.ko$" "$LAB_TMP/initrd.list" || fail "initrd has no aoe.ko for $KV"
mkdir -p "$LAB_TMP/ix"
(cd "$LAB_TMP/ix" && gzip -dc "$ini" | cpio -id --quiet init 2>/dev/null)
cmp -s "$LAB_TMP/ix/init" "$T/usr/libexec/aoeroot/init" || fail "the initrd's /init is not the package's"
echo "kernel $KV installed with dpkg: hook wrote /boot/initrd-aoe.img-$KV ($(stat -c %s "$ini") bytes, $(grep -c '\.ko$' "$LAB_TMP/initrd.list") modules)"
# the kernel-install plugin does the same
cp "$ini" "$LAB_TMP/initrd.hook"
in_root /usr/lib/kernel/install.d/50-aoeroot.install remove "$KV" "/boot/none" "/boot/vmlinuz-$KV"
[ ! -e "$ini" ] || fail "50-aoeroot.install remove left the initrd"
in_root /usr/lib/kernel/install.d/50-aoeroot.install add "$KV" "/boot/none" "/boot/vmlinuz-$KV"
cmp -s "$ini" "$LAB_TMP/initrd.hook" || fail "50-aoeroot.install add did not write the same initrd"
echo "kernel-install plugin: remove and add ok (same bytes)"

# ---- 2. boot the root from the mirror ---------------------------------------
# the netboot image, made by the package's mkimage-aoe in the root
mkdir -p "$LAB_TMP/esp/EFI/BOOT"
in_root mkimage-aoe --mod /usr/lib/grub/x86_64-efi/aoe.mod --netboot --out /tmp/BOOTX64.EFI \
	> "$LAB_TMP/mkimage-netboot.log" 2>&1 || { cat "$LAB_TMP/mkimage-netboot.log"; fail "mkimage-aoe --netboot in the root"; }
mv "$T/tmp/BOOTX64.EFI" "$LAB_TMP/esp/EFI/BOOT/BOOTX64.EFI"
pkg_template
cp --sparse=always "$PKG_MD/m0.img" "$LAB_TMP/m0.img"
cp --sparse=always "$PKG_MD/m1.img" "$LAB_TMP/m1.img"
off=$(mdadm --examine "$LAB_TMP/m0.img" | sed -n 's/^ *Data Offset : \([0-9]*\) sectors.*/\1/p')
kib=$(mdadm --examine "$LAB_TMP/m0.img" | sed -n 's/^ *Array Size : \([0-9]*\) KiB.*/\1/p')
[ -n "$off" ] && [ -n "$kib" ] || fail "cannot read the template's data offset / array size"
cp "$T/boot/vmlinuz-$KV" "$LAB_TMP/vmlinuz"
cp "$ini" "$LAB_TMP/initrd-aoe.img"
E2FSPROGS_FAKE_TIME=1700000000 mke2fs -q -t ext4 -L debroot -U "$DEBROOT_FS_UUID" -d "$T" \
	"$LAB_TMP/root.ext4" "$((kib / 1024))M" > /dev/null || fail "mke2fs -d (root too big for $PKG_MEMBER_MIB MiB members?)"
rm -rf "$T/var/lib/aoeroot-test"
for m in m0 m1; do
	dd if="$LAB_TMP/root.ext4" of="$LAB_TMP/$m.img" bs=1M seek=$((off * 512)) oflag=seek_bytes \
		conv=notrunc,sparse status=none || fail "writing the root into $m"
done
rm -f "$LAB_TMP/root.ext4"
lab_net_up
lab_server s0 0 0 "$LAB_TMP/m0.img"
lab_server s1 0 1 "$LAB_TMP/m1.img"

# Wait for the root's checks and its poweroff; markers into $LAB_TMP/bootN.log.
pkg_boot_done() {
	local n=$1 b0=$2 m st
	lab_expect 'aoeroot: switching to /dev/md0' 300
	lab_expect 'PKG-CHECK-DONE' 900
	lab_expect 'DEBROOT-POWEROFF' 300
	lab_qemu_wait 300 || { lab_serial_tail; fail "boot $n: poweroff did not end QEMU"; }
	echo "boot $n: QEMU start to poweroff $(( $(date +%s) - b0 )) s"
	tr -d '\r' < "$LAB_TMP/serial.log" | sed 's/\x1b\[[0-9;]*[a-zA-Z]//g; s/.*\(DEBROOT-\|PKG-\)/\1/' > "$LAB_TMP/boot$n.log"
	grep -E '^(DEBROOT|PKG)-' "$LAB_TMP/boot$n.log" | grep -v '^PKG-INSTALL-GRUB-LOG'
	grep -qx 'DEBROOT-STATUS result=ok' "$LAB_TMP/boot$n.log" || fail "boot $n: /run/aoeroot/status is not ok"
	grep -qx 'DEBROOT-RW ok' "$LAB_TMP/boot$n.log" || fail "boot $n: write/read back in the root"
	sed -n '/^DEBROOT-MDSTAT-BEGIN/,/^DEBROOT-MDSTAT-END/p' "$LAB_TMP/boot$n.log" | grep -q '\[UU\]' ||
		fail "boot $n: md0 is not [UU]"
	grep -qx "PKG-KERNEL $KV" "$LAB_TMP/boot$n.log" || fail "boot $n: not kernel $KV"
	for u in aoeroot-shutdown.service aoeroot-readd.timer; do
		grep -qx "PKG-UNIT $u enabled active" "$LAB_TMP/boot$n.log" ||
			fail "boot $n: $u not enabled and active in the booted root"
	done
	for m in m0 m1; do
		st=$(mdadm --examine "$LAB_TMP/$m.img" | sed -n 's/^ *State : //p')
		[ "$st" = clean ] || fail "boot $n: $m superblock is '$st' after poweroff, not clean"
	done
}

b0=$(date +%s)
lab_qemu_direct "$LAB_TMP/vmlinuz" "$LAB_TMP/initrd-aoe.img" \
	"aoe_md_devs=e0.0,e0.1 root=/dev/md0 aoe_wait=10 pkg_action=install-grub"
pkg_boot_done 1 "$b0"
grep -qx 'PKG-INSTALL-GRUB ok' "$LAB_TMP/boot1.log" ||
	{ grep '^PKG-INSTALL-GRUB-LOG' "$LAB_TMP/boot1.log"; fail "dpkg -i aoeroot-grub in the booted root"; }
grep -qE "^PKG-GRUBCFG[[:space:]]+linux[[:space:]]+/boot/vmlinuz-$KV root=/dev/md0 ro .*\\\$aoe_args\$" "$LAB_TMP/boot1.log" ||
	fail "grub.cfg has no aoeroot entry 'linux /boot/vmlinuz-$KV root=/dev/md0 ro ... \$aoe_args'"
grep -qE "^PKG-GRUBCFG[[:space:]]+initrd[[:space:]]+/boot/initrd-aoe.img-$KV\$" "$LAB_TMP/boot1.log" ||
	fail "grub.cfg has no 'initrd /boot/initrd-aoe.img-$KV'"
echo "boot 1 (kernel + hook-made initrd from the root's /boot): root up, units active; dpkg -i aoeroot-grub in the root wrote the aoeroot menu; poweroff clean"

# ---- 3. the next reboot: netboot GRUB image -> the mirror's grub.cfg -------------
files=$(cd "$LAB_TMP/esp" && find . -type f | sort | tr '\n' ' ')
[ "$files" = "./EFI/BOOT/BOOTX64.EFI " ] || fail "the ESP holds more than the GRUB image: $files"
mv "$LAB_TMP/serial.log" "$LAB_TMP/serial-boot1.log"
b0=$(date +%s)
lab_qemu_ovmf "$LAB_TMP/esp"
lab_expect 'AOE-NETBOOT-CONFIG \(mduuid/[0-9a-f]{32}\)/boot/grub/grub.cfg' 300
pkg_boot_done 2 "$b0"
cmdline=$(sed -n 's/^PKG-CMDLINE //p' "$LAB_TMP/boot2.log" | tail -1)
case " $cmdline " in
*" BOOT_IMAGE=/boot/vmlinuz-$KV "*) ;;
*) fail "boot 2: the kernel was not /boot/vmlinuz-$KV from the mirror's menu: $cmdline" ;;
esac
case " $cmdline " in
*" aoe_md_devs=e0.0,e0.1 "*) ;;
*) fail "boot 2: \$aoe_args did not reach the kernel: $cmdline" ;;
esac
echo "boot 2 (netboot image, the mirror's grub.cfg from update-grub): kernel $KV with its hook-made initrd, nothing copied by hand"

# ---- 4. remove the kernel, purge the packages --------------------------------
in_root dpkg -r "linux-image-$KV" > "$LAB_TMP/dpkg-rm.log" 2>&1 ||
	{ cat "$LAB_TMP/dpkg-rm.log"; fail "dpkg -r linux-image-$KV"; }
[ ! -e "$ini" ] || fail "removing the kernel package left /boot/initrd-aoe.img-$KV"
echo "kernel package removed: its aoeroot initrd is gone"
in_root dpkg -P "linux-image-$KV" aoeroot-initrd aoeroot-grub-pc aoeroot-grub aoeroot-efi aoeroot-tools \
	> "$LAB_TMP/dpkg-purge.log" 2>&1 || { cat "$LAB_TMP/dpkg-purge.log"; fail "dpkg -P"; }
tree_list > "$LAB_TMP/after.list"
if ! diff -u "$LAB_TMP/before.list" "$LAB_TMP/after.list" > "$LAB_TMP/purge.diff"; then
	cat "$LAB_TMP/purge.diff"
	fail "purging aoeroot's packages did not give back the tree as it was"
fi
cmp -s "$grubdir/moddep.lst" "$LAB_TMP/moddep.lst.orig" || fail "GRUB's moddep.lst not restored"
cmp -s "$grubdir/command.lst" "$LAB_TMP/command.lst.orig" || fail "GRUB's command.lst not restored"
for l in moddep.lst command.lst; do
	cmp -s "$pcdir/$l" "$LAB_TMP/pc-$l.orig" || fail "GRUB i386-pc's $l not restored"
done
[ -z "$(in_root dpkg-divert --list 'aoeroot-*')" ] || fail "a diversion of aoeroot-grub is left"
echo "PASS: aoeroot packages in a Debian root: the kernel installed with dpkg got its initrd from the hook and booted from the mirror, directly and through the netboot GRUB image reading the grub.cfg update-grub wrote; kernel removal removed the initrd; purge left nothing behind"
