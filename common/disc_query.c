/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * disc_query.c - the discovery engine's questions: Query Config
 * broadcasts, the extra ones after a crowd, the slot sweep, and queries to
 * named targets that have not answered (docs/settle.md, "Crowds"). Uses
 * disc_tx.c and disc_time.c; the table (disc.c) calls in. See disc_int.h.
 */
#include "disc_int.h"
#include "bytes.h"
#include "err.h"

static int disc_send_query_to(struct disc *d, uint16_t shelf, uint8_t slot,
			      uint64_t now)
{
	struct aoe_hdr h;
	struct aoe_cfg c;
	uint8_t buf[AOE_FRAME_MIN + 4];
	size_t len;
	int rc;

	disc_hdr(d, &h, disc_bcast, shelf, slot, AOE_CMD_CONFIG, disc_tag(d, now));
	ar_memset(&c, 0, sizeof(c));
	c.aoe_version = AOE_VERSION;
	c.subcmd = AOE_CFG_READ;
	rc = aoe_cfg_build(buf, sizeof(buf), &h, &c, &len);
	if (rc)
		return rc;
	d->stats.queries++;
	/* remembered so that the answers to it can be timed */
	d->query_tag[d->stats.queries % DISC_QUERY_TAGS] = h.tag;
	d->query_ms[d->stats.queries % DISC_QUERY_TAGS] = now;
	return disc_send(d, buf, len);
}

static int disc_send_query(struct disc *d, uint64_t now)
{
	if (d->queries_sent < 0xff)
		d->queries_sent++;
	d->last_query_ms = now;
	d->found_since_query = 0;
	return disc_send_query_to(d, d->opts.shelf, d->opts.slot, now);
}

/* A Query Config to each named target that has not answered yet: in a
 * crowd of answers to the broadcast, its own may be the one a switch drops. */
static void disc_query_wanted(struct disc *d, uint64_t now)
{
	unsigned i;

	for (i = 0; d->nwanted && i < d->ntargets; i++)
		if (d->targets[i].state == DISC_T_WANTED)
			disc_send_query_to(d, d->targets[i].shelf, d->targets[i].slot, now);
}

/* A new target or MAC: the settle window starts again. */
void disc_found(struct disc *d, uint64_t now)
{
	d->last_new_ms = now;
	if (d->found_since_query < 0xffff)
		d->found_since_query++;
	if (d->found_since_query >= DISC_CROWD)
		d->crowd = true;
}

/*
 * Broadcasts still to send: the first `queries`, then one more each time
 * the last one still found a new target or MAC, at most DISC_EXTRA_QUERIES
 * more. When hundreds of targets answer one broadcast at once, the answers
 * that overflow a queue on the way (the NIC's ring, a switch port, QEMU's
 * tap) are lost; a broadcast sent only after the engine drained its queue
 * (disc_rx_drained()) meets a different crowd, and the scan stops asking
 * once a broadcast brings nothing new (docs/settle.md, "Crowds").
 */
bool disc_more_broadcasts(const struct disc *d)
{
	if (d->queries_sent < d->opts.queries)
		return true;
	return d->found_since_query && d->extra_queries < DISC_EXTRA_QUERIES;
}

/*
 * After a crowd (DISC_CROWD or more new answers to one broadcast, or a
 * broadcast past the first `queries` that still found something new, so
 * answers were being lost), the broadcasts alone may keep missing the same
 * targets: a switch or a queue that overflows drops the last
 * arrivals, and the same servers answer last every time. So ask slot by
 * slot: a Query Config to every shelf for each slot number seen (targets
 * found by it are swept too), one after another as the queue drains. A
 * slot's crowd is one target per shelf, not all of them.
 */
bool disc_sweep_pending(const struct disc *d)
{
	return (d->crowd || d->extra_queries) && d->opts.slot == DISC_ANY_SLOT &&
	       !disc_more_broadcasts(d) && d->sweep_pos < d->ntargets;
}

static void disc_sweep_step(struct disc *d, uint64_t now)
{
	while (d->sweep_pos < d->ntargets) {
		uint8_t slot = d->targets[d->sweep_pos++].slot;

		if (d->swept_slots[slot >> 3] & (1u << (slot & 7)))
			continue;
		d->swept_slots[slot >> 3] |= (uint8_t)(1u << (slot & 7));
		d->last_query_ms = now;
		(void)disc_send_query_to(d, d->opts.shelf, slot, now);
		return;
	}
}

/* When the next round of queries is due: the first `queries` broadcasts
 * are spread over the window as it is now (it shrinks once answers are
 * timed); while waiting for a first target every DISC_WAIT_QUERY_MS; for
 * named targets that have not answered, settle_ms / queries apart. */
uint64_t disc_query_due(const struct disc *d)
{
	if (disc_more_broadcasts(d))
		return d->last_round_ms + disc_settle_window(d) / d->opts.queries;
	if (d->opts.wait_for_target && !d->ntargets)
		return d->last_round_ms + DISC_WAIT_QUERY_MS;
	return d->last_round_ms + d->opts.settle_ms / d->opts.queries;
}

/* More Query Config broadcasts due: the first few, or until a target shows. */
bool disc_querying(const struct disc *d)
{
	return disc_more_broadcasts(d) || d->nwanted ||
	       (d->opts.wait_for_target && !d->ntargets);
}

int disc_start(struct disc *d)
{
	uint64_t now = disc_now(d);

	d->started = true;
	d->start_ms = now;
	d->last_new_ms = now;
	d->last_round_ms = now;
	d->rx_idle = true;
	if (!d->opts.queries)
		d->opts.queries = 1;
	return disc_send_query(d, now);
}

void disc_query_poll(struct disc *d, uint64_t now)
{
	if (disc_querying(d) && now >= disc_query_due(d) &&
	    disc_rx_drained(d, disc_query_due(d), now)) {
		if (disc_more_broadcasts(d) || !d->nwanted ||
		    (d->opts.wait_for_target && !d->ntargets)) {
			if (d->queries_sent >= d->opts.queries && d->found_since_query)
				d->extra_queries++;
			disc_send_query(d, now);
		}
		disc_query_wanted(d, now);
		d->last_round_ms = now;
	} else if (disc_sweep_pending(d) && disc_rx_drained(d, now, now)) {
		disc_sweep_step(d, now);
	}
}
