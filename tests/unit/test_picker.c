/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests of common/picker.c: auto choice, saved selection, keys,
 * countdown, warnings, rows and the kernel arguments. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "picker.h"
#include "disc.h"
#include "selection.h"
#include "platform.h"
#include "err.h"

static const uint8_t NIC[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const uint8_t UUID_A[16] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
				    0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00 };
static const uint8_t UUID_B[16] = { 0xde, 0xad, 0xbe, 0xef };

static struct picker_target tab[16];
static struct picker pk;

static void tgt(size_t i, uint16_t shelf, uint8_t slot, const uint8_t *uuid, uint64_t events)
{
	struct picker_target *t = &tab[i];

	memset(t, 0, sizeof(*t));
	t->shelf = shelf;
	t->slot = slot;
	t->sectors = 2048 * 64;
	strcpy(t->model, "vblade");
	if (uuid) {
		t->has_md = true;
		t->md.version = MDSB_V12;
		t->md.level = 1;
		t->md.raid_disks = 8;
		t->md.slots_active = 0xff;
		memcpy(t->md.uuid, uuid, 16);
		strcpy(t->md.name, "lab:root");
		t->md.events = events;
		t->md.role = (uint32_t)i;
		t->md.dev_number = (uint32_t)i;
	}
}

/* n targets already written into tab[]. */
static void load(size_t n)
{
	picker_init(&pk, tab, 16, NIC);
	assert_int_equal(picker_set_targets(&pk, n), 0);
}

static void args_are(const char *want)
{
	char buf[PICKER_ARGS_MAX];

	assert_int_equal(picker_args(&pk, buf, sizeof(buf)), 0);
	assert_string_equal(buf, want);
}

static void mirror2(void)
{
	tgt(0, 0, 0, UUID_A, 10);
	tgt(1, 1, 0, UUID_A, 10);
	load(2);
}

static void test_picker_auto_mirror(void **state)
{
	mirror2();
	assert_int_equal(picker_select_auto(&pk), 0);
	assert_int_equal(picker_source(&pk), PICKER_SRC_AUTO);
	assert_int_equal(picker_warnings(&pk), 0);
	/* ascending shelf.slot whatever the scan order */
	args_are("aoe_netdev=52:54:00:12:34:56 aoe_md_devs=e0.0,e1.0 "
		 "aoe_md_uuid=11223344:55667788:99aabbcc:ddeeff00");
}

static void test_picker_auto_skips_stale(void **state)
{
	tgt(0, 0, 0, UUID_A, 20);
	tgt(1, 1, 0, UUID_A, 17);    /* stale: more than one event behind */
	tgt(2, 2, 0, UUID_A, 19);    /* one behind: still fresh */
	tgt(3, 3, 0, NULL, 0);       /* no md: ignored */
	load(4);
	assert_true(tab[1].stale);
	assert_false(tab[2].stale);
	assert_int_equal(picker_select_auto(&pk), 0);
	args_are("aoe_netdev=52:54:00:12:34:56 aoe_md_devs=e0.0,e2.0 "
		 "aoe_md_uuid=11223344:55667788:99aabbcc:ddeeff00");
}

static void test_picker_auto_refuses_dup_and_split(void **state)
{
	/* an impostor answering for a member: no automatic choice at all */
	mirror2();
	tab[1].duplicate = true;
	assert_int_equal(picker_select_auto(&pk), AR_ENOENT);
	assert_true(picker_warnings(&pk) & PICKER_W_AMBIGUOUS);
	assert_false(tab[0].selected);
	/* ... also when the impostor answered first and shows no superblock
	 * but the member's superblock is behind its other device */
	mirror2();
	tab[1].duplicate = true;
	tab[1].has_md = false;
	tab[1].n_dup_md = 1;
	memcpy(tab[1].dup_md_uuid[0], UUID_A, 16);
	assert_int_equal(picker_select_auto(&pk), AR_ENOENT);
	assert_true(picker_warnings(&pk) & PICKER_W_DUP_MEMBER);
	/* ... and when a device behind it could not be read */
	mirror2();
	tab[1].duplicate = true;
	tab[1].has_md = false;
	tab[1].dup_md_unknown = true;
	assert_int_equal(picker_select_auto(&pk), AR_ENOENT);
	/* split brain: each half reports the other failed */
	mirror2();
	tab[0].md.slots_active = 1u << 0;
	tab[1].md.slots_active = 1u << 1;
	assert_int_equal(picker_select_auto(&pk), AR_ENOENT);
}

static void test_picker_auto_ambiguous(void **state)
{
	char buf[PICKER_ARGS_MAX];

	tgt(0, 0, 0, UUID_A, 5);
	tgt(1, 1, 0, UUID_B, 5);
	load(2);
	assert_int_equal(picker_select_auto(&pk), AR_ENOENT);
	assert_true(picker_warnings(&pk) & PICKER_W_AMBIGUOUS);
	assert_true(picker_warnings(&pk) & PICKER_W_EMPTY);
	assert_int_equal(picker_args(&pk, buf, sizeof(buf)), AR_EINVAL);
	/* no md at all: nothing automatic either */
	tgt(0, 0, 0, NULL, 0);
	load(1);
	assert_int_equal(picker_select_auto(&pk), AR_ENOENT);
	/* nothing found */
	load(0);
	assert_int_equal(picker_select_auto(&pk), AR_ENOENT);
	assert_true(picker_warnings(&pk) & PICKER_W_NO_TARGETS);
}

static struct selection saved(const char *text)
{
	struct selection s;

	assert_int_equal(selection_parse(text, strlen(text), &s), 0);
	return s;
}

static void test_picker_saved(void **state)
{
	struct selection s;

	mirror2();
	s = saved("v1 netdev=52:54:00:12:34:56 devs=e0.0,e1.0 uuid=11223344:55667788:99aabbcc:ddeeff00");
	assert_int_equal(picker_select_saved(&pk, &s), 0);
	assert_int_equal(picker_source(&pk), PICKER_SRC_SAVED);
	/* a saved subset is fine while the rest is not fresher */
	s = saved("v1 netdev=52:54:00:12:34:56 devs=e1.0 uuid=11223344:55667788:99aabbcc:ddeeff00");
	assert_int_equal(picker_select_saved(&pk, &s), 0);
	args_are("aoe_netdev=52:54:00:12:34:56 aoe_md_devs=e1.0 "
		 "aoe_md_uuid=11223344:55667788:99aabbcc:ddeeff00");
	/* ... but never while a fresher member of the array is visible */
	tab[0].md.events = 11; /* e0.0 */
	assert_int_equal(picker_set_targets(&pk, 2), 0);
	assert_int_equal(picker_select_saved(&pk, &s), AR_ESTALE);
	assert_int_equal(picker_source(&pk), PICKER_SRC_NONE);
	assert_true(picker_warnings(&pk) & PICKER_W_SAVED_IGNORED);
}

static void test_picker_saved_refused(void **state)
{
	static const struct {
		const char *text;
		int err;
	} rows[] = {
		{ "v1 netdev=52:54:00:12:34:56 devs=e0.0,e7.0 uuid=11223344:55667788:99aabbcc:ddeeff00", AR_ENOENT },
		{ "v1 netdev=52:54:00:12:34:57 devs=e0.0 uuid=11223344:55667788:99aabbcc:ddeeff00", AR_ENOENT },
		{ "v1 netdev=52:54:00:12:34:56 devs=e0.0 uuid=deadbeef:00000000:00000000:00000000", AR_EINVAL },
		{ "v1 netdev=52:54:00:12:34:56 devs=e0.0", AR_EINVAL },
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct selection s = saved(rows[i].text);

		mirror2();
		if (picker_select_saved(&pk, &s) != rows[i].err)
			fail_msg("row %zu: %s", i, rows[i].text);
	}
	/* a duplicate member is never taken from the saved selection */
	mirror2();
	tab[1].duplicate = true;
	{
		struct selection s = saved("v1 netdev=52:54:00:12:34:56 devs=e0.0,e1.0 uuid=11223344:55667788:99aabbcc:ddeeff00");

		assert_int_equal(picker_select_saved(&pk, &s), AR_EDUP);
		assert_true(picker_warnings(&pk) & PICKER_W_DUP_MEMBER);
		assert_string_equal(picker_saved_error_text(AR_EDUP),
				    "a shelf.slot answered by several devices may hide a member "
				    "of the saved array");
	}
}

static void test_picker_keys(void **state)
{
	mirror2();
	picker_select_auto(&pk);
	picker_countdown_start(&pk, 1000, 5000);
	/* row 2 is e1.0 (shelf.slot order): toggle it off with the digit key */
	assert_int_equal(picker_key(&pk, '2'), PICKER_ACT_REDRAW);
	assert_int_equal(picker_countdown_left(&pk, 1000), -1);
	assert_int_equal(picker_source(&pk), PICKER_SRC_USER);
	assert_true(picker_warnings(&pk) & PICKER_W_FRESHER ? 0 : 1); /* equal events */
	args_are("aoe_netdev=52:54:00:12:34:56 aoe_md_devs=e0.0 "
		 "aoe_md_uuid=11223344:55667788:99aabbcc:ddeeff00");
	/* cursor and space */
	assert_int_equal(pk.cursor, 1);
	assert_int_equal(picker_key(&pk, AR_KEY_UP), PICKER_ACT_REDRAW);
	assert_int_equal(pk.cursor, 0);
	assert_int_equal(picker_key(&pk, AR_KEY_UP), PICKER_ACT_REDRAW);
	assert_int_equal(pk.cursor, 0);
	assert_int_equal(picker_key(&pk, ' '), PICKER_ACT_REDRAW);
	/* nothing selected: Enter refuses */
	assert_true(picker_warnings(&pk) & PICKER_W_EMPTY);
	assert_int_equal(picker_key(&pk, AR_KEY_ENTER), PICKER_ACT_REDRAW);
	assert_int_equal(picker_key(&pk, 'j'), PICKER_ACT_REDRAW);
	assert_int_equal(pk.cursor, 1);
	assert_int_equal(picker_key(&pk, 'j'), PICKER_ACT_REDRAW);
	assert_int_equal(pk.cursor, 1);
	assert_int_equal(picker_key(&pk, 'a'), PICKER_ACT_REDRAW);
	assert_int_equal(picker_source(&pk), PICKER_SRC_USER);
	assert_int_equal(picker_key(&pk, AR_KEY_ENTER), PICKER_ACT_ACCEPT);
	assert_int_equal(picker_key(&pk, 'r'), PICKER_ACT_RESCAN);
	assert_int_equal(picker_key(&pk, 'q'), PICKER_ACT_CANCEL);
	assert_int_equal(picker_key(&pk, AR_KEY_ESC), PICKER_ACT_CANCEL);
	assert_int_equal(picker_key(&pk, '9'), PICKER_ACT_NONE); /* no row 9 */
	assert_int_equal(picker_key(&pk, 'z'), PICKER_ACT_NONE);
}

static void test_picker_countdown(void **state)
{
	int shown = -1;

	mirror2();
	picker_select_auto(&pk);
	assert_int_equal(picker_tick(&pk, 0, &shown), PICKER_ACT_NONE); /* not started */
	picker_countdown_start(&pk, 1000, 3000);
	assert_int_equal(picker_tick(&pk, 1000, &shown), PICKER_ACT_REDRAW);
	assert_int_equal(shown, 3);
	assert_int_equal(picker_tick(&pk, 1500, &shown), PICKER_ACT_NONE);
	assert_int_equal(picker_tick(&pk, 2001, &shown), PICKER_ACT_REDRAW);
	assert_int_equal(shown, 2);
	assert_int_equal(picker_tick(&pk, 4000, &shown), PICKER_ACT_ACCEPT);
	assert_int_equal(picker_countdown_left(&pk, 4000), -1);
	/* expiry with nothing acceptable cancels */
	tgt(0, 0, 0, UUID_A, 1);
	tgt(1, 1, 0, UUID_B, 1);
	load(2);
	picker_select_auto(&pk);
	picker_countdown_start(&pk, 0, 0);
	assert_int_equal(picker_tick(&pk, 0, NULL), PICKER_ACT_CANCEL);
	/* a key stops it */
	mirror2();
	picker_select_auto(&pk);
	picker_countdown_start(&pk, 0, 1000);
	assert_int_equal(picker_key(&pk, 'z'), PICKER_ACT_REDRAW);
	assert_int_equal(picker_tick(&pk, 5000, NULL), PICKER_ACT_NONE);
}

static void test_picker_warnings(void **state)
{
	tgt(0, 0, 0, UUID_A, 30);
	tgt(1, 1, 0, UUID_A, 20);
	tgt(2, 2, 0, UUID_B, 30);
	tgt(3, 3, 0, UUID_A, 30);
	tab[3].duplicate = true;
	tgt(4, 4, 0, NULL, 0);
	tab[0].sectors = 4096;
	load(5);
	assert_int_equal(picker_select_list(&pk, "e1.0"), 0);
	/* e3.0 carries array A behind a device: it may hide a member */
	assert_int_equal(picker_warnings(&pk), PICKER_W_STALE | PICKER_W_FRESHER |
			 PICKER_W_DUP_MEMBER);
	assert_int_equal(picker_select_list(&pk, "e0.0,e1.0"), 0);
	assert_int_equal(picker_warnings(&pk), PICKER_W_STALE | PICKER_W_SIZE |
			 PICKER_W_DUP_MEMBER);
	assert_int_equal(picker_select_list(&pk, "e0.0,e2.0"), 0);
	assert_true(picker_warnings(&pk) & PICKER_W_MIXED);
	assert_int_equal(picker_key(&pk, AR_KEY_ENTER), PICKER_ACT_REDRAW);
	assert_int_equal(picker_select_list(&pk, "e3.0"), 0);
	assert_true(picker_warnings(&pk) & PICKER_W_DUP);
	assert_int_equal(picker_select_list(&pk, "e0.0,e4.0"), 0);
	assert_int_equal(picker_warnings(&pk) & (PICKER_W_MIXED | PICKER_W_NO_MD),
			 PICKER_W_MIXED | PICKER_W_NO_MD);
	assert_int_equal(picker_select_list(&pk, "e4.0"), 0);
	args_are("aoe_netdev=52:54:00:12:34:56 aoe_md_devs=e4.0");
	/* bad lists leave the selection alone */
	assert_int_equal(picker_select_list(&pk, "e9.0"), AR_ENOENT);
	assert_int_equal(picker_select_list(&pk, "e0.0,,e1.0"), AR_EINVAL);
	assert_int_equal(picker_select_list(&pk, "e0.0 root=/dev/sda"), AR_EINVAL);
	args_are("aoe_netdev=52:54:00:12:34:56 aoe_md_devs=e4.0");
	assert_string_equal(picker_warning_text(PICKER_W_DUP),
			    "a selected shelf.slot is answered by several devices");
}

static void test_picker_escape_and_row(void **state)
{
	static const uint8_t raw[] = { 'a', 0x01, '\\', '"', 0xff, 'b' };
	char buf[PICKER_ROW_MAX], small[8];

	assert_int_equal(picker_escape(buf, sizeof(buf), raw, sizeof(raw)), 14);
	assert_string_equal(buf, "a\\x01\\\\\\\"\\xffb");
	/* never cut inside an escape */
	assert_int_equal(picker_escape(small, sizeof(small), raw, sizeof(raw)), 7);
	assert_string_equal(small, "a\\x01\\\\");
	/* quoted: cut text, by the buffer or by the caller, is marked */
	assert_int_equal(picker_escape_quoted(buf, sizeof(buf), raw, 1, false), 3);
	assert_string_equal(buf, "\"a\"");
	assert_int_equal(picker_escape_quoted(buf, sizeof(buf), raw, 1, true), 6);
	assert_string_equal(buf, "\"a\"...");
	assert_int_equal(picker_escape_quoted(small, sizeof(small), raw, sizeof(raw), false), 6);
	assert_string_equal(small, "\"a\"...");
	assert_int_equal(picker_escape_quoted(small, 5, raw, 1, false), 0);
	assert_string_equal(small, "");
	{
		char mid[13];

		assert_int_equal(picker_escape_quoted(mid, sizeof(mid), raw, sizeof(raw), false), 12);
		assert_string_equal(mid, "\"a\\x01\\\\\"...");
	}

	mirror2();
	picker_select_auto(&pk);
	strcpy(tab[0].model, "evil\x1b[2J");
	assert_int_equal(picker_row(&pk, 0, buf, sizeof(buf)), 0);
	assert_non_null(strstr(buf, ">[x] 1"));
	assert_non_null(strstr(buf, "e0.0"));
	assert_non_null(strstr(buf, "64.0M"));
	assert_non_null(strstr(buf, "md 11223344 role 0 ev 10 fresh lab:root"));
	assert_non_null(strstr(buf, "\"evil\\x1b[2J\""));
	assert_null(strchr(buf, 0x1b));
	/* the config string, escaped */
	tab[0].model[0] = '\0';
	strcpy(tab[0].md.name, "r");
	memcpy(tab[0].cfg, "a\nb", 3);
	tab[0].cfg_len = 3;
	assert_int_equal(picker_row(&pk, 0, buf, sizeof(buf)), 0);
	assert_non_null(strstr(buf, "cfg \"a\\x0ab\""));
	assert_null(strstr(buf, "\"..."));
	/* a config string longer than the picker keeps is marked as cut */
	tab[0].cfg_cut = true;
	assert_int_equal(picker_row(&pk, 0, buf, sizeof(buf)), 0);
	assert_non_null(strstr(buf, "cfg \"a\\x0ab\"..."));
	tab[0].cfg_cut = false;
	/* rows never exceed the width: wire text is cut */
	tab[0].duplicate = true;
	memset(tab[0].cfg, 'z', PICKER_CFG_MAX);
	tab[0].cfg_len = PICKER_CFG_MAX;
	assert_int_equal(picker_row(&pk, 0, buf, sizeof(buf)), 0);
	assert_non_null(strstr(buf, "DUPLICATE md 11223344 role 0 ev 10 fresh"));
	/* a 32-byte md name must not push the flags off the row */
	memset(tab[0].md.name, 'n', MDSB_NAME_MAX);
	tab[0].stale = true;
	assert_int_equal(picker_row(&pk, 0, buf, sizeof(buf)), 0);
	assert_non_null(strstr(buf, "DUPLICATE md 11223344 role 0 ev 10 STALE n"));
	assert_int_equal(strlen(buf), PICKER_ROW_WIDTH);
	assert_int_equal(strlen(buf), PICKER_ROW_WIDTH);
	assert_string_equal(buf + PICKER_ROW_WIDTH - 3, "...");
	assert_int_equal(picker_row(&pk, 2, buf, sizeof(buf)), AR_ERANGE);
	/* a tiny buffer is cut, not overrun */
	assert_int_equal(picker_row(&pk, 1, small, sizeof(small)), 0);
	assert_true(strlen(small) < sizeof(small));
}

static void test_picker_args_nospace(void **state)
{
	char buf[20];

	mirror2();
	picker_select_auto(&pk);
	assert_int_equal(picker_args(&pk, buf, sizeof(buf)), AR_ENOSPC);
}

static void test_picker_from_disc(void **state)
{
	static struct disc_target d;
	struct picker_target t;

	memset(&d, 0, sizeof(d));
	/* no MAC answered yet: not a row */
	assert_int_equal(picker_target_from_disc(&t, &d), AR_EINVAL);
	d.shelf = 3;
	d.slot = 7;
	d.nmacs = 2;
	d.primary = 1;
	memcpy(d.macs[1].mac, "\x02\x00\x00\x00\x00\x09", 6);
	d.id.sectors = 131072;
	strcpy(d.id.model, "a model that is exactly forty chars long");
	memset(d.config, 'c', 100);
	d.config_len = 100;
	d.md_state = DISC_MD_FOUND;
	d.md.events = 42;
	memcpy(d.md.uuid, UUID_A, 16);
	assert_int_equal(picker_target_from_disc(&t, &d), 0);
	assert_int_equal(t.shelf, 3);
	assert_int_equal(t.slot, 7);
	assert_memory_equal(t.mac, "\x02\x00\x00\x00\x00\x09", 6);
	assert_int_equal(t.sectors, 131072);
	assert_string_equal(t.model, "a model that is exactly forty chars long");
	assert_int_equal(t.cfg_len, PICKER_CFG_MAX);   /* cut */
	assert_true(t.cfg_cut);
	assert_true(t.has_md);
	assert_int_equal(t.md.events, 42);
	assert_false(t.duplicate);
	/* a duplicate, or more MACs than the table holds, is a duplicate row */
	d.macs_overflow = 1;
	assert_int_equal(picker_target_from_disc(&t, &d), 0);
	assert_true(t.duplicate);
	/* md superblock absent or broken: no md */
	d.md_state = DISC_MD_ERROR;
	assert_int_equal(picker_target_from_disc(&t, &d), 0);
	assert_false(t.has_md);
}


/* Two arrays with their homehosts: node1's and node2's. */
static void two_hosts(void)
{
	tgt(0, 0, 0, UUID_A, 10);
	tgt(1, 0, 1, UUID_A, 10);
	tgt(2, 1, 0, UUID_B, 7);
	tgt(3, 1, 1, UUID_B, 7);
	tab[0].md.raid_disks = tab[1].md.raid_disks = 2;
	tab[2].md.raid_disks = tab[3].md.raid_disks = 2;
	tab[0].md.slots_active = tab[1].md.slots_active = 3;
	tab[2].md.slots_active = tab[3].md.slots_active = 3;
	tab[2].md.role = 0;
	tab[3].md.role = 1;
	strcpy(tab[0].md.name, "node1:root");
	strcpy(tab[1].md.name, "node1:root");
	strcpy(tab[2].md.name, "node2:root");
	strcpy(tab[3].md.name, "node2:root");
	load(4);
}

static void hint(struct picker_hints *h, const char *rp, const char *host)
{
	memset(h, 0, sizeof(*h));
	h->root_path = rp;
	h->root_path_len = rp ? strlen(rp) : 0;
	h->hostname = host;
	h->hostname_len = host ? strlen(host) : 0;
}

static void test_picker_rules_order(void **state)
{
	struct picker_hints h;

	(void)state;
	two_hosts();
	/* several arrays, no hints: nobody chooses */
	assert_int_equal(picker_select_rules(&pk, NULL), AR_ENOENT);
	assert_true(picker_warnings(&pk) & PICKER_W_AMBIGUOUS);
	/* host name: node2's array */
	hint(&h, NULL, "node2.rack3.lan");
	assert_int_equal(picker_select_rules(&pk, &h), 0);
	assert_int_equal(picker_rule(&pk), PICKER_RULE_HOSTNAME);
	assert_string_equal(picker_rule_text(picker_rule(&pk)), "DHCP host name (md homehost)");
	args_are("aoe_netdev=52:54:00:12:34:56 aoe_md_devs=e1.0,e1.1 "
		 "aoe_md_uuid=deadbeef:00000000:00000000:00000000");
	/* the root path comes first: it names node1's array by uuid */
	hint(&h, "aoe:uuid=11223344:55667788:99aabbcc:ddeeff00", "node2");
	assert_int_equal(picker_select_rules(&pk, &h), 0);
	assert_int_equal(picker_rule(&pk), PICKER_RULE_ROOTPATH_UUID);
	args_are("aoe_netdev=52:54:00:12:34:56 aoe_md_devs=e0.0,e0.1 "
		 "aoe_md_uuid=11223344:55667788:99aabbcc:ddeeff00");
	/* ... or its members */
	hint(&h, "aoe:e1.1,e1.0", "node1");
	assert_int_equal(picker_select_rules(&pk, &h), 0);
	assert_int_equal(picker_rule(&pk), PICKER_RULE_ROOTPATH_LIST);
	args_are("aoe_netdev=52:54:00:12:34:56 aoe_md_devs=e1.0,e1.1 "
		 "aoe_md_uuid=deadbeef:00000000:00000000:00000000");
	/* a root path that is ours decides: a member that does not answer
	 * leaves the others (common/choose waits for it, then boots degraded);
	 * the host name is no fallback */
	hint(&h, "aoe:e1.1,e9.0", "node1");
	assert_int_equal(picker_select_rules(&pk, &h), 0);
	assert_int_equal(picker_rule(&pk), PICKER_RULE_ROOTPATH_LIST);
	args_are("aoe_netdev=52:54:00:12:34:56 aoe_md_devs=e1.1 "
		 "aoe_md_uuid=deadbeef:00000000:00000000:00000000");
	assert_false(picker_warnings(&pk) & PICKER_W_SAVED_IGNORED);
	hint(&h, "aoe:e9.1,e9.0", "node1");
	assert_int_equal(picker_select_rules(&pk, &h), AR_ENOENT);
	assert_int_equal(picker_source(&pk), PICKER_SRC_NONE);
	hint(&h, "aoe:e1.1,", "node1");
	assert_int_equal(picker_select_rules(&pk, &h), AR_EINVAL);
	assert_int_equal(picker_source(&pk), PICKER_SRC_NONE);
	/* one that is not ours (NFS) is not a rule: the host name applies */
	hint(&h, "/srv/nfs/node1", "node1");
	assert_int_equal(picker_select_rules(&pk, &h), 0);
	assert_int_equal(picker_rule(&pk), PICKER_RULE_HOSTNAME);
	/* members of two arrays named: refused */
	hint(&h, "aoe:e0.0,e1.0", NULL);
	assert_int_equal(picker_select_rules(&pk, &h), AR_ENOENT);
	/* an unknown host: the next rule, several arrays: nothing */
	hint(&h, NULL, "node9");
	assert_int_equal(picker_select_rules(&pk, &h), AR_ENOENT);
	/* the `a` key applies the same hints again */
	hint(&h, NULL, "node1");
	assert_int_equal(picker_select_rules(&pk, &h), 0);
	picker_clear_selection(&pk);
	assert_int_equal(picker_key(&pk, 'a'), PICKER_ACT_REDRAW);
	assert_int_equal(picker_source(&pk), PICKER_SRC_USER);
	args_are("aoe_netdev=52:54:00:12:34:56 aoe_md_devs=e0.0,e0.1 "
		 "aoe_md_uuid=11223344:55667788:99aabbcc:ddeeff00");
}

static void test_picker_rules_masked_and_dups(void **state)
{
	struct picker_hints h;
	int shown = -1;

	(void)state;
	/* masked servers: only this machine's array answers */
	two_hosts();
	pk.n_targets = 2;
	assert_int_equal(picker_select_rules(&pk, NULL), 0);
	assert_int_equal(picker_rule(&pk), PICKER_RULE_ONLY_ARRAY);
	/* a duplicate of no array beside it: a warning, accepted unattended */
	two_hosts();
	tab[2].has_md = tab[3].has_md = false;
	tab[3].shelf = 1;
	tab[3].slot = 0;
	tab[2].duplicate = tab[3].duplicate = true;
	picker_set_targets(&pk, 4);
	assert_int_equal(picker_select_rules(&pk, NULL), 0);
	assert_int_equal(picker_warnings(&pk), PICKER_W_DUP_OTHER);
	picker_countdown_start(&pk, 0, 0);
	assert_int_equal(picker_tick(&pk, 1, &shown), PICKER_ACT_ACCEPT);
	/* the host name rule judges duplicates against its array too */
	two_hosts();
	tab[3].duplicate = true;
	hint(&h, NULL, "node1");
	assert_int_equal(picker_select_rules(&pk, &h), 0);
	assert_true(picker_warnings(&pk) & PICKER_W_DUP_OTHER);
	hint(&h, NULL, "node2");
	assert_int_equal(picker_select_rules(&pk, &h), AR_ENOENT);
	assert_true(picker_warnings(&pk) & PICKER_W_DUP_MEMBER);
}

static void test_picker_overflow_and_view(void **state)
{
	static struct picker_target big[PICKER_MAX_TARGETS];
	struct picker p;
	size_t i, top, end;
	int shown = -1;

	(void)state;
	for (i = 0; i < PICKER_MAX_TARGETS; i++) {
		big[i].shelf = (uint16_t)(i / 16);
		big[i].slot = (uint8_t)(i % 16);
	}
	/* the array's members at the end of a full table */
	for (i = PICKER_MAX_TARGETS - 2; i < PICKER_MAX_TARGETS; i++) {
		big[i].has_md = true;
		memcpy(big[i].md.uuid, UUID_A, 16);
		big[i].md.raid_disks = 2;
		big[i].md.slots_active = 3;
		big[i].md.role = (uint32_t)(i % 2);
		big[i].md.events = 4;
	}
	picker_init(&p, big, PICKER_MAX_TARGETS, NIC);
	assert_int_equal(picker_set_targets(&p, PICKER_MAX_TARGETS), 0);
	assert_int_equal(picker_select_auto(&p), 0);
	assert_int_equal(picker_warnings(&p), 0);
	/* full table: a complete mirror still boots, a half does not */
	picker_set_dropped(&p, 7);
	assert_int_equal(picker_warnings(&p), PICKER_W_TABLE_FULL);
	big[PICKER_MAX_TARGETS - 1].selected = false;
	assert_true(picker_warnings(&p) & PICKER_W_MAYBE_DROPPED);
	picker_countdown_start(&p, 0, 0);
	assert_int_equal(picker_tick(&p, 1, &shown), PICKER_ACT_CANCEL);
	/* the view follows the cursor, one row at a time */
	top = picker_view(&p, PICKER_PAGE_ROWS, &end);
	assert_int_equal(top, 0);
	assert_int_equal(end, PICKER_PAGE_ROWS);
	for (i = 0; i < PICKER_PAGE_ROWS; i++)
		picker_key(&p, AR_KEY_DOWN);
	top = picker_view(&p, PICKER_PAGE_ROWS, &end);
	assert_int_equal(top, 1);
	assert_true(p.cursor >= top && p.cursor < end);
	for (i = 0; i < 2 * PICKER_MAX_TARGETS; i++)
		picker_key(&p, AR_KEY_DOWN);
	top = picker_view(&p, PICKER_PAGE_ROWS, &end);
	assert_int_equal(end, PICKER_MAX_TARGETS);
	assert_int_equal(p.cursor, PICKER_MAX_TARGETS - 1);
	for (i = 0; i < 3; i++)
		picker_key(&p, AR_KEY_UP);
	assert_int_equal(picker_view(&p, PICKER_PAGE_ROWS, &end), top);
	for (i = 0; i < PICKER_PAGE_ROWS; i++)
		picker_key(&p, AR_KEY_UP);
	top = picker_view(&p, PICKER_PAGE_ROWS, &end);
	assert_int_equal(top, p.cursor);
}


static void test_picker_groups_and_filter(void **state)
{
	char buf[PICKER_ROW_MAX];
	const struct picker_target *t;

	(void)state;
	/* table order: blank, node2 member, node1 member, blank, node1, node2 */
	two_hosts();
	tgt(4, 9, 9, NULL, 0);
	tgt(5, 8, 8, NULL, 0);
	memcpy(&tab[6], &tab[0], sizeof(tab[0]));
	memcpy(&tab[0], &tab[5], sizeof(tab[0]));
	tgt(5, 0, 5, NULL, 0);
	/* tab: 0 e8.8 blank, 1 e0.1 A, 2 e1.0 B, 3 e1.1 B, 4 e9.9, 5 e0.5, 6 e0.0 A */
	picker_init(&pk, tab, 16, NIC);
	assert_int_equal(picker_set_targets(&pk, 7), 0);
	assert_int_equal(picker_shown(&pk), 7);
	/* arrays by their lowest shelf.slot, members under them, others after;
	 * in shelf.slot order inside a group */
	assert_int_equal(pk.order[0], 6);
	assert_int_equal(pk.order[1], 1);
	assert_int_equal(pk.order[2], 2);
	assert_int_equal(pk.order[3], 3);
	assert_int_equal(pk.order[4], 5);
	assert_int_equal(pk.order[5], 0);
	assert_int_equal(pk.order[6], 4);
	/* the same targets in another answer order: the same screen */
	{
		struct picker_target rev[7];
		struct picker p2;
		size_t k;

		for (k = 0; k < 7; k++)
			rev[k] = tab[(k + 2) % 7];   /* array B answers first */
		picker_init(&p2, rev, 7, NIC);
		assert_int_equal(picker_set_targets(&p2, 7), 0);
		for (k = 0; k < 7; k++)
			assert_int_equal(picker_shown_target(&p2, k)->shelf << 8 | picker_shown_target(&p2, k)->slot,
					 tab[pk.order[k]].shelf << 8 | tab[pk.order[k]].slot);
	}
	assert_true(picker_group_line(&pk, 0, buf, sizeof(buf)));
	assert_string_equal(buf, "-- md 11223344 node1:root (2 members)");
	assert_false(picker_group_line(&pk, 1, buf, sizeof(buf)));
	assert_true(picker_group_line(&pk, 2, buf, sizeof(buf)));
	assert_string_equal(buf, "-- md deadbeef node2:root (2 members)");
	assert_true(picker_group_line(&pk, 4, buf, sizeof(buf)));
	assert_string_equal(buf, "-- other targets (3)");
	assert_false(picker_group_line(&pk, 5, buf, sizeof(buf)));
	/* rows, digits and toggles follow the display order */
	assert_int_equal(picker_row(&pk, 0, buf, sizeof(buf)), 0);
	assert_non_null(strstr(buf, "e0.0"));
	assert_int_equal(picker_key(&pk, '3'), PICKER_ACT_REDRAW);
	assert_true(tab[2].selected);
	/* the filter: `/` then text; letters are text, not commands */
	assert_int_equal(picker_key(&pk, '/'), PICKER_ACT_REDRAW);
	assert_int_equal(picker_key(&pk, 'q'), PICKER_ACT_REDRAW);  /* not cancel */
	assert_int_equal(picker_shown(&pk), 0);
	assert_int_equal(picker_key(&pk, 0x08), PICKER_ACT_REDRAW);
	assert_int_equal(picker_shown(&pk), 7);
	picker_key(&pk, 'N'); picker_key(&pk, 'o'); picker_key(&pk, 'd');
	picker_key(&pk, 'e'); picker_key(&pk, '2');
	assert_int_equal(picker_shown(&pk), 2);                      /* array name */
	assert_true(picker_filter_line(&pk, buf, sizeof(buf)));
	assert_string_equal(buf, "filter: Node2_ (2 of 7; Enter keeps, Esc clears)");
	assert_int_equal(picker_key(&pk, AR_KEY_ENTER), PICKER_ACT_REDRAW);
	assert_false(pk.filtering);
	assert_true(picker_filter_line(&pk, buf, sizeof(buf)));
	assert_string_equal(buf, "filter: Node2 (2 of 7)");
	/* space toggles the filtered row; Enter now accepts */
	assert_int_equal(picker_key(&pk, AR_KEY_DOWN), PICKER_ACT_REDRAW);
	assert_int_equal(picker_key(&pk, ' '), PICKER_ACT_REDRAW);
	assert_true(tab[3].selected);
	/* shelf "e0." and a MAC */
	assert_int_equal(picker_key(&pk, '/'), PICKER_ACT_REDRAW);
	assert_int_equal(picker_key(&pk, AR_KEY_ESC), PICKER_ACT_REDRAW); /* clears */
	assert_int_equal(picker_shown(&pk), 7);
	picker_key(&pk, '/'); picker_key(&pk, 'e'); picker_key(&pk, '0'); picker_key(&pk, '.');
	assert_int_equal(picker_shown(&pk), 3);
	picker_key(&pk, AR_KEY_ESC);
	tab[4].mac[5] = 0xab;
	picker_key(&pk, '/'); picker_key(&pk, ':'); picker_key(&pk, 'a'); picker_key(&pk, 'B');
	assert_int_equal(picker_shown(&pk), 1);
	t = picker_shown_target(&pk, 0);
	assert_int_equal(t->shelf, 9);
	assert_null(picker_shown_target(&pk, 1));
	assert_int_equal(picker_row(&pk, 1, buf, sizeof(buf)), AR_ERANGE);
	assert_non_null(strstr(picker_key_help(), "/ filter"));
}

/* picker_render() lines, collected for the test. */
static char screen[64][PICKER_ROW_MAX];
static size_t screen_n;

static void collect(void *ctx, const char *line)
{
	(void)ctx;
	assert_true(screen_n < 64);
	strncpy(screen[screen_n], line, PICKER_ROW_MAX - 1);
	screen[screen_n++][PICKER_ROW_MAX - 1] = '\0';
}

static size_t screen_find(const char *prefix)
{
	size_t i;

	for (i = 0; i < screen_n; i++)
		if (!strncmp(screen[i], prefix, strlen(prefix)))
			return i;
	return (size_t)-1;
}

static void test_picker_render(void **state)
{
	char row[PICKER_ROW_MAX];

	(void)state;
	mirror2();
	assert_int_equal(picker_select_auto(&pk), 0);
	picker_countdown_start(&pk, 1000, 10000);
	screen_n = 0;
	picker_render(&pk, "efinet0", 3500, collect, NULL);
	/* blank line, heading, group line, two rows, chosen by, help, countdown */
	assert_string_equal(screen[0], "");
	assert_string_equal(screen[1], "aoe: AoE targets on efinet0");
	assert_int_equal(screen_find("-- md 11223344 lab:root (2 members)"), 2);
	assert_int_equal(picker_row(&pk, 0, row, sizeof(row)), 0);
	assert_string_equal(screen[3], row);
	assert_int_equal(picker_row(&pk, 1, row, sizeof(row)), 0);
	assert_string_equal(screen[4], row);
	assert_true(screen_find("chosen by: ") < screen_n);
	assert_string_equal(screen[screen_find("keys: ")], picker_key_help());
	assert_string_equal(screen[screen_n - 2], picker_key_help());
	assert_string_equal(screen[screen_n - 1], "booting in 8 s unless a key is pressed");
	assert_int_equal(screen_find("rows "), (size_t)-1);
	assert_int_equal(screen_find("  (no AoE targets answered)"), (size_t)-1);
	/* no targets: said so; a person pressed a key: no countdown line */
	picker_init(&pk, tab, 16, NIC);
	assert_int_equal(picker_set_targets(&pk, 0), 0);
	screen_n = 0;
	picker_render(&pk, "52:54:00:12:34:56", 0, collect, NULL);
	assert_string_equal(screen[1], "aoe: AoE targets on 52:54:00:12:34:56");
	assert_true(screen_find("  (no AoE targets answered)") < screen_n);
	assert_int_equal(screen_find("booting in"), (size_t)-1);
	assert_string_equal(screen[screen_n - 1], picker_key_help());
	/* the tick lines: every 5 s and the last 3 */
	assert_true(picker_countdown_worth_a_line(10));
	assert_false(picker_countdown_worth_a_line(9));
	assert_true(picker_countdown_worth_a_line(3));
	assert_true(picker_countdown_worth_a_line(0));
	assert_int_equal(picker_countdown_line(5, row, 8), AR_ENOSPC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_picker_auto_mirror),
		cmocka_unit_test(test_picker_auto_skips_stale),
		cmocka_unit_test(test_picker_auto_refuses_dup_and_split),
		cmocka_unit_test(test_picker_auto_ambiguous),
		cmocka_unit_test(test_picker_saved),
		cmocka_unit_test(test_picker_saved_refused),
		cmocka_unit_test(test_picker_keys),
		cmocka_unit_test(test_picker_countdown),
		cmocka_unit_test(test_picker_warnings),
		cmocka_unit_test(test_picker_escape_and_row),
		cmocka_unit_test(test_picker_args_nospace),
		cmocka_unit_test(test_picker_from_disc),
		cmocka_unit_test(test_picker_rules_order),
		cmocka_unit_test(test_picker_rules_masked_and_dups),
		cmocka_unit_test(test_picker_overflow_and_view),
		cmocka_unit_test(test_picker_groups_and_filter),
		cmocka_unit_test(test_picker_render),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
