/* SPDX-License-Identifier: GPL-3.0-or-later */
/* choose_say.c - the lines of a boot-choice session (choose_int.h): the
 * bottom of choose's files; choose_decide.c and choose.c print through it,
 * it calls neither. */
#include "choose.h"
#include "choose_int.h"
#include "bytes.h"
#include "strbuf.h"

/* One line, cut at spaces into lines of at most PICKER_ROW_WIDTH columns
 * ("aoe:   " before the rest): GRUB's terminal wraps at 80 columns and the
 * firmware's console may differ; both boot loaders then show the same. */
void choose_emit(struct choose *c, const char *line)
{
	char part[CHOOSE_LINE_MAX];
	const char *p = line;
	bool first = true;
	struct strbuf sb;

	if (!c->cfg->emit)
		return;
	while (*p) {
		size_t n, room, len, cut;

		strbuf_init(&sb, part, sizeof(part));
		if (!first)
			strbuf_puts(&sb, "aoe:   ");
		n = sb.len;
		room = PICKER_ROW_WIDTH - n;
		len = ar_strlen(p);
		cut = len;
		if (len > room) {
			for (cut = room; cut > room / 2 && p[cut] != ' '; cut--)
				;
			if (p[cut] != ' ')
				cut = room;
		}
		if (n + cut + 1 > sizeof(part))
			cut = sizeof(part) - n - 1;
		strbuf_putn(&sb, p, cut);
		c->cfg->emit(c->cfg->ctx, part);
		p += cut;
		while (*p == ' ')
			p++;
		first = false;
	}
}

void choose_say(struct choose *c, const char *a, const char *b, const char *d)
{
	char line[CHOOSE_WHY_MAX + CHOOSE_LINE_MAX];
	struct strbuf sb;

	strbuf_init(&sb, line, sizeof(line));
	strbuf_puts(&sb, "aoe: ");
	strbuf_puts(&sb, a);
	if (b)
		strbuf_puts(&sb, b);
	if (d)
		strbuf_puts(&sb, d);
	choose_emit(c, line);
}
