/* SPDX-License-Identifier: GPL-3.0-or-later */
/* choose.c - the boot-choice session (see choose.h): scans, preselection,
 * countdown, keys, the degraded wait, and what happens when nothing is
 * acceptable. The decision itself is in choose_decide.c. */
#include "choose.h"
#include "choose_int.h"
#include "disc.h"
#include "dhcp.h"
#include "aoename.h"
#include "bytes.h"
#include "err.h"
#include "strbuf.h"

enum {
	CHOOSE_RESCAN_MS = 1000,     /* between scans while waiting */
};



void choose_init(struct choose *c, const struct choose_cfg *cfg,
		 struct picker_target *rows, size_t cap, const uint8_t mac[6])
{
	ar_memset(c, 0, sizeof(*c));
	c->cfg = cfg;
	ar_memcpy(c->mac, mac, 6);
	picker_init(&c->picker, rows, cap, mac);
	c->state = CS_START;
	c->shown_secs = -1;
	c->wait_shown = -1;
}

static void want_add(uint16_t *sh, uint8_t *sl, size_t *n, uint16_t shelf, uint8_t slot)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (sh[i] == shelf && sl[i] == slot)
			return;
	if (*n < CHOOSE_WANT_MAX) {
		sh[*n] = shelf;
		sl[(*n)++] = slot;
	}
}

/* The names in "eS.L,eS.L" (malformed ones skipped). */
static void want_list(uint16_t *sh, uint8_t *sl, size_t *n, const char *s)
{
	uint16_t shelf;
	uint8_t slot;

	while (s && *s) {
		const char *e = s;

		while (*e && *e != ',')
			e++;
		if (!selection_parse_name(s, (size_t)(e - s), &shelf, &slot))
			want_add(sh, sl, n, shelf, slot);
		s = *e ? e + 1 : e;
	}
}

/* The root path's members, when it names them. */
static void want_rootpath(const struct choose_cfg *cfg, uint16_t *sh, uint8_t *sl, size_t *n)
{
	const struct picker_hints *h = cfg->hints;
	struct rootpath rp;
	size_t i;

	if (!h || !h->root_path || rootpath_parse(h->root_path, h->root_path_len, &rp) ||
	    rp.kind != ROOTPATH_LIST)
		return;
	for (i = 0; i < rp.n_devs; i++)
		want_add(sh, sl, n, rp.shelf[i], rp.slot[i]);
}

size_t choose_want(const struct choose *c, struct disc *d)
{
	const struct choose_cfg *cfg = c->cfg;
	uint16_t sh[CHOOSE_WANT_MAX];
	uint8_t sl[CHOOSE_WANT_MAX];
	size_t i, n = 0;

	want_rootpath(cfg, sh, sl, &n);
	if (cfg->def == CHOOSE_DEF_LIST)
		want_list(sh, sl, &n, cfg->list);
	else if (cfg->def == CHOOSE_DEF_SAVED && cfg->saved)
		for (i = 0; i < cfg->saved->n_devs; i++)
			want_add(sh, sl, &n, cfg->saved->shelf[i], cfg->saved->slot[i]);
	for (i = 0; i < n; i++)
		disc_want(d, sh[i], sl[i]);
	return n;
}

size_t choose_rows_from_disc(const struct disc *d, struct picker_target *rows, size_t cap)
{
	size_t i, k, n = 0;

	for (i = 0; i < disc_count(d) && n < cap; i++) {
		struct picker_target t;

		if (picker_target_from_disc(&t, &d->targets[i]) != 0)
			continue;
		/* Rows in shelf.slot order, whatever order the replies came
		 * in, so the digit keys always mean the same target. */
		for (k = n; k > 0 && ((uint32_t)rows[k - 1].shelf << 8 | rows[k - 1].slot)
				      > ((uint32_t)t.shelf << 8 | t.slot); k--)
			rows[k] = rows[k - 1];
		rows[k] = t;
		n++;
	}
	return n;
}

static void rows_from_disc(struct choose *c, const struct disc *d)
{
	struct picker *p = &c->picker;

	/* The NIC the targets answered on: aoe_netdev=, the saved selection. */
	ar_memcpy(c->mac, d->our_mac, 6);
	ar_memcpy(p->netdev, d->our_mac, 6);
	picker_set_targets(p, choose_rows_from_disc(d, p->targets, p->cap));
	picker_set_dropped(p, disc_get_stats(d)->dropped_targets);
}

/* A list or saved selection minus the members that did not answer: the
 * names that did, noted as missing the others. */
static size_t visible_subset(struct choose *c, const uint16_t *sh, const uint8_t *sl,
			     size_t n, struct selection *ret)
{
	size_t i;

	ret->n_devs = 0;
	for (i = 0; i < n && i < SELECTION_MAX_DEVS; i++) {
		if (picker_find(&c->picker, sh[i], sl[i])) {
			ret->shelf[ret->n_devs] = sh[i];
			ret->slot[ret->n_devs++] = sl[i];
		}
	}
	return ret->n_devs;
}

static void named_set(struct choose *c, const uint16_t *sh, const uint8_t *sl, size_t n)
{
	size_t i;

	c->n_named = 0;
	for (i = 0; i < n && i < CHOOSE_WANT_MAX; i++) {
		c->named_shelf[i] = sh[i];
		c->named_slot[i] = sl[i];
		c->n_named++;
	}
}

static bool preselect_list(struct choose *c)
{
	const struct choose_cfg *cfg = c->cfg;
	uint16_t sh[CHOOSE_WANT_MAX];
	uint8_t sl[CHOOSE_WANT_MAX];
	struct selection sub;
	char text[CHOOSE_WANT_MAX * 12 + 1], name[AOE_NAME_MAX];
	struct strbuf sb;
	size_t i, n = 0;
	int err;

	want_list(sh, sl, &n, cfg->list);
	err = picker_select_list(&c->picker, cfg->list);
	if (err == AR_ENOENT && visible_subset(c, sh, sl, n, &sub)) {
		/* The named members that answer; the rest is the degraded wait's. */
		strbuf_init(&sb, text, sizeof(text));
		for (i = 0; i < sub.n_devs; i++) {
			if (i)
				strbuf_puts(&sb, ",");
			aoe_name_format(sub.shelf[i], sub.slot[i], name, sizeof(name));
			strbuf_puts(&sb, name);
		}
		err = picker_select_list(&c->picker, text);
	}
	if (!err) {
		named_set(c, sh, sl, n);
		return true;
	}
	choose_say(c, cfg->list_what ? cfg->list_what : "list", "=", cfg->list);
	choose_say(c, "  ", err == AR_ENOENT ? "no listed target answered"
				 : "not a list of eS.L", "; using the auto rules");
	return false;
}

static bool preselect_saved(struct choose *c)
{
	const struct selection *s = c->cfg->saved;
	struct selection sub;
	int err;

	if (!s)
		return false;
	err = picker_select_saved(&c->picker, s);
	if (err == AR_ENOENT && !ar_memcmp(s->netdev, c->mac, 6)) {
		sub = *s;
		if (visible_subset(c, s->shelf, s->slot, s->n_devs, &sub))
			err = picker_select_saved(&c->picker, &sub);
	}
	if (!err) {
		named_set(c, s->shelf, s->slot, s->n_devs);
		return true;
	}
	choose_say(c, "saved selection not used: ", picker_saved_error_text(err), NULL);
	return false;
}

/* The preselection: a list, else the saved selection, else the rules. */
static void preselect(struct choose *c)
{
	const struct choose_cfg *cfg = c->cfg;
	uint16_t sh[CHOOSE_WANT_MAX];
	uint8_t sl[CHOOSE_WANT_MAX];
	size_t n = 0;

	c->n_named = 0;
	if (cfg->def == CHOOSE_DEF_LIST && preselect_list(c))
		return;
	if (cfg->def == CHOOSE_DEF_SAVED && preselect_saved(c))
		return;
	if (picker_select_rules(&c->picker, cfg->hints) == AR_EINVAL)
		choose_say(c, "root path `", cfg->hints->root_path,
			   "' is not aoe:eS.L,... or aoe:uuid=UUID");
	if (picker_rule(&c->picker) == PICKER_RULE_ROOTPATH_LIST) {
		want_rootpath(cfg, sh, sl, &n);
		named_set(c, sh, sl, n);
	}
}

static void render(struct choose *c, uint64_t now)
{
	if (c->cfg->no_screen)
		return;
	picker_render(&c->picker, c->cfg->where ? c->cfg->where : "", now,
		      c->cfg->emit, c->cfg->ctx);
}

static void countdown_start(struct choose *c, uint64_t now)
{
	c->shown_secs = -1;
	if (c->cfg->timeout_s >= 0 && !c->person) {
		picker_countdown_start(&c->picker, now, (uint64_t)c->cfg->timeout_s * 1000);
		c->shown_secs = picker_countdown_left(&c->picker, now);
	}
}

/* Under the screen: who is missing and how long the machine waits. */
static void missing_note(struct choose *c, uint64_t now)
{
	char names[CHOOSE_LINE_MAX];

	if (c->cfg->no_screen || c->person || !c->picker.counting ||
	    !choose_missing(c, names, sizeof(names)))
		return;
	if (c->cfg->no_degraded) {
		choose_say(c, names, " missing: no degraded boot unattended (",
			   c->cfg->no_degraded_what ? c->cfg->no_degraded_what : "set");
		return;
	}
	choose_wait_line(c, names, now);
}

/* A member of the unattended choice is missing: the countdown becomes the
 * degraded wait (until the countdown's end and at least the grace after
 * the first scan), scanning again for the member meanwhile. */
static void wait_begin(struct choose *c, uint64_t now)
{
	if (c->person || !c->picker.counting || c->cfg->no_degraded ||
	    (picker_warnings(&c->picker) & PICKER_W_UNATTENDED) ||
	    !choose_missing(c, NULL, 0))
		return;
	c->wait_until_ms = choose_wait_end(c);
	c->picker.counting = false;
	c->state = CS_WAIT;
	/* missing_note() showed this second already */
	c->wait_shown = c->wait_until_ms > now ? (int)((c->wait_until_ms - now + 999) / 1000) : 0;
	c->last_scan_ms = now;
}

void choose_scanned(struct choose *c, const struct disc *d, uint64_t scan_start_ms,
		    uint64_t now_ms)
{
	if (!c->scanned_once) {
		c->scanned_once = true;
		c->first_scan_ms = scan_start_ms;
	}
	c->disc = d;
	rows_from_disc(c, d);
	preselect(c);
	if (c->state == CS_WAIT && !c->person) {
		choose_wait_rescanned(c, now_ms);
		return;
	}
	c->state = CS_PICK;
	countdown_start(c, now_ms);
	render(c, now_ms);
	missing_note(c, now_ms);
	wait_begin(c, now_ms);
}

/* The countdown ran out with nothing to boot unattended. */
static enum choose_do expired(struct choose *c, uint64_t now)
{
	bool any_md = false;
	size_t i;

	if (c->picker.n_targets == 0) {
		choose_say(c, "no AoE targets answered; scanning again ",
			   "(Esc or q stops)", NULL);
		c->state = CS_SCANNING;
		return CHOOSE_DO_SCAN;
	}
	for (i = 0; i < c->picker.n_targets; i++)
		any_md |= c->picker.targets[i].has_md;
	if (!any_md && c->cfg->plain_ok) {
		choose_say(c, "no md array among the targets: nothing chosen", NULL, NULL);
		c->state = CS_DONE;
		return CHOOSE_DO_NONE;
	}
	choose_stuck(c, NULL, now);
	return CHOOSE_DO_WAIT;
}

void choose_stuck(struct choose *c, const char *why, uint64_t now)
{
	unsigned w = picker_warnings(&c->picker), bit;
	char line[PICKER_ROW_MAX];

	c->state = CS_PICK;
	c->picker.counting = false;
	render(c, now);
	if (!why) {
		/* The first reason the picker gives (render showed them all). */
		for (bit = 1; bit <= PICKER_W_LAST; bit <<= 1)
			if ((w & bit) && (bit & (PICKER_W_UNATTENDED | PICKER_W_AMBIGUOUS)) &&
			    !picker_warning_line(&c->picker, bit, line, sizeof(line))) {
				why = line;
				break;
			}
	}
	choose_say(c, "nothing acceptable to boot unattended:", NULL, NULL);
	choose_say(c, "  ", why ? why : "no selection", NULL);
	choose_say(c, "waiting for a person: choose with the keys ",
		   "(Enter boots, Esc cancels)", NULL);
}

static enum choose_do on_action(struct choose *c, enum picker_action act, bool key,
				uint64_t now)
{
	char line[PICKER_ROW_MAX];

	switch (act) {
	case PICKER_ACT_NONE:
		return CHOOSE_DO_WAIT;
	case PICKER_ACT_REDRAW:
		if (key) {
			render(c, now);
		} else if (picker_countdown_worth_a_line(c->shown_secs)) {
			char names[CHOOSE_LINE_MAX];

			if (!c->cfg->no_degraded && choose_missing(c, names, sizeof(names)))
				choose_wait_line(c, names, now);
			else if (!picker_countdown_line(c->shown_secs, line, sizeof(line)) &&
				 c->cfg->emit)
				c->cfg->emit(c->cfg->ctx, line);
		}
		return CHOOSE_DO_WAIT;
	case PICKER_ACT_RESCAN:
		c->state = CS_SCANNING;
		return CHOOSE_DO_SCAN;
	case PICKER_ACT_ACCEPT:
		return choose_accept(c, key, now);
	case PICKER_ACT_CANCEL:
		if (key) {
			choose_say(c, "cancelled", NULL, NULL);
			c->state = CS_DONE;
			return CHOOSE_DO_CANCEL;
		}
		return expired(c, now);
	}
	return CHOOSE_DO_WAIT;
}

enum choose_do choose_step(struct choose *c, int key, uint64_t now_ms)
{
	enum choose_do pend = (enum choose_do)c->pending;

	if (pend != CHOOSE_DO_WAIT) {
		c->pending = CHOOSE_DO_WAIT;
		return pend;
	}
	switch (c->state) {
	case CS_START:
		c->state = CS_SCANNING;
		return CHOOSE_DO_SCAN;
	case CS_WAIT:
		return choose_wait_step(c, key, now_ms);
	case CS_PICK:
		if (key != AR_KEY_NONE) {
			c->person = true;
			return on_action(c, picker_key(&c->picker, key), true, now_ms);
		}
		return on_action(c, picker_tick(&c->picker, now_ms, &c->shown_secs), false,
				 now_ms);
	default:
		return CHOOSE_DO_WAIT;
	}
}

/* ---- the degraded wait ---------------------------------------------- */

void choose_wait_line(struct choose *c, const char *names, uint64_t now)
{
	uint64_t end = choose_wait_end(c);
	char line[CHOOSE_LINE_MAX];
	struct strbuf sb;

	strbuf_init(&sb, line, sizeof(line));
	strbuf_puts(&sb, "aoe: waiting for ");
	strbuf_puts(&sb, names);
	strbuf_puts(&sb, " (missing): degraded boot in ");
	strbuf_putu(&sb, end > now ? (end - now + 999) / 1000 : 0);
	strbuf_puts(&sb, " s");
	choose_emit(c, line);
}

uint64_t choose_wait_end(const struct choose *c)
{
	uint64_t end = c->first_scan_ms + c->cfg->wait_ms;

	if (c->picker.counting && c->picker.deadline_ms > end)
		end = c->picker.deadline_ms;
	return end;
}

enum choose_do choose_wait_step(struct choose *c, int key, uint64_t now)
{
	char names[CHOOSE_LINE_MAX];
	int left;

	if (key != AR_KEY_NONE) {
		/* A person is there: the wait ends, the key is theirs (Enter
		 * boots what is selected at once, as in the picker). */
		c->person = true;
		c->state = CS_PICK;
		c->picker.counting = false;
		return on_action(c, picker_key(&c->picker, key), true, now);
	}
	if (now >= c->wait_until_ms) {
		if (picker_warnings(&c->picker) & PICKER_W_UNATTENDED) {
			choose_stuck(c, NULL, now);
			return CHOOSE_DO_WAIT;
		}
		return choose_accept(c, false, now);
	}
	left = (int)((c->wait_until_ms - now + 999) / 1000);
	if (left != c->wait_shown && picker_countdown_worth_a_line(left) &&
	    choose_missing(c, names, sizeof(names)))
		choose_wait_line(c, names, now);
	c->wait_shown = left;
	if (now - c->last_scan_ms >= CHOOSE_RESCAN_MS) {
		c->last_scan_ms = now;
		return CHOOSE_DO_SCAN;
	}
	return CHOOSE_DO_WAIT;
}

void choose_wait_rescanned(struct choose *c, uint64_t now)
{
	enum picker_source src = picker_source(&c->picker);

	c->last_scan_ms = now;
	if (src == PICKER_SRC_NONE || (picker_warnings(&c->picker) & PICKER_W_UNATTENDED)) {
		/* What was acceptable is not any more (a split brain showed up). */
		choose_stuck(c, NULL, now);
		return;
	}
	if (choose_decide(c, NULL) == 0 && !choose_missing(c, NULL, 0))
		c->pending = choose_finish(c, false, now);
}

const struct choose_result *choose_result(const struct choose *c)
{
	return &c->res;
}

int choose_wait_parse(const char *s, size_t len, uint32_t *ret_ms)
{
	uint32_t v = 0;
	size_t i;

	if (!s || len == 0 || len > 5)
		return AR_EINVAL;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return AR_EINVAL;
		v = v * 10 + (uint32_t)(s[i] - '0');
	}
	if (v > CHOOSE_WAIT_MAX_S)
		return AR_EINVAL;
	*ret_ms = v * 1000;
	return 0;
}

enum choose_do choose_accept(struct choose *c, bool person, uint64_t now)
{
	char why[CHOOSE_WHY_MAX], names[CHOOSE_LINE_MAX];

	if (choose_decide(c, why)) {
		if (person) {
			choose_say(c, "not booted: ", why, NULL);
			return CHOOSE_DO_WAIT;
		}
		choose_stuck(c, why, now);
		return CHOOSE_DO_WAIT;
	}
	if (!person && choose_missing(c, names, sizeof(names))) {
		if (c->cfg->no_degraded) {
			struct strbuf sb;

			strbuf_init(&sb, why, sizeof(why));
			strbuf_puts(&sb, names);
			strbuf_puts(&sb, " missing and degraded boots are off (");
			strbuf_puts(&sb, c->cfg->no_degraded_what ?
				    c->cfg->no_degraded_what : "set");
			strbuf_puts(&sb, ")");
			choose_stuck(c, why, now);
			return CHOOSE_DO_WAIT;
		}
		c->wait_until_ms = choose_wait_end(c);
		if (now < c->wait_until_ms) {
			c->state = CS_WAIT;
			c->wait_shown = -1;
			c->last_scan_ms = now;
			choose_wait_line(c, names, now);
			return CHOOSE_DO_SCAN;
		}
	}
	return choose_finish(c, person, now);
}

enum choose_do choose_finish(struct choose *c, bool person, uint64_t now)
{
	char why[CHOOSE_WHY_MAX];
	struct choose_result *res = &c->res;
	size_t i, k;

	if (choose_decide(c, why)) {
		choose_stuck(c, why, now);
		return CHOOSE_DO_WAIT;
	}
	choose_say_decision(c);
	/* The selection becomes what is used (and what /init adds back): the
	 * arguments name exactly it. */
	for (i = 0; i < c->picker.n_targets; i++) {
		struct picker_target *t = &c->picker.targets[i];

		t->selected = false;
		for (k = 0; k < res->n; k++)
			if (res->m[k].shelf == t->shelf && res->m[k].slot == t->slot)
				t->selected = true;
		for (k = 0; k < res->n_readd; k++)
			if (res->readd_shelf[k] == t->shelf && res->readd_slot[k] == t->slot)
				t->selected = true;
	}
	choose_missing(c, NULL, 0);
	res->by_person = person;
	/* What a person accepted with Enter is theirs to keep, whoever
	 * preselected it; never what the countdown accepted. */
	res->save = person && c->cfg->save && !picker_to_selection(&c->picker, &res->sel);
	c->state = CS_DONE;
	return CHOOSE_DO_BOOT;
}
