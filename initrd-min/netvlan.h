/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * netvlan.h - the storage VLAN (aoe_vlan=): an 802.1Q interface on each
 * AoE NIC, so the aoe driver and the identity check see only that VLAN.
 */
#ifndef AOEROOT_INITRD_NETVLAN_H
#define AOEROOT_INITRD_NETVLAN_H

#include "args.h"
#include "net.h"

#include <stddef.h>

/**
 * netvlan_setup() - with aoe_vlan=ID: load 8021q, make NIC.ID on every
 * chosen NIC (aoe0 -> aoe0.42; SIOCSIFVLAN), bring it up, and replace
 * @ifs[i] by it (name, ifindex; the MAC is the NIC's). The NICs themselves
 * stay up, untagged traffic on them is no longer AoE's.
 * @a: parsed arguments (a->vlan 0: nothing to do).
 * @ifs: the chosen NICs, already up.
 * @len: their number.
 * Return: 0, or -errno with the reason logged.
 */
int netvlan_setup(const struct initrd_args *a, struct net_if *ifs, size_t len);

#endif
