/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * picker.h - the member picker's state and rules, shared by the GRUB module
 * (grub-mod/) and the UEFI stub (efi-stub/).
 *
 * The platform discovers targets (common/disc.h), copies each into a
 * struct picker_target (picker_target_from_disc() does it), and then drives
 * the picker: picker_key() for every key, picker_tick() with the clock for
 * the countdown, picker_row()/picker_warning_text() to render, and
 * picker_args() for the kernel arguments once accepted. The picker never
 * prints, allocates or blocks; it only turns keys and time into actions and
 * text the platform shows.
 *
 * Rules:
 *  - unattended choice (picker_select_rules(), picker_rules.c), the first
 *    rule that applies: a DHCP root path "aoe:eS.L,..." names the members
 *    (those that answer: common/choose.h waits for the others, then boots
 *    degraded),
 *    "aoe:uuid=UUID" the array; else the array whose md name is "HOST:..."
 *    for the DHCP host name HOST (mdadm's homehost); else the only array
 *    visible (servers that mask targets per machine, vblade -m). The array
 *    chosen is then handed to mdsel_auto() (common/mdsel.h): all its fresh
 *    members; nothing on a split brain or when no rule applies.
 *  - duplicates are judged by what they are: the superblock behind every
 *    device answering a duplicated shelf.slot is read (disc.c). One that
 *    cannot be a member of the chosen array (no superblock of that array
 *    behind any of its devices, and every device read) is a warning only;
 *    one that could be refuses the unattended choice.
 *  - a table that overflowed (picker_set_dropped()) is a counted warning,
 *    and a selection that does not fill every slot of its array is never
 *    accepted unattended then: its other members may be among the targets
 *    not examined. Members named by the choice are reserved in discovery
 *    (disc_want()) and so never lost to table order.
 *  - stale (shown, warned): events more than one behind the freshest
 *    visible member of the same array.
 *  - a saved selection is taken only when every saved member is visible,
 *    belongs to the saved array, and no visible member of that array that
 *    is not in the selection is fresher than the selection.
 *  - any key stops the countdown: a person is present, and only what a
 *    person accepts may be saved (picker_source() == PICKER_SRC_USER).
 *  - keys (picker_key_help()): Up/Down or k/j move, Space or x toggles
 *    the row under the cursor, digits 1-9 toggle that row, a = auto rules,
 *    r = rescan, / = filter (type part of a name eS.L, a shelf "e7.", an
 *    array name or uuid, a MAC; Enter keeps it, Esc clears it, Backspace
 *    deletes), Enter accepts, Esc or q cancels.
 *  - rows: grouped by md array, members under their array, other targets
 *    after (picker_group_line() gives the line above a group's first row);
 *    a page of PICKER_PAGE_ROWS scrolls with the cursor (picker_view()).
 *  - only validated names (eS.L), MACs and UUIDs reach picker_args(); wire
 *    strings (model, config string) appear escaped in rows only.
 */
#ifndef AOEROOT_PICKER_H
#define AOEROOT_PICKER_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

#include "mdsb.h"

struct disc_target;
struct selection;

enum {
	PICKER_MODEL_MAX = 40,   /* ATA model (IDENTIFY words 27-46), bytes */
	PICKER_CFG_MAX = 48,     /* first bytes of the config string kept */
	PICKER_MAX_TARGETS = 1024, /* rows the picker holds (platforms size
	                            their discovery tables the same) */
	PICKER_DUP_MD_MAX = 4,   /* md arrays remembered behind a duplicate */
	PICKER_ARRAY_MEMBERS = 64, /* members of one array handed to mdsel */
	PICKER_ROW_MAX = 160,    /* buffer for picker_row() */
	PICKER_ROW_WIDTH = 76,   /* picker_row() text is cut to this ("...");
	                            GRUB wraps lines of 79 and more */
	PICKER_ARGS_MAX = 512,   /* longest text picker_args() produces + NUL */
	PICKER_PAGE_ROWS = 10,   /* rows shown at once: an 80x25 console keeps
	                            room for group lines, the title, warnings,
	                            keys, the countdown */
	PICKER_FILTER_MAX = 32,  /* filter text typed after `/` */
};

/** One target as the picker sees it (filled by the platform). */
struct picker_target {
	uint16_t shelf;
	uint8_t slot;
	uint8_t mac[6];          /* the device that answered (first seen) */
	uint64_t sectors;        /* size in 512-byte sectors; 0 unknown */
	char model[PICKER_MODEL_MAX + 1];     /* raw wire text, NUL-ended */
	uint8_t cfg[PICKER_CFG_MAX];          /* raw config string bytes */
	uint16_t cfg_len;        /* bytes in cfg (maybe truncated) */
	bool cfg_cut;            /* the target's string is longer than cfg */
	bool duplicate;          /* several devices answer this shelf.slot */
	/* On a duplicate: the md arrays behind its devices (every device's
	 * superblock, primary included), and whether some device could not be
	 * read (then it could hide any array). */
	uint8_t n_dup_md;
	uint8_t dup_md_uuid[PICKER_DUP_MD_MAX][16];
	bool dup_md_unknown;
	bool md_unknown;         /* its superblock could not be read (error,
	                            discovery timed out): it may be a member */
	bool has_md;             /* md holds a valid superblock (mdsb.h) */
	struct mdsb_info md;
	/* Set by the picker: */
	uint32_t group_key;      /* the lowest shelf.slot of its md array (its
	                            own without md): the order rows are shown in */
	bool stale;              /* events below its array's freshest - 1 */
	bool selected;
};

/** What the platform must do after picker_key() or picker_tick(). */
enum picker_action {
	PICKER_ACT_NONE = 0,   /* nothing changed */
	PICKER_ACT_REDRAW,     /* state changed: render again */
	PICKER_ACT_ACCEPT,     /* selection accepted: call picker_args() */
	PICKER_ACT_CANCEL,     /* the person cancelled */
	PICKER_ACT_RESCAN,     /* discover again, then picker_set_targets() */
};

/** Who made the current selection. */
enum picker_source {
	PICKER_SRC_NONE = 0,   /* nothing selected */
	PICKER_SRC_AUTO,       /* auto-detected array */
	PICKER_SRC_SAVED,      /* the saved selection */
	PICKER_SRC_USER,       /* a person toggled or pressed `a` */
};

/** Warnings about the current selection (bit mask). */
enum picker_warning {
	PICKER_W_EMPTY = 1 << 0,        /* nothing selected (blocks accept) */
	PICKER_W_MIXED = 1 << 1,        /* members of different arrays (blocks) */
	PICKER_W_DUP = 1 << 2,          /* a duplicate shelf.slot selected (blocks) */
	PICKER_W_NO_MD = 1 << 3,        /* a selected target has no md superblock */
	PICKER_W_SIZE = 1 << 4,         /* selected members differ in size */
	PICKER_W_STALE = 1 << 5,        /* a stale member is selected */
	PICKER_W_FRESHER = 1 << 6,      /* a fresher member of the array is left out */
	PICKER_W_SAVED_IGNORED = 1 << 7,/* the saved selection was not taken */
	PICKER_W_AMBIGUOUS = 1 << 8,    /* no auto choice: several arrays / none */
	PICKER_W_NO_TARGETS = 1 << 9,   /* discovery found nothing */
	PICKER_W_TABLE_FULL = 1 << 10,  /* more targets answered than the table holds */
	PICKER_W_MAYBE_DROPPED = 1 << 11, /* table full, or a target's superblock
	                                     unknown, and the selection leaves a
	                                     slot of its array empty */
	PICKER_W_DUP_MEMBER = 1 << 12,  /* a duplicate may hide a member of the array */
	PICKER_W_DUP_OTHER = 1 << 13,   /* a duplicate outside the array (harmless) */
	PICKER_W_LAST = PICKER_W_DUP_OTHER,
};
/* Warnings that make Enter refuse to accept. */
#define PICKER_W_BLOCKING (PICKER_W_EMPTY | PICKER_W_MIXED | PICKER_W_DUP)
/* Warnings that stop the countdown from accepting (a person may still). */
#define PICKER_W_UNATTENDED (PICKER_W_BLOCKING | PICKER_W_MAYBE_DROPPED | \
			     PICKER_W_DUP_MEMBER)

/** Which rule made the unattended choice (shown by the picker). */
enum picker_rule {
	PICKER_RULE_NONE = 0,
	PICKER_RULE_ROOTPATH_LIST,  /* DHCP root path aoe:eS.L,... */
	PICKER_RULE_ROOTPATH_UUID,  /* DHCP root path aoe:uuid=... */
	PICKER_RULE_HOSTNAME,       /* DHCP host name = md homehost */
	PICKER_RULE_ONLY_ARRAY,     /* the only array visible */
};

/** What the machine knows about itself, for picker_select_rules(). */
struct picker_hints {
	const char *root_path;   /* DHCP option 17 text, or NULL */
	size_t root_path_len;
	const char *hostname;    /* DHCP option 12 text, or NULL */
	size_t hostname_len;
};

/** The picker's state; all storage is the caller's. */
struct picker {
	struct picker_target *targets; /* caller's table */
	size_t n_targets;
	size_t cap;
	size_t cursor;           /* position among the rows shown */
	size_t top;              /* first row shown (picker_view()) */
	/* Rows in display order: grouped by md array (members under their
	 * array in shelf.slot order; the array holding the lowest shelf.slot
	 * first), other targets after in shelf.slot order; only those
	 * matching the filter. Never answer order: the same targets give the
	 * same screen on every boot. */
	uint16_t order[PICKER_MAX_TARGETS];
	size_t n_shown;
	char filter[PICKER_FILTER_MAX + 1];
	size_t filter_len;
	bool filtering;          /* keys go to the filter text (after `/`) */
	uint8_t netdev[6];       /* MAC of the NIC discovery ran on */
	enum picker_source source;
	unsigned notes;          /* sticky PICKER_W_SAVED_IGNORED / _AMBIGUOUS /
	                            _DUP_MEMBER */
	unsigned dropped;        /* targets discovery could not store */
	enum picker_rule rule;   /* rule behind a PICKER_SRC_AUTO selection */
	const struct picker_hints *hints; /* last hints (the `a` key reuses them) */
	bool counting;           /* countdown running */
	uint64_t deadline_ms;
};

/**
 * picker_init() - start an empty picker over a caller table.
 * @p: picker to initialise.
 * @targets: table of @cap entries the platform fills (then picker_set_targets()).
 * @cap: entries in @targets.
 * @netdev: MAC of the NIC the targets were found on (goes into aoe_netdev=).
 */
void picker_init(struct picker *p, struct picker_target *targets, size_t cap,
		 const uint8_t netdev[6]);

/**
 * picker_target_from_disc() - fill a picker_target from a discovery result.
 * @ret_t: entry to fill (cleared first).
 * @d: a target from common/disc.h.
 * Return: 0, or AR_EINVAL when @d is not a usable target (no reply yet).
 */
int picker_target_from_disc(struct picker_target *ret_t, const struct disc_target *d);

/**
 * picker_set_targets() - take the first @n entries of the table as the
 * current scan (after a (re)scan); computes stale flags, clears the
 * selection and keeps the cursor in range.
 * Return: 0, or AR_ENOMEM when @n exceeds the table.
 */
int picker_set_targets(struct picker *p, size_t n);

/**
 * picker_set_dropped() - how many targets answered but found no room in
 * the discovery table (disc_stats.dropped_targets): PICKER_W_TABLE_FULL.
 */
void picker_set_dropped(struct picker *p, unsigned dropped);

/**
 * picker_select_rules() - the unattended choice (see the rules above).
 * @hints: DHCP root path and host name, or NULL for none.
 * Return: 0 and source PICKER_SRC_AUTO, picker_rule() says which rule;
 * AR_ENOENT when no rule gives an unambiguous, usable choice (nothing
 * selected, PICKER_W_AMBIGUOUS noted); AR_EINVAL when the root path is
 * not an aoe: path this parser understands (nothing selected).
 */
int picker_select_rules(struct picker *p, const struct picker_hints *hints);

/**
 * picker_select_auto() - picker_select_rules() without hints: the only
 * array visible.
 */
int picker_select_auto(struct picker *p);

/** picker_find() - the row of shelf.slot, or NULL. */
struct picker_target *picker_find(struct picker *p, uint16_t shelf, uint8_t slot);

/** picker_clear_selection() - select nothing (source PICKER_SRC_NONE). */
void picker_clear_selection(struct picker *p);

/** picker_rule() - the rule behind the current PICKER_SRC_AUTO selection. */
enum picker_rule picker_rule(const struct picker *p);

/** picker_rule_text() - "DHCP root path", "DHCP host name", ... (static). */
const char *picker_rule_text(enum picker_rule rule);

/**
 * picker_dup_could_be() - whether duplicate @t may hide a member of the
 * array @uuid: a device behind it carries that array, or some device's
 * superblock is unknown. False for a target that is not a duplicate.
 */
bool picker_dup_could_be(const struct picker_target *t, const uint8_t uuid[16]);

/**
 * picker_select_saved() - select a saved selection if the rules allow it.
 * @sel: parsed saved selection (common/selection.h).
 * Return: 0 and source PICKER_SRC_SAVED; AR_ENOENT when a saved member is
 * not visible or the NIC differs; AR_EDUP when a saved member's shelf.slot
 * is answered by several devices, or an unsaved duplicate may hide a member
 * of the saved array (PICKER_W_DUP_MEMBER noted); AR_ESTALE when a fresher member of the
 * same array is visible; AR_EINVAL when the members are not of the saved
 * array. On error nothing is selected and PICKER_W_SAVED_IGNORED is noted.
 */
int picker_select_saved(struct picker *p, const struct selection *sel);

/**
 * picker_saved_error_text() - why a saved selection was not taken, for an
 * error of picker_select_saved(); the same words in GRUB and EFI.
 */
const char *picker_saved_error_text(int err);

/**
 * picker_select_list() - select the named targets ("e0.0,e1.0").
 * Return: 0 (source PICKER_SRC_USER); AR_EINVAL on a malformed list;
 * AR_ENOENT when a name is not visible.
 */
int picker_select_list(struct picker *p, const char *list);

/**
 * picker_countdown_start() - accept the current selection unattended at
 * @now_ms + @timeout_ms unless a key arrives first. A timeout of 0 accepts
 * at the next picker_tick().
 */
void picker_countdown_start(struct picker *p, uint64_t now_ms, uint64_t timeout_ms);

/**
 * picker_countdown_left() - whole seconds left (rounded up), or -1 when no
 * countdown runs.
 */
int picker_countdown_left(const struct picker *p, uint64_t now_ms);

/**
 * picker_tick() - advance the countdown.
 * Return: PICKER_ACT_ACCEPT when it expired with an acceptable selection,
 * PICKER_ACT_CANCEL when it expired with nothing acceptable,
 * PICKER_ACT_REDRAW when the seconds shown changed, else PICKER_ACT_NONE.
 */
enum picker_action picker_tick(struct picker *p, uint64_t now_ms, int *shown_secs);

/**
 * picker_key() - handle one key (enum ar_key or ASCII); stops the countdown.
 * Return: the action for the platform. Enter with a blocking warning
 * returns PICKER_ACT_REDRAW (the warning tells why).
 */
enum picker_action picker_key(struct picker *p, int key);

/** picker_source() - who made the current selection. */
enum picker_source picker_source(const struct picker *p);

/** picker_warnings() - PICKER_W_* bits for the current selection. */
unsigned picker_warnings(const struct picker *p);

/**
 * picker_warning_text() - a short English text for one PICKER_W_* bit.
 * Return: static string, never NULL.
 */
const char *picker_warning_text(unsigned bit);

/**
 * picker_warning_line() - the line both boot loaders show for one
 * PICKER_W_* bit: "error: ..." for a blocking one, else "warning: ...",
 * with counts where the bit has one (targets not examined).
 * Return: 0, or AR_ENOSPC when cut.
 */
int picker_warning_line(const struct picker *p, unsigned bit, char *buf, size_t cap);

/**
 * picker_row() - the display text of the row shown at position @i: selection mark, cursor mark,
 * eS.L, size, md array / role / events / fresh or stale, model and config
 * string escaped (non-printables as \xHH), duplicate flag; at most
 * PICKER_ROW_WIDTH characters (longer rows end in "...").
 * @buf: output, @cap bytes (PICKER_ROW_MAX is enough; smaller buffers cut).
 * Return: 0, or AR_ERANGE when @i is out of range.
 */
int picker_row(const struct picker *p, size_t i, char *buf, size_t cap);

/** picker_shown() - how many rows are shown (the filter applied). */
size_t picker_shown(const struct picker *p);

/**
 * picker_shown_target() - the target shown at display position @pos, or
 * NULL when out of range.
 */
const struct picker_target *picker_shown_target(const struct picker *p, size_t pos);

/**
 * picker_group_line() - when row @pos starts a group, its heading:
 * "md 6352ace0 node2:root (2 members)" or "other targets (113)".
 * Return: true when @buf holds a heading to show above row @pos.
 */
bool picker_group_line(const struct picker *p, size_t pos, char *buf, size_t cap);

/**
 * picker_filter_line() - "filter: TEXT_ (N of M)" while a filter is typed
 * or set. Return: true when there is one to show.
 */
bool picker_filter_line(const struct picker *p, char *buf, size_t cap);

/** picker_key_help() - the key help both boot loaders show (static). */
const char *picker_key_help(void);

/** One line of the picker's screen (no newline) to the platform's console. */
typedef void picker_emit_fn(void *ctx, const char *line);

/**
 * picker_render() - the picker's whole screen, a line at a time through
 * @emit: "aoe: AoE targets on WHERE", the page of rows (picker_view()) with
 * their group lines, "rows A-B of N" when it scrolls, the filter line,
 * "(no AoE targets answered)", "chosen by: RULE", the warnings, the key
 * help, then the countdown while it runs (picker_countdown_line()). GRUB
 * and the EFI stub both draw with it, so the same targets and keys give the
 * same screen in both. Nothing on it is meant for a machine: a script knows
 * the picker waits for keys by its key help, as a person does.
 * @where: the NIC scanned, as the boot loader names it.
 */
void picker_render(struct picker *p, const char *where, uint64_t now_ms,
		   picker_emit_fn *emit, void *ctx);

/**
 * picker_countdown_line() - "booting in N s unless a key is pressed".
 * Return: 0, or AR_ENOSPC when cut.
 */
int picker_countdown_line(int secs, char *buf, size_t cap);

/**
 * picker_countdown_worth_a_line() - whether a countdown tick to @secs is
 * printed (the last 3 s, every 5 s; picker_render() shows the start): one
 * line a second would scroll the table away on a console without cursor
 * addressing.
 */
bool picker_countdown_worth_a_line(int secs);

/**
 * picker_view() - the rows to show on a page of @page rows so that the
 * cursor is always visible: scrolls only when the cursor leaves the page.
 * @ret_end: one past the last row to show.
 * Return: the first row to show.
 */
size_t picker_view(struct picker *p, size_t page, size_t *ret_end);

/**
 * picker_args() - the kernel arguments for the current selection:
 * "aoe_netdev=MAC aoe_md_devs=eS.L,... aoe_md_uuid=UUID" (the uuid only when
 * every selected member has the same array UUID).
 * Return: 0; AR_EINVAL when the selection has a blocking warning;
 * AR_ENOSPC when @cap is too small.
 */
int picker_args(const struct picker *p, char *buf, size_t cap);

/**
 * picker_to_selection() - the current selection as a struct selection to save.
 * Return: 0, or AR_EINVAL when the selection has a blocking warning.
 */
int picker_to_selection(const struct picker *p, struct selection *ret_sel);

/**
 * picker_escape() - copy @len bytes of untrusted text to @buf escaped:
 * printable ASCII as is except backslash (\\), everything else \xHH.
 * Always NUL-terminates (when @cap > 0), cutting at a whole escape.
 * Return: bytes written without the NUL.
 */
size_t picker_escape(char *buf, size_t cap, const uint8_t *src, size_t len);

/**
 * picker_escape_quoted() - @src escaped as picker_escape() does, in double
 * quotes, followed by "..." when the text is cut: because it did not fit
 * @buf, or because the caller already holds only its start (@cut).
 * @cap: at least 6 bytes (""... and the NUL), else @buf is "".
 * Return: bytes written without the NUL.
 */
size_t picker_escape_quoted(char *buf, size_t cap, const uint8_t *src, size_t len, bool cut);

#endif /* AOEROOT_PICKER_H */
