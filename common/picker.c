/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * picker.c - the member picker's model (see picker.h): its targets, the
 * selection, the warnings, the rows. Freestanding: no libc, no printing,
 * no allocation; all storage is the caller's. picker_rules.c (the
 * unattended choice) and picker_view.c (order, filter, keys, screen) build
 * on it; it calls neither.
 */
#include "picker.h"
#include "bootargs.h"
#include "picker_int.h"
#include "aoename.h"
#include "selection.h"
#include "mdsel.h"
#include "platform.h"
#include "strbuf.h"
#include "bytes.h"
#include "err.h"

void picker_init(struct picker *p, struct picker_target *targets, size_t cap,
		 const uint8_t netdev[6])
{
	ar_memset(p, 0, sizeof(*p));
	p->targets = targets;
	p->cap = cap;
	ar_memcpy(p->netdev, netdev, 6);
}

static bool same_array(const struct picker_target *a, const struct picker_target *b)
{
	return a->has_md && b->has_md && !ar_memcmp(a->md.uuid, b->md.uuid, 16);
}

void picker_clear_selection(struct picker *p)
{
	size_t i;

	for (i = 0; i < p->n_targets; i++)
		p->targets[i].selected = false;
	p->source = PICKER_SRC_NONE;
}

bool picker_dup_could_be(const struct picker_target *t, const uint8_t uuid[16])
{
	size_t i;

	if (!t->duplicate)
		return false;
	if (t->dup_md_unknown || (t->has_md && !ar_memcmp(t->md.uuid, uuid, 16)))
		return true;
	for (i = 0; i < t->n_dup_md && i < PICKER_DUP_MD_MAX; i++)
		if (!ar_memcmp(t->dup_md_uuid[i], uuid, 16))
			return true;
	return false;
}

void picker_set_dropped(struct picker *p, unsigned dropped)
{
	p->dropped = dropped;
}

struct picker_target *picker_find(struct picker *p, uint16_t shelf, uint8_t slot)
{
	size_t i;

	for (i = 0; i < p->n_targets; i++)
		if (p->targets[i].shelf == shelf && p->targets[i].slot == slot)
			return &p->targets[i];
	return NULL;
}

/* Check a saved selection against what is visible; select nothing. */
static int saved_check(struct picker *p, const struct selection *sel)
{
	uint64_t max = 0;
	size_t i;

	if (sel->n_devs == 0 || ar_memcmp(sel->netdev, p->netdev, 6))
		return AR_ENOENT;
	for (i = 0; i < sel->n_devs; i++) {
		struct picker_target *t = picker_find(p, sel->shelf[i], sel->slot[i]);

		if (!t)
			return AR_ENOENT;
		if (t->duplicate) {
			p->notes |= PICKER_W_DUP_MEMBER;
			return AR_EDUP;
		}
		if (t->has_md != sel->has_uuid ||
		    (sel->has_uuid && ar_memcmp(t->md.uuid, sel->uuid, 16)))
			return AR_EINVAL;
		if (t->md.events > max)
			max = t->md.events;
	}
	/* Never take a saved subset while a fresher member is visible. */
	for (i = 0; sel->has_uuid && i < p->n_targets; i++) {
		const struct picker_target *t = &p->targets[i];
		size_t k;
		bool listed = false;

		for (k = 0; k < sel->n_devs; k++)
			listed |= t->shelf == sel->shelf[k] && t->slot == sel->slot[k];
		if (!listed && !t->duplicate && t->has_md &&
		    !ar_memcmp(t->md.uuid, sel->uuid, 16) && t->md.events > max)
			return AR_ESTALE;
		if (!listed && picker_dup_could_be(t, sel->uuid)) {
			p->notes |= PICKER_W_DUP_MEMBER;
			return AR_EDUP;
		}
	}
	return 0;
}

int picker_select_saved(struct picker *p, const struct selection *sel)
{
	size_t i;
	int err;

	picker_clear_selection(p);
	err = saved_check(p, sel);
	if (err) {
		p->notes |= PICKER_W_SAVED_IGNORED;
		return err;
	}
	for (i = 0; i < sel->n_devs; i++)
		picker_find(p, sel->shelf[i], sel->slot[i])->selected = true;
	p->source = PICKER_SRC_SAVED;
	p->notes &= ~(unsigned)PICKER_W_SAVED_IGNORED;
	return 0;
}

const char *picker_saved_error_text(int err)
{
	switch (err) {
	case AR_ESTALE: return "a fresher member of the array is visible";
	case AR_EINVAL: return "the members do not match the saved array";
	case AR_EDUP: return "a shelf.slot answered by several devices may hide a "
			     "member of the saved array";
	default: return "a saved member (or the NIC) is not there";
	}
}

int picker_select_list(struct picker *p, const char *list)
{
	size_t len = ar_strlen(list), start = 0, i;
	uint16_t shelf;
	uint8_t slot;

	/* Validate the whole list before touching the selection. */
	for (i = 0; i <= len; i++) {
		if (i < len && list[i] != ',')
			continue;
		if (selection_parse_name(list + start, i - start, &shelf, &slot))
			return AR_EINVAL;
		if (!picker_find(p, shelf, slot))
			return AR_ENOENT;
		start = i + 1;
	}
	picker_clear_selection(p);
	for (start = 0, i = 0; i <= len; i++) {
		if (i < len && list[i] != ',')
			continue;
		selection_parse_name(list + start, i - start, &shelf, &slot);
		picker_find(p, shelf, slot)->selected = true;
		start = i + 1;
	}
	p->source = PICKER_SRC_USER;
	return 0;
}

void picker_countdown_start(struct picker *p, uint64_t now_ms, uint64_t timeout_ms)
{
	p->counting = true;
	p->deadline_ms = now_ms + timeout_ms;
}

int picker_countdown_left(const struct picker *p, uint64_t now_ms)
{
	if (!p->counting)
		return -1;
	if (now_ms >= p->deadline_ms)
		return 0;
	return (int)((p->deadline_ms - now_ms + 999) / 1000);
}

enum picker_action picker_tick(struct picker *p, uint64_t now_ms, int *shown_secs)
{
	int left;

	if (!p->counting)
		return PICKER_ACT_NONE;
	if (now_ms >= p->deadline_ms) {
		p->counting = false;
		return (picker_warnings(p) & PICKER_W_UNATTENDED) ?
			PICKER_ACT_CANCEL : PICKER_ACT_ACCEPT;
	}
	left = picker_countdown_left(p, now_ms);
	if (shown_secs && *shown_secs != left) {
		*shown_secs = left;
		return PICKER_ACT_REDRAW;
	}
	return PICKER_ACT_NONE;
}

enum picker_source picker_source(const struct picker *p)
{
	return p->source;
}

/* MIXED / DUP / NO_MD / SIZE / STALE over the selected targets. */
static unsigned selection_warnings(const struct picker *p, const struct picker_target **ret_ref)
{
	const struct picker_target *ref = NULL;
	unsigned w = 0;
	size_t i;

	for (i = 0; i < p->n_targets; i++) {
		const struct picker_target *t = &p->targets[i];

		if (!t->selected)
			continue;
		if (t->duplicate)
			w |= PICKER_W_DUP;
		if (!t->has_md)
			w |= PICKER_W_NO_MD;
		if (t->stale)
			w |= PICKER_W_STALE;
		if (!ref) {
			ref = t;
			continue;
		}
		if (ref->has_md != t->has_md || (t->has_md && !same_array(ref, t)))
			w |= PICKER_W_MIXED;
		if (ref->sectors && t->sectors && ref->sectors != t->sectors)
			w |= PICKER_W_SIZE;
	}
	if (!ref)
		w |= PICKER_W_EMPTY;
	*ret_ref = ref;
	return w;
}

/* Duplicates judged against the selected array (@ref), or all harmless
 * warnings when nothing with md is selected. */
static unsigned dup_warnings(const struct picker *p, const struct picker_target *ref)
{
	unsigned w = 0;
	size_t i;

	for (i = 0; i < p->n_targets; i++) {
		const struct picker_target *t = &p->targets[i];

		if (!t->duplicate || t->selected)
			continue;
		if (ref && ref->has_md && picker_dup_could_be(t, ref->md.uuid))
			w |= PICKER_W_DUP_MEMBER;
		else if (!(ref && ref->has_md) &&
			 (t->has_md || t->n_dup_md || t->dup_md_unknown))
			w |= PICKER_W_DUP_MEMBER; /* no array chosen: any md counts */
		else
			w |= PICKER_W_DUP_OTHER;
	}
	return w;
}

/* Table full and the selection does not fill every slot of its array. */
static bool maybe_dropped(const struct picker *p, const struct picker_target *ref)
{
	size_t i, n = 0;
	bool unknown = false;

	for (i = 0; i < p->n_targets && !unknown; i++)
		unknown = p->targets[i].md_unknown;
	if (!ref || (!p->dropped && !unknown))
		return false;
	if (!ref->has_md)
		return p->dropped != 0;
	for (i = 0; i < p->n_targets; i++)
		n += p->targets[i].selected && !p->targets[i].stale;
	return n < ref->md.raid_disks;
}

unsigned picker_warnings(const struct picker *p)
{
	const struct picker_target *ref;
	unsigned w = selection_warnings(p, &ref) | p->notes;
	uint64_t max = 0;
	size_t i;

	if (p->n_targets == 0)
		w |= PICKER_W_NO_TARGETS;
	if (p->dropped)
		w |= PICKER_W_TABLE_FULL;
	if (maybe_dropped(p, ref))
		w |= PICKER_W_MAYBE_DROPPED;
	w |= dup_warnings(p, (w & PICKER_W_MIXED) ? NULL : ref);
	if (!ref || !ref->has_md || (w & PICKER_W_MIXED))
		return w;
	for (i = 0; i < p->n_targets; i++)
		if (p->targets[i].selected && p->targets[i].md.events > max)
			max = p->targets[i].md.events;
	for (i = 0; i < p->n_targets; i++) {
		const struct picker_target *t = &p->targets[i];

		if (!t->selected && !t->duplicate && same_array(ref, t) && t->md.events > max)
			w |= PICKER_W_FRESHER;
	}
	return w;
}

const char *picker_warning_text(unsigned bit)
{
	switch (bit) {
	case PICKER_W_EMPTY: return "nothing selected";
	case PICKER_W_MIXED: return "selected members belong to different arrays";
	case PICKER_W_DUP: return "a selected shelf.slot is answered by several devices";
	case PICKER_W_NO_MD: return "a selected target has no md superblock";
	case PICKER_W_SIZE: return "selected members differ in size";
	case PICKER_W_STALE: return "a selected member is stale (older events)";
	case PICKER_W_FRESHER: return "a fresher member of the array is not selected";
	case PICKER_W_SAVED_IGNORED: return "saved selection not used (missing or outdated)";
	case PICKER_W_AMBIGUOUS: return "no automatic choice: no single clean md array";
	case PICKER_W_NO_TARGETS: return "no AoE targets found";
	/* These lines stay under 70 columns: terminals wrap at 80. */
	case PICKER_W_TABLE_FULL: return "table full: more targets answered than it holds";
	case PICKER_W_MAYBE_DROPPED:
		return "incomplete array, a member may be unread: no unattended boot";
	case PICKER_W_DUP_MEMBER:
		return "a duplicate shelf.slot may hide a member: no unattended boot";
	case PICKER_W_DUP_OTHER:
		return "a duplicate shelf.slot holds no member of the array: ignored";
	default: return "unknown warning";
	}
}

int picker_warning_line(const struct picker *p, unsigned bit, char *buf, size_t cap)
{
	struct strbuf sb;

	strbuf_init(&sb, buf, cap);
	strbuf_puts(&sb, (bit & PICKER_W_BLOCKING) ? "error: " : "warning: ");
	if (bit == PICKER_W_TABLE_FULL) {
		strbuf_puts(&sb, "table full: ");
		strbuf_putu(&sb, p->dropped);
		strbuf_puts(&sb, " targets not examined (it holds ");
		strbuf_putu(&sb, p->cap);
		strbuf_puts(&sb, ")");
	} else {
		strbuf_puts(&sb, picker_warning_text(bit));
	}
	return sb.full ? AR_ENOSPC : 0;
}

/* picker_escape() that also says how many bytes of @src it took. */
static size_t escape_into(char *buf, size_t cap, const uint8_t *src, size_t len,
			  size_t *ret_used)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0, i;

	*ret_used = 0;
	if (cap == 0)
		return 0;
	for (i = 0; i < len; i++) {
		uint8_t c = src[i];
		char e[4];
		size_t n;

		if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"') {
			e[0] = (char)c; n = 1;
		} else if (c == '\\' || c == '"') {
			e[0] = '\\'; e[1] = (char)c; n = 2;
		} else {
			e[0] = '\\'; e[1] = 'x'; e[2] = hex[c >> 4]; e[3] = hex[c & 15]; n = 4;
		}
		if (o + n >= cap)
			break;
		ar_memcpy(buf + o, e, n);
		o += n;
	}
	buf[o] = '\0';
	*ret_used = i;
	return o;
}

size_t picker_escape(char *buf, size_t cap, const uint8_t *src, size_t len)
{
	size_t used;

	return escape_into(buf, cap, src, len, &used);
}

size_t picker_escape_quoted(char *buf, size_t cap, const uint8_t *src, size_t len, bool cut)
{
	static const char mark[] = "...";
	size_t o, used;

	if (cap < 6) {
		if (cap)
			buf[0] = '\0';
		return 0;
	}
	buf[0] = '"';
	/* room kept for the closing quote and the mark */
	o = 1 + escape_into(buf + 1, cap - 1 - 1 - (sizeof(mark) - 1), src, len, &used);
	buf[o++] = '"';
	if (cut || used < len) {
		ar_memcpy(buf + o, mark, sizeof(mark) - 1);
		o += sizeof(mark) - 1;
	}
	buf[o] = '\0';
	return o;
}

/* "1.5G"-style size of @sectors 512-byte sectors (binary units). */
static void put_size(struct strbuf *sb, uint64_t sectors)
{
	static const char units[] = "KMGTPE";
	uint64_t v = sectors / 2, frac = (sectors & 1) * 5; /* KiB, tenths */
	size_t u = 0;

	if (!sectors) {
		strbuf_puts(sb, "?");
		return;
	}
	while (v >= 1024 && u + 1 < sizeof(units) - 1) {
		frac = (v % 1024) * 10 / 1024;
		v /= 1024;
		u++;
	}
	strbuf_putu(sb, v);
	if (v < 100) {
		strbuf_puts(sb, ".");
		strbuf_putu(sb, frac);
	}
	strbuf_putn(sb, &units[u], 1);
}

static void put_escaped(struct strbuf *sb, const uint8_t *s, size_t len)
{
	char tmp[PICKER_CFG_MAX * 4 + 1];

	picker_escape(tmp, sizeof(tmp), s, len);
	strbuf_puts(sb, tmp);
}

static void put_md(struct strbuf *sb, const struct picker_target *t)
{
	char uuid[36];

	if (!t->has_md) {
		strbuf_puts(sb, "no md");
		return;
	}
	aoename_uuid_format(t->md.uuid, UUID_STYLE_MDADM, uuid, sizeof(uuid));
	uuid[8] = '\0';
	/* What decides a choice (array, role, freshness) comes first; the
	 * name is wire text of up to 32 bytes and may be cut at the row end. */
	strbuf_puts(sb, "md ");
	strbuf_puts(sb, uuid);
	if (t->md.role >= MDSB_ROLE_MAX) {
		strbuf_puts(sb, t->md.role == MDSB_ROLE_SPARE ? " spare" : " faulty");
	} else {
		strbuf_puts(sb, " role ");
		strbuf_putu(sb, t->md.role);
	}
	strbuf_puts(sb, " ev ");
	strbuf_putu(sb, t->md.events);
	strbuf_puts(sb, t->stale ? " STALE " : " fresh ");
	put_escaped(sb, (const uint8_t *)t->md.name, ar_strnlen(t->md.name, MDSB_NAME_MAX));
}

size_t picker_shown(const struct picker *p)
{
	return p->n_shown;
}

const struct picker_target *picker_shown_target(const struct picker *p, size_t pos)
{
	return pos < p->n_shown ? &p->targets[p->order[pos]] : NULL;
}

int picker_row(const struct picker *p, size_t i, char *buf, size_t cap)
{
	const struct picker_target *t;
	struct strbuf sb;
	char name[16];

	t = picker_shown_target(p, i);
	if (!t)
		return AR_ERANGE;
	strbuf_init(&sb, buf, cap);
	strbuf_puts(&sb, i == p->cursor ? ">" : " ");
	strbuf_puts(&sb, t->selected ? "[x] " : "[ ] ");
	if (i < 9) {
		char d[2] = { (char)('1' + i), '\0' };

		strbuf_puts(&sb, d);
	}
	strbuf_pad(&sb, 7);
	aoe_name_format(t->shelf, t->slot, name, sizeof(name));
	strbuf_puts(&sb, name);
	strbuf_pad(&sb, 16);
	put_size(&sb, t->sectors);
	strbuf_pad(&sb, 23);
	/* never cut: a duplicate is the one thing the user must see */
	if (t->duplicate)
		strbuf_puts(&sb, "DUPLICATE ");
	put_md(&sb, t);
	strbuf_puts(&sb, " \"");
	put_escaped(&sb, (const uint8_t *)t->model, ar_strnlen(t->model, PICKER_MODEL_MAX));
	strbuf_puts(&sb, "\"");
	if (t->cfg_len) {
		char cfg[PICKER_CFG_MAX * 4 + 6];

		strbuf_puts(&sb, " cfg ");
		picker_escape_quoted(cfg, sizeof(cfg), t->cfg,
				     t->cfg_len < PICKER_CFG_MAX ? t->cfg_len : PICKER_CFG_MAX,
				     t->cfg_cut);
		strbuf_puts(&sb, cfg);
	}
	/* Terminals wrap at 80 columns: cut the wire text, not the layout. */
	if (sb.len > PICKER_ROW_WIDTH && cap > PICKER_ROW_WIDTH) {
		ar_memcpy(buf + PICKER_ROW_WIDTH - 3, "...", 4);
		sb.len = PICKER_ROW_WIDTH;
	}
	return 0;
}

int picker_to_selection(const struct picker *p, struct selection *ret_sel)
{
	const struct picker_target *ref;
	struct selection sel;
	uint32_t last = 0, key, best;
	size_t i;
	bool first = true;

	if (selection_warnings(p, &ref) & PICKER_W_BLOCKING)
		return AR_EINVAL;
	ar_memset(&sel, 0, sizeof(sel));
	ar_memcpy(sel.netdev, p->netdev, 6);
	sel.has_uuid = ref->has_md;
	if (ref->has_md)
		ar_memcpy(sel.uuid, ref->md.uuid, 16);
	/* Members in ascending shelf.slot order, whatever the scan order. */
	for (;;) {
		best = UINT32_MAX;
		for (i = 0; i < p->n_targets; i++) {
			key = (uint32_t)p->targets[i].shelf << 8 | p->targets[i].slot;
			if (p->targets[i].selected && (first || key > last) && key < best)
				best = key;
		}
		if (best == UINT32_MAX)
			break;
		if (sel.n_devs == SELECTION_MAX_DEVS)
			return AR_E2BIG;
		sel.shelf[sel.n_devs] = (uint16_t)(best >> 8);
		sel.slot[sel.n_devs++] = (uint8_t)best;
		last = best;
		first = false;
	}
	*ret_sel = sel;
	return 0;
}

int picker_args(const struct picker *p, char *buf, size_t cap)
{
	struct selection sel;
	struct bootargs b;
	size_t i;
	int err;

	err = picker_to_selection(p, &sel);
	if (err)
		return err;
	if (sel.n_devs > BOOTARGS_MAX_MEMBERS)
		return AR_E2BIG;
	/* the one formatter of the kernel arguments (bootargs.h) */
	bootargs_init(&b);
	b.n_netdevs = 1;
	b.netdevs[0].by_mac = true;
	ar_memcpy(b.netdevs[0].mac, sel.netdev, 6);
	for (i = 0; i < sel.n_devs; i++) {
		b.members[i].shelf = sel.shelf[i];
		b.members[i].slot = sel.slot[i];
	}
	b.n_members = sel.n_devs;
	b.has_uuid = sel.has_uuid;
	ar_memcpy(b.uuid, sel.uuid, 16);
	return bootargs_format(&b, buf, cap, NULL);
}
