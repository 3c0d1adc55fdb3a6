/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * vlan.c - an 802.1Q link over a platform's raw link (see vlan.h). The tag
 * itself is built and parsed by the codec (aoe_vlan_push/aoe_vlan_pop).
 */
#include "vlan.h"
#include "bytes.h"
#include "err.h"

static int vlan_send(void *ctx, const uint8_t *frame, size_t len)
{
	struct vlan_link *v = ctx;
	size_t tagged;
	int rc;

	if (len > sizeof(v->tx) - AOE_VLAN_TAG_LEN)
		return AR_EMSGSIZE;
	ar_memcpy(v->tx, frame, len);
	rc = aoe_vlan_push(v->tx, len, sizeof(v->tx), v->vid, &tagged);
	if (rc)
		return rc;
	return v->lower.ops->send(v->lower.ctx, v->tx, tagged);
}

/* Count a dropped frame; only AoE ones are worth telling the user about. */
static void vlan_count(struct vlan_link *v, int cls, const struct aoe_vlan *tag)
{
	if (cls < 0) {
		v->stats.rx_bad++;
		return;
	}
	if (tag->type != AOE_ETHERTYPE)
		return;
	if (cls == AOE_VLAN_UNTAGGED) {
		v->stats.rx_untagged++;
	} else {
		v->stats.rx_other++;
		v->stats.other_vid = tag->vid;
	}
}

static int vlan_recv(void *ctx, uint8_t *buf, size_t cap, size_t *ret_len)
{
	struct vlan_link *v = ctx;
	unsigned int dropped;

	for (dropped = 0; dropped < VLAN_RX_DROP_BURST; dropped++) {
		struct aoe_vlan tag;
		size_t len = 0, out;
		int rc = v->lower.ops->recv(v->lower.ctx, buf, cap, &len);

		if (rc)
			return rc;
		rc = aoe_vlan_pop(buf, len, v->vid, &out, &tag);
		if (rc == AOE_VLAN_MATCH) {
			if (tag.type == AOE_ETHERTYPE)
				v->stats.rx_match++;
			*ret_len = out;
			return 0;
		}
		vlan_count(v, rc, &tag);
	}
	return AR_EAGAIN;
}

static void vlan_get_mac(void *ctx, uint8_t ret_mac[6])
{
	struct vlan_link *v = ctx;

	v->lower.ops->get_mac(v->lower.ctx, ret_mac);
}

static uint64_t vlan_now_ms(void *ctx)
{
	struct vlan_link *v = ctx;

	return v->lower.ops->now_ms(v->lower.ctx);
}

static uint64_t vlan_rx_time_ms(void *ctx)
{
	struct vlan_link *v = ctx;

	return v->lower.ops->rx_time_ms ? v->lower.ops->rx_time_ms(v->lower.ctx) : 0;
}

static int vlan_recover(void *ctx)
{
	struct vlan_link *v = ctx;

	return v->lower.ops->recover ? v->lower.ops->recover(v->lower.ctx) : AR_ENOTSUP;
}

static const struct ar_platform_ops vlan_ops = {
	.send = vlan_send,
	.recv = vlan_recv,
	.get_mac = vlan_get_mac,
	.now_ms = vlan_now_ms,
	.rx_time_ms = vlan_rx_time_ms,
	.recover = vlan_recover,
};

int vlan_link_init(struct vlan_link *v, const struct ar_platform *lower, uint16_t vid)
{
	if (vid < AOE_VLAN_VID_MIN || vid > AOE_VLAN_VID_MAX)
		return AR_EINVAL;
	if (!lower || !lower->ops || !lower->ops->send || !lower->ops->recv ||
	    !lower->ops->get_mac || !lower->ops->now_ms)
		return AR_EINVAL;
	v->lower = *lower;
	v->vid = vid;
	ar_memset(&v->stats, 0, sizeof(v->stats));
	v->plat.ops = &vlan_ops;
	v->plat.ctx = v;
	return 0;
}

uint32_t vlan_link_ignored(const struct vlan_link *v)
{
	return v->stats.rx_untagged + v->stats.rx_other;
}
