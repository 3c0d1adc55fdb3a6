/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_disc - random frames into the discovery engine (disc_rx/disc_poll).
 *
 * The input is a script of records: [op][len be16 (mod 1601)][len bytes].
 *   op & 3 == 0: deliver the bytes as a frame, unchanged;
 *   op & 3 == 1: deliver them as a reply to one of the last requests sent
 *                (op >> 2 picks which): addresses, EtherType, response
 *                flag, shelf/slot (if the request was unicast), command
 *                and tag are patched in, so IDENTIFY and md READ replies
 *                with fuzzed contents reach the deep states;
 *   op & 3 == 2: advance the clock by (len & 0xff) * 7 ms and poll;
 *   op & 3 == 3: pump (receive nothing) and poll now.
 * Records of op 2 and 3 carry no bytes. The seed corpus (md12-seed) walks
 * Query Config -> IDENTIFY -> the four READs of a real 1.2 superblock.
 * Invariants (trap): the table never overflows, counts stay consistent,
 * no write is ever sent, the engine finishes by its timeout.
 */
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

#include "disc.h"
#include "bytes.h"
#include "err.h"

enum { FZ_MAX = 4, FZ_RING = 8, FZ_FRAME = 1600 };

struct fz_link {
	uint64_t now;
	uint8_t sent[FZ_RING][64];
	size_t sent_len[FZ_RING];
	unsigned nsent;
};

static int fz_send(void *ctx, const uint8_t *f, size_t len)
{
	struct fz_link *l = ctx;
	unsigned i = l->nsent++ % FZ_RING;

	if (len < AOE_HDR_LEN)
		__builtin_trap();
	if (f[19] == AOE_CMD_ATA && ((f[24] & AOE_AFL_WRITE) ||
	    (f[27] != ATA_CMD_IDENTIFY && f[27] != ATA_CMD_READ &&
	     f[27] != ATA_CMD_READ_EXT)))
		__builtin_trap();
	if (f[19] == AOE_CMD_CONFIG && (f[29] & 0x0f) != AOE_CFG_READ)
		__builtin_trap();
	if (len > sizeof(l->sent[0]))
		len = sizeof(l->sent[0]);
	ar_memcpy(l->sent[i], f, len);
	l->sent_len[i] = len;
	return 0;
}

static int fz_recv(void *ctx, uint8_t *buf, size_t cap, size_t *ret_len)
{
	(void)ctx; (void)buf; (void)cap; (void)ret_len;
	return AR_EAGAIN;
}

static void fz_mac(void *ctx, uint8_t m[6])
{
	static const uint8_t me[6] = { 2, 0, 0, 0, 0, 1 };

	(void)ctx;
	ar_memcpy(m, me, 6);
}

static uint64_t fz_now(void *ctx)
{
	return ((struct fz_link *)ctx)->now;
}

static const struct ar_platform_ops fz_ops = {
	.send = fz_send, .recv = fz_recv, .get_mac = fz_mac, .now_ms = fz_now,
};

static void fz_reply(struct fz_link *l, struct disc *d, unsigned which,
		     const uint8_t *p, size_t n)
{
	static uint8_t f[FZ_FRAME];
	const uint8_t *req;
	unsigned i;

	if (!l->nsent || n < AOE_HDR_LEN || n > sizeof(f))
		return;
	i = (l->nsent - 1 - which % (l->nsent < FZ_RING ? l->nsent : FZ_RING)) % FZ_RING;
	req = l->sent[i];
	ar_memcpy(f, p, n);
	ar_memcpy(f, req + 6, 6);
	if (req[0] != 0xff)
		ar_memcpy(f + 6, req, 6);
	else if (f[6] == 2 && !f[7] && !f[8] && !f[9] && !f[10] && f[11] == 1)
		f[11] = 9; /* not our own MAC */
	put_be16(f + 12, AOE_ETHERTYPE);
	f[14] = (uint8_t)(0x10 | AOE_FL_RESPONSE | (p[14] & AOE_FL_ERROR));
	if (req[0] != 0xff)
		ar_memcpy(f + 16, req + 16, 3);
	f[19] = req[19];
	ar_memcpy(f + 20, req + 20, 4);
	if (req[19] == AOE_CMD_CONFIG && n >= AOE_CFG_HDR_LEN && p[30] & 0x80)
		f[30] = f[31] = 0;
	disc_rx(d, f, n);
}

static void fz_check(const struct disc *d)
{
	unsigned i, done = 0;

	if (d->ntargets > FZ_MAX || d->ncomplete > d->ntargets)
		__builtin_trap();
	for (i = 0; i < d->ntargets; i++) {
		const struct disc_target *t = &d->targets[i];

		if (t->nmacs > DISC_MAX_MACS || t->primary >= DISC_MAX_MACS ||
		    t->config_len > AOE_CFG_STR_MAX || t->config[t->config_len])
			__builtin_trap();
		done += t->state == DISC_T_DONE || t->state == DISC_T_ERROR;
	}
	if (done != d->ncomplete)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct disc d;
	static struct disc_target targets[FZ_MAX];
	struct fz_link l;
	struct ar_platform p = { &fz_ops, &l };
	struct disc_opts o;
	size_t off = 0;

	ar_memset(&l, 0, sizeof(l));
	l.now = 1000;
	disc_opts_default(&o);
	o.userland_tags = size & 1;
	if (disc_init(&d, &p, targets, FZ_MAX, &o) || disc_start(&d))
		__builtin_trap();
	while (off + 3 <= size) {
		uint8_t op = data[off];
		size_t n = get_be16(data + off + 1) % (FZ_FRAME + 1);

		off += 3;
		if (n > size - off)
			n = size - off;
		if ((op & 3) == 0)
			disc_rx(&d, data + off, n);
		else if ((op & 3) == 1)
			fz_reply(&l, &d, op >> 2, data + off, n);
		else if ((op & 3) == 2) {
			l.now += (n & 0xff) * 7;
			disc_poll(&d, l.now);
			n = 0;
		} else {
			disc_pump(&d);
			n = 0;
		}
		off += n;
		fz_check(&d);
	}
	l.now += o.timeout_ms;
	if (!disc_poll(&d, l.now) || d.ncomplete != d.ntargets)
		__builtin_trap();
	return 0;
}
