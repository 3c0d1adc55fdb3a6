/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bootargs.c - the kernel-argument contract: formatter and parser (bootargs.h). */
#include "bootargs.h"
#include "aoename.h"
#include "bytes.h"
#include "err.h"
#include "strbuf.h"

static bool ba_key_is(const char *key, size_t len, const char *want)
{
	size_t n = ar_strlen(want);

	return len == n && ar_memcmp(key, want, n) == 0;
}

/* An interface name the kernel could have and a command line can carry
 * unquoted (the kernel's dev_valid_name() forbids '/' ':' and isspace(),
 * which includes Latin-1 NBSP 0xA0 - the command line splits on it too;
 * ',' and '@' separate our list items; '"' would start a quote). */
static bool ba_ifname_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len >= BOOTARGS_IFNAME_MAX)
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c == 0x7f || c == 0xa0 || c == ':' || c == '/' ||
		    c == ',' || c == '"' || c == '@')
			return false;
	}
	return true;
}

void bootargs_init(struct bootargs *b)
{
	ar_memset(b, 0, sizeof(*b));
}

static int ba_format_netdevs(const struct bootargs *b, struct strbuf *sb)
{
	char tmp[MAC_STR_LEN + 1];
	size_t i;

	if (b->n_netdevs > BOOTARGS_MAX_NETDEVS)
		return AR_EINVAL;
	for (i = 0; i < b->n_netdevs; i++) {
		const struct bootargs_netdev *d = &b->netdevs[i];

		strbuf_puts(sb, i ? "," : "aoe_netdev=");
		if (d->by_mac) {
			aoename_mac_format(d->mac, tmp, sizeof(tmp));
			strbuf_puts(sb, tmp);
		} else {
			if (!ba_ifname_ok(d->name, ar_strnlen(d->name, BOOTARGS_IFNAME_MAX)))
				return AR_EINVAL;
			strbuf_puts(sb, d->name);
		}
	}
	return 0;
}

static int ba_format_members(const struct bootargs *b, struct strbuf *sb)
{
	char tmp[MAC_STR_LEN + 1];
	size_t i;

	if (b->n_members > BOOTARGS_MAX_MEMBERS)
		return AR_EINVAL;
	for (i = 0; i < b->n_members; i++) {
		const struct bootargs_member *m = &b->members[i];

		if (m->shelf == 0xffff || m->slot == 0xff)
			return AR_EINVAL;
		strbuf_puts(sb, i ? "," : (sb->len ? " aoe_md_devs=" : "aoe_md_devs="));
		aoe_name_format(m->shelf, m->slot, tmp, sizeof(tmp));
		strbuf_puts(sb, tmp);
		if (m->pinned) {
			aoename_mac_format(m->mac, tmp, sizeof(tmp));
			strbuf_puts(sb, "@");
			strbuf_puts(sb, tmp);
		}
	}
	return 0;
}

int bootargs_format(const struct bootargs *b, char *buf, size_t cap, size_t *ret_len)
{
	struct strbuf sb;
	char tmp[UUID_DASHED_LEN + 1];
	int err;

	if (cap == 0)
		return AR_ENOSPC;
	strbuf_init(&sb, buf, cap);
	err = ba_format_netdevs(b, &sb);
	if (!err)
		err = ba_format_members(b, &sb);
	if (err) {
		buf[0] = '\0';
		return err;
	}
	if (b->has_uuid) {
		aoename_uuid_format(b->uuid, UUID_STYLE_MDADM, tmp, sizeof(tmp));
		strbuf_puts(&sb, sb.len ? " aoe_md_uuid=" : "aoe_md_uuid=");
		strbuf_puts(&sb, tmp);
	}
	if (b->vlan) {
		if (b->vlan > 4094) {
			buf[0] = '\0';
			return AR_EINVAL;
		}
		aoename_vlan_arg_format(b->vlan, tmp, sizeof(tmp));
		if (sb.len)
			strbuf_puts(&sb, " ");
		strbuf_puts(&sb, tmp);
	}
	if (sb.full) {
		buf[0] = '\0';
		return AR_ENOSPC;
	}
	if (ret_len)
		*ret_len = sb.len;
	return 0;
}

/* The next comma-separated item of @v (@len bytes) from *@pos. */
static bool ba_next_item(const char *v, size_t len, size_t *pos,
			 const char **ret, size_t *ret_len)
{
	size_t s = *pos, e;

	if (s > len || (s == len && s != 0 && v[s - 1] != ','))
		return false;
	if (s == len && s == 0)
		return false;
	for (e = s; e < len && v[e] != ','; e++)
		;
	*ret = v + s;
	*ret_len = e - s;
	*pos = e + 1;
	return true;
}

static int ba_parse_netdevs(struct bootargs *b, const char *v, size_t len)
{
	struct bootargs_netdev nd[BOOTARGS_MAX_NETDEVS];
	const char *it;
	size_t pos = 0, n = 0, il;

	ar_memset(nd, 0, sizeof(nd));
	while (ba_next_item(v, len, &pos, &it, &il)) {
		if (n == BOOTARGS_MAX_NETDEVS)
			return AR_E2BIG;
		if (aoename_mac_parse(it, il, nd[n].mac) == 0) {
			nd[n].by_mac = true;
		} else {
			if (!ba_ifname_ok(it, il))
				return AR_EINVAL;
			ar_memcpy(nd[n].name, it, il);
		}
		n++;
	}
	if (n == 0)
		return AR_EINVAL;
	ar_memcpy(b->netdevs, nd, sizeof(nd));
	b->n_netdevs = n;
	return 0;
}

static int ba_parse_member(const char *it, size_t il, struct bootargs_member *m)
{
	size_t at;
	int err;

	for (at = 0; at < il && it[at] != '@'; at++)
		;
	if (at < il) {
		if (aoename_mac_parse(it + at + 1, il - at - 1, m->mac))
			return AR_EINVAL;
		m->pinned = true;
	}
	err = aoe_name_parse(it, at, &m->shelf, &m->slot);
	return err;
}

static int ba_parse_members(struct bootargs *b, const char *v, size_t len)
{
	struct bootargs_member m[BOOTARGS_MAX_MEMBERS];
	const char *it;
	size_t pos = 0, n = 0, il, j;
	int err;

	ar_memset(m, 0, sizeof(m));
	while (ba_next_item(v, len, &pos, &it, &il)) {
		if (n == BOOTARGS_MAX_MEMBERS)
			return AR_E2BIG;
		err = ba_parse_member(it, il, &m[n]);
		if (err)
			return err;
		for (j = 0; j < n; j++)
			if (m[j].shelf == m[n].shelf && m[j].slot == m[n].slot)
				return AR_EINVAL;
		n++;
	}
	if (n == 0)
		return AR_EINVAL;
	ar_memcpy(b->members, m, sizeof(m));
	b->n_members = n;
	return 0;
}

int bootargs_parse_arg(struct bootargs *b, const char *key, size_t key_len,
		       const char *val, size_t val_len)
{
	uint8_t uuid[16];
	uint16_t vid;
	int err;

	if (!ba_key_is(key, key_len, "aoe_netdev") && !ba_key_is(key, key_len, "aoe_md_devs") &&
	    !ba_key_is(key, key_len, "aoe_md_uuid") && !ba_key_is(key, key_len, "aoe_vlan"))
		return BOOTARGS_NOT_OURS;
	if (!val)
		return AR_EINVAL;
	if (ba_key_is(key, key_len, "aoe_netdev"))
		return ba_parse_netdevs(b, val, val_len);
	if (ba_key_is(key, key_len, "aoe_md_devs"))
		return ba_parse_members(b, val, val_len);
	if (ba_key_is(key, key_len, "aoe_md_uuid")) {
		/* aoename_uuid_parse_loose() stops at a NUL: one inside is not ours */
		if (ar_strnlen(val, val_len) != val_len || aoename_uuid_parse_loose(val, val_len, uuid))
			return AR_EINVAL;
		ar_memcpy(b->uuid, uuid, 16);
		b->has_uuid = true;
		return 0;
	}
	err = aoename_vlan_id_parse(val, val_len, &vid);
	if (err)
		return err;
	b->vlan = vid;
	return 0;
}

bool bootargs_same_members(const struct bootargs *a, const struct bootargs *b)
{
	size_t i, j;

	if (a->n_members != b->n_members)
		return false;
	for (i = 0; i < a->n_members; i++) {
		for (j = 0; j < b->n_members; j++)
			if (a->members[i].shelf == b->members[j].shelf &&
			    a->members[i].slot == b->members[j].slot)
				break;
		if (j == b->n_members)
			return false;
	}
	return true;
}
