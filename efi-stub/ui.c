/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui.c - discovery + picker on the UEFI console (see ui.h). */
#include "ui.h"
#include "aoename.h"
#include "con.h"
#include "var.h"
#include "disc.h"
#include "selection.h"
#include "dhcp.h"
#include "err.h"
#include "bytes.h"
#include "handoff.h"

enum {
	UI_IDLE_US = 500,        /* pause when neither a frame nor a key came */
};

/* Big tables live in pool memory, not on the firmware's small stack. */
struct ui {
	struct net *net;
	const struct aoeboot_opts *opts;
	struct disc disc;
	struct disc_target targets[UI_MAX_TARGETS];
	struct picker_target pt[UI_MAX_TARGETS];
	struct picker picker;
	const struct picker_hints *hints;
	int shown_secs;
	bool person;             /* a key was pressed: no unattended rescans */
};

static void ui_want_list(struct ui *u, const char *s)
{
	uint16_t shelf;
	uint8_t slot;

	while (*s) {
		const char *e = s;

		while (*e && *e != ',')
			e++;
		if (!selection_parse_name(s, (size_t)(e - s), &shelf, &slot))
			disc_want(&u->disc, shelf, slot);
		s = *e ? e + 1 : e;
	}
}

/* Targets the choice names are reserved in discovery (disc_want()): a
 * crowd of other targets can never push them out of the table. */
static void ui_want(struct ui *u)
{
	struct selection sel;
	struct rootpath rp;
	size_t i;

	if (u->hints && u->hints->root_path &&
	    !rootpath_parse(u->hints->root_path, u->hints->root_path_len, &rp))
		for (i = 0; rp.kind == ROOTPATH_LIST && i < rp.n_devs; i++)
			disc_want(&u->disc, rp.shelf[i], rp.slot[i]);
	if (u->opts->select == OPTS_SELECT_LIST)
		ui_want_list(u, u->opts->select_list);
	else if (u->opts->select == OPTS_SELECT_SAVED && !var_load_selection(&sel))
		for (i = 0; i < sel.n_devs; i++)
			disc_want(&u->disc, sel.shelf[i], sel.slot[i]);
}

static void ui_scan(struct ui *u)
{
	struct ar_platform plat;
	struct disc_opts dopts;
	char mac[MAC_STR_LEN + 1];
	size_t i, n = 0;
	int err;

	net_platform(u->net, &plat);
	disc_opts_default(&dopts);
	dopts.timeout_ms = u->opts->scan_ms;
	dopts.userland_tags = false;
	/* Some NICs pass frames only ~1 s after Initialize: with no answer yet
	 * keep asking until scan_ms instead of settling early. */
	dopts.wait_for_target = true;
	dopts.mtu = (uint16_t)(u->net->mtu ? u->net->mtu : DISC_DEF_MTU);
	mac_format(u->net->mac, mac, sizeof(mac));
	if (u->opts->verbose)
		efi_logf("aoeboot: scanning for AoE targets on %s\n", mac);
	if (u->opts->verbose >= 2)
		efi_logf("aoeboot: engine and picker tables for %u targets: %u KiB\n",
			 (unsigned)UI_MAX_TARGETS, (unsigned)(sizeof(*u) / 1024));
	err = disc_init(&u->disc, &plat, u->targets, UI_MAX_TARGETS, &dopts);
	if (!err) {
		ui_want(u);
		disc_start(&u->disc);
	}
	while (!err) {
		uint32_t rx = disc_get_stats(&u->disc)->rx;

		err = disc_pump(&u->disc);
		if (err == 1)
			break;
		if (err < 0)
			efi_logf("aoeboot: receive error on %s: %s\n", mac, ar_strerror(err));
		err = 0;
		/* a pause only when nothing came: a crowd of answers or a run
		 * of md READ answers is taken as fast as the NIC hands it over */
		if (disc_get_stats(&u->disc)->rx == rx)
			BS->Stall(UI_IDLE_US);
	}
	for (i = 0; i < disc_count(&u->disc); i++)
		if (picker_target_from_disc(&u->pt[n], &u->targets[i]) == 0)
			n++;
	picker_set_targets(&u->picker, n);
	picker_set_dropped(&u->picker, disc_get_stats(&u->disc)->dropped_targets);
	if (u->opts->verbose)
		efi_logf("aoeboot: %u target(s) found in %u ms\n", (unsigned)n,
			 (unsigned)(con_now_ms() - disc_start_time(&u->disc)));
	net_vlan_say(u->net);
	if (u->opts->verbose >= 2) {
		const struct disc_stats *st = disc_get_stats(&u->disc);

		efi_logf("aoeboot: frames tx %u rx %u ignored %u malformed %u, "
			 "retransmits %u\n", st->tx, st->rx, st->rx_ignored,
			 st->rx_malformed, st->retransmits);
	}
}

/* The preselection; returns what it was, for the console. */
static const char *ui_preselect_src(struct ui *u)
{
	struct selection sel;
	int err;

	if (u->opts->select == OPTS_SELECT_LIST) {
		err = picker_select_list(&u->picker, u->opts->select_list);
		if (!err)
			return "aoeboot.select list";
		efi_logf("aoeboot: aoeboot.select=%s: %s; using the auto choice\n",
			 u->opts->select_list, ar_strerror(err));
	} else if (u->opts->select == OPTS_SELECT_SAVED) {
		err = var_load_selection(&sel);
		if (!err) {
			err = picker_select_saved(&u->picker, &sel);
			if (!err)
				return "saved selection";
			efi_logf("aoeboot: saved selection not used: %s\n",
				 picker_saved_error_text(err));
		} else if (err != AR_ENOENT) {
			efi_logf("aoeboot: saved selection unreadable: %s\n", ar_strerror(err));
		}
	}
	err = picker_select_rules(&u->picker, u->hints);
	if (err == AR_EINVAL)
		efi_logf("aoeboot: root path '%s' is not aoe:eS.L,... or aoe:uuid=UUID\n",
			 u->hints->root_path);
	return err ? "none" : picker_rule_text(picker_rule(&u->picker));
}

static void ui_preselect(struct ui *u)
{
	const char *src = ui_preselect_src(u);

	if (u->opts->verbose)
		efi_logf("aoeboot: preselection: %s\n", src);
}

static void ui_emit_line(void *ctx, const char *line)
{
	(void)ctx;
	efi_logf("%s\n", line);
}

/* The screen is common/'s (picker_render()): GRUB's aoe_select draws the same. */
static void ui_render(struct ui *u)
{
	char mac[18];

	mac_format(u->net->mac, mac, sizeof(mac));
	picker_render(&u->picker, mac, con_now_ms(), ui_emit_line, NULL);
}

static void ui_start_countdown(struct ui *u)
{
	uint64_t now = con_now_ms();

	u->shown_secs = -1;
	if (u->opts->timeout_s >= 0 && !u->person) {
		picker_countdown_start(&u->picker, now, (uint64_t)u->opts->timeout_s * 1000);
		/* The render shows the first value: tick reports the next ones. */
		u->shown_secs = picker_countdown_left(&u->picker, now);
	}
}

static void ui_remember(struct ui *u)
{
	struct selection sel;
	EFI_STATUS st;

	/* Only what a person accepted is remembered, never an unattended boot. */
	if (!u->opts->save || !u->person || picker_source(&u->picker) != PICKER_SRC_USER)
		return;
	if (picker_to_selection(&u->picker, &sel) != 0)
		return;
	st = var_save_selection(&sel);
	if (EFI_ERROR(st))
		efi_logf("aoeboot: cannot save the selection: %s\n", efi_status_str(st));
	else if (u->opts->verbose)
		efi_log("aoeboot: selection saved\n");
}

/* The unattended countdown ran out with nothing bootable: with no target
 * at all scan again (the servers may be coming up), else ask a person. */
static enum picker_action ui_expired(struct ui *u)
{
	if (u->picker.n_targets == 0) {
		efi_log("aoeboot: no AoE targets answered; scanning again "
			"(press a key to stop: r rescans, Esc returns to the firmware)\n");
		return PICKER_ACT_RESCAN;
	}
	efi_log("aoeboot: no unattended choice possible: choose with the keys "
		"(Enter boots, Esc returns to the firmware)\n");
	return PICKER_ACT_REDRAW;
}

/* The accepted members with what the read engine needs of each. */
static void ui_members(struct ui *u, struct ui_members *ret)
{
	size_t i;

	ret->n = 0;
	ret->rule = handoff_rule_of(picker_source(&u->picker), picker_rule(&u->picker),
				    u->person);
	for (i = 0; i < u->picker.n_targets; i++) {
		const struct picker_target *p = &u->pt[i];
		const struct disc_target *d;
		struct ui_member *m;

		if (!p->selected)
			continue;
		d = disc_find(&u->disc, p->shelf, p->slot);
		if (!d || d->nmacs == 0 || d->primary >= d->nmacs)
			continue;
		if (ret->n == UI_MAX_MEMBERS) {
			char name[AOE_NAME_MAX];

			aoe_name_format(p->shelf, p->slot, name, sizeof(name));
			efi_logf("aoeboot: more than %u members selected: %s and later left out\n",
				 (unsigned)UI_MAX_MEMBERS, name);
			return;
		}
		m = &ret->m[ret->n++];
		ar_memset(m, 0, sizeof(*m));
		ar_memcpy(m->t.mac, d->macs[d->primary].mac, 6);
		m->t.shelf = d->shelf;
		m->t.slot = d->slot;
		m->t.max_sectors = d->max_sectors;
		m->t.bufcnt = d->bufcnt;
		m->t.mtu = (uint16_t)(u->net->mtu >= 64 && u->net->mtu < 65536 ? u->net->mtu : 1500);
		m->t.sectors = d->id.sectors;
		m->stale = p->stale;
		m->duplicate = p->duplicate || d->duplicate;
		m->has_md = p->has_md;
		m->events = p->md.events;
		if (p->has_md)
			m->md = p->md;
	}
}

static EFI_STATUS ui_loop(struct ui *u, char *ret_args, size_t cap)
{
	enum picker_action act = PICKER_ACT_REDRAW;

	for (;;) {
		int key;

		if (act == PICKER_ACT_REDRAW)
			ui_render(u);
		if (act == PICKER_ACT_ACCEPT) {
			int err = picker_args(&u->picker, ret_args, cap);

			if (!err) {
				ui_remember(u);
				return EFI_SUCCESS;
			}
			efi_logf("aoeboot: cannot boot this selection: %s\n", ar_strerror(err));
			act = PICKER_ACT_REDRAW;
			continue;
		}
		if (act == PICKER_ACT_CANCEL)
			return EFI_ABORTED;
		if (act == PICKER_ACT_RESCAN) {
			ui_scan(u);
			ui_preselect(u);
			ui_start_countdown(u);
			act = PICKER_ACT_REDRAW;
			continue;
		}
		key = con_read_key();
		if (key != AR_KEY_NONE) {
			u->person = true;
			act = picker_key(&u->picker, key);
			continue;
		}
		act = picker_tick(&u->picker, con_now_ms(), &u->shown_secs);
		if (act == PICKER_ACT_REDRAW) {
			char line[PICKER_ROW_MAX];

			if (picker_countdown_worth_a_line(u->shown_secs)) {
				picker_countdown_line(u->shown_secs, line, sizeof(line));
				efi_logf("%s\n", line);
			}
			act = PICKER_ACT_NONE;
		} else if (act == PICKER_ACT_CANCEL) {
			act = ui_expired(u);
		}
		BS->Stall(UI_IDLE_US);
	}
}

EFI_STATUS ui_run(struct net *n, const struct aoeboot_opts *o,
		  const struct picker_hints *hints, char *ret_args, size_t cap,
		  struct ui_members *ret_members)
{
	struct ui *u = AllocateZeroPool(sizeof(*u));
	EFI_STATUS st;

	if (!u)
		return EFI_OUT_OF_RESOURCES;
	u->net = n;
	u->opts = o;
	u->hints = hints;
	picker_init(&u->picker, u->pt, UI_MAX_TARGETS, n->mac);
	ui_scan(u);
	ui_preselect(u);
	ui_start_countdown(u);
	if (o->timeout_s == 0 && !(picker_warnings(&u->picker) & PICKER_W_UNATTENDED)) {
		/* Unattended at once: still show what is booted. */
		ui_render(u);
		st = picker_args(&u->picker, ret_args, cap) ? EFI_ABORTED : EFI_SUCCESS;
	} else {
		st = ui_loop(u, ret_args, cap);
	}
	if (st == EFI_SUCCESS && ret_members)
		ui_members(u, ret_members);
	FreePool(u);
	return st;
}
