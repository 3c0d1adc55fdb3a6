/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_bootargs.c - the kernel-argument contract: golden texts, parse
 * tables (the failing row is reported) and format -> parse round trips.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "bootargs.h"
#include "handoff.h"
#include "mdsb.h"
#include "err.h"

static const uint8_t mac_a[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const uint8_t mac_b[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };
static const uint8_t uuid_x[16] = { 0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f, 0x60, 0x71,
				    0x82, 0x93, 0xa4, 0xb5, 0xc6, 0xd7, 0xe8, 0xf9 };

static void test_bootargs_golden(void **state)
{
	struct bootargs b;
	char buf[BOOTARGS_TEXT_MAX];
	size_t len;

	(void)state;
	bootargs_init(&b);
	assert_int_equal(bootargs_format(&b, buf, sizeof(buf), &len), 0);
	assert_string_equal(buf, "");
	b.n_netdevs = 1;
	b.netdevs[0].by_mac = true;
	memcpy(b.netdevs[0].mac, mac_a, 6);
	b.n_members = 2;
	b.members[0].shelf = 0;
	b.members[0].slot = 1;
	b.members[1].shelf = 65534;
	b.members[1].slot = 254;
	b.members[1].pinned = true;
	memcpy(b.members[1].mac, mac_b, 6);
	b.has_uuid = true;
	memcpy(b.uuid, uuid_x, 16);
	b.vlan = 42;
	assert_int_equal(bootargs_format(&b, buf, sizeof(buf), &len), 0);
	assert_string_equal(buf, "aoe_netdev=52:54:00:12:34:56 "
			    "aoe_md_devs=e0.1,e65534.254@52:54:00:ab:cd:ef "
			    "aoe_md_uuid=0a1b2c3d:4e5f6071:8293a4b5:c6d7e8f9 aoe_vlan=42");
	assert_int_equal(len, strlen(buf));
	/* every size too small fails cleanly, never a cut text */
	for (size_t cap = 1; cap <= len; cap++) {
		assert_int_equal(bootargs_format(&b, buf, cap, NULL), AR_ENOSPC);
		assert_string_equal(buf, "");
	}
	b.vlan = 4095;
	assert_int_equal(bootargs_format(&b, buf, sizeof(buf), NULL), AR_EINVAL);
	b.vlan = 0;
	b.members[0].slot = 255;
	assert_int_equal(bootargs_format(&b, buf, sizeof(buf), NULL), AR_EINVAL);
	b.members[0].slot = 0;
	b.netdevs[0].by_mac = false;
	strcpy(b.netdevs[0].name, "eth:0");
	assert_int_equal(bootargs_format(&b, buf, sizeof(buf), NULL), AR_EINVAL);
}

struct parse_row {
	const char *line;
	int rc;                  /* bootargs_parse() */
	unsigned bad;
	const char *want;        /* bootargs_format() of the result */
};

static const struct parse_row parse_rows[] = {
	{ "", 0, 0, "" },
	{ "root=/dev/md0 ro quiet", 0, 0, "" },
	{ "aoe_md_devs=e0.0,e0.1", 0, 0, "aoe_md_devs=e0.0,e0.1" },
	{ "aoe_md_devs=e1.0@52-54-00-12-34-56", 0, 0, "aoe_md_devs=e1.0@52:54:00:12:34:56" },
	{ "aoe_netdev=eth0,52:54:00:AB:CD:EF", 0, 0, "aoe_netdev=eth0,52:54:00:ab:cd:ef" },
	{ "aoe_md_uuid=0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9", 0, 0,
	  "aoe_md_uuid=0a1b2c3d:4e5f6071:8293a4b5:c6d7e8f9" },
	{ "aoe_vlan=7 aoe_vlan=8", 0, 0, "aoe_vlan=8" },
	{ "aoe_md_devs=e0.0 aoe_md_devs=e2.3", 0, 0, "aoe_md_devs=e2.3" },
	{ "\"aoe_md_devs=e0.0,e0.1\"", 0, 0, "aoe_md_devs=e0.0,e0.1" },
	{ "aoe_md_devs=e0.0 -- aoe_md_devs=e9.9", 0, 0, "aoe_md_devs=e0.0" },
	{ "aoe_md_devs=e0.0,e0.0", AR_EINVAL, 1, "" },
	{ "aoe_md_devs=e0.0,", AR_EINVAL, 1, "" },
	{ "aoe_md_devs=", AR_EINVAL, 1, "" },
	{ "aoe_md_devs", AR_EINVAL, 1, "" },
	{ "aoe_md_devs=e0.255", AR_ERANGE, 1, "" },
	{ "aoe_md_devs=e0.0@52:54:00:12:34", AR_EINVAL, 1, "" },
	{ "aoe_md_devs=e0.0,e0.1,e0.2,e0.3,e0.4,e0.5,e0.6,e0.7,e0.8", AR_E2BIG, 1, "" },
	{ "aoe_netdev=a/b", AR_EINVAL, 1, "" },
	/* NBSP is the kernel's isspace(): the line would split the name
	 * (found by fuzz_bootargs: quoted in, unquoted out) */
	{ "aoe_netdev=\"a\xa0" "b\"", AR_EINVAL, 1, "" },
	{ "aoe_netdev=abcdefghijklmnop", AR_EINVAL, 1, "" },
	{ "aoe_vlan=0", AR_ERANGE, 1, "" },
	{ "aoe_vlan=4095 aoe_md_uuid=xyz", AR_ERANGE, 2, "" },
	/* a bad value leaves the earlier good one in place */
	{ "aoe_md_devs=e3.4 aoe_md_devs=bad", AR_EINVAL, 1, "aoe_md_devs=e3.4" },
	/* other aoe_ keys belong to /init, not to the contract */
	{ "aoe_wait=5 aoe_md_dev=md1", 0, 0, "" },
};

static void test_bootargs_parse_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(parse_rows) / sizeof(parse_rows[0]); i++) {
		const struct parse_row *r = &parse_rows[i];
		struct bootargs b;
		char buf[BOOTARGS_TEXT_MAX];
		unsigned bad = 99;
		int rc = bootargs_parse(r->line, &b, &bad);

		if (rc != r->rc || bad != r->bad ||
		    bootargs_format(&b, buf, sizeof(buf), NULL) != 0 || strcmp(buf, r->want))
			fail_msg("row %zu '%s': rc %d bad %u text '%s'", i, r->line, rc, bad, buf);
	}
}

static void test_bootargs_not_ours(void **state)
{
	struct bootargs b;

	(void)state;
	bootargs_init(&b);
	assert_int_equal(bootargs_parse_arg(&b, "aoe_wait", 8, "5", 1), BOOTARGS_NOT_OURS);
	assert_int_equal(bootargs_parse_arg(&b, "aoe_md_devsX", 12, "e0.0", 4), BOOTARGS_NOT_OURS);
	/* exactly @len bytes: the key may sit inside a longer line */
	assert_int_equal(bootargs_parse_arg(&b, "aoe_vlan=3", 8, "3", 1), 0);
	assert_int_equal(b.vlan, 3);
	assert_int_equal(bootargs_parse_arg(&b, "aoe_md_uuid", 11,
					    "0a1b2c3d4e5f607182\0" "93a4b5c6d7e8f9", 33), AR_EINVAL);
}

/* Many shapes of struct -> text -> struct: the same struct comes back. */
static void test_bootargs_roundtrip(void **state)
{
	(void)state;
	for (unsigned seed = 0; seed < 500; seed++) {
		struct bootargs b, back;
		char buf[BOOTARGS_TEXT_MAX];
		unsigned s = seed * 2654435761u, bad;

		bootargs_init(&b);
		b.n_netdevs = s % (BOOTARGS_MAX_NETDEVS + 1);
		for (size_t i = 0; i < b.n_netdevs; i++) {
			b.netdevs[i].by_mac = (s >> i) & 1;
			if (b.netdevs[i].by_mac) {
				memcpy(b.netdevs[i].mac, mac_a, 6);
				b.netdevs[i].mac[5] = (uint8_t)(i + seed);
			} else {
				if (i & 1)
					snprintf(b.netdevs[i].name, sizeof(b.netdevs[i].name),
						 "aoe%zu", i);
				else
					snprintf(b.netdevs[i].name, sizeof(b.netdevs[i].name),
						 "enp0s%u.%zu", seed % 4095, i);
			}
		}
		b.n_members = (s >> 8) % (BOOTARGS_MAX_MEMBERS + 1);
		for (size_t i = 0; i < b.n_members; i++) {
			b.members[i].shelf = (uint16_t)((seed * 7 + i) % 65535);
			b.members[i].slot = (uint8_t)((seed + i * 31) % 255);
			b.members[i].pinned = (s >> (i + 3)) & 1;
			if (b.members[i].pinned) {
				memcpy(b.members[i].mac, mac_b, 6);
				b.members[i].mac[0] = (uint8_t)(i * 2);
			}
		}
		b.has_uuid = s & 0x10000;
		if (b.has_uuid) {
			memcpy(b.uuid, uuid_x, 16);
			b.uuid[15] = (uint8_t)seed;
		}
		b.vlan = (uint16_t)((s >> 4) % 4095);
		if (bootargs_format(&b, buf, sizeof(buf), NULL))
			fail_msg("seed %u: format failed", seed);
		if (bootargs_parse(buf, &back, &bad) || bad)
			fail_msg("seed %u: '%s' does not parse back", seed, buf);
		if (memcmp(&b, &back, sizeof(b)))
			fail_msg("seed %u: '%s' parsed to another struct", seed, buf);
	}
}

static void test_bootargs_same_members(void **state)
{
	struct bootargs a, b;

	(void)state;
	assert_int_equal(bootargs_parse("aoe_md_devs=e0.0,e0.1", &a, NULL), 0);
	assert_int_equal(bootargs_parse("aoe_md_devs=e0.1@52:54:00:12:34:56,e0.0", &b, NULL), 0);
	assert_true(bootargs_same_members(&a, &b));
	assert_int_equal(bootargs_parse("aoe_md_devs=e0.1,e0.2", &b, NULL), 0);
	assert_false(bootargs_same_members(&a, &b));
	assert_int_equal(bootargs_parse("aoe_md_devs=e0.0", &b, NULL), 0);
	assert_false(bootargs_same_members(&a, &b));
}

/* The arguments made from a handoff record name exactly its members. */
static void test_bootargs_from_handoff(void **state)
{
	struct mdsb_info md;
	struct handoff h;
	struct bootargs b;
	char buf[BOOTARGS_TEXT_MAX];

	(void)state;
	memset(&md, 0, sizeof(md));
	memcpy(md.uuid, uuid_x, 16);
	md.raid_disks = 2;
	md.events = 40;
	handoff_init(&h, HANDOFF_WRITER_STUB_PUBLISH, mac_a, 12, HANDOFF_RULE_PERSON);
	assert_int_equal(handoff_add(&h, 1, 0, mac_b, &md), 0);
	handoff_to_bootargs(&h, &b);
	assert_int_equal(bootargs_format(&b, buf, sizeof(buf), NULL), 0);
	assert_string_equal(buf, "aoe_netdev=52:54:00:12:34:56 aoe_md_devs=e1.0 "
			    "aoe_md_uuid=0a1b2c3d:4e5f6071:8293a4b5:c6d7e8f9 aoe_vlan=12");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bootargs_golden),
		cmocka_unit_test(test_bootargs_parse_table),
		cmocka_unit_test(test_bootargs_not_ours),
		cmocka_unit_test(test_bootargs_roundtrip),
		cmocka_unit_test(test_bootargs_same_members),
		cmocka_unit_test(test_bootargs_from_handoff),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
