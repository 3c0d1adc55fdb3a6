/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_mock.c - the mock link answers like vblade and injects faults
 * deterministically (tests/mock/mock_link.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mock_link.h"

static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t host[6] = { 0x02, 0, 0, 0, 0, 0x01 };

/* A request frame written by hand (independent of common/aoe.c). */
static size_t req_hdr(uint8_t *f, const uint8_t *dst, uint16_t shelf,
		      uint8_t slot, uint8_t cmd, uint32_t tag)
{
	memset(f, 0, 64);
	memcpy(f, dst, 6);
	memcpy(f + 6, host, 6);
	f[12] = 0x88;
	f[13] = 0xa2;
	f[14] = 0x10;
	f[16] = (uint8_t)(shelf >> 8);
	f[17] = (uint8_t)shelf;
	f[18] = slot;
	f[19] = cmd;
	f[20] = (uint8_t)(tag >> 24);
	f[21] = (uint8_t)(tag >> 16);
	f[22] = (uint8_t)(tag >> 8);
	f[23] = (uint8_t)tag;
	return 24;
}

static size_t req_query(uint8_t *f, uint16_t shelf, uint8_t slot, uint8_t sub,
			uint32_t tag)
{
	req_hdr(f, bcast, shelf, slot, 1, tag);
	f[29] = (uint8_t)(0x10 | sub);
	return 32;
}

static size_t req_ata(uint8_t *f, const uint8_t *dst, uint16_t shelf, uint8_t slot,
		      uint8_t aflags, uint8_t cmd, uint64_t lba, uint8_t cnt,
		      uint32_t tag)
{
	int i;

	req_hdr(f, dst, shelf, slot, 0, tag);
	f[24] = aflags;
	f[26] = cnt;
	f[27] = cmd;
	for (i = 0; i < 6; i++)
		f[28 + i] = (uint8_t)(lba >> (8 * i));
	return 36;
}

static int recv_one(struct mock_link *m, uint8_t *buf, size_t *len)
{
	return mock_link_ops.recv(m, buf, 4096, len);
}

static unsigned drain(struct mock_link *m)
{
	uint8_t buf[4096];
	size_t len;
	unsigned n = 0;

	while (recv_one(m, buf, &len) == 0)
		n++;
	return n;
}

static int setup(void **state)
{
	static struct mock_link m;

	assert_int_equal(mock_link_init(&m, 1000), 0);
	*state = &m;
	return 0;
}

static int teardown(void **state)
{
	mock_link_fini(*state);
	return 0;
}

static void test_mock_query_config(void **state)
{
	struct mock_link *m = *state;
	struct mock_target *a = mock_add_target(m, 1, 2, 1000);
	uint8_t f[4096];
	size_t len;

	mock_add_target(m, 3, 0, 2000);
	memcpy(a->config, "hello", 5);
	a->config_len = 5;
	a->latency_ms = 0;
	mock_link_ops.send(m, f, req_query(f, 0xffff, 0xff, 0, 0x1234));
	assert_int_equal(m->nqueue, 2);
	assert_int_equal(recv_one(m, f, &len), 0);
	assert_int_equal(len, 32 + 5);
	assert_memory_equal(f, host, 6);
	assert_memory_equal(f + 6, a->mac, 6);
	assert_int_equal(f[14], 0x18);
	assert_int_equal(f[16] << 8 | f[17], 1);
	assert_int_equal(f[18], 2);
	assert_int_equal(f[19], 1);
	assert_int_equal(f[22] << 8 | f[23], 0x1234);
	assert_int_equal(f[24] << 8 | f[25], 16);  /* bufcnt */
	assert_int_equal(f[28], 2);                /* max sectors */
	assert_int_equal(f[29], 0x10);
	assert_int_equal(f[31], 5);
	assert_memory_equal(f + 32, "hello", 5);
	assert_int_equal(recv_one(m, f, &len), 0);
	assert_int_equal(f[17], 3);
	assert_int_equal(recv_one(m, f, &len), -11);
	/* shelf filter, test and prefix subcommands */
	mock_link_ops.send(m, f, req_query(f, 3, 0xff, 0, 1));
	assert_int_equal(drain(m), 1);
	req_query(f, 0xffff, 0xff, 2, 1);
	f[31] = 3;
	memcpy(f + 32, "hel", 3);
	mock_link_ops.send(m, f, 35);
	assert_int_equal(drain(m), 1);
	assert_int_equal(m->writes, 0);
}

static void test_mock_identify_and_read(void **state)
{
	struct mock_link *m = *state;
	struct mock_target *t = mock_add_target(m, 0, 7, 0x123456789ull);
	static uint8_t img[1024];
	uint8_t f[4096];
	size_t len;

	memset(img, 0xab, sizeof(img));
	assert_int_equal(mock_target_image(t, 10, img, sizeof(img)), 0);
	mock_link_ops.send(m, f, req_ata(f, t->mac, 0, 7, 0, 0xec, 0, 1, 9));
	assert_int_equal(recv_one(m, f, &len), 0);
	assert_int_equal(len, 36 + 512);
	assert_int_equal(f[27], 0x40);
	/* serial "0.7:mock" byte-swapped per word at word 10 */
	assert_int_equal(f[36 + 20], '.');
	assert_int_equal(f[36 + 21], '0');
	/* LBA48 sectors at words 100..103 */
	assert_int_equal(f[36 + 200], 0x89);
	assert_int_equal(f[36 + 203], 0x23);
	assert_int_equal(f[36 + 204], 0x01);
	/* READ EXT of sectors 11..12: inside the image */
	mock_link_ops.send(m, f, req_ata(f, t->mac, 0, 7, 0x40, 0x24, 11, 2, 10));
	assert_int_equal(recv_one(m, f, &len), 0);
	assert_int_equal(len, 36 + 1024);
	assert_int_equal(f[36], 0xab);
	assert_int_equal(f[36 + 511], 0xab);
	assert_int_equal(f[36 + 512], 0);   /* sector 12 is past the image */
	/* too many sectors for a frame, and beyond the end: errors */
	mock_link_ops.send(m, f, req_ata(f, t->mac, 0, 7, 0x40, 0x24, 0, 3, 11));
	assert_int_equal(recv_one(m, f, &len), 0);
	assert_int_equal(f[27], 0x51);
	mock_link_ops.send(m, f, req_ata(f, t->mac, 0, 7, 0x40, 0x24,
					 0x123456789ull - 1, 2, 12));
	assert_int_equal(recv_one(m, f, &len), 0);
	assert_int_equal(f[27], 0x51);
	/* unicast to someone else's MAC: no answer */
	mock_link_ops.send(m, f, req_ata(f, host, 0, 7, 0, 0xec, 0, 1, 13));
	assert_int_equal(drain(m), 0);
	assert_int_equal(t->rx_identify, 1);
	assert_int_equal(t->rx_read, 3);
}

static void test_mock_write_refused(void **state)
{
	struct mock_link *m = *state;
	struct mock_target *t = mock_add_target(m, 0, 0, 100);
	uint8_t f[4096];
	size_t len;

	mock_link_ops.send(m, f, req_ata(f, t->mac, 0, 0, 0x01, 0x30, 0, 1, 1));
	mock_link_ops.send(m, f, req_ata(f, t->mac, 0, 0, 0x40, 0x34, 0, 1, 2));
	mock_link_ops.send(m, f, req_query(f, 0, 0, 4, 3));
	assert_int_equal(m->writes, 3);
	while (recv_one(m, f, &len) == 0)
		assert_true(f[27] == 0x51 || (f[14] & 0x04));
}

/* Broadcast 100 queries to one target; return how many replies arrive. */
static unsigned run_faults(struct mock_link *m, const struct mock_faults *fl,
			   uint64_t *ret_sum)
{
	uint8_t f[4096];
	size_t len;
	unsigned i, n = 0;

	mock_set_faults(m, fl);
	*ret_sum = 0;
	for (i = 0; i < 100; i++)
		mock_link_ops.send(m, f, req_query(f, 0xffff, 0xff, 0, i));
	mock_advance(m, 10000);
	while (recv_one(m, f, &len) == 0) {
		*ret_sum = *ret_sum * 31 + (len < 24 ? 999 : (uint64_t)f[23]) + len;
		n++;
	}
	return n;
}

static void test_mock_faults_deterministic(void **state)
{
	struct mock_link *m = *state;
	struct mock_faults fl = { .seed = 42, .drop = 30, .dup = 20,
				  .reorder = 20, .delay = 30, .delay_max_ms = 50 };
	uint64_t s1, s2, s3;
	unsigned n1, n2, n3;

	mock_add_target(m, 1, 1, 100);
	n1 = run_faults(m, &fl, &s1);
	n2 = run_faults(m, &fl, &s2);
	assert_int_equal(n1, n2);
	assert_true(s1 == s2);
	assert_true(m->dropped > 0 && m->duplicated > 0 && m->reordered > 0 &&
		    m->delayed > 0);
	fl.seed = 43;
	n3 = run_faults(m, &fl, &s3);
	assert_true(n3 != n1 || s3 != s1);
}

static void test_mock_drop_dup_all(void **state)
{
	struct mock_link *m = *state;
	struct mock_faults fl = { .seed = 1, .drop = 100 };
	uint64_t s;

	mock_add_target(m, 1, 1, 100);
	assert_int_equal(run_faults(m, &fl, &s), 0);
	fl.drop = 0;
	fl.dup = 100;
	assert_int_equal(run_faults(m, &fl, &s), 200);
	fl.dup = 0;
	fl.drop_requests = 100;
	assert_int_equal(run_faults(m, &fl, &s), 0);
}

static void test_mock_delay_and_reorder(void **state)
{
	struct mock_link *m = *state;
	struct mock_target *t = mock_add_target(m, 1, 1, 100);
	struct mock_faults fl = { .seed = 5, .reorder = 100 };
	uint8_t f[4096];
	size_t len;

	t->latency_ms = 5;
	mock_link_ops.send(m, f, req_query(f, 0xffff, 0xff, 0, 1));
	assert_int_equal(recv_one(m, f, &len), -11);   /* not due yet */
	assert_int_equal(mock_next_due(m), 1005);
	mock_advance(m, 5);
	assert_int_equal(recv_one(m, f, &len), 0);
	/* reorder: the second reply overtakes the first */
	mock_set_faults(m, &fl);
	t->latency_ms = 0;
	mock_link_ops.send(m, f, req_query(f, 0xffff, 0xff, 0, 1));
	mock_link_ops.send(m, f, req_query(f, 0xffff, 0xff, 0, 2));
	assert_int_equal(recv_one(m, f, &len), 0);
	assert_int_equal(f[23], 2);
	assert_int_equal(recv_one(m, f, &len), 0);
	assert_int_equal(f[23], 1);
}

static void test_mock_corrupt_kinds(void **state)
{
	struct mock_link *m = *state;
	struct mock_faults fl = { .seed = 9, .corrupt = 100 };
	uint8_t f[4096];
	size_t len;
	unsigned k;

	mock_add_target(m, 1, 1, 100);
	for (k = 0; k < 4; k++) {
		fl.corrupt_kinds = 1u << k;
		mock_set_faults(m, &fl);
		mock_link_ops.send(m, f, req_query(f, 0xffff, 0xff, 0, 1));
		assert_int_equal(recv_one(m, f, &len), 0);
		switch (1u << k) {
		case MOCK_CORRUPT_TRUNCATE: assert_true(len < 32); break;
		case MOCK_CORRUPT_VERSION: assert_int_equal(f[14] >> 4, 7); break;
		case MOCK_CORRUPT_TYPE: assert_int_equal(f[12], 0x08); break;
		default: assert_int_equal(f[30], 0x7f); break;
		}
	}
	assert_int_equal(m->corrupted, 4);
}

static void test_mock_silent_and_inject(void **state)
{
	struct mock_link *m = *state;
	struct mock_target *t = mock_add_target(m, 1, 1, 100);
	uint8_t f[4096];
	size_t len;

	t->silent = true;
	mock_link_ops.send(m, f, req_query(f, 0xffff, 0xff, 0, 1));
	assert_int_equal(drain(m), 0);
	memset(f, 0x5a, 40);
	assert_int_equal(mock_inject(m, f, 40, 1000), 0);
	assert_int_equal(recv_one(m, f, &len), 0);
	assert_int_equal(len, 40);
	/* a response sent by the host is not a request */
	req_query(f, 0xffff, 0xff, 0, 1);
	f[14] |= 0x08;
	t->silent = false;
	mock_link_ops.send(m, f, 32);
	assert_int_equal(drain(m), 0);
	assert_int_equal(m->bad_requests, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mock_query_config, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mock_identify_and_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mock_write_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mock_faults_deterministic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mock_drop_dup_all, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mock_delay_and_reorder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mock_corrupt_kinds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mock_silent_and_inject, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
