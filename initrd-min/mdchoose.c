/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mdchoose.c - member choice: same array, freshest wins, stale left out,
 * split brain refused unless aoe_md_prefer= says which side wins.
 *
 * The kernel assembles a split brain [UU] with different data on each side
 * (FIELD-NOTES.md), so this check is ours: take the freshest member as the
 * reference; a member whose role table does not show the reference's slot
 * active ran without it (split brain); a member more than one event behind
 * the reference is stale.
 */
#include "mdchoose.h"

#include <stdio.h>
#include <string.h>

static bool usable(const struct md_member *m)
{
	return m->present && m->sb_err == 0;
}

static int refuse(struct mdchoose_result *r, enum mdchoose_verdict v,
		  const struct md_member *culprit, const char *why)
{
	r->verdict = v;
	r->culprit = culprit;
	snprintf(r->why, sizeof(r->why), "%s", why);
	return v;
}

static const struct md_member *pick_reference(const struct initrd_args *a,
					      const struct md_member *m, size_t n)
{
	const struct md_member *ref = NULL;

	for (size_t i = 0; i < n; i++) {
		if (!usable(&m[i]))
			continue;
		if (a->has_prefer && m[i].shelf == a->prefer_shelf &&
		    m[i].slot == a->prefer_slot)
			return &m[i];
		if (!ref || m[i].info.events > ref->info.events)
			ref = &m[i];
	}
	return a->has_prefer ? NULL : ref;
}

static bool ran_without(const struct md_member *x, const struct md_member *ref)
{
	return ref->info.role < MDSB_ROLE_MAX &&
	       !mdsb_slot_active(&x->info, ref->info.role);
}

static enum mdchoose_verdict check_same_array(const struct initrd_args *a,
					      const struct md_member *m, size_t n,
					      const struct md_member *ref,
					      struct mdchoose_result *r)
{
	for (size_t i = 0; i < n; i++) {
		if (!usable(&m[i]))
			continue;
		if (a->has_uuid && memcmp(m[i].info.uuid, a->md_uuid, 16))
			return refuse(r, MDCHOOSE_UUID_PIN, &m[i],
				      "its array UUID differs from aoe_md_uuid=");
		if (memcmp(m[i].info.uuid, ref->info.uuid, 16))
			return refuse(r, MDCHOOSE_UUID_MIX, &m[i],
				      "it belongs to a different array than the other members");
	}
	return MDCHOOSE_OK;
}

/* An unlisted target of the same array that is fresher than the reference:
 * booting the listed half would boot stale data. */
static enum mdchoose_verdict check_others(const struct initrd_args *a,
					  const struct md_member *ref,
					  const struct md_member *o, size_t n,
					  struct mdchoose_result *r)
{
	if (a->has_prefer)
		return MDCHOOSE_OK;
	for (size_t i = 0; i < n; i++) {
		if (!usable(&o[i]) || memcmp(o[i].info.uuid, ref->info.uuid, 16))
			continue;
		if (o[i].info.events > ref->info.events || ran_without(&o[i], ref))
			return refuse(r, MDCHOOSE_FRESHER_OTHER, &o[i],
				      "an unlisted target of the same array is fresher than the listed members");
	}
	return MDCHOOSE_OK;
}

enum mdchoose_verdict mdchoose(const struct initrd_args *a,
			       const struct md_member *m, size_t n,
			       const struct md_member *others, size_t n_others,
			       struct mdchoose_result *r)
{
	const struct md_member *ref;

	memset(r, 0, sizeof(*r));
	ref = pick_reference(a, m, n);
	if (!ref)
		return refuse(r, a->has_prefer ? MDCHOOSE_BAD_PREFER : MDCHOOSE_NONE, NULL,
			      a->has_prefer ? "aoe_md_prefer= names no present member with an md superblock"
					    : "no listed member carries an md superblock");
	if (check_same_array(a, m, n, ref, r) || check_others(a, ref, others, n_others, r))
		return r->verdict;
	for (size_t i = 0; i < n; i++) {
		const struct md_member *x = &m[i];

		if (!usable(x) || x == ref)
			continue;
		if (ran_without(x, ref)) {
			if (!a->has_prefer)
				return refuse(r, MDCHOOSE_SPLIT, x,
					      "split brain: it ran without the freshest member; set aoe_md_prefer=eS.L to the side that wins");
			r->split[r->n_split++] = x;
			continue;
		}
		if (x->info.events + 1 < ref->info.events) {
			r->stale[r->n_stale++] = x;
			continue;
		}
		r->order[r->n_order++] = x;
	}
	r->order[r->n_order++] = ref;
	return r->verdict = MDCHOOSE_OK;
}
