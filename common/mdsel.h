/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mdsel.h - which md RAID1 members to assemble, shared by /init, the GRUB
 * picker and the EFI stub.
 *
 * The kernel assembles whatever it is given: it kicks a member that is
 * simply behind, but it does NOT detect split brain (two halves each run
 * alone reach equal event counts and are assembled [UU] with different
 * data). mdadm refuses those ("ignoring X as it reports Y as failed"); so
 * must we. Rules (the kernel's side is in docs/md-assembly.md):
 *
 *  - a listed member answered by several devices (discovery's duplicate
 *    flag: an impostor on its shelf.slot) refuses the whole choice;
 *  - members of another array than the pinned uuid (aoe_md_uuid=) are left
 *    out; without a pin, listed members of different arrays refuse unless
 *    aoe_md_prefer= names one, whose array then counts;
 *  - the reference is the freshest member (highest events; the first
 *    listed on a tie), or the preferred one (aoe_md_prefer=eS.L);
 *  - a member whose role table does not show the reference's slot active
 *    went its own way: split brain. Refused unless aoe_md_prefer= names a
 *    side; then the other side is left out;
 *  - a member the reference's table shows failed/missing, or whose events
 *    are below reference-1, is stale: left out, the array runs degraded;
 *  - a member fresher than a preferred reference is the other side: left out;
 *  - any other visible target of the same array fresher than the reference,
 *    or that is the other half of a split brain with it, refuses (a saved
 *    list must never boot the stale half, nor one half silently) unless
 *    aoe_md_prefer= is given.
 * The chosen members are returned in add order with the reference LAST (on
 * equal events the kernel takes the last added as reference, as with mdadm).
 *
 * Freestanding: no libc, no allocation, no globals, no printing.
 */
#ifndef AOEROOT_MDSEL_H
#define AOEROOT_MDSEL_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

#include "mdsb.h"

enum {
	MDSEL_MAX_MEMBERS = 64,  /* listed members / targets considered */
	MDSEL_NONE = 0xff,       /* "no index" in struct mdsel_result */
};

/* What is known about one member or target. */
enum mdsel_state {
	MDSEL_ST_MISSING = 0,    /* not found (no answer) */
	MDSEL_ST_NO_SB,          /* found, but no valid md superblock */
	MDSEL_ST_SB,             /* found with a valid superblock in md */
};

/* One listed member or other visible target (all memory is the caller's). */
struct mdsel_member {
	const char *name;        /* "eS.L", NUL-ended; used in messages and to
	                            match aoe_md_prefer= */
	uint8_t state;           /* enum mdsel_state */
	bool duplicate;          /* several devices answer this shelf.slot */
	const struct mdsb_info *md; /* valid when state == MDSEL_ST_SB */
};

/* Why a listed member is left out (mdsel_result.excl[i]). */
enum mdsel_excl {
	MDSEL_X_NONE = 0,        /* chosen */
	MDSEL_X_MISSING,         /* not found */
	MDSEL_X_NO_SB,           /* no valid md superblock */
	MDSEL_X_DUPLICATE,       /* shelf.slot answered by several devices */
	MDSEL_X_LISTED_TWICE,    /* the same name appears earlier in the list */
	MDSEL_X_OTHER_ARRAY,     /* another array uuid */
	MDSEL_X_NOT_ACTIVE,      /* its own superblock says spare or faulty */
	MDSEL_X_STALE,           /* behind the reference, which marks it failed */
	MDSEL_X_SPLIT,           /* reports the reference failed: the other half */
	MDSEL_X_NOT_PREFERRED,   /* fresher than the preferred reference */
	MDSEL_X_SAME_SLOT,       /* another chosen member holds its slot */
};

enum mdsel_verdict {
	MDSEL_OK = 0,            /* every listed member chosen */
	MDSEL_DEGRADED,          /* some listed member left out; still usable */
	MDSEL_REFUSE,            /* do not assemble: see mdsel_result.refuse */
};

enum mdsel_refuse {
	MDSEL_R_NONE = 0,
	MDSEL_R_NO_MEMBER,       /* no listed member is usable */
	MDSEL_R_DUPLICATE,       /* a listed member has an impostor */
	MDSEL_R_UUID_MISMATCH,   /* no member carries the pinned uuid */
	MDSEL_R_MIXED_ARRAYS,    /* members of different arrays, no pin/prefer */
	MDSEL_R_SPLIT_BRAIN,     /* members each report the other failed */
	MDSEL_R_FRESHER_UNLISTED,/* a visible unlisted member is fresher */
	MDSEL_R_BAD_PREFER,      /* aoe_md_prefer= names no usable member */
	MDSEL_R_AMBIGUOUS,       /* auto choice: several arrays visible */
};

/* Options from the command line (aoe_md_uuid=, aoe_md_prefer=). */
struct mdsel_opts {
	const uint8_t *pin_uuid; /* 16 bytes, or NULL for no pin */
	const char *prefer;      /* "eS.L" (exact name), or NULL */
};

struct mdsel_result {
	uint8_t verdict;         /* enum mdsel_verdict */
	uint8_t refuse;          /* enum mdsel_refuse when MDSEL_REFUSE */
	uint8_t n_chosen;
	uint8_t order[MDSEL_MAX_MEMBERS]; /* chosen, indexes into the listed
	                            members, in add order; reference last */
	uint8_t excl[MDSEL_MAX_MEMBERS];  /* per listed member: enum mdsel_excl */
	uint8_t ref;             /* listed index of the reference or MDSEL_NONE */
	uint8_t peer;            /* split brain: index of the other side (into
	                            the others when peer_unlisted); fresher
	                            unlisted: index into the others */
	bool peer_unlisted;      /* peer indexes the other visible targets */
	uint8_t array_uuid[16];  /* the array chosen (valid when ref set) */
	uint64_t ref_events;     /* events of the reference */
};

/**
 * mdsel_choose() - choose which listed members to assemble.
 * @listed: the members named by the user (aoe_md_devs=), in order.
 * @n_listed: how many (at most MDSEL_MAX_MEMBERS).
 * @others: every other visible target (not in @listed), or NULL.
 * @n_others: how many (at most MDSEL_MAX_MEMBERS).
 * @opts: pin and preference, or NULL for none.
 * @ret: the verdict, the chosen members in add order and why each other
 *       listed member was left out.
 * Return: 0 when something may be assembled (verdict OK or DEGRADED);
 * AR_ESPLIT for a split brain (among the listed members, or with another
 * visible target), AR_EDUP for an impostor, AR_ESTALE when an
 * unlisted member is fresher, AR_ENOENT when no member is usable,
 * AR_EPERM for the other refusals (uuid pin, mixed arrays, bad prefer);
 * AR_EINVAL for bad arguments (@ret then says MDSEL_R_NO_MEMBER).
 */
int mdsel_choose(const struct mdsel_member *listed, size_t n_listed,
                 const struct mdsel_member *others, size_t n_others,
                 const struct mdsel_opts *opts, struct mdsel_result *ret);

/**
 * mdsel_auto() - the auto-detected array among everything discovered: all
 * fresh members of the one array found.
 * @targets: every discovered target.
 * @n: how many (at most MDSEL_MAX_MEMBERS).
 * @ret: as for mdsel_choose(), with indexes into @targets; targets without
 *       a superblock are left out as MDSEL_X_NO_SB without degrading.
 * Return: 0 when there is exactly one array and it is usable;
 * AR_ENOENT when no target carries an md superblock; AR_EPERM when
 * several arrays are visible (MDSEL_R_AMBIGUOUS); AR_ESPLIT / AR_EDUP as
 * for mdsel_choose(). Nothing is chosen on failure.
 */
int mdsel_auto(const struct mdsel_member *targets, size_t n,
               struct mdsel_result *ret);

/** mdsel_excl_str() - short text for an enum mdsel_excl ("stale", ...). */
const char *mdsel_excl_str(unsigned excl);

/** mdsel_refuse_str() - short text for an enum mdsel_refuse. */
const char *mdsel_refuse_str(unsigned refuse);

/** mdsel_verdict_str() - "ok", "degraded" or "refused". */
const char *mdsel_verdict_str(unsigned verdict);

/**
 * mdsel_explain() - one line saying what was decided and why, naming the
 * members and, on refusal, what the user can do (which argument to set).
 * E.g. "refused: split brain: e0.1 (events 4) reports e0.0 (events 4) as
 * failed: both halves ran alone; choose a side with aoe_md_prefer=e0.0 or
 * aoe_md_prefer=e0.1", or "degraded: assembling e0.0, reference e0.0
 * (events 4); left out: e0.1 (stale)".
 * @r: result of mdsel_choose() / mdsel_auto() with the same member tables.
 * @buf, @cap: output buffer; always NUL-terminated when @cap > 0.
 * Return: the length written, or AR_ENOSPC when truncated.
 */
int mdsel_explain(const struct mdsel_result *r,
                  const struct mdsel_member *listed, size_t n_listed,
                  const struct mdsel_member *others, size_t n_others,
                  char *buf, size_t cap);

/**
 * mdsel_explain_member() - one line about listed member @i: "e0.1 (events
 * 12): chosen, slot 1" or "e0.1 (events 9): left out: stale; reference e0.0
 * (events 12)".
 * Return: the length written, or AR_ENOSPC when truncated; AR_EINVAL for a
 * bad index.
 */
int mdsel_explain_member(const struct mdsel_result *r,
                         const struct mdsel_member *listed, size_t n_listed,
                         size_t i, char *buf, size_t cap);

#endif /* AOEROOT_MDSEL_H */
