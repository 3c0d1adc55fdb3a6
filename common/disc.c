/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * disc.c - AoE discovery engine: the target table, the receive dispatch
 * (Query Config answers, IDENTIFY per MAC, duplicate detection) and the
 * poll that moves each target on. See disc.h.
 *
 * The engine's other files sit below this one and never call into it:
 * disc_query.c (broadcasts, crowds, slot sweep), disc_md.c (md superblock
 * reads), disc_time.c (clock, RTT, retransmit, settle window), disc_tx.c
 * (frames out, write safety). Their internals: disc_int.h.
 */
#include "disc_int.h"
#include "bytes.h"
#include "err.h"

void disc_opts_default(struct disc_opts *ret_opts)
{
	ar_memset(ret_opts, 0, sizeof(*ret_opts));
	ret_opts->timeout_ms = DISC_DEF_TIMEOUT_MS;
	ret_opts->settle_ms = DISC_DEF_SETTLE_MS;
	ret_opts->settle_min_ms = DISC_DEF_SETTLE_MIN_MS;
	ret_opts->settle_rtt_mult = DISC_DEF_SETTLE_MULT;
	ret_opts->rto_ms = DISC_DEF_RTO_MS;
	ret_opts->rto_min_ms = DISC_DEF_RTO_MIN_MS;
	ret_opts->rto_max_ms = DISC_DEF_RTO_MAX_MS;
	ret_opts->tries = DISC_DEF_TRIES;
	ret_opts->queries = DISC_DEF_QUERIES;
	ret_opts->read_md = true;
	ret_opts->shelf = DISC_ANY_SHELF;
	ret_opts->slot = DISC_ANY_SLOT;
	ret_opts->mtu = DISC_DEF_MTU;
}

static bool disc_opts_valid(const struct disc_opts *o)
{
	return o->timeout_ms && o->tries && o->rto_min_ms &&
	       o->rto_min_ms <= o->rto_max_ms && o->rto_ms &&
	       o->mtu >= AOE_ATA_HDR_LEN - 14 + 512;
}

int disc_init(struct disc *d, const struct ar_platform *plat,
	      struct disc_target *targets, size_t max_targets,
	      const struct disc_opts *opts)
{
	if (!d || !plat || !plat->ops || !plat->ops->send || !plat->ops->now_ms ||
	    !plat->ops->get_mac || !targets || !max_targets || max_targets > 0xffff)
		return AR_EINVAL;
	ar_memset(d, 0, sizeof(*d) - sizeof(d->frame));
	if (opts)
		d->opts = *opts;
	else
		disc_opts_default(&d->opts);
	if (!disc_opts_valid(&d->opts))
		return AR_EINVAL;
	d->plat = *plat;
	d->targets = targets;
	d->max_targets = (uint16_t)max_targets;
	/* The table is not cleared here: each entry is zeroed when it is
	 * taken (disc_want(), disc_new_target()) and nothing reads past
	 * ntargets. Clearing all of it would touch every page of a 1024-entry
	 * table (~2.3 MiB) and make it resident in the initrd's /init, which
	 * holds it in zero-filled memory that is only paged in when used. */
	d->plat.ops->get_mac(d->plat.ctx, d->our_mac);
	d->rto_ms = d->opts.rto_ms;
	return 0;
}

static void disc_event(struct disc *d, const struct disc_target *t, enum disc_event ev)
{
	if (d->opts.progress)
		d->opts.progress(d->opts.progress_arg, d, t, ev);
}

static int disc_lookup(const struct disc *d, uint16_t shelf, uint8_t slot)
{
	unsigned i;

	for (i = 0; i < d->ntargets; i++)
		if (d->targets[i].shelf == shelf && d->targets[i].slot == slot)
			return (int)i;
	return -1;
}

size_t disc_count(const struct disc *d)
{
	return d->ntargets;
}

bool disc_all_complete(const struct disc *d)
{
	return d->ntargets && d->ncomplete == d->ntargets;
}

bool disc_finished(const struct disc *d)
{
	return d->done;
}

const struct disc_stats *disc_get_stats(const struct disc *d)
{
	return &d->stats;
}

uint32_t disc_rto_ms(const struct disc *d)
{
	return d->rto_ms;
}

uint64_t disc_start_time(const struct disc *d)
{
	return d->start_ms;
}

const struct disc_target *disc_find(const struct disc *d, uint16_t shelf,
				    uint8_t slot)
{
	int i = disc_lookup(d, shelf, slot);

	return i < 0 ? NULL : &d->targets[i];
}

int disc_want(struct disc *d, uint16_t shelf, uint8_t slot)
{
	struct disc_target *t;

	if (d->started || shelf == 0xffff || slot == 0xff)
		return AR_EINVAL;
	if (disc_lookup(d, shelf, slot) >= 0)
		return 0;
	if (d->ntargets >= d->max_targets)
		return AR_ENOMEM;
	t = &d->targets[d->ntargets++];
	ar_memset(t, 0, sizeof(*t));
	t->shelf = shelf;
	t->slot = slot;
	t->state = DISC_T_WANTED;
	d->nwanted++;
	return 0;
}

static bool disc_complete(const struct disc_target *t)
{
	return t->state == DISC_T_DONE || t->state == DISC_T_ERROR;
}

static void disc_finish_target(struct disc *d, struct disc_target *t, int state,
			int err, const char *reason)
{
	if (disc_complete(t))
		return;
	t->state = (uint8_t)state;
	t->err = err;
	t->reason = reason;
	d->ncomplete++;
	disc_event(d, t, DISC_EV_DONE_TARGET);
}

static void disc_reopen_target(struct disc *d, struct disc_target *t)
{
	if (!disc_complete(t))
		return;
	d->ncomplete--;
	t->state = DISC_T_IDENTIFY;
	t->err = 0;
	t->reason = 0;
}

static int disc_send_identify(struct disc *d, struct disc_target *t,
			      struct disc_mac *m, uint64_t now)
{
	struct aoe_hdr h;
	uint8_t buf[AOE_FRAME_MIN + 4];
	size_t len;
	int rc;

	m->tag = disc_tag(d, now);
	m->tries++;
	m->deadline_ms = now + t->rto_ms;
	disc_hdr(d, &h, m->mac, t->shelf, t->slot, AOE_CMD_ATA, m->tag);
	rc = aoe_ata_build_identify(buf, sizeof(buf), &h, &len);
	return rc ? rc : disc_send(d, buf, len);
}

/* Copy a config string: untrusted bytes, kept with their length. */
static void disc_set_config(struct disc_target *t, const struct aoe_cfg *c)
{
	size_t n = c->str_len > AOE_CFG_STR_MAX ? AOE_CFG_STR_MAX : c->str_len;

	t->bufcnt = c->bufcnt;
	t->firmware = c->firmware;
	t->max_sectors = c->max_sectors;
	t->aoe_version = c->aoe_version;
	ar_memcpy(t->config, c->str, n);
	t->config[n] = 0;
	t->config_len = (uint16_t)n;
}

/* Count a shelf.slot the full table cannot take, once (about: a hash). */
static void disc_dropped(struct disc *d, uint16_t shelf, uint8_t slot)
{
	uint32_t k = ((uint32_t)shelf << 8 | slot) * 2654435761u;
	unsigned bit = (unsigned)(k >> 20) % (sizeof(d->dropped_seen) * 8);

	d->stats.table_full++;
	if (d->dropped_seen[bit / 8] & (1u << (bit % 8)))
		return;
	d->dropped_seen[bit / 8] |= (uint8_t)(1u << (bit % 8));
	d->stats.dropped_targets++;
}

static struct disc_target *disc_new_target(struct disc *d, struct disc_target *t,
					   const struct aoe_hdr *h,
					   const struct aoe_cfg *c, uint64_t now)
{
	if (t) {
		/* A reserved (wanted) entry answers at last. */
		d->nwanted--;
	} else if (d->ntargets >= d->max_targets) {
		disc_dropped(d, h->shelf, h->slot);
		return 0;
	} else {
		t = &d->targets[d->ntargets++];
	}
	ar_memset(t, 0, sizeof(*t));
	t->shelf = h->shelf;
	t->slot = h->slot;
	t->state = DISC_T_IDENTIFY;
	t->first_seen_ms = now;
	t->rto_ms = d->rto_ms;
	disc_set_config(t, c);
	disc_found(d, now);
	disc_event(d, t, DISC_EV_NEW);
	return t;
}

static void disc_add_mac(struct disc *d, struct disc_target *t,
			 const uint8_t *mac, uint64_t now)
{
	struct disc_mac *m;
	unsigned i;

	for (i = 0; i < t->nmacs; i++)
		if (!ar_memcmp(t->macs[i].mac, mac, 6))
			return;
	if (t->nmacs >= DISC_MAX_MACS) {
		t->macs_overflow++;
		return;
	}
	m = &t->macs[t->nmacs++];
	ar_memset(m, 0, sizeof(*m));
	ar_memcpy(m->mac, mac, 6);
	disc_found(d, now);
	disc_reopen_target(d, t);
	disc_send_identify(d, t, m, now);
}

static int disc_rx_config(struct disc *d, const struct aoe_hdr *h,
			  const uint8_t *frame, size_t len, uint64_t now)
{
	struct aoe_hdr hh;
	struct aoe_cfg c;
	struct disc_target *t;
	int i, rc;

	rc = aoe_cfg_parse(frame, len, &hh, &c);
	if (rc) {
		d->stats.rx_malformed++;
		return rc;
	}
	/*
	 * Any Query Config response counts, whatever its tag: vblade announces
	 * itself unsolicited at start, and replies to other initiators' queries
	 * describe targets just as well. Nothing is sent back except IDENTIFY.
	 * Only the answers to our own broadcasts are timed.
	 */
	for (i = 0; i < DISC_QUERY_TAGS; i++)
		if (d->query_tag[i] && d->query_tag[i] == h->tag) {
			disc_note_answer(d, (uint32_t)(now - d->query_ms[i]));
			break;
		}
	i = disc_lookup(d, h->shelf, h->slot);
	if (i < 0 || d->targets[i].state == DISC_T_WANTED) {
		t = disc_new_target(d, i < 0 ? 0 : &d->targets[i], h, &c, now);
		if (!t)
			return AR_ENOMEM;
	} else {
		t = &d->targets[i];
	}
	disc_add_mac(d, t, h->src, now);
	return 0;
}

static int disc_mac_index(const struct disc_target *t, const uint8_t *mac)
{
	unsigned i;

	for (i = 0; i < t->nmacs; i++)
		if (!ar_memcmp(t->macs[i].mac, mac, 6))
			return (int)i;
	return -1;
}

static void disc_check_dup(struct disc *d, struct disc_target *t)
{
	const struct disc_mac *p = &t->macs[t->primary];
	uint8_t why = 0;
	unsigned i;

	for (i = 0; i < t->nmacs; i++) {
		const struct disc_mac *m = &t->macs[i];

		if (i == t->primary || m->state != DISC_MAC_OK)
			continue;
		if (ar_memcmp(m->serial, p->serial, sizeof(m->serial)))
			why |= DISC_DUP_SERIAL;
		if (m->sectors != p->sectors)
			why |= DISC_DUP_SIZE;
		if (ar_memcmp(m->model, p->model, sizeof(m->model)))
			why |= DISC_DUP_MODEL;
	}
	if (why & ~t->dup_reason) {
		t->dup_reason |= why;
		t->duplicate = true;
		disc_event(d, t, DISC_EV_DUPLICATE);
	}
}

/*
 * The next device whose md superblock is to be read: the primary first; on
 * a duplicate shelf.slot every other answering device too, so the choice
 * can tell a duplicate that may hide a member of the array to boot from
 * one that cannot (picker.h). -1 when none is left.
 */
static int disc_md_next_mac(const struct disc *d, const struct disc_target *t)
{
	unsigned i;

	if (!d->opts.read_md)
		return -1;
	if (t->macs[t->primary].state == DISC_MAC_OK &&
	    t->macs[t->primary].md_state == DISC_MD_NONE && t->macs[t->primary].sectors)
		return t->primary;
	for (i = 0; t->duplicate && i < t->nmacs; i++)
		if (t->macs[i].state == DISC_MAC_OK && t->macs[i].md_state == DISC_MD_NONE &&
		    t->macs[i].sectors)
			return (int)i;
	return -1;
}

/*
 * Move a target on once no IDENTIFY is outstanding: to the md reads, or to
 * DONE/ERROR. Called after every IDENTIFY answer or give-up and after every
 * step of the md reads (a device's read is over when its md_state is set
 * and the slot released); a device read that ends at once moves on here.
 */
static void disc_advance(struct disc *d, struct disc_target *t, uint64_t now)
{
	unsigned i, ok = 0;
	int err = AR_ETIMEDOUT, next;

	if (disc_complete(t))
		return;
	for (i = 0; i < t->nmacs; i++) {
		if (t->macs[i].state == DISC_MAC_PENDING)
			return;
		if (t->macs[i].state == DISC_MAC_OK)
			ok++;
		else if (t->macs[i].tries < d->opts.tries)
			err = AR_EIO;
	}
	if (!ok) {
		disc_finish_target(d, t, DISC_T_ERROR, err, err == AR_EIO ?
				   "IDENTIFY failed" : "IDENTIFY timed out");
		return;
	}
	if (t->state == DISC_T_MD && t->md_slot)
		return; /* md reads running */
	if (t->state == DISC_T_MD && t->macs[t->md_mac].md_state == DISC_MD_NONE)
		return; /* waiting for a read slot */
	while ((next = disc_md_next_mac(d, t)) >= 0) {
		t->state = DISC_T_MD;
		t->md_mac = (uint8_t)next;
		disc_md_start(d, t, now);
		if (t->md_slot || t->macs[t->md_mac].md_state == DISC_MD_NONE)
			return; /* reading, or waiting for a read slot */
	}
	disc_finish_target(d, t, DISC_T_DONE, 0, 0);
}

/* One step of the md reads of @t (a READ answer, or the poll): their
 * outcome moves the target on. */
static void disc_md_step(struct disc *d, struct disc_target *t, int rc, uint64_t now)
{
	if (rc == AR_ETIMEDOUT)
		disc_finish_target(d, t, DISC_T_ERROR, AR_ETIMEDOUT,
				   "md superblock READ timed out");
	else
		disc_advance(d, t, now);
}

static void disc_identified(struct disc *d, struct disc_target *t,
			    unsigned mi, const struct aoe_ata *a)
{
	struct disc_mac *m = &t->macs[mi];
	struct ata_identity id;

	if (ata_identify_parse(a->data, a->data_len, &id)) {
		d->stats.rx_malformed++;
		m->state = DISC_MAC_ERROR;
		return;
	}
	m->state = DISC_MAC_OK;
	m->sectors = id.sectors;
	ar_memcpy(m->serial, id.serial, sizeof(m->serial));
	ar_memcpy(m->model, id.model, sizeof(m->model));
	/* The first MAC to answer defines the target; later ones are compared. */
	if (!t->id.sectors && !t->id.serial[0] && !t->id.model[0]) {
		t->id = id;
		t->primary = (uint8_t)mi;
	}
	disc_check_dup(d, t);
}

static int disc_rx_identify(struct disc *d, struct disc_target *t, unsigned mi,
			    const uint8_t *frame, size_t len, uint64_t now)
{
	struct disc_mac *m = &t->macs[mi];
	struct aoe_hdr h;
	struct aoe_ata a;
	int rc;

	rc = aoe_ata_parse(frame, len, 1, &h, &a);
	if (disc_malformed(rc)) {
		/* Leave the request pending: the retransmit recovers. */
		d->stats.rx_malformed++;
		return rc;
	}
	disc_rtt(d, t, h.tag, now);
	if (rc) {
		d->stats.rx_errors++;
		m->state = DISC_MAC_ERROR;
	} else {
		disc_identified(d, t, mi, &a);
	}
	disc_advance(d, t, now);
	return 0;
}

static int disc_rx_ata(struct disc *d, const struct aoe_hdr *h,
		       const uint8_t *frame, size_t len, uint64_t now)
{
	struct disc_target *t;
	struct disc_mac *m;
	int i, mi;

	i = disc_lookup(d, h->shelf, h->slot);
	mi = i < 0 ? -1 : disc_mac_index(&d->targets[i], h->src);
	if (mi < 0) {
		d->stats.rx_unmatched++;
		return AR_ENOENT;
	}
	t = &d->targets[i];
	m = &t->macs[mi];
	if (m->state == DISC_MAC_PENDING && m->tries && m->tag == h->tag)
		return disc_rx_identify(d, t, (unsigned)mi, frame, len, now);
	if (t->md_slot && (unsigned)mi == t->md_mac) {
		int rc = disc_md_rx(d, t, h->tag, frame, len, now);

		disc_md_step(d, t, 0, now);
		return rc;
	}
	d->stats.rx_unmatched++;
	return AR_ENOENT;
}

static bool disc_filtered(const struct disc *d, const struct aoe_hdr *h)
{
	if (h->shelf == 0xffff || h->slot == 0xff)
		return true; /* not a target address (Linux rejects these too) */
	if (d->opts.shelf != DISC_ANY_SHELF && h->shelf != d->opts.shelf)
		return true;
	return d->opts.slot != DISC_ANY_SLOT && h->slot != d->opts.slot;
}

int disc_rx(struct disc *d, const uint8_t *frame, size_t len)
{
	struct aoe_hdr h;
	uint64_t now;
	int rc;

	d->stats.rx++;
	if (d->done) {
		/* Finished: the caller reads the table, which must not change. */
		d->stats.rx_ignored++;
		return AR_EPROTO;
	}
	if (!frame || len < AOE_HDR_LEN || get_be16(frame + 12) != AOE_ETHERTYPE) {
		d->stats.rx_ignored++;
		return AR_EPROTO;
	}
	if (!ar_memcmp(frame + 6, d->our_mac, 6)) {
		d->stats.rx_self++;
		return AR_EPROTO;
	}
	/* A promiscuous link (GRUB's i386-pc pxe card opens UNDI that way)
	 * also hands us replies meant for other initiators. */
	if (ar_memcmp(frame, d->our_mac, 6) && ar_memcmp(frame, disc_bcast, 6)) {
		d->stats.rx_ignored++;
		return AR_EPROTO;
	}
	rc = aoe_hdr_unpack(frame, len, &h);
	if (rc) {
		d->stats.rx_malformed++;
		return rc;
	}
	if (!(h.flags & AOE_FL_RESPONSE) || disc_filtered(d, &h)) {
		d->stats.rx_ignored++;
		return AR_EPROTO;
	}
	now = disc_now(d);
	if (h.cmd == AOE_CMD_CONFIG) {
		if (h.flags & AOE_FL_ERROR) {
			d->stats.rx_errors++;
			return 0;
		}
		return disc_rx_config(d, &h, frame, len, now);
	}
	if (h.cmd == AOE_CMD_ATA)
		return disc_rx_ata(d, &h, frame, len, now);
	d->stats.rx_ignored++;
	return AR_EPROTO;
}

/* Retransmit or give up IDENTIFYs that are due. */
static void disc_poll_identify(struct disc *d, struct disc_target *t, uint64_t now)
{
	unsigned i;

	for (i = 0; i < t->nmacs; i++) {
		struct disc_mac *m = &t->macs[i];

		if (m->state != DISC_MAC_PENDING || now < m->deadline_ms)
			continue;
		if (m->tries >= d->opts.tries) {
			m->state = DISC_MAC_ERROR;
			continue;
		}
		disc_backoff(d, t);
		disc_send_identify(d, t, m, now);
	}
	disc_advance(d, t, now);
}

static void disc_timeout_all(struct disc *d)
{
	unsigned i;

	for (i = 0; i < d->ntargets; i++) {
		struct disc_target *t = &d->targets[i];

		if (disc_complete(t))
			continue;
		disc_md_release(d, t);
		if (t->state == DISC_T_WANTED)
			d->nwanted--;
		disc_finish_target(d, t, DISC_T_ERROR, AR_ETIMEDOUT,
				   t->state == DISC_T_WANTED ? "named target did not answer" :
				   t->state == DISC_T_MD ? "md read unfinished at timeout"
							 : "IDENTIFY unfinished at timeout");
	}
}

/*
 * Finished: every known target complete, every broadcast sent, and the
 * settle window W has passed since disc_settle_from() (docs/settle.md).
 */
static bool disc_check_done(struct disc *d, uint64_t now)
{
	uint32_t w = disc_settle_window(d);

	if (now - d->start_ms >= d->opts.timeout_ms) {
		disc_timeout_all(d);
		return true;
	}
	return d->ncomplete == d->ntargets &&
	       !disc_more_broadcasts(d) && !disc_sweep_pending(d) &&
	       !(d->opts.wait_for_target && !d->ntargets) &&
	       now - disc_settle_from(d) >= w;
}

bool disc_poll(struct disc *d, uint64_t now)
{
	unsigned i;

	if (!d->started || d->done)
		return d->done;
	disc_query_poll(d, now);
	for (i = 0; i < d->ntargets; i++) {
		struct disc_target *t = &d->targets[i];

		if (disc_complete(t) || t->state == DISC_T_WANTED)
			continue;
		disc_poll_identify(d, t, now);
		if (t->state == DISC_T_MD)
			disc_md_step(d, t, disc_md_poll(d, t, now), now);
	}
	if (disc_check_done(d, now)) {
		d->done = true;
		disc_event(d, 0, DISC_EV_FINISHED);
	}
	return d->done;
}

int disc_pump(struct disc *d)
{
	size_t len;
	unsigned n;
	int rc;

	/* At most DISC_PUMP_BATCH frames, then the clock: a segment that never
	 * stops sending must not keep the engine from its timeout. */
	for (n = 0; n < DISC_PUMP_BATCH; n++) {
		rc = d->plat.ops->recv(d->plat.ctx, d->frame, sizeof(d->frame), &len);
		if (rc == AR_EAGAIN) {
			d->rx_idle = true;
			break;
		}
		if (rc)
			return rc;
		disc_rx_stamp(d);
		disc_rx(d, d->frame, len);
		d->rx_timed = false;
		d->rx_wait_ms = 0;
	}
	return disc_poll(d, disc_now(d)) ? 1 : 0;
}

static uint64_t disc_min(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

uint64_t disc_next_deadline(const struct disc *d)
{
	uint64_t next = d->start_ms + d->opts.timeout_ms;
	unsigned i, j;

	if (disc_querying(d))
		next = disc_min(next, disc_query_due(d));
	if (disc_sweep_pending(d))
		next = disc_min(next, disc_now(d));
	next = disc_min(next, disc_settle_from(d) + disc_settle_window(d));
	for (i = 0; i < d->ntargets; i++) {
		const struct disc_target *t = &d->targets[i];

		for (j = 0; j < t->nmacs; j++)
			if (t->macs[j].state == DISC_MAC_PENDING)
				next = disc_min(next, t->macs[j].deadline_ms);
	}
	for (i = 0; i < DISC_MD_SLOTS; i++)
		for (j = 0; d->md[i].used && j < d->md[i].nchunks; j++)
			if (!(d->md[i].done_mask & (1u << j)) && d->md[i].tries[j])
				next = disc_min(next, d->md[i].deadline_ms[j]);
	return next;
}

const char *disc_state_name(int state)
{
	switch (state) {
	case DISC_T_IDENTIFY: return "identify";
	case DISC_T_MD: return "md";
	case DISC_T_DONE: return "done";
	case DISC_T_ERROR: return "error";
	case DISC_T_WANTED: return "wanted";
	default: return "?";
	}
}

const char *disc_md_state_name(int md_state)
{
	switch (md_state) {
	case DISC_MD_NONE: return "none";
	case DISC_MD_FOUND: return "found";
	case DISC_MD_ABSENT: return "absent";
	case DISC_MD_ERROR: return "error";
	default: return "?";
	}
}
