/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_vlan.c - the 802.1Q link (common/vlan.c) over a simulated switch of
 * three segments, each a mock link full of targets: VLAN 42 (the real
 * mirror e0.0 + e0.1), untagged (a decoy answering e0.0 and e0.1) and
 * VLAN 7 (another decoy for the same names). The switch hands every frame
 * the host sends, tag removed, to every segment, the hostile worst case
 * (a Linux vblade on an untagged port does see tag-stripped frames), and
 * tags each segment's replies with its VLAN. Discovery through the VLAN 42
 * link must see only VLAN 42's targets and count what it dropped; without
 * the VLAN link it sees only the untagged decoy.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vlan.h"
#include "disc.h"
#include "err.h"
#include "mock_link.h"

enum { SEGS = 3 };

struct fabric {
	struct mock_link seg[SEGS];
	uint16_t seg_vid[SEGS];      /* 0 = untagged */
	uint64_t now_ms;
	unsigned sent;
};

struct fixture {
	struct fabric f;
	struct vlan_link v;
	struct disc d;
	struct disc_target targets[16];
	struct disc_opts o;
};

static int fab_send(void *ctx, const uint8_t *frame, size_t len)
{
	struct fabric *f = ctx;
	uint8_t copy[MOCK_FRAME_MAX];
	size_t out = len;
	struct aoe_vlan tag;

	if (len > sizeof(copy))
		return AR_EMSGSIZE;
	memcpy(copy, frame, len);
	f->sent++;
	if (aoe_vlan_parse(copy, len, &tag))
		return 0;
	if (tag.tagged)
		assert_int_equal(aoe_vlan_pop(copy, len, tag.vid, &out, NULL), AOE_VLAN_MATCH);
	for (int i = 0; i < SEGS; i++) {
		f->seg[i].now_ms = f->now_ms;
		mock_link_ops.send(&f->seg[i], copy, out);
	}
	return 0;
}

static int fab_recv(void *ctx, uint8_t *buf, size_t cap, size_t *ret_len)
{
	struct fabric *f = ctx;

	for (int i = 0; i < SEGS; i++) {
		size_t len;

		f->seg[i].now_ms = f->now_ms;
		if (mock_link_ops.recv(&f->seg[i], buf, cap, &len) != 0)
			continue;
		if (f->seg_vid[i])
			assert_int_equal(aoe_vlan_push(buf, len, cap, f->seg_vid[i], &len), 0);
		*ret_len = len;
		return 0;
	}
	return AR_EAGAIN;
}

static void fab_mac(void *ctx, uint8_t ret_mac[6])
{
	memcpy(ret_mac, ((struct fabric *)ctx)->seg[0].host_mac, 6);
}

static uint64_t fab_now(void *ctx)
{
	return ((struct fabric *)ctx)->now_ms;
}

static const struct ar_platform_ops fab_ops = {
	.send = fab_send, .recv = fab_recv, .get_mac = fab_mac, .now_ms = fab_now,
};

static uint64_t fab_next_due(const struct fabric *f)
{
	uint64_t next = UINT64_MAX;

	for (int i = 0; i < SEGS; i++)
		if (mock_next_due(&f->seg[i]) < next)
			next = mock_next_due(&f->seg[i]);
	return next;
}

/* e0.0 and e0.1 on every segment, with MACs 02:SS:00:00:00:LL per segment. */
static int setup(void **state)
{
	static const uint16_t vids[SEGS] = { 42, 0, 7 };
	struct fixture *fx = calloc(1, sizeof(*fx));

	assert_non_null(fx);
	fx->f.now_ms = 1000;
	for (int i = 0; i < SEGS; i++) {
		assert_int_equal(mock_link_init(&fx->f.seg[i], 1000), 0);
		fx->f.seg[i].abort_on_write = true;
		fx->f.seg_vid[i] = vids[i];
		for (uint8_t slot = 0; slot < 2; slot++) {
			struct mock_target *t = mock_add_target(&fx->f.seg[i], 0, slot, 131072);

			assert_non_null(t);
			t->mac[1] = (uint8_t)(0x10 + i);
			t->mac[5] = slot;
			/* the decoys are other disks: another serial */
			if (vids[i] != 42)
				t->serial[0] = 'X';
		}
	}
	disc_opts_default(&fx->o);
	fx->o.read_md = false;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	for (int i = 0; i < SEGS; i++) {
		assert_int_equal(fx->f.seg[i].writes, 0);
		mock_link_fini(&fx->f.seg[i]);
	}
	free(fx);
	return 0;
}

static void run(struct fixture *fx, const struct ar_platform *p)
{
	assert_int_equal(disc_init(&fx->d, p, fx->targets, 16, &fx->o), 0);
	assert_int_equal(disc_start(&fx->d), 0);
	for (unsigned i = 0; i < 200000; i++) {
		uint64_t next;

		if (disc_pump(&fx->d) == 1)
			return;
		next = disc_next_deadline(&fx->d);
		if (fab_next_due(&fx->f) < next)
			next = fab_next_due(&fx->f);
		fx->f.now_ms = next > fx->f.now_ms ? next : fx->f.now_ms + 1;
	}
	fail_msg("discovery never finished");
}

/* Only VLAN 42's targets, one MAC each, and the decoys' answers counted. */
static void test_vlan_discovery_sees_only_its_vlan(void **state)
{
	struct fixture *fx = *state;
	struct ar_platform lower = { &fab_ops, &fx->f };

	assert_int_equal(vlan_link_init(&fx->v, &lower, 42), 0);
	run(fx, &fx->v.plat);
	assert_int_equal(fx->d.ntargets, 2);
	for (size_t i = 0; i < fx->d.ntargets; i++) {
		const struct disc_target *t = &fx->targets[i];

		assert_int_equal(t->nmacs, 1);
		assert_false(t->duplicate);
		assert_int_equal(t->macs[0].mac[1], 0x10);   /* segment 0: VLAN 42 */
		assert_int_equal(t->id.serial[0] != 'X', 1);
	}
	assert_true(fx->v.stats.rx_match > 0);
	assert_true(fx->v.stats.rx_untagged > 0);
	assert_true(fx->v.stats.rx_other > 0);
	assert_int_equal(fx->v.stats.other_vid, 7);
	assert_int_equal(vlan_link_ignored(&fx->v), fx->v.stats.rx_untagged + fx->v.stats.rx_other);
}

/* Control: the same switch without the VLAN link shows only the untagged
 * decoy (tagged frames are not AoE to the untagged codec). */
static void test_vlan_untagged_sees_only_decoy(void **state)
{
	struct fixture *fx = *state;
	struct ar_platform lower = { &fab_ops, &fx->f };

	run(fx, &lower);
	assert_int_equal(fx->d.ntargets, 2);
	for (size_t i = 0; i < fx->d.ntargets; i++) {
		assert_int_equal(fx->targets[i].nmacs, 1);
		assert_int_equal(fx->targets[i].macs[0].mac[1], 0x11);  /* the untagged decoy */
	}
}

/* Every frame the engine sends leaves tagged with VLAN 42. */
static uint8_t last_tx[64];
static size_t last_tx_len;
static int queued;

static int cap_send(void *ctx, const uint8_t *frame, size_t len)
{
	(void)ctx;
	last_tx_len = len;
	memcpy(last_tx, frame, len < sizeof(last_tx) ? len : sizeof(last_tx));
	return 0;
}

/* recv: @queued non-AoE or foreign frames, then nothing. */
static int cap_recv(void *ctx, uint8_t *buf, size_t cap, size_t *ret_len)
{
	static const uint8_t arp42[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
		0x81, 0x00, 0x00, 0x2a, 0x08, 0x06, 0, 1 };
	(void)ctx;
	if (!queued)
		return AR_EAGAIN;
	queued--;
	assert_true(cap >= sizeof(arp42));
	memcpy(buf, arp42, sizeof(arp42));
	buf[15] = 7;    /* VLAN 7 ARP: not AoE, not counted */
	*ret_len = sizeof(arp42);
	return 0;
}

static void cap_mac(void *ctx, uint8_t ret_mac[6]) { (void)ctx; memset(ret_mac, 2, 6); }
static uint64_t cap_now(void *ctx) { (void)ctx; return 5; }

static const struct ar_platform_ops cap_ops = {
	.send = cap_send, .recv = cap_recv, .get_mac = cap_mac, .now_ms = cap_now,
};

static unsigned cap_recovers;
static int cap_recover(void *ctx) { (void)ctx; cap_recovers++; return 0; }

static const struct ar_platform_ops cap_ops_recover = {
	.send = cap_send, .recv = cap_recv, .get_mac = cap_mac, .now_ms = cap_now,
	.recover = cap_recover,
};

/* The read engine's NIC reset reaches the NIC under a VLAN link; a link
 * without one says it cannot. */
static void test_vlan_link_recover(void **state)
{
	struct ar_platform with = { &cap_ops_recover, NULL }, without = { &cap_ops, NULL };
	struct vlan_link *v = calloc(1, sizeof(*v));

	(void)state;
	assert_non_null(v);
	assert_int_equal(vlan_link_init(v, &with, 42), 0);
	assert_int_equal(v->plat.ops->recover(v->plat.ctx), 0);
	assert_int_equal(cap_recovers, 1);
	assert_int_equal(vlan_link_init(v, &without, 42), 0);
	assert_int_equal(v->plat.ops->recover(v->plat.ctx), AR_ENOTSUP);
	assert_int_equal(cap_recovers, 1);
	free(v);
}

static void test_vlan_link_edges(void **state)
{
	struct ar_platform lower = { &cap_ops, NULL }, bad = { NULL, NULL };
	struct vlan_link *v = calloc(1, sizeof(*v));
	uint8_t frame[VLAN_FRAME_MAX] = { 0 }, buf[128];
	size_t len;
	uint8_t mac[6];

	(void)state;
	assert_non_null(v);
	assert_int_equal(vlan_link_init(v, &lower, 0), AR_EINVAL);
	assert_int_equal(vlan_link_init(v, &lower, 4095), AR_EINVAL);
	assert_int_equal(vlan_link_init(v, &bad, 42), AR_EINVAL);
	assert_int_equal(vlan_link_init(v, NULL, 42), AR_EINVAL);
	assert_int_equal(vlan_link_init(v, &lower, 42), 0);
	/* send: tagged copy, caller's frame untouched */
	frame[12] = 0x88; frame[13] = 0xa2; frame[14] = 0x10;
	assert_int_equal(v->plat.ops->send(v->plat.ctx, frame, 60), 0);
	assert_int_equal(last_tx_len, 64);
	assert_int_equal(last_tx[12], 0x81);
	assert_int_equal(last_tx[15], 42);
	assert_int_equal(last_tx[16], 0x88);
	assert_int_equal(frame[12], 0x88);
	/* a frame that cannot take the tag */
	assert_int_equal(v->plat.ops->send(v->plat.ctx, frame, sizeof(frame)), AR_EMSGSIZE);
	/* foreign non-AoE frames are dropped, not counted, in bounded bursts */
	queued = VLAN_RX_DROP_BURST + 3;
	assert_int_equal(v->plat.ops->recv(v->plat.ctx, buf, sizeof(buf), &len), AR_EAGAIN);
	assert_int_equal(queued, 3);
	assert_int_equal(v->plat.ops->recv(v->plat.ctx, buf, sizeof(buf), &len), AR_EAGAIN);
	assert_int_equal(queued, 0);
	assert_int_equal(vlan_link_ignored(v), 0);
	v->plat.ops->get_mac(v->plat.ctx, mac);
	assert_int_equal(mac[0], 2);
	assert_int_equal(v->plat.ops->now_ms(v->plat.ctx), 5);
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_vlan_discovery_sees_only_its_vlan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vlan_untagged_sees_only_decoy, setup, teardown),
		cmocka_unit_test(test_vlan_link_edges),
		cmocka_unit_test(test_vlan_link_recover),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
