#!/bin/sh
# Install everything aoeroot needs to build and to run its tests on Debian 12
# (bookworm). Run as root. Idempotent.
set -eu
[ "$(id -u)" = 0 ] || { echo "deps.sh: run as root" >&2; exit 2; }
export DEBIAN_FRONTEND=noninteractive
# GRUB source (apt-get source grub2) needs a deb-src twin of the bookworm entries.
if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
	if [ -f /etc/apt/sources.list.d/debian.sources ]; then
		sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
			> /etc/apt/sources.list.d/aoeroot-src.sources
	elif [ -f /etc/apt/sources.list ]; then
		sed -n 's/^deb /deb-src /p' /etc/apt/sources.list > /etc/apt/sources.list.d/aoeroot-src.list
	fi
fi
apt-get update -q
apt-get install -y -q --no-install-recommends \
	build-essential autoconf automake pkg-config dpkg-dev git ca-certificates \
	zlib1g-dev libcmocka-dev musl-tools clang libclang-rt-14-dev \
	gnu-efi sbsigntool grub-efi-amd64-bin grub-common \
	qemu-system-x86 ovmf vblade mdadm busybox-static kmod cpio \
	mtools dosfstools e2fsprogs nftables iproute2 util-linux procps python3 xz-utils zstd fdisk \
	debootstrap
# DHCP + TFTP server for the lab's network boots (tests/lab/pxe-lib.sh, tools/demo.sh)
apt-get install -y -q --no-install-recommends dnsmasq-base
# GRUB i386-pc modules (aoe.mod for BIOS PXE, core.0) and SeaBIOS for the
# BIOS PXE lab boots (seabios comes with qemu-system-x86; named to be sure)
apt-get install -y -q --no-install-recommends grub-pc-bin seabios dnsmasq-base
# Debian packages (tools/build-debs.sh, tests/lab/t-debroot-pkg.sh): dh with autoreconf, lintian
apt-get install -y -q --no-install-recommends debhelper dh-autoreconf lintian
# Xen lab host (tests/lab/xen-lib.sh, t-xen-*): Debian's hypervisor, xl and
# the xenstore tools, and a static bash for the vif hotplug scripts, all
# copied into the Xen host's dom0 initramfs (booted only inside QEMU)
apt-get install -y -q --no-install-recommends xen-hypervisor-4.17-amd64 xen-utils-4.17 xenstore-utils bash-static
# Debian's signed shim and GRUB, chained unmodified by aoeboot.publish=1 in
# the lab (tests/lab/t-efi-publish-*.sh)
apt-get install -y -q --no-install-recommends shim-signed grub-efi-amd64-signed
# Host CPU load for the publish-mode boots under load (tests/lab/t-efi-publish-busy.sh)
apt-get install -y -q --no-install-recommends stress-ng
# iPXE's EFI binary (/usr/lib/ipxe/ipxe.efi) for the benchmark's `sanhook`
# column (bench/pubload.sh): the AoE initiator a user would pick instead
apt-get install -y -q --no-install-recommends ipxe
