/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_mdsel.c - md member choice, table-driven: each row is a scene of
 * listed members and other visible targets, with what must be chosen (in
 * add order), why each other member is left out, and the verdict.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "mdsel.h"
#include "err.h"
#include "mdfix.h"

/* Table rows name only the fields that matter; the rest are zero. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

enum { A = 1, B = 2 }; /* array uuids */
enum { MAXM = 4 };

/* One member: state, array, events, own slot, slots active in its table. */
struct m_spec {
	const char *name;
	uint8_t state;        /* enum mdsel_state */
	int dup;
	int array;            /* A or B */
	unsigned version;     /* 0: 1.2 */
	uint64_t events;
	uint32_t role;
	uint64_t slots;       /* bitmap of slots active as it sees them */
};

#define SB MDSEL_ST_SB
#define MISS MDSEL_ST_MISSING
#define NOSB MDSEL_ST_NO_SB
#define X(n) MDSEL_X_##n

struct row {
	const char *what;
	struct m_spec l[MAXM];
	struct m_spec o[MAXM];
	int pin;              /* 0 none, else array */
	const char *prefer;
	int ret;
	uint8_t verdict;
	uint8_t refuse;
	const char *order;    /* chosen names in add order, space separated */
	uint8_t excl[MAXM];   /* per listed member */
	const char *msg;      /* substring of mdsel_explain() */
};

static const struct row rows[] = {
	{ "healthy pair: reference (equal events, first listed) added last",
	  { { "e0.0", SB, 0, A, 0, 10, 0, 3 }, { "e0.1", SB, 0, A, 0, 10, 1, 3 } }, {}, 0, NULL,
	  0, MDSEL_OK, 0, "e0.1 e0.0", { X(NONE), X(NONE) }, "ok: assembling e0.1 e0.0, reference e0.0 (events 10)" },
	{ "healthy, events within one: freshest is the reference",
	  { { "e0.0", SB, 0, A, 0, 10, 0, 3 }, { "e0.1", SB, 0, A, 0, 11, 1, 3 } }, {}, 0, NULL,
	  0, MDSEL_OK, 0, "e0.0 e0.1", { X(NONE), X(NONE) }, "reference e0.1 (events 11)" },
	{ "one missing",
	  { { "e0.0", MISS }, { "e0.1", SB, 0, A, 0, 10, 1, 3 } }, {}, 0, NULL,
	  0, MDSEL_DEGRADED, 0, "e0.1", { X(MISSING), X(NONE) }, "degraded: assembling e0.1, reference e0.1 (events 10); left out: e0.0 (missing)" },
	{ "one without superblock",
	  { { "e0.0", SB, 0, A, 0, 10, 0, 3 }, { "e0.1", NOSB } }, {}, 0, NULL,
	  0, MDSEL_DEGRADED, 0, "e0.0", { X(NONE), X(NO_SB) }, "e0.1 (no md superblock)" },
	{ "stale: behind, and the fresh one marks it failed",
	  { { "e0.0", SB, 0, A, 0, 20, 0, 1 }, { "e0.1", SB, 0, A, 0, 12, 1, 3 } }, {}, 0, NULL,
	  0, MDSEL_DEGRADED, 0, "e0.0", { X(NONE), X(STALE) }, "left out: e0.1 (stale)" },
	{ "stale by one event, marked failed by the reference",
	  { { "e0.0", SB, 0, A, 0, 20, 0, 1 }, { "e0.1", SB, 0, A, 0, 19, 1, 3 } }, {}, 0, NULL,
	  0, MDSEL_DEGRADED, 0, "e0.0", { X(NONE), X(STALE) }, NULL },
	{ "stale: too far behind although the table shows it active",
	  { { "e0.0", SB, 0, A, 0, 20, 0, 3 }, { "e0.1", SB, 0, A, 0, 18, 1, 3 } }, {}, 0, NULL,
	  0, MDSEL_DEGRADED, 0, "e0.0", { X(NONE), X(STALE) }, NULL },
	{ "split brain, equal events: refused",
	  { { "e0.0", SB, 0, A, 0, 30, 0, 1 }, { "e0.1", SB, 0, A, 0, 30, 1, 2 } }, {}, 0, NULL,
	  AR_ESPLIT, MDSEL_REFUSE, MDSEL_R_SPLIT_BRAIN, "", { X(NONE), X(SPLIT) },
	  "refused: split brain: e0.1 (events 30) reports e0.0 (events 30) as failed: both halves ran alone; choose a side with aoe_md_prefer=e0.0 or aoe_md_prefer=e0.1" },
	{ "split brain, different events: refused",
	  { { "e0.0", SB, 0, A, 0, 90, 0, 1 }, { "e0.1", SB, 0, A, 0, 31, 1, 2 } }, {}, 0, NULL,
	  AR_ESPLIT, MDSEL_REFUSE, MDSEL_R_SPLIT_BRAIN, "", { X(NONE), X(SPLIT) }, NULL },
	{ "split brain with prefer: the preferred side alone",
	  { { "e0.0", SB, 0, A, 0, 90, 0, 1 }, { "e0.1", SB, 0, A, 0, 31, 1, 2 } }, {}, 0, "e0.1",
	  0, MDSEL_DEGRADED, 0, "e0.1", { X(SPLIT), X(NONE) }, "left out: e0.0 (split brain" },
	{ "split brain with prefer of the fresher side",
	  { { "e0.0", SB, 0, A, 0, 90, 0, 1 }, { "e0.1", SB, 0, A, 0, 31, 1, 2 } }, {}, 0, "e0.0",
	  0, MDSEL_DEGRADED, 0, "e0.0", { X(NONE), X(SPLIT) }, NULL },
	{ "prefer the stale member: the fresher one is left out",
	  { { "e0.0", SB, 0, A, 0, 20, 0, 1 }, { "e0.1", SB, 0, A, 0, 12, 1, 3 } }, {}, 0, "e0.1",
	  0, MDSEL_DEGRADED, 0, "e0.1", { X(NOT_PREFERRED), X(NONE) }, NULL },
	{ "prefer in a healthy pair only sets the reference",
	  { { "e0.0", SB, 0, A, 0, 10, 0, 3 }, { "e0.1", SB, 0, A, 0, 10, 1, 3 } }, {}, 0, "e0.1",
	  0, MDSEL_OK, 0, "e0.0 e0.1", { X(NONE), X(NONE) }, NULL },
	{ "prefer names an unlisted target",
	  { { "e0.0", SB, 0, A, 0, 10, 0, 3 }, { "e0.1", SB, 0, A, 0, 10, 1, 3 } }, {}, 0, "e9.9",
	  AR_EPERM, MDSEL_REFUSE, MDSEL_R_BAD_PREFER, "", { X(NONE), X(NONE) }, NULL },
	{ "prefer names a missing member",
	  { { "e0.0", MISS }, { "e0.1", SB, 0, A, 0, 10, 1, 3 } }, {}, 0, "e0.0",
	  AR_EPERM, MDSEL_REFUSE, MDSEL_R_BAD_PREFER, "", { X(MISSING), X(NONE) },
	  "refused: aoe_md_prefer names no usable listed member: e0.0 (missing)" },
	{ "uuid pin matches",
	  { { "e0.0", SB, 0, A, 0, 10, 0, 3 }, { "e0.1", SB, 0, A, 0, 10, 1, 3 } }, {}, A, NULL,
	  0, MDSEL_OK, 0, "e0.1 e0.0", { X(NONE), X(NONE) }, NULL },
	{ "uuid pin mismatch: refused",
	  { { "e0.0", SB, 0, A, 0, 10, 0, 3 }, { "e0.1", SB, 0, A, 0, 10, 1, 3 } }, {}, B, NULL,
	  AR_EPERM, MDSEL_REFUSE, MDSEL_R_UUID_MISMATCH, "", { X(OTHER_ARRAY), X(OTHER_ARRAY) },
	  "check aoe_md_uuid=; e0.0 is in 0a0a0a0a:" },
	{ "uuid pin picks one array out of a mixed list",
	  { { "e0.0", SB, 0, B, 0, 10, 0, 3 }, { "e0.1", SB, 0, A, 0, 10, 1, 3 } }, {}, A, NULL,
	  0, MDSEL_DEGRADED, 0, "e0.1", { X(OTHER_ARRAY), X(NONE) }, "e0.0 (member of another array)" },
	{ "different arrays, no pin: refused",
	  { { "e0.0", SB, 0, A, 0, 10, 0, 3 }, { "e0.1", SB, 0, B, 0, 10, 1, 3 } }, {}, 0, NULL,
	  AR_EPERM, MDSEL_REFUSE, MDSEL_R_MIXED_ARRAYS, "", { X(NONE), X(NONE) }, "set aoe_md_uuid= or aoe_md_prefer=" },
	{ "different arrays, prefer decides",
	  { { "e0.0", SB, 0, A, 0, 10, 0, 3 }, { "e0.1", SB, 0, B, 0, 10, 1, 3 } }, {}, 0, "e0.1",
	  0, MDSEL_DEGRADED, 0, "e0.1", { X(OTHER_ARRAY), X(NONE) }, NULL },
	{ "fresher unlisted member visible: refused",
	  { { "e0.1", SB, 0, A, 0, 12, 1, 3 } }, { { "e0.0", SB, 0, A, 0, 20, 0, 1 } }, 0, NULL,
	  AR_ESTALE, MDSEL_REFUSE, MDSEL_R_FRESHER_UNLISTED, "", { X(NONE) },
	  "e0.0 (events 20), not listed, is fresher than e0.1 (events 12)" },
	{ "fresher unlisted member, prefer insists",
	  { { "e0.1", SB, 0, A, 0, 12, 1, 3 } }, { { "e0.0", SB, 0, A, 0, 20, 0, 1 } }, 0, "e0.1",
	  0, MDSEL_OK, 0, "e0.1", { X(NONE) }, NULL },
	{ "unlisted other half of a split brain (fewer events): refused",
	  { { "e0.0", SB, 0, A, 0, 20, 0, 1 } }, { { "e0.1", SB, 0, A, 0, 15, 1, 2 } }, 0, NULL,
	  AR_ESPLIT, MDSEL_REFUSE, MDSEL_R_SPLIT_BRAIN, "", { X(NONE) },
	  "e0.1 (events 15), not listed, reports e0.0 (events 20) as failed: both halves ran alone; boot this half anyway with aoe_md_prefer=e0.0" },
	{ "unlisted member of the array, not fresher: fine",
	  { { "e0.0", SB, 0, A, 0, 20, 0, 3 } }, { { "e0.1", SB, 0, A, 0, 20, 1, 3 }, { "e5.5", NOSB } }, 0, NULL,
	  0, MDSEL_OK, 0, "e0.0", { X(NONE) }, NULL },
	{ "fresher member of another array is irrelevant",
	  { { "e0.0", SB, 0, A, 0, 20, 0, 3 } }, { { "e1.0", SB, 0, B, 0, 99, 0, 3 } }, 0, NULL,
	  0, MDSEL_OK, 0, "e0.0", { X(NONE) }, NULL },
	{ "0.90 and 1.2 members of the same uuid: ordinary choice",
	  { { "e0.0", SB, 0, A, MDSB_V090, 10, 0, 3 }, { "e0.1", SB, 0, A, 0, 10, 1, 3 } }, {}, 0, NULL,
	  0, MDSEL_OK, 0, "e0.1 e0.0", { X(NONE), X(NONE) }, NULL },
	{ "0.90 array next to a 1.2 array: different arrays",
	  { { "e0.0", SB, 0, A, MDSB_V090, 10, 0, 3 }, { "e0.1", SB, 0, B, 0, 10, 1, 3 } }, {}, 0, NULL,
	  AR_EPERM, MDSEL_REFUSE, MDSEL_R_MIXED_ARRAYS, "", { X(NONE), X(NONE) }, NULL },
	{ "impostor on a listed member: refused",
	  { { "e0.0", SB, 1, A, 0, 10, 0, 3 }, { "e0.1", SB, 0, A, 0, 10, 1, 3 } }, {}, 0, NULL,
	  AR_EDUP, MDSEL_REFUSE, MDSEL_R_DUPLICATE, "", { X(DUPLICATE), X(NONE) },
	  "refused: a member is answered by several devices: e0.0 (an impostor on its shelf.slot?); pin the right MAC with aoe_md_devs=e0.0@MAC" },
	{ "impostor on an unlisted target does not matter",
	  { { "e0.0", SB, 0, A, 0, 10, 0, 3 }, { "e0.1", SB, 0, A, 0, 10, 1, 3 } },
	  { { "e7.7", NOSB, 1 } }, 0, NULL,
	  0, MDSEL_OK, 0, "e0.1 e0.0", { X(NONE), X(NONE) }, NULL },
	{ "nothing usable",
	  { { "e0.0", MISS }, { "e0.1", NOSB } }, {}, 0, NULL,
	  AR_ENOENT, MDSEL_REFUSE, MDSEL_R_NO_MEMBER, "", { X(MISSING), X(NO_SB) },
	  "refused: no usable member: e0.0 (missing), e0.1 (no md superblock)" },
	{ "listed twice",
	  { { "e0.0", SB, 0, A, 0, 10, 0, 3 }, { "e0.0", SB, 0, A, 0, 10, 0, 3 } }, {}, 0, NULL,
	  0, MDSEL_DEGRADED, 0, "e0.0", { X(NONE), X(LISTED_TWICE) }, NULL },
	{ "spare member is not a data member",
	  { { "e0.0", SB, 0, A, 0, 10, 0, 3 }, { "e0.2", SB, 0, A, 0, 10, MDSB_ROLE_SPARE, 3 } }, {}, 0, NULL,
	  0, MDSEL_DEGRADED, 0, "e0.0", { X(NONE), X(NOT_ACTIVE) }, NULL },
	{ "two members claim one slot: the fresher keeps it",
	  { { "e0.0", SB, 0, A, 0, 10, 0, 7 }, { "e0.1", SB, 0, A, 0, 9, 1, 7 }, { "e0.2", SB, 0, A, 0, 10, 1, 7 } }, {}, 0, NULL,
	  0, MDSEL_DEGRADED, 0, "e0.2 e0.0", { X(NONE), X(SAME_SLOT), X(NONE) }, NULL },
	{ "three-way mirror, one stale",
	  { { "e0.0", SB, 0, A, 0, 10, 0, 7 }, { "e0.1", SB, 0, A, 0, 10, 1, 7 }, { "e0.2", SB, 0, A, 0, 5, 2, 7 } }, {}, 0, NULL,
	  0, MDSEL_DEGRADED, 0, "e0.1 e0.0", { X(NONE), X(NONE), X(STALE) }, NULL },
};

struct scene {
	struct mdsb_info li[MAXM], oi[MAXM];
	struct mdsel_member l[MAXM], o[MAXM];
	size_t nl, no;
};

static void fill(const struct m_spec *s, struct mdsb_info *md, struct mdsel_member *m)
{
	memset(md, 0, sizeof *md);
	memset(md->uuid, s->array * 10, 16);
	md->version = s->version ? s->version : MDSB_V12;
	md->level = 1;
	md->raid_disks = 3;
	md->events = s->events;
	md->role = s->role;
	md->slots_active = s->slots;
	m->name = s->name;
	m->state = s->state;
	m->duplicate = s->dup;
	m->md = s->state == SB ? md : NULL;
}

static void scene_make(struct scene *sc, const struct row *r)
{
	memset(sc, 0, sizeof *sc);
	for (; sc->nl < MAXM && r->l[sc->nl].name; sc->nl++)
		fill(&r->l[sc->nl], &sc->li[sc->nl], &sc->l[sc->nl]);
	for (; sc->no < MAXM && r->o[sc->no].name; sc->no++)
		fill(&r->o[sc->no], &sc->oi[sc->no], &sc->o[sc->no]);
}

static void order_str(const struct mdsel_result *res, const struct mdsel_member *l,
                      char *buf, size_t cap)
{
	buf[0] = '\0';
	for (size_t i = 0; i < res->n_chosen; i++) {
		if (i)
			strncat(buf, " ", cap - strlen(buf) - 1);
		strncat(buf, l[res->order[i]].name, cap - strlen(buf) - 1);
	}
}

static void test_mdsel_choose_table(void **state)
{
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct row *r = &rows[i];
		struct scene sc;
		struct mdsel_result res;
		uint8_t pin[16];
		struct mdsel_opts o = { r->pin ? pin : NULL, r->prefer };
		char order[128], msg[512];
		int ret, mlen;

		memset(pin, r->pin * 10, 16);
		scene_make(&sc, r);
		ret = mdsel_choose(sc.l, sc.nl, sc.o, sc.no, &o, &res);
		order_str(&res, sc.l, order, sizeof order);
		mlen = mdsel_explain(&res, sc.l, sc.nl, sc.o, sc.no, msg, sizeof msg);
		print_message("row %zu: %s\n   -> %s\n", i, r->what, msg);
		assert_true(mlen > 0);
		assert_int_equal(ret, r->ret);
		assert_int_equal(res.verdict, r->verdict);
		assert_int_equal(res.refuse, r->refuse);
		assert_string_equal(order, r->order);
		for (size_t k = 0; k < sc.nl; k++) {
			char line[256];

			assert_int_equal(res.excl[k], r->excl[k]);
			assert_true(mdsel_explain_member(&res, sc.l, sc.nl, k, line, sizeof line) > 0);
			print_message("   %s\n", line);
		}
		if (r->msg && !strstr(msg, r->msg))
			fail_msg("row %zu: message \"%s\" lacks \"%s\"", i, msg, r->msg);
	}
}

/* Auto choice: the picker's "auto-detected array" from everything found. */
struct auto_row {
	const char *what;
	struct m_spec t[MAXM];
	int ret;
	uint8_t refuse;
	const char *order;
};

static const struct auto_row auto_rows[] = {
	{ "one healthy array among plain disks",
	  { { "e0.0", SB, 0, A, 0, 10, 0, 3 }, { "e1.0", NOSB }, { "e0.1", SB, 0, A, 0, 10, 1, 3 } },
	  0, 0, "e0.1 e0.0" },
	{ "one array, one stale member: fresh members only",
	  { { "e0.0", SB, 0, A, 0, 9, 0, 3 }, { "e0.1", SB, 0, A, 0, 20, 1, 2 } },
	  0, 0, "e0.1" },
	{ "two arrays: ambiguous",
	  { { "e0.0", SB, 0, A, 0, 10, 0, 3 }, { "e1.0", SB, 0, B, 0, 10, 0, 3 } },
	  AR_EPERM, MDSEL_R_AMBIGUOUS, "" },
	{ "split brain: none",
	  { { "e0.0", SB, 0, A, 0, 30, 0, 1 }, { "e0.1", SB, 0, A, 0, 30, 1, 2 } },
	  AR_ESPLIT, MDSEL_R_SPLIT_BRAIN, "" },
	{ "impostor on a member: none",
	  { { "e0.0", SB, 1, A, 0, 10, 0, 3 }, { "e0.1", SB, 0, A, 0, 10, 1, 3 } },
	  AR_EDUP, MDSEL_R_DUPLICATE, "" },
	{ "no md at all",
	  { { "e0.0", NOSB }, { "e0.1", NOSB, 1 } },
	  AR_ENOENT, MDSEL_R_NO_MEMBER, "" },
};

static void test_mdsel_auto_table(void **state)
{
	for (size_t i = 0; i < sizeof auto_rows / sizeof auto_rows[0]; i++) {
		const struct auto_row *r = &auto_rows[i];
		struct row tmp = { 0 };
		struct scene sc;
		struct mdsel_result res;
		char order[128];
		int ret;

		memcpy(tmp.l, r->t, sizeof r->t);
		scene_make(&sc, &tmp);
		ret = mdsel_auto(sc.l, sc.nl, &res);
		order_str(&res, sc.l, order, sizeof order);
		print_message("row %zu: %s -> %d %s [%s]\n", i, r->what, ret,
		              mdsel_refuse_str(res.refuse), order);
		assert_int_equal(ret, r->ret);
		assert_int_equal(res.refuse, r->refuse);
		if (i == 0) /* the plain disk is not "degraded" */
			assert_int_equal(res.verdict, MDSEL_OK);
		assert_string_equal(order, r->order);
		if (ret)
			assert_int_equal(res.n_chosen, 0);
	}
}

static void test_mdsel_bad_args(void **state)
{
	struct mdsel_result res;
	struct mdsel_member m[MDSEL_MAX_MEMBERS + 1];
	char small[8];

	memset(m, 0, sizeof m);
	assert_int_equal(mdsel_choose(NULL, 0, NULL, 0, NULL, NULL), AR_EINVAL);
	assert_int_equal(mdsel_choose(NULL, 1, NULL, 0, NULL, &res), AR_EINVAL);
	assert_int_equal(mdsel_choose(m, MDSEL_MAX_MEMBERS + 1, NULL, 0, NULL, &res), AR_EINVAL);
	assert_int_equal(mdsel_choose(NULL, 0, NULL, 0, NULL, &res), AR_ENOENT);
	assert_int_equal(res.refuse, MDSEL_R_NO_MEMBER);
	assert_int_equal(mdsel_auto(m, MDSEL_MAX_MEMBERS + 1, &res), AR_EINVAL);
	/* A too small message buffer is reported, and still terminated. */
	assert_int_equal(mdsel_explain(&res, NULL, 0, NULL, 0, small, sizeof small), AR_ENOSPC);
	assert_int_equal(strlen(small), sizeof small - 1);
	assert_int_equal(mdsel_explain_member(&res, m, 1, 1, small, sizeof small), AR_EINVAL);
	assert_string_equal(mdsel_verdict_str(MDSEL_DEGRADED), "degraded");
	assert_string_equal(mdsel_excl_str(MDSEL_X_STALE), "stale");
	assert_string_equal(mdsel_excl_str(200), "?");
}

/*
 * The same rules on real superblocks made by mdadm and the kernel
 * (tests/data/md: index.txt and scenarios.txt, see README-scenarios).
 */
struct real_row {
	const char *what;
	const char *listed[3];   /* fixture names; "e0.N" is the Nth */
	const char *others[2];
	const char *prefer;      /* "e0.N" */
	int ret;
	uint8_t verdict;
	uint8_t refuse;
	const char *order;
	uint8_t excl[3];
};

static const struct real_row real_rows[] = {
	{ "healthy 1.2 pair", { "v12-clean-m0", "v12-clean-m1" }, {}, NULL,
	  0, MDSEL_OK, 0, "e0.1 e0.0", { X(NONE), X(NONE) } },
	{ "healthy 0.90 pair", { "v090-clean-m0", "v090-clean-m1" }, {}, NULL,
	  0, MDSEL_OK, 0, "e0.1 e0.0", { X(NONE), X(NONE) } },
	{ "healthy 1.0 pair", { "v10-clean-m1", "v10-clean-m0" }, {}, NULL,
	  0, MDSEL_OK, 0, "e0.1 e0.0", { X(NONE), X(NONE) } },
	{ "mdadm --fail: m1 stale", { "v12-failed-m0", "v12-failed-m1" }, {}, NULL,
	  0, MDSEL_DEGRADED, 0, "e0.0", { X(NONE), X(STALE) } },
	{ "only the failed member listed, fresh one visible", { "v12-failed-m1" }, { "v12-failed-m0" }, NULL,
	  AR_ESTALE, MDSEL_REFUSE, MDSEL_R_FRESHER_UNLISTED, "", { X(NONE) } },
	{ "spare is not a data member", { "v12-spare-m0", "v12-spare-m1", "v12-spare-m2" }, {}, NULL,
	  0, MDSEL_DEGRADED, 0, "e0.1 e0.0", { X(NONE), X(NONE), X(NOT_ACTIVE) } },
	{ "members of two arrays", { "v12-clean-m0", "v11-bitmap-m1" }, {}, NULL,
	  AR_EPERM, MDSEL_REFUSE, MDSEL_R_MIXED_ARRAYS, "", { X(NONE), X(NONE) } },
	{ "0.90 member next to a 1.2 member", { "v090-clean-m0", "v12-clean-m1" }, {}, NULL,
	  AR_EPERM, MDSEL_REFUSE, MDSEL_R_MIXED_ARRAYS, "", { X(NONE), X(NONE) } },
	{ "split brain, equal events (mdadm would silently take m0)", { "sc-split-m0", "sc-split-m1" }, {}, NULL,
	  AR_ESPLIT, MDSEL_REFUSE, MDSEL_R_SPLIT_BRAIN, "", { X(NONE), X(SPLIT) } },
	{ "split brain, prefer m1", { "sc-split-m0", "sc-split-m1" }, {}, "e0.1",
	  0, MDSEL_DEGRADED, 0, "e0.1", { X(SPLIT), X(NONE) } },
	{ "split brain, different events", { "sc-splitb-m1", "sc-splitb-m0" }, {}, NULL,
	  AR_ESPLIT, MDSEL_REFUSE, MDSEL_R_SPLIT_BRAIN, "", { X(SPLIT), X(NONE) } },
	{ "split brain, prefer the side with fewer events", { "sc-splitb-m0", "sc-splitb-m1" }, {}, "e0.1",
	  0, MDSEL_DEGRADED, 0, "e0.1", { X(SPLIT), X(NONE) } },
	{ "split brain, one half listed, the other visible and fresher", { "sc-splitb-m1" }, { "sc-splitb-m0" }, NULL,
	  AR_ESTALE, MDSEL_REFUSE, MDSEL_R_FRESHER_UNLISTED, "", { X(NONE) } },
	{ "split brain, one half listed, the other visible with equal events", { "sc-split-m1" }, { "sc-split-m0" }, NULL,
	  AR_ESPLIT, MDSEL_REFUSE, MDSEL_R_SPLIT_BRAIN, "", { X(NONE) } },
	{ "split brain, the half with fewer events listed, prefer insists", { "sc-splitb-m1" }, { "sc-splitb-m0" }, "e0.0",
	  0, MDSEL_OK, 0, "e0.0", { X(NONE) } },
	{ "split brain, the fresher half listed, the other visible", { "sc-splitb-m0" }, { "sc-splitb-m1" }, NULL,
	  AR_ESPLIT, MDSEL_REFUSE, MDSEL_R_SPLIT_BRAIN, "", { X(NONE) } },
	{ "stale member visible, unlisted: fine", { "sc-stale-m0" }, { "sc-stale-m1" }, NULL,
	  0, MDSEL_OK, 0, "e0.0", { X(NONE) } },
	{ "stale after a degraded boot", { "sc-stale-m1", "sc-stale-m0" }, {}, NULL,
	  0, MDSEL_DEGRADED, 0, "e0.1", { X(STALE), X(NONE) } },
};

static struct mdfix rfx[MDFIX_MAX];

static void test_mdsel_real(void **state)
{
	size_t n = mdfix_load(rfx, MDFIX_MAX, "index.txt");

	n += mdfix_load(rfx + n, MDFIX_MAX - n, "scenarios.txt");
	if (n < 19)
		fail_msg("tests/data/md: only %zu members loaded", n);
	for (size_t r = 0; r < sizeof real_rows / sizeof real_rows[0]; r++) {
		const struct real_row *row = &real_rows[r];
		static const char *names[] = { "e0.0", "e0.1", "e0.2" }, *onames[] = { "e1.0", "e1.1" };
		struct mdsb_info li[3], oi[2];
		struct mdsel_member l[3], o[2];
		size_t nl = 0, no = 0;
		struct mdsel_opts opts = { NULL, row->prefer };
		struct mdsel_result res;
		char order[64], msg[512];
		int ret;

		for (; nl < 3 && row->listed[nl]; nl++) {
			struct mdfix *x = mdfix_find(rfx, n, row->listed[nl]);

			assert_non_null(x);
			assert_int_equal(mdfix_probe(x, &li[nl]), 0);
			l[nl] = (struct mdsel_member){ names[nl], MDSEL_ST_SB, false, &li[nl] };
		}
		for (; no < 2 && row->others[no]; no++) {
			struct mdfix *x = mdfix_find(rfx, n, row->others[no]);

			assert_non_null(x);
			assert_int_equal(mdfix_probe(x, &oi[no]), 0);
			o[no] = (struct mdsel_member){ onames[no], MDSEL_ST_SB, false, &oi[no] };
		}
		ret = mdsel_choose(l, nl, o, no, &opts, &res);
		order_str(&res, l, order, sizeof order);
		mdsel_explain(&res, l, nl, o, no, msg, sizeof msg);
		print_message("real %zu: %s\n   -> %s\n", r, row->what, msg);
		assert_int_equal(ret, row->ret);
		assert_int_equal(res.verdict, row->verdict);
		assert_int_equal(res.refuse, row->refuse);
		assert_string_equal(order, row->order);
		for (size_t k = 0; k < nl; k++)
			assert_int_equal(res.excl[k], row->excl[k]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mdsel_choose_table),
		cmocka_unit_test(test_mdsel_auto_table),
		cmocka_unit_test(test_mdsel_bad_args),
		cmocka_unit_test(test_mdsel_real),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
