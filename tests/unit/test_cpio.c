/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_cpio.c - newc writer: golden bytes per entry type, name rules,
 * ENOSPC / overflow / sticky emit errors, and a cross-check against GNU
 * cpio (`cpio -t`, `cpio -i`) when it is installed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "cpio.h"
#include "err.h"

/* A newc header as text: ino mode nlink mtime filesize rmaj rmin namesize. */
#define HDR(ino, mode, nlink, mtime, size, rmaj, rmin, nsz) \
	"070701" ino mode "00000000" "00000000" nlink mtime size \
	"00000000" "00000000" rmaj rmin nsz "00000000"

enum row_kind { ROW_DIR, ROW_FILE, ROW_LINK, ROW_NODE };

struct golden_row {
	const char *what;
	enum row_kind kind;
	const char *name;
	uint32_t mode;
	const char *data;       /* file data or link target */
	uint32_t maj, min;
	const char *expect;     /* header + name */
	size_t expect_len;      /* whole entry incl. padding and data */
};

#define Z2 "\0\0"
static const struct golden_row golden_rows[] = {
	{ "dir", ROW_DIR, "dev", 0755, NULL, 0, 0,
	  HDR("00000001", "000041ED", "00000002", "5F5E1000", "00000000", "00000000", "00000000", "00000004")
	  "dev\0" Z2, 116 },
	{ "dir leading slashes stripped", ROW_DIR, "//root/newroot", 0700, NULL, 0, 0,
	  HDR("00000001", "000041C0", "00000002", "5F5E1000", "00000000", "00000000", "00000000", "0000000D")
	  "root/newroot\0" "\0", 124 },
	{ "file", ROW_FILE, "init", 0755, "hello\n", 0, 0,
	  HDR("00000001", "000081ED", "00000001", "5F5E1000", "00000006", "00000000", "00000000", "00000005")
	  "init\0" "\0" "hello\n" Z2, 124 },
	{ "file empty", ROW_FILE, "etc/empty", 0644, "", 0, 0,
	  HDR("00000001", "000081A4", "00000001", "5F5E1000", "00000000", "00000000", "00000000", "0000000A")
	  "etc/empty\0", 120 },
	{ "symlink", ROW_LINK, "sbin/init", 0, "../init", 0, 0,
	  HDR("00000001", "0000A1FF", "00000001", "5F5E1000", "00000007", "00000000", "00000000", "0000000A")
	  "sbin/init\0" "../init\0", 128 },
	{ "console", ROW_NODE, "dev/console", 0020600, NULL, 5, 1,
	  HDR("00000001", "00002180", "00000001", "5F5E1000", "00000000", "00000005", "00000001", "0000000C")
	  "dev/console\0" Z2, 124 },
	{ "block node", ROW_NODE, "dev/md0", 0060600, NULL, 9, 0,
	  HDR("00000001", "00006180", "00000001", "5F5E1000", "00000000", "00000009", "00000000", "00000008")
	  "dev/md0\0" Z2, 120 },
};

static int add_row(struct cpio_writer *w, const struct golden_row *r)
{
	switch (r->kind) {
	case ROW_DIR: return cpio_add_dir(w, r->name, r->mode);
	case ROW_FILE: return cpio_add_file(w, r->name, r->mode, r->data, strlen(r->data));
	case ROW_LINK: return cpio_add_symlink(w, r->name, r->data);
	case ROW_NODE: return cpio_add_node(w, r->name, r->mode, r->maj, r->min);
	}
	return -1;
}

static void test_cpio_golden(void **state)
{
	for (size_t i = 0; i < sizeof(golden_rows) / sizeof(golden_rows[0]); i++) {
		const struct golden_row *r = &golden_rows[i];
		uint8_t buf[512], want[512];
		struct cpio_writer w;
		uint64_t sz = 0;

		memset(buf, 0xAA, sizeof(buf));
		memset(want, 0, sizeof(want));
		/* r->expect is header + name + pad (+ data + pad): zeros after it. */
		memcpy(want, r->expect, r->expect_len);
		cpio_writer_init_buf(&w, buf, sizeof(buf), 1600000000u);
		if (add_row(&w, r) != 0 || w.len != r->expect_len ||
		    memcmp(buf, want, r->expect_len) != 0)
			fail_msg("row %zu (%s): len %llu want %zu", i, r->what,
				 (unsigned long long)w.len, r->expect_len);
		if (buf[r->expect_len] != 0xAA)
			fail_msg("row %zu (%s): wrote past the entry", i, r->what);
		assert_int_equal(cpio_entry_size(r->name, r->kind == ROW_FILE || r->kind == ROW_LINK
						 ? strlen(r->data) : 0, &sz), 0);
		if (sz != r->expect_len)
			fail_msg("row %zu (%s): cpio_entry_size %llu", i, r->what, (unsigned long long)sz);
	}
}

static void test_cpio_trailer_and_inodes(void **state)
{
	uint8_t buf[1024];
	struct cpio_writer w;
	static const char trailer[] =
		HDR("00000000", "00000000", "00000001", "00000000", "00000000", "00000000", "00000000", "0000000B")
		"TRAILER!!!\0";

	cpio_writer_init_buf(&w, buf, sizeof(buf), 0);
	assert_int_equal(cpio_add_dir(&w, "a", 0755), 0);
	assert_int_equal(cpio_add_dir(&w, "a/b", 0755), 0);
	assert_memory_equal(buf + 6, "00000001", 8);
	assert_memory_equal(buf + 112 + 6, "00000002", 8);
	assert_int_equal(w.len, 112 + 116);
	assert_int_equal(cpio_finish(&w, 4), 0);
	assert_memory_equal(buf + 228, trailer, sizeof(trailer) - 1);
	assert_int_equal(w.len, 228 + 124);
	assert_int_equal(cpio_add_dir(&w, "c", 0755), AR_EPERM);
	assert_int_equal(cpio_finish(&w, 4), AR_EPERM);

	cpio_writer_init_buf(&w, buf, sizeof(buf), 0);
	w.ino_next = 100;
	assert_int_equal(cpio_add_dir(&w, "a", 0755), 0);
	assert_memory_equal(buf + 6, "00000064", 8);
	assert_int_equal(cpio_finish(&w, 512), 0);
	assert_int_equal(w.len, 512);
	for (size_t i = 112 + 124; i < 512; i++)
		assert_int_equal(buf[i], 0);
}

struct name_row { const char *name; int err; };

static void test_cpio_names(void **state)
{
	static const struct name_row rows[] = {
		{ "", AR_EINVAL }, { "/", AR_EINVAL }, { "..", AR_EINVAL }, { ".", AR_EINVAL },
		{ "../etc", AR_EINVAL }, { "a/../b", AR_EINVAL }, { "a/..", AR_EINVAL },
		{ "a//b", AR_EINVAL }, { "a/", AR_EINVAL }, { "./a", AR_EINVAL },
		{ "/init", 0 }, { "..a", 0 }, { "a..", 0 }, { ".hidden", 0 }, { "a/.b/c", 0 },
		{ "lib/modules/6.1.0-56-amd64/kernel/drivers/block/aoe/aoe.ko", 0 },
	};
	uint8_t buf[4096];
	static char longname[CPIO_NAME_MAX + 2];
	struct cpio_writer w;

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		cpio_writer_init_buf(&w, buf, sizeof(buf), 0);
		int r = cpio_add_dir(&w, rows[i].name, 0755);
		if (r != rows[i].err)
			fail_msg("row %zu (\"%s\"): got %d want %d", i, rows[i].name, r, rows[i].err);
		if (r < 0 && w.len != 0)
			fail_msg("row %zu: refused name wrote bytes", i);
	}
	assert_int_equal(cpio_add_dir(&w, NULL, 0755), AR_EINVAL);
	memset(longname, 'x', CPIO_NAME_MAX + 1);
	cpio_writer_init_buf(&w, NULL, 0, 0);
	assert_int_equal(cpio_add_dir(&w, longname, 0755), AR_E2BIG);
	longname[CPIO_NAME_MAX] = 0;
	assert_int_equal(cpio_add_dir(&w, longname, 0755), AR_ENOSPC);
	assert_int_equal(cpio_add_symlink(&w, "l", ""), AR_EINVAL);
	assert_int_equal(cpio_add_symlink(&w, "l", NULL), AR_EINVAL);
	assert_int_equal(cpio_add_symlink(&w, "l", longname), AR_ENOSPC);
	assert_int_equal(cpio_add_node(&w, "n", CPIO_S_IFREG | 0644, 1, 1), AR_EINVAL);
	assert_int_equal(cpio_add_node(&w, "n", CPIO_S_IFDIR | 0644, 1, 1), AR_EINVAL);
	assert_int_equal(cpio_add_file(&w, "f", 0644, NULL, 3), AR_EINVAL);
	assert_int_equal(cpio_finish(&w, 3), AR_EINVAL);
	assert_int_equal(cpio_finish(&w, 2), AR_EINVAL);
	assert_int_equal(cpio_finish(&w, 0), AR_EINVAL);
}

static void test_cpio_enospc(void **state)
{
	uint8_t buf[256];
	struct cpio_writer w;

	/* Every capacity below the entry size refuses without writing. */
	for (size_t cap = 0; cap < 124; cap++) {
		memset(buf, 0xAA, sizeof(buf));
		cpio_writer_init_buf(&w, buf, cap, 0);
		if (cpio_add_file(&w, "init", 0755, "hello\n", 6) != AR_ENOSPC || w.len != 0 ||
		    buf[0] != 0xAA)
			fail_msg("cap %zu: not refused cleanly", cap);
	}
	cpio_writer_init_buf(&w, buf, 124, 0);
	assert_int_equal(cpio_add_file(&w, "init", 0755, "hello\n", 6), 0);
	assert_int_equal(cpio_finish(&w, 4), AR_ENOSPC);
	assert_int_equal(w.len, 124);
	/* A 4-aligned trailer fits in 124 more bytes, a 512-aligned one does not. */
	cpio_writer_init_buf(&w, buf, 248, 0);
	assert_int_equal(cpio_add_file(&w, "init", 0755, "hello\n", 6), 0);
	assert_int_equal(cpio_finish(&w, 512), AR_ENOSPC);
	assert_int_equal(cpio_finish(&w, 4), 0);
	assert_int_equal(w.len, 248);
}

static void test_cpio_overflow(void **state)
{
	uint64_t sz;
	struct cpio_writer w;
	uint8_t b[8];

	assert_int_equal(cpio_entry_size("f", 0xFFFFFFFFull, &sz), 0);
	assert_int_equal(sz, 112 + 0x100000000ull);
	assert_int_equal(cpio_entry_size("f", 0x100000000ull, &sz), AR_EOVERFLOW);
	assert_int_equal(cpio_entry_size("..", 1, &sz), AR_EINVAL);
	cpio_writer_init_buf(&w, b, sizeof(b), 0);
	assert_int_equal(cpio_add_file(&w, "f", 0644, b, 0x100000000ull), AR_EOVERFLOW);
	/* The length field must not wrap into "fits". */
	w.len = UINT64_MAX - 8;
	assert_int_equal(cpio_add_dir(&w, "a", 0755), AR_ENOSPC);
}

struct sink { uint8_t buf[1024]; size_t len; size_t fail_at; int calls; };

static int sink_emit(void *ctx, const void *data, size_t len)
{
	struct sink *s = ctx;

	if (s->fail_at && s->len + len > s->fail_at)
		return AR_EIO;
	if (s->len + len > sizeof(s->buf))
		return AR_ENOSPC;
	memcpy(s->buf + s->len, data, len);
	s->len += len;
	s->calls++;
	return 0;
}

static void build_sample(struct cpio_writer *w)
{
	assert_int_equal(cpio_add_dir(w, "dev", 0755), 0);
	assert_int_equal(cpio_add_node(w, "dev/console", CPIO_S_IFCHR | 0600, 5, 1), 0);
	assert_int_equal(cpio_add_file(w, "init", 0755, "#!x\n", 4), 0);
	assert_int_equal(cpio_add_symlink(w, "linuxrc", "init"), 0);
	assert_int_equal(cpio_finish(w, 512), 0);
}

static void test_cpio_emit_matches_buffer(void **state)
{
	static struct sink s;
	uint8_t buf[1024];
	struct cpio_writer wb, we;

	cpio_writer_init_buf(&wb, buf, sizeof(buf), 7);
	build_sample(&wb);
	memset(&s, 0, sizeof(s));
	cpio_writer_init_emit(&we, sink_emit, &s, 7);
	build_sample(&we);
	/* 116 + 124 + 120 + 124 + trailer 124 = 608, padded to 1024 */
	assert_int_equal(wb.len, 1024);
	assert_int_equal(we.len, s.len);
	assert_memory_equal(buf, s.buf, 1024);
}

static void test_cpio_emit_error_sticky(void **state)
{
	static struct sink s;
	struct cpio_writer w;

	memset(&s, 0, sizeof(s));
	s.fail_at = 200;
	cpio_writer_init_emit(&w, sink_emit, &s, 0);
	assert_int_equal(cpio_add_dir(&w, "dev", 0755), 0);
	assert_int_equal(cpio_add_dir(&w, "proc", 0755), AR_EIO);
	assert_int_equal(cpio_add_dir(&w, "sys", 0755), AR_EIO);
	assert_int_equal(cpio_finish(&w, 4), AR_EIO);
	assert_int_equal(w.err, AR_EIO);
}

/* ---- cross-check with GNU cpio ------------------------------------------ */

static int have_cpio(void)
{
	return system("command -v cpio >/dev/null 2>&1") == 0;
}

static void test_cpio_gnu_crosscheck(void **state)
{
	static uint8_t buf[8192];
	static char blob[3001];
	char dir[] = "/tmp/test_cpio.XXXXXX", cmd[512], line[256];
	struct cpio_writer w;
	struct stat st;
	FILE *f;

	if (!have_cpio()) {
		if (getenv("AOEROOT_NO_SKIP") && *getenv("AOEROOT_NO_SKIP") && strcmp(getenv("AOEROOT_NO_SKIP"), "0"))
			fail_msg("cpio not installed and AOEROOT_NO_SKIP is set");
		skip();
	}
	for (size_t i = 0; i < sizeof(blob) - 1; i++)
		blob[i] = (char)('a' + i % 26);
	cpio_writer_init_buf(&w, buf, sizeof(buf), 1700000000u);
	assert_int_equal(cpio_add_dir(&w, "dev", 0755), 0);
	assert_int_equal(cpio_add_node(&w, "/dev/console", CPIO_S_IFCHR | 0600, 5, 1), 0);
	assert_int_equal(cpio_add_dir(&w, "lib", 0755), 0);
	assert_int_equal(cpio_add_dir(&w, "lib/modules", 0755), 0);
	assert_int_equal(cpio_add_file(&w, "lib/modules/blob", 0644, blob, 3000), 0);
	assert_int_equal(cpio_add_file(&w, "init", 0755, "#!/bin/sh\n", 10), 0);
	assert_int_equal(cpio_add_symlink(&w, "sbin", "lib"), 0);
	assert_int_equal(cpio_finish(&w, 512), 0);

	assert_non_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd), "%s/a.cpio", dir);
	f = fopen(cmd, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, w.len, f), w.len);
	fclose(f);

	snprintf(cmd, sizeof(cmd), "cd %s && cpio -t --quiet < a.cpio > list 2> err", dir);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s/list", dir);
	f = fopen(cmd, "r");
	assert_non_null(f);
	static const char *names[] = { "dev", "dev/console", "lib", "lib/modules",
				       "lib/modules/blob", "init", "sbin" };
	for (size_t i = 0; i < 7; i++) {
		if (!fgets(line, sizeof(line), f))
			fail_msg("cpio -t listed only %zu names", i);
		line[strcspn(line, "\n")] = 0;
		assert_string_equal(line, names[i]);
	}
	assert_null(fgets(line, sizeof(line), f));
	fclose(f);

	/* -i as non-root cannot mknod: extract everything else and compare. */
	snprintf(cmd, sizeof(cmd), "mkdir %s/x && cd %s/x && cpio -id --quiet --no-absolute-filenames "
		 "--preserve-modification-time '*blob' init sbin < ../a.cpio 2>../err "
		 "&& cmp -s lib/modules/blob ../blobref", dir, dir);
	snprintf(line, sizeof(line), "%s/blobref", dir);
	f = fopen(line, "wb");
	assert_non_null(f);
	fwrite(blob, 1, 3000, f);
	fclose(f);
	assert_int_equal(system(cmd), 0);
	snprintf(line, sizeof(line), "%s/x/init", dir);
	assert_int_equal(stat(line, &st), 0);
	assert_int_equal(st.st_size, 10);
	assert_int_equal(st.st_mode & 0777, 0755);
	assert_int_equal(st.st_mtime, 1700000000);
	snprintf(line, sizeof(line), "%s/x/sbin", dir);
	assert_int_equal(lstat(line, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	snprintf(cmd, sizeof(cmd), "cd %s && cpio -tv --quiet < a.cpio | grep -q '^crw-------.* 5, *1 .*dev/console$'", dir);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cpio_golden),
		cmocka_unit_test(test_cpio_trailer_and_inodes),
		cmocka_unit_test(test_cpio_names),
		cmocka_unit_test(test_cpio_enospc),
		cmocka_unit_test(test_cpio_overflow),
		cmocka_unit_test(test_cpio_emit_matches_buffer),
		cmocka_unit_test(test_cpio_emit_error_sticky),
		cmocka_unit_test(test_cpio_gnu_crosscheck),
	};
	return cmocka_run_group_tests_name("cpio", tests, NULL, NULL);
}
