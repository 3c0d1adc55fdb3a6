#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A kernel upgrade done as an administrator does it, inside the running
# diskless root, booted through the one generic netboot GRUB image (GRUB
# reads /boot/grub/grub.cfg from the mirror).
#  0. The debootstrap tree gets GRUB, aoeroot's packages and
#     linux-image-$KOLD (dpkg -i, as in t-debroot-pkg); the .debs of
#     $KNEW and of the 6.12 line (linux-image-6.12-amd64 and the kernel it
#     depends on) go into /var/lib/aoeroot-test: the guest has no network.
#     Setup boot (QEMU -kernel, the hook's initrd): dpkg-reconfigure
#     aoeroot-grub, whose postinst writes the mirror's menu in an aoeroot
#     root (/boot/grub/grub.cfg, which zz-update-grub needs).
# Then every boot goes through the netboot image; the root's own check
# (aoeroot-upgcheck, a step counter in the root) does one step per boot:
#  1. boots $KOLD (the only entry); `apt-get install` of $KNEW's .deb:
#     the aoeroot hook writes /boot/initrd-aoe.img-$KNEW, the kernel's own
#     zz-update-grub rewrites the menu: $KNEW's entry first.
#  2. reboot: the menu's first entry, $KNEW, boots from the mirror.
#  3. reboot, the previous entry chosen at GRUB's menu on the serial
#     console (Ctrl-N, Enter): $KOLD boots.
#  4. reboot ($KNEW); `apt-get purge` $KOLD: its aoeroot initrd and its
#     menu entry are gone; `apt-get install` of the 6.12 kernel: its hook
#     initrd is written and its entry is first.
#  5. reboot: 6.12 boots from the mirror with the aoeroot initrd (root up,
#     md0 [UU]); its modules are .ko.xz in /lib/modules and are packed
#     uncompressed into the initrd (read back on the host afterwards).
# Every boot: /run/aoeroot/status ok, md0 [UU], clean superblocks after
# the poweroff. Downloads (apt-get download on the host's suites, into a
# throwaway debootstrap copy) are cached.
# Nightly (six systemd boots and three kernel packages under TCG: longer
# than CI's budget; tests/README.md has a measured run): runs only when a
# pattern names it, not with '*':
#   make check-lab LAB_TESTS=debroot-upgrade
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
. "$(dirname "$0")/debroot.sh"
lab_require qemu-system-x86_64 vblade mdadm debootstrap mke2fs dpkg-deb unshare chroot cpio debugfs
lab_prelude debroot_upgrade kernel
LAB_MEM=${LAB_MEM:-1024}
KOLD=${UPG_KOLD:-6.1.0-56-amd64}
KNEW=${UPG_KNEW:-6.1.0-57-amd64}
K612_META=${UPG_K612_META:-linux-image-6.12-amd64}
GRUBV=$(dpkg-query -W -f='${Version}' grub-efi-amd64-bin 2>/dev/null) ||
	lab_skip "grub-efi-amd64-bin is not installed (tools/deps.sh)"
GRUBPCV=$(dpkg-query -W -f='${Version}' grub-pc-bin 2>/dev/null) ||
	lab_skip "grub-pc-bin is not installed (tools/deps.sh)"
UPG_MEMBER_MIB=${UPG_MEMBER_MIB:-3072}
T=$LAB_TMP/root

fail() { echo "FAIL: $*"; exit 1; }

# the next kernels exist on the host's suites (the guest has no network)
apt-cache policy "linux-image-$KNEW" "$K612_META"
K612=$(apt-cache depends "$K612_META" 2>/dev/null |
	awk '$1 == "Depends:" && $2 ~ /^linux-image-6\.12/ {sub(/^linux-image-/, "", $2); print $2; exit}')
[ -n "$K612" ] || lab_skip "apt-cache depends $K612_META names no kernel (apt-get update? bookworm-security)"
echo "kernels: $KOLD -> $KNEW, then $K612 ($K612_META)"

# ---- the packages ----------------------------------------------------------
debs=${AOEROOT_DEBS:-$top_builddir/debs}
if ! ls "$debs"/aoeroot-initrd_*.deb >/dev/null 2>&1; then
	echo "no packages in $debs: building them (tools/build-debs.sh)"
	debs=$LAB_TMP/debs
	DEB_BUILD_OPTIONS=nocheck "$top_srcdir/tools/build-debs.sh" --no-lintian "$debs" ||
		fail "tools/build-debs.sh"
fi
ours=""
for p in aoeroot-initrd aoeroot-grub aoeroot-efi aoeroot-tools; do
	f=$(ls "$debs/${p}"_*.deb 2>/dev/null | head -1)
	[ -n "$f" ] || fail "no $p package in $debs"
	ours="$ours $f"
done


# GRUB, linux-base, binutils, xz-utils (aoeroot-initrd needs it for
# 6.12's .ko.xz) and the kernels, downloaded once in a
# throwaway copy of the debootstrap tree with the host's suites.
upg_downloads() {
	local key dir d
	local pkgs="grub-efi-amd64-bin=$GRUBV grub-pc-bin=$GRUBPCV grub2-common=$GRUBV linux-base binutils xz-utils"
	local kernels="linux-image-$KOLD linux-image-$KNEW linux-image-$K612 $K612_META"
	key=$(echo "$DEBROOT_SUITE $DEBROOT_MIRROR $pkgs $kernels" | sha256sum | cut -c1-16)
	dir=$LAB_CACHE/debroot-upgrade-debs-$key
	lab_cache_once "$dir/.done" "$LAB_CACHE/debroot-upgrade.lock" \
		debroot_downloads_build "$dir" "$pkgs" k "$kernels" ||
		{ lab_die "downloading the root's packages failed"; return 1; }
	UPG_DEBS=$dir
}

# md RAID1 members made by real mdadm (debroot_md_template).
upg_template() {
	debroot_md_template "$UPG_MEMBER_MIB" || return 1
	UPG_MD=$DEBROOT_MD
}

# ---- 0. the root tree ------------------------------------------------------
t0=$(date +%s)
upg_downloads
kdeb() { ls "$UPG_DEBS"/k/"$1"_*.deb 2>/dev/null | head -1; }
for k in "linux-image-$KOLD" "linux-image-$KNEW" "linux-image-$K612" "$K612_META"; do
	[ -n "$(kdeb "$k")" ] || fail "no $k .deb downloaded"
done
( flock 9; debroot_bootstrap "$T" ) 9> "$LAB_CACHE/debroot.lock" || fail "debootstrap tree"
echo aoeroot-upg > "$T/etc/hostname"
echo 6f656f726f6f74000000000000000d1d > "$T/etc/machine-id"
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
# One administrator's step per boot, chosen by a counter in the root.
cat > "$T/usr/local/sbin/aoeroot-upgcheck" <<EOF
#!/bin/sh
exec > /dev/console 2>&1
KOLD=$KOLD KNEW=$KNEW K612=$K612 K612_META=$K612_META
EOF
cat >> "$T/usr/local/sbin/aoeroot-upgcheck" <<'EOF'
export DEBIAN_FRONTEND=noninteractive
d=/var/lib/aoeroot-test
n=$(cat $d/step 2>/dev/null || echo 0)
echo $((n + 1)) > $d/step
sync
echo "UPG-STEP $n"
echo "UPG-KERNEL $(uname -r)"
echo "UPG-CMDLINE $(cat /proc/cmdline)"
run() { # LABEL CMD...: run, log lines on the console, result line
	l=$1; shift
	if "$@" > /run/upg.log 2>&1; then r=ok; else r="failed $?"; fi
	grep -iE 'aoeroot|initrd|grub|warn|error' /run/upg.log | sed "s/^/UPG-LOG $l /" | head -40
	echo "UPG-$l $r"
}
deb() { ls $d/"$1"_*.deb | head -1; }
case $n in
0) run UPDATE-GRUB dpkg-reconfigure aoeroot-grub ;;
1) run INSTALL apt-get install -y --no-install-recommends "$(deb linux-image-$KNEW)" ;;
4) run PURGE apt-get purge -y "linux-image-$KOLD"
   run INSTALL612 apt-get install -y --no-install-recommends "$(deb linux-image-$K612)" "$(deb $K612_META)" ;;
esac
for k in /boot/vmlinuz-*; do echo "UPG-BOOT-KERNEL ${k#/boot/vmlinuz-}"; done
for i in /boot/initrd-aoe.img-*; do [ -f "$i" ] && echo "UPG-INITRD ${i#/boot/initrd-aoe.img-} $(stat -c %s "$i")"; done
echo "UPG-MENU $(sed -n "s/^menuentry .*--id 'aoeroot-\([^']*\)'.*/\1/p" /boot/grub/grub.cfg | tr '\n' ' ')"
for m in /lib/modules/*/kernel/drivers/block/aoe/aoe.ko*; do echo "UPG-AOEKO ${m#/lib/modules/}"; done
echo "UPG-CHECK-DONE"
EOF
chmod 755 "$T/usr/local/sbin/aoeroot-upgcheck"
cat > "$T/etc/systemd/system/aoeroot-upgcheck.service" <<'EOF'
[Unit]
Description=aoeroot lab: kernel upgrade steps (markers on the console)
After=multi-user.target
Before=aoeroot-labcheck.service
[Service]
Type=oneshot
TimeoutStartSec=1800
ExecStart=/usr/local/sbin/aoeroot-upgcheck
[Install]
WantedBy=multi-user.target
EOF
in_root systemctl enable aoeroot-labcheck.service aoeroot-upgcheck.service >/dev/null 2>&1 ||
	fail "systemctl enable in the root"
# shellcheck disable=SC2046
cp $(ls "$UPG_DEBS"/*.deb) "$T/var/cache/apt/archives/"
in_root sh -c 'dpkg -i /var/cache/apt/archives/*.deb' > "$LAB_TMP/dpkg-deps.log" 2>&1 ||
	{ tail -30 "$LAB_TMP/dpkg-deps.log"; fail "dpkg -i of GRUB and linux-base"; }
rm -f "$T"/var/cache/apt/archives/*.deb
# A serial-console server; the menu waits long enough to be chosen from.
# Keys from both GRUB's serial terminal and the firmware console: OVMF
# polls the same UART and may take a key first (an Enter was lost so).
cat >> "$T/etc/default/grub" <<'GRUBDEF'
GRUB_TIMEOUT=6
GRUB_TIMEOUT_STYLE=menu
GRUB_TERMINAL_INPUT="serial console"
GRUB_TERMINAL_OUTPUT=serial
GRUB_SERIAL_COMMAND="serial --unit=0 --speed=115200"
GRUB_CMDLINE_LINUX="console=ttyS0 panic=-1 no_timer_check aoe_wait=30"
GRUBDEF
mkdir -p "$T/tmp/debs"
# shellcheck disable=SC2086
cp $ours "$T/tmp/debs/"
in_root sh -c 'dpkg -i /tmp/debs/*.deb' > "$LAB_TMP/dpkg-ours.log" 2>&1 ||
	{ cat "$LAB_TMP/dpkg-ours.log"; fail "dpkg -i of aoeroot's packages"; }
rm -rf "$T/tmp/debs"
cp "$(kdeb "linux-image-$KOLD")" "$T/tmp/"
in_root sh -c "dpkg -i /tmp/linux-image-${KOLD}_*.deb" > "$LAB_TMP/dpkg-kernel.log" 2>&1 ||
	{ tail -30 "$LAB_TMP/dpkg-kernel.log"; fail "dpkg -i linux-image-$KOLD"; }
rm -f "$T"/tmp/linux-image-*.deb
[ -f "$T/boot/initrd-aoe.img-$KOLD" ] || fail "the hook wrote no initrd for $KOLD"
mkdir -p "$T/var/lib/aoeroot-test"
for k in "linux-image-$KNEW" "linux-image-$K612" "$K612_META"; do cp "$(kdeb "$k")" "$T/var/lib/aoeroot-test/"; done
echo "root tree: GRUB $GRUBV, aoeroot, kernel $KOLD; $KNEW and $K612 .debs in /var/lib/aoeroot-test ($(( $(date +%s) - t0 )) s)"

# the netboot image, made by the package's mkimage-aoe in the root
mkdir -p "$LAB_TMP/esp/EFI/BOOT"
in_root mkimage-aoe --mod /usr/lib/grub/x86_64-efi/aoe.mod --netboot --out /tmp/BOOTX64.EFI \
	> "$LAB_TMP/mkimage-netboot.log" 2>&1 || { cat "$LAB_TMP/mkimage-netboot.log"; fail "mkimage-aoe --netboot"; }
mv "$T/tmp/BOOTX64.EFI" "$LAB_TMP/esp/EFI/BOOT/BOOTX64.EFI"
cp "$T/boot/vmlinuz-$KOLD" "$LAB_TMP/vmlinuz"
cp "$T/boot/initrd-aoe.img-$KOLD" "$LAB_TMP/initrd-aoe.img"

upg_template
cp --sparse=always "$UPG_MD/m0.img" "$LAB_TMP/m0.img"
cp --sparse=always "$UPG_MD/m1.img" "$LAB_TMP/m1.img"
off=$(mdadm --examine "$LAB_TMP/m0.img" | sed -n 's/^ *Data Offset : \([0-9]*\) sectors.*/\1/p')
kib=$(mdadm --examine "$LAB_TMP/m0.img" | sed -n 's/^ *Array Size : \([0-9]*\) KiB.*/\1/p')
[ -n "$off" ] && [ -n "$kib" ] || fail "cannot read the template's data offset / array size"
E2FSPROGS_FAKE_TIME=1700000000 mke2fs -q -t ext4 -L debroot -U "$DEBROOT_FS_UUID" -d "$T" \
	"$LAB_TMP/root.ext4" "$((kib / 1024))M" > /dev/null || fail "mke2fs -d"
rm -rf "$T"
for m in m0 m1; do
	dd if="$LAB_TMP/root.ext4" of="$LAB_TMP/$m.img" bs=1M seek=$((off * 512)) oflag=seek_bytes \
		conv=notrunc,sparse status=none || fail "writing the root into $m"
done
rm -f "$LAB_TMP/root.ext4"
lab_net_up
lab_server s0 0 0 "$LAB_TMP/m0.img"
lab_server s1 0 1 "$LAB_TMP/m1.img"

# Wait for the step's checks and the poweroff; markers in $LAB_TMP/bootN.log.
upg_boot_done() {
	local n=$1 b0=$2 m st
	lab_expect 'aoeroot: switching to /dev/md0' 600
	lab_expect 'UPG-CHECK-DONE' 1800
	lab_expect 'DEBROOT-POWEROFF' 300
	lab_qemu_wait 300 || { lab_serial_tail; fail "boot $n: poweroff did not end QEMU"; }
	echo "boot $n: QEMU start to poweroff $(( $(date +%s) - b0 )) s"
	tr -d '\r' < "$LAB_TMP/serial.log" | sed 's/\x1b\[[0-9;]*[a-zA-Z]//g; s/.*\(DEBROOT-\|UPG-\)/\1/' > "$LAB_TMP/boot$n.log"
	mv "$LAB_TMP/serial.log" "$LAB_TMP/serial-boot$n.log"
	grep -E '^(DEBROOT|UPG)-' "$LAB_TMP/boot$n.log" | grep -v '^DEBROOT-\(LINK\|MDSTAT\|TIMES\|BITMAP\)'
	grep -qx "UPG-STEP $n" "$LAB_TMP/boot$n.log" || fail "boot $n: the root ran another step"
	grep -qx 'DEBROOT-STATUS result=ok' "$LAB_TMP/boot$n.log" || fail "boot $n: /run/aoeroot/status is not ok"
	sed -n '/^DEBROOT-MDSTAT-BEGIN/,/^DEBROOT-MDSTAT-END/p' "$LAB_TMP/boot$n.log" | grep -q '\[UU\]' ||
		fail "boot $n: md0 is not [UU]"
	for m in m0 m1; do
		st=$(mdadm --examine "$LAB_TMP/$m.img" | sed -n 's/^ *State : //p')
		[ "$st" = clean ] || fail "boot $n: $m superblock is '$st' after poweroff, not clean"
	done
}
# The kernel that runs, and the image GRUB loaded for it.
upg_kernel_is() {
	local n=$1 k=$2 cmdline
	grep -qx "UPG-KERNEL $k" "$LAB_TMP/boot$n.log" ||
		fail "boot $n: running $(sed -n 's/^UPG-KERNEL //p' "$LAB_TMP/boot$n.log"), not $k"
	cmdline=$(sed -n 's/^UPG-CMDLINE //p' "$LAB_TMP/boot$n.log" | tail -1)
	case " $cmdline " in
	*" BOOT_IMAGE=/boot/vmlinuz-$k "*" aoe_md_devs="*) ;;
	*) fail "boot $n: not /boot/vmlinuz-$k from the mirror's menu with \$aoe_args: $cmdline" ;;
	esac
}
menu_is() {
	local n=$1 want=$2 got
	got=$(sed -n 's/^UPG-MENU //p' "$LAB_TMP/boot$n.log" | tail -1)
	[ "$got" = "$want" ] || fail "boot $n: aoeroot menu '$got', want '$want'"
}
has_initrd() { grep -q "^UPG-INITRD $2 [0-9]" "$LAB_TMP/boot$1.log"; }
netboot() {
	b0=$(date +%s)
	lab_qemu_ovmf "$LAB_TMP/esp"
	lab_expect 'AOE-NETBOOT-CONFIG \(mduuid/[0-9a-f]{32}\)/boot/grub/grub.cfg' 600
}

# ---- setup boot: QEMU -kernel, aoeroot-grub's postinst writes the menu ----------------------
b0=$(date +%s)
lab_qemu_direct "$LAB_TMP/vmlinuz" "$LAB_TMP/initrd-aoe.img" "aoe_md_devs=e0.0,e0.1 root=/dev/md0 aoe_wait=10"
upg_boot_done 0 "$b0"
grep -qx 'UPG-UPDATE-GRUB ok' "$LAB_TMP/boot0.log" || fail "dpkg-reconfigure aoeroot-grub (its postinst writes the menu) in the root"
menu_is 0 "$KOLD "

# ---- 1. netboot -> $KOLD; apt-get install $KNEW -----------------------------
netboot
upg_boot_done 1 "$b0"
upg_kernel_is 1 "$KOLD"
grep -qx 'UPG-INSTALL ok' "$LAB_TMP/boot1.log" || fail "apt-get install linux-image-$KNEW in the running root"
has_initrd 1 "$KNEW" || fail "the aoeroot hook wrote no /boot/initrd-aoe.img-$KNEW"
menu_is 1 "$KNEW $KOLD "
echo "1: in the root booted from the mirror ($KOLD), apt-get install linux-image-$KNEW: hook initrd written, zz-update-grub lists $KNEW first"

# ---- 2. reboot: the new kernel ------------------------------------------------
netboot
upg_boot_done 2 "$b0"
upg_kernel_is 2 "$KNEW"
echo "2: reboot: $KNEW booted from the mirror (the menu's first entry)"

# ---- 3. reboot, the previous entry chosen at the menu ------------------------------
netboot
lab_expect "with Linux $KOLD \\(aoeroot\\)" 120 || fail "boot 3: no menu entry for $KOLD on the console"
lab_send '\016'
sleep 1
lab_send '\r'
upg_boot_done 3 "$b0"
upg_kernel_is 3 "$KOLD"
echo "3: the previous entry chosen at GRUB's menu (serial console): $KOLD booted"

# ---- 4. purge the old kernel, install 6.12 ---------------------------------
netboot
upg_boot_done 4 "$b0"
upg_kernel_is 4 "$KNEW"
grep -qx 'UPG-PURGE ok' "$LAB_TMP/boot4.log" || fail "apt-get purge linux-image-$KOLD"
! has_initrd 4 "$KOLD" || fail "purging linux-image-$KOLD left /boot/initrd-aoe.img-$KOLD"
! grep -qx "UPG-BOOT-KERNEL $KOLD" "$LAB_TMP/boot4.log" || fail "vmlinuz-$KOLD still in /boot after the purge"
grep -qx 'UPG-INSTALL612 ok' "$LAB_TMP/boot4.log" || fail "apt-get install linux-image-$K612"
has_initrd 4 "$K612" || fail "the aoeroot hook wrote no /boot/initrd-aoe.img-$K612"
menu_is 4 "$K612 $KNEW "
echo "4: apt-get purge linux-image-$KOLD removed its initrd and its entry; $K612 installed: initrd written, listed first"

# ---- 5. reboot: 6.12 ---------------------------------------------------------
netboot
upg_boot_done 5 "$b0"
upg_kernel_is 5 "$K612"
aoeko=$(sed -n "s|^UPG-AOEKO $K612/||p" "$LAB_TMP/boot5.log")
echo "5: $K612 booted from the mirror with its aoeroot initrd; its aoe module in /lib/modules: $aoeko"

# The 6.12 initrd, read back from the mirror: what mkinitrd-aoe packed.
dd if="$LAB_TMP/m0.img" of="$LAB_TMP/root.ext4" bs=1M skip=$((off * 512)) iflag=skip_bytes \
	count=$((kib / 1024)) conv=sparse status=none || fail "reading the root back"
debugfs -R "dump /boot/initrd-aoe.img-$K612 $LAB_TMP/initrd-612" "$LAB_TMP/root.ext4" >/dev/null 2>&1
[ -s "$LAB_TMP/initrd-612" ] || fail "cannot read /boot/initrd-aoe.img-$K612 from the mirror"
gzip -dc "$LAB_TMP/initrd-612" | cpio -t --quiet 2>/dev/null > "$LAB_TMP/initrd-612.list" ||
	fail "initrd-aoe.img-$K612 is not a gzip'd cpio"
grep -qx init "$LAB_TMP/initrd-612.list" || fail "the 6.12 initrd has no /init"
grep -q "^lib/modules/$K612/.*/aoe\.ko$" "$LAB_TMP/initrd-612.list" || fail "the 6.12 initrd has no (uncompressed) aoe.ko"
! grep -q '\.ko\.\(xz\|zst\|gz\)$' "$LAB_TMP/initrd-612.list" || fail "the 6.12 initrd holds compressed modules"
echo "6.12 module facts: /lib/modules has $aoeko; the initrd holds $(grep -c '\.ko$' "$LAB_TMP/initrd-612.list") uncompressed .ko (aoe.ko among them)"
echo "PASS: kernel upgrade in the running diskless root: $KOLD -> $KNEW with apt-get (hook initrd, newest first), rebooted into $KNEW from the mirror, $KOLD chosen at the menu booted, purge removed its initrd and entry; $K612 installed and booted the same way"
