/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_efi_ucs2.c - UTF-8 <-> UCS-2 of the UEFI stub (efi-stub/ucs2.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ucs2.h"
#include "err.h"

static void test_efi_ucs2_from_utf8(void **state)
{
	static const struct {
		const char *in;
		int err;
		size_t units;
		uint16_t out[8];
	} rows[] = {
		{ "console=ttyS0", 0, 13, { 'c', 'o', 'n', 's', 'o', 'l', 'e', '=' } },
		{ "", 0, 0, { 0 } },
		{ "\xc3\xa9t\xc3\xa9", 0, 3, { 0xe9, 't', 0xe9 } },           /* été */
		{ "\xe2\x82\xac", 0, 1, { 0x20ac } },                         /* euro */
		{ "\xf0\x9f\x98\x80", AR_EINVAL, 0, { 0 } },                  /* beyond BMP */
		{ "\xed\xa0\x80", AR_EINVAL, 0, { 0 } },                      /* surrogate */
		{ "\xc0\xaf", AR_EINVAL, 0, { 0 } },                          /* overlong '/' */
		{ "a\xc3", AR_EINVAL, 0, { 0 } },                             /* cut sequence */
		{ "\x80", AR_EINVAL, 0, { 0 } },                              /* stray continuation */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		uint16_t out[32];
		size_t units = 99, n;
		int err = ucs2_from_utf8(out, 32, rows[i].in, strlen(rows[i].in), &units);

		if (err != rows[i].err)
			fail_msg("row %zu: err %d, want %d", i, err, rows[i].err);
		if (err)
			continue;
		if (units != rows[i].units || out[units] != 0)
			fail_msg("row %zu: %zu units", i, units);
		n = units < 8 ? units : 8;
		if (memcmp(out, rows[i].out, n * 2) != 0)
			fail_msg("row %zu: wrong code units", i);
	}
}

static void test_efi_ucs2_capacity(void **state)
{
	uint16_t out[4];
	size_t units;

	(void)state;
	/* "abc" needs 4 units with the NUL. */
	assert_int_equal(ucs2_from_utf8(out, 4, "abc", 3, &units), 0);
	assert_int_equal(units, 3);
	assert_int_equal(ucs2_from_utf8(out, 3, "abc", 3, &units), AR_ENOSPC);
	assert_int_equal(ucs2_from_utf8(out, 0, "", 0, &units), AR_ENOSPC);
	/* A NUL byte ends the text early (a padded .cmdline section). */
	assert_int_equal(ucs2_from_utf8(out, 4, "ab\0cdef", 7, &units), 0);
	assert_int_equal(units, 2);
}

static void test_efi_ucs2_roundtrip(void **state)
{
	const char *in = "root=/dev/md0 aoe_md_devs=e0.0,e1.0 caf\xc3\xa9 \xe2\x82\xac";
	uint16_t wide[128];
	char back[128];
	size_t units, len;

	(void)state;
	assert_int_equal(ucs2_from_utf8(wide, 128, in, strlen(in), &units), 0);
	assert_int_equal(ucs2_to_utf8(back, sizeof(back), wide, units, &len), 0);
	assert_string_equal(back, in);
	assert_int_equal(len, strlen(in));
	/* Too small for the 3-byte euro sign plus NUL. */
	assert_int_equal(ucs2_to_utf8(back, 3, (const uint16_t[]){ 0x20ac, 0 }, 1, &len), AR_ENOSPC);
	/* A lone surrogate is refused. */
	assert_int_equal(ucs2_to_utf8(back, 16, (const uint16_t[]){ 'a', 0xd800 }, 2, &len), AR_EINVAL);
}

static void test_efi_ucs2_trim(void **state)
{
	static const struct { const char *in; size_t len, want, skip; } rows[] = {
		{ "console=ttyS0\n", 14, 13, 0 },
		{ "  a b  \n\0\0\0", 11, 3, 2 },
		{ "\0\0\0", 3, 0, 0 },
		{ "", 0, 0, 0 },
		{ "x", 1, 1, 0 },
	};
	size_t i, skip;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		size_t got = text_trim_len(rows[i].in, rows[i].len, &skip);

		if (got != rows[i].want || skip != rows[i].skip)
			fail_msg("row %zu: len %zu skip %zu", i, got, skip);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_efi_ucs2_from_utf8),
		cmocka_unit_test(test_efi_ucs2_capacity),
		cmocka_unit_test(test_efi_ucs2_roundtrip),
		cmocka_unit_test(test_efi_ucs2_trim),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
