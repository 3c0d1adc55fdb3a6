#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Proves the lab: the real Debian kernel in QEMU (TCG) loads aoe, discovers
# two vblade servers living in their own namespaces (e0.0 8 MiB, e1.0 16 MiB)
# over the bridge, and sees both block devices with the right sizes.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_require qemu-system-x86_64 vblade busybox cpio unshare
lab_prelude discover kernel
lab_initrd_busybox "$LAB_TMP/initrd.gz" virtio_pci virtio_net e1000 aoe
cat > "$LAB_TMP/stage.sh" <<'STAGE'
lab_insmod virtio_pci virtio_net e1000 aoe
ip link set eth0 up
echo discover > /dev/etherd/discover
i=0
while [ $i -lt 100 ] && ! { [ -b /dev/etherd/e0.0 ] && [ -b /dev/etherd/e1.0 ]; }; do
	sleep 0.1; i=$((i + 1))
done
for d in /dev/etherd/e[0-9]*; do
	n=${d##*/}
	echo "DISCOVERED $n $(cat "/sys/block/etherd!$n/size") sectors"
done
STAGE
lab_cpio_append "$LAB_TMP/initrd.gz" "$LAB_TMP/stage.sh:lab-stage.sh"
truncate -s 8M "$LAB_TMP/a.img"
truncate -s 16M "$LAB_TMP/b.img"
lab_net_up
lab_server srva 0 0 "$LAB_TMP/a.img"
lab_server srvb 1 0 "$LAB_TMP/b.img"
lab_qemu_direct "$LAB_VMLINUZ" "$LAB_TMP/initrd.gz" "quiet"
lab_expect 'LAB-STAGE-RC=' 90
lab_qemu_wait 30
lab_grep '^(DISCOVERED|LAB-STAGE-RC)'
lab_grep '^LAB-STAGE-RC=0$' >/dev/null || { lab_serial_tail; exit 1; }
lab_grep '^DISCOVERED e0\.0 16384 sectors' >/dev/null || { echo "e0.0 (8 MiB) missing"; exit 1; }
lab_grep '^DISCOVERED e1\.0 32768 sectors' >/dev/null || { echo "e1.0 (16 MiB) missing"; exit 1; }
echo "PASS: both vblade targets discovered"
