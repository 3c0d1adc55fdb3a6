/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_cmdline.c - kernel command-line editor: get, set, remove and the
 * iterator, table-driven; failing rows are reported by their line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "cmdline.h"
#include "err.h"

struct get_row {
	const char *line, *key;
	size_t cap;
	int rc;
	const char *val;
};

static const struct get_row get_rows[] = {
	{ "root=/dev/md0 ro", "root", 64, 0, "/dev/md0" },
	{ "root=/dev/md0 ro", "ro", 64, CMDLINE_FLAG, "" },
	{ "a=1 a=2", "a", 64, 0, "2" },
	{ "a=1 a", "a", 64, CMDLINE_FLAG, "" },
	{ "a a=3", "a", 64, 0, "3" },
	{ "x=\"a b\" y", "x", 64, 0, "a b" },
	{ "\"x=a b\" y", "x", 64, 0, "a b" },
	{ "\"x\" y", "x", 64, CMDLINE_FLAG, "" },
	{ "x=\"a b", "x", 64, 0, "a b" },
	{ "x=\"\"", "x", 64, 0, "" },
	{ "x=\"", "x", 64, 0, "" },
	{ "x=", "x", 64, 0, "" },
	{ "x=a=b", "x", 64, 0, "a=b" },
	{ "x=a\"b c\"d", "x", 64, 0, "a\"b c\"d" },
	{ "xy=1", "x", 64, AR_ENOENT, "" },
	{ "x=1 -- x=2", "x", 64, 0, "1" },
	{ "-- x=2", "x", 64, AR_ENOENT, "" },
	{ "\"--\" x=2", "x", 64, AR_ENOENT, "" },
	{ "--x=1", "--x", 64, 0, "1" },
	{ "  \t x=1\n", "x", 64, 0, "1" },
	{ "x=1\xa0y=2", "y", 64, 0, "2" },
	{ "x=1\xa0y=2", "x", 64, 0, "1" },
	{ "", "x", 64, AR_ENOENT, "" },
	{ "x=12345", "x", 5, AR_ENOSPC, "" },
	{ "x=1234", "x", 5, 0, "1234" },
	{ "x=1", "", 64, AR_EINVAL, "" },
};

static void test_cmdline_get(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(get_rows) / sizeof(get_rows[0]); i++) {
		const struct get_row *r = &get_rows[i];
		char buf[64];
		int rc;

		memset(buf, 'z', sizeof(buf));
		rc = cmdline_get(r->line, r->key, buf, r->cap);
		if (rc != r->rc || strcmp(buf, r->val))
			fail_msg("get row %zu (\"%s\", %s): rc %d value \"%s\", want %d \"%s\"",
				 i, r->line, r->key, rc, buf, r->rc, r->val);
	}
}

struct set_row {
	const char *line;
	size_t cap;
	const char *key, *val;
	int rc;
	const char *after;
};

static const struct set_row set_rows[] = {
	{ "ro", 64, "aoe_x", "1", 0, "ro aoe_x=1" },
	{ "", 64, "k", "v", 0, "k=v" },
	{ "   ", 64, "k", "v", 0, "   k=v" },
	{ "k=1", 64, "k", "2", 0, "k=2" },
	{ "a k=1 b", 64, "k", "22", 0, "a k=22 b" },
	{ "k=1 a k=2 b k=3", 64, "k", "9", 0, "a b k=9" },
	{ "k=1 a", 64, "k", "9", 0, "k=9 a" },
	{ "k=1 k=2", 64, "k", "9", 0, "k=9" },
	{ "k k=1 k", 64, "k", "9", 0, "k=9" },
	{ "a -- init", 64, "k", "v", 0, "a k=v -- init" },
	{ "-- init k=1", 64, "k", "v", 0, "k=v -- init k=1" },
	{ "a  --  k=1", 64, "k", "v", 0, "a  k=v --  k=1" },
	{ "k=0 -- k=1", 64, "k", "v", 0, "k=v -- k=1" },
	{ "k=1", 64, "k", "a b", 0, "k=\"a b\"" },
	{ "k=1", 64, "k", "x y=1 z", 0, "k=\"x y=1 z\"" },
	{ "k=1", 64, "k", "", 0, "k=" },
	{ "a", 64, "k", NULL, 0, "a k" },
	{ "k=1 a", 64, "k", NULL, 0, "k a" },
	{ "a k=1 ", 64, "k", "2", 0, "a k=2 " },
	{ "  k=1 a", 64, "k", "2", 0, "  k=2 a" },
	{ "\"k=a b\" c", 64, "k", "d", 0, "k=d c" },
	{ "k=\"a b\" c", 64, "k", "d", 0, "k=d c" },
	{ "k=1 x=\"b c", 64, "k", "2", 0, "k=2 x=\"b c" },
	{ "a x=\"b c", 64, "k", "v", AR_EINVAL, "a x=\"b c" },
	{ "k=1", 64, "k", "a\"b", AR_EINVAL, "k=1" },
	{ "k=1", 64, "k", "a\tb", AR_EINVAL, "k=1" },
	{ "k=1", 64, "k", "a\nb=1", AR_EINVAL, "k=1" },
	{ "k=1", 64, "k", "\x7f", AR_EINVAL, "k=1" },
	{ "k=1", 64, "k", "a\xa0" "b", AR_EINVAL, "k=1" },
	{ "k=1", 64, "k", "\xc3\xa9", AR_EINVAL, "k=1" },
	{ "k=1", 64, "k", "\" x=1 \"", AR_EINVAL, "k=1" },
	{ "a", 64, "a b", "1", AR_EINVAL, "a" },
	{ "a", 64, "a=b", "1", AR_EINVAL, "a" },
	{ "a", 64, "a\"", "1", AR_EINVAL, "a" },
	{ "a", 64, "", "1", AR_EINVAL, "a" },
	{ "a", 64, "--", NULL, AR_EINVAL, "a" },
	{ "ro", 8, "k", "12345", AR_ENOSPC, "ro" },
	{ "ro", 10, "k", "12345", AR_ENOSPC, "ro" },
	{ "ro", 11, "k", "12345", 0, "ro k=12345" },
	{ "k=1 k=2 k=3", 12, "k", "12345678", 0, "k=12345678" },
	{ "k=1 k=2 k=3", 12, "k", "1234567890", AR_ENOSPC, "k=1 k=2 k=3" },
	{ "k=1 a b c d", 12, "k", "1234", AR_ENOSPC, "k=1 a b c d" },
};

static void test_cmdline_set(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(set_rows) / sizeof(set_rows[0]); i++) {
		const struct set_row *r = &set_rows[i];
		char buf[80], val[80];
		int rc;

		memset(buf, '#', sizeof(buf));
		strcpy(buf, r->line);
		rc = cmdline_set(buf, r->cap, r->key, r->val);
		if (rc != r->rc || strcmp(buf, r->after))
			fail_msg("set row %zu (\"%s\" %s=%s): rc %d \"%s\", want %d \"%s\"",
				 i, r->line, r->key, r->val ? r->val : "(flag)", rc, buf,
				 r->rc, r->after);
		if (buf[r->cap] != '#' && strlen(r->line) < r->cap)
			fail_msg("set row %zu: wrote past cap", i);
		if (rc)
			continue;
		rc = cmdline_get(buf, r->key, val, sizeof(val));
		if (rc != (r->val ? 0 : CMDLINE_FLAG) || strcmp(val, r->val ? r->val : ""))
			fail_msg("set row %zu: get after set: rc %d \"%s\"", i, rc, val);
	}
}

static void test_cmdline_set_unterminated(void **state)
{
	char buf[3] = { 'a', 'b', 'c' };

	(void)state;
	assert_int_equal(cmdline_set(buf, sizeof(buf), "k", "v"), AR_EINVAL);
	assert_memory_equal(buf, "abc", 3);
}

struct rm_row {
	const char *line, *key;
	int rc;
	const char *after;
};

static const struct rm_row rm_rows[] = {
	{ "a k=1 b", "k", 0, "a b" },
	{ "k=1 a", "k", 0, "a" },
	{ "a k", "k", 0, "a" },
	{ "k", "k", 0, "" },
	{ "k=1 k=2 k", "k", 0, "" },
	{ "k=1 a k=2 b k", "k", 0, "a b" },
	{ "a -- k=1", "k", AR_ENOENT, "a -- k=1" },
	{ "a k=1 -- k=2", "k", 0, "a -- k=2" },
	{ "k=1 -- x", "k", 0, "-- x" },
	{ "ka=1", "k", AR_ENOENT, "ka=1" },
	{ " a  k=\"x y\"  b ", "k", 0, " a  b " },
	{ "a", "", AR_EINVAL, "a" },
};

static void test_cmdline_remove(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rm_rows) / sizeof(rm_rows[0]); i++) {
		const struct rm_row *r = &rm_rows[i];
		char buf[80];
		int rc;

		strcpy(buf, r->line);
		rc = cmdline_remove(buf, r->key);
		if (rc != r->rc || strcmp(buf, r->after))
			fail_msg("remove row %zu (\"%s\" %s): rc %d \"%s\", want %d \"%s\"",
				 i, r->line, r->key, rc, buf, r->rc, r->after);
	}
}

/* The raw extent of each word, "--" and an open quote. */
static void test_cmdline_next_word(void **state)
{
	const char *line = " a=\"x y\"  \"b=c\" -- d", *k, *v;
	size_t pos = 0, start, klen, vlen;

	(void)state;
	assert_int_equal(cmdline_next_word(line, &pos, &start, &k, &klen, &v, &vlen), 0);
	assert_int_equal(start, 1);
	assert_int_equal(pos, 8);
	assert_int_equal(vlen, 3);
	assert_memory_equal(v, "x y", 3);
	assert_int_equal(cmdline_next_word(line, &pos, &start, &k, &klen, &v, &vlen), 0);
	assert_int_equal(start, 10);
	assert_int_equal(pos, 15);
	assert_int_equal(klen, 1);
	assert_int_equal(cmdline_next_word(line, &pos, &start, &k, &klen, &v, &vlen), AR_ENOENT);
	assert_string_equal(line + start, "-- d");
	pos = 0;
	assert_int_equal(cmdline_next_word("x=\"open", &pos, &start, &k, &klen, &v, &vlen), AR_EINVAL);
	assert_int_equal(cmdline_next_word("x=\"open", &pos, &start, &k, &klen, &v, &vlen), AR_ENOENT);
	assert_int_equal(start, 7);
}

static void test_cmdline_next(void **state)
{
	static const char line[] = " a b=1 \"c=d e\" f=\"g h\" \"i\"  -- j k=2";
	static const char *const want[][2] = {
		{ "a", NULL }, { "b", "1" }, { "c", "d e" }, { "f", "g h" }, { "i", NULL },
	};
	const char *key, *val;
	size_t pos = 0, klen, vlen, n = 0;

	(void)state;
	while (cmdline_next(line, &pos, &key, &klen, &val, &vlen) == 0) {
		assert_true(n < 5);
		assert_int_equal(klen, strlen(want[n][0]));
		assert_memory_equal(key, want[n][0], klen);
		if (want[n][1]) {
			assert_non_null(val);
			assert_int_equal(vlen, strlen(want[n][1]));
			assert_memory_equal(val, want[n][1], vlen);
		} else {
			assert_null(val);
		}
		n++;
	}
	assert_int_equal(n, 5);
	assert_string_equal(line + pos, " j k=2");
	pos = 0;
	assert_int_equal(cmdline_next("   ", &pos, &key, &klen, &val, &vlen), AR_ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cmdline_get),
		cmocka_unit_test(test_cmdline_set),
		cmocka_unit_test(test_cmdline_set_unterminated),
		cmocka_unit_test(test_cmdline_remove),
		cmocka_unit_test(test_cmdline_next),
		cmocka_unit_test(test_cmdline_next_word),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
