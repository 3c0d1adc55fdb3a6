/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * disc_tx.c - every frame the discovery engine sends: tags, headers, and
 * the last gate of write safety. See disc_int.h.
 *
 * Write safety: the only builders called anywhere in the engine are
 * aoe_cfg_build(AOE_CFG_READ), aoe_ata_build_identify() and
 * aoe_ata_build_read(); disc_send() additionally refuses any ATA frame with
 * the write flag and any Query Config that is not a read.
 */
#include "disc_int.h"
#include "bytes.h"
#include "err.h"

const uint8_t disc_bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

uint32_t disc_tag(struct disc *d, uint64_t now)
{
	d->seq++;
	return aoe_tag_make(now, d->seq, d->opts.userland_tags);
}

void disc_hdr(const struct disc *d, struct aoe_hdr *h, const uint8_t *dst,
	      uint16_t shelf, uint8_t slot, uint8_t cmd, uint32_t tag)
{
	ar_memset(h, 0, sizeof(*h));
	ar_memcpy(h->dst, dst, 6);
	ar_memcpy(h->src, d->our_mac, 6);
	h->shelf = shelf;
	h->slot = slot;
	h->cmd = cmd;
	h->tag = tag;
}

int disc_send(struct disc *d, const uint8_t *frame, size_t len)
{
	int rc;

	/* The last line of write safety: only reads ever leave the engine. */
	if (len < AOE_HDR_LEN)
		return AR_EINVAL;
	switch (frame[AOE_OFF_CMD]) {
	case AOE_CMD_ATA:
		if (len < AOE_ATA_HDR_LEN ||
		    (frame[AOE_ATA_OFF_AFLAGS] & AOE_AFL_WRITE) ||
		    (frame[AOE_ATA_OFF_CMDSTAT] != ATA_CMD_IDENTIFY &&
		     frame[AOE_ATA_OFF_CMDSTAT] != ATA_CMD_READ &&
		     frame[AOE_ATA_OFF_CMDSTAT] != ATA_CMD_READ_EXT))
			return AR_EPERM;
		break;
	case AOE_CMD_CONFIG:
		/* Query Config "read" only: set/force set would change a target. */
		if (len < AOE_CFG_HDR_LEN ||
		    (frame[AOE_CFG_OFF_VERCMD] & 0x0f) != AOE_CFG_READ)
			return AR_EPERM;
		break;
	default:
		return AR_EPERM;
	}
	rc = d->plat.ops->send(d->plat.ctx, frame, len);
	if (rc)
		d->stats.tx_errors++;
	else
		d->stats.tx++;
	return rc;
}

/* Parse errors that mean a damaged frame rather than a device's answer. */
bool disc_malformed(int rc)
{
	return rc == AR_EMSGSIZE || rc == AR_EBADMSG || rc == AR_EPROTO;
}
