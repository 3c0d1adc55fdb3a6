#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Root on a partition of the mirror: root=/dev/md0p1.
# A setup guest makes a RAID1 of two fresh members with real mdadm and
# writes a disk image with an MBR (sfdisk on the host) whose partition 1
# holds the fixture root; then /init must assemble md0, wait for the
# kernel's partition scan to make md0p1, mount it and switch to it.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd
lab_require qemu-system-x86_64 vblade cpio unshare sfdisk mke2fs
lab_prelude initrd_partition init kernel
# members: 64 MiB each; the partitioned image: 1 MiB label + 48 MiB root
lab_fixture_rootfs "$LAB_TMP/root.ext4" 48
truncate -s 50M "$LAB_TMP/part.img"
printf 'label: dos\nstart=2048, size=%d, type=83\n' $((48 * 2048)) | sfdisk -q "$LAB_TMP/part.img"
dd if="$LAB_TMP/root.ext4" of="$LAB_TMP/part.img" bs=1M seek=1 conv=notrunc status=none
truncate -s 64M "$LAB_TMP/m0.img" "$LAB_TMP/m1.img"
cat > "$LAB_TMP/mkpart.sh" <<-'EOF'
mdadm --create /dev/md0 --run --level=1 --raid-devices=2 --metadata=1.2 \
  --assume-clean --homehost=lab --name=aoepart /dev/vda /dev/vdb
dd if=/dev/vdc of=/dev/md0 bs=1M conv=fsync 2>&1
blockdev --rereadpt /dev/md0
i=0; while [ ! -b /dev/md0p1 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
mount -t ext4 -o ro /dev/md0p1 /mnt
(cd /mnt && sha256sum -c etc/aoeroot-fixture.sha256) > /dev/null
echo "SETUP md0p1 ok"
umount /mnt
mdadm --stop /dev/md0
EOF
lab_setup_guest "$LAB_TMP/mkpart.sh" "$LAB_TMP/m0.img" "$LAB_TMP/m1.img" "$LAB_TMP/part.img"
rm -f "$LAB_TMP/part.img" "$LAB_TMP/root.ext4"
initrd_pack "$LAB_TMP/initrd.gz"
lab_net_up
lab_server s0 0 0 "$LAB_TMP/m0.img"
lab_server s1 0 1 "$LAB_TMP/m1.img"

echo "== boot: root=/dev/md0p1"
initrd_boot "aoe_md_devs=e0.0,e0.1 root=/dev/md0p1 aoe_wait=5 lab_action=shell"
initrd_root_up
initrd_status
lab_expect 'AOEROOT-ROOT-DOWN' 30
lab_qemu_wait 30
lab_grep '^AOEROOT-ROOTDEV ' | head -1
lab_grep '^AOEROOT-ROOTDEV .*md0p1' >/dev/null || { echo "FAIL: root is not on md0p1"; exit 1; }
lab_grep '\[UU\]' >/dev/null || { echo "FAIL: md0 not [UU]"; exit 1; }
initrd_status_is root /dev/md0p1
echo "PASS: root on /dev/md0p1 of the AoE mirror, [UU], file set ok"
