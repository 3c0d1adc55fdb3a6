/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_disc.c - the discovery engine (common/disc.c, disc_md.c) against the
 * mock link: several targets, lossy links, duplicates, a full table, md
 * superblocks made by real mdadm (tests/data/md), and never a write.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "aoename.h"
#include "disc.h"
#include "disc_int.h"
#include "err.h"
#include "mock_link.h"
#include "mdsb_build.h"

#ifndef MD_DATA_DIR
#define MD_DATA_DIR "tests/data/md"
#endif

struct fixture {
	struct mock_link m;
	struct disc d;
	struct disc_target targets[MOCK_MAX_TARGETS];
	struct disc_opts o;
	unsigned events[4];
};

/* Real mdadm member extracts: head = sectors 0..15, tail = last 256. */
struct member {
	uint64_t sectors;
	uint8_t head[8192];
	uint8_t tail[131072];
};

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

static struct member *member_load(const char *name, uint64_t sectors)
{
	struct member *mb = calloc(1, sizeof(*mb));

	assert_non_null(mb);
	mb->sectors = sectors;
	load(name, "head", mb->head, sizeof(mb->head));
	load(name, "tail", mb->tail, sizeof(mb->tail));
	return mb;
}

static struct mock_target *add_member(struct mock_link *m, uint16_t shelf,
				      uint8_t slot, const struct member *mb)
{
	struct mock_target *t = mock_add_target(m, shelf, slot, mb->sectors);

	mock_target_image(t, 0, mb->head, sizeof(mb->head));
	mock_target_image(t, mb->sectors - 256, mb->tail, sizeof(mb->tail));
	return t;
}

static void progress(void *arg, const struct disc *d,
		     const struct disc_target *t, enum disc_event ev)
{
	struct fixture *fx = arg;

	(void)d;
	(void)t;
	fx->events[ev]++;
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	assert_non_null(fx);
	assert_int_equal(mock_link_init(&fx->m, 5000), 0);
	fx->m.abort_on_write = true;
	disc_opts_default(&fx->o);
	fx->o.progress = progress;
	fx->o.progress_arg = fx;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(fx->m.writes, 0);
	mock_link_fini(&fx->m);
	free(fx);
	return 0;
}

/* The platform loop: pump, then jump the virtual clock to the next event. */
static void run(struct fixture *fx, size_t max_targets)
{
	struct ar_platform p = mock_platform(&fx->m);
	unsigned i;

	assert_int_equal(disc_init(&fx->d, &p, fx->targets, max_targets, &fx->o), 0);
	assert_int_equal(disc_start(&fx->d), 0);
	for (i = 0; i < 200000; i++) {
		uint64_t next;

		if (disc_pump(&fx->d) == 1)
			return;
		next = disc_next_deadline(&fx->d);
		if (mock_next_due(&fx->m) < next)
			next = mock_next_due(&fx->m);
		fx->m.now_ms = next > fx->m.now_ms ? next : fx->m.now_ms + 1;
	}
	fail_msg("discovery never finished");
}

static const struct disc_target *find(struct fixture *fx, uint16_t shelf, uint8_t slot)
{
	const struct disc_target *t = disc_find(&fx->d, shelf, slot);

	if (!t)
		fail_msg("e%u.%u not found", shelf, slot);
	return t;
}

static void assert_target(struct fixture *fx, const struct mock_target *mt)
{
	const struct disc_target *t = find(fx, mt->shelf, mt->slot);

	assert_int_equal(t->state, DISC_T_DONE);
	assert_int_equal(t->id.sectors, mt->sectors);
	assert_string_equal(t->id.serial, mt->serial);
	assert_string_equal(t->id.model, mt->model);
	assert_int_equal(t->config_len, mt->config_len);
	assert_memory_equal(t->config, mt->config, mt->config_len);
	assert_int_equal(t->max_sectors, mt->max_sectors);
	assert_int_equal(t->bufcnt, mt->bufcnt);
	assert_memory_equal(t->macs[t->primary].mac, mt->mac, 6);
	assert_false(t->duplicate);
}

static void test_disc_several_targets(void **state)
{
	struct fixture *fx = *state;
	struct mock_target *a = mock_add_target(&fx->m, 0, 0, 2048);
	struct mock_target *b = mock_add_target(&fx->m, 1, 2, 0x100000000ull);
	struct mock_target *c = mock_add_target(&fx->m, 7, 5, 65536);
	unsigned i;

	memcpy(b->config, "rack=3", 6);
	b->config_len = 6;
	b->pad = true;
	c->latency_ms = 3;
	fx->o.read_md = false;
	run(fx, 16);
	assert_int_equal(fx->d.ntargets, 3);
	assert_target(fx, a);
	assert_target(fx, b);
	assert_target(fx, c);
	assert_true(find(fx, 1, 2)->id.lba48);
	for (i = 0; i < 3; i++) {
		assert_int_equal(fx->targets[i].nmacs, 1);
		assert_int_equal(fx->targets[i].md_state, DISC_MD_NONE);
	}
	assert_int_equal(fx->events[DISC_EV_NEW], 3);
	assert_int_equal(fx->events[DISC_EV_DONE_TARGET], 3);
	assert_int_equal(fx->events[DISC_EV_FINISHED], 1);
	assert_int_equal(fx->d.stats.queries, DISC_DEF_QUERIES);
	assert_int_equal(fx->d.stats.retransmits, 0);
	assert_int_equal(a->rx_identify, 1);
	assert_int_equal(a->rx_read, 0);
	/* finished by the settle window, well before the overall timeout */
	assert_true(fx->m.now_ms - 5000 < DISC_DEF_TIMEOUT_MS);
	/* once finished, the table no longer changes */
	{
		uint8_t f[64] = { 0x02, 0, 0, 0, 0, 0x01, 0x02, 0xbb, 0, 0, 0, 9,
				  0x88, 0xa2, 0x18, 0, 0, 9, 9, 1 };

		f[29] = 0x10;
		assert_int_equal(disc_rx(&fx->d, f, 60), AR_EPROTO);
		assert_int_equal(fx->d.ntargets, 3);
		assert_true(disc_poll(&fx->d, fx->m.now_ms));
	}
}

/* disc_init() leaves the table as it is (untouched pages stay out of
 * memory): a table full of garbage must still give exactly what was found. */
static void test_disc_dirty_table(void **state)
{
	struct fixture *fx = *state;
	struct mock_target *a = mock_add_target(&fx->m, 3, 1, 4096);
	struct mock_target *b = mock_add_target(&fx->m, 9, 0, 8192);
	unsigned i;

	memset(fx->targets, 0xa5, sizeof(fx->targets));
	fx->o.read_md = false;
	run(fx, 16);
	assert_int_equal(fx->d.ntargets, 2);
	assert_null(disc_find(&fx->d, 0xa5a5, 0xa5));
	assert_target(fx, a);
	assert_target(fx, b);
	for (i = 0; i < 2; i++) {
		assert_int_equal(fx->targets[i].nmacs, 1);
		assert_int_equal(fx->targets[i].macs_overflow, 0);
		assert_int_equal(fx->targets[i].md_state, DISC_MD_NONE);
	}
	/* the entries past ntargets are not written */
	assert_int_equal(((const uint8_t *)&fx->targets[2])[0], 0xa5);
	assert_int_equal(((const uint8_t *)&fx->targets[15])[sizeof(fx->targets[15]) - 1], 0xa5);
}

static void test_disc_md_real_superblocks(void **state)
{
	struct fixture *fx = *state;
	struct member *v12 = member_load("v12-clean-m1", 16384);
	struct member *v090 = member_load("v090-clean-m0", 16397);
	struct member *v10 = member_load("v10-clean-m1", 16397);
	struct mock_target *none = mock_add_target(&fx->m, 3, 0, 16384);
	const struct disc_target *t;
	char uuid[MDSB_UUID_STR_LEN + 1];

	add_member(&fx->m, 1, 0, v12);
	add_member(&fx->m, 2, 0, v090);
	add_member(&fx->m, 2, 1, v10)->max_sectors = 1;
	run(fx, 16);
	assert_int_equal(fx->d.ntargets, 4);

	t = find(fx, 1, 0);
	assert_int_equal(t->state, DISC_T_DONE);
	assert_int_equal(t->md_state, DISC_MD_FOUND);
	assert_int_equal(t->md.version, MDSB_V12);
	aoename_uuid_format(t->md.uuid, UUID_STYLE_MDADM, uuid, sizeof(uuid));
	assert_string_equal(uuid, "6352ace0:72d7c5ef:3cd75369:8beb10bf");
	assert_string_equal(t->md.name, "lab:v12-clean");
	assert_int_equal(t->md.level, 1);
	assert_int_equal(t->md.raid_disks, 2);
	assert_int_equal(t->md.role, 1);
	assert_int_equal(t->md.events, 2);

	t = find(fx, 2, 0);
	assert_int_equal(t->md_state, DISC_MD_FOUND);
	assert_int_equal(t->md.version, MDSB_V090);
	assert_int_equal(t->md.role, 0);
	t = find(fx, 2, 1);
	assert_int_equal(t->md_state, DISC_MD_FOUND);
	assert_int_equal(t->md.version, MDSB_V10);
	assert_int_equal(t->md.role, 1);
	t = find(fx, 3, 0);
	assert_int_equal(t->state, DISC_T_DONE);
	assert_int_equal(t->md_state, DISC_MD_ABSENT);
	/* a place without md magic costs its first frame only (mdsb_read_sectors):
	 * 4 places x 1 frame, where reading each place whole took 16 */
	assert_int_equal(none->rx_read, 4);
	free(v12);
	free(v090);
	free(v10);
}

/* A big LBA48 device holding a 1.2 superblock (older) and a 1.0 one (newer). */
static void test_disc_md_lba48_newest(void **state)
{
	struct fixture *fx = *state;
	const uint64_t S = (1ull << 33) + 13;
	static uint8_t sb12[4096], sb10[4096];
	struct sb_spec sp = { .level = 1, .raid_disks = 2, .events = 7,
			      .max_dev = 2, .nroles = 2, .roles = { 0, 1 },
			      .clean = 1, .name = "host:old" };
	struct mock_target *t;
	const struct disc_target *dt;
	unsigned i, ext = 0;

	sp.uuid[0] = 0x11;
	sp.sector = 8;
	sp.ctime = 1000;
	sp.data_offset = 2048;
	sp.data_size = S - 4096;
	sbb_build1(sb12, &sp);
	sp.uuid[0] = 0x22;
	sp.name = "host:new";
	sp.sector = (S - 16) & ~7ull;
	sp.ctime = 2000;
	sp.dev_number = 1;
	sp.data_offset = 0;
	sp.events = 9;
	sbb_build1(sb10, &sp);
	t = mock_add_target(&fx->m, 5, 5, S);
	mock_target_image(t, 8, sb12, sizeof(sb12));
	mock_target_image(t, sp.sector, sb10, sizeof(sb10));
	run(fx, 16);
	dt = find(fx, 5, 5);
	assert_int_equal(dt->state, DISC_T_DONE);
	assert_true(dt->id.lba48);
	assert_int_equal(dt->id.sectors, S);
	assert_int_equal(dt->md_state, DISC_MD_FOUND);
	assert_int_equal(dt->md.version, MDSB_V10);     /* newest ctime wins */
	assert_string_equal(dt->md.name, "host:new");
	assert_int_equal(dt->md.events, 9);
	assert_int_equal(dt->md.role, 1);
	for (i = 0; i < fx->m.nlog && i < MOCK_LOG; i++)
		ext += fx->m.log[i] == 0x24;
	/* the end places need READ EXT: 1.0 (one sector holds max_dev 2) and
	 * 0.90 (no magic), one frame each */
	assert_true(ext >= 2);
}

static void test_disc_lossy_link(void **state)
{
	struct fixture *fx = *state;
	struct member *v12 = member_load("v12-clean-m0", 16384);
	uint32_t seed;

	for (seed = 1; seed <= 25; seed++) {
		struct mock_faults fl = {
			.seed = seed, .drop = 15, .dup = 15, .reorder = 20,
			.delay = 30, .delay_max_ms = 80, .corrupt = 10,
			.corrupt_kinds = MOCK_CORRUPT_TRUNCATE | MOCK_CORRUPT_VERSION |
					 MOCK_CORRUPT_TYPE | MOCK_CORRUPT_CFGLEN,
			.drop_requests = 10,
		};
		struct mock_target *a, *b, *c;
		const struct disc_target *t;

		mock_link_fini(&fx->m);
		assert_int_equal(mock_link_init(&fx->m, 1000 * seed), 0);
		fx->m.abort_on_write = true;
		a = mock_add_target(&fx->m, 0, 1, 4096);
		b = add_member(&fx->m, 5, 9, v12);
		c = mock_add_target(&fx->m, 9, 0, 77777);
		c->latency_ms = 2;
		mock_set_faults(&fx->m, &fl);
		fx->o.tries = 12;
		fx->o.queries = 8;
		fx->o.timeout_ms = 60000;
		run(fx, 16);
		assert_int_equal(fx->d.ntargets, 3);
		assert_target(fx, a);
		assert_target(fx, b);
		assert_target(fx, c);
		t = find(fx, 5, 9);
		assert_int_equal(t->md_state, DISC_MD_FOUND);
		assert_int_equal(t->md.role, 0);
		assert_int_equal(t->md.events, 2);
		assert_int_equal(find(fx, 0, 1)->md_state, DISC_MD_ABSENT);
		assert_int_equal(fx->m.writes, 0);
	}
	/* the faults really happened and were survived */
	assert_true(fx->d.stats.retransmits > 0);
	assert_true(fx->m.dropped + fx->m.corrupted + fx->m.duplicated > 0);
	free(v12);
}

static void test_disc_random_corruption(void **state)
{
	struct fixture *fx = *state;
	uint32_t seed;

	/* Undetectable corruption (any byte): only boundedness is promised. */
	for (seed = 1; seed <= 20; seed++) {
		struct mock_faults fl = { .seed = seed, .corrupt = 40, .dup = 20 };

		mock_link_fini(&fx->m);
		assert_int_equal(mock_link_init(&fx->m, 100), 0);
		fx->m.abort_on_write = true;
		mock_add_target(&fx->m, 0, 1, 4096);
		mock_add_target(&fx->m, 1, 1, 8192);
		mock_set_faults(&fx->m, &fl);
		run(fx, 4);
		assert_true(fx->d.ntargets <= 4);
		assert_int_equal(fx->d.ncomplete, fx->d.ntargets);
		assert_int_equal(fx->m.writes, 0);
	}
}

static void test_disc_duplicate_serial(void **state)
{
	struct fixture *fx = *state;
	struct mock_target *a = mock_add_target(&fx->m, 4, 1, 8192);
	struct mock_target *b = mock_add_target(&fx->m, 4, 1, 8192);
	const struct disc_target *t;

	b->mac[3] = 0x77;
	strcpy(b->serial, "4.1:other-host");
	b->latency_ms = 1;
	fx->o.read_md = false;
	run(fx, 16);
	assert_int_equal(fx->d.ntargets, 1);
	t = find(fx, 4, 1);
	assert_int_equal(t->nmacs, 2);
	assert_true(t->duplicate);
	assert_int_equal(t->dup_reason, DISC_DUP_SERIAL);
	assert_string_equal(t->id.serial, a->serial);
	assert_string_equal(t->macs[1].serial, "4.1:other-host");
	assert_int_equal(t->state, DISC_T_DONE);
	assert_int_equal(fx->events[DISC_EV_DUPLICATE], 1);
}

static void test_disc_duplicate_size_and_multipath(void **state)
{
	struct fixture *fx = *state;
	struct mock_target *b = mock_add_target(&fx->m, 4, 1, 8192);
	struct mock_target *c;
	const struct disc_target *t;

	mock_add_target(&fx->m, 4, 1, 8192)->mac[3] = 1;   /* same device, 2 NICs */
	b = mock_add_target(&fx->m, 6, 0, 100);
	c = mock_add_target(&fx->m, 6, 0, 200);             /* same serial, other size */
	c->mac[3] = 2;
	(void)b;
	fx->o.read_md = false;
	run(fx, 16);
	t = find(fx, 4, 1);
	assert_int_equal(t->nmacs, 2);
	assert_false(t->duplicate);
	t = find(fx, 6, 0);
	assert_true(t->duplicate);
	assert_int_equal(t->dup_reason, DISC_DUP_SIZE);
}

static void test_disc_table_full(void **state)
{
	struct fixture *fx = *state;
	unsigned i;

	for (i = 0; i < 10; i++)
		mock_add_target(&fx->m, (uint16_t)i, 0, 1000 + i);
	run(fx, 4);
	assert_int_equal(fx->d.ntargets, 4);
	assert_true(fx->d.stats.table_full >= 6);
	for (i = 0; i < 4; i++)
		assert_int_equal(fx->targets[i].state, DISC_T_DONE);
	/* nothing beyond the table was touched */
	for (i = 4; i < 16; i++)
		assert_int_equal(fx->targets[i].shelf, 0);
}

static void test_disc_mac_overflow(void **state)
{
	struct fixture *fx = *state;
	unsigned i;

	for (i = 0; i < DISC_MAX_MACS + 2; i++)
		mock_add_target(&fx->m, 2, 2, 5000)->mac[3] = (uint8_t)i;
	fx->o.read_md = false;
	run(fx, 16);
	assert_int_equal(fx->d.ntargets, 1);
	assert_int_equal(fx->targets[0].nmacs, DISC_MAX_MACS);
	assert_int_equal(fx->targets[0].macs_overflow, 2 * DISC_DEF_QUERIES);
	assert_false(fx->targets[0].duplicate);
}

static void test_disc_give_up(void **state)
{
	struct fixture *fx = *state;
	struct mock_target *mute = mock_add_target(&fx->m, 1, 0, 5000);
	struct mock_target *bad = mock_add_target(&fx->m, 2, 0, 5000);
	struct mock_target *rd = mock_add_target(&fx->m, 3, 0, 5000);
	struct mock_target *ok = mock_add_target(&fx->m, 4, 0, 5000);
	const struct disc_target *t;

	mute->ata_silent = true;
	bad->identify_error = true;
	rd->read_error = true;
	run(fx, 16);
	t = find(fx, 1, 0);
	assert_int_equal(t->state, DISC_T_ERROR);
	assert_int_equal(t->err, AR_ETIMEDOUT);
	assert_string_equal(t->reason, "IDENTIFY timed out");
	assert_int_equal(mute->rx_config, DISC_DEF_QUERIES);
	t = find(fx, 2, 0);
	assert_int_equal(t->state, DISC_T_ERROR);
	assert_int_equal(t->err, AR_EIO);
	assert_int_equal(bad->rx_identify, 1);
	t = find(fx, 3, 0);
	assert_int_equal(t->state, DISC_T_DONE);
	assert_int_equal(t->md_state, DISC_MD_ERROR);
	assert_int_equal(t->md_err, AR_EIO);
	assert_target(fx, ok);
	assert_int_equal(fx->d.stats.retransmits, DISC_DEF_TRIES - 1);
	assert_true(fx->m.now_ms - 5000 < DISC_DEF_TIMEOUT_MS);
}

static void test_disc_backoff(void **state)
{
	struct fixture *fx = *state;
	struct mock_target *mute = mock_add_target(&fx->m, 1, 0, 5000);
	struct mock_target *ok = mock_add_target(&fx->m, 2, 0, 5000);
	static const uint64_t gaps[] = { 200, 400, 800, 1000, 1000 };
	uint64_t sent[8];
	unsigned i, n = 0;

	mute->ata_silent = true;
	fx->o.timeout_ms = 20000;
	fx->o.read_md = false;
	run(fx, 16);
	for (i = 0; i < fx->m.nlog && i < MOCK_LOG; i++)
		if (fx->m.log[i] == 0xec && n < 8)
			sent[n++] = fx->m.log_ms[i];
	/* 1 IDENTIFY to ok, DISC_DEF_TRIES to mute, doubling up to rto_max */
	assert_int_equal(n, 1 + DISC_DEF_TRIES);
	for (i = 0; i + 2 < n; i++)
		assert_int_equal(sent[i + 2] - sent[i + 1], gaps[i]);
	assert_int_equal(find(fx, 1, 0)->state, DISC_T_ERROR);
	/* a dead target's backoff does not slow the others down */
	assert_int_equal(find(fx, 2, 0)->rto_ms, DISC_DEF_RTO_MS - DISC_DEF_RTO_MS / 8);
	assert_int_equal(fx->d.rto_ms, DISC_DEF_RTO_MS - DISC_DEF_RTO_MS / 8);
	(void)ok;
}

static void test_disc_backoff_carries_over(void **state)
{
	struct fixture *fx = *state;
	struct mock_target *late = mock_add_target(&fx->m, 1, 0, 5000);
	struct ar_platform p = mock_platform(&fx->m);

	late->ata_silent = true;
	fx->o.read_md = false;
	assert_int_equal(disc_init(&fx->d, &p, fx->targets, 16, &fx->o), 0);
	assert_int_equal(disc_start(&fx->d), 0);
	while (disc_pump(&fx->d) == 0) {
		fx->m.now_ms += 1;
		if (fx->m.now_ms == 5000 + 150)
			late->ata_silent = false; /* the retransmit at +200 is answered */
	}
	assert_int_equal(late->rx_identify, 1);
	assert_int_equal(fx->d.stats.retransmits, 1);
	/* backed off to 400, then one 0 ms RTT sample: 400 - 400/8 */
	assert_int_equal(fx->targets[0].rto_ms, 350);
}

static void test_disc_overall_timeout(void **state)
{
	struct fixture *fx = *state;
	struct mock_target *slow = mock_add_target(&fx->m, 1, 0, 5000);
	const struct disc_target *t;

	slow->ata_silent = true;
	fx->o.tries = 100;
	fx->o.timeout_ms = 3000;
	run(fx, 16);
	assert_int_equal(fx->m.now_ms, 5000 + 3000);
	t = find(fx, 1, 0);
	assert_int_equal(t->state, DISC_T_ERROR);
	assert_int_equal(t->err, AR_ETIMEDOUT);
}

static void test_disc_late_target(void **state)
{
	struct fixture *fx = *state;
	struct mock_target *late = mock_add_target(&fx->m, 8, 8, 5000);
	struct ar_platform p = mock_platform(&fx->m);
	unsigned pass;

	fx->o.read_md = false;
	for (pass = 0; pass < 2; pass++) {
		/* pass 0: the fixed 600 ms window (settle_rtt_mult 0): queries at
		 * 0, 200, 400 ms; pass 1: adaptive, but until anything answered
		 * the window is the cap, so the same broadcasts find it; then it
		 * shrinks to its floor */
		fx->m.now_ms = 5000;
		late->silent = true;
		fx->o.settle_rtt_mult = pass ? DISC_DEF_SETTLE_MULT : 0;
		assert_int_equal(disc_init(&fx->d, &p, fx->targets, 16, &fx->o), 0);
		assert_int_equal(disc_start(&fx->d), 0);
		while (disc_pump(&fx->d) == 0) {
			fx->m.now_ms += 10;
			if (fx->m.now_ms == 5000 + 250)
				late->silent = false;   /* a re-broadcast finds it */
		}
		assert_int_equal(fx->d.ntargets, 1);
		assert_int_equal(fx->targets[0].state, DISC_T_DONE);
		if (pass == 0) {
			assert_true(fx->m.now_ms >= 5000 + 400 + DISC_DEF_SETTLE_MS);
		} else {
			/* answers timed at the loop's 10 ms steps: W = 4 x 10 */
			assert_int_equal(disc_settle_window(&fx->d), 40);
			assert_true(fx->m.now_ms < 5000 + 400 + DISC_DEF_SETTLE_MS);
		}
	}
}

/* Run to the end, recording when the last new answer came. */
static uint64_t run_timed(struct fixture *fx, size_t max_targets, uint64_t *ret_last_new)
{
	run(fx, max_targets);
	*ret_last_new = fx->d.last_new_ms;
	return fx->m.now_ms;
}

/*
 * The adaptive window on a fast link: the scan returns W after the later
 * of the last new answer and the last broadcast, W = max(floor, mult x the
 * slowest answer), instead of 600 ms after the last answer.
 */
static void test_disc_settle_adaptive(void **state)
{
	struct fixture *fx = *state;
	uint64_t end, last_new;
	unsigned i;

	for (i = 0; i < 8; i++)
		mock_add_target(&fx->m, 1, (uint8_t)i, 8192)->latency_ms = 1 + i % 3;
	fx->o.read_md = false;
	end = run_timed(fx, 16, &last_new);
	assert_int_equal(fx->d.ntargets, 8);
	for (i = 0; i < 8; i++)
		assert_int_equal(fx->targets[i].state, DISC_T_DONE);
	assert_int_equal(fx->d.slowest_ms, 3);
	assert_int_equal(disc_settle_window(&fx->d), DISC_DEF_SETTLE_MIN_MS);
	assert_int_equal(fx->d.stats.queries, DISC_DEF_QUERIES);
	/* every broadcast had the whole window; the end is exactly then */
	assert_int_equal(end, (last_new > fx->d.last_query_ms ? last_new : fx->d.last_query_ms) +
			 DISC_DEF_SETTLE_MIN_MS);
	assert_true(end - 5000 < 100);
	assert_int_equal(fx->events[DISC_EV_FINISHED], 1);
}

/* A slow disk behind a target (its READs take 50 ms) does not widen the
 * window: only Query Config and IDENTIFY answers time it (docs/settle.md). */
static void test_disc_settle_ignores_reads(void **state)
{
	struct fixture *fx = *state;
	struct member *v12 = member_load("v12-clean-m0", 16384);
	struct mock_target *t = add_member(&fx->m, 1, 0, v12);
	uint64_t end, last_new;

	t->latency_ms = 2;
	t->read_latency_ms = 50;
	end = run_timed(fx, 16, &last_new);
	assert_int_equal(fx->targets[0].md_state, DISC_MD_FOUND);
	assert_int_equal(fx->d.slowest_ms, 2);
	assert_int_equal(disc_settle_window(&fx->d), DISC_DEF_SETTLE_MIN_MS);
	assert_true(fx->targets[0].rtt_ms >= 50);  /* the RTO still follows the READs */
	assert_true(end - 5000 < 400);
	free(v12);
}

/*
 * A host slower than the link (GRUB under TCG takes ~0.25 ms a frame): 48
 * targets answer within 1-2 ms (the last one in @last_lat ms), but the
 * engine needs 1 ms for each frame, so the last answers and the IDENTIFY
 * answers queued meanwhile are handled ~50 ms late. @stamps: the link tells
 * each frame's arrival time (linux/link.c's kernel receive stamp).
 */
static uint64_t slow_host_scan(struct fixture *fx, bool stamps, uint32_t last_lat,
			       uint64_t *ret_last_new)
{
	unsigned i;

	mock_link_fini(&fx->m);
	assert_int_equal(mock_link_init(&fx->m, 5000), 0);
	for (i = 0; i < 48; i++)
		mock_add_target(&fx->m, 1, (uint8_t)i, 8192)->latency_ms = i == 47 ? last_lat : 1 + i % 2;
	fx->m.recv_cost_ms = 1;
	fx->m.stamps = stamps;
	fx->o.read_md = false;
	return run_timed(fx, 64, ret_last_new);
}

/* Unstamped, only frames that found the queue empty are timed: the window
 * stays at its floor instead of growing to 4 x the backlog. */
static void test_disc_settle_backlog(void **state)
{
	struct fixture *fx = *state;
	uint64_t end, last_new;
	unsigned i;

	end = slow_host_scan(fx, false, 2, &last_new);
	assert_int_equal(fx->d.ntargets, 48);
	for (i = 0; i < 48; i++)
		assert_int_equal(fx->targets[i].state, DISC_T_DONE);
	/* + 1 ms: the host's own cost of taking the frame that came to an
	 * empty queue (the slot sweep's answers after this crowd) */
	assert_true(fx->d.slowest_ms <= 3);
	assert_int_equal(disc_settle_window(&fx->d), DISC_DEF_SETTLE_MIN_MS);
	assert_true(end - (last_new > fx->d.last_query_ms ? last_new : fx->d.last_query_ms) <=
		    DISC_DEF_SETTLE_MIN_MS + 48);
}

/* Stamped, every answer is timed by its arrival, not by when the engine got
 * to it: the backlog still does not widen the window, and one target 40 ms
 * slow, whose answers arrive while the engine is busy, still does (4 x 40). */
static void test_disc_settle_stamped_backlog(void **state)
{
	struct fixture *fx = *state;
	uint64_t end, last_new;

	slow_host_scan(fx, true, 2, &last_new);
	assert_int_equal(fx->d.ntargets, 48);
	assert_true(fx->d.slowest_ms <= 2);
	assert_int_equal(disc_settle_window(&fx->d), DISC_DEF_SETTLE_MIN_MS);

	end = slow_host_scan(fx, true, 40, &last_new);
	assert_int_equal(fx->d.ntargets, 48);
	assert_true(fx->d.slowest_ms >= 40 && fx->d.slowest_ms <= 41);
	assert_true(disc_settle_window(&fx->d) >= 4 * 40);
	assert_true(end - last_new >= 4 * 40);
}

/*
 * A crowd: 64 targets answer each broadcast within a few ms (their order
 * shuffled by 0-4 ms of jitter), but the host's receive queue holds 40
 * frames and the engine takes 1 ms a frame, so every broadcast loses some
 * answers. Broadcasts go on while each still finds a new target, each
 * after the queue drained: every target is found, where the 3 broadcasts
 * alone (the default) missed some.
 */
static void test_disc_crowd(void **state)
{
	struct fixture *fx = *state;
	unsigned i, seed, all = 0, extra = 0;

	for (seed = 1; seed <= 20; seed++) {
		mock_link_fini(&fx->m);
		assert_int_equal(mock_link_init(&fx->m, 5000), 0);
		for (i = 0; i < 64; i++)
			mock_add_target(&fx->m, (uint16_t)(1 + i / 16), (uint8_t)(i % 16), 8192);
		fx->m.faults.seed = seed;
		fx->m.faults.delay = 100;
		fx->m.faults.delay_max_ms = 4;
		fx->m.rx_ring = 40;
		fx->m.recv_cost_ms = 1;
		fx->o.read_md = false;
		fx->o.tries = 8;
		run(fx, 64);
		assert_true(fx->m.ring_dropped > 0);
		all += fx->d.ntargets == 64;
		extra += fx->d.stats.queries > DISC_DEF_QUERIES;
		/* the broadcasts and at most one query per slot number */
		assert_true(fx->d.stats.queries <= DISC_DEF_QUERIES + DISC_EXTRA_QUERIES + 16);
	}
	print_message("crowd of 64 through a 40-frame queue: all found in %u of 20 scans, "
		      "extra broadcasts in %u\n", all, extra);
	assert_int_equal(all, 20);
	assert_true(extra > 0);
}

/*
 * A crowd that loses the same answers every time: no jitter, so every
 * broadcast's answers come in the same order and the last ones (shelf 4
 * whole, half of shelf 3) overflow the 40-frame queue again and again. The
 * slot sweep after the crowd asks each slot number across every shelf (4
 * answers each) and finds them all.
 */
static void test_disc_crowd_sweep(void **state)
{
	struct fixture *fx = *state;
	unsigned i;

	for (i = 0; i < 64; i++)
		mock_add_target(&fx->m, (uint16_t)(1 + i / 16), (uint8_t)(i % 16), 8192)->latency_ms = 1;
	fx->m.rx_ring = 40;
	fx->m.recv_cost_ms = 1;
	fx->o.read_md = false;
	run(fx, 64);
	assert_true(fx->m.ring_dropped > 0);
	assert_int_equal(fx->d.ntargets, 64);
	for (i = 0; i < 64; i++)
		assert_int_equal(fx->targets[i].state, DISC_T_DONE);
	/* the broadcasts, then one query per slot number (16) */
	assert_true(fx->d.stats.queries > DISC_DEF_QUERIES + 16);
	assert_true(fx->d.stats.queries <= DISC_DEF_QUERIES + DISC_EXTRA_QUERIES + 16);

	/* a scan that must answer for one slot only never sweeps */
	mock_link_fini(&fx->m);
	assert_int_equal(mock_link_init(&fx->m, 5000), 0);
	for (i = 0; i < 64; i++)
		mock_add_target(&fx->m, (uint16_t)(1 + i / 16), (uint8_t)(i % 16), 8192)->latency_ms = 1;
	fx->m.rx_ring = 40;
	fx->m.recv_cost_ms = 1;
	fx->o.slot = 3;
	run(fx, 64);
	assert_int_equal(fx->d.ntargets, 4);
	assert_true(fx->d.stats.queries <= DISC_DEF_QUERIES + DISC_EXTRA_QUERIES);
}

/* A slower link widens the window to mult x its slowest answer; the cap holds. */
static void test_disc_settle_slow_link(void **state)
{
	struct fixture *fx = *state;
	struct mock_target *t = mock_add_target(&fx->m, 2, 0, 8192);
	struct ar_platform p = mock_platform(&fx->m);
	uint64_t end, last_new;

	t->latency_ms = 40;     /* answers come 40 ms after each request */
	fx->o.read_md = false;
	end = run_timed(fx, 16, &last_new);
	assert_int_equal(fx->d.ntargets, 1);
	assert_int_equal(fx->d.slowest_ms, 40);
	assert_int_equal(disc_settle_window(&fx->d), 4 * 40);
	assert_true(end - last_new >= 4 * 40);
	assert_true(end - fx->d.last_query_ms >= 4 * 40);

	/* 400 ms answers: 4 x 400 is capped at settle_ms */
	t->latency_ms = 400;
	fx->m.now_ms = 5000;
	assert_int_equal(disc_init(&fx->d, &p, fx->targets, 16, &fx->o), 0);
	assert_int_equal(disc_start(&fx->d), 0);
	while (disc_pump(&fx->d) == 0)
		fx->m.now_ms += 1;
	assert_int_equal(fx->d.ntargets, 1);
	assert_int_equal(fx->targets[0].state, DISC_T_DONE);
	assert_int_equal(disc_settle_window(&fx->d), DISC_DEF_SETTLE_MS);
	assert_true(fx->m.now_ms - fx->d.last_new_ms >= DISC_DEF_SETTLE_MS);

	/* settle_rtt_mult 0: the fixed window, whatever the link */
	t->latency_ms = 1;
	fx->o.settle_rtt_mult = 0;
	fx->m.now_ms = 5000;
	assert_int_equal(disc_init(&fx->d, &p, fx->targets, 16, &fx->o), 0);
	assert_int_equal(disc_start(&fx->d), 0);
	while (disc_pump(&fx->d) == 0)
		fx->m.now_ms += 1;
	assert_int_equal(disc_settle_window(&fx->d), DISC_DEF_SETTLE_MS);
	/* as before the adaptive window: 600 ms after the last new answer, the
	 * broadcasts spread over it (0, 200, 400 ms) */
	assert_int_equal(fx->d.stats.queries, DISC_DEF_QUERIES);
	assert_int_equal(fx->d.last_query_ms - 5000, 400);
	assert_int_equal(fx->m.now_ms - fx->d.last_new_ms, DISC_DEF_SETTLE_MS);
}

/* Nothing answers: the window stays at its cap, 600 ms from the start. */
static void test_disc_settle_empty(void **state)
{
	struct fixture *fx = *state;

	run(fx, 16);
	assert_int_equal(fx->d.ntargets, 0);
	assert_false(fx->d.timed);
	assert_int_equal(fx->m.now_ms - 5000, DISC_DEF_SETTLE_MS);
	assert_int_equal(fx->d.stats.queries, DISC_DEF_QUERIES);
}

/*
 * The impostor bound (docs/settle.md): a second device answering for the
 * same shelf.slot is caught as long as its answer to a broadcast comes
 * within the window W of it - here the genuine target answers in 2 ms
 * (W at its 30 ms floor) or in 20 ms (W = 4 x 20 = 80 ms), and the
 * impostor up to W after each broadcast, the slowest it may be.
 */
static void test_disc_settle_slow_impostor(void **state)
{
	struct fixture *fx = *state;
	static const uint32_t real_lat[] = { 0, 2, 20 };
	unsigned r;

	fx->o.read_md = false;
	for (r = 0; r < sizeof(real_lat) / sizeof(real_lat[0]); r++) {
		uint32_t w = 4 * real_lat[r] < DISC_DEF_SETTLE_MIN_MS ? DISC_DEF_SETTLE_MIN_MS
								     : 4 * real_lat[r];
		uint32_t lat;

		for (lat = real_lat[r]; lat <= w; lat++) {
			struct mock_target *a, *b;
			const struct disc_target *t;

			mock_link_fini(&fx->m);
			assert_int_equal(mock_link_init(&fx->m, 5000), 0);
			fx->m.abort_on_write = true;
			a = mock_add_target(&fx->m, 0, 1, 131072);
			b = mock_add_target(&fx->m, 0, 1, 131072);
			a->latency_ms = real_lat[r];
			b->mac[3] = 0x99;
			strcpy(b->serial, "0.1:imp");
			b->latency_ms = lat;
			run(fx, 16);
			t = find(fx, 0, 1);
			if (t->nmacs != 2 || !t->duplicate)
				fail_msg("impostor %u ms behind a %u ms target (W %u ms) not caught",
					 lat, real_lat[r], w);
			assert_int_equal(t->dup_reason, DISC_DUP_SERIAL);
			/* its IDENTIFY answer is the slowest: the window widened */
			assert_true(fx->d.slowest_ms >= lat);
		}
	}
}

/* Scans of a 2 ms target and a 25 ms impostor over a link losing 20 % of
 * the answers, one per seed; how many flagged the duplicate. */
static unsigned lossy_impostor_scans(struct fixture *fx, uint8_t mult)
{
	unsigned seed, caught = 0;

	fx->o.read_md = false;
	fx->o.tries = 8;
	fx->o.settle_rtt_mult = mult;
	for (seed = 1; seed <= 200; seed++) {
		struct mock_faults f = { .seed = seed, .drop = 20 };
		struct mock_target *a, *b;

		mock_link_fini(&fx->m);
		assert_int_equal(mock_link_init(&fx->m, 5000), 0);
		fx->m.abort_on_write = true;
		mock_set_faults(&fx->m, &f);
		a = mock_add_target(&fx->m, 0, 1, 131072);
		b = mock_add_target(&fx->m, 0, 1, 131072);
		a->latency_ms = 2;
		b->mac[3] = 0x99;
		strcpy(b->serial, "0.1:imp");
		b->latency_ms = 25;
		run(fx, 16);
		caught += find(fx, 0, 1)->duplicate;
	}
	return caught;
}

/*
 * On a lossy link each broadcast still gets the whole window: the adaptive
 * window misses the impostor no more often than the fixed 600 ms one. Both
 * miss it when all 3 answers of one of the two devices are lost
 * (2 x 0.2^3 = 1.6 % of scans): more broadcasts (queries) are the remedy
 * for loss, not a longer window.
 */
static void test_disc_settle_lossy_impostor(void **state)
{
	struct fixture *fx = *state;
	unsigned fixed = lossy_impostor_scans(fx, 0);
	unsigned adaptive = lossy_impostor_scans(fx, DISC_DEF_SETTLE_MULT);

	print_message("impostor caught in %u (fixed window) and %u (adaptive) of 200 lossy scans\n",
		      fixed, adaptive);
	assert_true(fixed >= 186);
	assert_true(adaptive + 2 >= fixed);
	fx->o.queries = 8;
	adaptive = lossy_impostor_scans(fx, DISC_DEF_SETTLE_MULT);
	print_message("with 8 broadcasts: %u of 200\n", adaptive);
	assert_true(adaptive >= 199);
}

static void test_disc_wait_for_target(void **state)
{
	struct fixture *fx = *state;
	struct mock_target *late = mock_add_target(&fx->m, 8, 1, 5000);
	struct ar_platform p = mock_platform(&fx->m);
	unsigned pass;

	fx->o.read_md = false;
	for (pass = 0; pass < 2; pass++) {
		fx->m.now_ms = 5000;
		late->silent = true;
		fx->o.wait_for_target = pass == 1;
		assert_int_equal(disc_init(&fx->d, &p, fx->targets, 16, &fx->o), 0);
		assert_int_equal(disc_start(&fx->d), 0);
		while (disc_pump(&fx->d) == 0) {
			fx->m.now_ms += 10;
			if (fx->m.now_ms == 5000 + 2000)
				late->silent = false;   /* the link came up late */
		}
		if (pass == 0) {
			/* default: settle after the first queries, nothing found */
			assert_int_equal(fx->d.ntargets, 0);
			assert_true(fx->m.now_ms < 5000 + 2000);
			assert_int_equal(fx->d.stats.queries, DISC_DEF_QUERIES);
		} else {
			assert_int_equal(fx->d.ntargets, 1);
			assert_int_equal(fx->targets[0].state, DISC_T_DONE);
			assert_true(fx->d.stats.queries > DISC_DEF_QUERIES);
			assert_true(fx->m.now_ms < 5000 + DISC_DEF_TIMEOUT_MS);
		}
	}
}

static void test_disc_filter(void **state)
{
	struct fixture *fx = *state;

	mock_add_target(&fx->m, 1, 0, 5000);
	mock_add_target(&fx->m, 2, 0, 5000);
	mock_add_target(&fx->m, 2, 3, 5000);
	fx->o.shelf = 2;
	fx->o.slot = 3;
	fx->o.read_md = false;
	run(fx, 16);
	assert_int_equal(fx->d.ntargets, 1);
	assert_non_null(disc_find(&fx->d, 2, 3));
}

static void test_disc_junk_frames(void **state)
{
	struct fixture *fx = *state;
	struct ar_platform p = mock_platform(&fx->m);
	uint8_t f[128];
	unsigned i;

	mock_add_target(&fx->m, 1, 0, 5000);
	fx->o.read_md = false;
	fx->o.userland_tags = true;
	assert_int_equal(disc_init(&fx->d, &p, fx->targets, 16, &fx->o), 0);
	memset(f, 0, sizeof(f));
	assert_int_equal(disc_rx(&fx->d, f, 10), AR_EPROTO);          /* runt */
	f[12] = 0x08;
	assert_int_equal(disc_rx(&fx->d, f, 60), AR_EPROTO);          /* IPv4 */
	f[12] = 0x88;
	f[13] = 0xa2;
	f[14] = 0x28;                                                 /* version 2 */
	assert_true(disc_rx(&fx->d, f, 60) < 0);
	f[14] = 0x10;                                                 /* a request */
	assert_int_equal(disc_rx(&fx->d, f, 60), AR_EPROTO);
	memcpy(f + 6, fx->m.host_mac, 6);                             /* ourselves */
	f[14] = 0x18;
	assert_int_equal(disc_rx(&fx->d, f, 60), AR_EPROTO);
	f[6] = 0x04;
	f[19] = 1;
	f[30] = 0x7f;
	/* for another host (a promiscuous link, e.g. GRUB's pxe card) */
	assert_int_equal(disc_rx(&fx->d, f, 60), AR_EPROTO);
	memcpy(f, fx->m.host_mac, 6);
	f[19] = 1;
	f[30] = 0x7f;                                                 /* cfg len */
	assert_int_equal(disc_rx(&fx->d, f, 60), AR_EBADMSG);
	f[19] = 0;                                                    /* unknown ATA */
	assert_int_equal(disc_rx(&fx->d, f, 60), AR_ENOENT);
	for (i = 0; i < 200; i++) {                                   /* noise */
		unsigned j;

		for (j = 14; j < sizeof(f); j++)
			f[j] = (uint8_t)(i * 131 + j * 7);
		disc_rx(&fx->d, f, 14 + i % 100);
	}
	assert_int_equal(fx->d.ntargets, 0);
	assert_int_equal(fx->d.stats.rx_self, 1);
	assert_true(fx->d.stats.rx_malformed >= 2);
	/* then a normal run still works; tags carry bit 31 */
	assert_int_equal(disc_start(&fx->d), 0);
	while (disc_pump(&fx->d) == 0)
		fx->m.now_ms += 5;
	assert_int_equal(fx->d.ntargets, 1);
	assert_int_equal(fx->targets[0].state, DISC_T_DONE);
	assert_true(fx->targets[0].macs[0].tag & 0x80000000u);
}

static void test_disc_never_writes(void **state)
{
	struct fixture *fx = *state;
	struct ar_platform p = mock_platform(&fx->m);
	uint8_t f[64];

	assert_int_equal(disc_init(&fx->d, &p, fx->targets, 16, &fx->o), 0);
	memset(f, 0, sizeof(f));
	f[12] = 0x88;
	f[13] = 0xa2;
	f[14] = 0x10;
	f[24] = 0x01;   /* ATA write flag */
	f[27] = 0x34;   /* WRITE SECTORS EXT */
	assert_int_equal(disc_send(&fx->d, f, 60), AR_EPERM);
	f[24] = 0;
	assert_int_equal(disc_send(&fx->d, f, 60), AR_EPERM);
	f[19] = 1;      /* Query Config force set */
	f[29] = 0x14;
	assert_int_equal(disc_send(&fx->d, f, 60), AR_EPERM);
	f[19] = 3;      /* reserve/release */
	assert_int_equal(disc_send(&fx->d, f, 60), AR_EPERM);
	assert_int_equal(fx->m.tx, 0);
}

static void test_disc_init_errors(void **state)
{
	struct fixture *fx = *state;
	struct ar_platform p = mock_platform(&fx->m);

	assert_int_equal(disc_init(&fx->d, &p, fx->targets, 0, NULL), AR_EINVAL);
	assert_int_equal(disc_init(&fx->d, NULL, fx->targets, 1, NULL), AR_EINVAL);
	fx->o.mtu = 100;
	assert_int_equal(disc_init(&fx->d, &p, fx->targets, 1, &fx->o), AR_EINVAL);
	assert_int_equal(disc_init(&fx->d, &p, fx->targets, 1, NULL), 0);
	assert_string_equal(disc_state_name(DISC_T_ERROR), "error");
	assert_string_equal(disc_md_state_name(DISC_MD_ABSENT), "absent");
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_disc_several_targets),
		T(test_disc_dirty_table),
		T(test_disc_md_real_superblocks),
		T(test_disc_md_lba48_newest),
		T(test_disc_lossy_link),
		T(test_disc_random_corruption),
		T(test_disc_duplicate_serial),
		T(test_disc_duplicate_size_and_multipath),
		T(test_disc_table_full),
		T(test_disc_mac_overflow),
		T(test_disc_give_up),
		T(test_disc_backoff),
		T(test_disc_backoff_carries_over),
		T(test_disc_overall_timeout),
		T(test_disc_late_target),
		T(test_disc_wait_for_target),
		T(test_disc_settle_adaptive),
		T(test_disc_settle_ignores_reads),
		T(test_disc_settle_backlog),
		T(test_disc_settle_stamped_backlog),
		T(test_disc_crowd),
		T(test_disc_crowd_sweep),
		T(test_disc_settle_slow_link),
		T(test_disc_settle_empty),
		T(test_disc_settle_slow_impostor),
		T(test_disc_settle_lossy_impostor),
		T(test_disc_filter),
		T(test_disc_junk_frames),
		T(test_disc_never_writes),
		T(test_disc_init_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
