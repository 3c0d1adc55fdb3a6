/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * selection.c - the saved selection's text form (see selection.h).
 * Freestanding: no libc.
 */
#include "selection.h"
#include "strbuf.h"
#include "aoename.h"
#include "bytes.h"
#include "err.h"

/*
 * The names, MACs and UUIDs of a selection are spelled exactly as everywhere
 * else in aoeroot: aoename.c reads and writes them. A saved name must be
 * canonical besides, which aoename alone does not check.
 */
int selection_parse_name(const char *s, size_t len, uint16_t *ret_shelf, uint8_t *ret_slot)
{
	char canon[AOE_NAME_MAX];
	uint16_t shelf;
	uint8_t slot;

	/* A saved selection holds canonical names only ("e1.0", never
	 * "e01.0"): parse, then insist the text is what we would write. */
	if (aoe_name_parse(s, len, &shelf, &slot) ||
	    aoe_name_format(shelf, slot, canon, sizeof(canon)) ||
	    ar_strlen(canon) != len || ar_memcmp(canon, s, len))
		return AR_EINVAL;
	*ret_shelf = shelf;
	*ret_slot = slot;
	return 0;
}

int selection_format(const struct selection *sel, char *buf, size_t cap, size_t *ret_len)
{
	char tmp[40];
	struct strbuf sb;
	size_t i;

	if (sel->n_devs == 0 || sel->n_devs > SELECTION_MAX_DEVS)
		return AR_EINVAL;
	if (cap == 0)
		return AR_ENOSPC;
	strbuf_init(&sb, buf, cap);
	aoename_mac_format(sel->netdev, tmp, sizeof(tmp));
	strbuf_puts(&sb, "v1 netdev=");
	strbuf_putn(&sb, tmp, 17);
	strbuf_puts(&sb, " devs=");
	for (i = 0; i < sel->n_devs; i++) {
		aoe_name_format(sel->shelf[i], sel->slot[i], tmp, sizeof(tmp));
		if (i)
			strbuf_puts(&sb, ",");
		strbuf_puts(&sb, tmp);
	}
	if (sel->has_uuid) {
		aoename_uuid_format(sel->uuid, UUID_STYLE_MDADM, tmp, sizeof(tmp));
		strbuf_puts(&sb, " uuid=");
		strbuf_putn(&sb, tmp, 35);
	}
	if (sb.full)
		return AR_ENOSPC;
	if (ret_len)
		*ret_len = sb.len;
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
		return aoename_mac_parse(f + 7, len - 7, sel->netdev);
	}
	if (eq == 4 && !ar_memcmp(f, "devs", 4)) {
		*seen |= 2;
		return parse_devs(f + 5, len - 5, sel);
	}
	if (eq == 4 && !ar_memcmp(f, "uuid", 4)) {
		sel->has_uuid = true;
		return aoename_uuid_parse(f + 5, len - 5, sel->uuid);
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
