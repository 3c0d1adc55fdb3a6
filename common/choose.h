/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * choose.h - the boot-choice session, once, for GRUB's aoe_select and the
 * UEFI stub: a state machine the boot loader steps with keys and the clock.
 *
 * The platform does I/O only: it runs a discovery when told to
 * (CHOOSE_DO_SCAN: disc_init(), choose_want(), the pump, then
 * choose_scanned()), reads a key and calls choose_step() with it and the
 * time, writes the lines choose hands to its emit function, loads the
 * saved selection before choose_init() and stores it when the result asks
 * (choose_result.save). Everything else is decided here, the same for
 * both boot loaders:
 *
 *  - targets named by the choice (the root path's members, the saved
 *    selection, a list) are reserved in discovery (choose_want());
 *  - the preselection: a list, else the saved selection, else the rules
 *    of picker_select_rules() (root path, host name, only array);
 *  - the countdown, keys (picker_key()), rescans and acceptance;
 *  - the countdown's end with nothing acceptable: no target at all ->
 *    scan again; targets but nothing acceptable -> the picker stays up,
 *    the reason on screen, waiting for a person (CHOOSE_DO_NONE only when
 *    no target carries md and the caller can boot a plain disk:
 *    choose_cfg.plain_ok);
 *  - the degraded-boot policy (below);
 *  - the final decision, by mdsel_choose() (common/mdsel.h): freshest
 *    reference, failed marks, split brain refused unless a side is
 *    preferred, a fresher unselected member refuses. Only the members it
 *    chooses are in the result (GRUB disks, published UEFI disks, the
 *    kernel arguments): never a stale, refused or absent one.
 *
 * Degraded boots: when the unattended choice leaves a member of its array
 * missing (a member the root path, list or saved selection names that does
 * not answer; or a slot the freshest member's role table shows active that
 * no chosen member holds), choose waits for it until choose_cfg.wait_ms
 * after the first scan's start (CHOOSE_DEF_WAIT_MS, like /init's aoe_wait
 * counted from its start), and at least until the countdown ends, scanning
 * again meanwhile and printing "aoe: waiting for eS.L (missing):
 * degraded boot in N s" lines. Then it boots on the fresh members and says
 * "aoe: degraded: eS.L missing". With choose_cfg.no_degraded the
 * countdown does not boot it: the picker stays up with the reason, for a
 * person. A person's Enter is never delayed. mdsel's rules still apply:
 * a member that is not the freshest of what is visible is never booted.
 *
 * Re-add: a member mdsel leaves out as stale (its events behind the
 * freshest) is named to Linux for /init to add back and rebuild ONLY when
 * the configuration named it - the root path's members, the list, the saved
 * selection (choose.named_*): that is how a server that comes back gets its
 * member rebuilt on the next boot (issue 27). A stale target that a person
 * toggled on at the picker and nothing named is neither a disk, nor
 * published, nor named in the kernel arguments or the handoff (issue 26:
 * a person's selection of a stale copy of a missing member).
 * docs/handoff.md says the same for the record.
 *
 * Freestanding: no libc, no allocation, no globals; prints only through
 * choose_cfg.emit.
 */
#ifndef AOEROOT_CHOOSE_H
#define AOEROOT_CHOOSE_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

#include "picker.h"
#include "selection.h"
#include "aread.h"
#include "handoff.h"

struct disc;
struct disc_target;

enum {
	CHOOSE_DEF_WAIT_MS = 10000,  /* degraded grace after the first scan's start */
	CHOOSE_WAIT_MAX_S = 86400,
	CHOOSE_MAX_MEMBERS = 8,      /* members in a result (RAID1 mirrors) */
	CHOOSE_MISSING_MAX = 8,      /* missing members named */
	CHOOSE_LINE_MAX = 200,       /* longest line choose emits + NUL */
	CHOOSE_WANT_MAX = 16,        /* names reserved in discovery */
	CHOOSE_WHY_MAX = 512,        /* a refusal's reason + NUL (choose_now()) */
};

/** The default selection (GRUB --default=, aoeboot.select=). */
enum choose_default {
	CHOOSE_DEF_SAVED = 0,        /* the saved selection if valid, else the rules */
	CHOOSE_DEF_AUTO,             /* the rules only */
	CHOOSE_DEF_LIST,             /* choose_cfg.list, else the rules */
};

/** What the platform does next (choose_step()). */
enum choose_do {
	CHOOSE_DO_WAIT = 0,          /* nothing: read a key, step again */
	CHOOSE_DO_SCAN,              /* discover (choose_want() first), then
	                                choose_scanned() */
	CHOOSE_DO_BOOT,              /* decided: choose_result() */
	CHOOSE_DO_CANCEL,            /* the person cancelled (Esc, q) */
	CHOOSE_DO_NONE,              /* no md array at all and plain_ok: the
	                                caller's plain-disk fallback */
};

/** The session's settings (all memory the caller's, kept by pointer). */
struct choose_cfg {
	int timeout_s;               /* countdown: 0 at once, -1 none (Enter) */
	enum choose_default def;
	const char *list;            /* CHOOSE_DEF_LIST: "eS.L,eS.L" */
	const char *list_what;       /* how the platform names it in lines
	                                ("--default", "aoeboot.select") */
	const struct selection *saved; /* the stored selection, or NULL */
	const struct picker_hints *hints; /* DHCP root path / host name, or NULL */
	uint32_t wait_ms;            /* degraded grace (CHOOSE_DEF_WAIT_MS) */
	bool no_degraded;            /* never boot degraded unattended */
	const char *no_degraded_what; /* the knob's name, for the line */
	bool save;                   /* remember what a person accepts */
	bool plain_ok;               /* CHOOSE_DO_NONE when no target has md */
	bool no_screen;              /* a scripted caller (choose_now()): the
	                                picker is never drawn */
	uint16_t vid;                /* 802.1Q VLAN ID, 0 none */
	uint16_t mtu;                /* the link's MTU (0: 1500) */
	picker_emit_fn *emit;        /* one line, no newline */
	void *ctx;
	const char *where;           /* the NIC as the platform names it */
};

/** One chosen member (the decision handed to disks, arguments, handoff). */
struct choose_member {
	uint16_t shelf;
	uint8_t slot;
	uint8_t mac[6];              /* the device that answers (pinned) */
	bool has_md;
	uint32_t role;               /* md slot (has_md) */
	uint64_t events;             /* md event count (has_md) */
	struct aread_target t;       /* the read engine's target */
};

/** The final decision. */
struct choose_result {
	size_t n;                    /* chosen members, add order (reference last) */
	struct choose_member m[CHOOSE_MAX_MEMBERS];
	bool has_md;                 /* an md array (else plain disks) */
	uint8_t uuid[16];            /* the array (has_md) */
	bool degraded;               /* fewer members than the array's slots */
	size_t n_readd;              /* stale members the configuration named,
	                                left out by mdsel: the kernel arguments
	                                and the handoff (HANDOFF_MF_READD) name
	                                them, so /init adds them back and md
	                                rebuilds them (aoe_md_readd=); never
	                                disks. See "Re-add" above. */
	uint16_t readd_shelf[CHOOSE_MAX_MEMBERS];
	uint8_t readd_slot[CHOOSE_MAX_MEMBERS];
	size_t n_missing;            /* named members that did not answer */
	uint16_t missing_shelf[CHOOSE_MISSING_MAX];
	uint8_t missing_slot[CHOOSE_MISSING_MAX];
	enum picker_source source;   /* who selected: rules, saved, list/person */
	enum picker_rule rule;       /* the rule, for PICKER_SRC_AUTO */
	bool by_person;              /* a person pressed Enter */
	bool save;                   /* store @sel (a person pressed Enter, cfg.save) */
	struct selection sel;
};

/** The session (caller memory; the picker rows are the caller's table). */
struct choose {
	const struct choose_cfg *cfg;
	struct picker picker;
	const struct disc *disc;     /* the last scan (choose_scanned()) */
	uint8_t mac[6];
	int state;                   /* enum choose_state (choose.c) */
	bool person;                 /* a key was pressed */
	bool scanned_once;
	uint64_t first_scan_ms;      /* the first scan's start */
	uint64_t wait_until_ms;      /* degraded grace end */
	uint64_t last_scan_ms;       /* the last scan while waiting */
	int pending;                 /* enum choose_do the next step returns */
	int shown_secs;
	int wait_shown;
	uint16_t named_shelf[CHOOSE_WANT_MAX]; /* the preselection's names */
	uint8_t named_slot[CHOOSE_WANT_MAX];
	size_t n_named;
	struct choose_result res;
};

/**
 * choose_init() - start a session; the first step asks for a scan.
 * @c: the session.
 * @cfg: settings (kept by pointer, must outlive the session).
 * @rows: the picker's table of @cap rows.
 * @mac: the NIC's MAC (aoe_netdev=).
 */
void choose_init(struct choose *c, const struct choose_cfg *cfg,
		 struct picker_target *rows, size_t cap, const uint8_t mac[6]);

/**
 * choose_want() - reserve the targets the choice names in a discovery
 * engine set up with disc_init() and not started: the root path's members,
 * the list (CHOOSE_DEF_LIST) or the saved selection (CHOOSE_DEF_SAVED).
 * Return: how many were reserved.
 */
size_t choose_want(const struct choose *c, struct disc *d);

/**
 * choose_scanned() - a discovery finished: take its targets (rows in
 * shelf.slot order), preselect, start or go on with the countdown or the
 * wait, draw. @d is kept until the next choose_scanned().
 * @scan_start_ms: when this scan began (the degraded grace counts from
 *                 the first).
 * @now_ms: the clock now.
 */
void choose_scanned(struct choose *c, const struct disc *d, uint64_t scan_start_ms,
		    uint64_t now_ms);

/**
 * choose_step() - one step: a key (enum ar_key or ASCII; AR_KEY_NONE for
 * none) and the clock.
 * Return: what the platform does next (enum choose_do).
 */
enum choose_do choose_step(struct choose *c, int key, uint64_t now_ms);

/**
 * choose_now() - decide at once from the last scan's preselection, for a
 * scripted caller that neither counts down nor waits for a person (GRUB's
 * aoe_attach): the same decision (mdsel) and the same lines as a boot; a
 * missing member is not waited for.
 * @why: CHOOSE_WHY_MAX bytes: why nothing is acceptable, on failure.
 * Return: 0 (choose_result() holds the decision), else an AR_E* error.
 */
int choose_now(struct choose *c, char *why);

/** choose_result() - the decision after CHOOSE_DO_BOOT. */
const struct choose_result *choose_result(const struct choose *c);

/**
 * choose_handoff() - the whole decision as a handoff record (handoff.h):
 * every chosen member, in shelf.slot order, and the re-add members
 * (choose_result.readd_*) flagged HANDOFF_MF_READD. The NIC is the one the
 * targets answered on, the VLAN choose_cfg.vid, the rule from
 * choose_result's source, rule and by_person. A platform then keeps only
 * the members that became disks or were published (handoff_keep()) and
 * makes the kernel arguments from what is left (handoff_to_bootargs()).
 * Return: 0; AR_EINVAL (nothing decided); a handoff_add() error.
 */
int choose_handoff(const struct choose *c, enum handoff_writer writer, struct handoff *ret);

/**
 * choose_args() - the kernel arguments of the whole decision (every chosen
 * member and the re-add ones): choose_handoff() ->
 * handoff_to_bootargs() -> bootargs_format(), the one formatter. A
 * platform that may fail to attach a member makes its arguments from its
 * own choose_handoff() record after handoff_keep(), the same way.
 * Return: 0, AR_EINVAL (nothing decided), AR_ENOSPC.
 */
int choose_args(const struct choose *c, char *buf, size_t cap);

/**
 * choose_target_from_disc() - the read engine's target for a discovered
 * one: MAC pinned to the device that answered first (primary), its frame
 * and buffer limits, its size.
 * @mtu: the link's MTU (0 or out of range: 1500).
 * Return: 0; AR_EDUP when several devices answer it; AR_ENOENT when it
 * never answered; AR_ERANGE when it reported no size.
 */
int choose_target_from_disc(const struct disc_target *d, uint16_t mtu,
			    struct aread_target *ret_t);

/**
 * choose_rows_from_disc() - the picker rows of a discovery's usable
 * targets, in shelf.slot order (the digit keys always mean the same
 * target, whatever order the replies came in).
 * Return: how many rows were filled (at most @cap).
 */
size_t choose_rows_from_disc(const struct disc *d, struct picker_target *rows, size_t cap);

/**
 * choose_wait_parse() - a grace in seconds ("10"), 0..CHOOSE_WAIT_MAX_S,
 * as GRUB's --wait= and aoeboot.wait= take it.
 * Return: 0 and milliseconds in @ret_ms, or AR_EINVAL.
 */
int choose_wait_parse(const char *s, size_t len, uint32_t *ret_ms);

#endif /* AOEROOT_CHOOSE_H */
