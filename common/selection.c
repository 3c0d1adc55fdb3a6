/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * selection.c - the saved selection's text form (see selection.h).
 * Freestanding: no libc.
 */
#include "selection.h"
#include "bytes.h"
#include "err.h"

static const char hexdig[] = "0123456789abcdef";

static int hexval(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

int selection_format_mac(const uint8_t mac[6], char *buf, size_t cap)
{
	size_t i;

	if (cap < 18)
		return AR_ENOSPC;
	for (i = 0; i < 6; i++) {
		buf[i * 3] = hexdig[mac[i] >> 4];
		buf[i * 3 + 1] = hexdig[mac[i] & 15];
		buf[i * 3 + 2] = i < 5 ? ':' : '\0';
	}
	return 0;
}

int selection_format_uuid(const uint8_t uuid[16], char *buf, size_t cap)
{
	size_t i, o = 0;

	if (cap < 36)
		return AR_ENOSPC;
	for (i = 0; i < 16; i++) {
		if (i && i % 4 == 0)
			buf[o++] = ':';
		buf[o++] = hexdig[uuid[i] >> 4];
		buf[o++] = hexdig[uuid[i] & 15];
	}
	buf[o] = '\0';
	return 0;
}

/* Decimal of @v into @buf at *@o; false when it does not fit. */
static bool put_dec(char *buf, size_t cap, size_t *o, unsigned v)
{
	char tmp[10];
	size_t n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (*o + n >= cap)
		return false;
	while (n)
		buf[(*o)++] = tmp[--n];
	buf[*o] = '\0';
	return true;
}

int selection_format_name(uint16_t shelf, uint8_t slot, char *buf, size_t cap)
{
	size_t o = 0;

	if (cap < 2)
		return AR_ENOSPC;
	buf[o++] = 'e';
	if (!put_dec(buf, cap, &o, shelf) || o + 1 >= cap)
		return AR_ENOSPC;
	buf[o++] = '.';
	if (!put_dec(buf, cap, &o, slot))
		return AR_ENOSPC;
	return 0;
}

/* Parse a decimal without sign or leading zeros (other than "0"). */
static int parse_dec(const char *s, size_t len, unsigned max, unsigned *ret)
{
	unsigned v = 0;
	size_t i;

	if (len == 0 || len > 5 || (len > 1 && s[0] == '0'))
		return AR_EINVAL;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return AR_EINVAL;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v > max)
		return AR_EINVAL;
	*ret = v;
	return 0;
}

int selection_parse_name(const char *s, size_t len, uint16_t *ret_shelf, uint8_t *ret_slot)
{
	size_t dot;
	unsigned shelf, slot;

	if (len < 4 || s[0] != 'e')
		return AR_EINVAL;
	for (dot = 1; dot < len && s[dot] != '.'; dot++)
		;
	if (dot == len)
		return AR_EINVAL;
	if (parse_dec(s + 1, dot - 1, 65534, &shelf) ||
	    parse_dec(s + dot + 1, len - dot - 1, 254, &slot))
		return AR_EINVAL;
	*ret_shelf = (uint16_t)shelf;
	*ret_slot = (uint8_t)slot;
	return 0;
}

int selection_parse_mac(const char *s, size_t len, uint8_t ret_mac[6])
{
	uint8_t mac[6];
	size_t i;

	if (len != 17)
		return AR_EINVAL;
	for (i = 0; i < 6; i++) {
		int hi = hexval(s[i * 3]), lo = hexval(s[i * 3 + 1]);

		if (hi < 0 || lo < 0)
			return AR_EINVAL;
		if (i < 5 && s[i * 3 + 2] != ':' && s[i * 3 + 2] != '-')
			return AR_EINVAL;
		mac[i] = (uint8_t)(hi << 4 | lo);
	}
	ar_memcpy(ret_mac, mac, 6);
	return 0;
}

int selection_parse_uuid(const char *s, size_t len, uint8_t ret_uuid[16])
{
	/* Separator positions of the two accepted forms. */
	static const uint8_t mdadm_sep[] = { 8, 17, 26 };
	static const uint8_t std_sep[] = { 8, 13, 18, 23 };
	const uint8_t *sep;
	size_t n_sep, i, k = 0, o = 0;
	char sepc;
	uint8_t uuid[16];

	if (len == 35) {
		sep = mdadm_sep; n_sep = 3; sepc = ':';
	} else if (len == 36) {
		sep = std_sep; n_sep = 4; sepc = '-';
	} else {
		return AR_EINVAL;
	}
	for (i = 0; i < len;) {
		int hi, lo;

		if (k < n_sep && i == sep[k]) {
			if (s[i] != sepc)
				return AR_EINVAL;
			k++; i++;
			continue;
		}
		if (i + 1 >= len || o >= 16)
			return AR_EINVAL;
		hi = hexval(s[i]); lo = hexval(s[i + 1]);
		if (hi < 0 || lo < 0)
			return AR_EINVAL;
		uuid[o++] = (uint8_t)(hi << 4 | lo);
		i += 2;
	}
	if (o != 16)
		return AR_EINVAL;
	ar_memcpy(ret_uuid, uuid, 16);
	return 0;
}

/* Append @n bytes of @s; false when it does not fit with a NUL. */
static bool put_str(char *buf, size_t cap, size_t *o, const char *s, size_t n)
{
	if (*o + n >= cap)
		return false;
	ar_memcpy(buf + *o, s, n);
	*o += n;
	buf[*o] = '\0';
	return true;
}

int selection_format(const struct selection *sel, char *buf, size_t cap, size_t *ret_len)
{
	char tmp[40];
	size_t o = 0, i;

	if (sel->n_devs == 0 || sel->n_devs > SELECTION_MAX_DEVS)
		return AR_EINVAL;
	if (cap == 0)
		return AR_ENOSPC;
	buf[0] = '\0';
	selection_format_mac(sel->netdev, tmp, sizeof(tmp));
	if (!put_str(buf, cap, &o, "v1 netdev=", 10) || !put_str(buf, cap, &o, tmp, 17) ||
	    !put_str(buf, cap, &o, " devs=", 6))
		return AR_ENOSPC;
	for (i = 0; i < sel->n_devs; i++) {
		selection_format_name(sel->shelf[i], sel->slot[i], tmp, sizeof(tmp));
		if ((i && !put_str(buf, cap, &o, ",", 1)) ||
		    !put_str(buf, cap, &o, tmp, ar_strlen(tmp)))
			return AR_ENOSPC;
	}
	if (sel->has_uuid) {
		selection_format_uuid(sel->uuid, tmp, sizeof(tmp));
		if (!put_str(buf, cap, &o, " uuid=", 6) || !put_str(buf, cap, &o, tmp, 35))
			return AR_ENOSPC;
	}
	if (ret_len)
		*ret_len = o;
	return 0;
}

static int parse_devs(const char *v, size_t len, struct selection *sel)
{
	size_t start = 0, i;

	sel->n_devs = 0;
	for (i = 0; i <= len; i++) {
		if (i < len && v[i] != ',')
			continue;
		if (sel->n_devs == SELECTION_MAX_DEVS)
			return AR_EINVAL;
		if (selection_parse_name(v + start, i - start, &sel->shelf[sel->n_devs],
					 &sel->slot[sel->n_devs]))
			return AR_EINVAL;
		sel->n_devs++;
		start = i + 1;
	}
	return 0;
}

/* One "key=value" field; unknown keys are ignored. */
static int parse_field(const char *f, size_t len, struct selection *sel, unsigned *seen)
{
	size_t eq;

	for (eq = 0; eq < len && f[eq] != '='; eq++)
		;
	if (eq == 0 || eq == len)
		return AR_EINVAL;
	if (eq == 6 && !ar_memcmp(f, "netdev", 6)) {
		*seen |= 1;
		return selection_parse_mac(f + 7, len - 7, sel->netdev);
	}
	if (eq == 4 && !ar_memcmp(f, "devs", 4)) {
		*seen |= 2;
		return parse_devs(f + 5, len - 5, sel);
	}
	if (eq == 4 && !ar_memcmp(f, "uuid", 4)) {
		sel->has_uuid = true;
		return selection_parse_uuid(f + 5, len - 5, sel->uuid);
	}
	return 0;
}

int selection_parse(const char *text, size_t len, struct selection *ret_sel)
{
	struct selection sel;
	unsigned seen = 0;
	size_t i, start;
	int err;

	while (len && (text[len - 1] == '\0' || text[len - 1] == '\n'))
		len--;
	if (len < 2 || text[0] != 'v')
		return AR_EINVAL;
	if (len < 3 || text[1] != '1' || text[2] != ' ')
		return (len >= 2 && text[1] >= '0' && text[1] <= '9' && text[1] != '1') ?
			AR_ENOTSUP : AR_EINVAL;
	ar_memset(&sel, 0, sizeof(sel));
	for (start = 3, i = 3; i <= len; i++) {
		if (i < len && text[i] != ' ')
			continue;
		err = parse_field(text + start, i - start, &sel, &seen);
		if (err)
			return err;
		start = i + 1;
	}
	if (seen != 3)
		return AR_EINVAL;
	*ret_sel = sel;
	return 0;
}
