/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * aread.c - windowed ATA READ engine (see aread.h).
 *
 * Frames are built and parsed only through common/aoe.c. The request is
 * handed out in frame-sized pieces from r->next; each piece lives in a slot
 * until its data arrives. A slot's tag changes on every transmission; the
 * previous tag stays valid, because under load the first answer is often
 * merely late, and waiting for the retransmission's answer would double
 * the cost of every spurious timeout.
 */
#include "aread.h"
#include "bytes.h"
#include "err.h"

void aread_opts_default(struct aread_opts *ret)
{
	ar_memset(ret, 0, sizeof(*ret));
	ret->rto_ms = AREAD_DEF_RTO_MS;
	ret->rto_min_ms = AREAD_DEF_RTO_MIN_MS;
	ret->rto_max_ms = AREAD_DEF_RTO_MAX_MS;
	ret->tries = AREAD_DEF_TRIES;
	ret->window = AREAD_MAX_WINDOW;
}

uint8_t aread_frame_sectors(const struct aread_target *t, uint8_t cap)
{
	unsigned buf = (AREAD_FRAME_MAX - AOE_ATA_HDR_LEN) / AOE_SECTOR_SIZE;
	unsigned n = aoe_frame_sectors(t->max_sectors, t->mtu, cap && cap < buf ? cap : buf);

	return (uint8_t)(n > 255 ? 255 : n);
}

/* Frames in flight: the target's buffer count, within the caller's cap. */
static uint8_t aread_window_max(const struct aread_target *t, uint8_t cap)
{
	return (uint8_t)aoe_window(t->bufcnt, AREAD_DEF_WINDOW, cap);
}

int aread_init(struct aread *r, const struct ar_platform *plat,
	       struct aread_target *t, const struct aread_opts *opts)
{
	if (!r || !plat || !plat->ops || !t)
		return AR_EINVAL;
	ar_memset(r, 0, sizeof(*r) - sizeof(r->frame));
	if (opts)
		r->opts = *opts;
	else
		aread_opts_default(&r->opts);
	if (!r->opts.tries || !r->opts.rto_ms || !r->opts.rto_min_ms ||
	    r->opts.rto_min_ms > r->opts.rto_max_ms || !r->opts.window ||
	    r->opts.window > AREAD_MAX_WINDOW)
		return AR_EINVAL;
	r->plat = *plat;
	r->t = t;
	r->plat.ops->get_mac(r->plat.ctx, r->our_mac);
	r->spf = aread_frame_sectors(t, r->opts.sectors_per_frame);
	r->wmax = aread_window_max(t, r->opts.window);
	r->window = r->wmax;
	if (!t->rto_ms)
		t->rto_ms = r->opts.rto_ms;
	r->seq = 1;
	return 0;
}

static uint32_t aread_tag(struct aread *r, uint64_t now)
{
	uint32_t tag;

	do
		tag = aoe_tag_make(now, r->seq++, r->opts.userland_tags);
	while (tag == 0);
	return tag;
}

static void aread_fail(struct aread *r, int err, unsigned kind, uint32_t code,
		       const struct aread_slot *s)
{
	if (r->err)
		return;
	r->err = err;
	r->error.kind = (uint8_t)kind;
	r->error.code = code;
	r->error.lba = s ? s->lba : r->lba + r->next;
	r->error.count = s ? s->count : 0;
	r->active = false;
}

/* (Re)transmit slot @s with a fresh tag; the old one stays acceptable. */
static void aread_send(struct aread *r, struct aread_slot *s, uint64_t now)
{
	struct aoe_hdr h;
	uint8_t req[AOE_FRAME_MIN + AOE_ATA_HDR_LEN];
	size_t len;
	int rc;

	ar_memset(&h, 0, sizeof(h));
	ar_memcpy(h.dst, r->t->mac, 6);
	ar_memcpy(h.src, r->our_mac, 6);
	h.shelf = r->t->shelf;
	h.slot = r->t->slot;
	h.tag = aread_tag(r, now);
	s->deadline_ms = now + r->t->rto_ms;
	rc = aoe_ata_build_read(req, sizeof(req), &h, s->lba, s->count, &len);
	if (rc) {
		aread_fail(r, rc, AREAD_FAIL_RANGE, 0, s);
		return;
	}
	rc = r->plat.ops->send(r->plat.ctx, req, len);
	if (rc) {
		/* Nothing left the NIC: no try used, the tags stay as they were
		   (an answer to the last real transmission is still welcome);
		   sent again on the slot's timer. */
		r->stats.send_errors++;
		if (++s->send_fails >= r->opts.tries)
			aread_fail(r, AR_EIO, AREAD_FAIL_SEND, (uint32_t)-rc, s);
		return;
	}
	if (s->tries) {
		s->prev_tag = s->tag;
		r->stats.retransmits++;
	}
	s->tag = h.tag;
	s->tries++;
	r->stats.tx++;
}

/* Half the tries of a frame gone unanswered: before the target is given
 * up, let the platform reinitialise a NIC that may have stalled (once per
 * request: a dead target costs one reset, a wedged NIC is revived). */
static void aread_maybe_recover(struct aread *r, const struct aread_slot *s)
{
	if (r->recovered || !r->plat.ops->recover || r->opts.tries < 2 ||
	    s->tries < r->opts.tries / 2)
		return;
	r->recovered = true;
	r->stats.recoveries++;
	(void)r->plat.ops->recover(r->plat.ctx);
}

/* Hand out new frames while the window has room. */
static void aread_fill(struct aread *r, uint64_t now)
{
	unsigned i;

	for (i = 0; i < AREAD_MAX_WINDOW && r->active; i++) {
		struct aread_slot *s = &r->slots[i];
		uint64_t left = r->count - r->next;

		if (r->inflight >= r->window || left == 0)
			break;
		if (s->used)
			continue;
		ar_memset(s, 0, sizeof(*s));
		s->used = true;
		s->lba = r->lba + r->next;
		s->count = (uint8_t)(left < r->spf ? left : r->spf);
		r->next += s->count;
		r->inflight++;
		if (r->inflight > r->stats.max_inflight)
			r->stats.max_inflight = r->inflight;
		aread_send(r, s, now);
	}
}

int aread_start(struct aread *r, uint64_t lba, uint64_t count, uint8_t *buf)
{
	uint64_t now;

	if (!count || !buf)
		return AR_EINVAL;
	ar_memset(r->slots, 0, sizeof(r->slots));
	ar_memset(&r->error, 0, sizeof(r->error));
	r->buf = buf;
	r->lba = lba;
	r->count = count;
	r->next = r->done = 0;
	r->inflight = 0;
	r->err = 0;
	r->active = true;
	r->recovered = false;
	if (lba > r->t->sectors || count > r->t->sectors - lba) {
		aread_fail(r, AR_ERANGE, AREAD_FAIL_RANGE, 0, NULL);
		return AR_ERANGE;
	}
	now = r->plat.ops->now_ms(r->plat.ctx);
	aread_fill(r, now);
	return r->err;
}

/* Jacobson/Karels on the exact RTT the tag gives (RFC 6298 constants). */
static void aread_rtt(struct aread *r, uint32_t rtt)
{
	struct aread_target *t = r->t;
	uint32_t rto;

	if (!t->srtt_ms) {
		t->srtt_ms = rtt * 8 + 1;
		t->rttvar_ms = rtt * 2;
	} else {
		int32_t delta = (int32_t)rtt - (int32_t)(t->srtt_ms >> 3);
		uint32_t adelta = delta < 0 ? (uint32_t)-delta : (uint32_t)delta;

		t->srtt_ms = (uint32_t)((int32_t)t->srtt_ms + delta);
		if (!t->srtt_ms)
			t->srtt_ms = 1;
		t->rttvar_ms = t->rttvar_ms - (t->rttvar_ms >> 2) + adelta;
	}
	rto = (t->srtt_ms >> 3) + t->rttvar_ms;
	if (rto < r->opts.rto_min_ms)
		rto = r->opts.rto_min_ms;
	t->rto_ms = rto > r->opts.rto_max_ms ? r->opts.rto_max_ms : rto;
}

static struct aread_slot *aread_match(struct aread *r, uint32_t tag)
{
	unsigned i;

	for (i = 0; i < AREAD_MAX_WINDOW; i++) {
		struct aread_slot *s = &r->slots[i];

		if (s->used && s->tries &&
		    (s->tag == tag || (s->tries > 1 && s->prev_tag == tag)))
			return s;
	}
	return NULL;
}

static void aread_slot_done(struct aread *r, struct aread_slot *s)
{
	r->done += s->count;
	s->used = false;
	r->inflight--;
	if (r->window < r->wmax)
		r->window++;
	if (r->done == r->count)
		r->active = false;
}

int aread_rx(struct aread *r, const uint8_t *frame, size_t len)
{
	struct aoe_hdr h;
	struct aoe_ata a;
	struct aread_slot *s;
	int rc;

	r->stats.rx++;
	if (aoe_hdr_unpack(frame, len, &h) || h.cmd != AOE_CMD_ATA ||
	    !(h.flags & AOE_FL_RESPONSE) || ar_memcmp(h.dst, r->our_mac, 6)) {
		r->stats.rx_ignored++;
		return AR_EPROTO;
	}
	if (ar_memcmp(h.src, r->t->mac, 6) || h.shelf != r->t->shelf ||
	    h.slot != r->t->slot) {
		r->stats.rx_foreign++;
		return AR_EPROTO;
	}
	s = r->active ? aread_match(r, h.tag) : NULL;
	if (!s) {
		r->stats.rx_stale++;
		return AR_ENOENT;
	}
	rc = aoe_ata_parse(frame, len, s->count, &h, &a);
	if (rc == AR_EMSGSIZE || rc == AR_EBADMSG) {
		/* Cut short on the way: the retransmission may fare better. */
		r->stats.rx_malformed++;
		return AR_EMSGSIZE;
	}
	aread_rtt(r, aoe_tag_rtt(h.tag, r->plat.ops->now_ms(r->plat.ctx)));
	if (rc && (h.flags & AOE_FL_ERROR)) {
		aread_fail(r, rc, AREAD_FAIL_AOE, h.error, s);
		return rc;
	}
	if (rc) {
		aread_fail(r, rc, AREAD_FAIL_ATA,
			   (uint32_t)a.cmd_status << 8 | a.err_feature, s);
		return rc;
	}
	ar_memcpy(r->buf + (s->lba - r->lba) * AOE_SECTOR_SIZE, a.data, a.data_len);
	aread_slot_done(r, s);
	return 0;
}

int aread_poll(struct aread *r, uint64_t now_ms)
{
	bool backed_off = false;
	unsigned i;

	for (i = 0; i < AREAD_MAX_WINDOW && r->active; i++) {
		struct aread_slot *s = &r->slots[i];

		if (!s->used || now_ms < s->deadline_ms)
			continue;
		r->stats.timeouts++;
		aread_maybe_recover(r, s);
		if (s->tries >= r->opts.tries) {
			aread_fail(r, AR_ETIMEDOUT, AREAD_FAIL_TIMEOUT, s->tries, s);
			break;
		}
		/* Back off once per round, however many frames a burst of loss
		   took: double the RTO (kept for later reads), halve the window. */
		if (!backed_off) {
			r->t->rto_ms = r->t->rto_ms > r->opts.rto_max_ms / 2
				? r->opts.rto_max_ms : r->t->rto_ms * 2;
			r->window = r->window > 1 ? r->window / 2 : 1;
			backed_off = true;
		}
		aread_send(r, s, now_ms);
	}
	if (r->err)
		return r->err;
	aread_fill(r, now_ms);
	if (r->err)
		return r->err;
	return r->done == r->count ? 1 : 0;
}

int aread_pump(struct aread *r)
{
	size_t len;
	int rc;

	for (;;) {
		rc = r->plat.ops->recv(r->plat.ctx, r->frame, sizeof(r->frame), &len);
		if (rc == AR_EAGAIN)
			break;
		if (rc)
			return rc;
		aread_rx(r, r->frame, len);
		if (!r->active)
			break;
	}
	return aread_poll(r, r->plat.ops->now_ms(r->plat.ctx));
}

uint64_t aread_next_deadline(const struct aread *r)
{
	uint64_t d = UINT64_MAX;
	unsigned i;

	for (i = 0; i < AREAD_MAX_WINDOW; i++)
		if (r->slots[i].used && r->slots[i].deadline_ms < d)
			d = r->slots[i].deadline_ms;
	return d;
}

const char *aread_fail_str(unsigned kind)
{
	switch (kind) {
	case AREAD_FAIL_NONE: return "no error";
	case AREAD_FAIL_TIMEOUT: return "timeout (no answer)";
	case AREAD_FAIL_AOE: return "AoE error";
	case AREAD_FAIL_ATA: return "ATA error";
	case AREAD_FAIL_SEND: return "send failed";
	case AREAD_FAIL_RANGE: return "beyond the end of the disk";
	default: return "unknown";
	}
}
