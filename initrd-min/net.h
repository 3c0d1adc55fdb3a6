/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * net.h - choose the NICs AoE uses, set their MTU, bring them up.
 */
#ifndef AOEROOT_INITRD_NET_H
#define AOEROOT_INITRD_NET_H

#include "args.h"

#include <stddef.h>
#include <stdint.h>

enum { NET_MAX_IFS = 8 };

struct net_if {
	char name[16];
	uint8_t mac[6];
	int ifindex;
};

/**
 * net_setup() - find the NICs of aoe_netdev= (by name or MAC; every
 * Ethernet NIC when empty), set aoe_mtu=, bring them up and wait (bounded)
 * for carrier.
 * @a: parsed arguments.
 * @ret_ifs: receives the chosen NICs.
 * @ret_len: their number.
 * Return: 0, or -errno with the reason logged (e.g. a named NIC missing).
 */
int net_setup(const struct initrd_args *a, struct net_if ret_ifs[NET_MAX_IFS],
	      size_t *ret_len);

/** net_iflist() - "eth0 eth1": the value for the aoe module's aoe_iflist. */
void net_iflist(const struct net_if *ifs, size_t len, char *buf, size_t cap);

#endif
