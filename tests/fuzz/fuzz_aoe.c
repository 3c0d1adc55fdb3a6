/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_aoe.c - libFuzzer target for the AoE codec. The input is one
 * received frame. Every parser runs on it; whatever parses is rebuilt with
 * the builders and parsed again, and the two decodings must agree. Pointers
 * the parsers return must stay inside the input.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "aoe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

static uint8_t out[AOE_ATA_HDR_LEN + 255 * AOE_SECTOR_SIZE + AOE_FRAME_MIN];

static bool inside(const uint8_t *p, size_t n, const uint8_t *data, size_t size)
{
	return p >= data && n <= size && p - data <= (ptrdiff_t)(size - n);
}

static bool hdr_same(const struct aoe_hdr *a, const struct aoe_hdr *b)
{
	return !memcmp(a->dst, b->dst, 6) && !memcmp(a->src, b->src, 6) &&
	       a->flags == b->flags && a->error == b->error &&
	       a->shelf == b->shelf && a->slot == b->slot &&
	       a->cmd == b->cmd && a->tag == b->tag;
}

static void fuzz_cfg(const uint8_t *data, size_t size)
{
	struct aoe_hdr h, h2;
	struct aoe_cfg c, c2;
	size_t len;

	if (aoe_cfg_parse(data, size, &h, &c) != 0)
		return;
	CHECK(c.str_len <= AOE_CFG_STR_MAX);
	CHECK(inside(c.str, c.str_len, data, size));
	CHECK(aoe_cfg_build(out, sizeof(out), &h, &c, &len) == 0);
	CHECK(len >= AOE_FRAME_MIN && len <= size + AOE_FRAME_MIN);
	CHECK(aoe_cfg_parse(out, len, &h2, &c2) == 0);
	CHECK(hdr_same(&h, &h2));
	CHECK(c.bufcnt == c2.bufcnt && c.firmware == c2.firmware &&
	      c.max_sectors == c2.max_sectors && c.aoe_version == c2.aoe_version &&
	      c.subcmd == c2.subcmd && c.str_len == c2.str_len);
	CHECK(!memcmp(c.str, c2.str, c.str_len));
}

static void fuzz_ata(const uint8_t *data, size_t size, unsigned int expect)
{
	struct aoe_hdr h, h2;
	struct aoe_ata a, a2;
	size_t len;
	int rc = aoe_ata_parse(data, size, expect, &h, &a);

	if (rc != 0)
		return;
	CHECK(inside(a.data, a.data_len, data, size));
	CHECK(!expect || a.data_len == expect * AOE_SECTOR_SIZE);
	if (a.data_len > sizeof(out) - AOE_ATA_HDR_LEN)
		return;
	CHECK(aoe_ata_build(out, sizeof(out), &h, &a, &len) == 0);
	CHECK(aoe_ata_parse(out, len, expect, &h2, &a2) == 0);
	CHECK(hdr_same(&h, &h2));
	CHECK(a.aflags == a2.aflags && a.err_feature == a2.err_feature &&
	      a.sector_count == a2.sector_count && a.cmd_status == a2.cmd_status &&
	      a.lba == a2.lba && a.data_len <= a2.data_len);
	CHECK(!memcmp(a.data, a2.data, a.data_len));
}

static void fuzz_identify(const uint8_t *data, size_t size)
{
	struct ata_identity id;
	size_t i;

	if (ata_identify_parse(data, size, &id) != 0)
		return;
	CHECK(memchr(id.model, 0, sizeof(id.model)));
	CHECK(memchr(id.serial, 0, sizeof(id.serial)));
	CHECK(memchr(id.firmware, 0, sizeof(id.firmware)));
	for (i = 0; id.model[i]; i++)
		CHECK(id.model[i] >= 0x20 && id.model[i] < 0x7f);
	CHECK(id.sectors < (1ull << 48));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct aoe_hdr h;

	if (aoe_hdr_unpack(data, size, &h) == 0) {
		CHECK(aoe_hdr_pack(out, sizeof(out), &h) == 0);
		CHECK(!memcmp(out, data, AOE_HDR_LEN));
		(void)aoe_error_str(h.error);
		(void)aoe_hdr_status(&h);
	}
	fuzz_cfg(data, size);
	fuzz_ata(data, size, 0);
	fuzz_ata(data, size, size > AOE_OFF_TAG ? data[AOE_OFF_TAG] & 3 : 1);
	if (size >= AOE_ATA_HDR_LEN)
		fuzz_identify(data + AOE_ATA_HDR_LEN, size - AOE_ATA_HDR_LEN);
	fuzz_identify(data, size);
	return 0;
}
