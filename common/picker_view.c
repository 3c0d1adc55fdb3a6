/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * picker_view.c - what the picker shows and in which order (picker.h):
 * rows grouped by md array, the filter typed after `/`, the page that
 * follows the cursor, what each key does, the group and filter lines, the
 * key help. Shared by GRUB and the EFI stub, so both screens read the same.
 * Uses picker.c and picker_rules.c; neither calls back.
 */
#include "picker.h"
#include "picker_int.h"
#include "platform.h"
#include "aoename.h"
#include "strbuf.h"
#include "bytes.h"
#include "err.h"

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Whether @needle (@n bytes) occurs in @hay, ignoring ASCII case. */
static bool contains(const char *hay, const char *needle, size_t n)
{
	size_t i, k;

	if (!n)
		return true;
	for (i = 0; hay[i]; i++) {
		for (k = 0; k < n && hay[i + k] && lower(hay[i + k]) == lower(needle[k]); k++)
			;
		if (k == n)
			return true;
	}
	return false;
}

/* The filter matches the name "eS.L" (so "e7." is shelf 7), the MAC, the
 * md array name or uuid. */
static bool matches(const struct picker *p, const struct picker_target *t)
{
	char buf[40];

	if (!p->filter_len)
		return true;
	aoe_name_format(t->shelf, t->slot, buf, sizeof(buf));
	if (contains(buf, p->filter, p->filter_len))
		return true;
	aoename_mac_format(t->mac, buf, sizeof(buf));
	if (contains(buf, p->filter, p->filter_len))
		return true;
	if (!t->has_md)
		return false;
	aoename_uuid_format(t->md.uuid, UUID_STYLE_MDADM, buf, sizeof(buf));
	return contains(buf, p->filter, p->filter_len) ||
	       contains(t->md.name, p->filter, p->filter_len);
}

static bool same_md(const struct picker_target *a, const struct picker_target *b)
{
	return a->has_md && b->has_md && !ar_memcmp(a->md.uuid, b->md.uuid, 16);
}

static uint32_t name_key(const struct picker_target *t)
{
	return (uint32_t)t->shelf << 8 | t->slot;
}

void picker_group_keys(struct picker *p)
{
	size_t i, j;

	for (i = 0; i < p->n_targets; i++) {
		struct picker_target *t = &p->targets[i];

		t->group_key = name_key(t);
		for (j = 0; t->has_md && j < p->n_targets; j++)
			if (same_md(t, &p->targets[j]) && name_key(&p->targets[j]) < t->group_key)
				t->group_key = name_key(&p->targets[j]);
	}
}

static uint64_t row_key(const struct picker *p, uint16_t i)
{
	const struct picker_target *t = &p->targets[i];

	return (uint64_t)t->group_key << 32 | name_key(t);
}

/* Rows by array (the array of the lowest shelf.slot first), members in
 * shelf.slot order, whatever order the replies came in: the same targets
 * give the same screen on every boot and in both boot loaders, and a row
 * (and its digit key) means the same target on every screen. */
static void sort_rows(struct picker *p, size_t from, size_t to)
{
	size_t i, k;

	for (i = from + 1; i < to; i++) {
		uint16_t v = p->order[i];

		for (k = i; k > from && row_key(p, p->order[k - 1]) > row_key(p, v); k--)
			p->order[k] = p->order[k - 1];
		p->order[k] = v;
	}
}

void picker_regroup(struct picker *p)
{
	size_t i, n = 0, start;

	for (i = 0; i < p->n_targets; i++)
		if (p->targets[i].has_md && matches(p, &p->targets[i]))
			p->order[n++] = (uint16_t)i;
	sort_rows(p, 0, n);
	start = n;
	for (i = 0; i < p->n_targets; i++)
		if (!p->targets[i].has_md && matches(p, &p->targets[i]))
			p->order[n++] = (uint16_t)i;
	sort_rows(p, start, n);
	p->n_shown = n;
	if (p->cursor >= n)
		p->cursor = n ? n - 1 : 0;
}

size_t picker_view(struct picker *p, size_t page, size_t *ret_end)
{
	if (!page)
		page = 1;
	if (p->cursor < p->top)
		p->top = p->cursor;
	else if (p->cursor >= p->top + page)
		p->top = p->cursor + 1 - page;
	if (p->top + page > p->n_shown)
		p->top = p->n_shown > page ? p->n_shown - page : 0;
	*ret_end = p->top + page < p->n_shown ? p->top + page : p->n_shown;
	return p->top;
}

/* The highest event count among visible members of @t's array. */
static uint64_t array_max_events(const struct picker *p, const struct picker_target *t)
{
	uint64_t max = 0;
	size_t i;

	for (i = 0; i < p->n_targets; i++)
		if (same_md(&p->targets[i], t) && p->targets[i].md.events > max)
			max = p->targets[i].md.events;
	return max;
}

int picker_set_targets(struct picker *p, size_t n)
{
	size_t i;

	if (n > p->cap)
		return AR_ENOMEM;
	p->n_targets = n;
	picker_clear_selection(p);
	p->notes = 0;
	p->rule = PICKER_RULE_NONE;
	for (i = 0; i < n; i++) {
		struct picker_target *t = &p->targets[i];

		t->stale = t->has_md && t->md.events + 1 < array_max_events(p, t);
	}
	picker_group_keys(p);
	picker_regroup(p);
	return 0;
}

static size_t count_selected(const struct picker *p)
{
	size_t i, n = 0;

	for (i = 0; i < p->n_targets; i++)
		n += p->targets[i].selected;
	return n;
}

/* Toggle the row shown at position @pos. */
static enum picker_action toggle(struct picker *p, size_t pos)
{
	struct picker_target *t;

	if (pos >= p->n_shown)
		return PICKER_ACT_NONE;
	p->cursor = pos;
	t = &p->targets[p->order[pos]];
	t->selected = !t->selected;
	p->source = count_selected(p) ? PICKER_SRC_USER : PICKER_SRC_NONE;
	return PICKER_ACT_REDRAW;
}

enum picker_action picker_key(struct picker *p, int key)
{
	bool was_counting = p->counting;

	p->counting = false;
	if (p->filtering)
		return picker_filter_key(p, key);
	switch (key) {
	case AR_KEY_UP: case 'k':
		if (p->cursor > 0)
			p->cursor--;
		return PICKER_ACT_REDRAW;
	case AR_KEY_DOWN: case 'j':
		if (p->cursor + 1 < p->n_shown)
			p->cursor++;
		return PICKER_ACT_REDRAW;
	case '/':
		p->filtering = true;
		return PICKER_ACT_REDRAW;
	case AR_KEY_SPACE: case 'x':
		return toggle(p, p->cursor);
	case 'a':
		picker_select_rules(p, p->hints);
		if (p->source == PICKER_SRC_AUTO)
			p->source = PICKER_SRC_USER;
		return PICKER_ACT_REDRAW;
	case 'r':
		return PICKER_ACT_RESCAN;
	case AR_KEY_ENTER: case '\n':
		return (picker_warnings(p) & PICKER_W_BLOCKING) ?
			PICKER_ACT_REDRAW : PICKER_ACT_ACCEPT;
	case AR_KEY_ESC: case 'q':
		return PICKER_ACT_CANCEL;
	default:
		if (key >= '1' && key <= '9')
			return toggle(p, (size_t)(key - '1'));
		return was_counting ? PICKER_ACT_REDRAW : PICKER_ACT_NONE;
	}
}

bool picker_group_line(const struct picker *p, size_t pos, char *buf, size_t cap)
{
	const struct picker_target *t = picker_shown_target(p, pos), *prev;
	char uuid[36], name[MDSB_NAME_MAX * 4 + 1];
	struct strbuf sb;
	size_t n = 0, k;

	if (!t || !cap)
		return false;
	prev = pos ? picker_shown_target(p, pos - 1) : NULL;
	if (prev && (t->has_md ? same_md(prev, t) : !prev->has_md))
		return false;
	for (k = pos; k < p->n_shown; k++) {
		const struct picker_target *u = picker_shown_target(p, k);

		if (t->has_md ? !same_md(t, u) : u->has_md)
			break;
		n++;
	}
	if (!t->has_md) {
		strbuf_init(&sb, buf, cap);
		strbuf_puts(&sb, "-- other targets (");
		strbuf_putu(&sb, n);
		strbuf_puts(&sb, ")");
		return true;
	}
	aoename_uuid_format(t->md.uuid, UUID_STYLE_MDADM, uuid, sizeof(uuid));
	picker_escape(name, sizeof(name), (const uint8_t *)t->md.name,
		      ar_strnlen(t->md.name, MDSB_NAME_MAX));
	strbuf_init(&sb, buf, cap);
	strbuf_puts(&sb, "-- md ");
	strbuf_putn(&sb, uuid, 8);
	strbuf_puts(&sb, " ");
	strbuf_putn(&sb, name, 40);
	strbuf_puts(&sb, " (");
	strbuf_putu(&sb, n);
	strbuf_puts(&sb, n == 1 ? " member)" : " members)");
	return true;
}

bool picker_filter_line(const struct picker *p, char *buf, size_t cap)
{
	char esc[PICKER_FILTER_MAX * 4 + 1];
	struct strbuf sb;

	if (!cap || (!p->filtering && !p->filter_len))
		return false;
	picker_escape(esc, sizeof(esc), (const uint8_t *)p->filter, p->filter_len);
	strbuf_init(&sb, buf, cap);
	strbuf_puts(&sb, "filter: ");
	strbuf_puts(&sb, esc);
	if (p->filtering)
		strbuf_puts(&sb, "_");
	strbuf_puts(&sb, " (");
	strbuf_putu(&sb, p->n_shown);
	strbuf_puts(&sb, " of ");
	strbuf_putu(&sb, p->n_targets);
	strbuf_puts(&sb, p->filtering ? "; Enter keeps, Esc clears)" : ")");
	return true;
}

/* A key while the filter is typed: edits the text, never a command. */
enum picker_action picker_filter_key(struct picker *p, int key)
{
	if (key == AR_KEY_ENTER || key == '\n') {
		p->filtering = false;
	} else if (key == AR_KEY_ESC) {
		p->filtering = false;
		p->filter_len = 0;
	} else if (key == 0x08 || key == 0x7f) {
		if (p->filter_len)
			p->filter_len--;
	} else if (key >= 0x20 && key < 0x7f && p->filter_len < PICKER_FILTER_MAX) {
		p->filter[p->filter_len++] = (char)key;
	} else {
		return PICKER_ACT_NONE;
	}
	p->filter[p->filter_len] = '\0';
	p->cursor = 0;
	p->top = 0;
	picker_regroup(p);
	return PICKER_ACT_REDRAW;
}

const char *picker_key_help(void)
{
	return "keys: Up/Down j/k move, Space/x/1-9 toggle, a auto, r rescan, / filter,\n"
	       "      Enter accept, Esc/q cancel";
}

int picker_countdown_line(int secs, char *buf, size_t cap)
{
	struct strbuf sb;

	if (!cap)
		return AR_ENOSPC;
	strbuf_init(&sb, buf, cap);
	strbuf_puts(&sb, "booting in ");
	strbuf_putu(&sb, secs > 0 ? (uint64_t)secs : 0);
	strbuf_puts(&sb, " s unless a key is pressed");
	return sb.full ? AR_ENOSPC : 0;
}

bool picker_countdown_worth_a_line(int secs)
{
	return secs <= 3 || secs % 5 == 0;
}

/* "aoe: AoE targets on WHERE" */
static void render_heading(const char *where, picker_emit_fn *emit, void *ctx)
{
	char line[PICKER_ROW_MAX];
	struct strbuf sb;

	strbuf_init(&sb, line, sizeof(line));
	strbuf_puts(&sb, "aoe: AoE targets on ");
	strbuf_puts(&sb, where);
	emit(ctx, line);
}

static void render_rows(struct picker *p, picker_emit_fn *emit, void *ctx)
{
	char line[PICKER_ROW_MAX];
	struct strbuf sb;
	size_t i, top, end;

	top = picker_view(p, PICKER_PAGE_ROWS, &end);
	for (i = top; i < end; i++) {
		if (picker_group_line(p, i, line, sizeof(line)))
			emit(ctx, line);
		if (picker_row(p, i, line, sizeof(line)) == 0)
			emit(ctx, line);
	}
	if (top > 0 || end < p->n_shown) {
		strbuf_init(&sb, line, sizeof(line));
		strbuf_puts(&sb, "rows ");
		strbuf_putu(&sb, top + 1);
		strbuf_puts(&sb, "-");
		strbuf_putu(&sb, end);
		strbuf_puts(&sb, " of ");
		strbuf_putu(&sb, p->n_shown);
		emit(ctx, line);
	}
}

void picker_render(struct picker *p, const char *where, uint64_t now_ms,
		   picker_emit_fn *emit, void *ctx)
{
	char line[PICKER_ROW_MAX];
	unsigned w = picker_warnings(p), bit;
	struct strbuf sb;

	emit(ctx, "");
	render_heading(where, emit, ctx);
	render_rows(p, emit, ctx);
	if (picker_filter_line(p, line, sizeof(line)))
		emit(ctx, line);
	if (p->n_targets == 0)
		emit(ctx, "  (no AoE targets answered)");
	if (picker_rule(p) != PICKER_RULE_NONE) {
		strbuf_init(&sb, line, sizeof(line));
		strbuf_puts(&sb, "chosen by: ");
		strbuf_puts(&sb, picker_rule_text(picker_rule(p)));
		emit(ctx, line);
	}
	for (bit = 1; bit && bit <= PICKER_W_LAST; bit <<= 1)
		if (w & bit) {
			picker_warning_line(p, bit, line, sizeof(line));
			emit(ctx, line);
		}
	emit(ctx, picker_key_help());
	if (p->counting) {
		picker_countdown_line(picker_countdown_left(p, now_ms), line, sizeof(line));
		emit(ctx, line);
	}
}
