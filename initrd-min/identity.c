/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * identity.c - member identity check over AF_PACKET (common/disc).
 * PLACEHOLDER until common/disc.c lands on main: checks nothing yet.
 */
#include "identity.h"

#include "log.h"

int identity_check(const struct initrd_args *a, struct md_member *members,
		   struct md_member *ret_others, size_t cap, size_t *ret_n)
{
	(void)a; (void)members; (void)ret_others; (void)cap;
	*ret_n = 0;
	log_err("identity check not implemented yet (needs common/disc.c)");
	return 0;
}
