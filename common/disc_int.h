/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * disc_int.h - internals of the discovery engine's files; not an API.
 *
 * The files depend one way, top to bottom:
 *   disc.c        the target table, the receive dispatch, the poll
 *   disc_query.c  Query Config broadcasts, crowds, slot sweep
 *   disc_md.c     md superblock reads
 *   disc_time.c   clock, round trips, retransmit timeout, settle window
 *   disc_tx.c     frames out (tags, headers, the write-safety gate)
 * A file calls only the files below it.
 */
#ifndef AOEROOT_DISC_INT_H
#define AOEROOT_DISC_INT_H

#include "disc.h"

/* ---- disc_tx.c ---- */
extern const uint8_t disc_bcast[6];
/* A new request tag: the send time in it (aoe_tag_make()). */
uint32_t disc_tag(struct disc *d, uint64_t now);
/* An AoE header from our MAC to @dst for @shelf.@slot. */
void disc_hdr(const struct disc *d, struct aoe_hdr *h, const uint8_t *dst,
	      uint16_t shelf, uint8_t slot, uint8_t cmd, uint32_t tag);
/* Send a frame; refuses (AR_EPERM) anything but a read. Counts tx. */
int disc_send(struct disc *d, const uint8_t *frame, size_t len);
/* Parse errors that mean a damaged frame rather than a device's answer. */
bool disc_malformed(int rc);

/* ---- disc_time.c ---- */
uint64_t disc_now(const struct disc *d);
/* An answer to a request of ours took @rtt ms: the settle window may widen. */
void disc_note_answer(struct disc *d, uint32_t rtt);
/* An IDENTIFY answer: @t's retransmit timeout adapts, and its round trip
 * may widen the settle window (docs/settle.md). */
void disc_rtt(struct disc *d, struct disc_target *t, uint32_t tag, uint64_t now);
/* A READ answer: the retransmit timeout only. A READ's round trip holds the
 * server's disk and the initiator's backlog of superblock frames, which say
 * nothing of how late a Query Config answer may come (bench/README.md,
 * "Measurements behind constants"). */
void disc_read_rtt(struct disc *d, struct disc_target *t, uint32_t tag, uint64_t now);
/* A retransmit is due: count it, double @t's timeout (capped). */
void disc_backoff(struct disc *d, struct disc_target *t);
/* The receive queue was drained, or @due is a whole window cap ago. */
bool disc_rx_drained(const struct disc *d, uint64_t due, uint64_t now);
/* The time the settle window runs from. */
uint64_t disc_settle_from(const struct disc *d);
/* Note how long the frame just received waited for the engine. */
void disc_rx_stamp(struct disc *d);

/* ---- disc_md.c ---- */
/* Start reading the md superblock of @t's device t->md_mac (takes a read
 * slot when one is free; disc_md_poll() retries). */
void disc_md_start(struct disc *d, struct disc_target *t, uint64_t now);
/* A READ answer for @t. Return: 0, or a negative error for a frame that
 * was not used. */
int disc_md_rx(struct disc *d, struct disc_target *t, uint32_t tag,
	       const uint8_t *frame, size_t len, uint64_t now);
/* Retransmit due READs, take a free slot. Return: 0, or AR_ETIMEDOUT when
 * the target's own superblock could not be read (the target fails). */
int disc_md_poll(struct disc *d, struct disc_target *t, uint64_t now);
/* Free @t's read slot, if it holds one. */
void disc_md_release(struct disc *d, struct disc_target *t);

/* ---- disc_query.c ---- */
/* A new target or MAC: the settle window starts again. */
void disc_found(struct disc *d, uint64_t now);
bool disc_more_broadcasts(const struct disc *d);
bool disc_sweep_pending(const struct disc *d);
bool disc_querying(const struct disc *d);
uint64_t disc_query_due(const struct disc *d);
/* Send the questions that are due: broadcasts, queries to named targets
 * not seen yet, or the next slot of the sweep. */
void disc_query_poll(struct disc *d, uint64_t now);

#endif /* AOEROOT_DISC_INT_H */
