/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dhcp.c - DHCP options, the aoe: root path and the homehost match (see
 * dhcp.h). Every length is checked before it is read: the packet comes
 * from the network through the firmware.
 */
#include "dhcp.h"
#include "aoename.h"
#include "selection.h"
#include "bytes.h"
#include "err.h"

/* Search one options area; *overload is set from option 52 when seen. */
static int dhcp_scan(const uint8_t *p, size_t len, uint8_t code, bool area_main,
		     unsigned *overload, const uint8_t **ret_val, size_t *ret_len)
{
	size_t i = 0;

	while (i < len) {
		uint8_t c = p[i], l;

		if (c == DHCP_OPT_END)
			return AR_ENOENT;
		if (c == DHCP_OPT_PAD) {
			i++;
			continue;
		}
		if (i + 1 >= len)
			return AR_EBADMSG;
		l = p[i + 1];
		if ((size_t)l > len - i - 2)
			return AR_EBADMSG;
		if (c == code) {
			*ret_val = p + i + 2;
			*ret_len = l;
			return 0;
		}
		if (area_main && c == DHCP_OPT_OVERLOAD && l == 1)
			*overload = p[i + 2];
		i += 2u + l;
	}
	/* An area may end without END (the fixed fields are padded). */
	return AR_ENOENT;
}

int dhcp_option(const uint8_t *pkt, size_t len, uint8_t code,
		const uint8_t **ret_val, size_t *ret_len)
{
	unsigned overload = 0;
	int rc;

	if (!pkt || len < DHCP_OFF_OPTIONS || get_be32(pkt + DHCP_OFF_COOKIE) != DHCP_COOKIE)
		return AR_EBADMSG;
	if (code == DHCP_OPT_PAD || code == DHCP_OPT_END)
		return AR_EINVAL;
	rc = dhcp_scan(pkt + DHCP_OFF_OPTIONS, len - DHCP_OFF_OPTIONS, code, true,
		       &overload, ret_val, ret_len);
	if (rc != AR_ENOENT)
		return rc;
	if (overload & 1) {
		rc = dhcp_scan(pkt + DHCP_OFF_FILE, DHCP_FILE_LEN, code, false,
			       &overload, ret_val, ret_len);
		if (rc != AR_ENOENT)
			return rc;
	}
	if (overload & 2)
		return dhcp_scan(pkt + DHCP_OFF_SNAME, DHCP_SNAME_LEN, code, false,
				 &overload, ret_val, ret_len);
	return AR_ENOENT;
}

size_t dhcp_text_len(const char *s, size_t len)
{
	while (len && (s[len - 1] == '\0' || s[len - 1] == ' ' ||
		       s[len - 1] == '\n' || s[len - 1] == '\r' || s[len - 1] == '\t'))
		len--;
	return len;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool prefix_ci(const char *s, size_t len, const char *pre)
{
	size_t i;

	for (i = 0; pre[i]; i++)
		if (i >= len || lower(s[i]) != pre[i])
			return false;
	return true;
}

static int rootpath_list(const char *s, size_t len, struct rootpath *r)
{
	size_t start = 0, i, k;

	r->kind = ROOTPATH_LIST;
	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != ',')
			continue;
		if (r->n_devs == ROOTPATH_MAX_DEVS ||
		    selection_parse_name(s + start, i - start, &r->shelf[r->n_devs],
					 &r->slot[r->n_devs]))
			return AR_EINVAL;
		for (k = 0; k < r->n_devs; k++)
			if (r->shelf[k] == r->shelf[r->n_devs] && r->slot[k] == r->slot[r->n_devs])
				return AR_EINVAL;
		r->n_devs++;
		start = i + 1;
	}
	return 0;
}

int rootpath_parse(const char *s, size_t len, struct rootpath *ret)
{
	struct rootpath r;
	int rc;

	if (!s || !ret)
		return AR_EINVAL;
	len = dhcp_text_len(s, len);
	if (!prefix_ci(s, len, "aoe:"))
		return AR_ENOTSUP;
	s += 4;
	len -= 4;
	ar_memset(&r, 0, sizeof(r));
	if (prefix_ci(s, len, "uuid=")) {
		r.kind = ROOTPATH_UUID;
		rc = aoename_uuid_parse(s + 5, len - 5, r.uuid);
	} else {
		rc = rootpath_list(s, len, &r);
	}
	if (rc)
		return AR_EINVAL;
	*ret = r;
	return 0;
}

bool dhcp_hostname_matches(const char *md_name, const char *host, size_t host_len)
{
	size_t n = 0, label, i;

	if (!md_name || !host)
		return false;
	host_len = dhcp_text_len(host, host_len);
	while (md_name[n] && md_name[n] != ':')
		n++;
	if (!md_name[n] || !n || !host_len)
		return false;
	for (label = 0; label < host_len && host[label] != '.'; label++)
		;
	if (n != host_len && n != label)
		return false;
	for (i = 0; i < n; i++)
		if (lower(md_name[i]) != lower(host[i]))
			return false;
	return true;
}
