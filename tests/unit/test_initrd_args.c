/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_initrd_args.c - /init's kernel argument parsing (over common/cmdline
 * and common/aoename): defaults, every argument, bad values named,
 * duplicates (last wins), quoting,
 * MODULE.PARAM= options for modprobe-like loading.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "args.h"

struct reports {
	int n;
	char keys[16][32];
	char whys[16][128];
};

static void collect(void *ctx, const char *key, const char *value, const char *why)
{
	struct reports *r = ctx;

	(void)value;
	if (r->n < 16) {
		snprintf(r->keys[r->n], sizeof(r->keys[0]), "%s", key);
		snprintf(r->whys[r->n], sizeof(r->whys[0]), "%s", why);
	}
	r->n++;
}

static void test_initrd_args_defaults(void **state)
{
	struct initrd_args a;
	struct reports r = { 0 };

	(void)state;
	assert_int_equal(initrd_args_parse("console=ttyS0 root=/dev/md0", &a, collect, &r), 0);
	assert_string_equal(a.md_dev, "md0");
	assert_int_equal(a.wait_s, 5);
	assert_int_equal(a.timeout_s, 0);
	assert_int_equal(a.panic, INITRD_PANIC_WAIT);
	assert_int_equal(a.deadsecs, -1);
	assert_int_equal(a.mtu, 0);
	assert_true(a.ro);
	assert_false(a.quiet);
	assert_false(a.debug);
	assert_string_equal(a.init, "/sbin/init");
	assert_int_equal(a.members_len, 0);
	assert_int_equal(a.netdevs_len, 0);
	assert_false(a.has_uuid);
	assert_false(a.has_prefer);
}

static void test_initrd_args_all(void **state)
{
	struct initrd_args a;
	struct reports r = { 0 };
	const char *line =
		"BOOT_IMAGE=/vmlinuz aoe_netdev=eth1,52:54:00:AA:bb:0c "
		"aoe_md_devs=e0.0@52:54:00:00:00:01,e65534.254 aoe_md_dev=/dev/md3 "
		"aoe_md_uuid=a6c1b92f:682ccf62:0dfb238e:05743c0b aoe_md_prefer=e0.0 "
		"aoe_wait=7 aoe_timeout=300 aoe_panic=reboot aoe_deadsecs=30 aoe_mtu=9000 "
		"aoe_debug quiet root=UUID=6f656f72-6f6f-7400-0000-000000000001 "
		"rootfstype=ext4 rootflags=\"data=ordered,errors=remount-ro\" rw init=/bin/sh single";

	(void)state;
	assert_int_equal(initrd_args_parse(line, &a, collect, &r), 0);
	assert_int_equal(r.n, 0);
	assert_int_equal(a.netdevs_len, 2);
	assert_string_equal(a.netdevs[0].name, "eth1");
	assert_false(a.netdevs[0].by_mac);
	assert_true(a.netdevs[1].by_mac);
	assert_memory_equal(a.netdevs[1].mac, ((uint8_t[]){ 0x52, 0x54, 0, 0xaa, 0xbb, 0x0c }), 6);
	assert_int_equal(a.members_len, 2);
	assert_int_equal(a.members[0].shelf, 0);
	assert_int_equal(a.members[0].slot, 0);
	assert_true(a.members[0].pinned);
	assert_int_equal(a.members[0].mac[5], 1);
	assert_int_equal(a.members[1].shelf, 65534);
	assert_int_equal(a.members[1].slot, 254);
	assert_false(a.members[1].pinned);
	assert_string_equal(a.md_dev, "md3");
	assert_true(a.has_uuid);
	assert_int_equal(a.md_uuid[0], 0xa6);
	assert_int_equal(a.md_uuid[15], 0x0b);
	assert_true(a.has_prefer);
	assert_int_equal(a.prefer_shelf, 0);
	assert_int_equal(a.wait_s, 7);
	assert_int_equal(a.timeout_s, 300);
	assert_int_equal(a.panic, INITRD_PANIC_REBOOT);
	assert_int_equal(a.deadsecs, 30);
	assert_int_equal(a.mtu, 9000);
	assert_true(a.debug);
	assert_true(a.quiet);
	assert_string_equal(a.root, "UUID=6f656f72-6f6f-7400-0000-000000000001");
	assert_string_equal(a.rootfstype, "ext4");
	assert_string_equal(a.rootflags, "data=ordered,errors=remount-ro");
	assert_false(a.ro);
	assert_string_equal(a.init, "/bin/sh");
}

/* Table: one bad value per row; the report must name the argument. */
struct bad_row {
	const char *line;
	const char *key;
};

static const struct bad_row bad_rows[] = {
	{ "aoe_md_devs=e0", "aoe_md_devs" },
	{ "aoe_md_devs=e0.255", "aoe_md_devs" },
	{ "aoe_md_devs=e65535.0", "aoe_md_devs" },
	{ "aoe_md_devs=e0.0,e0.0", "aoe_md_devs" },
	{ "aoe_md_devs=e0.0@52:54:00", "aoe_md_devs" },
	{ "aoe_md_devs=", "aoe_md_devs" },
	{ "aoe_md_devs=e0.0,e0.1,e0.2,e0.3,e0.4,e0.5,e0.6,e0.7,e0.8", "aoe_md_devs" },
	{ "aoe_md_devs=x0.0", "aoe_md_devs" },
	{ "aoe_md_devs=e-1.0", "aoe_md_devs" },
	{ "aoe_netdev=", "aoe_netdev" },
	{ "aoe_netdev=52:54:00:00:00", "aoe_netdev" },
	{ "aoe_netdev=averyveryverylongname0", "aoe_netdev" },
	{ "aoe_md_dev=sda", "aoe_md_dev" },
	{ "aoe_md_dev=md256", "aoe_md_dev" },
	{ "aoe_md_uuid=1234", "aoe_md_uuid" },
	{ "aoe_md_uuid=a6c1b92f:682ccf62:0dfb238e:05743c0bff", "aoe_md_uuid" },
	{ "aoe_md_uuid=g6c1b92f:682ccf62:0dfb238e:05743c0b", "aoe_md_uuid" },
	{ "aoe_md_prefer=md0", "aoe_md_prefer" },
	{ "aoe_wait=five", "aoe_wait" },
	{ "aoe_wait=-1", "aoe_wait" },
	{ "aoe_wait=5s", "aoe_wait" },
	{ "aoe_wait=", "aoe_wait" },
	{ "aoe_timeout=99999999999999999999", "aoe_timeout" },
	{ "aoe_panic=halt", "aoe_panic" },
	{ "aoe_deadsecs=x", "aoe_deadsecs" },
	{ "aoe_mtu=67", "aoe_mtu" },
	{ "aoe_mtu=65536", "aoe_mtu" },
	{ "aoe_mtu=jumbo", "aoe_mtu" },
	{ "root=md0", "root" },
	{ "init=sbin/init", "init" },
	{ "aoe_wiat=5", "aoe_wiat" },
	{ "aoe_md_devs", "aoe_md_devs" },
};

static void test_initrd_args_bad(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_rows) / sizeof(bad_rows[0]); i++) {
		struct initrd_args a;
		struct reports r = { 0 };
		int n = initrd_args_parse(bad_rows[i].line, &a, collect, &r);

		if (n != 1 || r.n != 1 || strcmp(r.keys[0], bad_rows[i].key)) {
			print_error("row %zu '%s': %d reports, first key '%s'\n", i,
				    bad_rows[i].line, r.n, r.n ? r.keys[0] : "");
			fail();
		}
		assert_true(strlen(r.whys[0]) > 5);
	}
}

/* A bad value leaves the previous (default or earlier) value in place. */
static void test_initrd_args_bad_keeps_previous(void **state)
{
	struct initrd_args a;
	struct reports r = { 0 };

	(void)state;
	assert_int_equal(initrd_args_parse("aoe_wait=9 aoe_wait=x aoe_md_devs=e1.2 aoe_md_devs=e1",
					   &a, collect, &r), 2);
	assert_int_equal(a.wait_s, 9);
	assert_int_equal(a.members_len, 1);
	assert_int_equal(a.members[0].shelf, 1);
	assert_int_equal(a.members[0].slot, 2);
}

static void test_initrd_args_duplicates(void **state)
{
	struct initrd_args a;

	(void)state;
	assert_int_equal(initrd_args_parse("aoe_wait=1 aoe_md_devs=e0.0,e0.1 aoe_panic=reboot ro "
					   "aoe_wait=3 rw aoe_md_devs=e1.0 aoe_panic=poweroff "
					   "root=/dev/md0 root=/dev/md0p1 init=/a init=/b",
					   &a, NULL, NULL), 0);
	assert_int_equal(a.wait_s, 3);
	assert_int_equal(a.members_len, 1);
	assert_int_equal(a.members[0].shelf, 1);
	assert_int_equal(a.panic, INITRD_PANIC_POWEROFF);
	assert_false(a.ro);
	assert_string_equal(a.root, "/dev/md0p1");
	assert_string_equal(a.init, "/b");
}

/* Arguments after "--" belong to init; foreign arguments are left alone. */
static void test_initrd_args_foreign_and_dashdash(void **state)
{
	struct initrd_args a;
	struct reports r = { 0 };

	(void)state;
	assert_int_equal(initrd_args_parse("aoe.aoe_deadsecs=20 md_mod.start_ro=1 foo=bar "
					   "splash -- aoe_wait=bad", &a, collect, &r), 0);
	assert_int_equal(a.wait_s, 5);
}

/* Quotes group a value with spaces, as the kernel's next_arg() does. */
static void test_initrd_args_quotes(void **state)
{
	struct initrd_args a;

	(void)state;
	assert_int_equal(initrd_args_parse("  rootflags=\"a b,c\"  init=/sbin/init2\n",
					   &a, NULL, NULL), 0);
	assert_string_equal(a.rootflags, "a b,c");
	assert_string_equal(a.init, "/sbin/init2");
}

static void test_initrd_args_module_params(void **state)
{
	const char *line = "quiet aoe.aoe_deadsecs=30 md_mod.start_ro=1 md-mod.x=2 "
			   "aoe.aoe_iflist=\"eth0 eth1\" aoex.y=1 raid1.z foo=aoe.q=1 -- aoe.after=1";
	char buf[128];

	(void)state;
	assert_int_equal(initrd_args_module_params(line, "aoe", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "aoe_deadsecs=30 aoe_iflist=\"eth0 eth1\"");
	assert_int_equal(initrd_args_module_params(line, "md-mod", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "start_ro=1 x=2");
	assert_int_equal(initrd_args_module_params(line, "raid1", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "z");
	assert_int_equal(initrd_args_module_params(line, "ext4", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	assert_int_equal(initrd_args_module_params(line, "aoe", buf, 10), -1);
}

static void test_initrd_args_names(void **state)
{
	uint16_t shelf;
	uint8_t slot, mac[6], uuid[16];

	(void)state;
	assert_int_equal(initrd_parse_aoename("e12.3", &shelf, &slot), 0);
	assert_int_equal(shelf, 12);
	assert_int_equal(slot, 3);
	assert_int_equal(initrd_parse_aoename("e12.", &shelf, &slot), -1);
	assert_int_equal(initrd_parse_aoename("e.1", &shelf, &slot), -1);
	assert_int_equal(initrd_parse_aoename("e1.2x", &shelf, &slot), -1);
	assert_int_equal(initrd_parse_aoename("e1.2.3", &shelf, &slot), -1);
	assert_int_equal(initrd_parse_mac("00-11-22-33-44-ff", mac), 0);
	assert_int_equal(mac[5], 0xff);
	assert_int_equal(initrd_parse_mac("00:11:22:33:44:ff:", mac), -1);
	assert_int_equal(initrd_parse_mac("0:11:22:33:44:ff", mac), -1);
	assert_int_equal(initrd_parse_uuid("6f656f72-6f6f-7400-0000-000000000001", uuid), 0);
	assert_int_equal(uuid[0], 0x6f);
	assert_int_equal(uuid[15], 0x01);
	assert_int_equal(initrd_parse_uuid("6f656f72-6f6f-7400-0000-00000000000", uuid), -1);
}

/* aoe_ifname= (stable NIC names), aoe_md_readd= and aoe_degraded=. */
static void test_initrd_args_ifname_readd(void **state)
{
	static const char *const bad_ifname[] = {
		"aoe_ifname=", "aoe_ifname=a,,b", "aoe_ifname=a/b", "aoe_ifname=x,x",
		"aoe_ifname=abcdefghijklmn", "aoe_ifname=abcdefghijklmnop1", "aoe_ifname=a.b",
		"aoe_md_readd=2", "aoe_md_readd=yes", "aoe_md_readd=",
		"aoe_degraded=2", "aoe_degraded=no", "aoe_degraded=",
	};
	struct initrd_args a;
	struct reports r = { 0 };

	(void)state;
	assert_int_equal(initrd_args_parse("", &a, collect, &r), 0);
	assert_string_equal(a.ifname, "aoe");
	assert_true(a.md_readd);
	assert_true(a.degraded_ok);
	assert_int_equal(initrd_args_parse("aoe_ifname=san aoe_md_readd=0", &a, collect, &r), 0);
	assert_string_equal(a.ifname, "san");
	assert_false(a.md_readd);
	assert_true(a.degraded_ok);
	assert_int_equal(initrd_args_parse("aoe_degraded=0", &a, collect, &r), 0);
	assert_false(a.degraded_ok);
	assert_true(a.md_readd);
	assert_int_equal(initrd_args_parse("aoe_ifname=keep aoe_md_readd=1", &a, collect, &r), 0);
	assert_string_equal(a.ifname, "keep");
	assert_true(a.md_readd);
	assert_int_equal(initrd_args_parse("aoe_ifname=san0,san-b,abcdefghijklmn1", &a, collect, &r), 0);
	assert_string_equal(a.ifname, "san0,san-b,abcdefghijklmn1");
	for (size_t i = 0; i < sizeof(bad_ifname) / sizeof(bad_ifname[0]); i++) {
		memset(&r, 0, sizeof(r));
		if (initrd_args_parse(bad_ifname[i], &a, collect, &r) != 1) {
			print_error("row %zu '%s': %d reports\n", i, bad_ifname[i], r.n);
			fail();
		}
	}
}

static void test_initrd_args_vlan(void **state)
{
	static const char *const bad[] = {
		"aoe_vlan=0", "aoe_vlan=4095", "aoe_vlan=", "aoe_vlan=42a", "aoe_vlan=-3",
		"aoe_vlan=042", "aoe_vlan=\"4 2\"", "aoe_vlan",
	};
	struct initrd_args a;
	struct reports r = { 0 };

	(void)state;
	assert_int_equal(initrd_args_parse("", &a, collect, &r), 0);
	assert_int_equal(a.vlan, 0);
	assert_int_equal(initrd_args_parse("aoe_netdev=aoe0 aoe_vlan=42", &a, collect, &r), 0);
	assert_int_equal(a.vlan, 42);
	assert_int_equal(initrd_args_parse("aoe_vlan=1 aoe_vlan=4094", &a, collect, &r), 0);
	assert_int_equal(a.vlan, 4094);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&r, 0, sizeof(r));
		if (initrd_args_parse(bad[i], &a, collect, &r) != 1 || a.vlan != 0 ||
		    strcmp(r.keys[0], "aoe_vlan")) {
			print_error("row %zu '%s': %d reports, vlan %u, key %s\n", i, bad[i], r.n,
				    a.vlan, r.keys[0]);
			fail();
		}
	}
	/* a bad value keeps the earlier good one */
	memset(&r, 0, sizeof(r));
	assert_int_equal(initrd_args_parse("aoe_vlan=42 aoe_vlan=4095", &a, collect, &r), 1);
	assert_int_equal(a.vlan, 42);
	assert_string_equal(r.whys[0], "expected a VLAN ID, 1-4094");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_initrd_args_defaults),
		cmocka_unit_test(test_initrd_args_all),
		cmocka_unit_test(test_initrd_args_bad),
		cmocka_unit_test(test_initrd_args_bad_keeps_previous),
		cmocka_unit_test(test_initrd_args_duplicates),
		cmocka_unit_test(test_initrd_args_foreign_and_dashdash),
		cmocka_unit_test(test_initrd_args_quotes),
		cmocka_unit_test(test_initrd_args_module_params),
		cmocka_unit_test(test_initrd_args_names),
		cmocka_unit_test(test_initrd_args_ifname_readd),
		cmocka_unit_test(test_initrd_args_vlan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
