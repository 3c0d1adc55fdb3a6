/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mock_link.c - simulated AoE link answering like vblade (see mock_link.h).
 *
 * Wire layout is written here byte by byte, independently of common/aoe.c,
 * so the engine's codec is cross-checked against a second implementation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mock_link.h"

enum {
	ETH_HDR = 14,
	AOE_HDR = 24,
	ATA_HDR = 36,
	CFG_HDR = 32,
	SECTOR = 512,
	FL_RESP = 0x08,
	FL_ERR = 0x04,
	ERR_BADCMD = 1,
	ERR_BADARG = 2,
	ERR_CFG = 4,
	ATA_DRDY = 0x40,
	ATA_ERR_STATUS = 0x51,
	ATA_ABRT = 0x04,
};

static uint32_t mock_rand(struct mock_link *m)
{
	uint32_t x = m->rng;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	m->rng = x;
	return x;
}

static bool mock_chance(struct mock_link *m, unsigned pct)
{
	return pct && mock_rand(m) % 100 < pct;
}

int mock_link_init(struct mock_link *m, uint64_t start_ms)
{
	static const uint8_t host[6] = { 0x02, 0, 0, 0, 0, 0x01 };

	memset(m, 0, sizeof(*m));
	m->now_ms = start_ms;
	memcpy(m->host_mac, host, 6);
	m->rng = 1;
	m->queue = calloc(MOCK_QUEUE, sizeof(*m->queue));
	return m->queue ? 0 : -1;
}

void mock_link_fini(struct mock_link *m)
{
	free(m->queue);
	m->queue = NULL;
}

struct mock_target *mock_add_target(struct mock_link *m, uint16_t shelf,
				    uint8_t slot, uint64_t sectors)
{
	struct mock_target *t;

	if (m->ntargets >= MOCK_MAX_TARGETS)
		return NULL;
	t = &m->targets[m->ntargets++];
	memset(t, 0, sizeof(*t));
	t->shelf = shelf;
	t->slot = slot;
	t->mac[0] = 0x02;
	t->mac[1] = 0xaa;
	t->mac[4] = (uint8_t)shelf;
	t->mac[5] = slot;
	t->sectors = sectors;
	snprintf(t->serial, sizeof(t->serial), "%u.%u:mock", shelf, slot);
	snprintf(t->model, sizeof(t->model), "mock vblade");
	snprintf(t->firmware, sizeof(t->firmware), "V25");
	t->bufcnt = 16;
	t->fwver = 0x4019;
	t->max_sectors = 2;
	return t;
}

int mock_target_image(struct mock_target *t, uint64_t sector,
		      const uint8_t *data, size_t len)
{
	if (t->next >= MOCK_MAX_EXTENTS)
		return -1;
	t->ext[t->next].sector = sector;
	t->ext[t->next].data = data;
	t->ext[t->next].len = len;
	t->next++;
	return 0;
}

void mock_set_faults(struct mock_link *m, const struct mock_faults *f)
{
	m->faults = *f;
	m->rng = f->seed ? f->seed : 1;
}

void mock_advance(struct mock_link *m, uint64_t ms)
{
	m->now_ms += ms;
}

uint64_t mock_next_due(const struct mock_link *m)
{
	return m->nqueue ? m->queue[0].at_ms : UINT64_MAX;
}

/* Insert keeping delivery order; @early puts it before its predecessor. */
static int mock_enqueue(struct mock_link *m, const uint8_t *f, size_t len,
			uint64_t at, bool early)
{
	unsigned pos = m->nqueue;

	if (m->nqueue >= MOCK_QUEUE || len > MOCK_FRAME_MAX) {
		m->queue_overflow++;
		return -1;
	}
	while (pos > 0 && m->queue[pos - 1].at_ms > at)
		pos--;
	if (early && pos > 0) {
		pos--;
		if (m->queue[pos].at_ms < at)
			at = m->queue[pos].at_ms;
		m->reordered++;
	}
	memmove(&m->queue[pos + 1], &m->queue[pos],
		(m->nqueue - pos) * sizeof(m->queue[0]));
	m->queue[pos].at_ms = at;
	m->queue[pos].len = len;
	memcpy(m->queue[pos].data, f, len);
	m->nqueue++;
	return 0;
}

int mock_inject(struct mock_link *m, const uint8_t *frame, size_t len,
		uint64_t at_ms)
{
	return mock_enqueue(m, frame, len, at_ms, false);
}

static unsigned mock_pick_corruption(struct mock_link *m)
{
	unsigned kinds = m->faults.corrupt_kinds ? m->faults.corrupt_kinds : 0x1f;
	unsigned bit;

	do
		bit = 1u << (mock_rand(m) % 5);
	while (!(kinds & bit));
	return bit;
}

static size_t mock_corrupt(struct mock_link *m, uint8_t *f, size_t len)
{
	m->corrupted++;
	switch (mock_pick_corruption(m)) {
	case MOCK_CORRUPT_TRUNCATE:
		return mock_rand(m) % (f[19] == 1 ? CFG_HDR : ATA_HDR);
	case MOCK_CORRUPT_VERSION:
		f[14] = (uint8_t)((f[14] & 0x0f) | 0x70);
		return len;
	case MOCK_CORRUPT_TYPE:
		f[12] = 0x08;
		f[13] = 0x00;
		return len;
	case MOCK_CORRUPT_CFGLEN:
		if (f[19] == 1) {
			f[30] = 0x7f;
			f[31] = 0xff;
			return len;
		}
		return ATA_HDR - 1;
	default:
		f[mock_rand(m) % len] ^= (uint8_t)(1u << (mock_rand(m) % 8));
		return len;
	}
}

/* Apply the reply faults, then queue (possibly twice). */
static void mock_reply(struct mock_link *m, const struct mock_target *t,
		       uint8_t *f, size_t len, uint32_t extra_ms)
{
	uint64_t at = m->now_ms + t->latency_ms + extra_ms;
	bool early;

	if (t->pad && len < 60) {
		memset(f + len, 0, 60 - len);
		len = 60;
	}
	if (mock_chance(m, m->faults.drop)) {
		m->dropped++;
		return;
	}
	if (mock_chance(m, m->faults.delay) && m->faults.delay_max_ms) {
		at += 1 + mock_rand(m) % m->faults.delay_max_ms;
		m->delayed++;
	}
	if (mock_chance(m, m->faults.corrupt))
		len = mock_corrupt(m, f, len);
	early = mock_chance(m, m->faults.reorder);
	mock_enqueue(m, f, len, at, early);
	if (mock_chance(m, m->faults.dup)) {
		m->duplicated++;
		mock_enqueue(m, f, len, at + 1 + mock_rand(m) % 5, false);
	}
}

static void mock_reply_hdr(const struct mock_target *t, const uint8_t *req,
			   uint8_t *f, uint8_t error)
{
	memcpy(f, req + 6, 6);
	memcpy(f + 6, t->mac, 6);
	f[12] = 0x88;
	f[13] = 0xa2;
	f[14] = 0x10 | FL_RESP | (error ? FL_ERR : 0);
	f[15] = error;
	f[16] = (uint8_t)(t->shelf >> 8);
	f[17] = (uint8_t)t->shelf;
	f[18] = t->slot;
	f[19] = req[19];
	memcpy(f + 20, req + 20, 4);
}

static void mock_log(struct mock_link *m, uint16_t what)
{
	if (m->nlog < MOCK_LOG) {
		m->log[m->nlog] = what;
		m->log_ms[m->nlog] = m->now_ms;
	}
	m->nlog++;
}

static void mock_write_seen(struct mock_link *m)
{
	m->writes++;
	if (m->abort_on_write) {
		fprintf(stderr, "mock_link: WRITE sent to a target\n");
		abort();
	}
}

static void mock_config(struct mock_link *m, struct mock_target *t,
			const uint8_t *req, size_t len)
{
	uint8_t f[CFG_HDR + 1024 + 60];
	unsigned sub, slen;

	if (len < CFG_HDR) {
		m->bad_requests++;
		return;
	}
	sub = req[29] & 0x0f;
	slen = (unsigned)req[30] << 8 | req[31];
	t->rx_config++;
	mock_log(m, (uint16_t)(1u << 8 | sub));
	if (slen > 1024 || CFG_HDR + slen > len) {
		m->bad_requests++;
		return;
	}
	if (sub == 1 && (slen != t->config_len || memcmp(req + CFG_HDR, t->config, slen)))
		return;
	if (sub == 2 && (slen > t->config_len || memcmp(req + CFG_HDR, t->config, slen)))
		return;
	memset(f, 0, sizeof(f));
	if (sub == 3 || sub == 4) {
		mock_write_seen(m);
		mock_reply_hdr(t, req, f, ERR_CFG);
		mock_reply(m, t, f, CFG_HDR, 0);
		return;
	}
	mock_reply_hdr(t, req, f, sub > 4 ? ERR_BADARG : 0);
	f[24] = (uint8_t)(t->bufcnt >> 8);
	f[25] = (uint8_t)t->bufcnt;
	f[26] = (uint8_t)(t->fwver >> 8);
	f[27] = (uint8_t)t->fwver;
	f[28] = t->max_sectors;
	f[29] = (uint8_t)(0x10 | sub);
	f[30] = (uint8_t)(t->config_len >> 8);
	f[31] = (uint8_t)t->config_len;
	memcpy(f + CFG_HDR, t->config, t->config_len);
	mock_reply(m, t, f, CFG_HDR + t->config_len, 0);
}

/* ATA string: two characters per little-endian word, high byte first. */
static void mock_ata_string(uint8_t *dst, const char *s, size_t n)
{
	size_t i, sl = strlen(s);

	for (i = 0; i < n; i++) {
		char c = i < sl ? s[i] : ' ';

		dst[i ^ 1] = (uint8_t)c;
	}
}

static void mock_put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void mock_identify_data(const struct mock_target *t, uint8_t *d)
{
	uint64_t s28 = t->sectors > 0x0fffffff ? 0x0fffffff : t->sectors;
	int i;

	memset(d, 0, SECTOR);
	mock_put_le16(d + 0, 0x0040);
	mock_ata_string(d + 20, t->serial, 20);
	mock_ata_string(d + 46, t->firmware, 8);
	mock_ata_string(d + 54, t->model, 40);
	mock_put_le16(d + 98, 0x0200);
	mock_put_le16(d + 120, (uint16_t)s28);
	mock_put_le16(d + 122, (uint16_t)(s28 >> 16));
	mock_put_le16(d + 166, 0x4400);
	mock_put_le16(d + 172, 0x0400);
	for (i = 0; i < 4; i++)
		mock_put_le16(d + 200 + 2 * i, (uint16_t)(t->sectors >> (16 * i)));
}

static void mock_read_data(const struct mock_target *t, uint64_t lba,
			   unsigned n, uint8_t *d)
{
	uint64_t start = lba * SECTOR, end = start + (uint64_t)n * SECTOR;
	unsigned i;

	memset(d, 0, (size_t)n * SECTOR);
	for (i = 0; i < t->next; i++) {
		const struct mock_extent *e = &t->ext[i];
		uint64_t es = e->sector * SECTOR, ee = es + e->len;
		uint64_t lo = start > es ? start : es, hi = end < ee ? end : ee;

		if (lo < hi)
			memcpy(d + (lo - start), e->data + (lo - es), (size_t)(hi - lo));
	}
}

static bool mock_is_write(uint8_t aflags, uint8_t cmd)
{
	static const uint8_t writes[] = { 0x30, 0x31, 0x34, 0x35, 0x39, 0x3d,
		0xc5, 0xca, 0xcb, 0xcc, 0x06, 0xe8 };
	size_t i;

	if (aflags & 0x01)
		return true;
	for (i = 0; i < sizeof(writes); i++)
		if (writes[i] == cmd)
			return true;
	return false;
}

static void mock_ata(struct mock_link *m, struct mock_target *t,
		     const uint8_t *req, size_t len)
{
	uint8_t f[ATA_HDR + 255 * SECTOR];
	uint8_t aflags, cmd, scnt;
	uint64_t lba = 0;
	size_t out = ATA_HDR;
	int i;

	if (len < ATA_HDR) {
		m->bad_requests++;
		return;
	}
	aflags = req[24];
	scnt = req[26];
	cmd = req[27];
	for (i = 5; i >= 0; i--)
		lba = lba << 8 | req[28 + i];
	if (!(aflags & 0x40))
		lba &= 0x0fffffff;
	mock_log(m, cmd);
	if (t->ata_silent)
		return;
	mock_reply_hdr(t, req, f, 0);
	memcpy(f + 24, req + 24, 12);
	f[25] = 0;
	f[27] = ATA_DRDY;
	if (mock_is_write(aflags, cmd)) {
		mock_write_seen(m);
		f[25] = ATA_ABRT;
		f[27] = ATA_ERR_STATUS;
	} else if (cmd == 0xec) {
		t->rx_identify++;
		if (t->identify_error) {
			f[25] = ATA_ABRT;
			f[27] = ATA_ERR_STATUS;
		} else {
			mock_identify_data(t, f + ATA_HDR);
			out += SECTOR;
		}
	} else if (cmd == 0x20 || cmd == 0x24) {
		t->rx_read++;
		if (t->read_error || scnt == 0 || scnt > t->max_sectors ||
		    lba + scnt > t->sectors) {
			f[25] = ATA_ABRT;
			f[27] = ATA_ERR_STATUS;
		} else {
			mock_read_data(t, lba, scnt, f + ATA_HDR);
			out += (size_t)scnt * SECTOR;
		}
	} else {
		f[25] = ATA_ABRT;
		f[27] = ATA_ERR_STATUS;
	}
	mock_reply(m, t, f, out, cmd == 0x20 || cmd == 0x24 ? t->read_latency_ms : 0);
}

static int mock_send(void *ctx, const uint8_t *req, size_t len)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct mock_link *m = ctx;
	unsigned i;
	uint16_t shelf;
	uint8_t slot;

	m->tx++;
	if (len < AOE_HDR || req[12] != 0x88 || req[13] != 0xa2 ||
	    (req[14] >> 4) != 1 || (req[14] & FL_RESP)) {
		m->bad_requests++;
		return 0;
	}
	if (!memcmp(req, bcast, 6))
		m->tx_broadcast++;
	if (mock_chance(m, m->faults.drop_requests)) {
		m->dropped++;
		return 0;
	}
	shelf = (uint16_t)(req[16] << 8 | req[17]);
	slot = req[18];
	for (i = 0; i < m->ntargets; i++) {
		struct mock_target *t = &m->targets[i];

		if (t->silent || (memcmp(req, bcast, 6) && memcmp(req, t->mac, 6)))
			continue;
		if ((shelf != 0xffff && shelf != t->shelf) ||
		    (slot != 0xff && slot != t->slot))
			continue;
		if (req[19] == 1)
			mock_config(m, t, req, len);
		else if (req[19] == 0)
			mock_ata(m, t, req, len);
	}
	return 0;
}

/* Frames that arrived while the host's queue already held rx_ring of them
 * (since the host last took one) were lost on arrival. */
static void mock_ring_overflow(struct mock_link *m)
{
	unsigned due = 0;

	if (!m->rx_ring)
		return;
	while (due < m->nqueue && m->queue[due].at_ms <= m->now_ms)
		due++;
	while (due > m->rx_ring) {
		due--;
		m->nqueue--;
		memmove(&m->queue[due], &m->queue[due + 1],
			(m->nqueue - due) * sizeof(m->queue[0]));
		m->ring_dropped++;
	}
}

static int mock_recv(void *ctx, uint8_t *buf, size_t cap, size_t *ret_len)
{
	struct mock_link *m = ctx;
	size_t n;

	mock_ring_overflow(m);
	if (!m->nqueue || m->queue[0].at_ms > m->now_ms)
		return -11; /* AR_EAGAIN */
	m->last_at_ms = m->queue[0].at_ms;
	n = m->queue[0].len < cap ? m->queue[0].len : cap;
	memcpy(buf, m->queue[0].data, n);
	*ret_len = n;
	m->nqueue--;
	memmove(&m->queue[0], &m->queue[1], m->nqueue * sizeof(m->queue[0]));
	m->delivered++;
	m->now_ms += m->recv_cost_ms;
	return 0;
}

static void mock_get_mac(void *ctx, uint8_t ret_mac[6])
{
	memcpy(ret_mac, ((struct mock_link *)ctx)->host_mac, 6);
}

static uint64_t mock_now(void *ctx)
{
	return ((struct mock_link *)ctx)->now_ms;
}

static uint64_t mock_rx_time(void *ctx)
{
	struct mock_link *m = ctx;

	return m->stamps ? m->last_at_ms : 0;
}

const struct ar_platform_ops mock_link_ops = {
	.send = mock_send,
	.recv = mock_recv,
	.get_mac = mock_get_mac,
	.now_ms = mock_now,
	.rx_time_ms = mock_rx_time,
};

struct ar_platform mock_platform(struct mock_link *m)
{
	struct ar_platform p = { &mock_link_ops, m };

	return p;
}
