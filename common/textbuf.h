/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * textbuf.h - a NUL-terminated text builder on a caller buffer that
 * remembers overflow instead of failing each call (the formatters of
 * bootargs.c and handoff.c check ->full once at the end).
 */
#ifndef AOEROOT_TEXTBUF_H
#define AOEROOT_TEXTBUF_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#include "bytes.h"

struct textbuf {
	char *buf;
	size_t cap, len;
	bool full;
};

/** textbuf_puts() - append @s; what does not fit is dropped, ->full set. */
static inline void textbuf_puts(struct textbuf *tb, const char *s)
{
	for (; *s; s++) {
		if (tb->len + 1 >= tb->cap) {
			tb->full = true;
			break;
		}
		tb->buf[tb->len++] = *s;
	}
	if (tb->cap)
		tb->buf[tb->len] = '\0';
}

/** textbuf_putu() - append @v in decimal. */
static inline void textbuf_putu(struct textbuf *tb, uint64_t v)
{
	char tmp[24];

	tmp[ar_dec(tmp, v)] = '\0';
	textbuf_puts(tb, tmp);
}

#endif /* AOEROOT_TEXTBUF_H */
