/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ifname.h - stable names for the AoE NICs (aoe_ifname=).
 *
 * The Linux aoe driver matches aoe_iflist by interface name, and a root
 * whose udev or network service renames the NIC later loses its disks. So
 * /init renames each AoE NIC while its link is still down and before the aoe
 * module is loaded: aoe0, aoe1, ... by default. A name set from userspace
 * has name_assign_type 4 (NET_NAME_USER), which udev's NamePolicy=keep (the
 * default in 99-default.link) keeps.
 */
#ifndef AOEROOT_INITRD_IFNAME_H
#define AOEROOT_INITRD_IFNAME_H

#include "args.h"
#include "net.h"

#include <stddef.h>

/**
 * ifname_name() - the stable name of the @idx-th AoE NIC under @spec.
 * @spec: aoe_ifname= ("keep"; a base such as "aoe" giving aoe0, aoe1, ...;
 *        or a comma list, one name per NIC; a single name ending in a
 *        digit is a one-item list).
 * @idx: the NIC's position (order of aoe_netdev=, else by ifindex).
 * @buf: receives the name; empty when the NIC keeps its kernel name.
 * @cap: size of @buf (16 = IFNAMSIZ is enough).
 * Return: 0, or -1 when the list is shorter than @idx + 1 (the NIC keeps
 *         its kernel name; the caller says so).
 */
int ifname_name(const char *spec, size_t idx, char *buf, size_t cap);

/**
 * ifname_apply() - rename the chosen NICs (links taken down first if up),
 * sort them by ifindex when they were not named by aoe_netdev=, and update
 * @ifs[i].name. A rename failure is logged and the NIC keeps its name.
 * @a: parsed arguments (aoe_ifname=, aoe_netdev=).
 * @ifs: the chosen NICs.
 * @len: their number.
 */
void ifname_apply(const struct initrd_args *a, struct net_if *ifs, size_t len);

#endif
