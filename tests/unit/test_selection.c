/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests of common/selection.c: the saved selection's text form. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "aoename.h"
#include "selection.h"
#include "err.h"

static void test_selection_roundtrip(void **state)
{
	static const char text[] = "v1 netdev=52:54:00:12:34:56 devs=e0.0,e65534.254 "
				   "uuid=11223344:55667788:99aabbcc:ddeeff00";
	struct selection s;
	char buf[SELECTION_TEXT_MAX];
	size_t len;

	assert_int_equal(selection_parse(text, strlen(text), &s), 0);
	assert_int_equal(s.n_devs, 2);
	assert_int_equal(s.shelf[1], 65534);
	assert_int_equal(s.slot[1], 254);
	assert_true(s.has_uuid);
	assert_int_equal(s.uuid[15], 0x00);
	assert_int_equal(s.netdev[5], 0x56);
	assert_int_equal(selection_format(&s, buf, sizeof(buf), &len), 0);
	assert_string_equal(buf, text);
	assert_int_equal(len, strlen(text));
	/* a trailing NUL/newline (as stored in a variable) is fine */
	assert_int_equal(selection_parse(text, sizeof(text), &s), 0);
	/* too small a buffer */
	assert_int_equal(selection_format(&s, buf, 30, NULL), AR_ENOSPC);
}

static void test_selection_parse_table(void **state)
{
	static const struct {
		const char *text;
		int err;
	} rows[] = {
		{ "v1 netdev=52:54:00:12:34:56 devs=e1.2", 0 },
		{ "v1 devs=e1.2 netdev=52-54-00-12-34-56 future=x", 0 },
		{ "v1 netdev=52:54:00:12:34:56 devs=e1.2 uuid=11223344-5566-7788-99aa-bbccddeeff00", 0 },
		{ "v2 netdev=52:54:00:12:34:56 devs=e1.2", AR_ENOTSUP },
		{ "v1 netdev=52:54:00:12:34:56", AR_EINVAL },
		{ "v1 devs=e1.2", AR_EINVAL },
		{ "v1 netdev=52:54:00:12:34 devs=e1.2", AR_EINVAL },
		{ "v1 netdev=52:54:00:12:34:56 devs=e1.255", AR_EINVAL },
		{ "v1 netdev=52:54:00:12:34:56 devs=e65535.0", AR_EINVAL },
		{ "v1 netdev=52:54:00:12:34:56 devs=e01.0", AR_EINVAL },
		{ "v1 netdev=52:54:00:12:34:56 devs=e1.2,", AR_EINVAL },
		{ "v1 netdev=52:54:00:12:34:56 devs=e1.2 uuid=1122", AR_EINVAL },
		{ "v1 netdev=52:54:00:12:34:56  devs=e1.2", AR_EINVAL },
		{ "v1 netdev=52:54:00:12:34:56 devs=e1.2 junk", AR_EINVAL },
		{ "x1 netdev=52:54:00:12:34:56 devs=e1.2", AR_EINVAL },
		{ "", AR_EINVAL },
		{ "v1 netdev=52:54:00:12:34:56 devs=e0.0,e0.1,e0.2,e0.3,e0.4,e0.5,e0.6,e0.7,"
		  "e0.8,e0.9,e0.10,e0.11,e0.12,e0.13,e0.14,e0.15,e0.16", AR_EINVAL },
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct selection s;
		int err = selection_parse(rows[i].text, strlen(rows[i].text), &s);

		if (err != rows[i].err)
			fail_msg("row %zu (%s): got %d want %d", i, rows[i].text, err, rows[i].err);
	}
}

static void test_selection_helpers(void **state)
{
	static const uint8_t mac[6] = { 0xaa, 0xbb, 0x0c, 0, 1, 0xff };
	char buf[40];
	uint16_t shelf;
	uint8_t slot, u[16];

	assert_int_equal(aoename_mac_format(mac, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "aa:bb:0c:00:01:ff");
	assert_int_equal(aoename_mac_format(mac, buf, 17), AR_ENOSPC);
	assert_int_equal(aoe_name_format(7, 3, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "e7.3");
	assert_int_equal(aoe_name_format(65534, 254, buf, 10), AR_ENOSPC);
	assert_int_equal(selection_parse_name("e7.3", 4, &shelf, &slot), 0);
	assert_int_equal(shelf, 7);
	assert_int_equal(slot, 3);
	assert_int_equal(selection_parse_name("e7.", 3, &shelf, &slot), AR_EINVAL);
	assert_int_equal(selection_parse_name("e.3", 3, &shelf, &slot), AR_EINVAL);
	assert_int_equal(selection_parse_name("e7.3x", 5, &shelf, &slot), AR_EINVAL);
	assert_int_equal(aoename_uuid_parse("11223344:55667788:99aabbcc:ddeeff0g", 35, u), AR_EINVAL);
	assert_int_equal(aoename_uuid_parse("11223344:55667788:99aabbcc:ddeeff00", 35, u), 0);
	assert_int_equal(aoename_uuid_format(u, UUID_STYLE_MDADM, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "11223344:55667788:99aabbcc:ddeeff00");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_selection_roundtrip),
		cmocka_unit_test(test_selection_parse_table),
		cmocka_unit_test(test_selection_helpers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
