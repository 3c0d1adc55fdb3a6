/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_choose.c - the boot-choice session (common/choose.c) stepped as a
 * boot loader steps it, on the mock link with real mdadm superblocks
 * (tests/data/md): reservation, preselection, countdown, keys, rescans,
 * nothing acceptable, the degraded wait and its knob, the mdsel decision
 * (stale, split brain), the arguments and the read engine's targets.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "choose.h"
#include "disc.h"
#include "platform.h"
#include "err.h"
#include "mock_link.h"

#ifndef MD_DATA_DIR
#define MD_DATA_DIR "tests/data/md"
#endif

enum { TABLE = 16, SCREEN = 64 * 1024 };

struct member {
	uint64_t sectors;
	uint8_t head[8192];
	uint8_t tail[131072];
};

struct fixture {
	struct mock_link m;
	struct disc d;
	struct disc_target targets[TABLE];
	struct picker_target rows[TABLE];
	struct choose c;
	struct choose_cfg cfg;
	struct picker_hints h;
	struct selection saved;
	char screen[SCREEN];        /* every emitted line, '\n' after each */
	size_t screen_len;
	unsigned scans;
	struct mock_target *t0, *t1;
	struct member *mb[4];
	size_t n_mb;
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

static struct mock_target *add_member(struct fixture *fx, uint16_t shelf, uint8_t slot,
				      const char *name)
{
	/* The mock keeps the image by pointer: one per member. */
	struct member *mb = calloc(1, sizeof(*mb));
	struct mock_target *t;

	assert_non_null(mb);
	assert_true(fx->n_mb < 4);
	fx->mb[fx->n_mb++] = mb;
	mb->sectors = 16384;
	load(name, "head", mb->head, sizeof(mb->head));
	load(name, "tail", mb->tail, sizeof(mb->tail));
	t = mock_add_target(&fx->m, shelf, slot, mb->sectors);
	assert_non_null(t);
	mock_target_image(t, 0, mb->head, sizeof(mb->head));
	mock_target_image(t, mb->sectors - 256, mb->tail, sizeof(mb->tail));
	return t;
}

static void emit(void *ctx, const char *line)
{
	struct fixture *fx = ctx;
	size_t n = strlen(line);

	assert_true(fx->screen_len + n + 1 < SCREEN);
	/* GRUB wraps at 80 columns: every line of the session is shorter */
	{
		const char *a = line, *e;

		for (; *a; a = *e ? e + 1 : e) {
			e = strchr(a, '\n');
			if (!e)
				e = a + strlen(a);
			if ((size_t)(e - a) > PICKER_ROW_WIDTH)
				fail_msg("line of %zu columns: %s", (size_t)(e - a), line);
		}
	}
	memcpy(fx->screen + fx->screen_len, line, n);
	fx->screen_len += n;
	fx->screen[fx->screen_len++] = '\n';
	fx->screen[fx->screen_len] = '\0';
}

static bool shown(const struct fixture *fx, const char *text)
{
	return strstr(fx->screen, text) != NULL;
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	assert_non_null(fx);
	assert_int_equal(mock_link_init(&fx->m, 1000), 0);
	fx->m.abort_on_write = true;
	fx->cfg.timeout_s = 0;
	fx->cfg.def = CHOOSE_DEF_AUTO;
	fx->cfg.wait_ms = CHOOSE_DEF_WAIT_MS;
	fx->cfg.emit = emit;
	fx->cfg.ctx = fx;
	fx->cfg.where = "test0";
	fx->cfg.hints = &fx->h;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	/* The screen of a failed case, to read (CHOOSE_SCREEN=1). */
	if (getenv("CHOOSE_SCREEN"))
		fputs(fx->screen, stderr);
	assert_int_equal(fx->m.writes, 0);
	mock_link_fini(&fx->m);
	while (fx->n_mb)
		free(fx->mb[--fx->n_mb]);
	free(fx);
	return 0;
}

static void rootpath(struct fixture *fx, const char *rp)
{
	fx->h.root_path = rp;
	fx->h.root_path_len = strlen(rp);
}

/* What a platform does on CHOOSE_DO_SCAN. */
static void scan(struct fixture *fx)
{
	struct ar_platform plat = mock_platform(&fx->m);
	uint64_t t0 = fx->m.now_ms;
	unsigned i;

	assert_int_equal(disc_init(&fx->d, &plat, fx->targets, TABLE, NULL), 0);
	choose_want(&fx->c, &fx->d);
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
	fx->scans++;
	choose_scanned(&fx->c, &fx->d, t0, fx->m.now_ms);
}

/* Step with no key for up to @ms of mock time (100 ms a step); scans run
 * when asked. Returns the first outcome that is not WAIT or SCAN, or
 * CHOOSE_DO_WAIT when the time ran out. */
static enum choose_do run(struct fixture *fx, uint64_t ms)
{
	uint64_t end = fx->m.now_ms + ms;

	while (fx->m.now_ms < end) {
		enum choose_do d = choose_step(&fx->c, AR_KEY_NONE, fx->m.now_ms);

		if (d == CHOOSE_DO_SCAN) {
			scan(fx);
			continue;
		}
		if (d != CHOOSE_DO_WAIT)
			return d;
		fx->m.now_ms += 100;
	}
	return CHOOSE_DO_WAIT;
}

static enum choose_do key(struct fixture *fx, int k)
{
	return choose_step(&fx->c, k, fx->m.now_ms);
}

static void start(struct fixture *fx)
{
	choose_init(&fx->c, &fx->cfg, fx->rows, TABLE, fx->m.host_mac);
}

static void args_are(struct fixture *fx, const char *want)
{
	char buf[PICKER_ARGS_MAX];

	assert_int_equal(choose_args(&fx->c, buf, sizeof(buf)), 0);
	assert_string_equal(buf, want);
}

#define ARGS_AB "aoe_netdev=02:00:00:00:00:01 aoe_md_devs=e0.0,e0.1 " \
	"aoe_md_uuid=6352ace0:72d7c5ef:3cd75369:8beb10bf"

/* The targets the choice names are reserved before the scan. */
static void test_choose_want(void **state)
{
	struct fixture *fx = *state;
	struct ar_platform plat = mock_platform(&fx->m);

	rootpath(fx, "aoe:e0.0,e0.1");
	fx->cfg.def = CHOOSE_DEF_LIST;
	fx->cfg.list = "e5.5,e0.1,bad";
	start(fx);
	assert_int_equal(disc_init(&fx->d, &plat, fx->targets, TABLE, NULL), 0);
	assert_int_equal(choose_want(&fx->c, &fx->d), 3);   /* e0.1 once */
	fx->saved.n_devs = 2;
	fx->saved.shelf[0] = 7;
	fx->saved.shelf[1] = 8;
	fx->cfg.def = CHOOSE_DEF_SAVED;
	fx->cfg.saved = &fx->saved;
	assert_int_equal(disc_init(&fx->d, &plat, fx->targets, TABLE, NULL), 0);
	assert_int_equal(choose_want(&fx->c, &fx->d), 4);
}

/* Both members answer: the root path boots them unattended, at once. */
static void test_choose_rootpath_healthy(void **state)
{
	struct fixture *fx = *state;
	const struct choose_result *r;

	add_member(fx, 0, 0, "v12-clean-m0");
	add_member(fx, 0, 1, "v12-clean-m1");
	rootpath(fx, "aoe:e0.0,e0.1");
	start(fx);
	assert_int_equal(run(fx, 30000), CHOOSE_DO_BOOT);
	r = choose_result(&fx->c);
	assert_int_equal(r->n, 2);
	assert_false(r->degraded);
	assert_false(r->by_person);
	assert_false(r->save);
	assert_int_equal(r->rule, PICKER_RULE_ROOTPATH_LIST);
	assert_true(r->has_md);
	assert_int_equal(r->m[0].t.sectors, 16384);
	assert_int_equal(fx->scans, 1);
	assert_false(shown(fx, "degraded"));
	assert_true(shown(fx, "aoe: md: "));
	args_are(fx, ARGS_AB);
}

/* One member down: the wait names it, rescans, then boots degraded. */
static void test_choose_degraded_after_wait(void **state)
{
	struct fixture *fx = *state;
	const struct choose_result *r;
	uint64_t t0 = fx->m.now_ms;

	add_member(fx, 0, 0, "v12-clean-m0");
	fx->t1 = add_member(fx, 0, 1, "v12-clean-m1");
	fx->t1->silent = true;
	rootpath(fx, "aoe:e0.0,e0.1");
	start(fx);
	assert_int_equal(run(fx, 60000), CHOOSE_DO_BOOT);
	r = choose_result(&fx->c);
	assert_true(shown(fx, "aoe: waiting for e0.1 (missing): degraded boot in "));
	assert_true(shown(fx, "aoe: degraded: e0.1 missing\n"));
	assert_true(fx->scans >= 2);             /* rescanned meanwhile */
	assert_true(fx->m.now_ms - t0 >= CHOOSE_DEF_WAIT_MS);
	assert_int_equal(r->n, 1);
	assert_int_equal(r->m[0].slot, 0);
	assert_true(r->degraded);
	assert_int_equal(r->n_missing, 1);
	assert_int_equal(r->missing_slot[0], 1);
	args_are(fx, "aoe_netdev=02:00:00:00:00:01 aoe_md_devs=e0.0 "
		 "aoe_md_uuid=6352ace0:72d7c5ef:3cd75369:8beb10bf");
}

/* The member comes back during the wait: both are booted. */
static void test_choose_member_returns(void **state)
{
	struct fixture *fx = *state;

	add_member(fx, 0, 0, "v12-clean-m0");
	fx->t1 = add_member(fx, 0, 1, "v12-clean-m1");
	fx->t1->silent = true;
	rootpath(fx, "aoe:e0.0,e0.1");
	fx->cfg.wait_ms = 60000;
	start(fx);
	assert_int_equal(run(fx, 8000), CHOOSE_DO_WAIT);
	assert_true(shown(fx, "aoe: waiting for e0.1 (missing)"));
	fx->t1->silent = false;
	assert_int_equal(run(fx, 30000), CHOOSE_DO_BOOT);
	assert_false(choose_result(&fx->c)->degraded);
	args_are(fx, ARGS_AB);
}

/* Enter during the wait boots what is selected at once (a person). */
static void test_choose_enter_during_wait(void **state)
{
	struct fixture *fx = *state;

	add_member(fx, 0, 0, "v12-clean-m0");
	rootpath(fx, "aoe:e0.0,e0.1");
	fx->cfg.timeout_s = 600;
	start(fx);
	assert_int_equal(run(fx, 3000), CHOOSE_DO_WAIT);
	assert_true(shown(fx, "aoe: waiting for e0.1 (missing): degraded boot in "));
	assert_int_equal(key(fx, AR_KEY_ENTER), CHOOSE_DO_BOOT);
	assert_true(choose_result(&fx->c)->by_person);
	assert_true(choose_result(&fx->c)->degraded);
}

/* The refuse knob: no unattended boot, the reason on screen; a person may. */
static void test_choose_no_degraded(void **state)
{
	struct fixture *fx = *state;

	add_member(fx, 0, 0, "v12-clean-m0");
	rootpath(fx, "aoe:e0.0,e0.1");
	fx->cfg.no_degraded = true;
	fx->cfg.no_degraded_what = "--no-degraded";
	start(fx);
	assert_int_equal(run(fx, 120000), CHOOSE_DO_WAIT);
	assert_true(shown(fx, "aoe: nothing acceptable to boot unattended:\n"
			  "aoe:   e0.1 missing and degraded boots are off (--no-degraded)\n"));
	assert_true(shown(fx, "waiting for a person"));
	assert_false(shown(fx, "waiting for e0.1"));
	assert_int_equal(fx->scans, 1);
	assert_int_equal(key(fx, AR_KEY_ENTER), CHOOSE_DO_BOOT);
	assert_true(choose_result(&fx->c)->by_person);
	assert_true(choose_result(&fx->c)->degraded);
}

/* The only array visible, a member missing: named by its md slot. */
static void test_choose_only_array_degraded(void **state)
{
	struct fixture *fx = *state;

	add_member(fx, 0, 0, "v12-clean-m0");
	fx->cfg.wait_ms = 3000;
	start(fx);
	assert_int_equal(run(fx, 60000), CHOOSE_DO_BOOT);
	assert_true(shown(fx, "aoe: waiting for md slot 1 of "));
	assert_true(shown(fx, "aoe: degraded: md slot 1 of "));
	assert_int_equal(choose_result(&fx->c)->rule, PICKER_RULE_ONLY_ARRAY);
	assert_int_equal(choose_result(&fx->c)->n, 1);
}

/* The other half is stale (the fresh one marks it failed): nothing to
 * wait for; the fresh one boots at once, the stale one left out. */
static void test_choose_stale_no_wait(void **state)
{
	struct fixture *fx = *state;
	const struct choose_result *r;

	add_member(fx, 0, 0, "sc-stale-m0");
	add_member(fx, 0, 1, "sc-stale-m1");
	rootpath(fx, "aoe:e0.0,e0.1");
	start(fx);
	assert_int_equal(run(fx, 60000), CHOOSE_DO_BOOT);
	r = choose_result(&fx->c);
	assert_int_equal(fx->scans, 1);
	assert_false(shown(fx, "waiting for"));
	assert_int_equal(r->n, 1);
	assert_int_equal(r->m[0].slot, 0);
	assert_true(r->degraded);
	assert_true(shown(fx, "aoe: left out: e0.1 (stale)"));
	/* never a disk, but named for /init to add back (aoe_md_readd=) */
	assert_int_equal(r->n_readd, 1);
	assert_int_equal(r->readd_slot[0], 1);
	args_are(fx, "aoe_netdev=02:00:00:00:00:01 aoe_md_devs=e0.0,e0.1 "
		 "aoe_md_uuid=96bc5ba6:887d87b6:8eafb879:0883d81f");
}

/* A list naming only the stale copy: refused (a fresher member is
 * visible), the picker stays up; the list never boots it. */
static void test_choose_stale_list_refused(void **state)
{
	struct fixture *fx = *state;

	add_member(fx, 0, 0, "sc-stale-m0");
	add_member(fx, 0, 1, "sc-stale-m1");
	fx->cfg.def = CHOOSE_DEF_LIST;
	fx->cfg.list = "e0.1";
	start(fx);
	assert_int_equal(run(fx, 60000), CHOOSE_DO_WAIT);
	assert_true(shown(fx, "aoe: nothing acceptable to boot unattended:\naoe:   refused"));
	assert_true(shown(fx, "waiting for a person"));
	/* Enter by a person: still refused (mdsel), the reason shown */
	assert_int_equal(key(fx, AR_KEY_ENTER), CHOOSE_DO_WAIT);
	assert_true(shown(fx, "aoe: not booted: refused"));
}

/* A split brain (equal events, each half marks the other failed):
 * neither half, the picker stays up with the reason. */
static void test_choose_split_brain(void **state)
{
	struct fixture *fx = *state;

	add_member(fx, 0, 0, "sc-split-m0");
	add_member(fx, 0, 1, "sc-split-m1");
	rootpath(fx, "aoe:e0.0,e0.1");
	start(fx);
	assert_int_equal(run(fx, 60000), CHOOSE_DO_WAIT);
	assert_true(shown(fx, "aoe: nothing acceptable to boot unattended:\n"));
	assert_true(shown(fx, "waiting for a person: choose with the keys"));
	assert_int_equal(fx->scans, 1);
	/* the person selects both: mdsel refuses the split brain */
	assert_int_equal(key(fx, AR_KEY_ENTER), CHOOSE_DO_WAIT);
	assert_true(shown(fx, "split brain"));
	/* Esc cancels */
	assert_int_equal(key(fx, AR_KEY_ESC), CHOOSE_DO_CANCEL);
}

/* A scripted caller (GRUB's aoe_attach): choose_now() decides from the
 * list at once, by the same rules, with no screen and no wait. */
static void test_choose_now_scripted(void **state)
{
	struct fixture *fx = *state;
	const struct choose_result *r;
	char why[CHOOSE_WHY_MAX];

	add_member(fx, 0, 0, "sc-stale-m0");
	add_member(fx, 0, 1, "sc-stale-m1");
	fx->cfg.def = CHOOSE_DEF_LIST;
	fx->cfg.list = "e0.0,e0.1";
	fx->cfg.no_screen = true;
	start(fx);
	assert_int_equal(choose_step(&fx->c, AR_KEY_NONE, fx->m.now_ms), CHOOSE_DO_SCAN);
	scan(fx);
	assert_false(shown(fx, "keys:"));          /* no picker drawn */
	assert_int_equal(choose_now(&fx->c, why), 0);
	r = choose_result(&fx->c);
	/* the stale e0.1 is left out (and named to /init: the list named it) */
	assert_int_equal(r->n, 1);
	assert_int_equal(r->m[0].slot, 0);
	assert_int_equal(r->n_readd, 1);
	assert_int_equal(r->readd_slot[0], 1);
	assert_true(shown(fx, "aoe: left out: e0.1 (stale)"));
	/* the list names the stale half alone: refused, with the reason */
	fx->cfg.list = "e0.1";
	start(fx);
	scan(fx);
	assert_int_not_equal(choose_now(&fx->c, why), 0);
	assert_non_null(strstr(why, "refused"));
}

/* No target: scan again at each countdown's end, until a key. */
static void test_choose_no_targets_rescan(void **state)
{
	struct fixture *fx = *state;

	fx->cfg.timeout_s = 1;
	start(fx);
	assert_int_equal(run(fx, 30000), CHOOSE_DO_WAIT);
	assert_true(fx->scans >= 3);
	assert_true(shown(fx, "aoe: no AoE targets answered; scanning again"));
	/* the servers come up */
	add_member(fx, 0, 0, "v12-clean-m0");
	add_member(fx, 0, 1, "v12-clean-m1");
	assert_int_equal(run(fx, 30000), CHOOSE_DO_BOOT);
	assert_int_equal(choose_result(&fx->c)->n, 2);
}

/* Targets without md: the caller's plain-disk fallback when allowed,
 * else the picker stays up. */
static void test_choose_plain(void **state)
{
	struct fixture *fx = *state;

	assert_non_null(mock_add_target(&fx->m, 1, 0, 16384));
	fx->cfg.plain_ok = true;
	start(fx);
	assert_int_equal(run(fx, 30000), CHOOSE_DO_NONE);
	assert_true(shown(fx, "aoe: no md array among the targets"));
	fx->cfg.plain_ok = false;
	fx->screen_len = 0;
	fx->screen[0] = '\0';
	start(fx);
	assert_int_equal(run(fx, 30000), CHOOSE_DO_WAIT);
	assert_true(shown(fx, "nothing acceptable"));
	/* a person takes the lone disk: a plain member */
	assert_int_equal(key(fx, '1'), CHOOSE_DO_WAIT);
	assert_int_equal(key(fx, AR_KEY_ENTER), CHOOSE_DO_BOOT);
	assert_false(choose_result(&fx->c)->has_md);
	assert_int_equal(choose_result(&fx->c)->n, 1);
}

/* A countdown, keys: a person's choice is saved, never delayed, and a
 * rescan key scans. VLAN: the arguments say aoe_vlan=. */
static void test_choose_keys_save_vlan(void **state)
{
	struct fixture *fx = *state;
	const struct choose_result *r;

	add_member(fx, 0, 0, "v12-clean-m0");
	add_member(fx, 0, 1, "v12-clean-m1");
	fx->cfg.timeout_s = 10;
	fx->cfg.save = true;
	fx->cfg.vid = 42;
	start(fx);
	assert_int_equal(run(fx, 3000), CHOOSE_DO_WAIT);
	assert_true(shown(fx, "booting in"));
	assert_int_equal(key(fx, 'r'), CHOOSE_DO_SCAN);
	scan(fx);
	assert_int_equal(fx->scans, 2);
	assert_int_equal(key(fx, '2'), CHOOSE_DO_WAIT);   /* e0.1 off */
	/* no countdown any more: a person is there */
	assert_int_equal(run(fx, 30000), CHOOSE_DO_WAIT);
	assert_int_equal(key(fx, AR_KEY_ENTER), CHOOSE_DO_BOOT);
	r = choose_result(&fx->c);
	assert_true(r->by_person);
	assert_true(r->save);
	assert_int_equal(r->sel.n_devs, 1);
	assert_int_equal(r->n, 1);
	assert_true(r->degraded);
	assert_false(shown(fx, "waiting for e0.1"));
	args_are(fx, "aoe_netdev=02:00:00:00:00:01 aoe_md_devs=e0.0 "
		 "aoe_md_uuid=6352ace0:72d7c5ef:3cd75369:8beb10bf aoe_vlan=42");
}

/* A saved half of a healthy mirror (a person chose it): the other member
 * answers, so nothing is missing: booted at once, no wait. */
static void test_choose_saved_subset_no_wait(void **state)
{
	struct fixture *fx = *state;
	static const uint8_t uuid[16] = { 0x63, 0x52, 0xac, 0xe0, 0x72, 0xd7, 0xc5, 0xef,
					  0x3c, 0xd7, 0x53, 0x69, 0x8b, 0xeb, 0x10, 0xbf };

	add_member(fx, 0, 0, "v12-clean-m0");
	add_member(fx, 0, 1, "v12-clean-m1");
	memcpy(fx->saved.netdev, fx->m.host_mac, 6);
	fx->saved.n_devs = 1;
	fx->saved.has_uuid = true;
	memcpy(fx->saved.uuid, uuid, 16);
	fx->cfg.def = CHOOSE_DEF_SAVED;
	fx->cfg.saved = &fx->saved;
	start(fx);
	assert_int_equal(run(fx, 30000), CHOOSE_DO_BOOT);
	assert_false(shown(fx, "waiting for"));
	assert_int_equal(fx->scans, 1);
	assert_int_equal(choose_result(&fx->c)->n, 1);
	assert_int_equal(choose_result(&fx->c)->source, PICKER_SRC_SAVED);
}

/* The saved selection with a member down: the same wait, then degraded. */
static void test_choose_saved_degraded(void **state)
{
	struct fixture *fx = *state;
	static const uint8_t uuid[16] = { 0x63, 0x52, 0xac, 0xe0, 0x72, 0xd7, 0xc5, 0xef,
					  0x3c, 0xd7, 0x53, 0x69, 0x8b, 0xeb, 0x10, 0xbf };

	add_member(fx, 0, 0, "v12-clean-m0");
	memcpy(fx->saved.netdev, fx->m.host_mac, 6);
	fx->saved.n_devs = 2;
	fx->saved.slot[1] = 1;
	fx->saved.has_uuid = true;
	memcpy(fx->saved.uuid, uuid, 16);
	fx->cfg.def = CHOOSE_DEF_SAVED;
	fx->cfg.saved = &fx->saved;
	fx->cfg.wait_ms = 2000;
	start(fx);
	assert_int_equal(run(fx, 60000), CHOOSE_DO_BOOT);
	assert_true(shown(fx, "aoe: waiting for e0.1 (missing)"));
	assert_true(shown(fx, "aoe: degraded: e0.1 missing"));
	assert_int_equal(choose_result(&fx->c)->source, PICKER_SRC_SAVED);
}

static void test_choose_target_from_disc(void **state)
{
	struct disc_target d;
	struct aread_target t;

	(void)state;
	memset(&d, 0, sizeof(d));
	assert_int_equal(choose_target_from_disc(&d, 1500, &t), AR_ENOENT);
	d.nmacs = 1;
	d.macs[0].mac[5] = 9;
	d.shelf = 3;
	d.slot = 4;
	d.max_sectors = 17;
	d.bufcnt = 64;
	assert_int_equal(choose_target_from_disc(&d, 9000, &t), AR_ERANGE);
	d.id.sectors = 100;
	assert_int_equal(choose_target_from_disc(&d, 9000, &t), 0);
	assert_int_equal(t.mac[5], 9);
	assert_int_equal(t.shelf, 3);
	assert_int_equal(t.slot, 4);
	assert_int_equal(t.max_sectors, 17);
	assert_int_equal(t.bufcnt, 64);
	assert_int_equal(t.mtu, 9000);
	assert_int_equal(t.sectors, 100);
	assert_int_equal(choose_target_from_disc(&d, 0, &t), 0);
	assert_int_equal(t.mtu, 1500);
	d.duplicate = true;
	assert_int_equal(choose_target_from_disc(&d, 1500, &t), AR_EDUP);
}

static void test_choose_wait_parse(void **state)
{
	uint32_t ms = 7;

	(void)state;
	assert_int_equal(choose_wait_parse("10", 2, &ms), 0);
	assert_int_equal(ms, 10000);
	assert_int_equal(choose_wait_parse("0", 1, &ms), 0);
	assert_int_equal(ms, 0);
	assert_int_equal(choose_wait_parse("86401", 5, &ms), AR_EINVAL);
	assert_int_equal(choose_wait_parse("-1", 2, &ms), AR_EINVAL);
	assert_int_equal(choose_wait_parse("", 0, &ms), AR_EINVAL);
	assert_int_equal(choose_wait_parse("1x", 2, &ms), AR_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_choose_want, setup, teardown),
		cmocka_unit_test_setup_teardown(test_choose_rootpath_healthy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_choose_degraded_after_wait, setup, teardown),
		cmocka_unit_test_setup_teardown(test_choose_member_returns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_choose_no_degraded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_choose_enter_during_wait, setup, teardown),
		cmocka_unit_test_setup_teardown(test_choose_only_array_degraded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_choose_stale_no_wait, setup, teardown),
		cmocka_unit_test_setup_teardown(test_choose_stale_list_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_choose_split_brain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_choose_now_scripted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_choose_no_targets_rescan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_choose_plain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_choose_keys_save_vlan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_choose_saved_degraded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_choose_saved_subset_no_wait, setup, teardown),
		cmocka_unit_test(test_choose_target_from_disc),
		cmocka_unit_test(test_choose_wait_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
