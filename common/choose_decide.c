/* SPDX-License-Identifier: GPL-3.0-or-later */
/* choose_decide.c - the final decision of a boot-choice session (see
 * choose.h): which selected members are used, by mdsel's rules; who is
 * missing; the kernel arguments; the read engine's targets. */
#include "choose.h"
#include "choose_int.h"
#include "disc.h"
#include "mdsel.h"
#include "aoename.h"
#include "bytes.h"
#include "err.h"
#include "strbuf.h"

enum {
	DECIDE_LISTED = 16,          /* selected rows handed to mdsel */
	DECIDE_OTHERS = 32,          /* other visible rows of the array */
	NAME_LEN = 12,
};

/* Stack of one decision (~2.5 KiB). */
struct decide {
	struct mdsel_member listed[DECIDE_LISTED];
	struct mdsel_member others[DECIDE_OTHERS];
	const struct picker_target *lrow[DECIDE_LISTED];
	char lnames[DECIDE_LISTED][NAME_LEN];
	char onames[DECIDE_OTHERS][NAME_LEN];
	size_t nl, no, nmd;
	struct mdsel_result r;
};

int choose_target_from_disc(const struct disc_target *d, uint16_t mtu,
			    struct aread_target *ret_t)
{
	if (d->nmacs == 0 || d->primary >= d->nmacs)
		return AR_ENOENT;
	if (d->duplicate || d->macs_overflow)
		return AR_EDUP;
	if (d->id.sectors == 0)
		return AR_ERANGE;
	ar_memset(ret_t, 0, sizeof(*ret_t));
	ar_memcpy(ret_t->mac, d->macs[d->primary].mac, 6);
	ret_t->shelf = d->shelf;
	ret_t->slot = d->slot;
	ret_t->max_sectors = d->max_sectors;
	ret_t->bufcnt = d->bufcnt;
	ret_t->mtu = mtu >= 64 ? mtu : 1500;
	ret_t->sectors = d->id.sectors;
	return 0;
}

static void member_fill(struct mdsel_member *m, const struct picker_target *t, char *name)
{
	aoe_name_format(t->shelf, t->slot, name, NAME_LEN);
	m->name = name;
	m->duplicate = t->duplicate;
	m->state = t->has_md ? MDSEL_ST_SB : MDSEL_ST_NO_SB;
	m->md = t->has_md ? &t->md : NULL;
}

/* Whether @t belongs to the array of some listed member. */
static bool of_listed_array(const struct decide *w, const struct picker_target *t)
{
	size_t k;

	for (k = 0; k < w->nl; k++)
		if (w->listed[k].md && !ar_memcmp(w->listed[k].md->uuid, t->md.uuid, 16))
			return true;
	return false;
}

static int gather(struct choose *c, struct decide *w)
{
	const struct picker *p = &c->picker;
	size_t i;

	w->nl = w->no = w->nmd = 0;
	for (i = 0; i < p->n_targets; i++) {
		const struct picker_target *t = &p->targets[i];

		if (!t->selected)
			continue;
		if (w->nl == DECIDE_LISTED)
			return AR_E2BIG;
		member_fill(&w->listed[w->nl], t, w->lnames[w->nl]);
		w->lrow[w->nl] = t;
		w->nmd += t->has_md;
		w->nl++;
	}
	for (i = 0; i < p->n_targets && w->no < DECIDE_OTHERS; i++) {
		const struct picker_target *t = &p->targets[i];

		if (t->selected || !t->has_md || t->duplicate || !of_listed_array(w, t))
			continue;
		member_fill(&w->others[w->no], t, w->onames[w->no]);
		w->no++;
	}
	return w->nl ? 0 : AR_ENOENT;
}

static int member_add(struct choose *c, const struct picker_target *t, char *why)
{
	struct choose_result *res = &c->res;
	struct choose_member *m;
	const struct disc_target *d = c->disc ? disc_find(c->disc, t->shelf, t->slot) : NULL;
	char name[NAME_LEN];
	int err;

	if (res->n == CHOOSE_MAX_MEMBERS)
		return AR_E2BIG;
	m = &res->m[res->n];
	ar_memset(m, 0, sizeof(*m));
	err = d ? choose_target_from_disc(d, c->cfg->mtu, &m->t) : AR_ENOENT;
	if (err) {
		if (why) {
			struct strbuf sb;

			aoe_name_format(t->shelf, t->slot, name, sizeof(name));
			strbuf_init(&sb, why, CHOOSE_WHY_MAX);
			strbuf_puts(&sb, name);
			strbuf_puts(&sb, err == AR_EDUP ? ": several devices answer it"
				    : err == AR_ERANGE ? ": no size reported" : ": gone");
		}
		return err;
	}
	m->shelf = t->shelf;
	m->slot = t->slot;
	ar_memcpy(m->mac, m->t.mac, 6);
	m->has_md = t->has_md;
	m->role = t->has_md ? t->md.role : 0;
	m->events = t->has_md ? t->md.events : 0;
	res->n++;
	return 0;
}

/* No selected row carries md: each one is a plain disk. */
static int decide_plain(struct choose *c, struct decide *w, char *why)
{
	size_t k;
	int err;

	for (k = 0; k < w->nl; k++) {
		err = member_add(c, w->lrow[k], why);
		if (err)
			return err;
	}
	return 0;
}

bool choose_named(const struct choose *c, uint16_t shelf, uint8_t slot)
{
	size_t i;

	for (i = 0; i < c->n_named; i++)
		if (c->named_shelf[i] == shelf && c->named_slot[i] == slot)
			return true;
	return false;
}

static int decide_md(struct choose *c, struct decide *w, char *why)
{
	struct choose_result *res = &c->res;
	const struct mdsb_info *ref;
	size_t k;
	int rc;

	rc = mdsel_choose(w->listed, w->nl, w->others, w->no, NULL, &w->r);
	if (why)
		mdsel_explain(&w->r, w->listed, w->nl, w->others, w->no, why, CHOOSE_WHY_MAX);
	if (rc)
		return rc;
	for (k = 0; k < w->r.n_chosen; k++) {
		rc = member_add(c, w->lrow[w->r.order[k]], why);
		if (rc)
			return rc;
	}
	/* Only a stale member the configuration named is added back: one a
	 * person toggled on at the picker is a stale copy nobody asked /init
	 * to rebuild from (issue 26; choose.h "Re-add"). */
	for (k = 0; k < w->nl && res->n_readd < CHOOSE_MAX_MEMBERS; k++)
		if (w->r.excl[k] == MDSEL_X_STALE &&
		    choose_named(c, w->lrow[k]->shelf, w->lrow[k]->slot)) {
			res->readd_shelf[res->n_readd] = w->lrow[k]->shelf;
			res->readd_slot[res->n_readd++] = w->lrow[k]->slot;
		}
	res->has_md = true;
	ar_memcpy(res->uuid, w->r.array_uuid, 16);
	ref = w->listed[w->r.ref].md;
	res->degraded = ref && w->r.n_chosen < ref->raid_disks;
	return 0;
}

int choose_decide(struct choose *c, char *why)
{
	struct choose_result *res = &c->res;
	struct decide w;
	int err;

	ar_memset(res, 0, sizeof(*res));
	if (why)
		why[0] = '\0';
	err = gather(c, &w);
	if (err) {
		if (why) {
			struct strbuf sb;

			strbuf_init(&sb, why, CHOOSE_WHY_MAX);
			strbuf_puts(&sb, err == AR_E2BIG ? "too many members selected"
				    : "nothing selected");
		}
		return err;
	}
	res->source = picker_source(&c->picker);
	res->rule = picker_rule(&c->picker);
	err = w.nmd ? decide_md(c, &w, why) : decide_plain(c, &w, why);
	if (err)
		res->n = 0;
	return err;
}

/* The reference (last chosen member) of the current decision, or NULL. */
static const struct mdsb_info *decided_ref(struct choose *c)
{
	const struct picker_target *t;

	if (!c->res.has_md || !c->res.n)
		return NULL;
	t = picker_find(&c->picker, c->res.m[c->res.n - 1].shelf, c->res.m[c->res.n - 1].slot);
	return t && t->has_md ? &t->md : NULL;
}

static bool role_chosen(const struct choose_result *res, uint32_t slot)
{
	size_t k;

	for (k = 0; k < res->n; k++)
		if (res->m[k].has_md && res->m[k].role == slot)
			return true;
	return false;
}

/* Whether a visible target of the array @ref holds md slot @slot: it
 * answers (left out by choice or as stale), so nothing is waited for. */
static bool slot_visible(const struct picker *p, const struct mdsb_info *ref, uint32_t slot)
{
	size_t i;

	for (i = 0; i < p->n_targets; i++) {
		const struct picker_target *t = &p->targets[i];

		if (t->has_md && !t->duplicate && t->md.role == slot &&
		    !ar_memcmp(t->md.uuid, ref->uuid, 16))
			return true;
	}
	return false;
}

static size_t names_missing(struct choose *c, char *buf, size_t cap)
{
	struct choose_result *res = &c->res;
	char name[NAME_LEN];
	struct strbuf sb;
	size_t i;

	/* no buffer: sb.cap 0, nothing is written */
	strbuf_init(&sb, buf, buf ? cap : 0);
	res->n_missing = 0;
	for (i = 0; i < c->n_named; i++) {
		if (picker_find(&c->picker, c->named_shelf[i], c->named_slot[i]))
			continue;
		if (res->n_missing < CHOOSE_MISSING_MAX) {
			res->missing_shelf[res->n_missing] = c->named_shelf[i];
			res->missing_slot[res->n_missing] = c->named_slot[i];
		}
		res->n_missing++;
		aoe_name_format(c->named_shelf[i], c->named_slot[i], name, sizeof(name));
		if (sb.len)
			strbuf_puts(&sb, ", ");
		strbuf_puts(&sb, name);
	}
	return res->n_missing;
}

bool choose_missing(struct choose *c, char *buf, size_t cap)
{
	const struct mdsb_info *ref;
	uint32_t s, lim, slots = 0, first = 0;
	struct strbuf sb;

	if (buf && cap)
		buf[0] = '\0';
	if (picker_source(&c->picker) == PICKER_SRC_NONE || choose_decide(c, NULL))
		return false;
	ref = decided_ref(c);
	if (!ref)
		return false;
	lim = ref->raid_disks < 64 ? ref->raid_disks : 64;
	/* Slots the freshest member saw in sync that no visible target holds:
	 * a member of the array that does not answer (a slot it marks failed
	 * would come back stale: nothing to wait for; one that answers but is
	 * not chosen was left out on purpose). */
	for (s = 0; s < lim; s++)
		if (mdsb_slot_active(ref, s) && !role_chosen(&c->res, s) &&
		    !slot_visible(&c->picker, ref, s) && !slots++)
			first = s;
	if (!slots)
		return false;
	if (names_missing(c, buf, cap) || !buf || !cap)
		return true;
	strbuf_init(&sb, buf, cap);
	strbuf_puts(&sb, "md slot ");
	strbuf_putu(&sb, first);
	strbuf_puts(&sb, " of ");
	strbuf_puts(&sb, ref->name[0] ? ref->name : "the array");
	return true;
}


static void say_left_out(struct choose *c, struct decide *w)
{
	char line[CHOOSE_LINE_MAX];
	struct strbuf sb;
	size_t k;

	for (k = 0; k < w->nl; k++) {
		if (w->r.excl[k] == MDSEL_X_NONE)
			continue;
		strbuf_init(&sb, line, sizeof(line));
		strbuf_puts(&sb, w->lnames[k]);
		strbuf_puts(&sb, " (");
		strbuf_puts(&sb, mdsel_excl_str(w->r.excl[k]));
		strbuf_puts(&sb, ")");
		choose_say(c, "left out: ", line, NULL);
	}
}

/* The lines every boot loader shows for its decision. */
void choose_say_decision(struct choose *c)
{
	char why[CHOOSE_WHY_MAX], names[CHOOSE_LINE_MAX];
	struct choose_result *res = &c->res;
	struct decide w;

	if (!res->has_md || gather(c, &w) || !w.nmd)
		return;
	if (!mdsel_choose(w.listed, w.nl, w.others, w.no, NULL, &w.r)) {
		mdsel_explain(&w.r, w.listed, w.nl, w.others, w.no, why, sizeof(why));
		choose_say(c, "md: ", why, NULL);
		say_left_out(c, &w);
	}
	if (!res->degraded)
		return;
	if (choose_missing(c, names, sizeof(names)))
		choose_say(c, "degraded: ", names, " missing");
	else
		choose_say(c, "degraded: the array runs without some of its members", NULL, NULL);
}

int choose_now(struct choose *c, char *why)
{
	int err = choose_decide(c, why);

	if (err)
		return err;
	choose_say_decision(c);
	c->state = CS_DONE;
	return 0;
}
