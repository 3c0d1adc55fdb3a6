/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui.c - discovery + the boot-choice session on the UEFI console (see ui.h). */
#include "ui.h"
#include "aoename.h"
#include "con.h"
#include "var.h"
#include "disc.h"
#include "selection.h"
#include "err.h"
#include "bytes.h"
#include "handoff.h"

enum {
	UI_IDLE_US = 500,        /* pause when neither a frame nor a key came */
};

/* Big tables live in pool memory, not on the firmware's small stack. */
struct ui {
	struct link *net;
	const struct aoeboot_opts *opts;
	struct disc disc;
	struct disc_target targets[UI_MAX_TARGETS];
	struct picker_target pt[UI_MAX_TARGETS];
	struct choose choose;
	struct choose_cfg cfg;
	struct selection saved;
	char where[MAC_STR_LEN + 1];
};

static void ui_say_preselection(struct ui *u)
{
	const struct picker *p = &u->choose.picker;
	const char *src;

	if (!u->opts->verbose)
		return;
	switch (picker_source(p)) {
	case PICKER_SRC_SAVED: src = "saved selection"; break;
	case PICKER_SRC_USER: src = "aoeboot.select list"; break;
	case PICKER_SRC_AUTO: src = picker_rule_text(picker_rule(p)); break;
	default: src = "none"; break;
	}
	efi_logf("aoeboot: preselection: %s\n", src);
}

/* One discovery: the choice's named targets reserved (choose_want()). */
static void ui_scan(struct ui *u)
{
	struct ar_platform plat;
	struct disc_opts dopts;
	uint64_t t0 = con_now_ms();
	int err;

	link_platform(u->net, &plat);
	disc_opts_default(&dopts);
	dopts.timeout_ms = u->opts->scan_ms;
	dopts.userland_tags = false;
	/* Some NICs pass frames only ~1 s after Initialize: with no answer yet
	 * keep asking until scan_ms instead of settling early. */
	dopts.wait_for_target = true;
	dopts.mtu = (uint16_t)(u->net->mtu ? u->net->mtu : DISC_DEF_MTU);
	if (u->opts->verbose)
		efi_logf("aoeboot: scanning for AoE targets on %s\n", u->where);
	if (u->opts->verbose >= 2)
		efi_logf("aoeboot: engine and picker tables for %u targets: %u KiB\n",
			 (unsigned)UI_MAX_TARGETS, (unsigned)(sizeof(*u) / 1024));
	err = disc_init(&u->disc, &plat, u->targets, UI_MAX_TARGETS, &dopts);
	if (!err) {
		choose_want(&u->choose, &u->disc);
		disc_start(&u->disc);
	}
	while (!err) {
		uint32_t rx = disc_get_stats(&u->disc)->rx;

		err = disc_pump(&u->disc);
		if (err == 1)
			break;
		if (err < 0)
			efi_logf("aoeboot: receive error on %s: %s\n", u->where, ar_strerror(err));
		err = 0;
		/* a pause only when nothing came: a crowd of answers or a run
		 * of md READ answers is taken as fast as the NIC hands it over */
		if (disc_get_stats(&u->disc)->rx == rx)
			BS->Stall(UI_IDLE_US);
	}
	if (u->opts->verbose)
		efi_logf("aoeboot: %u target(s) found in %u ms\n",
			 (unsigned)disc_count(&u->disc), (unsigned)(con_now_ms() - t0));
	link_vlan_say(u->net);
	if (u->opts->verbose >= 2) {
		const struct disc_stats *st = disc_get_stats(&u->disc);

		efi_logf("aoeboot: frames tx %u rx %u ignored %u malformed %u, "
			 "retransmits %u\n", st->tx, st->rx, st->rx_ignored,
			 st->rx_malformed, st->retransmits);
	}
	choose_scanned(&u->choose, &u->disc, t0, con_now_ms());
	ui_say_preselection(u);
}

static void ui_emit_line(void *ctx, const char *line)
{
	(void)ctx;
	efi_logf("%s\n", line);
}

/* The session's settings from the stub's options (common/choose.h). */
static void ui_cfg(struct ui *u, const struct picker_hints *hints)
{
	const struct aoeboot_opts *o = u->opts;
	struct choose_cfg *cfg = &u->cfg;
	int err;

	cfg->timeout_s = o->timeout_s;
	cfg->def = o->select == OPTS_SELECT_LIST ? CHOOSE_DEF_LIST
		 : o->select == OPTS_SELECT_AUTO ? CHOOSE_DEF_AUTO : CHOOSE_DEF_SAVED;
	cfg->list = o->select_list;
	cfg->list_what = "aoeboot.select";
	if (cfg->def == CHOOSE_DEF_SAVED) {
		err = var_load_selection(&u->saved);
		if (!err)
			cfg->saved = &u->saved;
		else if (err != AR_ENOENT)
			efi_logf("aoeboot: saved selection unreadable: %s\n", ar_strerror(err));
	}
	cfg->hints = hints;
	cfg->wait_ms = o->wait_ms;
	cfg->no_degraded = !o->degraded;
	cfg->no_degraded_what = "aoeboot.degraded=0";
	cfg->save = o->save;
	cfg->vid = o->vlan;
	cfg->mtu = (uint16_t)(u->net->mtu >= 64 && u->net->mtu < 65536 ? u->net->mtu : 0);
	cfg->emit = ui_emit_line;
	aoename_mac_format(u->net->mac, u->where, sizeof(u->where));
	cfg->where = u->where;
}

/* Only what a person accepted is remembered (choose_result.save). */
static void ui_remember(struct ui *u, const struct choose_result *r)
{
	EFI_STATUS st;

	if (!r->save)
		return;
	st = var_save_selection(&r->sel);
	if (EFI_ERROR(st))
		efi_logf("aoeboot: cannot save the selection: %s\n", efi_status_str(st));
	else if (u->opts->verbose)
		efi_log("aoeboot: selection saved\n");
}

/* Step the session with the console's keys and clock until it decides. */
static EFI_STATUS ui_loop(struct ui *u)
{
	for (;;) {
		int key = con_read_key();

		switch (choose_step(&u->choose, key, con_now_ms())) {
		case CHOOSE_DO_SCAN:
			ui_scan(u);
			break;
		case CHOOSE_DO_BOOT:
			return EFI_SUCCESS;
		case CHOOSE_DO_CANCEL:
		case CHOOSE_DO_NONE:
			return EFI_ABORTED;
		case CHOOSE_DO_WAIT:
			if (key == AR_KEY_NONE)
				BS->Stall(UI_IDLE_US);
			break;
		}
	}
}

EFI_STATUS ui_run(struct link *n, const struct aoeboot_opts *o,
		  const struct picker_hints *hints, char *ret_args, size_t cap,
		  struct choose_result *ret_res, struct handoff *ret_h)
{
	struct ui *u = AllocateZeroPool(sizeof(*u));
	const struct choose_result *r;
	EFI_STATUS st;
	int err;

	if (!u)
		return EFI_OUT_OF_RESOURCES;
	u->net = n;
	u->opts = o;
	ui_cfg(u, hints);
	choose_init(&u->choose, &u->cfg, u->pt, UI_MAX_TARGETS, n->mac);
	st = ui_loop(u);
	if (st == EFI_SUCCESS) {
		r = choose_result(&u->choose);
		err = choose_args(&u->choose, ret_args, cap);
		if (!err && ret_h)
			err = choose_handoff(&u->choose, o->publish ? HANDOFF_WRITER_STUB_PUBLISH :
					     HANDOFF_WRITER_STUB_KERNEL, ret_h);
		if (err) {
			efi_logf("aoeboot: cannot build the kernel arguments: %s\n", ar_strerror(err));
			st = efi_status_from_err(err);
		} else {
			if (r->rule != PICKER_RULE_NONE)
				efi_logf("aoe: chosen by: %s\n", picker_rule_text(r->rule));
			efi_logf("aoe: accepted (%s): %s\n", r->by_person ? "by you" : "unattended",
				 ret_args);
			ui_remember(u, r);
			if (ret_res)
				*ret_res = *r;
		}
	}
	FreePool(u);
	return st;
}
