/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * disc_int.h - internals shared by disc.c and disc_md.c; not an API.
 */
#ifndef AOEROOT_DISC_INT_H
#define AOEROOT_DISC_INT_H

#include "disc.h"

uint64_t disc_now(const struct disc *d);
void disc_event(struct disc *d, const struct disc_target *t, enum disc_event ev);
uint32_t disc_tag(struct disc *d, uint64_t now);
void disc_hdr(const struct disc *d, struct aoe_hdr *h, const uint8_t *dst,
	      uint16_t shelf, uint8_t slot, uint8_t cmd, uint32_t tag);
int disc_send(struct disc *d, const uint8_t *frame, size_t len);
/* An IDENTIFY answer: @t's retransmit timeout adapts, and its round trip
 * may widen the settle window (docs/settle.md). */
void disc_rtt(struct disc *d, struct disc_target *t, uint32_t tag, uint64_t now);
/* A READ answer: the retransmit timeout only. A READ's round trip holds the
 * server's disk and the initiator's backlog of superblock frames, which say
 * nothing of how late a Query Config answer may come: counted in the
 * window, 64 targets' md reads widened it from 30 to ~60 ms. */
void disc_read_rtt(struct disc *d, struct disc_target *t, uint32_t tag, uint64_t now);
void disc_backoff(struct disc *d, struct disc_target *t);
bool disc_complete(const struct disc_target *t);
void disc_finish_target(struct disc *d, struct disc_target *t, int state,
			int err, const char *reason);
bool disc_malformed(int rc);
void disc_advance(struct disc *d, struct disc_target *t, uint64_t now);

/* disc_md.c */
void disc_md_start(struct disc *d, struct disc_target *t, uint64_t now);
int disc_md_rx(struct disc *d, struct disc_target *t, uint32_t tag,
	       const uint8_t *frame, size_t len, uint64_t now);
void disc_md_poll(struct disc *d, struct disc_target *t, uint64_t now);
void disc_md_release(struct disc *d, struct disc_target *t);

#endif /* AOEROOT_DISC_INT_H */
