/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mdchoose.h - glue between /init's members and common/mdsel: which present
 * members to assemble, and why the others are left out (host-tested).
 */
#ifndef AOEROOT_INITRD_MDCHOOSE_H
#define AOEROOT_INITRD_MDCHOOSE_H

#include "args.h"
#include "md.h"
#include "mdsel.h"

#include <stddef.h>

struct mdchoose_result {
	struct mdsel_result sel;
	const struct md_member *order[INITRD_MAX_MEMBERS]; /* reference LAST */
	size_t n_order;
	const struct md_member *stale[INITRD_MAX_MEMBERS]; /* left out: stale */
	size_t n_stale;
	const struct md_member *split[INITRD_MAX_MEMBERS]; /* other side */
	size_t n_split;
	bool degraded;              /* fewer chosen than the array's slots */
	char why[512];              /* mdsel_explain(): one line */
};

/**
 * mdchoose() - decide which members form the array (common/mdsel rules).
 * @a: arguments (aoe_md_uuid=, aoe_md_prefer=).
 * @members: the listed members (present, sb_err, duplicate, info filled).
 * @n: number of @members.
 * @others: other visible targets (for "fresher unlisted"); may be NULL.
 * @n_others: number of @others.
 * @ret: the decision, with ret->why explaining it.
 * Return: 0 when something may be assembled, else mdsel_choose()'s error.
 */
int mdchoose(const struct initrd_args *a, struct md_member *members, size_t n,
	     struct md_member *others, size_t n_others, struct mdchoose_result *ret);

#endif
