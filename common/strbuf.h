/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * strbuf.h - the one string builder of common/: text appended to a
 * caller's bounded buffer, always NUL-terminated, cut (never overrun) when
 * it does not fit. Freestanding; no printf in common/.
 */
#ifndef AOEROOT_STRBUF_H
#define AOEROOT_STRBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* @buf of @cap bytes; @len bytes used; @full once anything was cut. */
struct strbuf {
	char *buf;
	size_t cap;
	size_t len;
	bool full;
};

/** strbuf_init() - start an empty string in @buf (@cap bytes, 0 allowed). */
void strbuf_init(struct strbuf *sb, char *buf, size_t cap);

/**
 * strbuf_putn() - append at most @n bytes of @s, stopping at a NUL; what
 * does not fit is cut and sets @sb->full.
 */
void strbuf_putn(struct strbuf *sb, const char *s, size_t n);

/** strbuf_puts() - append the NUL-terminated @s. */
void strbuf_puts(struct strbuf *sb, const char *s);

/** strbuf_putu() - append @v in decimal. */
void strbuf_putu(struct strbuf *sb, uint64_t v);

/** strbuf_pad() - append spaces up to column @col (from the start). */
void strbuf_pad(struct strbuf *sb, size_t col);

#endif /* AOEROOT_STRBUF_H */
