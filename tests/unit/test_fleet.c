/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_fleet.c - fleet scale on the mock link, through the whole common/
 * path a boot loader takes (disc -> picker_target_from_disc -> picker
 * rules -> countdown): blank targets answering before the members of a
 * mirror (the table fills: never an unattended boot of half the array),
 * members named by the choice reserved in the table, and duplicates
 * judged by the superblocks behind every device (real mdadm superblocks,
 * tests/data/md).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "disc.h"
#include "picker.h"
#include "err.h"
#include "mock_link.h"

#ifndef MD_DATA_DIR
#define MD_DATA_DIR "tests/data/md"
#endif

enum { TABLE = 16, BLANKS = 40 };

struct member {
	uint64_t sectors;
	uint8_t head[8192];
	uint8_t tail[131072];
};

struct fixture {
	struct mock_link m;
	struct disc d;
	struct disc_target targets[TABLE];
	struct disc_opts o;
	struct picker_target rows[TABLE];
	struct picker p;
	struct member *m0, *m1;
};

static const uint8_t NIC[6] = { 0x02, 0, 0, 0, 0, 0x01 };

static void load(const char *name, const char *ext, uint8_t *buf, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.%s", MD_DATA_DIR, name, ext);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	assert_int_equal(fread(buf, 1, len, f), len);
	fclose(f);
}

static struct member *member_load(const char *name)
{
	struct member *mb = calloc(1, sizeof(*mb));

	assert_non_null(mb);
	mb->sectors = 16384;
	load(name, "head", mb->head, sizeof(mb->head));
	load(name, "tail", mb->tail, sizeof(mb->tail));
	return mb;
}

static struct mock_target *add_member(struct fixture *fx, uint16_t shelf, uint8_t slot,
				      const struct member *mb, uint32_t latency)
{
	struct mock_target *t = mock_add_target(&fx->m, shelf, slot, mb->sectors);

	assert_non_null(t);
	mock_target_image(t, 0, mb->head, sizeof(mb->head));
	mock_target_image(t, mb->sectors - 256, mb->tail, sizeof(mb->tail));
	t->latency_ms = latency;
	return t;
}

/* A blank disk (no superblock) at shelf 100+i. */
static void add_blanks(struct fixture *fx, unsigned from, unsigned n, uint32_t latency)
{
	unsigned i;

	for (i = from; i < from + n; i++) {
		struct mock_target *t = mock_add_target(&fx->m, (uint16_t)(100 + i), 0, 16384);

		assert_non_null(t);
		t->mac[2] = 0x10;   /* distinct from the members' MACs */
		t->latency_ms = latency;
	}
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	assert_non_null(fx);
	assert_int_equal(mock_link_init(&fx->m, 1000), 0);
	fx->m.abort_on_write = true;
	disc_opts_default(&fx->o);
	fx->m0 = member_load("v12-clean-m0");
	fx->m1 = member_load("v12-clean-m1");
	assert_int_equal(disc_init(&fx->d, &(struct ar_platform){ 0 }, fx->targets, TABLE,
				   &fx->o), AR_EINVAL);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(fx->m.writes, 0);
	mock_link_fini(&fx->m);
	free(fx->m0);
	free(fx->m1);
	free(fx);
	return 0;
}

/* Discover with @want named targets reserved, then fill the picker. */
static void discover(struct fixture *fx, const uint16_t *want_shelf,
		     const uint8_t *want_slot, size_t n_want)
{
	struct ar_platform plat = mock_platform(&fx->m);
	size_t i, n = 0;

	assert_int_equal(disc_init(&fx->d, &plat, fx->targets, TABLE, &fx->o), 0);
	for (i = 0; i < n_want; i++)
		assert_int_equal(disc_want(&fx->d, want_shelf[i], want_slot[i]), 0);
	assert_int_equal(disc_start(&fx->d), 0);
	for (i = 0; i < 400000; i++) {
		uint64_t next;

		if (disc_pump(&fx->d) == 1)
			break;
		next = disc_next_deadline(&fx->d);
		if (mock_next_due(&fx->m) < next)
			next = mock_next_due(&fx->m);
		fx->m.now_ms = next > fx->m.now_ms ? next : fx->m.now_ms + 1;
	}
	assert_true(fx->d.done);
	picker_init(&fx->p, fx->rows, TABLE, NIC);
	for (i = 0; i < fx->d.ntargets; i++)
		if (picker_target_from_disc(&fx->rows[n], &fx->targets[i]) == 0)
			n++;
	assert_int_equal(picker_set_targets(&fx->p, n), 0);
	picker_set_dropped(&fx->p, fx->d.stats.dropped_targets);
}

/* What an unattended countdown does with the current selection. */
static enum picker_action unattended(struct fixture *fx)
{
	int shown = -1;

	picker_countdown_start(&fx->p, 0, 0);
	return picker_tick(&fx->p, 1, &shown);
}

static void args_are(struct fixture *fx, const char *want)
{
	char buf[PICKER_ARGS_MAX];

	assert_int_equal(picker_args(&fx->p, buf, sizeof(buf)), 0);
	assert_string_equal(buf, want);
}

/*
 * The "Why": a few dozen blank targets answer before the members;
 * the table takes one member and the blanks, the other member is dropped.
 * The only array visible is then half a mirror: it is shown, the overflow
 * is counted, and the countdown does not boot it.
 */
static void test_fleet_blanks_before_members(void **state)
{
	struct fixture *fx = *state;

	add_blanks(fx, 0, TABLE - 1, 0);
	add_member(fx, 0, 0, fx->m0, 1);
	add_blanks(fx, TABLE, BLANKS - TABLE + 1, 2);
	add_member(fx, 1, 0, fx->m1, 3);
	discover(fx, NULL, NULL, 0);
	assert_int_equal(fx->d.ntargets, TABLE);
	assert_non_null(disc_find(&fx->d, 0, 0));
	assert_null(disc_find(&fx->d, 1, 0));
	/* every distinct target beyond the table is counted (the hash may
	 * merge a few: at least most of them) */
	assert_true(fx->d.stats.dropped_targets >= (BLANKS + 2 - TABLE) * 3 / 4);
	assert_true(fx->d.stats.dropped_targets <= BLANKS + 2 - TABLE);
	assert_int_equal(picker_select_auto(&fx->p), 0);
	assert_true(picker_warnings(&fx->p) & PICKER_W_TABLE_FULL);
	assert_true(picker_warnings(&fx->p) & PICKER_W_MAYBE_DROPPED);
	assert_int_equal(unattended(fx), PICKER_ACT_CANCEL);
	/* a person may still take it (the warning says why) */
	assert_int_equal(picker_key(&fx->p, AR_KEY_ENTER), PICKER_ACT_ACCEPT);
	{
		char line[PICKER_ROW_MAX];

		assert_int_equal(picker_warning_line(&fx->p, PICKER_W_TABLE_FULL, line,
						     sizeof(line)), 0);
		assert_string_equal(line, "warning: table full: 26 targets not examined (it holds 16)");
	}
}

/* The same wire, the members named by the choice (root path, saved
 * selection, list): reserved and asked for by name, never lost. */
static void test_fleet_named_members_reserved(void **state)
{
	struct fixture *fx = *state;
	static const uint16_t shelves[] = { 0, 1 };
	static const uint8_t slots[] = { 0, 0 };
	static const char rp[] = "aoe:e0.0,e1.0";
	struct picker_hints h = { rp, sizeof(rp) - 1, NULL, 0 };

	add_blanks(fx, 0, BLANKS, 0);
	add_member(fx, 0, 0, fx->m0, 1);
	add_member(fx, 1, 0, fx->m1, 3);
	discover(fx, shelves, slots, 2);
	assert_int_equal(fx->d.ntargets, TABLE);
	assert_int_equal(disc_find(&fx->d, 0, 0)->state, DISC_T_DONE);
	assert_int_equal(disc_find(&fx->d, 1, 0)->state, DISC_T_DONE);
	assert_true(fx->d.stats.dropped_targets > 0);
	assert_int_equal(picker_select_rules(&fx->p, &h), 0);
	assert_int_equal(picker_rule(&fx->p), PICKER_RULE_ROOTPATH_LIST);
	assert_int_equal(picker_warnings(&fx->p) & ~(unsigned)PICKER_W_TABLE_FULL, 0);
	assert_int_equal(unattended(fx), PICKER_ACT_ACCEPT);
	args_are(fx, "aoe_netdev=02:00:00:00:00:01 aoe_md_devs=e0.0,e1.0 "
		 "aoe_md_uuid=6352ace0:72d7c5ef:3cd75369:8beb10bf");
}

/* A named member that never answers: looked for until the timeout, by
 * name (directed Query Config), and the wait is not endless. */
static void test_fleet_named_member_absent(void **state)
{
	struct fixture *fx = *state;
	static const uint16_t shelves[] = { 0, 5 };
	static const uint8_t slots[] = { 0, 5 };
	const struct disc_target *t;

	add_member(fx, 0, 0, fx->m0, 1);
	discover(fx, shelves, slots, 2);
	t = disc_find(&fx->d, 5, 5);
	assert_non_null(t);
	assert_int_equal(t->state, DISC_T_ERROR);
	assert_int_equal(t->nmacs, 0);
	assert_string_equal(t->reason, "named target did not answer");
	assert_true(fx->m.now_ms - 1000 >= DISC_DEF_TIMEOUT_MS);
	/* broadcasts plus directed queries to e5.5 */
	assert_true(fx->d.stats.queries > DISC_DEF_QUERIES + 3);
	/* not a picker row */
	assert_int_equal(fx->p.n_targets, 1);
}

/* Two servers export e9.9 for blank disks of no array: a warning, and the
 * mirror beside it boots unattended. */
static void test_fleet_unrelated_duplicate(void **state)
{
	struct fixture *fx = *state;
	struct mock_target *d1, *d2;

	add_member(fx, 0, 0, fx->m0, 0);
	add_member(fx, 1, 0, fx->m1, 0);
	d1 = mock_add_target(&fx->m, 9, 9, 16384);
	d2 = mock_add_target(&fx->m, 9, 9, 16384);
	d2->mac[3] = 0x77;
	strcpy(d2->serial, "9.9:other-server");
	(void)d1;
	discover(fx, NULL, NULL, 0);
	assert_true(disc_find(&fx->d, 9, 9)->duplicate);
	/* both devices behind e9.9 were read */
	assert_int_equal(disc_find(&fx->d, 9, 9)->macs[0].md_state, DISC_MD_ABSENT);
	assert_int_equal(disc_find(&fx->d, 9, 9)->macs[1].md_state, DISC_MD_ABSENT);
	assert_int_equal(picker_select_auto(&fx->p), 0);
	assert_int_equal(picker_warnings(&fx->p), PICKER_W_DUP_OTHER);
	assert_int_equal(unattended(fx), PICKER_ACT_ACCEPT);
	args_are(fx, "aoe_netdev=02:00:00:00:00:01 aoe_md_devs=e0.0,e1.0 "
		 "aoe_md_uuid=6352ace0:72d7c5ef:3cd75369:8beb10bf");
}

/* An impostor answers first for a member's shelf.slot: its own device has
 * no superblock, but the member behind the second device does. Refused. */
static void test_fleet_duplicate_of_member(void **state)
{
	struct fixture *fx = *state;
	struct mock_target *imp;

	add_member(fx, 0, 0, fx->m0, 0);
	imp = mock_add_target(&fx->m, 1, 0, 16384);
	imp->mac[3] = 0x66;
	strcpy(imp->serial, "1.0:impostor");
	add_member(fx, 1, 0, fx->m1, 2);
	discover(fx, NULL, NULL, 0);
	{
		const struct disc_target *t = disc_find(&fx->d, 1, 0);

		assert_true(t->duplicate);
		assert_int_equal(t->md_state, DISC_MD_ABSENT);   /* the impostor's */
		assert_int_equal(t->macs[1].md_state, DISC_MD_FOUND);
	}
	assert_int_equal(picker_select_auto(&fx->p), AR_ENOENT);
	assert_true(picker_warnings(&fx->p) & PICKER_W_DUP_MEMBER);
	assert_true(picker_warnings(&fx->p) & PICKER_W_AMBIGUOUS);
	assert_int_equal(unattended(fx), PICKER_ACT_CANCEL);
}

/* A duplicate elsewhere hiding a copy of a member (same array): it could
 * be a member, so it refuses as well. */
static void test_fleet_duplicate_hiding_copy(void **state)
{
	struct fixture *fx = *state;
	struct mock_target *blank;

	add_member(fx, 0, 0, fx->m0, 0);
	add_member(fx, 1, 0, fx->m1, 0);
	blank = mock_add_target(&fx->m, 7, 7, 16384);
	(void)blank;
	add_member(fx, 7, 7, fx->m1, 2)->mac[3] = 0x55;
	strcpy(fx->m.targets[fx->m.ntargets - 1].serial, "7.7:copy");
	discover(fx, NULL, NULL, 0);
	assert_true(disc_find(&fx->d, 7, 7)->duplicate);
	assert_int_equal(picker_select_auto(&fx->p), AR_ENOENT);
	assert_true(picker_warnings(&fx->p) & PICKER_W_DUP_MEMBER);
}


/* A member whose superblock cannot be read (READ errors, or discovery
 * ending before its reads did): it may be the missing half, so the other
 * half is not booted unattended. */
static void test_fleet_unread_member(void **state)
{
	struct fixture *fx = *state;

	add_member(fx, 0, 0, fx->m0, 0);
	add_member(fx, 1, 0, fx->m1, 0)->read_error = true;
	discover(fx, NULL, NULL, 0);
	assert_int_equal(disc_find(&fx->d, 1, 0)->md_state, DISC_MD_ERROR);
	assert_true(fx->rows[1].md_unknown);
	assert_int_equal(picker_select_auto(&fx->p), 0);      /* e0.0 alone */
	assert_true(picker_warnings(&fx->p) & PICKER_W_MAYBE_DROPPED);
	assert_int_equal(unattended(fx), PICKER_ACT_CANCEL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fleet_blanks_before_members, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fleet_named_members_reserved, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fleet_named_member_absent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fleet_unrelated_duplicate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fleet_duplicate_of_member, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fleet_duplicate_hiding_copy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fleet_unread_member, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
