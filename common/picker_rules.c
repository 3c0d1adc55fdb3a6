/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * picker_rules.c - the unattended choice (picker.h): DHCP root path, DHCP
 * host name, the only array visible; duplicates judged by the superblocks
 * behind them. Works on up to PICKER_MAX_TARGETS rows with little stack:
 * an array is chosen first, and only its members (at most
 * PICKER_ARRAY_MEMBERS) go to mdsel.
 */
#include "picker.h"
#include "dhcp.h"
#include "mdsel.h"
#include "aoename.h"
#include "selection.h"
#include "bytes.h"
#include "err.h"

/* Whether row @t is a plain (non-duplicate) member of array @uuid. */
static bool member_of(const struct picker_target *t, const uint8_t *uuid)
{
	return !t->duplicate && t->has_md && !ar_memcmp(t->md.uuid, uuid, 16);
}

/* The one array seen (plain rows and what hides behind duplicates): 0 and
 * its uuid; AR_ENOENT for none, AR_EPERM for several. */
static int only_array(const struct picker *p, uint8_t ret_uuid[16])
{
	const uint8_t *u = NULL;
	size_t i, k;

	for (i = 0; i < p->n_targets; i++) {
		const struct picker_target *t = &p->targets[i];

		if (t->has_md && !t->duplicate) {
			if (u && ar_memcmp(u, t->md.uuid, 16))
				return AR_EPERM;
			u = t->md.uuid;
		}
		for (k = 0; t->duplicate && k < t->n_dup_md && k < PICKER_DUP_MD_MAX; k++) {
			if (u && ar_memcmp(u, t->dup_md_uuid[k], 16))
				return AR_EPERM;
			u = t->dup_md_uuid[k];
		}
	}
	if (!u)
		return AR_ENOENT;
	ar_memcpy(ret_uuid, u, 16);
	return 0;
}

/* The array whose md name is "HOST:..." for this host: 0 and its uuid;
 * AR_ENOENT for none, AR_EPERM for several. */
static int host_array(const struct picker *p, const char *host, size_t len,
		      uint8_t ret_uuid[16])
{
	const uint8_t *u = NULL;
	size_t i;

	for (i = 0; i < p->n_targets; i++) {
		const struct picker_target *t = &p->targets[i];

		if (!t->has_md || t->duplicate || !dhcp_hostname_matches(t->md.name, host, len))
			continue;
		if (u && ar_memcmp(u, t->md.uuid, 16))
			return AR_EPERM;
		u = t->md.uuid;
	}
	if (!u)
		return AR_ENOENT;
	ar_memcpy(ret_uuid, u, 16);
	return 0;
}

/* Select the fresh members of array @uuid (mdsel_auto's rules). */
static int choose_array(struct picker *p, const uint8_t uuid[16])
{
	struct mdsel_member m[PICKER_ARRAY_MEMBERS];
	uint16_t row[PICKER_ARRAY_MEMBERS];
	char names[PICKER_ARRAY_MEMBERS][12];
	struct mdsel_result r;
	size_t i, n = 0;

	for (i = 0; i < p->n_targets; i++) {
		struct picker_target *t = &p->targets[i];

		if (picker_dup_could_be(t, uuid)) {
			p->notes |= PICKER_W_DUP_MEMBER;
			return AR_EDUP;
		}
		if (!member_of(t, uuid))
			continue;
		if (n == PICKER_ARRAY_MEMBERS)
			return AR_E2BIG;
		aoe_name_format(t->shelf, t->slot, names[n], sizeof(names[n]));
		m[n].name = names[n];
		m[n].state = MDSEL_ST_SB;
		m[n].duplicate = false;
		m[n].md = &t->md;
		row[n++] = (uint16_t)i;
	}
	if (!n)
		return AR_ENOENT;
	if (mdsel_auto(m, n, &r) || r.verdict == MDSEL_REFUSE || !r.n_chosen)
		return AR_ENOENT;
	for (i = 0; i < r.n_chosen; i++)
		if (r.order[i] < n)
			p->targets[row[r.order[i]]].selected = true;
	return 0;
}

/* The root path names the members: those that answer, one array, none
 * stale or behind a fresher unnamed member (the saved selection's checks).
 * A named member that does not answer is left to the degraded-boot policy
 * of common/choose.c, which waits for it before booting without it. */
static int choose_list(struct picker *p, const struct rootpath *rp)
{
	struct selection sel;
	const struct picker_target *t = NULL;
	size_t i;

	ar_memset(&sel, 0, sizeof(sel));
	ar_memcpy(sel.netdev, p->netdev, 6);
	for (i = 0; i < rp->n_devs && i < SELECTION_MAX_DEVS; i++) {
		const struct picker_target *r = picker_find(p, rp->shelf[i], rp->slot[i]);

		if (!r)
			continue;
		if (!t)
			t = r;
		sel.shelf[sel.n_devs] = rp->shelf[i];
		sel.slot[sel.n_devs++] = rp->slot[i];
	}
	if (!t)
		return AR_ENOENT;
	sel.has_uuid = t->has_md;
	if (t->has_md)
		ar_memcpy(sel.uuid, t->md.uuid, 16);
	return picker_select_saved(p, &sel) ? AR_ENOENT : 0;
}

static int apply_rule(struct picker *p, const struct picker_hints *h)
{
	struct rootpath rp;
	uint8_t uuid[16];
	int rc;

	if (h && h->root_path &&
	    (rc = rootpath_parse(h->root_path, h->root_path_len, &rp)) != AR_ENOTSUP) {
		/* Ours: it decides, whatever the other rules would say. */
		if (rc)
			return AR_EINVAL;
		p->rule = rp.kind == ROOTPATH_LIST ? PICKER_RULE_ROOTPATH_LIST
						   : PICKER_RULE_ROOTPATH_UUID;
		if (rp.kind == ROOTPATH_LIST)
			return choose_list(p, &rp);
		return choose_array(p, rp.uuid);
	}
	if (h && h->hostname && h->hostname_len) {
		rc = host_array(p, h->hostname, h->hostname_len, uuid);
		if (rc != AR_ENOENT) {
			p->rule = PICKER_RULE_HOSTNAME;
			return rc ? rc : choose_array(p, uuid);
		}
	}
	p->rule = PICKER_RULE_ONLY_ARRAY;
	rc = only_array(p, uuid);
	return rc ? rc : choose_array(p, uuid);
}

int picker_select_rules(struct picker *p, const struct picker_hints *hints)
{
	unsigned keep = p->notes & PICKER_W_SAVED_IGNORED;
	int rc;

	picker_clear_selection(p);
	p->hints = hints;
	p->notes &= ~(unsigned)(PICKER_W_AMBIGUOUS | PICKER_W_DUP_MEMBER);
	rc = p->n_targets ? apply_rule(p, hints) : AR_ENOENT;
	if (rc) {
		picker_clear_selection(p);
		p->rule = PICKER_RULE_NONE;
		p->notes &= ~(unsigned)PICKER_W_SAVED_IGNORED;
		p->notes |= PICKER_W_AMBIGUOUS | keep;
		return rc == AR_EINVAL ? AR_EINVAL : AR_ENOENT;
	}
	/* picker_select_saved() served the root path list: it is the rule's. */
	p->notes &= ~(unsigned)PICKER_W_SAVED_IGNORED;
	p->notes |= keep;
	p->source = PICKER_SRC_AUTO;
	return 0;
}

int picker_select_auto(struct picker *p)
{
	return picker_select_rules(p, NULL);
}

enum picker_rule picker_rule(const struct picker *p)
{
	return p->source == PICKER_SRC_AUTO ? p->rule : PICKER_RULE_NONE;
}

const char *picker_rule_text(enum picker_rule rule)
{
	switch (rule) {
	case PICKER_RULE_ROOTPATH_LIST: return "DHCP root path (members)";
	case PICKER_RULE_ROOTPATH_UUID: return "DHCP root path (array uuid)";
	case PICKER_RULE_HOSTNAME: return "DHCP host name (md homehost)";
	case PICKER_RULE_ONLY_ARRAY: return "the only array visible";
	default: return "none";
	}
}
