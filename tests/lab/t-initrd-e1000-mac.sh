#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# e1000 instead of virtio-net (coldplug finds the PCI driver), the NIC named
# by its MAC in aoe_netdev=, aoe restricted to it (aoe_iflist), an MTU set,
# and root=UUID= of the ext4 file system on md0. One boot.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
lab_use initrd
lab_require qemu-system-x86_64 vblade cpio unshare
lab_prelude initrd_e1000 init kernel mirror members initrd
lab_net_up
lab_server s0 0 0 "$LAB_M0"
lab_server s1 0 1 "$LAB_M1"
LAB_NIC=e1000
LAB_MAC=52:54:00:a0:e0:42
initrd_boot "aoe_netdev=52:54:00:A0:E0:42 aoe_mtu=1500 aoe_md_devs=e0.0,e0.1 root=UUID=6f656f72-6f6f-7400-0000-000000000001 aoe.aoe_maxout=8"
lab_expect 'loaded module e1000' 60
lab_expect 'renamed NIC eth0 to aoe0' 30
lab_expect 'NIC aoe0 \(52:54:00:a0:e0:42\) up' 30
lab_expect 'aoe restricted to aoe_iflist="aoe0"' 30
initrd_root_up
lab_expect 'AOEROOT-ROOT-DOWN' 30
lab_qemu_wait 30
lab_grep '^AOEROOT-ROOTDEV /dev/md0' >/dev/null || { echo "FAIL: root is not /dev/md0"; exit 1; }
lab_grep '\[UU\]' >/dev/null || { echo "FAIL: md0 not [UU]"; exit 1; }
# aoe loads in parallel with the NIC driver: its line may come before e1000's
lab_grep 'loaded module aoe aoe_maxout=8 ' >/dev/null || { echo "FAIL: aoe.aoe_maxout=8 not applied"; exit 1; }
lab_grep 'loaded module virtio_net' && { echo "FAIL: virtio_net loaded without a virtio NIC"; exit 1; }
echo "PASS: e1000, aoe_netdev by MAC, module options, root=UUID="
