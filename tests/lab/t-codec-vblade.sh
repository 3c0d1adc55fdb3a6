#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Cross-checks the AoE codec (common/aoe.c) against a real vblade: the
# tests/wire/aoe-probe helper builds every frame with the codec and parses
# every answer with it (Query Config read/set/test/prefix/force set and its
# errors, IDENTIFY, READ and READ EXT on both sides of 2^28 and above 2^32,
# an ATA error past the end, an unknown command). The image is sparse
# (2.5 TB apparent, a few KiB on disk). No QEMU: seconds.
set -eu
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"
probe=${top_builddir:-$top_srcdir}/tests/wire/aoe-probe
[ -x "$probe" ] || lab_skip "no $probe (make check-lab builds it)"
lab_require vblade unshare
lab_init codec
sectors=$((0x123456800))
"$probe" --mkimage "$LAB_TMP/big.img" "$sectors"
lab_net_up
lab_server codec 7 3 "$LAB_TMP/big.img"
ip netns exec "$LAB_NS_BR" "$probe" br0 7 3 "$sectors" codec
