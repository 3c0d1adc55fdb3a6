/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * identity.h - who answers for each member? An AF_PACKET discovery with
 * the common/ engine (userland tags, bit 31: the kernel's aoe driver
 * ignores them) before md touches anything. A shelf.slot answered by two
 * devices, or by a MAC other than the pinned one (aoe_md_devs=e0.0@MAC),
 * is refused: the kernel would take the impostor as another path and send
 * it root I/O.
 */
#ifndef AOEROOT_INITRD_IDENTITY_H
#define AOEROOT_INITRD_IDENTITY_H

#include "args.h"
#include "md.h"
#include "net.h"

#include <stdbool.h>
#include <stddef.h>

enum { IDENTITY_MAX_OTHERS = 16 };

/**
 * identity_start() - start the check's discovery in a thread once the
 * members' devices are open (not before: its reads of every target's
 * superblocks must not crowd out the kernel driver's own discovery of the
 * members on a big SAN), so that it runs beside their superblock reads and
 * the md modules' loading; identity_check() waits for it (and checks again
 * when a present member answered only after it ended).
 * @a, @ifs, @n_ifs: as for identity_check(); must stay valid until then.
 */
void identity_start(const struct initrd_args *a, const struct net_if *ifs, size_t n_ifs);

/**
 * identity_check() - check every present member's identity and collect
 * the other visible targets that carry an md superblock.
 * @a: arguments (members, pins, MTU).
 * @ifs: the NICs to check on (one discovery engine each).
 * @n_ifs: their number.
 * @members: the listed members (present filled); sets their duplicate flag.
 * @ret_others: receives unlisted targets with an md superblock.
 * @cap: size of @ret_others.
 * @ret_n: number written.
 * Return: 0, or -1 when a member must be refused (reason logged).
 */
int identity_check(const struct initrd_args *a, const struct net_if *ifs, size_t n_ifs,
		   struct md_member *members,
		   struct md_member *ret_others, size_t cap, size_t *ret_n);

#endif
