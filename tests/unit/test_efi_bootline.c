/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_efi_bootline.c - the stub's command-line assembly (efi-stub/bootline.c
 * over common/cmdline.c) and its UCS-2 form for LoadOptions. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "bootline.h"
#include "opts.h"
#include "ucs2.h"
#include "err.h"

#define ARGS "aoe_netdev=52:54:00:a0:e0:01 aoe_md_devs=e0.0,e0.1 " \
	"aoe_md_uuid=a6c1b92f:682ccf62:0dfb238e:05743c0b"

static void test_efi_bootline_inject(void **state)
{
	static const struct { const char *base, *args, *want; } rows[] = {
		{ "console=ttyS0 root=/dev/md0", ARGS,
		  "console=ttyS0 root=/dev/md0 " ARGS },
		{ "", "aoe_md_devs=e0.0", "aoe_md_devs=e0.0" },
		/* An existing value is replaced, not duplicated. */
		{ "aoe_md_devs=e9.9 quiet", "aoe_md_devs=e0.0,e0.1",
		  "aoe_md_devs=e0.0,e0.1 quiet" },
		{ "root=/dev/md0", "  aoe_md_devs=e0.0  ", "root=/dev/md0 aoe_md_devs=e0.0" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char line[512];
		int err;

		strcpy(line, rows[i].base);
		err = bootline_inject(line, sizeof(line), rows[i].args);
		if (err || strcmp(line, rows[i].want) != 0)
			fail_msg("row %zu: err %d line '%s'", i, err, line);
	}
}

static void test_efi_bootline_init_args(void **state)
{
	char line[256] = "root=/dev/md0 -- single";

	(void)state;
	/* Kernel parameters go before "--": what follows belongs to init. */
	assert_int_equal(bootline_inject(line, sizeof(line), "aoe_md_devs=e0.0"), 0);
	assert_non_null(strstr(line, "aoe_md_devs=e0.0"));
	assert_true(strstr(line, "aoe_md_devs") < strstr(line, "--"));
	assert_non_null(strstr(line, "-- single"));
}

static void test_efi_bootline_refused(void **state)
{
	static const char *bad[] = {
		"aoe_md_devs",          /* no '=' */
		"=e0.0",                /* no key */
	};
	char line[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		strcpy(line, "root=/dev/md0");
		if (bootline_inject(line, sizeof(line), bad[i]) != AR_EINVAL)
			fail_msg("row %zu (%s) accepted", i, bad[i]);
	}
	/* Too small for the result. */
	strcpy(line, "root=/dev/md0");
	assert_int_equal(bootline_inject(line, 20, "aoe_md_devs=e0.0,e0.1"), AR_ENOSPC);
}

/* The whole path: .cmdline text -> options stripped -> injection -> UCS-2. */
static void test_efi_bootline_vlan(void **state)
{
	/* the arguments as bootargs_format() makes them with a VLAN */
	const char *args = "aoe_netdev=52:54:00:a0:e0:01 aoe_md_devs=e0.0,e0.1 aoe_vlan=42";
	char line[160] = "console=ttyS0 root=/dev/md0 aoe_vlan=7";

	(void)state;
	/* injected: replaces a stale aoe_vlan= of the base line */
	assert_int_equal(bootline_inject(line, sizeof(line), args), 0);
	assert_string_equal(line, "console=ttyS0 root=/dev/md0 aoe_vlan=42 "
			    "aoe_netdev=52:54:00:a0:e0:01 aoe_md_devs=e0.0,e0.1");
}

static void test_efi_bootline_to_ucs2(void **state)
{
	const char section[] = "console=ttyS0 aoeboot.timeout=3 root=/dev/md0 aoeboot.nic=52:54:00:a0:e0:01\n\0\0";
	struct aoeboot_opts o;
	char line[512];
	uint16_t wide[512];
	size_t skip, len, units, i;

	(void)state;
	opts_default(&o);
	len = text_trim_len(section, sizeof(section), &skip);
	assert_int_equal(opts_parse(section + skip, len, &o, line, sizeof(line)), 0);
	assert_int_equal(o.timeout_s, 3);
	assert_true(o.has_nic);
	assert_int_equal(bootline_inject(line, sizeof(line), ARGS), 0);
	assert_string_equal(line, "console=ttyS0 root=/dev/md0 " ARGS);
	assert_int_equal(ucs2_from_utf8(wide, 512, line, strlen(line), &units), 0);
	assert_int_equal(units, strlen(line));
	for (i = 0; i < units; i++)
		assert_int_equal(wide[i], (uint8_t)line[i]);
	assert_int_equal(wide[units], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_efi_bootline_inject),
		cmocka_unit_test(test_efi_bootline_init_args),
		cmocka_unit_test(test_efi_bootline_refused),
		cmocka_unit_test(test_efi_bootline_vlan),
		cmocka_unit_test(test_efi_bootline_to_ucs2),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
