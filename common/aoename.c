/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * aoename.c - target names, MACs and UUIDs as users write them (aoename.h).
 */
#include "aoename.h"
#include "bytes.h"
#include "err.h"

#define NAME_SATURATE 0x100000u  /* above any shelf: stop growing there */

static int hex_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static const char hex_digits[] = "0123456789abcdef";

/* Decimal digits at s[*i..len): at least one; saturates instead of wrapping. */
static bool dec_read(const char *s, size_t len, size_t *i, uint32_t *ret)
{
	uint32_t v = 0;
	size_t start = *i;

	for (; *i < len && s[*i] >= '0' && s[*i] <= '9'; (*i)++) {
		v = v * 10 + (uint32_t)(s[*i] - '0');
		if (v > NAME_SATURATE)
			v = NAME_SATURATE;
	}
	*ret = v;
	return *i > start;
}

int aoe_name_parse(const char *s, size_t len, uint16_t *ret_shelf, uint8_t *ret_slot)
{
	uint32_t shelf, slot;
	size_t i = 1;

	if (len < 4 || s[0] != 'e')
		return AR_EINVAL;
	if (!dec_read(s, len, &i, &shelf) || i >= len || s[i] != '.')
		return AR_EINVAL;
	i++;
	if (!dec_read(s, len, &i, &slot) || i != len)
		return AR_EINVAL;
	if (shelf >= 0xFFFF || slot >= 0xFF)
		return AR_ERANGE;
	*ret_shelf = (uint16_t)shelf;
	*ret_slot = (uint8_t)slot;
	return 0;
}

int aoename_vlan_id_parse(const char *s, size_t len, uint16_t *ret_vid)
{
	uint32_t v;
	size_t i = 0;

	if (!dec_read(s, len, &i, &v) || i != len || (len > 1 && s[0] == '0'))
		return AR_EINVAL;
	if (v < 1 || v > 4094)
		return AR_ERANGE;
	*ret_vid = (uint16_t)v;
	return 0;
}

int aoe_name_format(uint16_t shelf, uint8_t slot, char *buf, size_t cap)
{
	char tmp[AOE_NAME_MAX];
	size_t n = 0;

	tmp[n++] = 'e';
	n += ar_dec(tmp + n, shelf);
	tmp[n++] = '.';
	n += ar_dec(tmp + n, slot);
	tmp[n] = '\0';
	if (n >= cap) {
		if (cap)
			buf[0] = '\0';
		return AR_ENOSPC;
	}
	ar_memcpy(buf, tmp, n + 1);
	return 0;
}

/*
 * Hex byte groups: @groups[k] bytes each, separated by @sep; exactly @len
 * characters, filling @nbytes bytes of @out.
 */
static int hex_groups(const char *s, size_t len, const uint8_t *groups,
		      size_t ngroups, char sep, uint8_t *out, size_t nbytes)
{
	size_t g, b, i = 0, o = 0;

	for (g = 0; g < ngroups; g++) {
		if (g) {
			if (i >= len || s[i] != sep)
				return AR_EINVAL;
			i++;
		}
		for (b = 0; b < groups[g]; b++, i += 2) {
			int hi, lo;

			if (i + 2 > len || o >= nbytes)
				return AR_EINVAL;
			hi = hex_val(s[i]);
			lo = hex_val(s[i + 1]);
			if (hi < 0 || lo < 0)
				return AR_EINVAL;
			out[o++] = (uint8_t)(hi << 4 | lo);
		}
	}
	return i == len && o == nbytes ? 0 : AR_EINVAL;
}

int aoename_mac_parse(const char *s, size_t len, uint8_t ret_mac[6])
{
	static const uint8_t groups[6] = { 1, 1, 1, 1, 1, 1 };
	uint8_t mac[6];
	int rc;

	if (len != MAC_STR_LEN || (s[2] != ':' && s[2] != '-'))
		return AR_EINVAL;
	rc = hex_groups(s, len, groups, 6, s[2], mac, 6);
	if (!rc)
		ar_memcpy(ret_mac, mac, 6);
	return rc;
}

/* Write @n bytes as hex, a @sep after the bytes whose index is in @breaks. */
static size_t hex_write(char *p, const uint8_t *v, size_t n, char sep, uint32_t breaks)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		p[k++] = hex_digits[v[i] >> 4];
		p[k++] = hex_digits[v[i] & 15];
		if (breaks >> i & 1)
			p[k++] = sep;
	}
	p[k] = '\0';
	return k;
}

int aoename_mac_format(const uint8_t mac[6], char *buf, size_t cap)
{
	if (cap < MAC_STR_LEN + 1)
		return AR_ENOSPC;
	hex_write(buf, mac, 6, ':', 0x1F);
	return 0;
}

int aoename_uuid_parse(const char *s, size_t len, uint8_t ret_uuid[16])
{
	static const uint8_t mdadm[4] = { 4, 4, 4, 4 };
	static const uint8_t dashed[5] = { 4, 2, 2, 2, 6 };
	uint8_t uuid[16];
	int rc;

	if (len == UUID_MDADM_LEN)
		rc = hex_groups(s, len, mdadm, 4, ':', uuid, 16);
	else if (len == UUID_DASHED_LEN)
		rc = hex_groups(s, len, dashed, 5, '-', uuid, 16);
	else
		rc = AR_EINVAL;
	if (!rc)
		ar_memcpy(ret_uuid, uuid, 16);
	return rc;
}

static bool uuid_separator(char c)
{
	return c == ':' || c == '-' || c == '.' || c == ' ';
}

int aoename_uuid_parse_loose(const char *s, size_t len, uint8_t ret_uuid[16])
{
	size_t i, nib = 0;

	if (!s || !ret_uuid)
		return AR_EINVAL;
	for (i = 0; i < len && s[i]; i++) {
		int v = hex_val(s[i]);

		if (v < 0) {
			if (uuid_separator(s[i]))
				continue;
			return AR_EINVAL;
		}
		if (nib >= 32)
			return AR_EINVAL;
		if (nib % 2 == 0)
			ret_uuid[nib / 2] = (uint8_t)(v << 4);
		else
			ret_uuid[nib / 2] |= (uint8_t)v;
		nib++;
	}
	return nib == 32 ? 0 : AR_EINVAL;
}

int aoename_uuid_format(const uint8_t uuid[16], enum uuid_style style, char *buf, size_t cap)
{
	/* bit i set: a separator after byte i */
	const uint32_t mdadm = 1u << 3 | 1u << 7 | 1u << 11;
	const uint32_t dashed = 1u << 3 | 1u << 5 | 1u << 7 | 1u << 9;

	static const size_t len[] = {
		[UUID_STYLE_MDADM] = UUID_MDADM_LEN,
		[UUID_STYLE_DASHED] = UUID_DASHED_LEN,
		[UUID_STYLE_HEX] = UUID_HEX_LEN,
	};

	if ((unsigned)style > UUID_STYLE_HEX)
		return AR_EINVAL;
	if (cap < len[style] + 1u)
		return AR_ENOSPC;
	if (style == UUID_STYLE_MDADM)
		hex_write(buf, uuid, 16, ':', mdadm);
	else if (style == UUID_STYLE_DASHED)
		hex_write(buf, uuid, 16, '-', dashed);
	else
		hex_write(buf, uuid, 16, 0, 0);
	return 0;
}

int aoename_vlan_arg_format(uint16_t vid, char *buf, size_t cap)
{
	static const char key[] = "aoe_vlan=";
	char tmp[VLAN_ARG_MAX];
	size_t n = sizeof(key) - 1;

	if (cap)
		buf[0] = 0;
	if (vid < 1 || vid > 4094)
		return AR_EINVAL;
	ar_memcpy(tmp, key, n);
	n += ar_dec(tmp + n, vid);
	tmp[n++] = 0;
	if (cap < n)
		return AR_ENOSPC;
	ar_memcpy(buf, tmp, n);
	return 0;
}
