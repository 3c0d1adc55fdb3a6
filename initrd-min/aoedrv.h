/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * aoedrv.h - the Linux aoe driver from /init: load it, discover, wait for
 * /dev/etherd/eS.L block devices.
 */
#ifndef AOEROOT_INITRD_AOEDRV_H
#define AOEROOT_INITRD_AOEDRV_H

#include "args.h"
#include "net.h"

#include <stdbool.h>
#include <stdint.h>

/**
 * aoedrv_start() - queue the aoe module (modload_start()) at /init's
 * start, in parallel with the NIC drivers, with aoe_deadsecs= (the
 * command line's; else, for an md root of two or more members, aoeroot's
 * default of 5 s, unless the command line sets the driver's own
 * aoe.aoe_deadsecs=) and, when aoe is to be restricted to chosen NICs (aoe_netdev= or the
 * renaming of aoe_ifname=), an aoe_iflist that matches no interface (a
 * ':' is not valid in an interface name): it sends and takes nothing until
 * aoedrv_ready() names the NICs.
 * Return: 0, or -errno (logged).
 */
int aoedrv_start(const struct initrd_args *a);

/**
 * aoedrv_set_running_deadsecs() - give the running root of a mirror the
 * default aoe_deadsecs (5 s, docs/failover.md) unless the command line set
 * one; called once the root is mounted, so a slow or lossy link at boot
 * keeps the driver's own patience while the members are opened.
 */
void aoedrv_set_running_deadsecs(const struct initrd_args *a);

/**
 * aoedrv_ready() - wait for the aoe module and restrict it to the NICs
 * chosen by net_setup() (aoe_iflist, written to
 * /sys/module/aoe/parameters/aoe_iflist, or /dev/etherd/interfaces).
 * Return: 0, or -errno (logged).
 */
int aoedrv_ready(const struct initrd_args *a, const struct net_if *ifs,
		     size_t ifs_len);

/**
 * aoedrv_discover() - have the kernel's driver find @a's listed members: a
 * Query Config to each member's shelf.slot on every AoE NIC, so that only
 * their devices are created; without listed members (or without a raw
 * socket) "discover" written to /dev/etherd/discover, the driver's
 * broadcast. Waits up to 2 s for devtmpfs to create /dev/etherd on the
 * first call. Return: 0, or -errno.
 */
int aoedrv_discover(const struct initrd_args *a);

/** aoedrv_dev_path() - "/dev/etherd/eS.L" into @buf. */
void aoedrv_dev_path(uint16_t shelf, uint8_t slot, char *buf, size_t cap);

/** aoedrv_dev_present() - whether the block device eS.L exists with a size. */
bool aoedrv_dev_present(uint16_t shelf, uint8_t slot);

/**
 * aoedrv_wait_event() - sleep until something changes in /dev/etherd or
 * @max_ms pass (inotify; falls back to a plain sleep of at most 50 ms).
 */
void aoedrv_wait_event(unsigned max_ms);

#endif
