/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_vlan.c - libFuzzer target for tagged AoE frames (802.1Q in front of
 * the AoE header). Input: the VLAN ID the receiver wants (2 bytes, big
 * endian, folded into 1..4094), then one received frame. The tag is parsed
 * and popped by the codec and, through the VLAN link (common/vlan.c), the
 * frame is handed on only with the wanted tag; whatever is handed on is
 * parsed by the AoE parsers, then pushed back and must give the received
 * bytes again (priority bits aside).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "aoe.h"
#include "vlan.h"
#include "err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

static uint8_t frame[VLAN_FRAME_MAX];
static uint8_t again[VLAN_FRAME_MAX];

/* A lower link that delivers the input once. */
struct once {
	const uint8_t *data;
	size_t size;
	int left;
	size_t sent;
};

static int once_send(void *ctx, const uint8_t *f, size_t len)
{
	struct once *o = ctx;

	CHECK(len >= AOE_VLAN_HDR_LEN && (f[12] << 8 | f[13]) == AOE_VLAN_TPID);
	o->sent = len;
	return 0;
}

static int once_recv(void *ctx, uint8_t *buf, size_t cap, size_t *ret_len)
{
	struct once *o = ctx;

	if (!o->left)
		return AR_EAGAIN;
	o->left--;
	if (o->size > cap)
		return AR_EMSGSIZE;
	memcpy(buf, o->data, o->size);
	*ret_len = o->size;
	return 0;
}

static void once_mac(void *ctx, uint8_t m[6]) { (void)ctx; memset(m, 0, 6); }
static uint64_t once_now(void *ctx) { (void)ctx; return 0; }

static const struct ar_platform_ops once_ops = {
	.send = once_send, .recv = once_recv, .get_mac = once_mac, .now_ms = once_now,
};

static void parse_inner(const uint8_t *f, size_t len)
{
	struct aoe_hdr h;
	struct aoe_cfg c;
	struct aoe_ata a;

	if (aoe_cfg_parse(f, len, &h, &c) == 0)
		CHECK(c.str >= f && c.str + c.str_len <= f + len);
	if (aoe_ata_parse(f, len, 0, &h, &a) == 0)
		CHECK(a.data >= f && a.data + a.data_len <= f + len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vlan_link v;
	struct once o;
	struct ar_platform lower = { &once_ops, &o };
	struct aoe_vlan tag;
	uint16_t vid;
	size_t len, back;
	int cls, rc;

	if (size < 2 || size - 2 > sizeof(frame) - AOE_VLAN_TAG_LEN)
		return 0;
	vid = (uint16_t)(1 + ((data[0] << 8 | data[1]) % AOE_VLAN_VID_MAX));
	data += 2;
	size -= 2;

	/* the codec */
	memcpy(frame, data, size);
	cls = aoe_vlan_pop(frame, size, vid, &len, &tag);
	CHECK(cls == AR_EMSGSIZE || cls == AOE_VLAN_MATCH || cls == AOE_VLAN_UNTAGGED ||
	      cls == AOE_VLAN_OTHER);
	if (cls != AOE_VLAN_MATCH) {
		CHECK(len == size && !memcmp(frame, data, size));
		CHECK(cls != AOE_VLAN_OTHER || (tag.tagged && tag.vid != vid && tag.vid));
	} else {
		CHECK(tag.tagged && tag.vid == vid && len + AOE_VLAN_TAG_LEN == size);
		parse_inner(frame, len);
		CHECK(aoe_vlan_push(frame, len, sizeof(frame), vid, &back) == 0 && back == size);
		CHECK(!memcmp(frame, data, 14) && !memcmp(frame + 16, data + 16, size - 16));
		CHECK((frame[14] << 8 | frame[15]) == ((data[14] << 8 | data[15]) & AOE_VLAN_VID_MASK));
	}

	/* the link: hands on exactly what the codec accepted, counts the rest */
	o.data = data;
	o.size = size;
	o.left = 1;
	o.sent = 0;
	CHECK(vlan_link_init(&v, &lower, vid) == 0);
	rc = v.plat.ops->recv(v.plat.ctx, again, sizeof(again), &back);
	if (cls == AOE_VLAN_MATCH) {
		CHECK(rc == 0 && back == len);
		memcpy(frame, data, size);
		CHECK(aoe_vlan_pop(frame, size, vid, &len, NULL) == AOE_VLAN_MATCH);
		CHECK(!memcmp(again, frame, len));
		/* and what the engine would send back leaves tagged */
		CHECK(v.plat.ops->send(v.plat.ctx, again, back) == 0 && o.sent == back + 4);
	} else {
		CHECK(rc == AR_EAGAIN);
		CHECK(vlan_link_ignored(&v) + v.stats.rx_bad <= 1);
		CHECK(cls != AR_EMSGSIZE || v.stats.rx_bad == 1);
	}
	return 0;
}
