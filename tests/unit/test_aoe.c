/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_aoe.c - AoE codec: golden frames (built byte-exact), parsing of good
 * and malformed frames, IDENTIFY parsing, tags. Table rows report their
 * name when they fail (iPXE CPIO_TEST style).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "aoe.h"
#include "err.h"

#define ROW_CHECK(row, cond) \
	do { if (!(cond)) fail_msg("row \"%s\": %s", (row)->name, #cond); } while (0)
#define ROW_EQ(row, a, b) \
	do { long long a_ = (long long)(a), b_ = (long long)(b); \
	     if (a_ != b_) fail_msg("row \"%s\": %s = %lld, want %lld", \
				    (row)->name, #a, a_, b_); } while (0)

static const uint8_t MAC_T[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x01 };
static const uint8_t MAC_I[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x02 };
static const uint8_t MAC_BC[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* Header bytes 0..23 written out by hand from AoE r11. */
#define HDR_I2T(verfl, cmd) \
	0x52, 0x54, 0x00, 0x00, 0x00, 0x01, 0x52, 0x54, 0x00, 0x00, 0x00, 0x02, \
	0x88, 0xa2, verfl, 0x00, 0x01, 0x02, 0x03, cmd, 0x80, 0x00, 0x12, 0x34

enum build_kind { B_IDENTIFY, B_READ, B_CFG };

struct build_row {
	const char *name;
	enum build_kind kind;
	uint64_t lba;
	uint8_t count;
	uint8_t subcmd;
	const char *str;
	int rc;
	size_t len;          /* expected frame length */
	uint8_t bytes[64];   /* expected first min(len, 64) bytes */
};

static const struct build_row build_rows[] = {
	{ "identify", B_IDENTIFY, 0, 0, 0, NULL, 0, 60,
	  { HDR_I2T(0x10, 0x00), 0x00, 0x00, 0x01, 0xec, 0, 0, 0, 0xa0, 0, 0, 0, 0 } },
	{ "read lba28", B_READ, 0x01234567, 2, 0, NULL, 0, 60,
	  { HDR_I2T(0x10, 0x00), 0x00, 0x00, 0x02, 0x20, 0x67, 0x45, 0x23, 0xe1, 0, 0, 0, 0 } },
	{ "read lba28 last sector", B_READ, 0x0ffffffe, 2, 0, NULL, 0, 60,
	  { HDR_I2T(0x10, 0x00), 0x00, 0x00, 0x02, 0x20, 0xfe, 0xff, 0xff, 0xef, 0, 0, 0, 0 } },
	{ "read crosses 2^28 -> ext", B_READ, 0x0fffffff, 2, 0, NULL, 0, 60,
	  { HDR_I2T(0x10, 0x00), 0x40, 0x00, 0x02, 0x24, 0xff, 0xff, 0xff, 0x0f, 0, 0, 0, 0 } },
	{ "read lba48", B_READ, 0xba9876543210ull, 1, 0, NULL, 0, 60,
	  { HDR_I2T(0x10, 0x00), 0x40, 0x00, 0x01, 0x24, 0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0, 0 } },
	{ "read count 0", B_READ, 0, 0, 0, NULL, AR_EINVAL, 0, { 0 } },
	{ "read lba 2^48", B_READ, 1ull << 48, 1, 0, NULL, AR_ERANGE, 0, { 0 } },
	{ "read end past 2^48", B_READ, (1ull << 48) - 1, 2, 0, NULL, AR_ERANGE, 0, { 0 } },
	{ "cfg read", B_CFG, 0, 0, AOE_CFG_READ, "", 0, 60,
	  { HDR_I2T(0x10, 0x01), 0, 0, 0, 0, 0, 0x00, 0, 0 } },
	{ "cfg set hello", B_CFG, 0, 0, AOE_CFG_SET, "hello", 0, 60,
	  { HDR_I2T(0x10, 0x01), 0, 0, 0, 0, 0, 0x03, 0x00, 0x05, 'h', 'e', 'l', 'l', 'o' } },
	{ "cfg force set", B_CFG, 0, 0, AOE_CFG_FORCE_SET, "x", 0, 60,
	  { HDR_I2T(0x10, 0x01), 0, 0, 0, 0, 0, 0x04, 0x00, 0x01, 'x' } },
	{ "cfg bad subcmd", B_CFG, 0, 0, 16, "", AR_EINVAL, 0, { 0 } },
};

static struct aoe_hdr req_hdr(void)
{
	struct aoe_hdr h = { .shelf = 0x0102, .slot = 3, .tag = 0x80001234 };

	memcpy(h.dst, MAC_T, 6);
	memcpy(h.src, MAC_I, 6);
	return h;
}

static int build_one(const struct build_row *row, uint8_t *buf, size_t cap, size_t *len)
{
	struct aoe_hdr h = req_hdr();
	struct aoe_cfg cfg = { .subcmd = row->subcmd };

	switch (row->kind) {
	case B_IDENTIFY:
		return aoe_ata_build_identify(buf, cap, &h, len);
	case B_READ:
		return aoe_ata_build_read(buf, cap, &h, row->lba, row->count, len);
	case B_CFG:
		cfg.str = (const uint8_t *)row->str;
		cfg.str_len = (uint16_t)strlen(row->str);
		return aoe_cfg_build(buf, cap, &h, &cfg, len);
	}
	return -1;
}

static void test_aoe_build_golden(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(build_rows) / sizeof(build_rows[0]); i++) {
		const struct build_row *row = &build_rows[i];
		uint8_t buf[1600];
		size_t len = 0, j;
		int rc;

		memset(buf, 0xee, sizeof(buf));
		rc = build_one(row, buf, sizeof(buf), &len);
		ROW_EQ(row, rc, row->rc);
		if (rc)
			continue;
		ROW_EQ(row, len, row->len);
		for (j = 0; j < len && j < sizeof(row->bytes); j++)
			if (buf[j] != row->bytes[j])
				fail_msg("row \"%s\": byte %zu = 0x%02x, want 0x%02x",
					 row->name, j, buf[j], row->bytes[j]);
		/* nothing written past the frame */
		ROW_EQ(row, buf[len], 0xee);
		/* too small by one byte: refused */
		ROW_EQ(row, build_one(row, buf, len - 1, &len), AR_ENOSPC);
	}
}

static void test_aoe_build_cfg_limits(void **state)
{
	static uint8_t str[AOE_CFG_STR_MAX + 1];
	uint8_t buf[AOE_CFG_HDR_LEN + AOE_CFG_STR_MAX + 8];
	struct aoe_hdr h = req_hdr(), rh;
	struct aoe_cfg cfg = { .subcmd = AOE_CFG_FORCE_SET, .str = str }, rc_cfg;
	size_t len;

	(void)state;
	memset(str, 'a', sizeof(str));
	cfg.str_len = AOE_CFG_STR_MAX;
	assert_int_equal(aoe_cfg_build(buf, sizeof(buf), &h, &cfg, &len), 0);
	assert_int_equal(len, AOE_CFG_HDR_LEN + AOE_CFG_STR_MAX);
	assert_int_equal(aoe_cfg_parse(buf, len, &rh, &rc_cfg), 0);
	assert_int_equal(rc_cfg.str_len, AOE_CFG_STR_MAX);
	assert_ptr_equal(rc_cfg.str, buf + AOE_CFG_HDR_LEN);
	cfg.str_len = AOE_CFG_STR_MAX + 1;
	assert_int_equal(aoe_cfg_build(buf, sizeof(buf), &h, &cfg, &len), AR_E2BIG);
	assert_int_equal(aoe_hdr_pack(buf, AOE_HDR_LEN - 1, &h), AR_ENOSPC);
}

/* A target's response: IDENTIFY-style ATA reply with two sectors of data. */
static size_t base_ata_resp(uint8_t *f)
{
	static const uint8_t hdr[] = { HDR_I2T(0x18, 0x00),
		0x00, 0x00, 0x02, 0x40, 0, 0, 0, 0xe0, 0, 0, 0, 0 };
	size_t i;

	memcpy(f, hdr, sizeof(hdr));
	for (i = 0; i < 1024; i++)
		f[AOE_ATA_HDR_LEN + i] = (uint8_t)i;
	return AOE_ATA_HDR_LEN + 1024;
}

/* A Query Config reply: bufcnt 16, firmware 0x4019, 2 sectors, "abc". */
static size_t base_cfg_resp(uint8_t *f)
{
	static const uint8_t fr[60] = { HDR_I2T(0x18, 0x01),
		0x00, 0x10, 0x40, 0x19, 0x02, 0x10, 0x00, 0x03, 'a', 'b', 'c' };

	memcpy(f, fr, sizeof(fr));
	return sizeof(fr);
}

struct patch { int off; int val; };    /* off < 0: end of list */

struct parse_row {
	const char *name;
	bool cfg;
	long len_delta;        /* added to the base length */
	struct patch patch[4];
	unsigned expect;       /* expected sectors (ATA) */
	int rc;
	size_t out_len;        /* data_len or str_len on success */
};

#define P_END { -1, 0 }
static const struct parse_row parse_rows[] = {
	{ "ata good 2 sectors", false, 0, { P_END }, 2, 0, 1024 },
	{ "ata good, extra trailing bytes", false, 2, { P_END }, 2, 0, 1024 },
	{ "ata take all (expect 0)", false, 0, { P_END }, 0, 0, 1024 },
	{ "ata 1 of 2 sectors", false, 0, { P_END }, 1, 0, 512 },
	{ "ata data short by one byte", false, -1, { P_END }, 2, AR_EMSGSIZE, 0 },
	{ "ata header only, expect 1", false, -1024, { P_END }, 1, AR_EMSGSIZE, 0 },
	{ "ata header truncated", false, -1025, { P_END }, 0, AR_EMSGSIZE, 0 },
	{ "ata 23 bytes", false, -(1024 + 13), { P_END }, 0, AR_EMSGSIZE, 0 },
	{ "ata empty", false, -(1024 + 36), { P_END }, 0, AR_EMSGSIZE, 0 },
	{ "wrong ethertype", false, 0, { { 13, 0xa3 }, P_END }, 2, AR_EPROTO, 0 },
	{ "ethertype ipv4", false, 0, { { 12, 0x08 }, { 13, 0x00 }, P_END }, 2, AR_EPROTO, 0 },
	{ "version 2", false, 0, { { 14, 0x28 }, P_END }, 2, AR_EPROTO, 0 },
	{ "version 0", false, 0, { { 14, 0x08 }, P_END }, 2, AR_EPROTO, 0 },
	{ "ata parsed as cfg", true, 0, { { 19, 0x00 }, P_END }, 0, AR_EPROTO, 0 },
	{ "cfg parsed as ata", false, 0, { { 19, 0x01 }, P_END }, 2, AR_EPROTO, 0 },
	{ "macmask cmd", false, 0, { { 19, 0x02 }, P_END }, 2, AR_EPROTO, 0 },
	{ "aoe error bad cmd", false, 0, { { 14, 0x1c }, { 15, 1 }, P_END }, 2, AR_ENOTSUP, 0 },
	{ "aoe error bad arg", false, 0, { { 14, 0x1c }, { 15, 2 }, P_END }, 2, AR_EINVAL, 0 },
	{ "aoe error unavailable", false, 0, { { 14, 0x1c }, { 15, 3 }, P_END }, 2, AR_EIO, 0 },
	{ "aoe error bad version", false, 0, { { 14, 0x1c }, { 15, 5 }, P_END }, 2, AR_EPROTO, 0 },
	{ "aoe error reserved", false, 0, { { 14, 0x1c }, { 15, 6 }, P_END }, 2, AR_EBUSY, 0 },
	{ "aoe error unknown code", false, 0, { { 14, 0x1c }, { 15, 99 }, P_END }, 2, AR_EIO, 0 },
	{ "ata status ERR", false, 0, { { 27, 0x41 }, P_END }, 2, AR_EIO, 0 },
	{ "ata status BSY", false, 0, { { 27, 0xc0 }, P_END }, 2, AR_EIO, 0 },
	{ "ata status DRQ", false, 0, { { 27, 0x48 }, P_END }, 2, AR_EIO, 0 },
	{ "ata status DF", false, 0, { { 27, 0x60 }, P_END }, 2, AR_EIO, 0 },
	{ "ata status DRDY|DSC ok", false, 0, { { 27, 0x50 }, P_END }, 2, 0, 1024 },
	{ "ata error status, short frame", false, -1024, { { 27, 0x51 }, P_END }, 2, AR_EIO, 0 },
	{ "ata request with error bits ok", false, 0, { { 14, 0x10 }, { 27, 0x41 }, P_END }, 0, 0, 1024 },
	{ "cfg good", true, 0, { P_END }, 0, 0, 3 },
	{ "cfg good +2 padding", true, 2, { P_END }, 0, 0, 3 },
	{ "cfg string fills frame", true, 0, { { 31, 28 }, P_END }, 0, 0, 28 },
	{ "cfg string longer than frame", true, 0, { { 31, 29 }, P_END }, 0, AR_EBADMSG, 0 },
	{ "cfg string claims 1025", true, 0, { { 30, 0x04 }, { 31, 0x01 }, P_END }, 0, AR_EBADMSG, 0 },
	{ "cfg string claims 65535", true, 0, { { 30, 0xff }, { 31, 0xff }, P_END }, 0, AR_EBADMSG, 0 },
	{ "cfg 31 bytes", true, -29, { P_END }, 0, AR_EMSGSIZE, 0 },
	{ "cfg 32 bytes, strlen 3", true, -28, { P_END }, 0, AR_EBADMSG, 0 },
	{ "cfg error config present", true, 0, { { 14, 0x1c }, { 15, 4 }, P_END }, 0, AR_EEXIST, 0 },
};

static void test_aoe_parse_table(void **state)
{
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(parse_rows) / sizeof(parse_rows[0]); i++) {
		const struct parse_row *row = &parse_rows[i];
		uint8_t f[1200] = { 0 };
		struct aoe_hdr h;
		struct aoe_ata ata;
		struct aoe_cfg cfg;
		size_t len = row->cfg ? base_cfg_resp(f) : base_ata_resp(f);
		int rc;

		len = (size_t)((long)len + row->len_delta);
		for (k = 0; row->patch[k].off >= 0; k++)
			f[row->patch[k].off] = (uint8_t)row->patch[k].val;
		if (row->cfg) {
			rc = aoe_cfg_parse(f, len, &h, &cfg);
			ROW_EQ(row, rc, row->rc);
			if (rc)
				continue;
			ROW_EQ(row, cfg.str_len, row->out_len);
			ROW_CHECK(row, cfg.str == f + 32);
			ROW_EQ(row, cfg.bufcnt, 16);
			ROW_EQ(row, cfg.firmware, 0x4019);
			ROW_EQ(row, cfg.max_sectors, 2);
			ROW_EQ(row, cfg.aoe_version, 1);
			ROW_EQ(row, cfg.subcmd, AOE_CFG_READ);
		} else {
			rc = aoe_ata_parse(f, len, row->expect, &h, &ata);
			ROW_EQ(row, rc, row->rc);
			if (rc)
				continue;
			ROW_EQ(row, ata.data_len, row->out_len);
			ROW_CHECK(row, ata.data == f + 36);
			ROW_EQ(row, ata.sector_count, 2);
		}
		ROW_EQ(row, h.shelf, 0x0102);
		ROW_EQ(row, h.slot, 3);
		ROW_EQ(row, h.tag, 0x80001234);
		ROW_CHECK(row, memcmp(h.dst, MAC_T, 6) == 0 && memcmp(h.src, MAC_I, 6) == 0);
	}
}

/* Build, then parse back: every field survives. */
static void test_aoe_roundtrip(void **state)
{
	uint8_t buf[1600], data[1024];
	struct aoe_hdr h = req_hdr(), rh;
	struct aoe_ata ata = { .aflags = AOE_AFL_LBA48, .sector_count = 0,
		.cmd_status = 0x40, .lba = 0x123456789abcull, .data = data,
		.data_len = sizeof(data) }, ra;
	size_t len, i;

	(void)state;
	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7);
	memcpy(h.dst, MAC_BC, 6);
	h.flags = AOE_FL_RESPONSE;
	assert_int_equal(aoe_ata_build(buf, sizeof(buf), &h, &ata, &len), 0);
	assert_int_equal(len, 36 + 1024);
	assert_int_equal(aoe_ata_parse(buf, len, 2, &rh, &ra), 0);
	assert_int_equal(rh.version, 1);
	assert_int_equal(rh.flags, AOE_FL_RESPONSE);
	assert_int_equal(rh.cmd, AOE_CMD_ATA);
	assert_memory_equal(rh.dst, MAC_BC, 6);
	assert_int_equal(ra.lba, 0x123456789abcull);
	assert_int_equal(ra.cmd_status, 0x40);
	assert_memory_equal(ra.data, data, sizeof(data));
	/* LBA28 request: the device bits in lba[3] are not part of the LBA. */
	h.flags = 0;
	assert_int_equal(aoe_ata_build_read(buf, sizeof(buf), &h, 0x0abcdef1, 1, &len), 0);
	assert_int_equal(aoe_ata_parse(buf, len, 0, &rh, &ra), 0);
	assert_int_equal(ra.lba, 0x0abcdef1);
	assert_int_equal(ra.cmd_status, ATA_CMD_READ);
	ata.lba = 1ull << 48;
	assert_int_equal(aoe_ata_build(buf, sizeof(buf), &h, &ata, &len), AR_ERANGE);
	assert_int_equal(aoe_hdr_status(&rh), 0);
}

/* IDENTIFY data as vblade's setfld() writes it: first char in the high byte. */
static void id_setfld(uint8_t *id, int word, int len, const char *s)
{
	uint8_t *p = id + 2 * word;

	for (; len > 0; len -= 2, p += 2) {
		p[1] = *s ? (uint8_t)*s++ : ' ';
		p[0] = *s ? (uint8_t)*s++ : ' ';
	}
}

static void id_setw(uint8_t *id, int word, uint16_t v)
{
	id[2 * word] = (uint8_t)v;
	id[2 * word + 1] = (uint8_t)(v >> 8);
}

struct id_row {
	const char *name;
	const char *model, *serial, *fw;
	uint16_t w83;
	uint32_t lba28;
	uint64_t lba48;
	size_t len;
	int rc;
	const char *want_model, *want_serial, *want_fw;
	uint64_t want_sectors;
	bool want_lba48;
};

static const struct id_row id_rows[] = {
	{ "vblade lba48", "Coraid EtherDrive vblade", "1.2:host", "V25", 0x5400,
	  0x0fffffff, 0x123456789ull, 512, 0,
	  "Coraid EtherDrive vblade", "1.2:host", "V25", 0x123456789ull, true },
	{ "lba28 only", "Disk", "SN1", "1.0", 0x4000, 2048, 99, 512, 0,
	  "Disk", "SN1", "1.0", 2048, false },
	{ "lba48 flag but empty words", "Disk", "SN1", "1.0", 0x5400, 4096, 0, 512, 0,
	  "Disk", "SN1", "1.0", 4096, true },
	{ "leading spaces trimmed", "   Spaced  Model ", "  S  ", "  f", 0x4000, 8, 0, 512, 0,
	  "Spaced  Model", "S", "f", 8, false },
	{ "non-printable dropped", "A\001B\177C\x80" "D", "\t\nX", "\033[2J", 0x4000, 8, 0, 600, 0,
	  "ABCD", "X", "[2J", 8, false },
	{ "full width", "0123456789012345678901234567890123456789",
	  "abcdefghijklmnopqrst", "12345678", 0x4000, 1, 0, 512, 0,
	  "0123456789012345678901234567890123456789", "abcdefghijklmnopqrst", "12345678", 1, false },
	{ "all spaces", "", "", "", 0x4000, 0, 0, 512, 0, "", "", "", 0, false },
	{ "short", "x", "y", "z", 0x4000, 1, 0, 511, AR_EMSGSIZE, "", "", "", 0, false },
};

static void test_aoe_identify_parse(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(id_rows) / sizeof(id_rows[0]); i++) {
		const struct id_row *row = &id_rows[i];
		uint8_t id[600] = { 0 };
		struct ata_identity out;
		int rc;

		id_setfld(id, 27, 40, row->model);
		id_setfld(id, 10, 20, row->serial);
		id_setfld(id, 23, 8, row->fw);
		id_setw(id, 83, row->w83);
		id_setw(id, 60, (uint16_t)row->lba28);
		id_setw(id, 61, (uint16_t)(row->lba28 >> 16));
		for (int w = 0; w < 4; w++)
			id_setw(id, 100 + w, (uint16_t)(row->lba48 >> (16 * w)));
		memset(&out, 0x5a, sizeof(out));
		rc = ata_identify_parse(id, row->len, &out);
		ROW_EQ(row, rc, row->rc);
		if (rc)
			continue;
		if (strcmp(out.model, row->want_model) || strcmp(out.serial, row->want_serial) ||
		    strcmp(out.firmware, row->want_fw))
			fail_msg("row \"%s\": got model \"%s\" serial \"%s\" fw \"%s\"",
				 row->name, out.model, out.serial, out.firmware);
		ROW_EQ(row, out.sectors, row->want_sectors);
		ROW_EQ(row, out.lba48, row->want_lba48);
	}
}

static void test_aoe_tags(void **state)
{
	uint32_t t;

	(void)state;
	t = aoe_tag_make(0x123456789ull, 5, true);
	assert_int_equal(t, 0x80056789u);
	assert_int_equal(aoe_tag_seq(t), 5);
	assert_int_equal(aoe_tag_rtt(t, 0x123456789ull + 250), 250);
	t = aoe_tag_make(0xfff0, 0x18001, false);      /* seq wraps to 15 bits */
	assert_int_equal(t & AOE_TAG_USERLAND, 0);
	assert_int_equal(aoe_tag_seq(t), 1);
	assert_int_equal(aoe_tag_rtt(t, 0x10010), 0x20); /* clock low bits wrapped */
	assert_int_equal(aoe_tag_rtt(t, 0xfff0), 0);
}

static void test_aoe_errors(void **state)
{
	unsigned int c;

	(void)state;
	for (c = 1; c <= 6; c++)
		assert_string_not_equal(aoe_error_str(c), "unknown AoE error");
	assert_string_equal(aoe_error_str(0), "unknown AoE error");
	assert_string_equal(aoe_error_str(7), "unknown AoE error");
	assert_string_equal(aoe_error_str(AOE_ERR_CFGSET), "config string present");
	assert_int_equal(aoe_error_to_ar(AOE_ERR_DEVUNAVAIL), AR_EIO);
}

/* 802.1Q: golden tagged bytes, push/pop round trip, classification. */
struct vlan_row {
	const char *name;
	uint8_t frame[24];
	size_t len;
	uint16_t want;       /* VID the receiver is configured with */
	int rc;              /* aoe_vlan_pop() result */
	bool tagged;
	uint16_t vid;
	uint8_t pcp;
	uint16_t type;       /* payload EtherType */
};

#define ETH_MACS 0x52, 0x54, 0x00, 0x00, 0x00, 0x01, 0x52, 0x54, 0x00, 0x00, 0x00, 0x02

static const struct vlan_row vlan_rows[] = {
	{ "tagged 42 wanted 42", { ETH_MACS, 0x81, 0x00, 0x00, 0x2a, 0x88, 0xa2, 0x18, 0 }, 24, 42,
	  AOE_VLAN_MATCH, true, 42, 0, AOE_ETHERTYPE },
	{ "priority 5 + DEI, vid 42", { ETH_MACS, 0x81, 0x00, 0xb0, 0x2a, 0x88, 0xa2, 0x18, 0 }, 24, 42,
	  AOE_VLAN_MATCH, true, 42, 5, AOE_ETHERTYPE },
	{ "tagged 7 wanted 42", { ETH_MACS, 0x81, 0x00, 0x00, 0x07, 0x88, 0xa2, 0x18, 0 }, 24, 42,
	  AOE_VLAN_OTHER, true, 7, 0, AOE_ETHERTYPE },
	{ "reserved vid 4095", { ETH_MACS, 0x81, 0x00, 0x0f, 0xff, 0x88, 0xa2, 0x18, 0 }, 24, 42,
	  AOE_VLAN_OTHER, true, 4095, 0, AOE_ETHERTYPE },
	{ "untagged aoe", { ETH_MACS, 0x88, 0xa2, 0x18, 0x00, 0x00, 0x01, 0x02, 0x01 }, 24, 42,
	  AOE_VLAN_UNTAGGED, false, 0, 0, AOE_ETHERTYPE },
	{ "priority tag only (vid 0)", { ETH_MACS, 0x81, 0x00, 0x60, 0x00, 0x88, 0xa2, 0x18, 0 }, 24, 42,
	  AOE_VLAN_UNTAGGED, true, 0, 3, AOE_ETHERTYPE },
	{ "tagged arp", { ETH_MACS, 0x81, 0x00, 0x00, 0x2a, 0x08, 0x06, 0, 1 }, 24, 42,
	  AOE_VLAN_MATCH, true, 42, 0, 0x0806 },
	{ "tag cut short", { ETH_MACS, 0x81, 0x00, 0x00, 0x2a }, 16, 42,
	  AR_EMSGSIZE, false, 0, 0, 0 },
	{ "no ethernet header", { ETH_MACS, 0x88 }, 13, 42, AR_EMSGSIZE, false, 0, 0, 0 },
	{ "bad wanted vid", { ETH_MACS, 0x81, 0x00, 0x00, 0x2a, 0x88, 0xa2 }, 18, 0, AR_EINVAL, false, 0, 0, 0 },
};

static void test_aoe_vlan_pop_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(vlan_rows) / sizeof(vlan_rows[0]); i++) {
		const struct vlan_row *r = &vlan_rows[i];
		uint8_t f[24];
		struct aoe_vlan v;
		size_t out = 999;
		int want_rc = r->rc;
		int rc;

		memcpy(f, r->frame, sizeof(f));
		memset(&v, 0xa5, sizeof(v));
		rc = aoe_vlan_pop(f, r->len, r->want, &out, &v);
		ROW_EQ(r, rc, want_rc);
		if (rc == AOE_VLAN_MATCH) {
			ROW_EQ(r, out, r->len - 4);
			ROW_CHECK(r, !memcmp(f, r->frame, 12));
			ROW_CHECK(r, !memcmp(f + 12, r->frame + 16, r->len - 16));
		} else {
			ROW_EQ(r, out, r->len);
			ROW_CHECK(r, !memcmp(f, r->frame, sizeof(f)));
		}
		if (rc < 0)
			continue;
		ROW_EQ(r, v.tagged, r->tagged);
		ROW_EQ(r, v.vid, r->vid);
		ROW_EQ(r, v.pcp, r->pcp);
		ROW_EQ(r, v.type, r->type);
	}
}

static void test_aoe_vlan_push(void **state)
{
	struct aoe_hdr h = { .shelf = 0x0102, .slot = 3, .tag = 0x80001234 };
	uint8_t f[64 + 4], g[64];
	size_t len, tlen, back;
	struct aoe_hdr h2;
	struct aoe_cfg c = { 0 }, c2;

	(void)state;
	memcpy(h.dst, MAC_T, 6);
	memcpy(h.src, MAC_I, 6);
	assert_int_equal(aoe_cfg_build(f, 64, &h, &c, &len), 0);
	memcpy(g, f, len);
	assert_int_equal(aoe_vlan_push(f, len, sizeof(f), 42, &tlen), 0);
	assert_int_equal(tlen, len + 4);
	/* golden: dst src 81 00 00 2a 88 a2 10 ... */
	assert_memory_equal(f, g, 12);
	assert_int_equal(f[12], 0x81); assert_int_equal(f[13], 0x00);
	assert_int_equal(f[14], 0x00); assert_int_equal(f[15], 0x2a);
	assert_int_equal(f[16], 0x88); assert_int_equal(f[17], 0xa2);
	assert_memory_equal(f + 16, g + 12, len - 12);
	/* tagged frames are not AoE to the untagged codec */
	assert_int_equal(aoe_cfg_parse(f, tlen, &h2, &c2), AR_EPROTO);
	assert_int_equal(aoe_vlan_pop(f, tlen, 42, &back, NULL), AOE_VLAN_MATCH);
	assert_int_equal(back, len);
	assert_memory_equal(f, g, len);
	assert_int_equal(aoe_cfg_parse(f, back, &h2, &c2), 0);
	assert_int_equal(h2.tag, h.tag);
	/* limits */
	assert_int_equal(aoe_vlan_push(f, len, len + 3, 42, &tlen), AR_ENOSPC);
	assert_int_equal(aoe_vlan_push(f, len, sizeof(f), 0, &tlen), AR_EINVAL);
	assert_int_equal(aoe_vlan_push(f, len, sizeof(f), 4095, &tlen), AR_EINVAL);
	assert_int_equal(aoe_vlan_push(f, 13, sizeof(f), 42, &tlen), AR_EMSGSIZE);
	assert_int_equal(aoe_vlan_push(f, len, sizeof(f), 4094, &tlen), 0);
	assert_int_equal(f[14], 0x0f); assert_int_equal(f[15], 0xfe);
	assert_int_equal(aoe_vlan_push(f, 14, 17, 1, &tlen), AR_ENOSPC);
	assert_int_equal(aoe_vlan_push(f, 14, 18, 1, &tlen), 0);
	assert_int_equal(tlen, 18);
}

/* Sectors per READ frame from the target's limit and the link's MTU. */
struct spf_row { unsigned max_sectors, mtu, cap, want; };

static void test_aoe_frame_sectors(void **state)
{
	static const struct spf_row rows[] = {
		{ 17, 1500, 0, 2 },    /* the standard MTU: 1478 bytes of room */
		{ 2, 1500, 0, 2 },
		{ 17, 9000, 0, 17 },   /* jumbo: vblade says 17 on a 9000 link */
		{ 255, 9000, 0, 17 },  /* (9000 - 22) / 512 = 17.5 */
		{ 8, 9000, 0, 8 },     /* the target's own limit wins */
		{ 0, 9000, 0, 2 },     /* 0 = 2 (AoE r11) */
		{ 17, 0, 0, 2 },       /* no MTU known: 1500 */
		{ 255, 1000, 0, 1 },   /* odd MTUs round down */
		{ 255, 1046, 0, 2 },   /* exactly 2 sectors + 22 */
		{ 255, 1045, 0, 1 },
		{ 255, 4000, 0, 7 },
		{ 255, 8192, 0, 15 },
		{ 255, 9216, 0, 17 },
		{ 255, 16110, 0, 31 },
		{ 255, 65535, 0, 127 },
		{ 255, 65535, 17, 17 }, /* the caller's buffer caps it */
		{ 17, 9000, 4, 4 },
		{ 255, 576, 0, 1 },
		{ 255, 100, 0, 1 },    /* no room for a sector: still 1 */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (aoe_frame_sectors(rows[i].max_sectors, rows[i].mtu, rows[i].cap) != rows[i].want)
			fail_msg("row %zu: max %u mtu %u cap %u: got %u want %u", i,
				 rows[i].max_sectors, rows[i].mtu, rows[i].cap,
				 aoe_frame_sectors(rows[i].max_sectors, rows[i].mtu, rows[i].cap),
				 rows[i].want);
	/* every size that fits is really within the MTU */
	for (unsigned mtu = 534; mtu <= 9216; mtu += 37) {
		unsigned n = aoe_frame_sectors(255, mtu, 0);

		assert_true(AOE_ATA_HDR_LEN - 14 + n * AOE_SECTOR_SIZE <= mtu);
		assert_true(AOE_ATA_HDR_LEN - 14 + (n + 1) * AOE_SECTOR_SIZE > mtu);
	}
}

static void test_aoe_window(void **state)
{
	(void)state;
	assert_int_equal(aoe_window(16, 8, 32), 16);   /* vblade's default -b 16 */
	assert_int_equal(aoe_window(64, 8, 32), 32);   /* our slots cap it */
	assert_int_equal(aoe_window(0, 8, 32), 8);     /* says none: the default */
	assert_int_equal(aoe_window(1, 8, 32), 1);
	assert_int_equal(aoe_window(0, 0, 32), 1);     /* never 0 */
	assert_int_equal(aoe_window(300, 1, 0), 300);  /* no cap */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aoe_build_golden),
		cmocka_unit_test(test_aoe_build_cfg_limits),
		cmocka_unit_test(test_aoe_parse_table),
		cmocka_unit_test(test_aoe_roundtrip),
		cmocka_unit_test(test_aoe_identify_parse),
		cmocka_unit_test(test_aoe_tags),
		cmocka_unit_test(test_aoe_errors),
		cmocka_unit_test(test_aoe_vlan_pop_table),
		cmocka_unit_test(test_aoe_vlan_push),
		cmocka_unit_test(test_aoe_frame_sectors),
		cmocka_unit_test(test_aoe_window),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
