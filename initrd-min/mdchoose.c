/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mdchoose.c - /init's members to common/mdsel and back.
 */
#include "mdchoose.h"
#include "aoename.h"

#include <stdio.h>
#include <string.h>

static void to_sel(struct md_member *m, struct mdsel_member *s)
{
	aoe_name_format(m->shelf, m->slot, m->name, sizeof(m->name));
	s->name = m->name;
	s->state = !m->present ? MDSEL_ST_MISSING :
		   m->sb_err ? MDSEL_ST_NO_SB : MDSEL_ST_SB;
	s->duplicate = m->duplicate;
	s->md = &m->info;
}

int mdchoose(const struct initrd_args *a, struct md_member *m, size_t n,
	     struct md_member *o, size_t n_o, struct mdchoose_result *r)
{
	struct mdsel_member sm[INITRD_MAX_MEMBERS], so[INITRD_MAX_MEMBERS * 2];
	struct mdsel_opts opts = { 0 };
	char prefer[AOE_NAME_MAX];
	int err;

	memset(r, 0, sizeof(*r));
	if (n > INITRD_MAX_MEMBERS)
		n = INITRD_MAX_MEMBERS;
	if (n_o > INITRD_MAX_MEMBERS * 2)
		n_o = INITRD_MAX_MEMBERS * 2;
	for (size_t i = 0; i < n; i++)
		to_sel(&m[i], &sm[i]);
	for (size_t i = 0; i < n_o; i++)
		to_sel(&o[i], &so[i]);
	if (a->has_uuid)
		opts.pin_uuid = a->md_uuid;
	if (a->has_prefer) {
		aoe_name_format(a->prefer_shelf, a->prefer_slot, prefer, sizeof(prefer));
		opts.prefer = prefer;
	}
	err = mdsel_choose(sm, n, so, n_o, &opts, &r->sel);
	mdsel_explain(&r->sel, sm, n, so, n_o, r->why, sizeof(r->why));
	if (err)
		return err;
	for (size_t i = 0; i < r->sel.n_chosen; i++)
		r->order[r->n_order++] = &m[r->sel.order[i]];
	for (size_t i = 0; i < n; i++) {
		if (r->sel.excl[i] == MDSEL_X_STALE)
			r->stale[r->n_stale++] = &m[i];
		else if (r->sel.excl[i] == MDSEL_X_SPLIT ||
			 r->sel.excl[i] == MDSEL_X_NOT_PREFERRED)
			r->split[r->n_split++] = &m[i];
	}
	r->degraded = r->n_order < r->order[r->n_order - 1]->info.raid_disks;
	return 0;
}
