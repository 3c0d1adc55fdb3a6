/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * choose_handoff.c - the decision as the handoff record and the kernel
 * arguments (choose.h): one path from choose_result to both, so the
 * arguments never name a member the record does not.
 */
#include "choose.h"
#include "choose_int.h"
#include "handoff.h"
#include "bootargs.h"
#include "disc.h"
#include "mdsb.h"
#include "bytes.h"
#include "err.h"

/* The picker row of shelf.slot (its superblock), or NULL. */
static const struct picker_target *ch_row(const struct choose *c, uint16_t shelf, uint8_t slot)
{
	size_t i;

	for (i = 0; i < c->picker.n_targets; i++)
		if (c->picker.targets[i].shelf == shelf && c->picker.targets[i].slot == slot)
			return &c->picker.targets[i];
	return NULL;
}

static const struct mdsb_info *ch_md(const struct choose *c, uint16_t shelf, uint8_t slot)
{
	const struct picker_target *t = ch_row(c, shelf, slot);

	return t && t->has_md ? &t->md : NULL;
}

/* A re-add member is not a disk: the device that answered it, if any. */
static void ch_readd_mac(const struct choose *c, uint16_t shelf, uint8_t slot, uint8_t mac[6])
{
	const struct disc_target *d = c->disc ? disc_find(c->disc, shelf, slot) : NULL;

	ar_memset(mac, 0, 6);
	if (d && d->nmacs > 0 && d->primary < d->nmacs)
		ar_memcpy(mac, d->macs[d->primary].mac, 6);
}

int choose_handoff(const struct choose *c, enum handoff_writer writer, struct handoff *ret)
{
	const struct choose_result *r = &c->res;
	uint8_t mac[6];
	size_t k;
	int err;

	if (c->state != CS_DONE || !r->n)
		return AR_EINVAL;
	handoff_init(ret, writer, c->mac, c->cfg->vid,
		     handoff_rule_of(r->source, r->rule, r->by_person));
	for (k = 0; k < r->n; k++) {
		const struct choose_member *m = &r->m[k];

		err = handoff_add(ret, m->shelf, m->slot, m->mac,
				  m->has_md ? ch_md(c, m->shelf, m->slot) : NULL);
		if (err)
			return err;
	}
	for (k = 0; k < r->n_readd; k++) {
		ch_readd_mac(c, r->readd_shelf[k], r->readd_slot[k], mac);
		err = handoff_add_readd(ret, r->readd_shelf[k], r->readd_slot[k], mac,
					ch_md(c, r->readd_shelf[k], r->readd_slot[k]));
		if (err)
			return err;
	}
	return 0;
}

int choose_args(const struct choose *c, char *buf, size_t cap)
{
	struct handoff h;
	struct bootargs b;
	int err;

	if (cap)
		buf[0] = '\0';
	err = choose_handoff(c, HANDOFF_WRITER_NONE, &h);
	if (err)
		return err;
	handoff_to_bootargs(&h, &b);
	return bootargs_format(&b, buf, cap, NULL);
}
