/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_mdsb.c - md superblock reader: constructed superblocks (every field,
 * every version, damaged ones) and real ones made by mdadm (see
 * test_mdsb_fixtures.c, tests/data/md/).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mdsb.h"
#include "aoename.h"
#include "err.h"
#include "bytes.h"
#include "mdsb_build.h"
#include "mdfix.h"

#define S_DEV 20480ULL /* 10 MiB member */

static const uint8_t UUID_A[16] = { 0x11, 0x22, 0x33, 0x44, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };

struct parse_row {
	const char *what;
	struct sb_spec spec;
	unsigned version;
	uint32_t role;
	uint64_t slots;
};

static const struct parse_row parse_rows[] = {
	{ "1.2 member 0", { .sector = 8, .name = "host:root", .level = 1, .raid_disks = 2, .events = 17,
	  .dev_number = 0, .max_dev = 128, .roles = { 0, 1 }, .nroles = 2, .clean = 1,
	  .data_offset = 2048, .data_size = 18432, .ctime = 1700000000 }, MDSB_V12, 0, 3 },
	{ "1.1 member 1", { .sector = 0, .name = "h:0", .level = 1, .raid_disks = 2, .events = 0x100000005ULL,
	  .dev_number = 1, .max_dev = 384, .roles = { 0, 1 }, .nroles = 2, .clean = 0,
	  .data_offset = 2048, .data_size = 18432, .ctime = 5 }, MDSB_V11, 1, 3 },
	{ "1.0 at end", { .sector = (S_DEV - 16) & ~7ULL, .name = "x", .level = 1, .raid_disks = 2, .events = 3,
	  .dev_number = 1, .max_dev = 2, .roles = { 0, 1 }, .nroles = 2, .clean = 1,
	  .data_offset = 0, .data_size = 20000 }, MDSB_V10, 1, 3 },
	{ "1.2 degraded: other faulty", { .sector = 8, .name = "a:b", .level = 1, .raid_disks = 2, .events = 40,
	  .dev_number = 0, .max_dev = 128, .roles = { 0, 0xfffe }, .nroles = 2, .clean = 1,
	  .data_offset = 2048, .data_size = 100 }, MDSB_V12, 0, 1 },
	{ "1.2 this device spare", { .sector = 8, .name = "a:b", .level = 1, .raid_disks = 2, .events = 9,
	  .dev_number = 2, .max_dev = 128, .roles = { 0, 1, 0xffff }, .nroles = 3, .clean = 1,
	  .data_offset = 2048, .data_size = 100 }, MDSB_V12, MDSB_ROLE_SPARE, 3 },
	{ "1.2 this device faulty", { .sector = 8, .name = "a:b", .level = 1, .raid_disks = 2, .events = 9,
	  .dev_number = 1, .max_dev = 128, .roles = { 0, 0xfffe }, .nroles = 2, .clean = 1,
	  .data_offset = 2048, .data_size = 100 }, MDSB_V12, MDSB_ROLE_FAULTY, 1 },
	{ "1.2 dev_number beyond max_dev is spare", { .sector = 8, .name = "a:b", .level = 1, .raid_disks = 2,
	  .events = 9, .dev_number = 7, .max_dev = 2, .roles = { 0, 1 }, .nroles = 2, .clean = 1,
	  .data_offset = 2048, .data_size = 100 }, MDSB_V12, MDSB_ROLE_SPARE, 3 },
	{ "1.2 odd max_dev (2-byte checksum tail)", { .sector = 8, .name = "odd", .level = 1, .raid_disks = 3,
	  .events = 9, .dev_number = 2, .max_dev = 3, .roles = { 0, 1, 2 }, .nroles = 3, .clean = 1,
	  .data_offset = 2048, .data_size = 100 }, MDSB_V12, 2, 7 },
	{ "1.2 max_dev 1920 (whole 4 KiB)", { .sector = 8, .name = "big", .level = 1, .raid_disks = 2,
	  .events = 1, .dev_number = 1, .max_dev = 1920, .roles = { 0xffff, 1 }, .nroles = 2, .clean = 1,
	  .data_offset = 2048, .data_size = 100 }, MDSB_V12, 1, 2 },
	{ "0.90 member 1", { .v090 = 1, .sector = (S_DEV & ~127ULL) - 128, .level = 1, .raid_disks = 2,
	  .events = 0x200000001ULL, .dev_number = 1, .roles = { 0, 1 }, .nroles = 2, .clean = 1,
	  .data_size = 20352, .ctime = 1600000000 }, MDSB_V090, 1, 3 },
	{ "0.90 degraded, other faulty", { .v090 = 1, .sector = (S_DEV & ~127ULL) - 128, .level = 1,
	  .raid_disks = 2, .events = 7, .dev_number = 0, .roles = { 0, 0xfffe }, .nroles = 2, .clean = 0,
	  .data_size = 20352 }, MDSB_V090, 0, 1 },
};

static void build(uint8_t *b, const struct sb_spec *s)
{
	struct sb_spec c = *s;

	memcpy(c.uuid, UUID_A, 16);
	if (c.v090)
		sbb_build0(b, &c);
	else
		sbb_build1(b, &c);
}

static void test_mdsb_parse_table(void **state)
{
	uint8_t buf[4096];
	size_t i;

	for (i = 0; i < sizeof parse_rows / sizeof parse_rows[0]; i++) {
		const struct parse_row *r = &parse_rows[i];
		struct mdsb_info info;
		int err;

		print_message("row %zu: %s\n", i, r->what);
		build(buf, &r->spec);
		err = mdsb_parse(buf, sizeof buf, r->spec.sector, S_DEV, &info);
		assert_int_equal(err, 0);
		assert_int_equal(info.version, r->version);
		assert_memory_equal(info.uuid, UUID_A, 16);
		assert_string_equal(info.name, r->spec.v090 ? "" : r->spec.name);
		assert_int_equal(info.level, r->spec.level);
		assert_int_equal(info.raid_disks, r->spec.raid_disks);
		assert_true(info.events == r->spec.events);
		assert_int_equal(info.dev_number, r->spec.dev_number);
		assert_int_equal(info.role, r->role);
		assert_int_equal(info.clean, r->spec.clean);
		assert_true(info.data_offset == r->spec.data_offset);
		assert_true(info.data_size == r->spec.data_size);
		assert_true(info.super_offset == r->spec.sector);
		assert_true(info.ctime == r->spec.ctime);
		assert_true(info.slots_active == r->slots);
		assert_int_equal(info.has_dev_uuid, !r->spec.v090);
	}
}

static void test_mdsb_parse_short_buffer_ok(void **state)
{
	/* max_dev 128: the superblock is 512 bytes, one sector is enough. */
	uint8_t buf[4096];
	struct mdsb_info info;

	build(buf, &parse_rows[0].spec);
	assert_int_equal(mdsb_parse(buf, 512, 8, S_DEV, &info), 0);
	assert_int_equal(mdsb_parse(buf, 511, 8, S_DEV, &info), AR_EMSGSIZE);
}

/* How much of a place a reader fetches after its first sector: exactly
 * what mdsb_parse() then needs, for every constructed superblock. */
static void test_mdsb_read_sectors(void **state)
{
	static const unsigned want[] = { 1, 2, 1, 1, 1, 1, 1, 1, 8, 8, 8 };
	uint8_t buf[4096];
	struct mdsb_info info;
	size_t i;
	unsigned n;

	(void)state;
	assert_int_equal(sizeof(want) / sizeof(want[0]), sizeof(parse_rows) / sizeof(parse_rows[0]));
	for (i = 0; i < sizeof(parse_rows) / sizeof(parse_rows[0]); i++) {
		memset(buf, 0, sizeof(buf));
		build(buf, &parse_rows[i].spec);
		n = mdsb_read_sectors(buf, 512);
		if (n != want[i])
			fail_msg("%s: %u sectors, expected %u", parse_rows[i].what, n, want[i]);
		assert_int_equal(mdsb_parse(buf, (size_t)n * 512, parse_rows[i].spec.sector,
					    S_DEV, &info), 0);
	}
	memset(buf, 0, sizeof(buf));
	assert_int_equal(mdsb_read_sectors(buf, 512), 0);        /* no magic */
	assert_int_equal(mdsb_read_sectors(buf, 100), MDSB_READ_SECTORS); /* cannot tell */
	assert_int_equal(mdsb_read_sectors(NULL, 512), MDSB_READ_SECTORS);
	buf[0] = 0xa9; buf[1] = 0x2b; buf[2] = 0x4e; buf[3] = 0xfc;  /* big-endian 0.90 */
	assert_int_equal(mdsb_read_sectors(buf, 512), 1);
	assert_int_equal(mdsb_parse(buf, 512, 0, S_DEV, &info), AR_ENOTSUP);
	build(buf, &parse_rows[0].spec);
	put_le32(buf + 220, MDSB_1X_MAX_DEV + 1);                    /* bad max_dev */
	assert_int_equal(mdsb_read_sectors(buf, 512), MDSB_READ_SECTORS);
}

struct bad_row {
	const char *what;
	int row;           /* parse_rows[] to start from */
	int off;           /* where to change, -1 nothing */
	uint32_t val;      /* XOR this into the byte at off, or with set32 ... */
	int set32;         /* ... store it there as le32 and recompute the checksum */
	size_t len;        /* bytes given to the parser (0: 4096) */
	int64_t sector;    /* sector claimed (-1: the row's) */
	int err;
};

static const struct bad_row bad_rows[] = {
	{ "1.2 flipped data bit", 0, 300, 0x55, 0, 0, -1, AR_ECHECKSUM },
	{ "1.2 flipped events", 0, 200, 0x99, 0, 0, -1, AR_ECHECKSUM },
	{ "1.2 flipped checksum", 0, 216, 0x01, 0, 0, -1, AR_ECHECKSUM },
	{ "1.2 change past the checksummed area is fine", 0, 600, 0x55, 0, 0, -1, 0 },
	{ "1.2 found elsewhere than super_offset", 0, -1, 0, 0, 0, 0, AR_EBADMSG },
	{ "1.1 read at 1.2's place", 1, -1, 0, 0, 0, 8, AR_EBADMSG },
	{ "1.2 truncated to 256", 0, -1, 0, 0, 256, -1, AR_EMSGSIZE },
	{ "1.2 truncated to 4", 0, -1, 0, 0, 4, -1, AR_EMSGSIZE },
	{ "1.2 truncated inside the fixed part (fuzz find)", 0, -1, 0, 0, 100, -1, AR_EMSGSIZE },
	{ "1.2 max_dev 1920 ok", 0, 220, 1920, 1, 0, -1, 0 },
	{ "1.2 max_dev 1921", 0, 220, 1921, 1, 0, -1, AR_EBADMSG },
	{ "1.2 max_dev huge", 0, 220, 0x80000000u, 1, 0, -1, AR_EBADMSG },
	{ "1.x major version 2", 0, 4, 2, 1, 0, -1, AR_ENOTSUP },
	{ "1.x unknown feature bit", 0, 8, 0x40000000u, 1, 0, -1, AR_ENOTSUP },
	{ "1.x data beyond the device", 0, 140, 0xffffffffu, 1, 0, -1, AR_ERANGE },
	{ "no magic", 0, 0, 0xfc, 0, 0, -1, AR_ENOENT },
	{ "0.90 flipped byte", 9, 1000, 0x5a, 0, 0, -1, AR_ECHECKSUM },
	{ "0.90 flipped byte in this_disk", 9, 4000, 0x5a, 0, 0, -1, AR_ECHECKSUM },
	{ "0.90 flipped checksum", 9, 152, 0x80, 0, 0, -1, AR_ECHECKSUM },
	{ "0.90 truncated", 9, -1, 0, 0, 4095, -1, AR_EMSGSIZE },
	{ "0.90 at the wrong place", 9, -1, 0, 0, 0, 8, AR_EBADMSG },
};

static void test_mdsb_parse_bad(void **state)
{
	uint8_t buf[4096];
	size_t i;

	for (i = 0; i < sizeof bad_rows / sizeof bad_rows[0]; i++) {
		const struct bad_row *b = &bad_rows[i];
		const struct sb_spec *s = &parse_rows[b->row].spec;
		struct mdsb_info info;

		print_message("row %zu: %s\n", i, b->what);
		build(buf, s);
		if (b->off >= 0 && b->set32) {
			sbb_le32(buf + b->off, b->val);
			if (s->v090)
				sbb_csum0(buf);
			else if (b->off != 220 || b->val <= 1920) /* else: too big to sum */
				sbb_csum1(buf);
		} else if (b->off >= 0) {
			buf[b->off] ^= (uint8_t)b->val;
		}
		/* An exactly sized copy, so ASan sees any read past the end. */
		size_t len = b->len ? b->len : sizeof buf;
		uint8_t *copy = malloc(len);

		assert_non_null(copy);
		memcpy(copy, buf, len);
		assert_int_equal(mdsb_parse(copy, len,
		                            b->sector >= 0 ? (uint64_t)b->sector : s->sector,
		                            S_DEV, &info), b->err);
		free(copy);
	}
}

static void test_mdsb_parse_overflow(void **state)
{
	uint8_t buf[4096];
	struct mdsb_info info;

	build(buf, &parse_rows[0].spec);
	sbb_le64(buf + 128, ~0ULL - 10); /* data_offset */
	sbb_le64(buf + 136, 100);        /* data_size */
	sbb_csum1(buf);
	assert_int_equal(mdsb_parse(buf, sizeof buf, 8, 0, &info), AR_EBADMSG);
	sbb_le64(buf + 128, 2048);
	sbb_csum1(buf);
	assert_int_equal(mdsb_parse(buf, sizeof buf, 8, 0, &info), 0);
	assert_int_equal(mdsb_parse(buf, sizeof buf, 8, 2147, &info), AR_ERANGE);
	assert_int_equal(mdsb_parse(buf, sizeof buf, 8, 2148, &info), 0);
}

static void test_mdsb_parse_bigendian_090(void **state)
{
	uint8_t buf[4096] = { 0xa9, 0x2b, 0x4e, 0xfc };
	struct mdsb_info info;

	assert_int_equal(mdsb_parse(buf, sizeof buf, 0, S_DEV, &info), AR_ENOTSUP);
	assert_int_equal(mdsb_parse(NULL, sizeof buf, 0, S_DEV, &info), AR_EINVAL);
	assert_int_equal(mdsb_parse(buf, sizeof buf, 0, S_DEV, NULL), AR_EINVAL);
}

static void test_mdsb_name_printable(void **state)
{
	uint8_t buf[4096];
	struct mdsb_info info;
	struct sb_spec s = parse_rows[0].spec;

	s.name = "ab\x1b[2Jcd\x7f";
	build(buf, &s);
	assert_int_equal(mdsb_parse(buf, sizeof buf, 8, S_DEV, &info), 0);
	assert_string_equal(info.name, "ab?[2Jcd?");
	s.name = "0123456789abcdef0123456789ABCDEF"; /* all 32 bytes, no NUL */
	build(buf, &s);
	assert_int_equal(mdsb_parse(buf, sizeof buf, 8, S_DEV, &info), 0);
	assert_string_equal(info.name, s.name);
}

struct loc_row {
	uint64_t dev_sectors;
	int n;
	uint64_t s12, s11, s10, s090;
};

static const struct loc_row loc_rows[] = {
	{ 20480, 4, 8, 0, 20464, 20352 },
	{ 20479, 4, 8, 0, 20456, 20224 },
	{ 2097152 + 5, 4, 8, 0, 2097136, 2097152 - 128 },
	{ 256, 4, 8, 0, 240, 128 },
	{ 255, 3, 8, 0, 232, 0 },
	{ 24, 3, 8, 0, 8, 0 },
	{ 16, 2, 8, 0, 0, 0 },
	{ 8, 1, 0, 0, 0, 0 },
	{ 7, 0, 0, 0, 0, 0 },
};

static void test_mdsb_locations(void **state)
{
	size_t i;

	for (i = 0; i < sizeof loc_rows / sizeof loc_rows[0]; i++) {
		const struct loc_row *r = &loc_rows[i];
		struct mdsb_loc l[MDSB_NLOCS];
		int n, k;

		print_message("row %zu: %llu sectors\n", i, (unsigned long long)r->dev_sectors);
		n = mdsb_locations(r->dev_sectors, l);
		assert_int_equal(n, r->n);
		for (k = 0; k < n; k++) {
			uint64_t want = l[k].version == MDSB_V12 ? r->s12 : l[k].version == MDSB_V11 ?
				r->s11 : l[k].version == MDSB_V10 ? r->s10 : r->s090;
			assert_true(l[k].sector == want);
			assert_int_equal(l[k].count, MDSB_READ_SECTORS);
			assert_true(l[k].sector + l[k].count <= r->dev_sectors);
		}
	}
}

static void test_mdsb_probe(void **state)
{
	static uint8_t img[S_DEV * 512];
	struct mdsb_loc l[MDSB_NLOCS];
	const uint8_t *bufs[MDSB_NLOCS];
	size_t lens[MDSB_NLOCS];
	struct mdsb_info info;
	struct sb_spec old = parse_rows[9].spec; /* 0.90 */
	struct sb_spec cur = parse_rows[0].spec; /* 1.2 */
	int n, k;

	memset(img, 0, sizeof img);
	n = mdsb_locations(S_DEV, l);
	for (k = 0; k < n; k++) {
		bufs[k] = img + l[k].sector * 512;
		lens[k] = l[k].count * 512;
	}
	assert_int_equal(mdsb_probe(l, bufs, lens, n, S_DEV, &info), AR_ENOENT);
	old.ctime = 100;
	build(img + old.sector * 512, &old);
	assert_int_equal(mdsb_probe(l, bufs, lens, n, S_DEV, &info), 0);
	assert_int_equal(info.version, MDSB_V090);
	cur.ctime = 200; /* a newer 1.2 array created over the old 0.90 one */
	build(img + 8 * 512, &cur);
	assert_int_equal(mdsb_probe(l, bufs, lens, n, S_DEV, &info), 0);
	assert_int_equal(info.version, MDSB_V12);
	img[8 * 512 + 300] ^= 1; /* 1.2 now damaged: its error is not hidden */
	assert_int_equal(mdsb_probe(l, bufs, lens, 1, S_DEV, &info), AR_ECHECKSUM);
	assert_int_equal(mdsb_probe(l, bufs, lens, n, S_DEV, &info), 0);
	assert_int_equal(info.version, MDSB_V090);
}

static void test_mdsb_uuid(void **state)
{
	char s[MDSB_UUID_STR_LEN + 1];
	uint8_t u[16];

	aoename_uuid_format(UUID_A, UUID_STYLE_MDADM, s, sizeof(s));
	assert_string_equal(s, "11223344:05060708:090a0b0c:0d0e0f10");
	assert_int_equal(strlen(s), MDSB_UUID_STR_LEN);
	assert_int_equal(aoename_uuid_parse_loose(s, strlen(s), u), 0);
	assert_memory_equal(u, UUID_A, 16);
	assert_int_equal(aoename_uuid_parse_loose("11223344-0506-0708-090A-0B0C0D0E0F10", 36, u), 0);
	assert_memory_equal(u, UUID_A, 16);
	assert_int_equal(aoename_uuid_parse_loose("11223344:05060708:090a0b0c:0d0e0f1", 34, u), AR_EINVAL);
	assert_int_equal(aoename_uuid_parse_loose("11223344:05060708:090a0b0c:0d0e0f100", 36, u), AR_EINVAL);
	assert_int_equal(aoename_uuid_parse_loose("11223344:05060708:090a0b0c:0d0e0f1g", 35, u), AR_EINVAL);
	assert_int_equal(aoename_uuid_parse_loose("11223344:05060708:090a0b0c:0d0e0f10,x", 35, u), 0);
	assert_string_equal(mdsb_version_str(MDSB_V090), "0.90");
	assert_string_equal(mdsb_version_str(MDSB_V12), "1.2");
	assert_string_equal(mdsb_version_str(7), "?");
	assert_false(mdsb_slot_active(NULL, 0));
}

/* ---- real superblocks made by mdadm (tests/data/md) ---------------------- */

static struct mdfix fx[MDFIX_MAX];

static unsigned meta_version(const char *meta)
{
	if (!strcmp(meta, "0.90.00")) return MDSB_V090;
	if (!strcmp(meta, "1.0")) return MDSB_V10;
	if (!strcmp(meta, "1.1")) return MDSB_V11;
	if (!strcmp(meta, "1.2")) return MDSB_V12;
	return 0;
}

static uint64_t num_field(const struct mdfix *x, const char *key)
{
	char v[128];

	if (!mdfix_field(x, key, v, sizeof v))
		fail_msg("%s: no \"%s\" in mdadm --examine", x->name, key);
	return strtoull(v, NULL, 0);
}

/* 0.90: the disk table rows of --examine ("this" and the numbered rows). */
static void examine_090_table(const struct mdfix *x, uint32_t *ret_role, uint32_t *ret_number,
                              uint64_t *ret_slots)
{
	const char *p = x->examine;

	*ret_slots = 0;
	*ret_role = 0xdead;
	while ((p = strchr(p, '\n')) != NULL) {
		char w0[16], state[32] = "";
		unsigned num, maj, min, raid;

		p++;
		if (sscanf(p, "%15s %u %u %u %u %31[a-z ]", w0, &num, &maj, &min, &raid, state) != 6 &&
		    sscanf(p, "%15s %u %u %u %u", w0, &num, &maj, &min, &raid) != 5)
			continue;
		bool active = !strncmp(state, "active sync", 11);
		if (!strcmp(w0, "this")) {
			*ret_role = active ? raid : strstr(state, "faulty") ? MDSB_ROLE_FAULTY : MDSB_ROLE_SPARE;
			*ret_number = num;
		} else if (active) {
			*ret_slots |= 1ULL << raid;
		}
	}
}

static void check_against_examine(const struct mdfix *x, const struct mdsb_info *i)
{
	char v[128], u[MDSB_UUID_STR_LEN + 1];
	bool v090 = i->version == MDSB_V090;

	assert_int_equal(i->version, meta_version(x->meta));
	aoename_uuid_format(i->uuid, UUID_STYLE_MDADM, u, sizeof(u));
	assert_string_equal(u, mdfix_field(x, v090 ? "UUID" : "Array UUID", v, sizeof v));
	if (v090) {
		uint32_t role, number;
		uint64_t slots;

		assert_string_equal(i->name, "");
		examine_090_table(x, &role, &number, &slots);
		assert_int_equal(i->role, role);
		assert_int_equal(i->dev_number, number);
		assert_true(i->slots_active == slots);
		assert_true(i->data_offset == 0);
		assert_true(i->data_size == num_field(x, "Used Dev Size") * 2);
		assert_true(i->super_offset == (x->sectors & ~127ULL) - 128);
	} else {
		char *cut;

		mdfix_field(x, "Name", v, sizeof v);
		if ((cut = strstr(v, "  (")) != NULL) /* "(local to host ...)" */
			*cut = '\0';
		assert_string_equal(i->name, v);
		mdfix_field(x, "Device Role", v, sizeof v);
		if (!strncmp(v, "Active device ", 14))
			assert_int_equal(i->role, strtoul(v + 14, NULL, 10));
		else
			assert_int_equal(i->role, !strcmp(v, "spare") ? MDSB_ROLE_SPARE : MDSB_ROLE_FAULTY);
		mdfix_field(x, "Array State", v, sizeof v);
		uint64_t slots = 0;
		for (int k = 0; v[k] && v[k] != ' '; k++)
			if (v[k] == 'A')
				slots |= 1ULL << k;
		assert_true(i->slots_active == slots);
		assert_true(i->data_offset == (mdfix_field(x, "Data Offset", v, sizeof v) ?
		                                strtoull(v, NULL, 10) : 0));
		assert_true(i->super_offset == num_field(x, "Super Offset"));
		assert_true(i->data_size == num_field(x, "Avail Dev Size"));
		assert_int_equal(i->feature_map, num_field(x, "Feature Map"));
		aoename_uuid_format(i->dev_uuid, UUID_STYLE_MDADM, u, sizeof(u));
		assert_string_equal(u, mdfix_field(x, "Device UUID", v, sizeof v));
	}
	mdfix_field(x, "Raid Level", v, sizeof v);
	assert_true(!strncmp(v, "raid", 4) && i->level == atoi(v + 4));
	assert_int_equal(i->raid_disks, num_field(x, "Raid Devices"));
	assert_true(i->events == num_field(x, "Events"));
	mdfix_field(x, "State", v, sizeof v);
	assert_int_equal(i->clean, !strcmp(v, "clean"));
	assert_non_null(strstr(mdfix_field(x, "Checksum", v, sizeof v), "correct"));
}

static void test_mdsb_real_fixtures(void **state)
{
	size_t n = mdfix_load(fx, MDFIX_MAX, "index.txt");

	if (n < 13)
		fail_msg("tests/data/md: %zu members loaded (expected 13); top_srcdir=%s",
		         n, getenv("top_srcdir") ? getenv("top_srcdir") : "(unset)");
	for (size_t k = 0; k < n; k++) {
		struct mdsb_info i;
		char u[MDSB_UUID_STR_LEN + 1];

		assert_int_equal(mdfix_probe(&fx[k], &i), 0);
		aoename_uuid_format(i.uuid, UUID_STYLE_MDADM, u, sizeof(u));
		print_message("%-14s %-4s %s name=%s ev=%llu role=%#x slots=%#llx clean=%d "
		              "data=%llu+%llu sb@%llu\n", fx[k].name, mdsb_version_str(i.version), u,
		              i.name, (unsigned long long)i.events, i.role,
		              (unsigned long long)i.slots_active, i.clean,
		              (unsigned long long)i.data_offset, (unsigned long long)i.data_size,
		              (unsigned long long)i.super_offset);
		check_against_examine(&fx[k], &i);
	}
}

/* Real superblocks, damaged: one bit, the wrong place, cut short. */
static void test_mdsb_real_damaged(void **state)
{
	size_t n = mdfix_load(fx, MDFIX_MAX, "index.txt");

	assert_true(n >= 13);
	for (size_t k = 0; k < n; k++) {
		struct mdsb_info i;
		uint8_t sb[4096];
		const uint8_t *at;
		uint8_t *cut;
		size_t need;

		assert_int_equal(mdfix_probe(&fx[k], &i), 0);
		at = mdfix_at(&fx[k], i.super_offset);
		assert_non_null(at);
		memcpy(sb, at, sizeof sb);
		need = i.version == MDSB_V090 ? 4096 : 256 + 2 * (size_t)get_le32(sb + 220);
		/* exactly the superblock's bytes are enough, one less is not */
		cut = malloc(need);
		memcpy(cut, sb, need);
		assert_int_equal(mdsb_parse(cut, need, i.super_offset, fx[k].sectors, &i), 0);
		assert_int_equal(mdsb_parse(cut, need - 1, i.super_offset, fx[k].sectors, &i), AR_EMSGSIZE);
		free(cut);
		assert_int_equal(mdsb_parse(sb, sizeof sb, i.super_offset + 8, fx[k].sectors, &i),
		                 AR_EBADMSG);
		if (i.version != MDSB_V090) {
			/* the member shrunk by one sector: too small for its
			 * data, said as such (AR_ERANGE, not "malformed") */
			uint64_t end = i.data_offset + i.data_size;
			struct mdsb_info o;

			assert_int_equal(mdsb_parse(sb, sizeof sb, i.super_offset, end, &o), 0);
			assert_int_equal(mdsb_parse(sb, sizeof sb, i.super_offset, end - 1, &o),
			                 AR_ERANGE);
		}
		sb[100] ^= 0x10;
		assert_int_equal(mdsb_parse(sb, sizeof sb, i.super_offset, fx[k].sectors, &i),
		                 AR_ECHECKSUM);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mdsb_parse_table),
		cmocka_unit_test(test_mdsb_parse_short_buffer_ok),
		cmocka_unit_test(test_mdsb_read_sectors),
		cmocka_unit_test(test_mdsb_parse_bad),
		cmocka_unit_test(test_mdsb_parse_overflow),
		cmocka_unit_test(test_mdsb_parse_bigendian_090),
		cmocka_unit_test(test_mdsb_name_printable),
		cmocka_unit_test(test_mdsb_locations),
		cmocka_unit_test(test_mdsb_probe),
		cmocka_unit_test(test_mdsb_uuid),
		cmocka_unit_test(test_mdsb_real_fixtures),
		cmocka_unit_test(test_mdsb_real_damaged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
