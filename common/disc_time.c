/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * disc_time.c - the discovery engine's timing: the clock, round trips,
 * the retransmit timeout and its backoff, the adaptive settle window
 * (docs/settle.md). Depends on nothing else of the engine. See disc_int.h.
 */
#include "disc_int.h"
#include "bytes.h"
#include "err.h"

uint64_t disc_now(const struct disc *d)
{
	return d->plat.ops->now_ms(d->plat.ctx);
}

/*
 * An answer to a request of ours took @rtt ms by the engine's clock: the
 * window may widen. Only the link's share counts: the time the frame then
 * waited in the host (known when the platform stamps arrivals) is taken
 * off; without a stamp only a frame that came to an empty receive queue is
 * timed, since one that waited behind others (a broadcast's hundreds of
 * answers, the IDENTIFY answers queued while the engine sent) measures the
 * engine's own backlog and would widen the window by the time it takes to
 * drain it (docs/settle.md).
 */
void disc_note_answer(struct disc *d, uint32_t rtt)
{
	if (!d->rx_timed)
		return;
	rtt = rtt > d->rx_wait_ms ? rtt - (uint32_t)d->rx_wait_ms : 0;
	d->timed = true;
	if (rtt > d->slowest_ms)
		d->slowest_ms = rtt;
}

uint32_t disc_settle_window(const struct disc *d)
{
	uint64_t w;

	/* Until something answered, the link's speed is unknown: the cap. */
	if (!d->opts.settle_rtt_mult || !d->timed)
		return d->opts.settle_ms;
	w = (uint64_t)d->slowest_ms * d->opts.settle_rtt_mult;
	if (w < d->opts.settle_min_ms)
		w = d->opts.settle_min_ms;
	return w > d->opts.settle_ms ? d->opts.settle_ms : (uint32_t)w;
}

/* rto <- 7/8 rto + rtt/2: a smoothed RTO that converges on about 4 x RTT
 * (the fixed point of r = 7r/8 + rtt/2), so one slow answer moves it
 * only an eighth of the way and a lost frame is retried after a few RTTs,
 * not after a fixed second. */
static uint32_t disc_rto_adapt(const struct disc *d, uint32_t rto, uint32_t rtt)
{
	rto -= rto >> 3;
	rto += rtt >> 1;
	if (rto < d->opts.rto_min_ms)
		rto = d->opts.rto_min_ms;
	return rto > d->opts.rto_max_ms ? d->opts.rto_max_ms : rto;
}

void disc_read_rtt(struct disc *d, struct disc_target *t, uint32_t tag, uint64_t now)
{
	uint32_t rtt = aoe_tag_rtt(tag, now);

	t->rtt_ms = rtt;
	t->rto_ms = disc_rto_adapt(d, t->rto_ms, rtt);
	/* The link-wide estimate seeds targets found later; it never backs off. */
	d->rto_ms = disc_rto_adapt(d, d->rto_ms, rtt);
}

void disc_rtt(struct disc *d, struct disc_target *t, uint32_t tag, uint64_t now)
{
	disc_note_answer(d, aoe_tag_rtt(tag, now));
	disc_read_rtt(d, t, tag, now);
}

void disc_backoff(struct disc *d, struct disc_target *t)
{
	d->stats.retransmits++;
	t->rto_ms = t->rto_ms > d->opts.rto_max_ms / 2 ? d->opts.rto_max_ms
						       : t->rto_ms * 2;
}

/* The receive queue was empty when last looked at, or a broadcast has
 * waited for that a whole cap of the window (a segment that never falls
 * quiet must not stop the scan's questions). */
bool disc_rx_drained(const struct disc *d, uint64_t due, uint64_t now)
{
	return d->rx_idle || now - due >= d->opts.settle_ms;
}

/*
 * The time the settle window runs from: the last new target/MAC and, once
 * the window adapts to timed answers, also the last broadcast, so that each
 * broadcast has the whole (short) window to draw its answers. With a fixed
 * window, or while nothing answered, only the last new answer counts, as
 * the broadcasts are spread over that long window anyway.
 */
uint64_t disc_settle_from(const struct disc *d)
{
	if (d->opts.settle_rtt_mult && d->timed && d->last_query_ms > d->last_new_ms)
		return d->last_query_ms;
	return d->last_new_ms;
}

/* How long the frame just received waited for the engine, if the link
 * says when it arrived; whether its round trip may time the window. */
void disc_rx_stamp(struct disc *d)
{
	uint64_t at = d->plat.ops->rx_time_ms ? d->plat.ops->rx_time_ms(d->plat.ctx) : 0;
	uint64_t now;

	d->rx_timed = d->rx_idle;
	d->rx_idle = false;
	d->rx_wait_ms = 0;
	if (!at)
		return;
	now = disc_now(d);
	d->rx_timed = true;
	d->rx_wait_ms = at < now ? now - at : 0;
}
