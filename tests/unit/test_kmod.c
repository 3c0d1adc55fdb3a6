/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_kmod.c - modules.dep / modules.alias reader against an excerpt of
 * Debian's 6.1.0-56-amd64 tables (tests/data/kmod/), plus constructed
 * tables for cycles, depth and malformed lines, and an fnmatch table.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kmod.h"
#include "err.h"

#ifndef KMOD_DATA_DIR
#define KMOD_DATA_DIR "tests/data/kmod"
#endif

static char dep_buf[16384], alias_buf[16384];
static struct kmod_text dep_text, alias_text;

static size_t load(const char *file, char *buf, size_t cap)
{
	char path[512];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", KMOD_DATA_DIR, file);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	n = fread(buf, 1, cap, f);
	fclose(f);
	if (n == cap)
		fail_msg("%s too large for the test buffer", path);
	return n;
}

static int setup(void **state)
{
	dep_text.buf = dep_buf;
	dep_text.len = load("modules.dep", dep_buf, sizeof(dep_buf));
	alias_text.buf = alias_buf;
	alias_text.len = load("modules.alias", alias_buf, sizeof(alias_buf));
	return 0;
}

static struct kmod_text txt(const char *s)
{
	return (struct kmod_text){ s, strlen(s) };
}

struct norm_row { const char *in; const char *out; int err; };

static void test_kmod_normalize(void **state)
{
	static const struct norm_row rows[] = {
		{ "virtio-net", "virtio_net", 0 },
		{ "virtio_net", "virtio_net", 0 },
		{ "kernel/drivers/net/virtio_net.ko", "virtio_net", 0 },
		{ "kernel/drivers/net/xen-netfront.ko.xz", "xen_netfront", 0 },
		{ "kernel/drivers/md/md-mod.ko.zst", "md_mod", 0 },
		{ "/lib/modules/x/aoe.ko.gz", "aoe", 0 },
		{ "aoe.ko.bz2", "aoe.ko.bz2", 0 },
		{ "ko", "ko", 0 },
		{ ".ko", ".ko", 0 },
		{ "", NULL, AR_EINVAL },
		{ "a/b/", NULL, AR_EINVAL },
		{ "0123456789012345678901234567890123456789012345678901234567890123", NULL, AR_E2BIG },
	};
	char buf[KMOD_NAME_MAX];

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int r = kmod_name_normalize(rows[i].in, strlen(rows[i].in), buf, sizeof(buf));
		if (r != rows[i].err || (r == 0 && strcmp(buf, rows[i].out)))
			fail_msg("row %zu (%s): r=%d buf=%s", i, rows[i].in, r, r == 0 ? buf : "");
	}
	assert_true(kmod_name_eq("md-mod", 6, "kernel/drivers/md/md_mod.ko", 27));
	assert_false(kmod_name_eq("md", 2, "md_mod", 6));
	assert_false(kmod_name_eq("", 0, "", 0));
	assert_int_equal(kmod_name_normalize("abc", 3, buf, 3), AR_E2BIG);
	assert_int_equal(kmod_name_normalize("abc", 3, buf, 4), 0);
}

static void test_kmod_dep_parse(void **state)
{
	struct kmod_text t = txt("# comment\n\n  a.ko:  b.ko  c.ko \r\nbad line\nb.ko:\nc.ko:b.ko");
	struct kmod_dep d;
	const char *p;
	size_t pos = 0, dpos = 0, plen;

	assert_int_equal(kmod_dep_next(&t, &pos, &d), 0);
	assert_int_equal(d.path_len, 4);
	assert_memory_equal(d.path, "a.ko", 4);
	assert_int_equal(kmod_dep_next_path(&d, &dpos, &p, &plen), 0);
	assert_memory_equal(p, "b.ko", plen);
	assert_int_equal(kmod_dep_next_path(&d, &dpos, &p, &plen), 0);
	assert_int_equal(plen, 4);
	assert_memory_equal(p, "c.ko", plen);
	assert_int_equal(kmod_dep_next_path(&d, &dpos, &p, &plen), AR_ENOENT);
	assert_int_equal(kmod_dep_next(&t, &pos, &d), AR_EBADMSG);
	assert_int_equal(kmod_dep_next(&t, &pos, &d), 0);
	assert_int_equal(d.deps_len, 0);
	assert_int_equal(kmod_dep_next(&t, &pos, &d), 0);
	assert_memory_equal(d.deps, "b.ko", 4);
	assert_int_equal(d.deps_len, 4);
	assert_int_equal(kmod_dep_next(&t, &pos, &d), AR_ENOENT);

	t = txt(": x.ko\n");
	pos = 0;
	assert_int_equal(kmod_dep_next(&t, &pos, &d), AR_EBADMSG);

	/* The Debian excerpt: 42 lines, all well-formed. */
	size_t n = 0;
	int r;
	pos = 0;
	while ((r = kmod_dep_next(&dep_text, &pos, &d)) == 0)
		n++;
	assert_int_equal(r, AR_ENOENT);
	assert_int_equal(n, 42);
}

/* Resolve @name and compare the normalised names with the space-separated @want. */
static void expect_resolve(const char *name, const char *want)
{
	struct kmod_dep list[32];
	size_t n = 0;
	char got[1024] = "", nm[KMOD_NAME_MAX];
	int r = kmod_resolve(&dep_text, name, strlen(name), list, 32, &n);

	if (r != 0)
		fail_msg("resolve %s: %d", name, r);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(kmod_name_normalize(list[i].path, list[i].path_len, nm, sizeof(nm)), 0);
		strcat(got, i ? " " : "");
		strcat(got, nm);
	}
	if (strcmp(got, want))
		fail_msg("resolve %s:\n got  %s\n want %s", name, got, want);
}

static void test_kmod_resolve_debian(void **state)
{
	expect_resolve("aoe", "aoe");
	expect_resolve("raid1", "md_mod raid1");
	expect_resolve("md-mod", "md_mod");
	expect_resolve("ext4", "crc16 mbcache jbd2 ext4");
	expect_resolve("virtio_net", "failover net_failover virtio_ring virtio virtio_net");
	expect_resolve("virtio-pci", "virtio_pci_legacy_dev virtio_pci_modern_dev virtio_ring virtio virtio_pci");
	expect_resolve("igb", "dca i2c_algo_bit igb");
	expect_resolve("kernel/drivers/net/ethernet/mellanox/mlx5/core/mlx5_core.ko",
		       "mlxfw psample pci_hyperv_intf mlx5_core");
	expect_resolve("raid456", "async_tx async_memcpy xor async_xor raid6_pq async_pq "
		       "async_raid6_recov md_mod libcrc32c raid456");
}

static void test_kmod_resolve_combined(void **state)
{
	struct kmod_dep list[16];
	size_t n = 0;

	/* Several calls build one load list without repeats. */
	assert_int_equal(kmod_resolve(&dep_text, "virtio_pci", 10, list, 16, &n), 0);
	assert_int_equal(n, 5);
	assert_int_equal(kmod_resolve(&dep_text, "virtio_net", 10, list, 16, &n), 0);
	assert_int_equal(n, 8);
	assert_int_equal(kmod_resolve(&dep_text, "virtio_net", 10, list, 16, &n), 0);
	assert_int_equal(n, 8);
	assert_int_equal(kmod_resolve(&dep_text, "raid1", 5, list, 16, &n), 0);
	assert_int_equal(kmod_resolve(&dep_text, "md_mod", 6, list, 16, &n), 0);
	assert_int_equal(n, 10);
	/* Full list: the dependencies that fit stay, then ENOMEM. */
	assert_int_equal(kmod_resolve(&dep_text, "ext4", 4, list, 12, &n), AR_ENOMEM);
	assert_int_equal(n, 12);
	n = 0;
	assert_int_equal(kmod_resolve(&dep_text, "ext4", 4, list, 0, &n), AR_ENOMEM);
	assert_int_equal(kmod_resolve(&dep_text, "ext4", 4, list, 1, &n + 0), AR_ENOMEM);
	n = 5;
	assert_int_equal(kmod_resolve(&dep_text, "ext4", 4, list, 4, &n), AR_EINVAL);
}

static void test_kmod_resolve_errors(void **state)
{
	struct kmod_dep list[64];
	size_t n = 0;

	assert_int_equal(kmod_resolve(&dep_text, "nosuch", 6, list, 64, &n), AR_ENOENT);
	/* ixgbe's line names xfrm_algo, which the excerpt lacks. */
	assert_int_equal(kmod_resolve(&dep_text, "ixgbe", 5, list, 64, &n), AR_ENOENT);

	struct kmod_text cyc = txt("a.ko: b.ko\nb.ko: c.ko\nc.ko: a.ko\nd.ko: d.ko\n");
	n = 0;
	assert_int_equal(kmod_resolve(&cyc, "a", 1, list, 64, &n), AR_EBADMSG);
	n = 0;
	assert_int_equal(kmod_resolve(&cyc, "d", 1, list, 64, &n), AR_EBADMSG);

	/* A chain of 40 modules, each needing the next: deeper than allowed. */
	static char chain[2048];
	size_t off = 0;
	for (int i = 0; i < 40; i++)
		off += (size_t)snprintf(chain + off, sizeof(chain) - off,
					i < 39 ? "m%d.ko: m%d.ko\n" : "m%d.ko:\n", i, i + 1);
	struct kmod_text ch = { chain, off };
	n = 0;
	assert_int_equal(kmod_resolve(&ch, "m0", 2, list, 64, &n), AR_E2BIG);
	n = 0;
	assert_int_equal(kmod_resolve(&ch, "m20", 3, list, 64, &n), 0);
	assert_int_equal(n, 20);
	assert_memory_equal(list[0].path, "m39.ko", 6);
}

static void test_kmod_alias_parse(void **state)
{
	struct kmod_text t = txt("# c\nalias a b\nalias only\nfoo a b\nalias a b c\n  alias\tx*  y  \n");
	struct kmod_alias a;
	size_t pos = 0;

	assert_int_equal(kmod_alias_next(&t, &pos, &a), 0);
	assert_int_equal(kmod_alias_next(&t, &pos, &a), AR_EBADMSG);
	assert_int_equal(kmod_alias_next(&t, &pos, &a), AR_EBADMSG);
	assert_int_equal(kmod_alias_next(&t, &pos, &a), AR_EBADMSG);
	assert_int_equal(kmod_alias_next(&t, &pos, &a), 0);
	assert_int_equal(a.pattern_len, 2);
	assert_memory_equal(a.module, "y", 1);
	assert_int_equal(a.module_len, 1);
	assert_int_equal(kmod_alias_next(&t, &pos, &a), AR_ENOENT);
}

struct match_row { const char *modalias; const char *modules; };

static void test_kmod_alias_match_debian(void **state)
{
	static const struct match_row rows[] = {
		/* QEMU virtio-net-pci, then the virtio device it exposes */
		{ "pci:v00001AF4d00001000sv00001AF4sd00000001bc02sc00i00", "virtio_pci" },
		{ "virtio:d00000001v00001AF4", "virtio_net" },
		/* QEMU e1000 (82540EM) */
		{ "pci:v00008086d0000100Esv00001AF4sd00001100bc02sc00i00", "e1000" },
		{ "pci:v00008086d00005511sv00008086sd00000000bc02sc00i00", "e1000e" },
		{ "crypto-crc32c", "crc32c_generic" },
		{ "block-major-9-0", "md_mod" },
		{ "xen:vif", "xen_netfront" },
		{ "usb:v13FDp3940d0150dc00dsc00dp00ic08isc06ip50in00", "uas usb_storage" },
		{ "usb:v13FDp3940d0350dc00dsc00dp00ic08isc06ip50in00", "" },
		{ "usb:v1645p0007d0132dc00dsc00dp00ic08isc06ip50in00", "usb_storage" },
		{ "usb:v1645p0007d0134dc00dsc00dp00ic08isc06ip50in00", "" },
		{ "pci:v00008086d0000FFFFsv00008086sd00000000bc02sc00i00", "" },
		{ "", "" },
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char got[256] = "";
		struct kmod_alias a;
		size_t pos = 0;

		while (kmod_alias_match_next(&alias_text, &pos, rows[i].modalias,
					     strlen(rows[i].modalias), &a) == 0) {
			strcat(got, *got ? " " : "");
			strncat(got, a.module, a.module_len);
		}
		if (strcmp(got, rows[i].modules))
			fail_msg("row %zu (%s): got \"%s\" want \"%s\"", i, rows[i].modalias, got,
				 rows[i].modules);
	}
}

/* The index gives what the text gives, for every row above and more. */
static void test_kmod_alias_index(void **state)
{
	static const char *const aliases[] = {
		"pci:v00001AF4d00001000sv00001AF4sd00000001bc02sc00i00",
		"virtio:d00000001v00001AF4",
		"pci:v00008086d0000100Esv00001AF4sd00001100bc02sc00i00",
		"usb:v13FDp3940d0150dc00dsc00dp00ic08isc06ip50in00",
		"block-major-9-0", "xen:vif", "nothing:at-all", "",
	};
	static struct kmod_alias v[4096];
	size_t n = 0, counted = 0;

	(void)state;
	assert_int_equal(kmod_alias_index(&alias_text, NULL, 0, &counted), 0);
	assert_int_equal(kmod_alias_index(&alias_text, v, sizeof(v) / sizeof(v[0]), &n), 0);
	assert_int_equal(n, counted);
	assert_true(n > 30);
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++) {
		size_t pt = 0, pi = 0;
		struct kmod_alias a, b;
		int rt, ri;

		do {
			rt = kmod_alias_match_next(&alias_text, &pt, aliases[i], strlen(aliases[i]), &a);
			ri = kmod_alias_index_match_next(v, n, &pi, aliases[i], strlen(aliases[i]), &b);
			assert_int_equal(rt, ri);
			if (!rt) {
				assert_ptr_equal(a.pattern, b.pattern);
				assert_ptr_equal(a.module, b.module);
			}
		} while (rt == 0);
	}
	/* too small: the first lines, and says so */
	assert_int_equal(kmod_alias_index(&alias_text, v, 3, &n), AR_ENOMEM);
	assert_int_equal(n, 3);
	/* malformed lines are skipped */
	{
		struct kmod_text t = txt("# c\nalias a b\nalias only\nalias c* d\n");
		size_t pos = 0;
		struct kmod_alias a;

		assert_int_equal(kmod_alias_index(&t, v, 8, &n), 0);
		assert_int_equal(n, 2);
		assert_int_equal(v[0].literal_len, 1);  /* "a" */
		assert_int_equal(v[1].literal_len, 1);  /* "c*" */
		assert_int_equal(kmod_alias_index_match_next(v, n, &pos, "cx", 2, &a), 0);
		assert_int_equal(a.module_len, 1);
		assert_int_equal(a.module[0], 'd');
		assert_int_equal(kmod_alias_index_match_next(v, n, &pos, "cx", 2, &a), AR_ENOENT);
	}
}

struct fn_row { const char *pat; const char *s; bool match; };

static void test_kmod_fnmatch(void **state)
{
	static const struct fn_row rows[] = {
		{ "", "", true }, { "", "a", false }, { "*", "", true }, { "*", "abc", true },
		{ "a", "a", true }, { "a", "b", false }, { "a", "aa", false }, { "?", "", false },
		{ "?", "x", true }, { "a*c", "abbbc", true }, { "a*c", "abbb", false },
		{ "a*b*c", "axxbyyc", true }, { "a*b*c", "axxcyyb", false }, { "**a", "bba", true },
		{ "*a*a*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false },
		{ "[abc]", "b", true }, { "[abc]", "d", false }, { "[a-c]x", "bx", true },
		{ "[!a-c]", "b", false }, { "[!a-c]", "d", true }, { "[^a]", "b", true },
		{ "[]]", "]", true }, { "[!]]", "]", false }, { "[a-]", "-", true },
		{ "[0-2]*", "1xyz", true }, { "d0[0-2]*dc*", "d0150dc00", true },
		{ "[abc", "[abc", true }, { "[abc", "a", false }, { "a\\*", "a*", true },
		{ "a\\*", "ab", false }, { "\\", "\\", true }, { "[\\]]", "]", true },
		{ "pci:v00001AF4d*sv*sd*bc*sc*i*", "pci:v00001AF4d00001000sv00001AF4sd00000001bc02sc00i00", true },
		{ "pci:v00001AF4d*sv*sd*bc*sc*i*", "pci:v00001AF5d00001000sv00001AF4sd00000001bc02sc00i00", false },
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		bool m = kmod_fnmatch(rows[i].pat, strlen(rows[i].pat), rows[i].s, strlen(rows[i].s));
		if (m != rows[i].match)
			fail_msg("row %zu: \"%s\" vs \"%s\": got %d", i, rows[i].pat, rows[i].s, m);
	}
	assert_false(kmod_fnmatch(NULL, 1, "a", 1));
	assert_true(kmod_fnmatch(NULL, 0, NULL, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kmod_normalize),
		cmocka_unit_test(test_kmod_dep_parse),
		cmocka_unit_test(test_kmod_resolve_debian),
		cmocka_unit_test(test_kmod_resolve_combined),
		cmocka_unit_test(test_kmod_resolve_errors),
		cmocka_unit_test(test_kmod_alias_parse),
		cmocka_unit_test(test_kmod_alias_match_debian),
		cmocka_unit_test(test_kmod_alias_index),
		cmocka_unit_test(test_kmod_fnmatch),
	};
	return cmocka_run_group_tests_name("kmod", tests, setup, NULL);
}
