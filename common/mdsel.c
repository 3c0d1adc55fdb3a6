/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mdsel.c - md RAID1 member choice: freshest, stale, split brain, uuid pin,
 * preference, fresher unlisted member, impostor. See mdsel.h for the rules.
 */
#include "mdsel.h"
#include "aoename.h"
#include "strbuf.h"
#include "bytes.h"
#include "err.h"

static bool name_eq(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static bool has_sb(const struct mdsel_member *m)
{
	return m->state == MDSEL_ST_SB && m->md;
}

static bool role_active(const struct mdsb_info *md)
{
	return md->role < md->raid_disks && md->role < MDSB_ROLE_MAX;
}

static int refuse(struct mdsel_result *r, unsigned why, int err)
{
	r->verdict = MDSEL_REFUSE;
	r->refuse = (uint8_t)why;
	r->n_chosen = 0;
	return err;
}

static void result_init(struct mdsel_result *r)
{
	ar_memset(r, 0, sizeof(*r));
	r->verdict = MDSEL_REFUSE;
	r->ref = MDSEL_NONE;
	r->peer = MDSEL_NONE;
}

/* What is wrong with a listed member before looking at its superblock. */
static unsigned basic_excl(const struct mdsel_member *l, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (name_eq(l[j].name, l[i].name))
			return MDSEL_X_LISTED_TWICE;
	if (l[i].state == MDSEL_ST_MISSING)
		return MDSEL_X_MISSING;
	if (l[i].duplicate)
		return MDSEL_X_DUPLICATE;
	if (!has_sb(&l[i]))
		return MDSEL_X_NO_SB;
	return MDSEL_X_NONE;
}

/* Index of the freshest still-candidate member (first on a tie). */
static size_t freshest(const struct mdsel_member *l, size_t n, const uint8_t *excl)
{
	size_t i, best = MDSEL_NONE;

	for (i = 0; i < n; i++)
		if (excl[i] == MDSEL_X_NONE &&
		    (best == MDSEL_NONE || l[i].md->events > l[best].md->events))
			best = i;
	return best;
}

/* How member @m relates to the reference @ref (both candidates). */
static unsigned classify(const struct mdsb_info *m, const struct mdsb_info *ref)
{
	bool m_sees_ref = mdsb_slot_active(m, ref->role);
	bool ref_sees_m = mdsb_slot_active(ref, m->role);

	if (!m_sees_ref && !ref_sees_m)
		return MDSEL_X_SPLIT;         /* each saw the other fail */
	if (m->events > ref->events)
		return MDSEL_X_NOT_PREFERRED; /* only with a preferred reference */
	if (!m_sees_ref)
		return MDSEL_X_SPLIT;         /* it went on without the reference */
	if (!ref_sees_m || m->events + 1 < ref->events)
		return MDSEL_X_STALE;
	if (m->role == ref->role)
		return MDSEL_X_SAME_SLOT;
	return MDSEL_X_NONE;
}

/* Two chosen members in one slot: keep the fresher (first on a tie). */
static void drop_same_slot(const struct mdsel_member *l, size_t n, uint8_t *excl)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = i + 1; j < n && excl[i] == MDSEL_X_NONE; j++) {
			if (excl[j] != MDSEL_X_NONE || l[i].md->role != l[j].md->role)
				continue;
			if (l[j].md->events > l[i].md->events)
				excl[i] = MDSEL_X_SAME_SLOT;
			else
				excl[j] = MDSEL_X_SAME_SLOT;
		}
}

/*
 * Given candidates (excl[i] == NONE, with superblocks of the one array),
 * pick the reference, leave out stale and split members, and order the
 * chosen ones. @prefer is a listed index or MDSEL_NONE.
 */
static int choose_core(const struct mdsel_member *l, size_t n, size_t prefer,
                       struct mdsel_result *r)
{
	const struct mdsb_info *ref;
	bool split = false;
	size_t i;

	for (i = 0; i < n; i++)
		if (r->excl[i] == MDSEL_X_NONE && !role_active(l[i].md))
			r->excl[i] = MDSEL_X_NOT_ACTIVE;
	if (prefer != MDSEL_NONE && r->excl[prefer] != MDSEL_X_NONE)
		return refuse(r, MDSEL_R_BAD_PREFER, AR_EPERM);
	r->ref = (uint8_t)(prefer != MDSEL_NONE ? prefer : freshest(l, n, r->excl));
	if (r->ref == MDSEL_NONE)
		return refuse(r, MDSEL_R_NO_MEMBER, AR_ENOENT);
	ref = l[r->ref].md;
	r->ref_events = ref->events;
	ar_memcpy(r->array_uuid, ref->uuid, 16);
	for (i = 0; i < n; i++) {
		if (i == r->ref || r->excl[i] != MDSEL_X_NONE)
			continue;
		r->excl[i] = (uint8_t)classify(l[i].md, ref);
		if (r->excl[i] == MDSEL_X_SPLIT && !split && prefer == MDSEL_NONE) {
			split = true;
			r->peer = (uint8_t)i;
		}
	}
	if (split)
		return refuse(r, MDSEL_R_SPLIT_BRAIN, AR_ESPLIT);
	drop_same_slot(l, n, r->excl);
	for (i = 0; i < n; i++)
		if (i != r->ref && r->excl[i] == MDSEL_X_NONE)
			r->order[r->n_chosen++] = (uint8_t)i;
	r->order[r->n_chosen++] = r->ref;
	return 0;
}

/* Decide the array: pin, else the preferred member's, else the only one. */
static int pick_array(const struct mdsel_member *l, size_t n, size_t prefer,
                      const struct mdsel_opts *o, struct mdsel_result *r)
{
	const uint8_t *uuid = NULL;
	bool any = false;
	size_t i;

	if (o && o->pin_uuid)
		uuid = o->pin_uuid;
	else if (prefer != MDSEL_NONE)
		uuid = l[prefer].md->uuid;
	for (i = 0; i < n; i++) {
		if (r->excl[i] != MDSEL_X_NONE)
			continue;
		if (!uuid)
			uuid = l[i].md->uuid;
		else if (ar_memcmp(uuid, l[i].md->uuid, 16) != 0) {
			if (!(o && o->pin_uuid) && prefer == MDSEL_NONE)
				return refuse(r, MDSEL_R_MIXED_ARRAYS, AR_EPERM);
			r->excl[i] = MDSEL_X_OTHER_ARRAY;
			continue;
		}
		any = true;
	}
	if (!any && o && o->pin_uuid)
		for (i = 0; i < n; i++)
			if (r->excl[i] == MDSEL_X_OTHER_ARRAY)
				return refuse(r, MDSEL_R_UUID_MISMATCH, AR_EPERM);
	return 0;
}

/*
 * Refuse when an unlisted target of the array is fresher than the reference,
 * or is the other half of a split brain (even with fewer events: it holds
 * writes the reference lacks).
 */
static int check_others(const struct mdsel_member *o, size_t n_o,
                        const struct mdsb_info *ref, struct mdsel_result *r)
{
	size_t i;

	for (i = 0; i < n_o; i++) {
		if (!has_sb(&o[i]) || ar_memcmp(o[i].md->uuid, r->array_uuid, 16) != 0)
			continue;
		r->peer = (uint8_t)i;
		r->peer_unlisted = true;
		if (o[i].md->events > r->ref_events)
			return refuse(r, MDSEL_R_FRESHER_UNLISTED, AR_ESTALE);
		if (classify(o[i].md, ref) == MDSEL_X_SPLIT)
			return refuse(r, MDSEL_R_SPLIT_BRAIN, AR_ESPLIT);
	}
	r->peer = MDSEL_NONE;
	r->peer_unlisted = false;
	return 0;
}

static void set_verdict(struct mdsel_result *r, size_t n, bool count_no_sb)
{
	size_t i;

	r->verdict = MDSEL_OK;
	for (i = 0; i < n; i++)
		if (r->excl[i] != MDSEL_X_NONE &&
		    (count_no_sb || (r->excl[i] != MDSEL_X_NO_SB && r->excl[i] != MDSEL_X_MISSING)))
			r->verdict = MDSEL_DEGRADED;
}

int mdsel_choose(const struct mdsel_member *listed, size_t n_listed,
                 const struct mdsel_member *others, size_t n_others,
                 const struct mdsel_opts *opts, struct mdsel_result *ret)
{
	size_t i, prefer = MDSEL_NONE;
	int err;

	if (!ret)
		return AR_EINVAL;
	result_init(ret);
	if ((!listed && n_listed) || (!others && n_others) ||
	    n_listed > MDSEL_MAX_MEMBERS || n_others > MDSEL_MAX_MEMBERS)
		return refuse(ret, MDSEL_R_NO_MEMBER, AR_EINVAL);
	for (i = 0; i < n_listed; i++)
		ret->excl[i] = (uint8_t)basic_excl(listed, i);
	for (i = 0; i < n_listed; i++)
		if (ret->excl[i] == MDSEL_X_DUPLICATE) {
			ret->peer = (uint8_t)i;
			return refuse(ret, MDSEL_R_DUPLICATE, AR_EDUP);
		}
	if (opts && opts->prefer) {
		for (i = 0; i < n_listed && prefer == MDSEL_NONE; i++)
			if (name_eq(listed[i].name, opts->prefer))
				prefer = i;
		if (prefer == MDSEL_NONE || ret->excl[prefer] != MDSEL_X_NONE)
			return refuse(ret, MDSEL_R_BAD_PREFER, AR_EPERM);
	}
	err = pick_array(listed, n_listed, prefer, opts, ret);
	if (!err)
		err = choose_core(listed, n_listed, prefer, ret);
	if (!err && prefer == MDSEL_NONE)
		err = check_others(others, n_others, listed[ret->ref].md, ret);
	if (err)
		return err;
	set_verdict(ret, n_listed, true);
	return 0;
}

int mdsel_auto(const struct mdsel_member *t, size_t n, struct mdsel_result *ret)
{
	const uint8_t *uuid = NULL;
	size_t i;
	int err;

	if (!ret)
		return AR_EINVAL;
	result_init(ret);
	if ((!t && n) || n > MDSEL_MAX_MEMBERS)
		return refuse(ret, MDSEL_R_NO_MEMBER, AR_EINVAL);
	for (i = 0; i < n; i++) {
		ret->excl[i] = !has_sb(&t[i]) ? (t[i].state == MDSEL_ST_MISSING ?
			MDSEL_X_MISSING : MDSEL_X_NO_SB) : MDSEL_X_NONE;
		if (ret->excl[i] != MDSEL_X_NONE)
			continue;
		if (!uuid)
			uuid = t[i].md->uuid;
		else if (ar_memcmp(uuid, t[i].md->uuid, 16) != 0)
			return refuse(ret, MDSEL_R_AMBIGUOUS, AR_EPERM);
	}
	if (!uuid)
		return refuse(ret, MDSEL_R_NO_MEMBER, AR_ENOENT);
	for (i = 0; i < n; i++)
		if (ret->excl[i] == MDSEL_X_NONE && t[i].duplicate) {
			ret->excl[i] = MDSEL_X_DUPLICATE;
			ret->peer = (uint8_t)i;
			return refuse(ret, MDSEL_R_DUPLICATE, AR_EDUP);
		}
	err = choose_core(t, n, MDSEL_NONE, ret);
	if (err)
		return err;
	set_verdict(ret, n, false);
	return 0;
}

const char *mdsel_excl_str(unsigned excl)
{
	switch (excl) {
	case MDSEL_X_NONE: return "chosen";
	case MDSEL_X_MISSING: return "missing";
	case MDSEL_X_NO_SB: return "no md superblock";
	case MDSEL_X_DUPLICATE: return "answered by several devices";
	case MDSEL_X_LISTED_TWICE: return "listed twice";
	case MDSEL_X_OTHER_ARRAY: return "member of another array";
	case MDSEL_X_NOT_ACTIVE: return "spare or faulty";
	case MDSEL_X_STALE: return "stale";
	case MDSEL_X_SPLIT: return "split brain: reports the reference as failed";
	case MDSEL_X_NOT_PREFERRED: return "fresher, but aoe_md_prefer chose another";
	case MDSEL_X_SAME_SLOT: return "its slot is held by a fresher member";
	default: return "?";
	}
}

const char *mdsel_refuse_str(unsigned refuse_code)
{
	switch (refuse_code) {
	case MDSEL_R_NONE: return "not refused";
	case MDSEL_R_NO_MEMBER: return "no usable member";
	case MDSEL_R_DUPLICATE: return "a member is answered by several devices";
	case MDSEL_R_UUID_MISMATCH: return "no member carries the pinned array uuid";
	case MDSEL_R_MIXED_ARRAYS: return "members belong to different arrays";
	case MDSEL_R_SPLIT_BRAIN: return "split brain";
	case MDSEL_R_FRESHER_UNLISTED: return "an unlisted member is fresher";
	case MDSEL_R_BAD_PREFER: return "aoe_md_prefer names no usable listed member";
	case MDSEL_R_AMBIGUOUS: return "several md arrays are visible";
	default: return "?";
	}
}

const char *mdsel_verdict_str(unsigned verdict)
{
	switch (verdict) {
	case MDSEL_OK: return "ok";
	case MDSEL_DEGRADED: return "degraded";
	case MDSEL_REFUSE: return "refused";
	default: return "?";
	}
}

/* The messages are built with strbuf (no printf in common/). */
static void msg_puts(struct strbuf *m, const char *s)
{
	if (s)
		strbuf_puts(m, s);
}

static void msg_u64(struct strbuf *m, uint64_t v)
{
	char d[AR_DEC_MAX + 1];

	d[ar_dec(d, v)] = '\0';
	msg_puts(m, d);
}

static void msg_uuid(struct strbuf *m, const uint8_t *uuid)
{
	char s[MDSB_UUID_STR_LEN + 1];

	aoename_uuid_format(uuid, UUID_STYLE_MDADM, s, sizeof(s));
	msg_puts(m, s);
}

static int msg_end(struct strbuf *m)
{
	return m->full ? AR_ENOSPC : (int)m->len;
}

static const char *nm(const struct mdsel_member *l, size_t n, size_t i)
{
	return i < n && l[i].name ? l[i].name : "?";
}

/* "NAME (events E)" */
static void msg_member(struct strbuf *m, const struct mdsel_member *l, size_t n, size_t i)
{
	msg_puts(m, nm(l, n, i));
	if (i < n && has_sb(&l[i])) {
		msg_puts(m, " (events ");
		msg_u64(m, l[i].md->events);
		msg_puts(m, ")");
	}
}

/* "SEPa (stale), b (missing)" for every excluded listed member. */
static void msg_left_out(struct strbuf *m, const struct mdsel_result *r,
                         const struct mdsel_member *l, size_t n, const char *sep)
{
	size_t i;

	for (i = 0; i < n && i < MDSEL_MAX_MEMBERS; i++) {
		if (r->excl[i] == MDSEL_X_NONE)
			continue;
		msg_puts(m, sep);
		msg_puts(m, nm(l, n, i));
		msg_puts(m, " (");
		msg_puts(m, mdsel_excl_str(r->excl[i]));
		msg_puts(m, ")");
		sep = ", ";
	}
}

static void msg_refusal(struct strbuf *m, const struct mdsel_result *r,
                        const struct mdsel_member *l, size_t n,
                        const struct mdsel_member *o, size_t n_o)
{
	switch (r->refuse) {
	case MDSEL_R_SPLIT_BRAIN:
		msg_puts(m, ": ");
		if (r->peer_unlisted)
			msg_member(m, o, n_o, r->peer);
		else
			msg_member(m, l, n, r->peer);
		msg_puts(m, r->peer_unlisted ? ", not listed, reports " : " reports ");
		msg_member(m, l, n, r->ref);
		msg_puts(m, " as failed: both halves ran alone; ");
		if (r->peer_unlisted) {
			msg_puts(m, "boot this half anyway with aoe_md_prefer=");
			msg_puts(m, nm(l, n, r->ref));
			return;
		}
		msg_puts(m, "choose a side with aoe_md_prefer=");
		msg_puts(m, nm(l, n, r->ref));
		msg_puts(m, " or aoe_md_prefer=");
		msg_puts(m, nm(l, n, r->peer));
		return;
	case MDSEL_R_FRESHER_UNLISTED:
		msg_puts(m, ": ");
		msg_member(m, o, n_o, r->peer);
		msg_puts(m, ", not listed, is fresher than ");
		msg_member(m, l, n, r->ref);
		msg_puts(m, "; list it in aoe_md_devs= or insist with aoe_md_prefer=");
		msg_puts(m, nm(l, n, r->ref));
		return;
	case MDSEL_R_DUPLICATE:
		msg_puts(m, ": ");
		msg_puts(m, nm(l, n, r->peer));
		msg_puts(m, " (an impostor on its shelf.slot?); pin the right MAC with aoe_md_devs=");
		msg_puts(m, nm(l, n, r->peer));
		msg_puts(m, "@MAC");
		return;
	case MDSEL_R_UUID_MISMATCH:
	case MDSEL_R_MIXED_ARRAYS:
		msg_puts(m, r->refuse == MDSEL_R_MIXED_ARRAYS ? ": set aoe_md_uuid= or aoe_md_prefer=" :
		         ": check aoe_md_uuid=");
		for (size_t i = 0; i < n; i++)
			if (has_sb(&l[i])) {
				msg_puts(m, "; ");
				msg_puts(m, nm(l, n, i));
				msg_puts(m, " is in ");
				msg_uuid(m, l[i].md->uuid);
			}
		return;
	default:
		msg_left_out(m, r, l, n, ": ");
	}
}

int mdsel_explain(const struct mdsel_result *r,
                  const struct mdsel_member *listed, size_t n_listed,
                  const struct mdsel_member *others, size_t n_others,
                  char *buf, size_t cap)
{
	struct strbuf m;
	size_t i;

	if (!r || (!buf && cap))
		return AR_EINVAL;
	strbuf_init(&m, buf, cap);
	msg_puts(&m, mdsel_verdict_str(r->verdict));
	msg_puts(&m, ": ");
	if (r->verdict == MDSEL_REFUSE) {
		msg_puts(&m, mdsel_refuse_str(r->refuse));
		msg_refusal(&m, r, listed, n_listed, others, n_others);
		return msg_end(&m);
	}
	msg_puts(&m, "assembling");
	for (i = 0; i < r->n_chosen; i++) {
		msg_puts(&m, " ");
		msg_puts(&m, nm(listed, n_listed, r->order[i]));
	}
	msg_puts(&m, ", reference ");
	msg_member(&m, listed, n_listed, r->ref);
	if (r->verdict == MDSEL_DEGRADED)
		msg_left_out(&m, r, listed, n_listed, "; left out: ");
	return msg_end(&m);
}

int mdsel_explain_member(const struct mdsel_result *r,
                         const struct mdsel_member *listed, size_t n_listed,
                         size_t i, char *buf, size_t cap)
{
	struct strbuf m;

	if (!r || !listed || i >= n_listed || i >= MDSEL_MAX_MEMBERS || (!buf && cap))
		return AR_EINVAL;
	strbuf_init(&m, buf, cap);
	msg_member(&m, listed, n_listed, i);
	if (r->excl[i] == MDSEL_X_NONE && r->verdict != MDSEL_REFUSE) {
		msg_puts(&m, ": chosen, slot ");
		msg_u64(&m, listed[i].md->role);
		msg_puts(&m, i == r->ref ? ", reference" : "");
		return msg_end(&m);
	}
	msg_puts(&m, r->excl[i] == MDSEL_X_NONE ? ": usable, but refused" : ": left out: ");
	if (r->excl[i] != MDSEL_X_NONE)
		msg_puts(&m, mdsel_excl_str(r->excl[i]));
	if (r->ref != MDSEL_NONE && i != r->ref &&
	    (r->excl[i] == MDSEL_X_STALE || r->excl[i] == MDSEL_X_SPLIT)) {
		msg_puts(&m, "; reference ");
		msg_member(&m, listed, n_listed, r->ref);
	}
	return msg_end(&m);
}
