/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_aread - random answers into the windowed READ engine (aread_rx /
 * aread_poll), the parsing path every GRUB AoE disk read goes through.
 *
 * Input: [setup: lba lo, count lo, max sectors, mtu sel] then records
 *   [op][len be16 (mod 9217)][len bytes]:
 *   op & 3 == 0: deliver the bytes as a frame, unchanged;
 *   op & 3 == 1: deliver them as the answer to one of the last requests
 *                sent ((op >> 2) & 7 picks which): addresses, EtherType,
 *                response flag, shelf/slot, command and tag are patched in
 *                (op & 0x20: the source MAC is left as fuzzed, op & 0x40:
 *                the error flag is kept), so the data path is reached;
 *   op & 3 == 2: advance the clock by (len & 0xff) * 3 ms and poll;
 *   op & 3 == 3: poll now.
 * The destination buffer is exactly count * 512 bytes of heap (ASan sees
 * any write outside it). Invariants (trap): only READ requests are sent,
 * never more frames in flight than the largest window, sectors done never exceed
 * the request, and after the script the read ends (done or an error) by
 * its retransmit limit.
 */
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdlib.h>

#include "aread.h"
#include "bytes.h"
#include "err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

enum { FZ_RING = 8 };

struct fz_link {
	uint64_t now;
	uint8_t sent[FZ_RING][64];
	unsigned nsent;
};

static const uint8_t me[6] = { 2, 0, 0, 0, 0, 1 };
static const uint8_t them[6] = { 2, 0xaa, 0, 0, 1, 2 };

static int fz_send(void *ctx, const uint8_t *f, size_t len)
{
	struct fz_link *l = ctx;

	CHECK(len >= AOE_ATA_HDR_LEN && len <= 64);
	CHECK(f[19] == AOE_CMD_ATA && !(f[24] & AOE_AFL_WRITE));
	CHECK(f[27] == ATA_CMD_READ || f[27] == ATA_CMD_READ_EXT);
	CHECK(get_be32(f + AOE_OFF_TAG) != 0);
	ar_memcpy(l->sent[l->nsent++ % FZ_RING], f, len);
	return 0;
}

static int fz_recv(void *ctx, uint8_t *buf, size_t cap, size_t *ret_len)
{
	(void)ctx; (void)buf; (void)cap; (void)ret_len;
	return AR_EAGAIN;
}

static void fz_mac(void *ctx, uint8_t m[6])
{
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

static struct aread r;
static uint8_t frame[AREAD_FRAME_MAX];

static void check(const struct aread *e)
{
	CHECK(e->done <= e->count && e->next <= e->count);
	/* a timeout halves the window under frames already in flight */
	CHECK(e->inflight <= e->wmax && e->window <= e->wmax);
	CHECK(e->wmax <= AREAD_MAX_WINDOW);
	CHECK(e->window >= 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint16_t mtus[4] = { 1500, 9000, 600, 4000 };
	struct fz_link l = { .now = 5000 };
	struct ar_platform p = { &fz_ops, &l };
	struct aread_target t = { .shelf = 1, .slot = 2, .sectors = 1u << 20 };
	uint64_t lba, count;
	uint8_t *buf;
	size_t i = 4;
	int rc;

	if (size < 4)
		return 0;
	ar_memcpy(t.mac, them, 6);
	lba = data[0] * 977u;
	count = 1 + data[1] % 96;
	t.max_sectors = data[2];
	t.mtu = mtus[data[3] & 3];
	t.bufcnt = data[3] >> 2;
	CHECK(aread_init(&r, &p, &t, NULL) == 0);
	buf = malloc(count * AOE_SECTOR_SIZE);
	CHECK(buf);
	CHECK(aread_start(&r, lba, count, buf) == 0);
	while (i + 3 <= size) {
		uint8_t op = data[i];
		size_t n = get_be16(data + i + 1) % (AREAD_FRAME_MAX + 1);
		const uint8_t *q = &l.sent[((op >> 2) & 7) % FZ_RING][0];

		i += 3;
		if ((op & 3) >= 2) {
			if ((op & 3) == 2)
				l.now += (n & 0xff) * 3;
			(void)aread_poll(&r, l.now);
			check(&r);
			continue;
		}
		if (n > size - i)
			n = size - i;
		ar_memcpy(frame, data + i, n);
		i += n;
		if ((op & 3) == 1 && n >= AOE_HDR_LEN && l.nsent) {
			ar_memcpy(frame, me, 6);
			if (!(op & 0x20))
				ar_memcpy(frame + 6, them, 6);
			put_be16(frame + AOE_OFF_TYPE, AOE_ETHERTYPE);
			frame[AOE_OFF_VERFL] = (uint8_t)(AOE_VERSION << 4 | AOE_FL_RESPONSE |
				((op & 0x40) ? (frame[AOE_OFF_VERFL] & AOE_FL_ERROR) : 0));
			ar_memcpy(frame + AOE_OFF_SHELF, q + AOE_OFF_SHELF, 3);
			frame[AOE_OFF_CMD] = AOE_CMD_ATA;
			ar_memcpy(frame + AOE_OFF_TAG, q + AOE_OFF_TAG, 4);
		}
		(void)aread_rx(&r, frame, n);
		check(&r);
	}
	/* The read must end: by data, an error, or its retransmit limit. */
	for (i = 0; i < 4096 && (rc = aread_poll(&r, l.now)) == 0; i++)
		l.now += 50;
	CHECK(rc != 0);
	CHECK(rc == 1 ? r.done == r.count : r.error.kind != AREAD_FAIL_NONE);
	free(buf);
	return 0;
}
