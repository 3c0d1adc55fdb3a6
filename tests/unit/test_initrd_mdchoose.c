/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_initrd_mdchoose.c - /init's member-choice glue over common/mdsel:
 * healthy (reference last), one missing (degraded), stale left out, split
 * brain refused or resolved by aoe_md_prefer=, UUID pin, impostor, fresher
 * unlisted target; and the ext4 UUID reader used for root=UUID=.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "args.h"
#include "err.h"
#include "mdchoose.h"
#include "root.h"

static const uint8_t UUID_A[16] = { 0xa6, 0xc1, 0xb9, 0x2f, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
static const uint8_t UUID_B[16] = { 0xbb, 0xc1, 0xb9, 0x2f, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };

/* A present RAID1 member in @slot of 2 with @events and role table @active. */
static void member(struct md_member *m, uint16_t shelf, uint8_t slot, uint32_t role,
		   uint64_t events, uint64_t active, const uint8_t *uuid)
{
	memset(m, 0, sizeof(*m));
	m->shelf = shelf;
	m->slot = slot;
	m->present = true;
	m->info.version = MDSB_V12;
	memcpy(m->info.uuid, uuid, 16);
	m->info.level = 1;
	m->info.raid_disks = 2;
	m->info.events = events;
	m->info.dev_number = role;
	m->info.role = role;
	m->info.clean = true;
	m->info.slots_active = active;
}

static struct initrd_args args(const char *line)
{
	struct initrd_args a;

	assert_int_equal(initrd_args_parse(line, &a, NULL, NULL), 0);
	return a;
}

static void test_initrd_mdchoose_healthy(void **state)
{
	struct initrd_args a = args("aoe_md_devs=e0.0,e0.1");
	struct md_member m[2];
	struct mdchoose_result r;

	(void)state;
	member(&m[0], 0, 0, 0, 20, 3, UUID_A);
	member(&m[1], 0, 1, 1, 21, 3, UUID_A);
	assert_int_equal(mdchoose(&a, m, 2, NULL, 0, &r), 0);
	assert_int_equal(r.n_order, 2);
	assert_ptr_equal(r.order[1], &m[1]);   /* freshest last */
	assert_false(r.degraded);
	assert_int_equal(r.n_stale, 0);
	assert_string_equal(m[1].name, "e0.1");
}

static void test_initrd_mdchoose_missing(void **state)
{
	struct initrd_args a = args("aoe_md_devs=e0.0,e0.1");
	struct md_member m[2];
	struct mdchoose_result r;

	(void)state;
	member(&m[0], 0, 0, 0, 20, 3, UUID_A);
	member(&m[1], 0, 1, 1, 20, 3, UUID_A);
	m[1].present = false;
	assert_int_equal(mdchoose(&a, m, 2, NULL, 0, &r), 0);
	assert_int_equal(r.n_order, 1);
	assert_ptr_equal(r.order[0], &m[0]);
	assert_true(r.degraded);
}

/* e0.0 booted alone (marks slot 1 failed, events moved on): e0.1 is stale. */
static void test_initrd_mdchoose_stale(void **state)
{
	struct initrd_args a = args("aoe_md_devs=e0.0,e0.1");
	struct md_member m[2];
	struct mdchoose_result r;

	(void)state;
	member(&m[0], 0, 0, 0, 30, 1, UUID_A);
	member(&m[1], 0, 1, 1, 20, 3, UUID_A);
	assert_int_equal(mdchoose(&a, m, 2, NULL, 0, &r), 0);
	assert_int_equal(r.n_order, 1);
	assert_ptr_equal(r.order[0], &m[0]);
	assert_int_equal(r.n_stale, 1);
	assert_ptr_equal(r.stale[0], &m[1]);
	assert_true(r.degraded);
	assert_non_null(strstr(r.why, "e0.1"));
}

/* Each side ran alone: refused; aoe_md_prefer= picks a side. */
static void test_initrd_mdchoose_split(void **state)
{
	struct initrd_args a = args("aoe_md_devs=e0.0,e0.1");
	struct md_member m[2];
	struct mdchoose_result r;

	(void)state;
	member(&m[0], 0, 0, 0, 30, 1, UUID_A);
	member(&m[1], 0, 1, 1, 30, 2, UUID_A);
	assert_int_equal(mdchoose(&a, m, 2, NULL, 0, &r), AR_ESPLIT);
	assert_non_null(strstr(r.why, "aoe_md_prefer="));
	a = args("aoe_md_devs=e0.0,e0.1 aoe_md_prefer=e0.1");
	assert_int_equal(mdchoose(&a, m, 2, NULL, 0, &r), 0);
	assert_int_equal(r.n_order, 1);
	assert_ptr_equal(r.order[0], &m[1]);
	assert_int_equal(r.n_split, 1);
	assert_ptr_equal(r.split[0], &m[0]);
}

static void test_initrd_mdchoose_uuid_pin(void **state)
{
	struct initrd_args a = args("aoe_md_devs=e0.0,e0.1 aoe_md_uuid=bbc1b92f0102030405060708090a0b0c");
	struct md_member m[2];
	struct mdchoose_result r;

	(void)state;
	member(&m[0], 0, 0, 0, 20, 3, UUID_A);
	member(&m[1], 0, 1, 1, 20, 3, UUID_A);
	assert_int_not_equal(mdchoose(&a, m, 2, NULL, 0, &r), 0);
	assert_true(strlen(r.why) > 10);
	member(&m[0], 0, 0, 0, 20, 3, UUID_B);
	member(&m[1], 0, 1, 1, 20, 3, UUID_B);
	assert_int_equal(mdchoose(&a, m, 2, NULL, 0, &r), 0);
	assert_int_equal(r.n_order, 2);
}

static void test_initrd_mdchoose_impostor(void **state)
{
	struct initrd_args a = args("aoe_md_devs=e0.0,e0.1");
	struct md_member m[2];
	struct mdchoose_result r;

	(void)state;
	member(&m[0], 0, 0, 0, 20, 3, UUID_A);
	member(&m[1], 0, 1, 1, 20, 3, UUID_A);
	m[1].duplicate = true;
	assert_int_equal(mdchoose(&a, m, 2, NULL, 0, &r), AR_EDUP);
	assert_non_null(strstr(r.why, "e0.1"));
}

/* Only the stale half listed while the fresh half is visible: refused. */
static void test_initrd_mdchoose_fresher_unlisted(void **state)
{
	struct initrd_args a = args("aoe_md_devs=e0.1");
	struct md_member m[1], o[1];
	struct mdchoose_result r;

	(void)state;
	member(&m[0], 0, 1, 1, 20, 3, UUID_A);
	member(&o[0], 0, 0, 0, 30, 1, UUID_A);
	assert_int_equal(mdchoose(&a, m, 1, o, 1, &r), AR_ESTALE);
	assert_non_null(strstr(r.why, "e0.0"));
	/* an unrelated array next to it does not matter */
	member(&o[0], 0, 0, 0, 30, 1, UUID_B);
	assert_int_equal(mdchoose(&a, m, 1, o, 1, &r), 0);
}

static void test_initrd_mdchoose_none(void **state)
{
	struct initrd_args a = args("aoe_md_devs=e0.0,e0.1");
	struct md_member m[2];
	struct mdchoose_result r;

	(void)state;
	member(&m[0], 0, 0, 0, 20, 3, UUID_A);
	member(&m[1], 0, 1, 1, 20, 3, UUID_A);
	m[0].sb_err = AR_ENOENT;
	m[1].present = false;
	assert_int_equal(mdchoose(&a, m, 2, NULL, 0, &r), AR_ENOENT);
}

static void test_initrd_root_ext4_uuid(void **state)
{
	uint8_t sb[1024] = { 0 }, uuid[16];

	(void)state;
	assert_false(root_ext4_uuid(sb, uuid));
	sb[0x38] = 0x53;
	sb[0x39] = 0xEF;
	for (int i = 0; i < 16; i++)
		sb[0x68 + i] = (uint8_t)(i + 1);
	assert_true(root_ext4_uuid(sb, uuid));
	assert_int_equal(uuid[0], 1);
	assert_int_equal(uuid[15], 16);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_initrd_mdchoose_healthy),
		cmocka_unit_test(test_initrd_mdchoose_missing),
		cmocka_unit_test(test_initrd_mdchoose_stale),
		cmocka_unit_test(test_initrd_mdchoose_split),
		cmocka_unit_test(test_initrd_mdchoose_uuid_pin),
		cmocka_unit_test(test_initrd_mdchoose_impostor),
		cmocka_unit_test(test_initrd_mdchoose_fresher_unlisted),
		cmocka_unit_test(test_initrd_mdchoose_none),
		cmocka_unit_test(test_initrd_root_ext4_uuid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
