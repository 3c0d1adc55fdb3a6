/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * aoe.c - AoE r11 frame codec and ATA IDENTIFY parser (see aoe.h).
 * Freestanding: byte-wise field access only, no libc, no allocation.
 */
#include "aoe.h"
#include "bytes.h"
#include "err.h"

/* The layout in aoe.h must match AoE r11 (and Linux aoe.h, vblade dat.h). */
_Static_assert(AOE_OFF_SRC == AOE_OFF_DST + AOE_MAC_LEN, "src follows dst");
_Static_assert(AOE_OFF_TYPE == AOE_OFF_SRC + AOE_MAC_LEN, "type follows src");
_Static_assert(AOE_OFF_VERFL == AOE_OFF_TYPE + 2, "ver/flags after type");
_Static_assert(AOE_OFF_SHELF == AOE_OFF_ERROR + 1, "shelf after error");
_Static_assert(AOE_OFF_SLOT == AOE_OFF_SHELF + 2, "slot after shelf");
_Static_assert(AOE_OFF_TAG == AOE_OFF_CMD + 1, "tag after cmd");
_Static_assert(AOE_HDR_LEN == 24 && AOE_OFF_TAG + 4 == AOE_HDR_LEN, "AoE header is 24 bytes");
_Static_assert((int)AOE_ATA_OFF_AFLAGS == (int)AOE_HDR_LEN, "ATA arg follows header");
_Static_assert(AOE_ATA_OFF_LBA == AOE_ATA_OFF_CMDSTAT + 1, "lba after cmd/status");
_Static_assert(AOE_ATA_OFF_RES == AOE_ATA_OFF_LBA + AOE_ATA_LBA_LEN, "reserved after lba");
_Static_assert(AOE_ATA_HDR_LEN == 36 && AOE_ATA_OFF_RES + 2 == AOE_ATA_HDR_LEN, "ATA header is 36 bytes");
_Static_assert((int)AOE_CFG_OFF_BUFCNT == (int)AOE_HDR_LEN, "config arg follows header");
_Static_assert(AOE_CFG_OFF_SCNT == AOE_CFG_OFF_FIRMWARE + 2, "scnt after firmware");
_Static_assert(AOE_CFG_OFF_STRLEN == AOE_CFG_OFF_VERCMD + 1, "strlen after vercmd");
_Static_assert(AOE_CFG_HDR_LEN == 32 && AOE_CFG_OFF_STRLEN + 2 == AOE_CFG_HDR_LEN, "config header is 32 bytes");
_Static_assert(AOE_CFG_STR_MAX == 1024, "r11 config string limit");
_Static_assert(AOE_CFG_HDR_LEN + AOE_CFG_STR_MAX <= 1514, "a full config string fits a 1500-MTU frame");

_Static_assert((int)AOE_VLAN_OFF_TPID == (int)AOE_OFF_TYPE, "the tag sits where the EtherType was");
_Static_assert(AOE_VLAN_OFF_TYPE == AOE_VLAN_OFF_TCI + 2, "inner type after the TCI");
_Static_assert((int)AOE_VLAN_HDR_LEN == (int)AOE_OFF_VERFL + (int)AOE_VLAN_TAG_LEN, "tagged Ethernet header is 18 bytes");

/* IDENTIFY word numbers (ATA-8 ACS). */
enum {
	ID_W_SERIAL = 10, ID_SERIAL_WORDS = 10,
	ID_W_FIRMWARE = 23, ID_FIRMWARE_WORDS = 4,
	ID_W_MODEL = 27, ID_MODEL_WORDS = 20,
	ID_W_LBA28 = 60,
	ID_W_CMDSET2 = 83, ID_CMDSET2_LBA48 = 1 << 10,
	ID_W_LBA48 = 100,
};

const char *aoe_error_str(unsigned int code)
{
	switch (code) {
	case AOE_ERR_BADCMD: return "unrecognized command code";
	case AOE_ERR_BADARG: return "bad argument parameter";
	case AOE_ERR_DEVUNAVAIL: return "device unavailable";
	case AOE_ERR_CFGSET: return "config string present";
	case AOE_ERR_BADVER: return "unsupported version";
	case AOE_ERR_RESERVED: return "target is reserved";
	default: return "unknown AoE error";
	}
}

int aoe_error_to_ar(unsigned int code)
{
	switch (code) {
	case AOE_ERR_BADCMD: return AR_ENOTSUP;
	case AOE_ERR_BADARG: return AR_EINVAL;
	case AOE_ERR_CFGSET: return AR_EEXIST;
	case AOE_ERR_BADVER: return AR_EPROTO;
	case AOE_ERR_RESERVED: return AR_EBUSY;
	default: return AR_EIO;
	}
}

int aoe_hdr_pack(uint8_t *buf, size_t cap, const struct aoe_hdr *hdr)
{
	if (cap < AOE_HDR_LEN)
		return AR_ENOSPC;
	ar_memcpy(buf + AOE_OFF_DST, hdr->dst, AOE_MAC_LEN);
	ar_memcpy(buf + AOE_OFF_SRC, hdr->src, AOE_MAC_LEN);
	put_be16(buf + AOE_OFF_TYPE, AOE_ETHERTYPE);
	buf[AOE_OFF_VERFL] = (uint8_t)(AOE_VERSION << 4 | (hdr->flags & 0x0F));
	buf[AOE_OFF_ERROR] = hdr->error;
	put_be16(buf + AOE_OFF_SHELF, hdr->shelf);
	buf[AOE_OFF_SLOT] = hdr->slot;
	buf[AOE_OFF_CMD] = hdr->cmd;
	put_be32(buf + AOE_OFF_TAG, hdr->tag);
	return 0;
}

int aoe_hdr_unpack(const uint8_t *frame, size_t len, struct aoe_hdr *ret_hdr)
{
	if (len < AOE_HDR_LEN)
		return AR_EMSGSIZE;
	ar_memcpy(ret_hdr->dst, frame + AOE_OFF_DST, AOE_MAC_LEN);
	ar_memcpy(ret_hdr->src, frame + AOE_OFF_SRC, AOE_MAC_LEN);
	ret_hdr->version = frame[AOE_OFF_VERFL] >> 4;
	ret_hdr->flags = frame[AOE_OFF_VERFL] & 0x0F;
	ret_hdr->error = frame[AOE_OFF_ERROR];
	ret_hdr->shelf = get_be16(frame + AOE_OFF_SHELF);
	ret_hdr->slot = frame[AOE_OFF_SLOT];
	ret_hdr->cmd = frame[AOE_OFF_CMD];
	ret_hdr->tag = get_be32(frame + AOE_OFF_TAG);
	if (get_be16(frame + AOE_OFF_TYPE) != AOE_ETHERTYPE)
		return AR_EPROTO;
	if (ret_hdr->version != AOE_VERSION)
		return AR_EPROTO;
	return 0;
}

int aoe_hdr_status(const struct aoe_hdr *hdr)
{
	if (!(hdr->flags & AOE_FL_ERROR))
		return 0;
	return aoe_error_to_ar(hdr->error);
}

/* Unpack a header and require command @cmd and no AoE error. */
static int hdr_expect(const uint8_t *frame, size_t len, uint8_t cmd,
		      struct aoe_hdr *ret_hdr)
{
	int rc = aoe_hdr_unpack(frame, len, ret_hdr);

	if (rc)
		return rc;
	if (ret_hdr->cmd != cmd)
		return AR_EPROTO;
	return aoe_hdr_status(ret_hdr);
}

/*
 * Check room for a frame of @need bytes, write the header with @cmd and
 * zero the rest up to the padded length, returned in *ret_len.
 */
static int frame_start(uint8_t *buf, size_t cap, const struct aoe_hdr *hdr,
		       uint8_t cmd, size_t need, size_t *ret_len)
{
	struct aoe_hdr h = *hdr;
	size_t total = need < AOE_FRAME_MIN ? AOE_FRAME_MIN : need;

	if (cap < total)
		return AR_ENOSPC;
	h.cmd = cmd;
	ar_memset(buf, 0, total);
	aoe_hdr_pack(buf, cap, &h);
	*ret_len = total;
	return 0;
}

int aoe_cfg_build(uint8_t *buf, size_t cap, const struct aoe_hdr *hdr,
		  const struct aoe_cfg *cfg, size_t *ret_len)
{
	int rc;

	if (cfg->str_len > AOE_CFG_STR_MAX)
		return AR_E2BIG;
	if (cfg->subcmd > 0x0F || cfg->aoe_version > 0x0F)
		return AR_EINVAL;
	rc = frame_start(buf, cap, hdr, AOE_CMD_CONFIG,
			 AOE_CFG_HDR_LEN + (size_t)cfg->str_len, ret_len);
	if (rc)
		return rc;
	put_be16(buf + AOE_CFG_OFF_BUFCNT, cfg->bufcnt);
	put_be16(buf + AOE_CFG_OFF_FIRMWARE, cfg->firmware);
	buf[AOE_CFG_OFF_SCNT] = cfg->max_sectors;
	buf[AOE_CFG_OFF_VERCMD] = (uint8_t)(cfg->aoe_version << 4 | cfg->subcmd);
	put_be16(buf + AOE_CFG_OFF_STRLEN, cfg->str_len);
	if (cfg->str_len)
		ar_memcpy(buf + AOE_CFG_HDR_LEN, cfg->str, cfg->str_len);
	return 0;
}

int aoe_cfg_parse(const uint8_t *frame, size_t len, struct aoe_hdr *ret_hdr,
		  struct aoe_cfg *ret_cfg)
{
	int rc = hdr_expect(frame, len, AOE_CMD_CONFIG, ret_hdr);

	ar_memset(ret_cfg, 0, sizeof(*ret_cfg));
	if (rc)
		return rc;
	if (len < AOE_CFG_HDR_LEN)
		return AR_EMSGSIZE;
	ret_cfg->bufcnt = get_be16(frame + AOE_CFG_OFF_BUFCNT);
	ret_cfg->firmware = get_be16(frame + AOE_CFG_OFF_FIRMWARE);
	ret_cfg->max_sectors = frame[AOE_CFG_OFF_SCNT];
	ret_cfg->aoe_version = frame[AOE_CFG_OFF_VERCMD] >> 4;
	ret_cfg->subcmd = frame[AOE_CFG_OFF_VERCMD] & 0x0F;
	ret_cfg->str_len = get_be16(frame + AOE_CFG_OFF_STRLEN);
	/* A reply claiming more string than it carries is malformed. */
	if (ret_cfg->str_len > AOE_CFG_STR_MAX ||
	    ret_cfg->str_len > len - AOE_CFG_HDR_LEN) {
		ret_cfg->str_len = 0;
		return AR_EBADMSG;
	}
	ret_cfg->str = frame + AOE_CFG_HDR_LEN;
	return 0;
}

int aoe_ata_build(uint8_t *buf, size_t cap, const struct aoe_hdr *hdr,
		  const struct aoe_ata *ata, size_t *ret_len)
{
	size_t need;
	uint64_t lba = ata->lba;
	int rc, i;

	if (lba >> 48)
		return AR_ERANGE;
	if (ar_add_overflow(AOE_ATA_HDR_LEN, ata->data_len, &need))
		return AR_ENOSPC;
	rc = frame_start(buf, cap, hdr, AOE_CMD_ATA, need, ret_len);
	if (rc)
		return rc;
	buf[AOE_ATA_OFF_AFLAGS] = ata->aflags;
	buf[AOE_ATA_OFF_ERRFEAT] = ata->err_feature;
	buf[AOE_ATA_OFF_SCNT] = ata->sector_count;
	buf[AOE_ATA_OFF_CMDSTAT] = ata->cmd_status;
	/* One byte at a time, least significant first (Linux put_lba). */
	for (i = 0; i < AOE_ATA_LBA_LEN; i++, lba >>= 8)
		buf[AOE_ATA_OFF_LBA + i] = (uint8_t)lba;
	if (ata->data_len)
		ar_memcpy(buf + AOE_ATA_HDR_LEN, ata->data, ata->data_len);
	return 0;
}

int aoe_ata_build_identify(uint8_t *buf, size_t cap, const struct aoe_hdr *hdr,
			   size_t *ret_len)
{
	struct aoe_ata ata = {
		.sector_count = 1,
		.cmd_status = ATA_CMD_IDENTIFY,
		/* lba[3] is the device register: LBA mode, device 0 */
		.lba = (uint64_t)0xA0 << 24,
	};

	return aoe_ata_build(buf, cap, hdr, &ata, ret_len);
}

int aoe_ata_build_read(uint8_t *buf, size_t cap, const struct aoe_hdr *hdr,
		       uint64_t lba, uint8_t count, size_t *ret_len)
{
	struct aoe_ata ata = { .sector_count = count };
	uint64_t last = lba + count - 1;

	if (!count)
		return AR_EINVAL;
	if (lba >> 48 || last >> 48)
		return AR_ERANGE;
	if (last <= ATA_LBA28_MAX) {
		/* LBA28: bits 27..24 share the device register with 0xE0. */
		ata.cmd_status = ATA_CMD_READ;
		ata.lba = (lba & 0x00FFFFFF) | (uint64_t)(0xE0 | (lba >> 24 & 0x0F)) << 24;
	} else {
		ata.cmd_status = ATA_CMD_READ_EXT;
		ata.aflags = AOE_AFL_LBA48;
		ata.lba = lba;
	}
	return aoe_ata_build(buf, cap, hdr, &ata, ret_len);
}

/* Decode the 12-byte ATA argument at AOE_ATA_OFF_AFLAGS. */
static void ata_arg_decode(const uint8_t *frame, struct aoe_ata *ret_ata)
{
	uint64_t lba = 0;
	int i;

	ret_ata->aflags = frame[AOE_ATA_OFF_AFLAGS];
	ret_ata->err_feature = frame[AOE_ATA_OFF_ERRFEAT];
	ret_ata->sector_count = frame[AOE_ATA_OFF_SCNT];
	ret_ata->cmd_status = frame[AOE_ATA_OFF_CMDSTAT];
	for (i = AOE_ATA_LBA_LEN - 1; i >= 0; i--)
		lba = lba << 8 | frame[AOE_ATA_OFF_LBA + i];
	if (!(ret_ata->aflags & AOE_AFL_LBA48))
		lba &= ATA_LBA28_MAX;
	ret_ata->lba = lba;
}

int aoe_ata_parse(const uint8_t *frame, size_t len, unsigned int expect_sectors,
		  struct aoe_hdr *ret_hdr, struct aoe_ata *ret_ata)
{
	int rc = hdr_expect(frame, len, AOE_CMD_ATA, ret_hdr);
	size_t avail, need;

	ar_memset(ret_ata, 0, sizeof(*ret_ata));
	if (rc)
		return rc;
	if (len < AOE_ATA_HDR_LEN)
		return AR_EMSGSIZE;
	ata_arg_decode(frame, ret_ata);
	if ((ret_hdr->flags & AOE_FL_RESPONSE) &&
	    (ret_ata->cmd_status & ATA_STATUS_FAILMASK))
		return AR_EIO;
	avail = len - AOE_ATA_HDR_LEN;
	need = avail;
	if (expect_sectors) {
		if (expect_sectors > avail / AOE_SECTOR_SIZE)
			return AR_EMSGSIZE;
		need = (size_t)expect_sectors * AOE_SECTOR_SIZE;
	}
	ret_ata->data = frame + AOE_ATA_HDR_LEN;
	ret_ata->data_len = need;
	return 0;
}

/*
 * Copy an ATA string of @words words: each word holds two characters, high
 * byte first. Keep printable ASCII only, trim spaces both ends, NUL-end.
 * @out has room for 2 * @words + 1 bytes.
 */
static void id_string(const uint8_t *data, unsigned int word, unsigned int words,
		      char *out)
{
	size_t n = 0;
	unsigned int i;

	for (i = 0; i < 2 * words; i++) {
		uint8_t c = data[2 * word + (i ^ 1)];

		/* leading spaces are never stored: no overlapping copy later */
		if (c >= 0x20 && c < 0x7F && (n || c != ' '))
			out[n++] = (char)c;
	}
	while (n && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

int ata_identify_parse(const uint8_t *data, size_t len, struct ata_identity *ret_id)
{
	uint64_t lba48;

	ar_memset(ret_id, 0, sizeof(*ret_id));
	if (len < ATA_IDENTIFY_LEN)
		return AR_EMSGSIZE;
	id_string(data, ID_W_MODEL, ID_MODEL_WORDS, ret_id->model);
	id_string(data, ID_W_SERIAL, ID_SERIAL_WORDS, ret_id->serial);
	id_string(data, ID_W_FIRMWARE, ID_FIRMWARE_WORDS, ret_id->firmware);
	ret_id->lba48 = (get_le16(data + 2 * ID_W_CMDSET2) & ID_CMDSET2_LBA48) != 0;
	lba48 = get_le64(data + 2 * ID_W_LBA48) & 0xFFFFFFFFFFFFull;
	/* A device claiming LBA48 with an empty word 100 still has LBA28. */
	if (ret_id->lba48 && lba48)
		ret_id->sectors = lba48;
	else
		ret_id->sectors = get_le32(data + 2 * ID_W_LBA28) & ATA_LBA28_MAX;
	return 0;
}

uint32_t aoe_tag_make(uint64_t now_ms, uint32_t seq, bool userland)
{
	uint32_t tag = (uint32_t)(now_ms & AOE_TAG_TIME_MASK);

	tag |= (seq & AOE_TAG_SEQ_MASK) << AOE_TAG_SEQ_SHIFT;
	if (userland)
		tag |= AOE_TAG_USERLAND;
	return tag;
}

uint32_t aoe_tag_rtt(uint32_t tag, uint64_t now_ms)
{
	return (uint32_t)(now_ms - (tag & AOE_TAG_TIME_MASK)) & AOE_TAG_TIME_MASK;
}

uint32_t aoe_tag_seq(uint32_t tag)
{
	return tag >> AOE_TAG_SEQ_SHIFT & AOE_TAG_SEQ_MASK;
}

int aoe_vlan_parse(const uint8_t *frame, size_t len, struct aoe_vlan *ret_vlan)
{
	uint16_t tci;

	ar_memset(ret_vlan, 0, sizeof(*ret_vlan));
	if (len < AOE_OFF_VERFL)
		return AR_EMSGSIZE;
	ret_vlan->type = get_be16(frame + AOE_OFF_TYPE);
	if (ret_vlan->type != AOE_VLAN_TPID)
		return 0;
	if (len < AOE_VLAN_HDR_LEN)
		return AR_EMSGSIZE;
	tci = get_be16(frame + AOE_VLAN_OFF_TCI);
	ret_vlan->tagged = true;
	ret_vlan->vid = tci & AOE_VLAN_VID_MASK;
	ret_vlan->pcp = (uint8_t)(tci >> 13);
	ret_vlan->type = get_be16(frame + AOE_VLAN_OFF_TYPE);
	return 0;
}

int aoe_vlan_push(uint8_t *buf, size_t len, size_t cap, uint16_t vid, size_t *ret_len)
{
	size_t i;

	if (vid < AOE_VLAN_VID_MIN || vid > AOE_VLAN_VID_MAX)
		return AR_EINVAL;
	if (len < AOE_OFF_VERFL)
		return AR_EMSGSIZE;
	if (cap < AOE_VLAN_TAG_LEN || len > cap - AOE_VLAN_TAG_LEN)
		return AR_ENOSPC;
	/* Backwards: source and destination overlap. */
	for (i = len; i > AOE_OFF_TYPE; i--)
		buf[i - 1 + AOE_VLAN_TAG_LEN] = buf[i - 1];
	put_be16(buf + AOE_VLAN_OFF_TPID, AOE_VLAN_TPID);
	put_be16(buf + AOE_VLAN_OFF_TCI, vid);
	*ret_len = len + AOE_VLAN_TAG_LEN;
	return 0;
}

int aoe_vlan_pop(uint8_t *frame, size_t len, uint16_t vid, size_t *ret_len,
		 struct aoe_vlan *ret_vlan)
{
	struct aoe_vlan v;
	size_t i;
	int rc;

	*ret_len = len;
	if (vid < AOE_VLAN_VID_MIN || vid > AOE_VLAN_VID_MAX)
		return AR_EINVAL;
	rc = aoe_vlan_parse(frame, len, &v);
	if (ret_vlan)
		*ret_vlan = v;
	if (rc)
		return rc;
	if (!v.tagged || v.vid == 0)
		return AOE_VLAN_UNTAGGED;
	if (v.vid != vid)
		return AOE_VLAN_OTHER;
	/* Forwards: the payload moves down over the tag. */
	for (i = AOE_VLAN_OFF_TYPE; i < len; i++)
		frame[i - AOE_VLAN_TAG_LEN] = frame[i];
	*ret_len = len - AOE_VLAN_TAG_LEN;
	return AOE_VLAN_MATCH;
}

unsigned aoe_frame_sectors(unsigned max_sectors, unsigned mtu, unsigned cap)
{
	unsigned hdr = AOE_ATA_HDR_LEN - AOE_OFF_VERFL; /* the Ethernet header is outside the MTU */
	unsigned n = max_sectors ? max_sectors : 2;
	unsigned fit;

	if (!mtu)
		mtu = 1500;
	fit = mtu > hdr ? (mtu - hdr) / AOE_SECTOR_SIZE : 0;
	if (n > fit)
		n = fit;
	if (cap && n > cap)
		n = cap;
	return n ? n : 1;
}

unsigned aoe_window(unsigned bufcnt, unsigned dflt, unsigned cap)
{
	unsigned w = bufcnt ? bufcnt : dflt;

	if (cap && w > cap)
		w = cap;
	return w ? w : 1;
}
