/* SPDX-License-Identifier: GPL-3.0-or-later */
/* choose_int.h - what choose's files share (not an API). One way:
 * choose.c (the session) -> choose_decide.c (the decision) ->
 * choose_say.c (the lines). */
#ifndef AOEROOT_CHOOSE_INT_H
#define AOEROOT_CHOOSE_INT_H

#include "choose.h"

enum choose_state {
	CS_START = 0,                /* the first scan is due */
	CS_SCANNING,                 /* the platform scans */
	CS_PICK,                     /* the picker is up (countdown or a person) */
	CS_WAIT,                     /* waiting for a missing member */
	CS_DONE,
};

/* @line through cfg->emit, cut at spaces into lines of at most
 * PICKER_ROW_WIDTH columns (continued after "aoe:   "). */
void choose_emit(struct choose *c, const char *line);

/* "aoe: " a b d as one line through choose_emit() (b, d may be NULL). */
void choose_say(struct choose *c, const char *a, const char *b, const char *d);

/* The picker stays up for a person, @why (or the picker's first blocking
 * warning) on screen. */
void choose_stuck(struct choose *c, const char *why, uint64_t now);

/* Accept the selection (@person: Enter, else the countdown). */
enum choose_do choose_accept(struct choose *c, bool person, uint64_t now);

/* Boot what choose_decide() found (after the wait when unattended). */
enum choose_do choose_finish(struct choose *c, bool person, uint64_t now);

/* The decision for the current selection into c->res; 0, or an error with
 * the reason in @why (may be NULL). */
int choose_decide(struct choose *c, char *why_buf);

/* The decision's lines (mdsel's explanation, left-out and missing
 * members) after choose_decide() succeeded. */
void choose_say_decision(struct choose *c);

/* Whether the current decision leaves a member of its array missing;
 * @names gets "e0.1" or "md slot 1 of NAME" (may be NULL). */
bool choose_missing(struct choose *c, char *names, size_t cap);

/* Whether the configuration named shelf.slot (root path, list, saved). */
bool choose_named(const struct choose *c, uint16_t shelf, uint8_t slot);

void choose_wait_line(struct choose *c, const char *names, uint64_t now);
uint64_t choose_wait_end(const struct choose *c);
enum choose_do choose_wait_step(struct choose *c, int key, uint64_t now);
void choose_wait_rescanned(struct choose *c, uint64_t now);

#endif /* AOEROOT_CHOOSE_INT_H */
