/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * aoe.h - the Linux aoe driver from /init: load it, discover, wait for
 * /dev/etherd/eS.L block devices.
 */
#ifndef AOEROOT_INITRD_AOE_H
#define AOEROOT_INITRD_AOE_H

#include "args.h"
#include "net.h"

#include <stdbool.h>
#include <stdint.h>

/**
 * aoe_load_driver() - load aoe with aoe_iflist (the chosen NICs, only when
 * aoe_netdev= was given) and aoe_deadsecs= (when given).
 * Return: 0, or -errno (logged).
 */
int aoe_load_driver(const struct initrd_args *a, const struct net_if *ifs,
		    size_t ifs_len);

/**
 * aoe_discover() - write "discover" to /dev/etherd/discover (waits up to
 * 2 s for devtmpfs to create it on the first call).
 * Return: 0, or -errno.
 */
int aoe_discover(void);

/** aoe_dev_path() - "/dev/etherd/eS.L" into @buf. */
void aoe_dev_path(uint16_t shelf, uint8_t slot, char *buf, size_t cap);

/** aoe_dev_present() - whether the block device eS.L exists with a size. */
bool aoe_dev_present(uint16_t shelf, uint8_t slot);

/**
 * aoe_wait_event() - sleep until something changes in /dev/etherd or
 * @max_ms pass (inotify; falls back to a plain sleep of at most 50 ms).
 */
void aoe_wait_event(unsigned max_ms);

#endif
