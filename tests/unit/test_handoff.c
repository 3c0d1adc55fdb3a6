/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_handoff.c - the handoff record to Linux: golden bytes of version 1
 * (docs/handoff.md), pack -> parse round trips, every refusal of parse.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "handoff.h"
#include "bootargs.h"
#include "mdsb.h"
#include "err.h"

static const uint8_t nic[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const uint8_t mac1[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
static const uint8_t mac2[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 };
static const uint8_t uuid_x[16] = { 0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f, 0x60, 0x71,
				    0x82, 0x93, 0xa4, 0xb5, 0xc6, 0xd7, 0xe8, 0xf9 };

static void md_fill(struct mdsb_info *md, uint32_t role, uint64_t events)
{
	memset(md, 0, sizeof(*md));
	memcpy(md->uuid, uuid_x, 16);
	md->raid_disks = 2;
	md->role = role;
	md->events = events;
}

static size_t two_members(uint8_t *buf, struct handoff *h)
{
	struct mdsb_info md;
	size_t len;

	handoff_init(h, HANDOFF_WRITER_GRUB, nic, 42, HANDOFF_RULE_ROOTPATH_UUID);
	md_fill(&md, 0, 0x0102030405060708ull);
	assert_int_equal(handoff_add(h, 0x0102, 3, mac1, &md), 0);
	md_fill(&md, 1, 7);
	assert_int_equal(handoff_add(h, 0x0102, 4, mac2, &md), 0);
	assert_int_equal(handoff_pack(h, buf, HANDOFF_MAX_LEN, &len), 0);
	return len;
}

/* The layout docs/handoff.md promises, byte for byte. */
static void test_handoff_golden(void **state)
{
	static const uint8_t hdr[44] = {
		'A', 'O', 'E', 'H', 1, 0, 64, 0,      /* sig, version 1, header 64 */
		128, 0, 0, 0, 32, 0, 2, 0x02,         /* total 128, entry 32, 2 members, HAS_UUID */
		HANDOFF_RULE_ROOTPATH_UUID, HANDOFF_WRITER_GRUB, 42, 0,
		0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 2, 0,
		0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f, 0x60, 0x71,
		0x82, 0x93, 0xa4, 0xb5, 0xc6, 0xd7, 0xe8, 0xf9,
	};
	static const uint8_t m0[32] = {
		0x02, 0x01, 3, 0x01, 0x02, 0, 0, 0, 0, 0x01, 0, 0,
		0, 0, 0, 0, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
	};
	uint8_t buf[HANDOFF_MAX_LEN], zero[20] = { 0 };
	struct handoff h;
	size_t len = two_members(buf, &h);

	(void)state;
	assert_int_equal(len, 128);
	assert_memory_equal(buf, hdr, sizeof(hdr));
	assert_memory_equal(buf + 48, zero, 16);
	assert_memory_equal(buf + 64, m0, sizeof(m0));
	assert_int_equal(buf[64 + 32 + 12], 1);       /* second member: role 1 */
	assert_int_equal(buf[64 + 32 + 16], 7);       /* events 7 */
	/* CRC-32 of the record with its field zero: Python's zlib.crc32() of
	 * these 128 bytes is 0x82d84736 */
	assert_int_equal(buf[44] | buf[45] << 8 | buf[46] << 16 | (uint32_t)buf[47] << 24,
			 0x82d84736u);
}

static void test_handoff_roundtrip(void **state)
{
	uint8_t buf[HANDOFF_MAX_LEN];
	struct handoff h, back;
	size_t len = two_members(buf, &h);

	(void)state;
	assert_int_equal(handoff_parse(buf, len, &back), 0);
	assert_memory_equal(&h, &back, sizeof(h));
	assert_false(back.flags & HANDOFF_F_DEGRADED);
	/* no member, no md: an empty record still parses */
	handoff_init(&h, HANDOFF_WRITER_STUB_KERNEL, nic, 0, HANDOFF_RULE_NONE);
	assert_int_equal(handoff_pack(&h, buf, sizeof(buf), &len), 0);
	assert_int_equal(len, HANDOFF_HDR_LEN);
	assert_int_equal(handoff_parse(buf, len, &back), 0);
	assert_memory_equal(&h, &back, sizeof(h));
}

static void test_handoff_degraded(void **state)
{
	struct mdsb_info md;
	struct handoff h;

	(void)state;
	handoff_init(&h, HANDOFF_WRITER_STUB_PUBLISH, nic, 0, HANDOFF_RULE_PERSON);
	md_fill(&md, 1, 9);
	assert_int_equal(handoff_add(&h, 0, 1, mac2, &md), 0);
	assert_true(h.flags & HANDOFF_F_DEGRADED);
	assert_int_equal(handoff_add(&h, 0, 1, mac2, &md), AR_EEXIST);
	md_fill(&md, 0, 9);
	assert_int_equal(handoff_add(&h, 0, 0, mac1, &md), 0);
	assert_false(h.flags & HANDOFF_F_DEGRADED);
	/* kept in shelf.slot order whatever the order of adding */
	assert_int_equal(h.m[0].slot, 0);
	assert_int_equal(h.m[1].slot, 1);
	assert_int_equal(h.m[1].events, 9);
	/* a disk without md: no role, never degraded */
	handoff_init(&h, HANDOFF_WRITER_GRUB, nic, 0, HANDOFF_RULE_LIST);
	assert_int_equal(handoff_add(&h, 5, 5, mac1, NULL), 0);
	assert_int_equal(h.m[0].role, (uint32_t)HANDOFF_ROLE_NONE);
	assert_false(h.flags & (HANDOFF_F_DEGRADED | HANDOFF_F_HAS_UUID));
	for (unsigned i = 1; i < HANDOFF_MAX_MEMBERS; i++)
		assert_int_equal(handoff_add(&h, 5, (uint8_t)(5 + i), mac1, NULL), 0);
	assert_int_equal(handoff_add(&h, 6, 0, mac1, NULL), AR_E2BIG);
}

/* Rewrite the CRC after a field was changed on purpose: zlib's CRC-32 of
 * the record with the field zero, written out here independently of the
 * codec (test_handoff_refusals checks both agree on a good record). */
static void refix(uint8_t *buf, size_t len)
{
	uint32_t c = 0xffffffffu;

	buf[44] = buf[45] = buf[46] = buf[47] = 0;
	for (size_t i = 0; i < len; i++) {
		c ^= buf[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
	}
	c = ~c;
	buf[44] = (uint8_t)c;
	buf[45] = (uint8_t)(c >> 8);
	buf[46] = (uint8_t)(c >> 16);
	buf[47] = (uint8_t)(c >> 24);
}

static void test_handoff_refusals(void **state)
{
	uint8_t good[HANDOFF_MAX_LEN], buf[HANDOFF_MAX_LEN + 64];
	struct handoff h, back;
	size_t len = two_members(good, &h);

	(void)state;
	memcpy(buf, good, len);
	refix(buf, len);
	assert_memory_equal(buf, good, len);   /* the test's CRC is the codec's */
	for (size_t n = 0; n < len; n++)
		assert_int_not_equal(handoff_parse(good, n, &back), 0);
	memcpy(buf, good, len);
	buf[0] = 'X';
	assert_int_equal(handoff_parse(buf, len, &back), AR_EPROTO);
	memcpy(buf, good, len);
	buf[4] = 2;
	assert_int_equal(handoff_parse(buf, len, &back), AR_ENOTSUP);
	memcpy(buf, good, len);
	buf[70] ^= 1;
	assert_int_equal(handoff_parse(buf, len, &back), AR_ECHECKSUM);
	memcpy(buf, good, len);
	buf[14] = 3;                                  /* count disagrees with length */
	refix(buf, len);
	assert_int_equal(handoff_parse(buf, len, &back), AR_EMSGSIZE);
	memcpy(buf, good, len);
	buf[18] = 0xff;                               /* VLAN 4095 */
	buf[19] = 0x0f;
	refix(buf, len);
	assert_int_equal(handoff_parse(buf, len, &back), AR_EBADMSG);
	memcpy(buf, good, len);
	memcpy(buf + 96, buf + 64, 4);                /* the same member twice */
	refix(buf, len);
	assert_int_equal(handoff_parse(buf, len, &back), AR_EBADMSG);
	memcpy(buf, good, len);
	buf[64 + 2] = 0xff;                           /* slot 255 */
	refix(buf, len);
	assert_int_equal(handoff_parse(buf, len, &back), AR_EBADMSG);
	memcpy(buf, good, len);
	buf[16] = HANDOFF_RULE_COUNT;
	refix(buf, len);
	assert_int_equal(handoff_parse(buf, len, &back), AR_EBADMSG);
}

/* A later revision with longer header and entries: version 1's fields read. */
static void test_handoff_longer_revision(void **state)
{
	uint8_t good[HANDOFF_MAX_LEN], buf[HANDOFF_MAX_LEN + 64];
	struct handoff h, back;
	size_t len = two_members(good, &h), n;

	(void)state;
	/* header 72 (8 new bytes), entries 40 (8 new bytes each) */
	memset(buf, 0xee, sizeof(buf));
	memcpy(buf, good, HANDOFF_HDR_LEN);
	buf[6] = 72;
	buf[12] = 40;
	memcpy(buf + 72, good + 64, 32);
	memcpy(buf + 112, good + 96, 32);
	n = 72 + 2 * 40;
	buf[8] = (uint8_t)n;
	refix(buf, n);
	assert_int_equal(handoff_parse(buf, n, &back), 0);
	assert_memory_equal(&h, &back, sizeof(h));
	(void)len;
}

static void test_handoff_pack_refusals(void **state)
{
	uint8_t buf[HANDOFF_MAX_LEN];
	struct handoff h;
	size_t len;

	(void)state;
	two_members(buf, &h);
	assert_int_equal(handoff_pack(&h, buf, 127, &len), AR_ENOSPC);
	h.vlan = 4095;
	assert_int_equal(handoff_pack(&h, buf, sizeof(buf), &len), AR_EINVAL);
	h.vlan = 0;
	h.rule = HANDOFF_RULE_COUNT;
	assert_int_equal(handoff_pack(&h, buf, sizeof(buf), &len), AR_EINVAL);
}

static void test_handoff_describe(void **state)
{
	uint8_t buf[HANDOFF_MAX_LEN];
	char text[HANDOFF_TEXT_MAX];
	struct handoff h;

	(void)state;
	two_members(buf, &h);
	assert_int_equal(handoff_describe(&h, text, sizeof(text)), 0);
	assert_non_null(strstr(text, "writer GRUB aoe.mod\n"));
	assert_non_null(strstr(text, "rule DHCP root path (uuid)\n"));
	assert_non_null(strstr(text, "nic 52:54:00:12:34:56\nvlan 42\n"));
	assert_non_null(strstr(text, "array 0a1b2c3d:4e5f6071:8293a4b5:c6d7e8f9 raid-disks 2\n"));
	assert_non_null(strstr(text, "degraded no\n"));
	assert_non_null(strstr(text, "member e258.4 mac 02:00:00:00:00:02 role 1 events 7\n"));
	assert_int_equal(handoff_describe(&h, text, 20), AR_ENOSPC);
	assert_int_equal(strlen(text), 19);
}

static void test_handoff_rule_of(void **state)
{
	(void)state;
	assert_int_equal(handoff_rule_of(1 /* AUTO */, 4 /* ONLY_ARRAY */, true), HANDOFF_RULE_ONLY_ARRAY);
	assert_int_equal(handoff_rule_of(2 /* SAVED */, 0, false), HANDOFF_RULE_SAVED);
	assert_int_equal(handoff_rule_of(3 /* USER */, 0, true), HANDOFF_RULE_PERSON);
	assert_int_equal(handoff_rule_of(3 /* USER */, 0, false), HANDOFF_RULE_LIST);
	assert_int_equal(handoff_rule_of(0, 0, false), HANDOFF_RULE_NONE);
}

static bool keep_none(void *ctx, uint16_t shelf, uint8_t slot)
{
	(void)ctx; (void)shelf; (void)slot;
	return false;
}

static bool keep_slot3(void *ctx, uint16_t shelf, uint8_t slot)
{
	(void)ctx; (void)shelf;
	return slot == 3;
}

/* A re-add member: flagged, in the arguments, never "present" for the
 * degraded flag; handoff_keep() keeps it only beside an attached one. */
static void test_handoff_readd_keep(void **state)
{
	uint8_t buf[HANDOFF_MAX_LEN];
	struct handoff h, back;
	struct bootargs b;
	struct mdsb_info md;
	size_t len;

	(void)state;
	handoff_init(&h, HANDOFF_WRITER_GRUB, nic, 0, HANDOFF_RULE_ROOTPATH_LIST);
	md_fill(&md, 0, 9);
	assert_int_equal(handoff_add(&h, 1, 3, mac1, &md), 0);
	md_fill(&md, 1, 5);
	assert_int_equal(handoff_add_readd(&h, 1, 4, mac2, &md), 0);
	assert_true(h.flags & HANDOFF_F_DEGRADED);
	assert_int_equal(h.m[1].flags, HANDOFF_MF_MD | HANDOFF_MF_READD);
	assert_int_equal(handoff_pack(&h, buf, sizeof(buf), &len), 0);
	assert_int_equal(buf[HANDOFF_HDR_LEN + HANDOFF_MEMBER_LEN + HANDOFF_M_OFF_FLAGS], 0x03);
	assert_int_equal(handoff_parse(buf, len, &back), 0);
	assert_int_equal(back.m[1].flags, HANDOFF_MF_MD | HANDOFF_MF_READD);
	handoff_to_bootargs(&back, &b);
	assert_int_equal(b.n_members, 2);
	assert_int_equal(b.members[1].slot, 4);

	back = h;
	handoff_keep(&back, keep_slot3, NULL);
	assert_int_equal(back.n_members, 2);
	handoff_keep(&back, keep_none, NULL);
	assert_int_equal(back.n_members, 0);
	assert_false(back.flags & (HANDOFF_F_HAS_UUID | HANDOFF_F_DEGRADED));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_handoff_golden),
		cmocka_unit_test(test_handoff_roundtrip),
		cmocka_unit_test(test_handoff_degraded),
		cmocka_unit_test(test_handoff_refusals),
		cmocka_unit_test(test_handoff_longer_revision),
		cmocka_unit_test(test_handoff_pack_refusals),
		cmocka_unit_test(test_handoff_describe),
		cmocka_unit_test(test_handoff_rule_of),
		cmocka_unit_test(test_handoff_readd_keep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
