/* SPDX-License-Identifier: GPL-3.0-or-later */
/* handoff.c - the handoff record to Linux: build, pack, parse (handoff.h). */
#include "handoff.h"
#include "aoename.h"
#include "bootargs.h"
#include "bytes.h"
#include "err.h"
#include "mdsb.h"
#include "picker.h"
#include "strbuf.h"

_Static_assert(HANDOFF_OFF_CRC + 4 <= HANDOFF_HDR_LEN, "header fields fit");
_Static_assert(HANDOFF_OFF_UUID + 16 <= HANDOFF_OFF_CRC, "uuid before crc");
_Static_assert(HANDOFF_M_OFF_EVENTS + 8 <= HANDOFF_MEMBER_LEN, "entry fields fit");
_Static_assert((int)HANDOFF_MAX_MEMBERS == (int)BOOTARGS_MAX_MEMBERS, "one member limit");
_Static_assert((int)PICKER_RULE_ROOTPATH_LIST == (int)HANDOFF_RULE_ROOTPATH_LIST &&
	       (int)PICKER_RULE_ONLY_ARRAY == (int)HANDOFF_RULE_ONLY_ARRAY,
	       "picker rules map one to one");

static const uint8_t handoff_sig[4] = { 'A', 'O', 'E', 'H' };

/* CRC-32 (IEEE 802.3, reflected, as zlib's crc32()), bit by bit: a record
 * is at most a few hundred bytes, read once per boot. Start with
 * 0xffffffff, invert at the end. */
static uint32_t handoff_crc_update(uint32_t c, const uint8_t *p, size_t len)
{
	size_t i;
	int k;

	for (i = 0; i < len; i++) {
		c ^= p[i];
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
	}
	return c;
}

/* The CRC of a record of @len bytes (> the CRC field) with its CRC field
 * taken as zero. */
static uint32_t handoff_crc(const uint8_t *buf, size_t len)
{
	static const uint8_t zero[4];
	uint32_t c = 0xffffffffu;

	c = handoff_crc_update(c, buf, HANDOFF_OFF_CRC);
	c = handoff_crc_update(c, zero, 4);
	c = handoff_crc_update(c, buf + HANDOFF_OFF_CRC + 4, len - HANDOFF_OFF_CRC - 4);
	return ~c;
}

void handoff_init(struct handoff *h, enum handoff_writer writer,
		  const uint8_t nic_mac[6], uint16_t vlan, enum handoff_rule rule)
{
	ar_memset(h, 0, sizeof(*h));
	h->version = HANDOFF_VERSION;
	h->writer = (uint8_t)writer;
	h->rule = (uint8_t)rule;
	h->vlan = vlan;
	ar_memcpy(h->nic_mac, nic_mac, 6);
}

static void handoff_set_degraded(struct handoff *h)
{
	size_t i, n_md = 0;

	for (i = 0; i < h->n_members; i++)
		n_md += (h->m[i].flags & (HANDOFF_MF_MD | HANDOFF_MF_READD)) == HANDOFF_MF_MD;
	if (h->raid_disks && n_md < h->raid_disks)
		h->flags |= HANDOFF_F_DEGRADED;
	else
		h->flags &= (uint8_t)~HANDOFF_F_DEGRADED;
}

static int handoff_put(struct handoff *h, uint16_t shelf, uint8_t slot,
		       const uint8_t mac[6], const struct mdsb_info *md, uint8_t flags)
{
	struct handoff_member *m;
	size_t i;

	for (i = 0; i < h->n_members; i++)
		if (h->m[i].shelf == shelf && h->m[i].slot == slot)
			return AR_EEXIST;
	if (h->n_members == HANDOFF_MAX_MEMBERS)
		return AR_E2BIG;
	/* ascending shelf.slot, whatever the scan order: the arguments made
	 * from the record read the same on every boot */
	for (i = h->n_members; i > 0 && ((uint32_t)h->m[i - 1].shelf << 8 | h->m[i - 1].slot) >
	     ((uint32_t)shelf << 8 | slot); i--)
		h->m[i] = h->m[i - 1];
	h->n_members++;
	m = &h->m[i];
	ar_memset(m, 0, sizeof(*m));
	m->shelf = shelf;
	m->slot = slot;
	ar_memcpy(m->mac, mac, 6);
	m->role = (uint32_t)HANDOFF_ROLE_NONE;
	m->flags = flags;
	if (md) {
		m->flags |= HANDOFF_MF_MD;
		m->role = md->role;
		m->events = md->events;
		if (!(h->flags & HANDOFF_F_HAS_UUID)) {
			ar_memcpy(h->uuid, md->uuid, 16);
			h->flags |= HANDOFF_F_HAS_UUID;
			h->raid_disks = (uint16_t)(md->raid_disks > 0xffff ? 0xffff : md->raid_disks);
		}
	}
	handoff_set_degraded(h);
	return 0;
}

int handoff_add(struct handoff *h, uint16_t shelf, uint8_t slot,
		const uint8_t mac[6], const struct mdsb_info *md)
{
	return handoff_put(h, shelf, slot, mac, md, 0);
}

int handoff_add_readd(struct handoff *h, uint16_t shelf, uint8_t slot,
		      const uint8_t mac[6], const struct mdsb_info *md)
{
	return handoff_put(h, shelf, slot, mac, md, HANDOFF_MF_READD);
}

void handoff_keep(struct handoff *h, handoff_keep_fn *keep, void *ctx)
{
	size_t i, n = 0, used = 0;

	for (i = 0; i < h->n_members; i++) {
		bool readd = (h->m[i].flags & HANDOFF_MF_READD) != 0;

		if (!readd && !keep(ctx, h->m[i].shelf, h->m[i].slot))
			continue;
		used += !readd;
		h->m[n++] = h->m[i];
	}
	h->n_members = used ? n : 0;
	if (!used) {
		h->flags &= (uint8_t)~HANDOFF_F_HAS_UUID;
		h->raid_disks = 0;
		ar_memset(h->uuid, 0, 16);
	}
	handoff_set_degraded(h);
}

static bool handoff_member_ok(const struct handoff_member *m)
{
	return m->shelf != 0xffff && m->slot != 0xff;
}

int handoff_pack(const struct handoff *h, uint8_t *buf, size_t cap, size_t *ret_len)
{
	size_t i, len = HANDOFF_HDR_LEN + h->n_members * HANDOFF_MEMBER_LEN;

	if (h->n_members > HANDOFF_MAX_MEMBERS || h->vlan > 4094 ||
	    h->rule >= HANDOFF_RULE_COUNT || h->writer >= HANDOFF_WRITER_COUNT)
		return AR_EINVAL;
	for (i = 0; i < h->n_members; i++)
		if (!handoff_member_ok(&h->m[i]))
			return AR_EINVAL;
	if (cap < len)
		return AR_ENOSPC;
	ar_memset(buf, 0, len);
	ar_memcpy(buf + HANDOFF_OFF_SIG, handoff_sig, 4);
	put_le16(buf + HANDOFF_OFF_VERSION, HANDOFF_VERSION);
	put_le16(buf + HANDOFF_OFF_HDR_LEN, HANDOFF_HDR_LEN);
	put_le32(buf + HANDOFF_OFF_TOTAL_LEN, (uint32_t)len);
	put_le16(buf + HANDOFF_OFF_MEMBER_LEN, HANDOFF_MEMBER_LEN);
	buf[HANDOFF_OFF_N_MEMBERS] = (uint8_t)h->n_members;
	buf[HANDOFF_OFF_FLAGS] = h->flags;
	buf[HANDOFF_OFF_RULE] = h->rule;
	buf[HANDOFF_OFF_WRITER] = h->writer;
	put_le16(buf + HANDOFF_OFF_VLAN, h->vlan);
	ar_memcpy(buf + HANDOFF_OFF_NIC_MAC, h->nic_mac, 6);
	put_le16(buf + HANDOFF_OFF_RAID_DISKS, h->raid_disks);
	ar_memcpy(buf + HANDOFF_OFF_UUID, h->uuid, 16);
	for (i = 0; i < h->n_members; i++) {
		uint8_t *e = buf + HANDOFF_HDR_LEN + i * HANDOFF_MEMBER_LEN;

		put_le16(e + HANDOFF_M_OFF_SHELF, h->m[i].shelf);
		e[HANDOFF_M_OFF_SLOT] = h->m[i].slot;
		e[HANDOFF_M_OFF_FLAGS] = h->m[i].flags;
		ar_memcpy(e + HANDOFF_M_OFF_MAC, h->m[i].mac, 6);
		put_le32(e + HANDOFF_M_OFF_ROLE, h->m[i].role);
		put_le64(e + HANDOFF_M_OFF_EVENTS, h->m[i].events);
	}
	put_le32(buf + HANDOFF_OFF_CRC, handoff_crc(buf, len));
	*ret_len = len;
	return 0;
}

/* The lengths the header claims, checked against @len and each other. */
static int handoff_parse_lengths(const uint8_t *buf, size_t len, size_t *ret_hdr,
				 size_t *ret_mlen, size_t *ret_n)
{
	size_t hdr = get_le16(buf + HANDOFF_OFF_HDR_LEN);
	size_t mlen = get_le16(buf + HANDOFF_OFF_MEMBER_LEN);
	size_t n = buf[HANDOFF_OFF_N_MEMBERS];
	size_t total = get_le32(buf + HANDOFF_OFF_TOTAL_LEN);

	if (hdr < HANDOFF_HDR_LEN || mlen < HANDOFF_MEMBER_LEN || total != len)
		return AR_EMSGSIZE;
	/* hdr and mlen are at most 65535 and n at most 255: no overflow */
	if (hdr + n * mlen != total)
		return AR_EMSGSIZE;
	if (n > HANDOFF_MAX_MEMBERS)
		return AR_EBADMSG;
	*ret_hdr = hdr;
	*ret_mlen = mlen;
	*ret_n = n;
	return 0;
}

static int handoff_check_crc(const uint8_t *buf, size_t len)
{
	return handoff_crc(buf, len) == get_le32(buf + HANDOFF_OFF_CRC) ? 0 : AR_ECHECKSUM;
}

static int handoff_parse_members(const uint8_t *buf, size_t hdr, size_t mlen,
				 struct handoff *h)
{
	size_t i, j;

	for (i = 0; i < h->n_members; i++) {
		const uint8_t *e = buf + hdr + i * mlen;
		struct handoff_member *m = &h->m[i];

		m->shelf = get_le16(e + HANDOFF_M_OFF_SHELF);
		m->slot = e[HANDOFF_M_OFF_SLOT];
		m->flags = e[HANDOFF_M_OFF_FLAGS];
		ar_memcpy(m->mac, e + HANDOFF_M_OFF_MAC, 6);
		m->role = get_le32(e + HANDOFF_M_OFF_ROLE);
		m->events = get_le64(e + HANDOFF_M_OFF_EVENTS);
		if (!handoff_member_ok(m))
			return AR_EBADMSG;
		for (j = 0; j < i; j++)
			if (h->m[j].shelf == m->shelf && h->m[j].slot == m->slot)
				return AR_EBADMSG;
	}
	return 0;
}

int handoff_parse(const uint8_t *buf, size_t len, struct handoff *ret)
{
	struct handoff h;
	size_t hdr, mlen, n;
	int err;

	if (len < 8)
		return AR_EMSGSIZE;
	if (ar_memcmp(buf, handoff_sig, 4))
		return AR_EPROTO;
	if (get_le16(buf + HANDOFF_OFF_VERSION) != HANDOFF_VERSION)
		return AR_ENOTSUP;
	if (len < HANDOFF_HDR_LEN)
		return AR_EMSGSIZE;
	err = handoff_parse_lengths(buf, len, &hdr, &mlen, &n);
	if (!err)
		err = handoff_check_crc(buf, len);
	if (err)
		return err;
	ar_memset(&h, 0, sizeof(h));
	h.version = HANDOFF_VERSION;
	h.n_members = n;
	h.flags = buf[HANDOFF_OFF_FLAGS];
	h.rule = buf[HANDOFF_OFF_RULE];
	h.writer = buf[HANDOFF_OFF_WRITER];
	h.vlan = get_le16(buf + HANDOFF_OFF_VLAN);
	ar_memcpy(h.nic_mac, buf + HANDOFF_OFF_NIC_MAC, 6);
	h.raid_disks = get_le16(buf + HANDOFF_OFF_RAID_DISKS);
	ar_memcpy(h.uuid, buf + HANDOFF_OFF_UUID, 16);
	if (h.vlan > 4094 || h.rule >= HANDOFF_RULE_COUNT || h.writer >= HANDOFF_WRITER_COUNT)
		return AR_EBADMSG;
	err = handoff_parse_members(buf, hdr, mlen, &h);
	if (err)
		return err;
	*ret = h;
	return 0;
}

void handoff_to_bootargs(const struct handoff *h, struct bootargs *ret)
{
	size_t i;

	bootargs_init(ret);
	ret->n_netdevs = 1;
	ret->netdevs[0].by_mac = true;
	ar_memcpy(ret->netdevs[0].mac, h->nic_mac, 6);
	for (i = 0; i < h->n_members && i < BOOTARGS_MAX_MEMBERS; i++) {
		ret->members[i].shelf = h->m[i].shelf;
		ret->members[i].slot = h->m[i].slot;
	}
	ret->n_members = i;
	ret->has_uuid = (h->flags & HANDOFF_F_HAS_UUID) != 0;
	if (ret->has_uuid)
		ar_memcpy(ret->uuid, h->uuid, 16);
	ret->vlan = h->vlan;
}

enum handoff_rule handoff_rule_of(int source, int rule, bool person)
{
	switch (source) {
	case PICKER_SRC_AUTO:
		return rule > PICKER_RULE_NONE && rule <= PICKER_RULE_ONLY_ARRAY ?
			(enum handoff_rule)rule : HANDOFF_RULE_NONE;
	case PICKER_SRC_SAVED:
		return HANDOFF_RULE_SAVED;
	case PICKER_SRC_USER:
		return person ? HANDOFF_RULE_PERSON : HANDOFF_RULE_LIST;
	default:
		return HANDOFF_RULE_NONE;
	}
}

const char *handoff_rule_text(unsigned rule)
{
	static const char *const t[HANDOFF_RULE_COUNT] = {
		"not said", "DHCP root path (members)", "DHCP root path (uuid)",
		"DHCP host name", "only array visible", "saved selection",
		"configured list", "a person at the picker",
	};

	return rule < HANDOFF_RULE_COUNT ? t[rule] : "?";
}

const char *handoff_writer_text(unsigned writer)
{
	static const char *const t[HANDOFF_WRITER_COUNT] = {
		"not said", "GRUB aoe.mod", "aoeboot.efi (kernel mode)",
		"aoeboot.efi (publish mode)",
	};

	return writer < HANDOFF_WRITER_COUNT ? t[writer] : "?";
}

static void hd_member(struct strbuf *sb, const struct handoff_member *m)
{
	char tmp[UUID_DASHED_LEN + 1];

	strbuf_puts(sb, "member ");
	aoe_name_format(m->shelf, m->slot, tmp, sizeof(tmp));
	strbuf_puts(sb, tmp);
	strbuf_puts(sb, " mac ");
	aoename_mac_format(m->mac, tmp, sizeof(tmp));
	strbuf_puts(sb, tmp);
	if (m->flags & HANDOFF_MF_READD)
		strbuf_puts(sb, " re-add (not attached: stale, /init adds it back)");
	if (!(m->flags & HANDOFF_MF_MD)) {
		strbuf_puts(sb, " no-md\n");
		return;
	}
	strbuf_puts(sb, " role ");
	if (m->role < MDSB_ROLE_MAX)
		strbuf_putu(sb, m->role);
	else
		strbuf_puts(sb, m->role == MDSB_ROLE_SPARE ? "spare" :
			m->role == MDSB_ROLE_FAULTY ? "faulty" : "other");
	strbuf_puts(sb, " events ");
	strbuf_putu(sb, m->events);
	strbuf_puts(sb, "\n");
}

int handoff_describe(const struct handoff *h, char *buf, size_t cap)
{
	struct strbuf sb;
	char tmp[UUID_DASHED_LEN + 1];
	size_t i;

	strbuf_init(&sb, buf, cap);
	strbuf_puts(&sb, "version ");
	strbuf_putu(&sb, h->version);
	strbuf_puts(&sb, "\nwriter ");
	strbuf_puts(&sb, handoff_writer_text(h->writer));
	strbuf_puts(&sb, "\nrule ");
	strbuf_puts(&sb, handoff_rule_text(h->rule));
	strbuf_puts(&sb, "\nnic ");
	aoename_mac_format(h->nic_mac, tmp, sizeof(tmp));
	strbuf_puts(&sb, tmp);
	strbuf_puts(&sb, "\nvlan ");
	if (h->vlan)
		strbuf_putu(&sb, h->vlan);
	else
		strbuf_puts(&sb, "none");
	strbuf_puts(&sb, "\narray ");
	if (h->flags & HANDOFF_F_HAS_UUID) {
		aoename_uuid_format(h->uuid, UUID_STYLE_MDADM, tmp, sizeof(tmp));
		strbuf_puts(&sb, tmp);
		strbuf_puts(&sb, " raid-disks ");
		strbuf_putu(&sb, h->raid_disks);
	} else {
		strbuf_puts(&sb, "none");
	}
	strbuf_puts(&sb, "\ndegraded ");
	strbuf_puts(&sb, h->flags & HANDOFF_F_DEGRADED ? "yes" : "no");
	strbuf_puts(&sb, "\npublished ");
	strbuf_puts(&sb, h->flags & HANDOFF_F_PUBLISHED ? "yes (UEFI disks)" : "no");
	strbuf_puts(&sb, "\n");
	for (i = 0; i < h->n_members; i++)
		hd_member(&sb, &h->m[i]);
	return sb.full ? AR_ENOSPC : 0;
}
