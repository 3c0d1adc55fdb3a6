/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_aread.c - the windowed READ engine (common/aread.c) on the mock link:
 * clean and jumbo reads, loss, reordering, duplicates, late answers,
 * answers from an impostor MAC / another shelf.slot / to another host,
 * ATA and AoE errors, timeouts, and the RTO carried between reads.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "aread.h"
#include "err.h"
#include "mock_link.h"

enum { DISK_SECTORS = 8192, REC_MAX = 4096 };

struct fixture {
	struct mock_link m;
	struct mock_target *mt;
	struct aread_target t;
	struct aread r;
	uint8_t *image;                 /* DISK_SECTORS * 512 */
	uint8_t *buf;
	/* requests seen by the recording platform */
	uint8_t req[REC_MAX][64];
	unsigned nreq;
	/* link faults of the recording platform */
	bool wedged;                    /* sends "succeed" but nothing leaves */
	unsigned refuse;                /* refuse this many sends (AR_EAGAIN) */
	unsigned recovers;              /* calls to recover() */
};

static int rec_send(void *ctx, const uint8_t *frame, size_t len)
{
	struct fixture *f = ctx;

	if (f->refuse) {
		f->refuse--;
		return AR_EAGAIN;
	}
	if (f->wedged)
		return 0;
	if (f->nreq < REC_MAX)
		memcpy(f->req[f->nreq++], frame, len < 64 ? len : 64);
	return mock_link_ops.send(&f->m, frame, len);
}

static int rec_recv(void *ctx, uint8_t *buf, size_t cap, size_t *ret_len)
{
	return mock_link_ops.recv(&((struct fixture *)ctx)->m, buf, cap, ret_len);
}

static void rec_mac(void *ctx, uint8_t mac[6])
{
	mock_link_ops.get_mac(&((struct fixture *)ctx)->m, mac);
}

static uint64_t rec_now(void *ctx)
{
	return mock_link_ops.now_ms(&((struct fixture *)ctx)->m);
}

static const struct ar_platform_ops rec_ops = {
	.send = rec_send, .recv = rec_recv, .get_mac = rec_mac, .now_ms = rec_now,
};

/* A NIC reset: a wedged transmit path works again. */
static int rec_recover(void *ctx)
{
	struct fixture *f = ctx;

	f->recovers++;
	f->wedged = false;
	return 0;
}

static const struct ar_platform_ops rec_ops_recover = {
	.send = rec_send, .recv = rec_recv, .get_mac = rec_mac, .now_ms = rec_now,
	.recover = rec_recover,
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	size_t i;

	assert_non_null(f);
	assert_int_equal(mock_link_init(&f->m, 1000), 0);
	f->m.abort_on_write = true;
	f->image = malloc((size_t)DISK_SECTORS * 512);
	f->buf = malloc((size_t)DISK_SECTORS * 512);
	assert_non_null(f->image);
	assert_non_null(f->buf);
	for (i = 0; i < (size_t)DISK_SECTORS * 512; i++)
		f->image[i] = (uint8_t)(i * 2654435761u >> 13 ^ i >> 9);
	f->mt = mock_add_target(&f->m, 3, 7, DISK_SECTORS);
	f->mt->latency_ms = 1;
	mock_target_image(f->mt, 0, f->image, (size_t)DISK_SECTORS * 512);
	memcpy(f->t.mac, f->mt->mac, 6);
	f->t.shelf = 3;
	f->t.slot = 7;
	f->t.max_sectors = 2;
	f->t.bufcnt = 16;
	f->t.sectors = DISK_SECTORS;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	mock_link_fini(&f->m);
	free(f->image);
	free(f->buf);
	free(f);
	return 0;
}

static void start(struct fixture *f)
{
	struct ar_platform p = { &rec_ops, f };

	assert_int_equal(aread_init(&f->r, &p, &f->t, NULL), 0);
}

/* Run the read to its end on the virtual clock; return aread_pump()'s end. */
static int run(struct fixture *f, uint64_t lba, uint64_t count)
{
	unsigned steps = 0;
	int rc;

	memset(f->buf, 0xA5, (size_t)count * 512);
	rc = aread_start(&f->r, lba, count, f->buf);
	if (rc)
		return rc;
	while ((rc = aread_pump(&f->r)) == 0) {
		mock_advance(&f->m, 1);
		assert_true(++steps < 2000000);
	}
	return rc;
}

static void check_data(struct fixture *f, uint64_t lba, uint64_t count)
{
	assert_memory_equal(f->buf, f->image + lba * 512, (size_t)count * 512);
}

static void test_aread_clean(void **state)
{
	struct fixture *f = *state;

	start(f);
	assert_int_equal(run(f, 3, 2047), 1);
	check_data(f, 3, 2047);
	assert_int_equal(f->r.stats.tx, 1024);
	assert_int_equal(f->r.stats.retransmits, 0);
	assert_int_equal(f->r.stats.max_inflight, 16);
	assert_int_equal(f->m.writes, 0);
	/* one sector, and the last sector of the disk */
	assert_int_equal(run(f, DISK_SECTORS - 1, 1), 1);
	check_data(f, DISK_SECTORS - 1, 1);
}

static void test_aread_frame_sectors(void **state)
{
	struct aread_target t = { .max_sectors = 17, .mtu = 9000 };

	(void)state;
	assert_int_equal(aread_frame_sectors(&t, 0), 17);
	t.mtu = 1500;
	assert_int_equal(aread_frame_sectors(&t, 0), 2);
	t.mtu = 0;
	assert_int_equal(aread_frame_sectors(&t, 0), 2);
	t.mtu = 9000;
	t.max_sectors = 0;                 /* r11: 0 means 2 */
	assert_int_equal(aread_frame_sectors(&t, 0), 2);
	t.max_sectors = 255;
	assert_int_equal(aread_frame_sectors(&t, 0), 17);
	assert_int_equal(aread_frame_sectors(&t, 4), 4);
	t.mtu = 100;                       /* no room for a sector: still 1 */
	assert_int_equal(aread_frame_sectors(&t, 0), 1);
}

static void test_aread_jumbo(void **state)
{
	struct fixture *f = *state;

	f->mt->max_sectors = 17;
	f->t.max_sectors = 17;
	f->t.mtu = 9000;
	start(f);
	assert_int_equal(run(f, 100, 4000), 1);
	check_data(f, 100, 4000);
	assert_int_equal(f->r.stats.tx, (4000 + 16) / 17);
	assert_int_equal(f->r.stats.retransmits, 0);
}

static void test_aread_loss(void **state)
{
	struct fixture *f = *state;
	struct mock_faults fl = { .seed = 11, .drop = 10, .drop_requests = 10 };

	mock_set_faults(&f->m, &fl);
	start(f);
	assert_int_equal(run(f, 0, 4096), 1);
	check_data(f, 0, 4096);
	assert_true(f->r.stats.retransmits > 0);
	assert_true(f->m.dropped > 0);
	assert_int_equal(f->m.writes, 0);
}

static void test_aread_reorder_dup_delay(void **state)
{
	struct fixture *f = *state;
	struct mock_faults fl = { .seed = 5, .reorder = 30, .dup = 30,
				  .delay = 30, .delay_max_ms = 40 };

	mock_set_faults(&f->m, &fl);
	start(f);
	assert_int_equal(run(f, 17, 3000), 1);
	check_data(f, 17, 3000);
	assert_true(f->m.duplicated > 0 && f->m.reordered > 0);
	assert_true(f->r.stats.rx_stale > 0);      /* the duplicates */
}

static void test_aread_corrupt_headers(void **state)
{
	struct fixture *f = *state;
	struct mock_faults fl = { .seed = 9, .corrupt = 15,
		.corrupt_kinds = MOCK_CORRUPT_TRUNCATE | MOCK_CORRUPT_VERSION |
				 MOCK_CORRUPT_TYPE | MOCK_CORRUPT_CFGLEN };

	mock_set_faults(&f->m, &fl);
	start(f);
	assert_int_equal(run(f, 0, 2000), 1);
	check_data(f, 0, 2000);
	assert_true(f->m.corrupted > 0);
	assert_true(f->r.stats.rx_ignored + f->r.stats.rx_malformed > 0);
}

/* Answers later than the RTO: retransmissions happen, and the late answer
   to the earlier tag is taken; answers arriving after the end are ignored. */
static void test_aread_late(void **state)
{
	struct fixture *f = *state;
	unsigned k;

	f->mt->latency_ms = 450;
	start(f);
	assert_int_equal(run(f, 0, 64), 1);
	check_data(f, 0, 64);
	assert_true(f->r.stats.retransmits > 0);
	/* let every late answer in: none may count */
	for (k = 0; k < 3000; k++) {
		assert_int_equal(aread_pump(&f->r), 1);
		mock_advance(&f->m, 1);
	}
	assert_true(f->r.stats.rx_stale > 0);
	check_data(f, 0, 64);
	/* the RTO grew and is kept for the next read */
	assert_true(f->t.rto_ms >= 450);
}

/* Build the answer to recorded request @q with @data, from @mac. */
static size_t forge(struct fixture *f, unsigned q, const uint8_t mac[6],
		    uint16_t shelf, uint8_t slot, const uint8_t *dst, uint8_t fill,
		    uint8_t *out, size_t cap)
{
	struct aoe_hdr h;
	struct aoe_ata a;
	static uint8_t data[255 * 512];
	size_t len;

	assert_int_equal(aoe_ata_parse(f->req[q], 60, 0, &h, &a), 0);
	memcpy(h.dst, dst ? dst : f->m.host_mac, 6);
	memcpy(h.src, mac, 6);
	h.shelf = shelf;
	h.slot = slot;
	h.flags = AOE_FL_RESPONSE;
	memset(data, fill, sizeof(data));
	a.data = data;
	a.data_len = (size_t)a.sector_count * 512;
	a.cmd_status = 0x40;
	assert_int_equal(aoe_ata_build(out, cap, &h, &a, &len), 0);
	return len;
}

static void test_aread_foreign(void **state)
{
	struct fixture *f = *state;
	static const uint8_t evil[6] = { 0x02, 0xee, 0xee, 0xee, 0xee, 0xee };
	static const uint8_t other_host[6] = { 0x02, 0, 0, 0, 0, 0x99 };
	uint8_t fr[2048];
	unsigned q, steps = 0;
	size_t len;
	int rc;

	f->mt->latency_ms = 20;
	start(f);
	memset(f->buf, 0, 64 * 512);
	assert_int_equal(aread_start(&f->r, 0, 64, f->buf), 0);
	assert_int_equal(f->nreq, 16);
	for (q = 0; q < f->nreq; q++) {
		len = forge(f, q, evil, 3, 7, NULL, 0xEE, fr, sizeof(fr));
		assert_int_equal(mock_inject(&f->m, fr, len, f->m.now_ms), 0);
		len = forge(f, q, f->mt->mac, 3, 8, NULL, 0xDD, fr, sizeof(fr));
		assert_int_equal(mock_inject(&f->m, fr, len, f->m.now_ms), 0);
		len = forge(f, q, f->mt->mac, 3, 7, other_host, 0xCC, fr, sizeof(fr));
		assert_int_equal(mock_inject(&f->m, fr, len, f->m.now_ms), 0);
	}
	while ((rc = aread_pump(&f->r)) == 0) {
		mock_advance(&f->m, 1);
		assert_true(++steps < 100000);
	}
	assert_int_equal(rc, 1);
	check_data(f, 0, 64);
	assert_int_equal(f->r.stats.rx_foreign, 32);
	assert_int_equal(f->r.stats.rx_ignored, 16);
}

static void test_aread_ata_error(void **state)
{
	struct fixture *f = *state;

	f->mt->read_error = true;
	start(f);
	assert_int_equal(run(f, 40, 100), AR_EIO);
	assert_int_equal(f->r.error.kind, AREAD_FAIL_ATA);
	assert_true(f->r.error.lba >= 40 && f->r.error.lba < 140);
	assert_int_equal(f->r.error.code >> 8, 0x51);
	assert_string_equal(aread_fail_str(f->r.error.kind), "ATA error");
}

static void test_aread_timeout(void **state)
{
	struct fixture *f = *state;

	f->mt->silent = true;
	start(f);
	assert_int_equal(run(f, 1234, 10), AR_ETIMEDOUT);
	assert_int_equal(f->r.error.kind, AREAD_FAIL_TIMEOUT);
	assert_int_equal(f->r.error.lba, 1234);
	assert_int_equal(f->r.error.code, AREAD_DEF_TRIES);
	assert_int_equal(f->t.rto_ms, AREAD_DEF_RTO_MAX_MS);
}

static void test_aread_aoe_error(void **state)
{
	struct fixture *f = *state;
	struct aoe_hdr h;
	struct aoe_ata a;
	uint8_t fr[64];
	size_t len;

	f->mt->silent = true;
	start(f);
	assert_int_equal(aread_start(&f->r, 8, 2, f->buf), 0);
	assert_int_equal(f->nreq, 1);
	assert_int_equal(aoe_ata_parse(f->req[0], 60, 0, &h, &a), 0);
	memcpy(h.dst, f->m.host_mac, 6);
	memcpy(h.src, f->mt->mac, 6);
	h.flags = AOE_FL_RESPONSE | AOE_FL_ERROR;
	h.error = AOE_ERR_DEVUNAVAIL;
	a.data = NULL;
	a.data_len = 0;
	assert_int_equal(aoe_ata_build(fr, sizeof(fr), &h, &a, &len), 0);
	assert_int_equal(aread_rx(&f->r, fr, len), aoe_error_to_ar(AOE_ERR_DEVUNAVAIL));
	assert_int_equal(aread_poll(&f->r, f->m.now_ms), aoe_error_to_ar(AOE_ERR_DEVUNAVAIL));
	assert_int_equal(f->r.error.kind, AREAD_FAIL_AOE);
	assert_int_equal(f->r.error.code, AOE_ERR_DEVUNAVAIL);
	assert_int_equal(f->r.error.lba, 8);
}

static void test_aread_range(void **state)
{
	struct fixture *f = *state;

	start(f);
	assert_int_equal(aread_start(&f->r, DISK_SECTORS - 1, 2, f->buf), AR_ERANGE);
	assert_int_equal(aread_poll(&f->r, f->m.now_ms), AR_ERANGE);
	assert_int_equal(f->r.error.kind, AREAD_FAIL_RANGE);
	assert_int_equal(aread_start(&f->r, UINT64_MAX, 1, f->buf), AR_ERANGE);
	assert_int_equal(aread_start(&f->r, 0, 0, f->buf), AR_EINVAL);
	assert_int_equal(f->m.tx, 0);
}

static void test_aread_rto_adapts(void **state)
{
	struct fixture *f = *state;

	start(f);
	assert_int_equal(f->t.rto_ms, AREAD_DEF_RTO_MS);
	assert_int_equal(run(f, 0, 512), 1);
	/* 1 ms RTTs bring the RTO down to the floor */
	assert_int_equal(f->t.rto_ms, AREAD_DEF_RTO_MIN_MS);
}

static void test_aread_init_bad(void **state)
{
	struct fixture *f = *state;
	struct ar_platform p = { &rec_ops, f };
	struct aread_opts o;

	aread_opts_default(&o);
	o.window = 0;
	assert_int_equal(aread_init(&f->r, &p, &f->t, &o), AR_EINVAL);
	aread_opts_default(&o);
	o.window = AREAD_MAX_WINDOW + 1;
	assert_int_equal(aread_init(&f->r, &p, &f->t, &o), AR_EINVAL);
	aread_opts_default(&o);
	o.tries = 0;
	assert_int_equal(aread_init(&f->r, &p, &f->t, &o), AR_EINVAL);
	assert_int_equal(aread_init(&f->r, &p, NULL, NULL), AR_EINVAL);
	/* window 1: one frame in flight at a time */
	aread_opts_default(&o);
	o.window = 1;
	assert_int_equal(aread_init(&f->r, &p, &f->t, &o), 0);
	memset(f->buf, 0, 512 * 20);
	assert_int_equal(aread_start(&f->r, 0, 20, f->buf), 0);
	while (aread_pump(&f->r) == 0)
		mock_advance(&f->m, 1);
	check_data(f, 0, 20);
	assert_int_equal(f->r.stats.max_inflight, 1);
}

static void start_recover(struct fixture *f)
{
	struct ar_platform p = { &rec_ops_recover, f };

	assert_int_equal(aread_init(&f->r, &p, &f->t, NULL), 0);
}

/* A NIC that stops transmitting is reset before the target is given up;
 * the read then completes and nothing fails. */
static void test_aread_recover_revives(void **state)
{
	struct fixture *f = *state;

	start_recover(f);
	assert_int_equal(run(f, 0, 64), 1);
	f->wedged = true;
	assert_int_equal(run(f, 100, 64), 1);
	check_data(f, 100, 64);
	assert_int_equal(f->recovers, 1);
	assert_int_equal(f->r.stats.recoveries, 1);
	assert_int_equal(f->r.error.kind, AREAD_FAIL_NONE);
}

/* A dead target: one reset per request, then the timeout as before. */
static void test_aread_recover_dead_target(void **state)
{
	struct fixture *f = *state;

	f->mt->silent = true;
	start_recover(f);
	assert_int_equal(run(f, 1234, 10), AR_ETIMEDOUT);
	assert_int_equal(f->recovers, 1);
	assert_int_equal(f->r.error.kind, AREAD_FAIL_TIMEOUT);
	assert_int_equal(f->r.error.code, AREAD_DEF_TRIES);
	assert_int_equal(run(f, 1234, 10), AR_ETIMEDOUT);
	assert_int_equal(f->recovers, 2);
}

/* Refused sends (no free transmit buffer) use no try... */
static void test_aread_send_refused(void **state)
{
	struct fixture *f = *state;

	start(f);
	f->refuse = AREAD_DEF_TRIES - 1 + 5;
	assert_int_equal(run(f, 8, 40), 1);
	check_data(f, 8, 40);
	assert_int_equal(f->r.stats.send_errors, AREAD_DEF_TRIES - 1 + 5);
	assert_int_equal(f->r.error.kind, AREAD_FAIL_NONE);
}

/* ...but a link that refuses every send fails the read, and says so. */
static void test_aread_send_refused_always(void **state)
{
	struct fixture *f = *state;

	start(f);
	f->refuse = 1000000;
	assert_int_equal(run(f, 8, 4), AR_EIO);
	assert_int_equal(f->r.error.kind, AREAD_FAIL_SEND);
	assert_int_equal(f->r.error.code, (uint32_t)-AR_EAGAIN);
	assert_int_equal(f->r.stats.tx, 0);
	assert_string_equal(aread_fail_str(f->r.error.kind), "send failed");
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_aread_clean),
		cmocka_unit_test(test_aread_frame_sectors),
		T(test_aread_jumbo),
		T(test_aread_loss),
		T(test_aread_reorder_dup_delay),
		T(test_aread_corrupt_headers),
		T(test_aread_late),
		T(test_aread_foreign),
		T(test_aread_ata_error),
		T(test_aread_timeout),
		T(test_aread_aoe_error),
		T(test_aread_range),
		T(test_aread_rto_adapts),
		T(test_aread_init_bad),
		T(test_aread_recover_revives),
		T(test_aread_recover_dead_target),
		T(test_aread_send_refused),
		T(test_aread_send_refused_always),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
