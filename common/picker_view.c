/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * picker_view.c - what the picker shows and in which order (picker.h):
 * rows grouped by md array, the filter typed after `/`, the page that
 * follows the cursor, the group and filter lines, the key help. Shared by
 * GRUB and the EFI stub, so both screens read the same.
 */
#include "picker.h"
#include "picker_int.h"
#include "platform.h"
#include "selection.h"
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
	selection_format_name(t->shelf, t->slot, buf, sizeof(buf));
	if (contains(buf, p->filter, p->filter_len))
		return true;
	selection_format_mac(t->mac, buf, sizeof(buf));
	if (contains(buf, p->filter, p->filter_len))
		return true;
	if (!t->has_md)
		return false;
	selection_format_uuid(t->md.uuid, buf, sizeof(buf));
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

size_t picker_shown(const struct picker *p)
{
	return p->n_shown;
}

const struct picker_target *picker_shown_target(const struct picker *p, size_t pos)
{
	return pos < p->n_shown ? &p->targets[p->order[pos]] : NULL;
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

/* Append decimal @v at @o in @buf (cap checked by the caller's margin). */
static size_t put_u(char *buf, size_t o, size_t cap, size_t v)
{
	char tmp[AR_DEC_MAX];
	size_t n = ar_dec(tmp, v), i;

	for (i = 0; i < n && o + 1 < cap; i++)
		buf[o++] = tmp[i];
	buf[o] = '\0';
	return o;
}

static size_t put_s(char *buf, size_t o, size_t cap, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && s[i] && o + 1 < cap; i++)
		buf[o++] = s[i];
	buf[o] = '\0';
	return o;
}

bool picker_group_line(const struct picker *p, size_t pos, char *buf, size_t cap)
{
	const struct picker_target *t = picker_shown_target(p, pos), *prev;
	char uuid[36], name[MDSB_NAME_MAX * 4 + 1];
	size_t n = 0, k, o;

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
		o = put_s(buf, 0, cap, "-- other targets (", 18);
		o = put_u(buf, o, cap, n);
		put_s(buf, o, cap, ")", 1);
		return true;
	}
	selection_format_uuid(t->md.uuid, uuid, sizeof(uuid));
	picker_escape(name, sizeof(name), (const uint8_t *)t->md.name,
		      ar_strnlen(t->md.name, MDSB_NAME_MAX));
	o = put_s(buf, 0, cap, "-- md ", 6);
	o = put_s(buf, o, cap, uuid, 8);
	o = put_s(buf, o, cap, " ", 1);
	o = put_s(buf, o, cap, name, 40);
	o = put_s(buf, o, cap, " (", 2);
	o = put_u(buf, o, cap, n);
	put_s(buf, o, cap, n == 1 ? " member)" : " members)", 9);
	return true;
}

bool picker_filter_line(const struct picker *p, char *buf, size_t cap)
{
	char esc[PICKER_FILTER_MAX * 4 + 1];
	size_t o;

	if (!cap || (!p->filtering && !p->filter_len))
		return false;
	picker_escape(esc, sizeof(esc), (const uint8_t *)p->filter, p->filter_len);
	o = put_s(buf, 0, cap, "filter: ", 8);
	o = put_s(buf, o, cap, esc, sizeof(esc));
	if (p->filtering)
		o = put_s(buf, o, cap, "_", 1);
	o = put_s(buf, o, cap, " (", 2);
	o = put_u(buf, o, cap, p->n_shown);
	o = put_s(buf, o, cap, " of ", 4);
	o = put_u(buf, o, cap, p->n_targets);
	put_s(buf, o, cap, p->filtering ? "; Enter keeps, Esc clears)" : ")", 26);
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
	size_t o;

	if (!cap)
		return AR_ENOSPC;
	o = put_s(buf, 0, cap, "booting in ", 11);
	o = put_u(buf, o, cap, secs > 0 ? (size_t)secs : 0);
	o = put_s(buf, o, cap, " s unless a key is pressed", 26);
	return o + 1 < cap ? 0 : AR_ENOSPC;
}

bool picker_countdown_worth_a_line(int secs)
{
	return secs <= 3 || secs % 5 == 0;
}

/* "aoe: AoE targets on WHERE" */
static void render_heading(const char *where, picker_emit_fn *emit, void *ctx)
{
	char line[PICKER_ROW_MAX];
	size_t o = put_s(line, 0, sizeof(line), "aoe: AoE targets on ", 20);

	put_s(line, o, sizeof(line), where, sizeof(line));
	emit(ctx, line);
}

static void render_rows(struct picker *p, picker_emit_fn *emit, void *ctx)
{
	char line[PICKER_ROW_MAX];
	size_t i, top, end, o;

	top = picker_view(p, PICKER_PAGE_ROWS, &end);
	for (i = top; i < end; i++) {
		if (picker_group_line(p, i, line, sizeof(line)))
			emit(ctx, line);
		if (picker_row(p, i, line, sizeof(line)) == 0)
			emit(ctx, line);
	}
	if (top > 0 || end < p->n_shown) {
		o = put_s(line, 0, sizeof(line), "rows ", 5);
		o = put_u(line, o, sizeof(line), top + 1);
		o = put_s(line, o, sizeof(line), "-", 1);
		o = put_u(line, o, sizeof(line), end);
		o = put_s(line, o, sizeof(line), " of ", 4);
		put_u(line, o, sizeof(line), p->n_shown);
		emit(ctx, line);
	}
}

void picker_render(struct picker *p, const char *where, uint64_t now_ms,
		   picker_emit_fn *emit, void *ctx)
{
	char line[PICKER_ROW_MAX];
	unsigned w = picker_warnings(p), bit;
	size_t o;

	emit(ctx, "");
	render_heading(where, emit, ctx);
	render_rows(p, emit, ctx);
	if (picker_filter_line(p, line, sizeof(line)))
		emit(ctx, line);
	if (p->n_targets == 0)
		emit(ctx, "  (no AoE targets answered)");
	if (picker_rule(p) != PICKER_RULE_NONE) {
		o = put_s(line, 0, sizeof(line), "chosen by: ", 11);
		put_s(line, o, sizeof(line), picker_rule_text(picker_rule(p)), sizeof(line));
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
