/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ucs2.c - UTF-8 <-> UCS-2 conversion (see ucs2.h). */
#include "ucs2.h"
#include "err.h"

/* Decode one UTF-8 sequence at @s (@n bytes left); refuse overlong forms. */
static int utf8_decode(const uint8_t *s, size_t n, uint32_t *ret_cp, size_t *ret_used)
{
	uint32_t cp, min;
	size_t len, i;

	if (s[0] < 0x80) {
		*ret_cp = s[0];
		*ret_used = 1;
		return 0;
	}
	if ((s[0] & 0xe0) == 0xc0) { len = 2; cp = s[0] & 0x1f; min = 0x80; }
	else if ((s[0] & 0xf0) == 0xe0) { len = 3; cp = s[0] & 0x0f; min = 0x800; }
	else return AR_EINVAL; /* 4-byte forms are beyond UCS-2 anyway */
	if (n < len)
		return AR_EINVAL;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return AR_EINVAL;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || (cp >= 0xd800 && cp <= 0xdfff))
		return AR_EINVAL;
	*ret_cp = cp;
	*ret_used = len;
	return 0;
}

int ucs2_from_utf8(uint16_t *dst, size_t cap, const char *src, size_t src_len,
		   size_t *ret_units)
{
	const uint8_t *s = (const uint8_t *)src;
	size_t i = 0, out = 0;

	if (cap == 0)
		return AR_ENOSPC;
	while (i < src_len && s[i]) {
		uint32_t cp;
		size_t used;
		int err = utf8_decode(s + i, src_len - i, &cp, &used);

		if (err)
			return err;
		if (out + 1 >= cap)
			return AR_ENOSPC;
		dst[out++] = (uint16_t)cp;
		i += used;
	}
	dst[out] = 0;
	if (ret_units)
		*ret_units = out;
	return 0;
}

int ucs2_to_utf8(char *dst, size_t cap, const uint16_t *src, size_t units,
		 size_t *ret_len)
{
	size_t i, out = 0;

	if (cap == 0)
		return AR_ENOSPC;
	for (i = 0; i < units && src[i]; i++) {
		uint16_t c = src[i];
		size_t need = c < 0x80 ? 1 : c < 0x800 ? 2 : 3;

		if (c >= 0xd800 && c <= 0xdfff)
			return AR_EINVAL;
		if (out + need >= cap)
			return AR_ENOSPC;
		if (need == 1) {
			dst[out++] = (char)c;
		} else if (need == 2) {
			dst[out++] = (char)(0xc0 | c >> 6);
			dst[out++] = (char)(0x80 | (c & 0x3f));
		} else {
			dst[out++] = (char)(0xe0 | c >> 12);
			dst[out++] = (char)(0x80 | ((c >> 6) & 0x3f));
			dst[out++] = (char)(0x80 | (c & 0x3f));
		}
	}
	dst[out] = 0;
	if (ret_len)
		*ret_len = out;
	return 0;
}

static int is_blank(char c)
{
	return c == 0 || c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

size_t text_trim_len(const char *text, size_t len, size_t *ret_skip)
{
	size_t skip = 0;

	while (len > 0 && is_blank(text[len - 1]))
		len--;
	while (skip < len && is_blank(text[skip]))
		skip++;
	if (ret_skip)
		*ret_skip = skip;
	return len - skip;
}
