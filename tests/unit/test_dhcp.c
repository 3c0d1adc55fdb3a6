/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests of common/dhcp.c: DHCP options (overload, malformed), the
 * aoe: root path, the homehost match. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "dhcp.h"
#include "err.h"

static uint8_t pkt[600];

/* A DHCPACK skeleton with @opts (code,len,value...) in the options area. */
static size_t ack(const uint8_t *opts, size_t n)
{
	memset(pkt, 0, sizeof(pkt));
	pkt[0] = 2;                    /* BOOTREPLY */
	pkt[236] = 99; pkt[237] = 130; pkt[238] = 83; pkt[239] = 99;
	memcpy(pkt + 240, opts, n);
	return 240 + n;
}

static void opt_is(size_t len, uint8_t code, const char *want)
{
	const uint8_t *v;
	size_t vlen;

	assert_int_equal(dhcp_option(pkt, len, code, &v, &vlen), 0);
	assert_int_equal(vlen, strlen(want));
	assert_memory_equal(v, want, vlen);
}

static void test_dhcp_options(void **state)
{
	static const uint8_t o[] = { 53, 1, 5, 0, 0, 12, 5, 'n', 'o', 'd', 'e', '1',
				     17, 13, 'a', 'o', 'e', ':', 'e', '0', '.', '0', ',', 'e',
				     '1', '.', '0', 255 };
	const uint8_t *v;
	size_t len = ack(o, sizeof(o)), vlen;

	(void)state;
	opt_is(len, DHCP_OPT_HOSTNAME, "node1");
	opt_is(len, DHCP_OPT_ROOT_PATH, "aoe:e0.0,e1.0");
	assert_int_equal(dhcp_option(pkt, len, 15, &v, &vlen), AR_ENOENT);
	/* nothing after END counts */
	pkt[len] = 15; pkt[len + 1] = 1; pkt[len + 2] = 'x';
	assert_int_equal(dhcp_option(pkt, len + 3, 15, &v, &vlen), AR_ENOENT);
}

static void test_dhcp_overload(void **state)
{
	static const uint8_t o[] = { 52, 1, 3, 255 };
	size_t len = ack(o, sizeof(o));

	(void)state;
	/* root path in the file field, host name in sname */
	memcpy(pkt + DHCP_OFF_FILE, "\x11\x0c" "aoe:uuid=abc\xff", 15);
	memcpy(pkt + DHCP_OFF_SNAME, "\x0c\x02" "h2\xff", 5);
	opt_is(len, DHCP_OPT_ROOT_PATH, "aoe:uuid=abc");
	opt_is(len, DHCP_OPT_HOSTNAME, "h2");
	/* without option 52 those fields are names, not options */
	memset(pkt + 240, 0, 3);
	assert_int_equal(dhcp_option(pkt, len, DHCP_OPT_ROOT_PATH,
				     &(const uint8_t *){ 0 }, &(size_t){ 0 }), AR_ENOENT);
}

static void test_dhcp_malformed(void **state)
{
	static const uint8_t run_past[] = { 12, 40, 'a' };
	const uint8_t *v;
	size_t vlen, len;

	(void)state;
	len = ack(run_past, sizeof(run_past));
	assert_int_equal(dhcp_option(pkt, len, 12, &v, &vlen), AR_EBADMSG);
	assert_int_equal(dhcp_option(pkt, len, 17, &v, &vlen), AR_EBADMSG);
	len = ack((const uint8_t *)"\x0c", 1);     /* code without length */
	assert_int_equal(dhcp_option(pkt, len, 17, &v, &vlen), AR_EBADMSG);
	assert_int_equal(dhcp_option(pkt, 239, 12, &v, &vlen), AR_EBADMSG);
	pkt[236] = 1;                               /* no cookie */
	assert_int_equal(dhcp_option(pkt, 300, 12, &v, &vlen), AR_EBADMSG);
	assert_int_equal(dhcp_option(NULL, 300, 12, &v, &vlen), AR_EBADMSG);
}

static void test_dhcp_rootpath(void **state)
{
	struct rootpath r;
	static const struct { const char *s; int rc; } rows[] = {
		{ "aoe:e0.0", 0 }, { "AOE:e0.0,e1.0", 0 }, { "aoe:e65534.254", 0 },
		{ "aoe:e0.0,e1.0\n", 0 }, { "aoe:uuid=6352ace0:72d7c5ef:3cd75369:8beb10bf", 0 },
		{ "aoe:UUID=6352ace0-72d7-c5ef-3cd7-53698beb10bf", 0 },
		{ "iscsi:10.0.0.1::::iqn.x", AR_ENOTSUP }, { "/srv/nfs/root", AR_ENOTSUP },
		{ "", AR_ENOTSUP }, { "aoe:", AR_EINVAL }, { "aoe:e0.0,", AR_EINVAL },
		{ "aoe:e0.0,e0.0", AR_EINVAL }, { "aoe:e0.255", AR_EINVAL },
		{ "aoe:e65535.0", AR_EINVAL }, { "aoe:uuid=12", AR_EINVAL },
		{ "aoe:e0.0 root=/dev/sda", AR_EINVAL }, { "aoe:e0.0,e1.0,e2.0,e3.0,e4.0,"
		  "e5.0,e6.0,e7.0,e8.0,e9.0,e10.0,e11.0,e12.0,e13.0,e14.0,e15.0,e16.0", AR_EINVAL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int rc = rootpath_parse(rows[i].s, strlen(rows[i].s), &r);

		if (rc != rows[i].rc)
			fail_msg("row %zu '%s': %d, want %d", i, rows[i].s, rc, rows[i].rc);
	}
	assert_int_equal(rootpath_parse("aoe:e3.1,e0.12", 14, &r), 0);
	assert_int_equal(r.kind, ROOTPATH_LIST);
	assert_int_equal(r.n_devs, 2);
	assert_int_equal(r.shelf[0], 3);
	assert_int_equal(r.slot[0], 1);
	assert_int_equal(r.shelf[1], 0);
	assert_int_equal(r.slot[1], 12);
	assert_int_equal(rootpath_parse("aoe:uuid=6352ace0:72d7c5ef:3cd75369:8beb10bf", 45, &r), 0);
	assert_int_equal(r.kind, ROOTPATH_UUID);
	assert_int_equal(r.uuid[0], 0x63);
	assert_int_equal(r.uuid[15], 0xbf);
}

static void test_dhcp_hostname(void **state)
{
	(void)state;
	assert_true(dhcp_hostname_matches("node1:root", "node1", 5));
	assert_true(dhcp_hostname_matches("NODE1:root", "node1", 5));
	assert_true(dhcp_hostname_matches("node1:root", "node1.rack3.lan", 15));
	assert_true(dhcp_hostname_matches("node1.rack3.lan:root", "node1.rack3.lan", 15));
	assert_true(dhcp_hostname_matches("node1:root", "node1\0", 6));
	assert_false(dhcp_hostname_matches("node1:root", "node12", 6));
	assert_false(dhcp_hostname_matches("node12:root", "node1", 5));
	assert_false(dhcp_hostname_matches("node1", "node1", 5));   /* no homehost */
	assert_false(dhcp_hostname_matches(":root", "", 0));
	assert_false(dhcp_hostname_matches("node1:root", "", 0));
	assert_false(dhcp_hostname_matches("node1:root", "node", 4));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dhcp_options),
		cmocka_unit_test(test_dhcp_overload),
		cmocka_unit_test(test_dhcp_malformed),
		cmocka_unit_test(test_dhcp_rootpath),
		cmocka_unit_test(test_dhcp_hostname),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
