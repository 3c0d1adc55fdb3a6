/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * vlan.h - an 802.1Q VLAN link: a struct ar_platform wrapped around a
 * platform's raw link, so every engine (discovery, reads) speaks tagged
 * frames without knowing it.
 *
 * send() inserts the tag (aoe_vlan_push) into a copy of the frame; recv()
 * hands on only frames tagged with the link's VLAN ID, with the tag
 * removed (aoe_vlan_pop). Untagged AoE frames and AoE frames of other
 * VLANs are dropped and counted, so the platform can say how many answers
 * it ignored: on a shared segment anyone can answer for a shelf.slot
 * untagged, and only the configured VLAN is trusted. Non-AoE frames (ARP,
 * IP) are dropped without counting.
 *
 * Used where the boot side owns a raw NIC (GRUB, the EFI stub). Linux
 * (/init) makes a kernel VLAN interface instead (aoe0.42) and needs none
 * of this. Freestanding: no libc, no allocation; struct vlan_link holds a
 * transmit buffer of VLAN_FRAME_MAX bytes, so keep it static or on the heap.
 */
#ifndef AOEROOT_VLAN_H
#define AOEROOT_VLAN_H

#include <stdint.h>
#include <stddef.h>

#include "platform.h"
#include "aoe.h"

enum {
	VLAN_FRAME_MAX = 9216 + AOE_VLAN_TAG_LEN, /* jumbo frame plus the tag */
	VLAN_RX_DROP_BURST = 64,  /* frames dropped per recv() before AR_EAGAIN */
};

/* What the link dropped (AoE frames only). */
struct vlan_stats {
	uint32_t rx_match;        /* AoE frames with our tag, handed on */
	uint32_t rx_untagged;     /* AoE frames without a tag (or VID 0) */
	uint32_t rx_other;        /* AoE frames tagged with another VLAN */
	uint16_t other_vid;       /* the last other VLAN ID seen */
	uint32_t rx_bad;          /* frames shorter than their Ethernet header */
};

struct vlan_link {
	struct ar_platform plat;  /* hand this to the engines */
	struct ar_platform lower; /* the raw link */
	uint16_t vid;
	struct vlan_stats stats;
	uint8_t tx[VLAN_FRAME_MAX];
};

/**
 * vlan_link_init() - wrap @lower into a tagged link on VLAN @vid.
 * @v: the link (its plat member is what the engines get).
 * @lower: the platform's raw link; copied (its ctx must stay valid).
 * @vid: 1..4094.
 * Return: 0 or AR_EINVAL (bad VID or an incomplete @lower).
 */
int vlan_link_init(struct vlan_link *v, const struct ar_platform *lower, uint16_t vid);

/**
 * vlan_link_ignored() - AoE frames dropped so far (untagged + other VLANs).
 */
uint32_t vlan_link_ignored(const struct vlan_link *v);

#endif /* AOEROOT_VLAN_H */
