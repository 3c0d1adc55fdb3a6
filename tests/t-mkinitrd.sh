#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# mkinitrd-aoe: (A) a fake module tree made here (plain, .xz, .gz, .zst
# modules, softdep, builtin): exact archive listing, contents, module table
# subset, reproducibility, SOURCE_DATE_EPOCH, errors; (B) the cached Debian
# kernel when present: sizes, depmod's own view of the packed modules.
set -eu
top_builddir=${top_builddir:-.}
mk=$top_builddir/initrd-min/mkinitrd-aoe
[ -x "$mk" ] || { echo "no $mk"; exit 1; }
for t in cpio xz gzip cmp; do
	command -v $t >/dev/null 2>&1 && continue
	[ "${AOEROOT_NO_SKIP:-0}" = 1 ] && { echo "FAIL: $t missing"; exit 1; }
	echo "SKIP: $t missing"; exit 77
done
tmp=$(mktemp -d /tmp/t-mkinitrd.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
list() { gzip -dc "$1" | cpio -t --quiet; }
extract() { rm -rf "$2"; mkdir -p "$2"; (cd "$2" && gzip -dc "$1" | cpio -idm --quiet --no-absolute-filenames 2>/dev/null) || true; }

# ---- (A) fake tree ---------------------------------------------------------
kv=9.9.9-test
md=$tmp/lib/modules/$kv
mkmod() { # PATH [compress]
	mkdir -p "$md/$(dirname "$1")"
	printf '\177ELF fake module %s\n' "$1" > "$md/$1"
	case ${2:-} in
	xz) xz -z "$md/$1" ;; gz) gzip -n "$md/$1" ;; zst) zstd -q --rm "$md/$1" ;;
	esac
}
zst=
command -v zstd >/dev/null 2>&1 && zst=.zst
mkmod kernel/drivers/block/aoe/aoe.ko
mkmod kernel/drivers/md/md-mod.ko
mkmod kernel/drivers/md/raid1.ko
mkmod kernel/fs/ext4/ext4.ko xz
mkmod kernel/fs/jbd2/jbd2.ko
mkmod kernel/fs/mbcache.ko
mkmod kernel/lib/crc16.ko gz
mkmod kernel/crypto/crc32c_generic.ko
mkmod kernel/arch/x86/crypto/crc32c-intel.ko
mkmod kernel/drivers/virtio/virtio.ko
mkmod kernel/drivers/virtio/virtio_ring.ko
mkmod kernel/drivers/virtio/virtio_pci.ko ${zst:+zst}
mkmod kernel/drivers/net/virtio_net.ko
mkmod kernel/drivers/net/net_failover.ko
mkmod kernel/net/core/failover.ko
mkmod kernel/drivers/net/ethernet/intel/e1000/e1000.ko
mkmod kernel/drivers/unrelated.ko
cat > "$md/modules.dep" <<EOF
kernel/drivers/block/aoe/aoe.ko:
kernel/drivers/md/md-mod.ko:
kernel/drivers/md/raid1.ko: kernel/drivers/md/md-mod.ko
kernel/fs/ext4/ext4.ko.xz: kernel/lib/crc16.ko.gz kernel/fs/mbcache.ko kernel/fs/jbd2/jbd2.ko
kernel/fs/jbd2/jbd2.ko: kernel/crypto/crc32c_generic.ko
kernel/fs/mbcache.ko:
kernel/lib/crc16.ko.gz:
kernel/crypto/crc32c_generic.ko:
kernel/arch/x86/crypto/crc32c-intel.ko:
kernel/drivers/virtio/virtio.ko: kernel/drivers/virtio/virtio_ring.ko
kernel/drivers/virtio/virtio_ring.ko:
kernel/drivers/virtio/virtio_pci.ko$zst: kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
kernel/drivers/net/virtio_net.ko: kernel/drivers/net/net_failover.ko kernel/net/core/failover.ko kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
kernel/drivers/net/net_failover.ko: kernel/net/core/failover.ko
kernel/net/core/failover.ko:
kernel/drivers/net/ethernet/intel/e1000/e1000.ko:
kernel/drivers/unrelated.ko:
EOF
cat > "$md/modules.alias" <<'EOF'
# Aliases extracted from modules themselves.
alias crypto-crc32c crc32c_intel
alias crypto-crc32c crc32c_generic
alias pci:v00001AF4d*sv*sd*bc*sc*i* virtio_pci
alias virtio:d00000001v* virtio_net
alias pci:v00008086d0000100Esv*sd*bc*sc*i* e1000
alias fs-ext4 ext4
alias pci:v0000FFFFd*sv*sd*bc*sc*i* unrelated
EOF
cat > "$md/modules.softdep" <<'EOF'
# Soft dependencies extracted from modules themselves.
softdep ext4 pre: crypto-crc32c
softdep unrelated pre: e1000
EOF
echo kernel/fs/xfs/xfs.ko > "$md/modules.builtin"
printf '#!/bin/sh\necho fake init\n' > "$tmp/init"
chmod 755 "$tmp/init"
echo "hello" > "$tmp/extra.conf"

run() { "$mk" --moddir "$md" --init "$tmp/init" "$@"; }
SOURCE_DATE_EPOCH=1234567890 run --nic virtio_net,e1000 --fs ext4,xfs --add "$tmp/extra.conf:/etc/aoeroot.conf" -o "$tmp/a.gz" \
	|| fail "mkinitrd-aoe on the fake tree"
SOURCE_DATE_EPOCH=1234567890 run --nic virtio_net,e1000 --fs ext4,xfs --add "$tmp/extra.conf:/etc/aoeroot.conf" -o "$tmp/b.gz"
cmp -s "$tmp/a.gz" "$tmp/b.gz" || fail "two runs differ"
[ "$(od -An -tx1 -j4 -N4 "$tmp/a.gz" | tr -d ' ')" = 00000000 ] || fail "gzip header mtime is not 0"
SOURCE_DATE_EPOCH=1 run --nic virtio_net,e1000 --fs ext4,xfs --add "$tmp/extra.conf:/etc/aoeroot.conf" -o "$tmp/c.gz"
cmp -s "$tmp/a.gz" "$tmp/c.gz" && fail "SOURCE_DATE_EPOCH ignored"

M=lib/modules/$kv
cat > "$tmp/want" <<EOF
dev
etc
lib
lib/modules
lib/modules/$kv
$M/kernel
$M/kernel/crypto
$M/kernel/drivers
$M/kernel/drivers/block
$M/kernel/drivers/block/aoe
$M/kernel/drivers/md
$M/kernel/drivers/net
$M/kernel/drivers/net/ethernet
$M/kernel/drivers/net/ethernet/intel
$M/kernel/drivers/net/ethernet/intel/e1000
$M/kernel/drivers/virtio
$M/kernel/fs
$M/kernel/fs/ext4
$M/kernel/fs/jbd2
$M/kernel/lib
$M/kernel/net
$M/kernel/net/core
proc
root
run
sys
tmp
dev/console
init
$M/modules.dep
$M/modules.alias
$M/kernel/crypto/crc32c_generic.ko
$M/kernel/drivers/block/aoe/aoe.ko
$M/kernel/drivers/md/md-mod.ko
$M/kernel/drivers/md/raid1.ko
$M/kernel/drivers/net/ethernet/intel/e1000/e1000.ko
$M/kernel/drivers/net/net_failover.ko
$M/kernel/drivers/net/virtio_net.ko
$M/kernel/drivers/virtio/virtio.ko
$M/kernel/drivers/virtio/virtio_pci.ko
$M/kernel/drivers/virtio/virtio_ring.ko
$M/kernel/fs/ext4/ext4.ko
$M/kernel/fs/jbd2/jbd2.ko
$M/kernel/fs/mbcache.ko
$M/kernel/lib/crc16.ko
$M/kernel/net/core/failover.ko
etc/aoeroot.conf
EOF
list "$tmp/a.gz" > "$tmp/got"
diff -u "$tmp/want" "$tmp/got" || fail "archive listing"
gzip -dc "$tmp/a.gz" | cpio -tv --quiet 2>/dev/null | grep -q '^crw------- .* 5, *1 .*dev/console$' \
	|| fail "dev/console is not c 5 1"
[ $(( $(gzip -dc "$tmp/a.gz" | wc -c) % 512 )) = 0 ] || fail "archive not padded to 512"

x=$tmp/x
extract "$tmp/a.gz" "$x"
cmp -s "$x/init" "$tmp/init" || fail "init content"
[ -x "$x/init" ] || fail "init not executable"
[ "$(stat -c %Y "$x/init")" = 1234567890 ] || fail "mtime is not SOURCE_DATE_EPOCH"
cmp -s "$x/etc/aoeroot.conf" "$tmp/extra.conf" || fail "--add content"
for m in kernel/fs/ext4/ext4.ko kernel/lib/crc16.ko kernel/drivers/virtio/virtio_pci.ko kernel/drivers/md/md-mod.ko; do
	printf '\177ELF fake module %s\n' "$m" | cmp -s - "$x/$M/$m" || fail "content of $m (decompressed?)"
done
cat > "$tmp/want.dep" <<EOF
kernel/drivers/block/aoe/aoe.ko:
kernel/drivers/md/md-mod.ko:
kernel/drivers/md/raid1.ko: kernel/drivers/md/md-mod.ko
kernel/fs/ext4/ext4.ko: kernel/crypto/crc32c_generic.ko kernel/lib/crc16.ko kernel/fs/mbcache.ko kernel/fs/jbd2/jbd2.ko
kernel/fs/jbd2/jbd2.ko: kernel/crypto/crc32c_generic.ko
kernel/fs/mbcache.ko:
kernel/lib/crc16.ko:
kernel/crypto/crc32c_generic.ko:
kernel/drivers/virtio/virtio.ko: kernel/drivers/virtio/virtio_ring.ko
kernel/drivers/virtio/virtio_ring.ko:
kernel/drivers/virtio/virtio_pci.ko: kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
kernel/drivers/net/virtio_net.ko: kernel/drivers/net/net_failover.ko kernel/net/core/failover.ko kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
kernel/drivers/net/net_failover.ko: kernel/net/core/failover.ko
kernel/net/core/failover.ko:
kernel/drivers/net/ethernet/intel/e1000/e1000.ko:
EOF
diff -u "$tmp/want.dep" "$x/$M/modules.dep" || fail "modules.dep subset"
grep -q unrelated "$x/$M/modules.alias" && fail "modules.alias has a module not packed"
[ "$(grep -c '^alias ' "$x/$M/modules.alias")" = 5 ] || fail "modules.alias subset"

# --nic=all on this tree takes what exists; default --fs is ext4.
run -o "$tmp/all.gz" || fail "--nic=all on the fake tree"
list "$tmp/all.gz" | grep -q 'e1000.ko$' || fail "--nic=all lacks e1000"
list "$tmp/all.gz" | grep -q 'virtio_pci.ko$' || fail "--nic=all lacks virtio_pci"

# The configuration file: NIC/FS fill what the command line leaves unset,
# EXTRA_MODULES adds; options win.
printf '# site\nNIC = e1000\nFS="ext4"\n\nEXTRA_MODULES=crc16\n' > "$tmp/mk.conf"
run --config "$tmp/mk.conf" -o "$tmp/conf.gz" || fail "--config"
list "$tmp/conf.gz" | grep -q 'e1000.ko$' || fail "config NIC=e1000 not used"
list "$tmp/conf.gz" | grep -q 'virtio_net.ko$' && fail "config NIC=e1000 packed virtio_net"
run --config "$tmp/mk.conf" --nic virtio_net -o "$tmp/conf2.gz" || fail "--config with --nic"
list "$tmp/conf2.gz" | grep -q 'virtio_net.ko$' || fail "--nic did not win over the configuration"
list "$tmp/conf2.gz" | grep -q 'e1000.ko$' && fail "--nic did not win over the configuration (e1000 packed)"
# Uninstalled use: run from a directory that is not sbindir, the init
# beside the program is packed when it is aoeroot's, never another one.
mkdir -p "$tmp/bt"
cp "$mk" "$tmp/bt/mkinitrd-aoe"
printf '#!/bin/sh\n# fake aoeroot init: aoe_md_devs\n' > "$tmp/bt/init"
chmod 755 "$tmp/bt/init"
"$tmp/bt/mkinitrd-aoe" --moddir "$md" --no-config -o "$tmp/bt.gz" || fail "uninstalled run"
extract "$tmp/bt.gz" "$tmp/btx"
cmp -s "$tmp/btx/init" "$tmp/bt/init" || fail "uninstalled run did not pack the init beside it"
printf '#!/bin/sh\necho another init\n' > "$tmp/bt/init"

# Errors: each must fail with a message naming the problem.
expect_fail() { # WORD CMD...
	w=$1; shift
	if "$@" > "$tmp/err" 2>&1; then fail "succeeded: $*"; fi
	grep -qi -- "$w" "$tmp/err" || { cat "$tmp/err"; fail "message lacks '$w': $*"; }
}
expect_fail "no output" run
expect_fail "nosuchfs" run --fs nosuchfs -o "$tmp/e.gz"
expect_fail "bogus_nic" run --nic bogus_nic -o "$tmp/e.gz"
expect_fail "SOURCE_DATE_EPOCH" env SOURCE_DATE_EPOCH=yesterday "$mk" --moddir "$md" --init "$tmp/init" -o "$tmp/e.gz"
expect_fail "/nonexistent" run --init /nonexistent -o "$tmp/e.gz"
expect_fail "SRC:DST" run --add nocolon -o "$tmp/e.gz"
expect_fail "modules.dep" "$mk" --moddir "$tmp/nowhere" --init "$tmp/init" -o "$tmp/e.gz"
expect_fail "cannot read the /init" "$tmp/bt/mkinitrd-aoe" --moddir "$md" --no-config -o "$tmp/e.gz"
expect_fail "nosuch.conf" run --config "$tmp/nosuch.conf" -o "$tmp/e.gz"
printf 'NIC=all\nMODULES=most\n' > "$tmp/bad.conf"
expect_fail "bad.conf:2: unknown setting 'MODULES'" run --config "$tmp/bad.conf" -o "$tmp/e.gz"
printf 'just words\n' > "$tmp/bad.conf"
expect_fail "bad.conf:1: expected KEY=VALUE" run --config "$tmp/bad.conf" -o "$tmp/e.gz"
echo garbage > "$md/kernel/drivers/block/aoe/aoe.ko"
expect_fail "not an ELF" run -o "$tmp/e.gz"
[ -e "$tmp/e.gz" ] && fail "a failed run left its output"
ls "$tmp"/e.gz.tmp* >/dev/null 2>&1 && fail "a failed run left a temporary file"
echo "PASS (A): fake tree"

# ---- (B) the cached Debian kernel ----------------------------------------
cache=${AOEROOT_CACHE:-/var/tmp/aoeroot-cache}
dmd=$(ls -d "$cache"/kernel-*/lib/modules/* 2>/dev/null | head -1 || true)
if [ -z "$dmd" ] || [ ! -f "$dmd/modules.dep" ]; then
	echo "NOTE (B) not run: no cached Debian kernel under $cache (the lab's lab_kernel makes one)"
	exit 0
fi
dkv=$(basename "$dmd")
"$mk" --moddir "$dmd" --init "$tmp/init" -o "$tmp/d-all.gz" || fail "Debian --nic=all"
"$mk" --moddir "$dmd" --init "$tmp/init" -o "$tmp/d-all2.gz"
cmp -s "$tmp/d-all.gz" "$tmp/d-all2.gz" || fail "Debian: two runs differ"
"$mk" --moddir "$dmd" --init "$tmp/init" --nic virtio_net -o "$tmp/d-one.gz" || fail "Debian one NIC"
s_all=$(stat -c %s "$tmp/d-all.gz"); s_one=$(stat -c %s "$tmp/d-one.gz")
echo "sizes ($dkv): --nic=all $s_all bytes, --nic=virtio_net $s_one bytes"
[ "$s_all" -le 3145728 ] || fail "--nic=all initrd over 3 MiB"
[ "$s_one" -le 1048576 ] || fail "one-NIC initrd over 1 MiB"
for m in aoe md-mod raid1 ext4 crc32c_generic virtio_net virtio_pci e1000 igb 8021q garp mrp stp llc; do
	list "$tmp/d-all.gz" | grep -q "/$m.ko\$" || fail "Debian --nic=all lacks $m"
done
# 8021q for aoe_vlan= is packed by default; --no-vlan leaves it (and only it) out
"$mk" --moddir "$dmd" --init "$tmp/init" --nic virtio_net --no-vlan -o "$tmp/d-novlan.gz" || fail "Debian --no-vlan"
list "$tmp/d-one.gz" | grep -q "/8021q.ko\$" || fail "--nic=virtio_net lacks 8021q"
list "$tmp/d-novlan.gz" | grep -Eq "/(8021q|garp|mrp|stp|llc).ko\$" && fail "--no-vlan packed 8021q or its dependencies"
echo "8021q costs $(( s_one - $(stat -c %s "$tmp/d-novlan.gz") )) bytes of the one-NIC initrd"
# depmod on the unpacked initrd: every symbol it cannot find among the
# packed modules must be the kernel's own (no module of the full tree
# exports it: nothing missing from the closure), and its modules.dep must
# be ours without the folded-in soft dependencies.
if command -v depmod >/dev/null 2>&1; then
	extract "$tmp/d-all.gz" "$tmp/d"
	cp "$tmp/d/lib/modules/$dkv/modules.dep" "$tmp/ours.dep"
	# An empty symbol map: -e then reports every symbol not exported by a module.
	echo 'ffffffffffffffff B aoeroot_dummy' > "$tmp/System.map"
	depmod -b "$tmp/d" -e -F "$tmp/System.map" "$dkv" 2> "$tmp/depmod.err" || fail "depmod on the initrd"
	sed -n 's/.*needs unknown symbol \(.*\)$/\1/p' "$tmp/depmod.err" | sort -u > "$tmp/unknown"
	[ -s "$tmp/unknown" ] || fail "depmod reported no kernel symbols at all (check broken?)"
	sed -n 's/^alias symbol:\([^ ]*\) .*/\1/p' "$dmd/modules.symbols" | sort -u > "$tmp/modsyms"
	if comm -12 "$tmp/unknown" "$tmp/modsyms" | grep .; then
		fail "packed modules need symbols of modules that were not packed"
	fi
	norm() { tr ' ' '\n' < "$1" | grep -v '^$' | sort; }
	list "$tmp/d-all.gz" | grep -q crc32c-intel && fail "Debian: crc32c-intel packed (ENODEV without SSE4.2)"
	sed 's/ kernel\/crypto\/crc32c_generic\.ko\| kernel\/drivers\/net\/phy\/realtek\.ko//g' \
		"$tmp/ours.dep" > "$tmp/ours-nosoft.dep"
	norm "$tmp/ours-nosoft.dep" > "$tmp/a.sorted"
	norm "$tmp/d/lib/modules/$dkv/modules.dep" > "$tmp/b.sorted"
	cmp -s "$tmp/a.sorted" "$tmp/b.sorted" || { diff "$tmp/a.sorted" "$tmp/b.sorted" | head; fail "depmod disagrees with our modules.dep"; }
else
	[ "${AOEROOT_NO_SKIP:-0}" = 1 ] && fail "depmod missing"
	echo "NOTE: no depmod, closure check not run"
fi
echo "PASS (B): Debian $dkv"
