/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_initrd_progress.c - /init's "still <step> after N s" lines: when
 * they are due (table), and that the watcher thread prints one for a step
 * that blocks past PROGRESS_EVERY_MS and none once the step is over.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "log.h"
#include "progress.h"

struct due_row {
	const char *what;
	uint64_t began, now, last;
	bool due;
	uint64_t last_after;
};

static const struct due_row due_rows[] = {
	{ "no step running", 0, 9000, 0, false, 0 },
	{ "step younger than the period", 1000, 5999, 0, false, 0 },
	{ "step as old as the period", 1000, 6000, 0, true, 6000 },
	{ "reported 4.999 s ago", 1000, 10999, 6000, false, 6000 },
	{ "reported a period ago", 1000, 11000, 6000, true, 11000 },
	{ "new step: the old report does not count", 20000, 25000, 11000, true, 25000 },
	{ "new step, young, old report long ago", 20000, 21000, 11000, false, 11000 },
	{ "clock before the step's start", 20000, 19000, 0, false, 0 },
};

static void test_initrd_progress_due(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(due_rows) / sizeof(due_rows[0]); i++) {
		const struct due_row *r = &due_rows[i];
		uint64_t last = r->last;

		print_message("row %zu: %s\n", i, r->what);
		assert_int_equal(progress_due(r->began, r->now, &last, 5000), r->due);
		assert_int_equal(last, r->last_after);
	}
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* A blocking step reported once after PROGRESS_EVERY_MS, then silence. */
static void test_initrd_progress_thread(void **state)
{
	char path[] = "/tmp/test_initrd_progress.XXXXXX", buf[2048];
	int fd = mkstemp(path), saved = dup(2);
	FILE *f;
	size_t n;

	(void)state;
	assert_true(fd >= 0 && saved >= 0);
	dup2(fd, 2);
	log_init();
	progress_start();
	progress_begin("opening %s", "/dev/etherd/e0.1");
	sleep_ms(PROGRESS_EVERY_MS + 700);
	progress_end();
	sleep_ms(PROGRESS_EVERY_MS + 500);
	dup2(saved, 2);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	unlink(path);
	print_message("%s", buf);
	assert_non_null(strstr(buf, "aoeroot: still opening /dev/etherd/e0.1 after 5 s"));
	assert_null(strstr(strstr(buf, "still opening") + 1, "still opening"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_initrd_progress_due),
		cmocka_unit_test(test_initrd_progress_thread),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
