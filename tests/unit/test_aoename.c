/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_aoename.c - target names, MACs and UUIDs: parse and format tables.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "aoename.h"
#include "err.h"

struct name_row {
	const char *s;
	size_t len;              /* 0: strlen(s) */
	int rc;
	uint16_t shelf;
	uint8_t slot;
};

static const struct name_row name_rows[] = {
	{ "e0.0", 0, 0, 0, 0 },
	{ "e12.3", 0, 0, 12, 3 },
	{ "e65534.254", 0, 0, 65534, 254 },
	{ "e01.002", 0, 0, 1, 2 },
	{ "e4095.1", 0, 0, 4095, 1 },
	{ "e65535.0", 0, AR_ERANGE, 0, 0 },
	{ "e0.255", 0, AR_ERANGE, 0, 0 },
	{ "e65536.1", 0, AR_ERANGE, 0, 0 },
	{ "e4294967297.1", 0, AR_ERANGE, 0, 0 },
	{ "e1.99999999999999999999", 0, AR_ERANGE, 0, 0 },
	{ "e1.2x", 0, AR_EINVAL, 0, 0 },
	{ "e1.2.3", 0, AR_EINVAL, 0, 0 },
	{ "e1", 0, AR_EINVAL, 0, 0 },
	{ "e.1", 0, AR_EINVAL, 0, 0 },
	{ "e1.", 0, AR_EINVAL, 0, 0 },
	{ "E1.2", 0, AR_EINVAL, 0, 0 },
	{ "e-1.2", 0, AR_EINVAL, 0, 0 },
	{ "e+1.2", 0, AR_EINVAL, 0, 0 },
	{ " e1.2", 0, AR_EINVAL, 0, 0 },
	{ "e1.2 ", 0, AR_EINVAL, 0, 0 },
	{ "e1 .2", 0, AR_EINVAL, 0, 0 },
	{ "1.2", 0, AR_EINVAL, 0, 0 },
	{ "", 0, AR_EINVAL, 0, 0 },
	{ "e1.2", 5, AR_EINVAL, 0, 0 },  /* the NUL is part of the text */
	{ "e12.34", 4, AR_EINVAL, 0, 0 }, /* "e12." */
	{ "e12.34", 5, 0, 12, 3 },        /* "e12.3" */
};

static void test_aoename_name_parse(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(name_rows) / sizeof(name_rows[0]); i++) {
		const struct name_row *r = &name_rows[i];
		uint16_t shelf = 0xAAAA;
		uint8_t slot = 0xAA;
		int rc = aoe_name_parse(r->s, r->len ? r->len : strlen(r->s), &shelf, &slot);

		if (rc != r->rc)
			fail_msg("name row %zu \"%s\": rc %d, want %d", i, r->s, rc, r->rc);
		if (!rc && (shelf != r->shelf || slot != r->slot))
			fail_msg("name row %zu \"%s\": e%u.%u", i, r->s, shelf, slot);
		if (rc && (shelf != 0xAAAA || slot != 0xAA))
			fail_msg("name row %zu \"%s\": output touched on error", i, r->s);
	}
}

static void test_aoename_name_format(void **state)
{
	char buf[AOE_NAME_MAX];
	uint16_t shelf;
	uint8_t slot;

	(void)state;
	assert_int_equal(aoe_name_format(12, 3, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "e12.3");
	assert_int_equal(aoe_name_format(12, 3, buf, 6), 0);
	assert_int_equal(aoe_name_format(12, 3, buf, 5), AR_ENOSPC);
	assert_string_equal(buf, "");
	assert_int_equal(aoe_name_format(65535, 255, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "e65535.255");
	assert_int_equal(aoe_name_format(0, 0, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "e0.0");
	assert_int_equal(aoe_name_format(4660, 86, buf, sizeof(buf)), 0);
	assert_int_equal(aoe_name_parse(buf, strlen(buf), &shelf, &slot), 0);
	assert_int_equal(shelf, 4660);
	assert_int_equal(slot, 86);
}

struct mac_row {
	const char *s;
	int rc;
	uint8_t mac[6];
};

static const struct mac_row mac_rows[] = {
	{ "52:54:00:12:34:56", 0, { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 } },
	{ "52-54-00-12-34-56", 0, { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 } },
	{ "AA:bb:Cc:dD:ee:FF", 0, { 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff } },
	{ "52:54:00-12:34:56", AR_EINVAL, { 0 } },
	{ "52.54.00.12.34.56", AR_EINVAL, { 0 } },
	{ "52:54:00:12:34", AR_EINVAL, { 0 } },
	{ "52:54:00:12:34:5g", AR_EINVAL, { 0 } },
	{ "525400123456", AR_EINVAL, { 0 } },
	{ "52:54:00:12:34:56:", AR_EINVAL, { 0 } },
	{ "5:254:00:12:34:56", AR_EINVAL, { 0 } },
	{ "52::54:00:12:34:5", AR_EINVAL, { 0 } },
	{ " 2:54:00:12:34:56", AR_EINVAL, { 0 } },
	{ "", AR_EINVAL, { 0 } },
};

static void test_aoename_mac(void **state)
{
	size_t i;
	char buf[MAC_STR_LEN + 1];

	(void)state;
	for (i = 0; i < sizeof(mac_rows) / sizeof(mac_rows[0]); i++) {
		const struct mac_row *r = &mac_rows[i];
		uint8_t mac[6] = { 1, 1, 1, 1, 1, 1 };
		int rc = aoename_mac_parse(r->s, strlen(r->s), mac);

		if (rc != r->rc || (!rc && memcmp(mac, r->mac, 6)))
			fail_msg("mac row %zu \"%s\": rc %d, want %d", i, r->s, rc, r->rc);
	}
	assert_int_equal(aoename_mac_format(mac_rows[2].mac, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "aa:bb:cc:dd:ee:ff");
	assert_int_equal(aoename_mac_format(mac_rows[2].mac, buf, MAC_STR_LEN), AR_ENOSPC);
}

static const uint8_t U[16] = { 0x3a, 0x1f, 0x2b, 0x44, 0x90, 0x0d, 0xbe, 0xef,
			       0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef };

struct uuid_row {
	const char *s;
	int rc;
};

static const struct uuid_row uuid_rows[] = {
	{ "3a1f2b44:900dbeef:01234567:89abcdef", 0 },
	{ "3A1F2B44:900DBEEF:01234567:89ABCDEF", 0 },
	{ "3a1f2b44-900d-beef-0123-456789abcdef", 0 },
	{ "3a1f2b44-900dbeef-01234567-89abcdef", AR_EINVAL },
	{ "3a1f2b44:900d:beef:0123:456789abcdef", AR_EINVAL },
	{ "3a1f2b44-900d-beef-0123456-789abcdef", AR_EINVAL },
	{ "3a1f2b44900dbeef0123456789abcdef", AR_EINVAL },
	{ "3a1f2b44:900dbeef:01234567:89abcdeg", AR_EINVAL },
	{ "3a1f2b44:900dbeef:01234567:89abcdef0", AR_EINVAL },
	{ "3a1f2b44:900dbeef:01234567:89abcde", AR_EINVAL },
	{ "", AR_EINVAL },
};

static void test_aoename_uuid(void **state)
{
	size_t i;
	char buf[UUID_DASHED_LEN + 1];
	uint8_t u[16];

	(void)state;
	for (i = 0; i < sizeof(uuid_rows) / sizeof(uuid_rows[0]); i++) {
		const struct uuid_row *r = &uuid_rows[i];
		int rc;

		memset(u, 0, sizeof(u));
		rc = aoename_uuid_parse(r->s, strlen(r->s), u);
		if (rc != r->rc || (!rc && memcmp(u, U, 16)))
			fail_msg("uuid row %zu \"%s\": rc %d, want %d", i, r->s, rc, r->rc);
	}
	assert_int_equal(aoename_uuid_format(U, UUID_STYLE_MDADM, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "3a1f2b44:900dbeef:01234567:89abcdef");
	assert_int_equal(aoename_uuid_format(U, UUID_STYLE_DASHED, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "3a1f2b44-900d-beef-0123-456789abcdef");
	assert_int_equal(aoename_uuid_format(U, UUID_STYLE_DASHED, buf, UUID_DASHED_LEN), AR_ENOSPC);
	assert_int_equal(aoename_uuid_format(U, UUID_STYLE_HEX, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "3a1f2b44900dbeef0123456789abcdef");
	assert_int_equal(aoename_uuid_format(U, UUID_STYLE_HEX, buf, UUID_HEX_LEN), AR_ENOSPC);
	assert_int_equal(aoename_uuid_format(U, UUID_STYLE_MDADM, buf, UUID_MDADM_LEN + 1), 0);
	assert_int_equal(aoename_uuid_format(U, (enum uuid_style)7, buf, sizeof(buf)), AR_EINVAL);
}

static void test_aoename_vlan(void **state)
{
	static const struct { const char *s; int rc; uint16_t vid; } rows[] = {
		{ "42", 0, 42 }, { "1", 0, 1 }, { "4094", 0, 4094 },
		{ "0", AR_ERANGE, 0 }, { "4095", AR_ERANGE, 0 }, { "99999999999", AR_ERANGE, 0 },
		{ "", AR_EINVAL, 0 }, { "042", AR_EINVAL, 0 }, { "-1", AR_EINVAL, 0 },
		{ "+4", AR_EINVAL, 0 }, { "4 2", AR_EINVAL, 0 }, { "42x", AR_EINVAL, 0 },
		{ "0x2a", AR_EINVAL, 0 },
	};
	char buf[VLAN_ARG_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		uint16_t vid = 7;
		int rc = aoename_vlan_id_parse(rows[i].s, strlen(rows[i].s), &vid);

		if (rc != rows[i].rc || (rc == 0 && vid != rows[i].vid) || (rc && vid != 7))
			fail_msg("vlan \"%s\": rc %d vid %u", rows[i].s, rc, vid);
	}
	/* exactly @len bytes: "42" inside "421" */
	uint16_t v = 0;
	assert_int_equal(aoename_vlan_id_parse("421", 2, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(aoename_vlan_arg_format(42, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "aoe_vlan=42");
	assert_int_equal(aoename_vlan_arg_format(4094, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "aoe_vlan=4094");
	assert_int_equal(aoename_vlan_arg_format(4094, buf, 13), AR_ENOSPC);
	assert_string_equal(buf, "");
	assert_int_equal(aoename_vlan_arg_format(4094, buf, 14), 0);
	assert_int_equal(aoename_vlan_arg_format(0, buf, sizeof(buf)), AR_EINVAL);
	assert_int_equal(aoename_vlan_arg_format(4095, buf, sizeof(buf)), AR_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aoename_name_parse),
		cmocka_unit_test(test_aoename_name_format),
		cmocka_unit_test(test_aoename_mac),
		cmocka_unit_test(test_aoename_uuid),
		cmocka_unit_test(test_aoename_vlan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
