/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * strbuf.c - the string builder of common/ (see strbuf.h).
 */
#include "strbuf.h"
#include "bytes.h"

void strbuf_init(struct strbuf *sb, char *buf, size_t cap)
{
	sb->buf = buf;
	sb->cap = cap;
	sb->len = 0;
	sb->full = cap == 0;
	if (cap)
		buf[0] = '\0';
}

void strbuf_putn(struct strbuf *sb, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && s[i]; i++) {
		if (sb->len + 1 >= sb->cap) {
			sb->full = true;
			break;
		}
		sb->buf[sb->len++] = s[i];
	}
	if (sb->cap)
		sb->buf[sb->len] = '\0';
}

void strbuf_puts(struct strbuf *sb, const char *s)
{
	strbuf_putn(sb, s, ar_strlen(s));
}

void strbuf_putu(struct strbuf *sb, uint64_t v)
{
	char tmp[AR_DEC_MAX];

	strbuf_putn(sb, tmp, ar_dec(tmp, v));
}

void strbuf_pad(struct strbuf *sb, size_t col)
{
	while (!sb->full && sb->len < col)
		strbuf_putn(sb, " ", 1);
}
