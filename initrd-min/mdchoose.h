/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mdchoose.h - which present members to assemble, and why (pure glue
 * between the parsed arguments and the members' superblocks; host-tested).
 */
#ifndef AOEROOT_INITRD_MDCHOOSE_H
#define AOEROOT_INITRD_MDCHOOSE_H

#include "args.h"
#include "md.h"

#include <stddef.h>

enum mdchoose_verdict {
	MDCHOOSE_OK = 0,        /* assemble order[0..n_order) */
	MDCHOOSE_NONE,          /* no member with a superblock */
	MDCHOOSE_UUID_PIN,      /* a member does not carry aoe_md_uuid= */
	MDCHOOSE_UUID_MIX,      /* listed members belong to different arrays */
	MDCHOOSE_SPLIT,         /* split brain and no aoe_md_prefer= */
	MDCHOOSE_FRESHER_OTHER, /* an unlisted target of the array is fresher */
	MDCHOOSE_BAD_PREFER,    /* aoe_md_prefer= names no usable member */
};

struct mdchoose_result {
	enum mdchoose_verdict verdict;
	const struct md_member *order[INITRD_MAX_MEMBERS]; /* reference LAST */
	size_t n_order;
	const struct md_member *stale[INITRD_MAX_MEMBERS]; /* left out: stale */
	size_t n_stale;
	const struct md_member *split[INITRD_MAX_MEMBERS]; /* left out: other side */
	size_t n_split;
	const struct md_member *culprit;  /* the member a refusal is about */
	char why[256];                    /* one line for the console */
};

/**
 * mdchoose() - decide which members form the array.
 * @a: arguments (aoe_md_uuid=, aoe_md_prefer=).
 * @members: the listed members; those with !present or sb_err are ignored.
 * @n: number of @members.
 * @others: every other visible target carrying an md superblock (for the
 *          "fresher unlisted member" check); may be NULL.
 * @n_others: number of @others.
 * @ret: the decision.
 * Return: ret->verdict.
 */
enum mdchoose_verdict mdchoose(const struct initrd_args *a,
			       const struct md_member *members, size_t n,
			       const struct md_member *others, size_t n_others,
			       struct mdchoose_result *ret);

#endif
