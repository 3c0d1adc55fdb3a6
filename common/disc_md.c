/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * disc_md.c - the discovery engine's md superblock reads.
 *
 * A target that is identified takes one of DISC_MD_SLOTS read slots (4 KiB
 * each, inside struct disc), reads every place mdsb_locations() names, one
 * place at a time, split into READ frames of at most max-sectors-per-frame
 * sectors (bounded by the target's bufcnt in flight), and parses each place
 * with mdsb_parse() as soon as it is complete. A place's first frame goes
 * alone: mdsb_read_sectors() then says how much of it holds a superblock,
 * so a place without md magic costs one frame, not eight sectors' worth
 * (at MTU 1500 a disk's four places took 16 READs, now 4 to 5). The newest ctime wins, ties
 * to the earlier place (mdsb_probe()'s rule, as mdadm does), so only one
 * buffer per slot is needed.
 */
#include "disc_int.h"
#include "bytes.h"
#include "err.h"

static struct disc_md_slot *disc_md_slot(struct disc *d, const struct disc_target *t)
{
	return t->md_slot ? &d->md[t->md_slot - 1] : 0;
}

void disc_md_release(struct disc *d, struct disc_target *t)
{
	struct disc_md_slot *s = disc_md_slot(d, t);

	if (s)
		s->used = false;
	t->md_slot = 0;
}

/* Sectors per READ frame: the target's limit and what the MTU carries. */
static unsigned disc_md_chunk(const struct disc *d, const struct disc_target *t)
{
	return aoe_frame_sectors(t->max_sectors, d->opts.mtu, DISC_MD_BUF / AOE_SECTOR_SIZE);
}

static int disc_md_send_chunk(struct disc *d, struct disc_target *t,
			      struct disc_md_slot *s, unsigned c, uint64_t now)
{
	struct aoe_hdr h;
	uint8_t buf[AOE_FRAME_MIN + 4];
	unsigned first = c * s->chunk_sect, cnt = s->nsect - first;
	size_t len;
	int rc;

	if (cnt > s->chunk_sect)
		cnt = s->chunk_sect;
	s->tags[c] = disc_tag(d, now);
	s->tries[c]++;
	s->deadline_ms[c] = now + t->rto_ms;
	disc_hdr(d, &h, t->macs[t->md_mac].mac, t->shelf, t->slot,
		 AOE_CMD_ATA, s->tags[c]);
	rc = aoe_ata_build_read(buf, sizeof(buf), &h, s->sector + first,
				(uint8_t)cnt, &len);
	return rc ? rc : disc_send(d, buf, len);
}

/* Send unsent chunks while fewer than bufcnt are in flight. */
static void disc_md_send_more(struct disc *d, struct disc_target *t,
			      struct disc_md_slot *s, uint64_t now)
{
	unsigned c, inflight = 0, limit = aoe_window(t->bufcnt, 1, DISC_MD_CHUNKS);

	if (!s->sized)
		limit = 1; /* the first chunk alone, until it sizes the place */

	for (c = 0; c < s->nchunks; c++)
		if (s->tries[c] && !(s->done_mask & (1u << c)))
			inflight++;
	for (c = 0; c < s->nchunks && inflight < limit; c++) {
		if (s->tries[c])
			continue;
		disc_md_send_chunk(d, t, s, c, now);
		inflight++;
	}
}

/* The device being read is done: record what is behind it and free the
 * slot (the table, disc.c, then moves the target on). */
static void disc_md_finish(struct disc *d, struct disc_target *t)
{
	struct disc_md_slot *s = disc_md_slot(d, t);
	struct disc_mac *m = &t->macs[t->md_mac];

	if (s && s->best.version) {
		m->md_state = DISC_MD_FOUND;
		ar_memcpy(m->md_uuid, s->best.uuid, 16);
	} else {
		m->md_state = s && s->err ? DISC_MD_ERROR : DISC_MD_ABSENT;
	}
	if (t->md_mac == t->primary) {
		/* The target's own superblock is the primary device's. */
		if (s && s->best.version)
			t->md = s->best;
		t->md_err = s ? s->err : 0;
		t->md_state = m->md_state;
	}
	disc_md_release(d, t);
}

/* Size of the device being read, from its own IDENTIFY. */
static uint64_t disc_md_sectors(const struct disc_target *t)
{
	return t->macs[t->md_mac].sectors ? t->macs[t->md_mac].sectors : t->id.sectors;
}

/* Start reading place t->md_loc, or finish when none is left. */
static void disc_md_issue(struct disc *d, struct disc_target *t,
			  struct disc_md_slot *s, uint64_t now)
{
	struct mdsb_loc locs[MDSB_NLOCS];
	int n = mdsb_locations(disc_md_sectors(t), locs);
	unsigned nsect;

	if (n < 0 || t->md_loc >= (unsigned)n) {
		disc_md_finish(d, t);
		return;
	}
	nsect = locs[t->md_loc].count;
	if (nsect > DISC_MD_BUF / 512)
		nsect = DISC_MD_BUF / 512;
	s->sector = locs[t->md_loc].sector;
	s->nsect = (uint16_t)nsect;
	s->chunk_sect = (uint8_t)disc_md_chunk(d, t);
	s->nchunks = (uint8_t)((nsect + s->chunk_sect - 1) / s->chunk_sect);
	s->done_mask = 0;
	s->sized = s->nchunks == 1;
	ar_memset(s->tries, 0, sizeof(s->tries));
	disc_md_send_more(d, t, s, now);
}

static bool disc_md_acquire(struct disc *d, struct disc_target *t, uint64_t now)
{
	unsigned i;

	if (t->md_slot)
		return true;
	for (i = 0; i < DISC_MD_SLOTS; i++) {
		if (d->md[i].used)
			continue;
		d->md[i].used = true;
		d->md[i].target = (uint16_t)(t - d->targets);
		d->md[i].err = 0;
		ar_memset(&d->md[i].best, 0, sizeof(d->md[i].best));
		t->md_slot = (uint8_t)(i + 1);
		disc_md_issue(d, t, &d->md[i], now);
		return true;
	}
	return false;
}

void disc_md_start(struct disc *d, struct disc_target *t, uint64_t now)
{
	t->md_loc = 0;
	if (t->md_mac == t->primary) {
		t->md_err = 0;
		ar_memset(&t->md, 0, sizeof(t->md));
	}
	disc_md_acquire(d, t, now);
}

/* The first chunk (@cnt sectors) is in: read only what the place holds. */
static void disc_md_size_place(struct disc_md_slot *s, unsigned cnt)
{
	unsigned need = mdsb_read_sectors(s->buf, (size_t)cnt * 512);

	s->sized = true;
	if (need < cnt)
		need = cnt; /* nothing there: parse what came (AR_ENOENT) */
	if (need >= s->nsect)
		return;
	s->nsect = (uint16_t)need;
	s->nchunks = (uint8_t)((need + s->chunk_sect - 1) / s->chunk_sect);
}

/* A place is complete: parse it, keep the best, go to the next place. */
static void disc_md_place_done(struct disc *d, struct disc_target *t,
			       struct disc_md_slot *s, uint64_t now)
{
	struct mdsb_info info;
	int rc;

	rc = mdsb_parse(s->buf, (size_t)s->nsect * 512, s->sector,
			disc_md_sectors(t), &info);
	if (!rc) {
		if (!s->best.version || info.ctime > s->best.ctime)
			s->best = info;
	} else if (rc != AR_ENOENT && !s->err) {
		s->err = rc;
	}
	t->md_loc++;
	disc_md_issue(d, t, s, now);
}

int disc_md_rx(struct disc *d, struct disc_target *t, uint32_t tag,
	       const uint8_t *frame, size_t len, uint64_t now)
{
	struct disc_md_slot *s = disc_md_slot(d, t);
	struct aoe_hdr h;
	struct aoe_ata a;
	unsigned c, first, cnt;
	int rc;

	for (c = 0; c < s->nchunks; c++)
		if (s->tries[c] && !(s->done_mask & (1u << c)) && s->tags[c] == tag)
			break;
	if (c == s->nchunks) {
		d->stats.rx_unmatched++;
		return AR_ENOENT;
	}
	first = c * s->chunk_sect;
	cnt = s->nsect - first < s->chunk_sect ? s->nsect - first : s->chunk_sect;
	rc = aoe_ata_parse(frame, len, cnt, &h, &a);
	if (disc_malformed(rc)) {
		/* Truncated or damaged: leave the chunk pending, the retransmit recovers. */
		d->stats.rx_malformed++;
		return rc;
	}
	disc_read_rtt(d, t, tag, now);
	if (rc) {
		/* This place cannot be read (e.g. beyond a short device). */
		d->stats.rx_errors++;
		if (!s->err)
			s->err = rc;
		t->md_loc++;
		disc_md_issue(d, t, s, now);
		return 0;
	}
	ar_memcpy(s->buf + (size_t)first * 512, a.data, (size_t)cnt * 512);
	s->done_mask |= (uint8_t)(1u << c);
	if (!s->sized)
		disc_md_size_place(s, cnt);
	if (s->done_mask == (uint8_t)((1u << s->nchunks) - 1))
		disc_md_place_done(d, t, s, now);
	else
		disc_md_send_more(d, t, s, now);
	return 0;
}

int disc_md_poll(struct disc *d, struct disc_target *t, uint64_t now)
{
	struct disc_md_slot *s;
	unsigned c;

	if (!disc_md_acquire(d, t, now))
		return 0;
	s = disc_md_slot(d, t);
	if (!s)
		return 0; /* finished inside disc_md_acquire() */
	for (c = 0; c < s->nchunks; c++) {
		if (!s->tries[c] || (s->done_mask & (1u << c)) ||
		    now < s->deadline_ms[c])
			continue;
		if (s->tries[c] >= d->opts.tries && t->md_mac != t->primary) {
			/* Another device of a duplicate: unknown, not fatal. */
			disc_md_release(d, t);
			t->macs[t->md_mac].md_state = DISC_MD_ERROR;
			return 0;
		}
		if (s->tries[c] >= d->opts.tries) {
			disc_md_release(d, t);
			t->md_state = DISC_MD_ERROR;
			t->md_err = AR_ETIMEDOUT;
			t->macs[t->md_mac].md_state = DISC_MD_ERROR;
			return AR_ETIMEDOUT;
		}
		disc_backoff(d, t);
		disc_md_send_chunk(d, t, s, c, now);
	}
	disc_md_send_more(d, t, s, now);
	return 0;
}
