/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_efi_opts.c - aoeboot.* options of the UEFI stub (efi-stub/opts.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "opts.h"
#include "choose.h"
#include "err.h"

static void parse(const char *line, struct aoeboot_opts *o, char *rest, size_t cap)
{
	opts_default(o);
	assert_int_equal(opts_parse(line, strlen(line), o, rest, cap), 0);
}

static void test_efi_opts_defaults(void **state)
{
	struct aoeboot_opts o;
	char rest[128];

	(void)state;
	parse("console=ttyS0 quiet", &o, rest, sizeof(rest));
	assert_string_equal(rest, "console=ttyS0 quiet");
	assert_int_equal(o.timeout_s, OPTS_DEF_TIMEOUT_S);
	assert_int_equal(o.scan_ms, OPTS_DEF_SCAN_MS);
	assert_int_equal(o.select, OPTS_SELECT_SAVED);
	assert_false(o.has_nic);
	assert_true(o.save);
	assert_int_equal(o.verbose, 1);
	assert_int_equal(o.n_bad, 0);
}

static void test_efi_opts_all(void **state)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };
	struct aoeboot_opts o;
	char rest[256];

	(void)state;
	parse("  console=ttyS0  aoeboot.timeout=-1 aoeboot.nic=52:54:00:AB:cd:ef "
	      "root=/dev/md0 aoeboot.select=e0.0,e1.0 aoeboot.scan_ms=2500 "
	      "aoeboot.save=0 aoeboot.verbose=2 x=\"a b\"\n", &o, rest, sizeof(rest));
	assert_string_equal(rest, "console=ttyS0 root=/dev/md0 x=\"a b\"");
	assert_int_equal(o.timeout_s, -1);
	assert_true(o.has_nic);
	assert_memory_equal(o.nic, mac, 6);
	assert_int_equal(o.select, OPTS_SELECT_LIST);
	assert_string_equal(o.select_list, "e0.0,e1.0");
	assert_int_equal(o.scan_ms, 2500);
	assert_false(o.save);
	assert_int_equal(o.verbose, 2);
	assert_int_equal(o.n_bad, 0);

	parse("aoeboot.select=auto", &o, rest, sizeof(rest));
	assert_int_equal(o.select, OPTS_SELECT_AUTO);
	assert_string_equal(rest, "");
	parse("aoeboot.select=auto aoeboot.select=saved", &o, NULL, 0);
	assert_int_equal(o.select, OPTS_SELECT_SAVED);
	parse("aoeboot.timeout=\"7\"", &o, NULL, 0);
	assert_int_equal(o.timeout_s, 7);
}

static void test_efi_opts_vlan(void **state)
{
	struct aoeboot_opts o;
	char rest[128];

	(void)state;
	parse("console=ttyS0 aoeboot.vlan=42 root=/dev/md0", &o, rest, sizeof(rest));
	assert_int_equal(o.vlan, 42);
	assert_int_equal(o.n_bad, 0);
	assert_string_equal(rest, "console=ttyS0 root=/dev/md0");
	parse("aoeboot.vlan=4094", &o, NULL, 0);
	assert_int_equal(o.vlan, 4094);
	parse("", &o, NULL, 0);
	assert_int_equal(o.vlan, 0);
	/* refused values keep the default (untagged) and are reported */
	static const char *const bad[] = { "aoeboot.vlan=0", "aoeboot.vlan=4095",
		"aoeboot.vlan=", "aoeboot.vlan=42a", "aoeboot.vlan=-1", "aoeboot.vlan=042" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		parse(bad[i], &o, NULL, 0);
		if (o.vlan != 0 || o.n_bad != 1)
			fail_msg("'%s': vlan %u n_bad %u", bad[i], o.vlan, o.n_bad);
	}
	/* the last good one wins, a bad one later leaves it */
	parse("aoeboot.vlan=7 aoeboot.vlan=42 aoeboot.vlan=x", &o, NULL, 0);
	assert_int_equal(o.vlan, 42);
	assert_int_equal(o.n_bad, 1);
}

static void test_efi_opts_publish(void **state)
{
	struct aoeboot_opts o;
	char rest[128];

	(void)state;
	parse("root=/dev/md0", &o, NULL, 0);
	assert_false(o.publish);
	assert_string_equal(o.next, "\\EFI\\debian\\shimx64.efi");
	parse("aoeboot.publish=1 aoeboot.next=/EFI/x/grubx64.efi quiet", &o, rest, sizeof(rest));
	assert_true(o.publish);
	assert_string_equal(o.next, "\\EFI\\x\\grubx64.efi");
	assert_int_equal(o.n_bad, 0);
	assert_string_equal(rest, "quiet");
	/* refused: relative, "..", control or non-ASCII bytes, empty, too long */
	static const char *const bad[] = { "aoeboot.next=EFI\\x.efi", "aoeboot.next=\\EFI\\..\\x.efi",
		"aoeboot.next=", "aoeboot.next=\\", "aoeboot.next=\\\xc3\xa9.efi", "aoeboot.publish=2",
		"aoeboot.publish=yes",
		"aoeboot.next=\\aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		parse(bad[i], &o, NULL, 0);
		if (o.publish || o.n_bad != 1 || strcmp(o.next, OPTS_DEF_NEXT) != 0)
			fail_msg("'%s': publish %d n_bad %u next %s", bad[i], o.publish, o.n_bad, o.next);
	}
}

/* The degraded-boot knobs (common/choose.h): the grace and the refusal. */
static void test_efi_opts_degraded(void **state)
{
	struct aoeboot_opts o;
	char rest[128];

	(void)state;
	parse("root=/dev/md0", &o, NULL, 0);
	assert_int_equal(o.wait_ms, CHOOSE_DEF_WAIT_MS);
	assert_true(o.degraded);
	parse("aoeboot.wait=30 aoeboot.degraded=0 quiet", &o, rest, sizeof(rest));
	assert_int_equal(o.wait_ms, 30000);
	assert_false(o.degraded);
	assert_int_equal(o.n_bad, 0);
	assert_string_equal(rest, "quiet");
	parse("aoeboot.wait=0", &o, NULL, 0);
	assert_int_equal(o.wait_ms, 0);
	static const char *const bad[] = { "aoeboot.wait=-1", "aoeboot.wait=86401",
		"aoeboot.wait=", "aoeboot.wait=5s", "aoeboot.degraded=2", "aoeboot.degraded=no" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		parse(bad[i], &o, NULL, 0);
		if (o.wait_ms != CHOOSE_DEF_WAIT_MS || !o.degraded || o.n_bad != 1)
			fail_msg("'%s': wait %u degraded %d n_bad %u", bad[i], (unsigned)o.wait_ms,
				 o.degraded, o.n_bad);
	}
}

/* aoeboot.dhcp=: off unless asked (a missing server costs a minute). */
static void test_efi_opts_dhcp(void **state)
{
	struct aoeboot_opts o;
	char rest[64];

	(void)state;
	parse("quiet", &o, NULL, 0);
	assert_false(o.dhcp);
	parse("aoeboot.dhcp=1 aoeboot.publish=1 quiet", &o, rest, sizeof(rest));
	assert_true(o.dhcp);
	assert_int_equal(o.n_bad, 0);
	assert_string_equal(rest, "quiet");
	parse("aoeboot.dhcp=yes", &o, NULL, 0);
	assert_false(o.dhcp);
	assert_int_equal(o.n_bad, 1);
}

static void test_efi_opts_bad(void **state)
{
	static const struct { const char *line; } rows[] = {
		{ "aoeboot.timeout=abc" },
		{ "aoeboot.timeout=3601" },
		{ "aoeboot.timeout=-2" },
		{ "aoeboot.timeout=" },
		{ "aoeboot.timeout" },
		{ "aoeboot.nic=52:54:00:ab:cd" },
		{ "aoeboot.scan_ms=50" },
		{ "aoeboot.save=2" },
		{ "aoeboot.verbose=9" },
		{ "aoeboot.select=" },
		{ "aoeboot.bogus=1" },
		{ "aoeboot.timeout=99999999999999" },
		{ "aoeboot." },
	};
	struct aoeboot_opts o;
	char rest[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		parse(rows[i].line, &o, rest, sizeof(rest));
		if (o.n_bad != 1 || strcmp(o.bad, rows[i].line) != 0 || rest[0] ||
		    o.timeout_s != OPTS_DEF_TIMEOUT_S || o.scan_ms != OPTS_DEF_SCAN_MS ||
		    o.has_nic || !o.save || o.verbose != 1 || o.select != OPTS_SELECT_SAVED)
			fail_msg("row %zu (%s): n_bad %u bad '%s' rest '%s'", i,
				 rows[i].line, o.n_bad, o.bad, rest);
	}
	/* Only the first bad word is kept; later good ones still apply. */
	parse("aoeboot.x=1 aoeboot.y=2 aoeboot.timeout=9", &o, NULL, 0);
	assert_int_equal(o.n_bad, 2);
	assert_string_equal(o.bad, "aoeboot.x=1");
	assert_int_equal(o.timeout_s, 9);
}

static void test_efi_opts_limits(void **state)
{
	struct aoeboot_opts o;
	char rest[8];

	(void)state;
	opts_default(&o);
	assert_int_equal(opts_parse("abc def", 7, &o, rest, 8), 0);
	assert_string_equal(rest, "abc def");
	assert_int_equal(opts_parse("abc defg", 8, &o, rest, 8), AR_ENOSPC);
	assert_int_equal(opts_parse("x=\"open", 7, &o, rest, 8), AR_EINVAL);
	/* Length, not NUL, bounds the input. */
	assert_int_equal(opts_parse("ab aoeboot.timeout=1", 2, &o, rest, 8), 0);
	assert_string_equal(rest, "ab");
	assert_int_equal(o.timeout_s, OPTS_DEF_TIMEOUT_S);
}

/* Words split as the kernel splits them; "--" ends the stub's part. */
static void test_efi_opts_dashdash(void **state)
{
	struct aoeboot_opts o;
	char rest[128];

	(void)state;
	parse("root=/dev/md0 aoeboot.timeout=2 -- single aoeboot.timeout=9 x ",
	      &o, rest, sizeof(rest));
	assert_int_equal(o.timeout_s, 2);
	assert_string_equal(rest, "root=/dev/md0 -- single aoeboot.timeout=9 x");
	assert_int_equal(o.n_bad, 0);
	/* \v and \f separate words for the kernel, so they do here too. */
	parse("quiet\vaoeboot.verbose=0\fro", &o, rest, sizeof(rest));
	assert_int_equal(o.verbose, 0);
	assert_string_equal(rest, "quiet ro");
	/* A whole quoted parameter is one word, as for the kernel. */
	parse("\"aoeboot.select=e0.0,e1.0\" ro", &o, rest, sizeof(rest));
	assert_int_equal(o.select, OPTS_SELECT_LIST);
	assert_string_equal(o.select_list, "e0.0,e1.0");
	assert_string_equal(rest, "ro");
	parse("--", &o, rest, sizeof(rest));
	assert_string_equal(rest, "--");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_efi_opts_defaults),
		cmocka_unit_test(test_efi_opts_all),
		cmocka_unit_test(test_efi_opts_bad),
		cmocka_unit_test(test_efi_opts_vlan),
		cmocka_unit_test(test_efi_opts_degraded),
		cmocka_unit_test(test_efi_opts_dhcp),
		cmocka_unit_test(test_efi_opts_publish),
		cmocka_unit_test(test_efi_opts_limits),
		cmocka_unit_test(test_efi_opts_dashdash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
