/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * aoe.h - ATA over Ethernet (AoE r11) frame codec and ATA IDENTIFY parser.
 *
 * Frames are built into and parsed from caller buffers, one byte at a time
 * through bytes.h: nothing is ever cast to a struct. Every multi-byte AoE
 * field is big-endian on the wire except the ATA LBA, which is six bytes
 * little-endian (Linux put_lba). Layout (offsets from the Ethernet header):
 *
 *   0 dst[6]  6 src[6]  12 type be16 (0x88A2)
 *  14 ver<<4|flags  15 error  16 shelf be16  18 slot  19 cmd  20 tag be32
 *  ATA (cmd 0):    24 aflags 25 err/feature 26 sector count 27 cmd/status
 *                  28 lba[6] little-endian  34 reserved[2]  36 data
 *  Config (cmd 1): 24 bufcnt be16  26 firmware be16  28 max sectors/frame
 *                  29 version<<4|subcmd  30 string length be16  32 string
 *
 * Frames shorter than 60 bytes are zero-padded on send; received frames may
 * carry padding or trailing bytes (a NIC may even report more than was
 * sent), so lengths inside the AoE payload are trusted over frame lengths,
 * and checked against them. Freestanding: no libc, no allocation.
 */
#ifndef AOEROOT_AOE_H
#define AOEROOT_AOE_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

/* Protocol constants. */
enum {
	AOE_ETHERTYPE = 0x88A2,
	AOE_VERSION = 1,
	AOE_MAC_LEN = 6,
	AOE_SECTOR_SIZE = 512,
	AOE_FRAME_MIN = 60,          /* Ethernet minimum without FCS */
	AOE_SHELF_ALL = 0xFFFF,      /* broadcast shelf */
	AOE_SLOT_ALL = 0xFF,         /* broadcast slot */
};

/*
 * IEEE 802.1Q tag: 4 bytes between the source MAC and the EtherType. A
 * tagged AoE frame is dst[6] src[6] 0x8100 TCI be16 0x88A2 then the AoE
 * header; the codec below works on untagged frames, so a VLAN link pushes
 * the tag after building (aoe_vlan_push) and pops it before parsing
 * (aoe_vlan_pop). TCI: priority [15:13], DEI [12], VLAN ID [11:0]; VID 0
 * is a priority tag only (the frame belongs to no VLAN), 4095 is reserved.
 */
enum {
	AOE_VLAN_TPID = 0x8100,      /* EtherType field of a tagged frame */
	AOE_VLAN_OFF_TPID = 12,      /* be16, where the EtherType would be */
	AOE_VLAN_OFF_TCI = 14,       /* be16 */
	AOE_VLAN_OFF_TYPE = 16,      /* be16: the payload's EtherType */
	AOE_VLAN_TAG_LEN = 4,
	AOE_VLAN_HDR_LEN = 18,       /* Ethernet header with the tag */
	AOE_VLAN_VID_MASK = 0x0FFF,
	AOE_VLAN_VID_MIN = 1,
	AOE_VLAN_VID_MAX = 4094,
};

/* What aoe_vlan_pop() found in front of the payload. */
enum aoe_vlan_class {
	AOE_VLAN_MATCH = 0,          /* tagged with the wanted VID: tag removed */
	AOE_VLAN_UNTAGGED = 1,       /* no tag, or a priority tag (VID 0) */
	AOE_VLAN_OTHER = 2,          /* tagged with another VID (or 4095) */
};

/* A frame's 802.1Q tag, decoded. */
struct aoe_vlan {
	bool tagged;                 /* a 0x8100 tag is present */
	uint16_t vid;                /* 0 when untagged */
	uint8_t pcp;                 /* priority, 0..7 */
	uint16_t type;               /* the payload's EtherType (after the tag) */
};

/* Common header: offsets and size (24 bytes with the Ethernet header). */
enum {
	AOE_OFF_DST = 0,
	AOE_OFF_SRC = 6,
	AOE_OFF_TYPE = 12,
	AOE_OFF_VERFL = 14,          /* version (high nibble) | flags (low) */
	AOE_OFF_ERROR = 15,
	AOE_OFF_SHELF = 16,          /* be16 */
	AOE_OFF_SLOT = 18,
	AOE_OFF_CMD = 19,
	AOE_OFF_TAG = 20,            /* be32 */
	AOE_HDR_LEN = 24,
};

/* ATA argument (cmd 0): offsets from the frame start. */
enum {
	AOE_ATA_OFF_AFLAGS = 24,
	AOE_ATA_OFF_ERRFEAT = 25,
	AOE_ATA_OFF_SCNT = 26,
	AOE_ATA_OFF_CMDSTAT = 27,
	AOE_ATA_OFF_LBA = 28,        /* 6 bytes, little-endian */
	AOE_ATA_LBA_LEN = 6,
	AOE_ATA_OFF_RES = 34,        /* 2 reserved bytes */
	AOE_ATA_HDR_LEN = 36,        /* data follows */
};

/* Query Config argument (cmd 1): offsets from the frame start. */
enum {
	AOE_CFG_OFF_BUFCNT = 24,     /* be16 */
	AOE_CFG_OFF_FIRMWARE = 26,   /* be16 */
	AOE_CFG_OFF_SCNT = 28,       /* max sectors per ATA frame */
	AOE_CFG_OFF_VERCMD = 29,     /* aoe version << 4 | subcommand */
	AOE_CFG_OFF_STRLEN = 30,     /* be16 */
	AOE_CFG_HDR_LEN = 32,        /* config string follows */
	AOE_CFG_STR_MAX = 1024,
};

/* Header flags (low nibble of byte 14). */
enum {
	AOE_FL_RESPONSE = 0x08,
	AOE_FL_ERROR = 0x04,
};

/* Error codes in byte 15 when AOE_FL_ERROR is set. */
enum aoe_error {
	AOE_ERR_BADCMD = 1,          /* unrecognized command code */
	AOE_ERR_BADARG = 2,          /* bad argument parameter */
	AOE_ERR_DEVUNAVAIL = 3,      /* device unavailable */
	AOE_ERR_CFGSET = 4,          /* config string present (set refused) */
	AOE_ERR_BADVER = 5,          /* unsupported version */
	AOE_ERR_RESERVED = 6,        /* target is reserved (vblade) */
};

/* Commands (byte 19). */
enum aoe_cmd {
	AOE_CMD_ATA = 0,
	AOE_CMD_CONFIG = 1,
	AOE_CMD_MACMASK = 2,
	AOE_CMD_RESERVE = 3,
};

/* Query Config subcommands (low nibble of byte 29). */
enum aoe_cfg_cmd {
	AOE_CFG_READ = 0,            /* read the config string */
	AOE_CFG_TEST = 1,            /* answer only if string equals ours */
	AOE_CFG_PREFIX = 2,          /* answer only if string starts with ours */
	AOE_CFG_SET = 3,             /* set if the target's string is empty */
	AOE_CFG_FORCE_SET = 4,       /* set unconditionally */
};

/* ATA aflags (byte 24), commands and status bits. */
enum {
	AOE_AFL_WRITE = 0x01,
	AOE_AFL_ASYNC = 0x02,
	AOE_AFL_DEVICE = 0x10,
	AOE_AFL_LBA48 = 0x40,
	ATA_CMD_READ = 0x20,         /* READ SECTORS, LBA28 */
	ATA_CMD_READ_EXT = 0x24,     /* READ SECTORS EXT, LBA48 */
	ATA_CMD_IDENTIFY = 0xEC,
	ATA_STATUS_FAILMASK = 0xA9,  /* BSY|DF|DRQ|ERR: any set = failure */
	ATA_LBA28_MAX = 0x0FFFFFFF,
	ATA_IDENTIFY_LEN = 512,
};

/* Tag layout: [31] userland, [30:16] sequence, [15:0] send time in ms. */
#define AOE_TAG_USERLAND 0x80000000u
enum {
	AOE_TAG_SEQ_SHIFT = 16,
	AOE_TAG_SEQ_MASK = 0x7FFF,
	AOE_TAG_TIME_MASK = 0xFFFF,  /* RTTs up to 65.535 s are measurable */
};

/* The common header, decoded to host order. */
struct aoe_hdr {
	uint8_t dst[AOE_MAC_LEN];
	uint8_t src[AOE_MAC_LEN];
	uint8_t version;             /* unpack: from the wire; pack: ignored */
	uint8_t flags;               /* AOE_FL_* */
	uint8_t error;               /* enum aoe_error when AOE_FL_ERROR */
	uint16_t shelf;
	uint8_t slot;
	uint8_t cmd;                 /* enum aoe_cmd */
	uint32_t tag;
};

/* Query Config argument. */
struct aoe_cfg {
	uint16_t bufcnt;             /* outstanding frames the target buffers */
	uint16_t firmware;
	uint8_t max_sectors;         /* sectors per ATA frame (0 = 2 by r11) */
	uint8_t aoe_version;         /* high nibble of byte 29 */
	uint8_t subcmd;              /* enum aoe_cfg_cmd */
	uint16_t str_len;            /* <= AOE_CFG_STR_MAX */
	const uint8_t *str;          /* parse: points into the frame */
};

/* ATA argument plus data. */
struct aoe_ata {
	uint8_t aflags;              /* AOE_AFL_* */
	uint8_t err_feature;
	uint8_t sector_count;
	uint8_t cmd_status;          /* command in requests, status in replies */
	uint64_t lba;                /* 48 bits (28 without AOE_AFL_LBA48) */
	const uint8_t *data;         /* parse: points into the frame */
	size_t data_len;
};

/* Result of ata_identify_parse(). Strings are printable ASCII, trimmed. */
struct ata_identity {
	char model[41];              /* words 27-46 */
	char serial[21];             /* words 10-19 */
	char firmware[9];            /* words 23-26 */
	uint64_t sectors;            /* LBA48 words 100-103, else 60-61 */
	bool lba48;                  /* word 83 bit 10 */
};

/**
 * aoe_error_str() - text for an AoE error code (byte 15 of an error reply).
 * @code: the wire error code.
 * Return: a static string, never NULL ("unknown AoE error" for others).
 */
const char *aoe_error_str(unsigned int code);

/**
 * aoe_error_to_ar() - map an AoE wire error code to an enum ar_err.
 * @code: the wire error code (1..6; others give AR_EIO).
 * Return: a negative enum ar_err.
 */
int aoe_error_to_ar(unsigned int code);

/**
 * aoe_hdr_pack() - write the 24-byte Ethernet + AoE header.
 * @buf: output, at least AOE_HDR_LEN bytes.
 * @cap: size of @buf.
 * @hdr: fields to write; version is always AOE_VERSION, flags are masked
 *       to the low nibble.
 * Return: 0, or AR_ENOSPC if @cap < AOE_HDR_LEN.
 */
int aoe_hdr_pack(uint8_t *buf, size_t cap, const struct aoe_hdr *hdr);

/**
 * aoe_hdr_unpack() - decode and check the common header of a frame.
 * @frame: received frame, starting with the Ethernet header.
 * @len: bytes in @frame.
 * @ret_hdr: decoded header (filled on 0 and on AR_EPROTO for version).
 * Return: 0; AR_EMSGSIZE if shorter than AOE_HDR_LEN; AR_EPROTO if the
 * EtherType is not 0x88A2 or the version is not 1. The error flag is not
 * judged here: see aoe_hdr_status().
 */
int aoe_hdr_unpack(const uint8_t *frame, size_t len, struct aoe_hdr *ret_hdr);

/**
 * aoe_hdr_status() - the outcome an AoE header reports.
 * @hdr: a decoded header.
 * Return: 0 unless AOE_FL_ERROR is set; then aoe_error_to_ar(hdr->error).
 */
int aoe_hdr_status(const struct aoe_hdr *hdr);

/**
 * aoe_cfg_build() - build a Query Config frame (request or response).
 * @buf: output buffer.
 * @cap: size of @buf (the frame is padded to AOE_FRAME_MIN).
 * @hdr: header; cmd is forced to AOE_CMD_CONFIG.
 * @cfg: argument; @cfg->str may be NULL when @cfg->str_len is 0.
 * @ret_len: frame length to send (>= AOE_FRAME_MIN).
 * Return: 0; AR_E2BIG if str_len > AOE_CFG_STR_MAX; AR_EINVAL for a
 * subcommand or version above 15; AR_ENOSPC if @cap is too small.
 */
int aoe_cfg_build(uint8_t *buf, size_t cap, const struct aoe_hdr *hdr,
		  const struct aoe_cfg *cfg, size_t *ret_len);

/**
 * aoe_cfg_parse() - decode a Query Config frame.
 * @frame, @len: the received frame.
 * @ret_hdr: decoded header.
 * @ret_cfg: decoded argument; ->str points into @frame.
 * Return: 0; the aoe_hdr_unpack() errors; AR_EPROTO if cmd is not Config;
 * aoe_hdr_status() for an error reply (@ret_hdr valid); AR_EMSGSIZE if
 * shorter than AOE_CFG_HDR_LEN; AR_EBADMSG if the string length exceeds
 * AOE_CFG_STR_MAX or the bytes the frame carries.
 */
int aoe_cfg_parse(const uint8_t *frame, size_t len, struct aoe_hdr *ret_hdr,
		  struct aoe_cfg *ret_cfg);

/**
 * aoe_ata_build() - build an ATA frame from a full argument (and data).
 * @buf, @cap: output buffer (padded to AOE_FRAME_MIN).
 * @hdr: header; cmd is forced to AOE_CMD_ATA.
 * @ata: argument; the LBA is written one byte at a time, little-endian;
 *       ->data_len bytes of ->data (may be NULL if 0) are appended.
 * @ret_len: frame length to send.
 * Return: 0; AR_ERANGE if the LBA needs more than 48 bits; AR_ENOSPC.
 */
int aoe_ata_build(uint8_t *buf, size_t cap, const struct aoe_hdr *hdr,
		  const struct aoe_ata *ata, size_t *ret_len);

/**
 * aoe_ata_build_identify() - build an ATA IDENTIFY DEVICE (0xEC) request.
 * @buf, @cap, @hdr, @ret_len: as for aoe_ata_build().
 * Sector count 1, device register 0xA0 (as Linux aoe sends it).
 * Return: 0 or AR_ENOSPC.
 */
int aoe_ata_build_identify(uint8_t *buf, size_t cap, const struct aoe_hdr *hdr,
			   size_t *ret_len);

/**
 * aoe_ata_build_read() - build a READ SECTORS request.
 * @buf, @cap, @hdr, @ret_len: as for aoe_ata_build().
 * @lba: first sector.
 * @count: sectors, 1..255 (keep within the target's max sectors per frame).
 * READ (0x20, LBA28, device 0xE0|lba[27:24]) when the whole range fits in
 * 28 bits, else READ EXT (0x24) with AOE_AFL_LBA48.
 * Return: 0; AR_EINVAL for @count 0; AR_ERANGE if the range passes 2^48;
 * AR_ENOSPC.
 */
int aoe_ata_build_read(uint8_t *buf, size_t cap, const struct aoe_hdr *hdr,
		       uint64_t lba, uint8_t count, size_t *ret_len);

/**
 * aoe_ata_parse() - decode an ATA frame (normally a response).
 * @frame, @len: the received frame.
 * @expect_sectors: sectors of data the caller expects (the request's
 *       count: targets like vblade return a zero count in replies); 0 means
 *       "take whatever follows the header" (requests, writes).
 * @ret_hdr: decoded header.
 * @ret_ata: decoded argument; ->data points into @frame, ->data_len is
 *       exactly @expect_sectors * 512 when @expect_sectors > 0.
 * Return: 0; the aoe_hdr_unpack() errors; AR_EPROTO if cmd is not ATA;
 * aoe_hdr_status() for an AoE error reply; AR_EMSGSIZE if shorter than
 * AOE_ATA_HDR_LEN or than the expected data; AR_EIO for a response whose
 * ATA status has any of ATA_STATUS_FAILMASK set (@ret_ata filled).
 */
int aoe_ata_parse(const uint8_t *frame, size_t len, unsigned int expect_sectors,
		  struct aoe_hdr *ret_hdr, struct aoe_ata *ret_ata);

/**
 * ata_identify_parse() - extract identity and size from IDENTIFY data.
 * @data: IDENTIFY DEVICE data (256 little-endian 16-bit words).
 * @len: bytes at @data, at least ATA_IDENTIFY_LEN.
 * @ret_id: model/serial/firmware (byte-swapped per word, trimmed, only
 *       printable ASCII kept), sectors (LBA48 words 100-103 when word 83
 *       bit 10 says LBA48, else words 60-61) and the lba48 flag.
 * Return: 0 or AR_EMSGSIZE when @len < 512.
 */
int ata_identify_parse(const uint8_t *data, size_t len, struct ata_identity *ret_id);

/**
 * aoe_vlan_parse() - decode the 802.1Q tag of a frame, if any.
 * @frame, @len: a frame starting with the Ethernet header.
 * @ret_vlan: tagged/vid/pcp and the payload's EtherType.
 * Return: 0; AR_EMSGSIZE if shorter than the Ethernet header (14 bytes, 18
 * when tagged).
 */
int aoe_vlan_parse(const uint8_t *frame, size_t len, struct aoe_vlan *ret_vlan);

/**
 * aoe_vlan_push() - insert an 802.1Q tag (priority 0) into a built frame.
 * @buf: the frame, edited in place (bytes from 12 on move up by 4).
 * @len: bytes of the frame at @buf (at least 14).
 * @cap: size of @buf.
 * @vid: VLAN ID, AOE_VLAN_VID_MIN..AOE_VLAN_VID_MAX.
 * @ret_len: @len + 4.
 * Return: 0; AR_EINVAL for a VID out of range; AR_EMSGSIZE if @len < 14;
 * AR_ENOSPC if @cap < @len + 4.
 */
int aoe_vlan_push(uint8_t *buf, size_t len, size_t cap, uint16_t vid, size_t *ret_len);

/**
 * aoe_vlan_pop() - accept a received frame only with the wanted VLAN tag.
 * @frame: the frame; on AOE_VLAN_MATCH its tag is removed in place (the
 *         payload moves down by 4 bytes), else it is left as it was.
 * @len: bytes at @frame.
 * @vid: the wanted VLAN ID (1..4094).
 * @ret_len: the untagged length on AOE_VLAN_MATCH, else @len.
 * @ret_vlan: the tag as found (may be NULL).
 * Return: enum aoe_vlan_class (0 = AOE_VLAN_MATCH); AR_EMSGSIZE for a
 * frame shorter than its Ethernet header; AR_EINVAL for a bad @vid.
 */
int aoe_vlan_pop(uint8_t *frame, size_t len, uint16_t vid, size_t *ret_len,
		 struct aoe_vlan *ret_vlan);

/**
 * aoe_tag_make() - a tag carrying its own send time.
 * @now_ms: monotonic ms clock; its low 16 bits go into bits 15..0.
 * @seq: a per-sender counter; its low 15 bits go into bits 30..16.
 * @userland: set bit 31 (the Linux aoe driver ignores such replies).
 * Return: the tag (may be 0 for kernel-side tags at seq 0, time 0).
 */
uint32_t aoe_tag_make(uint64_t now_ms, uint32_t seq, bool userland);

/**
 * aoe_tag_rtt() - round-trip time of a reply from its tag.
 * @tag: the tag echoed by the target.
 * @now_ms: the clock now (same clock as aoe_tag_make()).
 * Return: elapsed ms modulo 65536.
 */
uint32_t aoe_tag_rtt(uint32_t tag, uint64_t now_ms);

/**
 * aoe_tag_seq() - the sequence number stored in a tag (bits 30..16).
 */
uint32_t aoe_tag_seq(uint32_t tag);

/*
 * Frame sizing: every engine that sends ATA READs (common/aread.c for the
 * boot loaders' disks, common/disc_md.c for md superblocks) asks these two,
 * so a jumbo-frame link is used as one everywhere.
 */

/**
 * aoe_frame_sectors() - sectors one ATA READ frame carries to a target.
 * @max_sectors: the target's Query Config "sectors per frame" (0 means 2,
 *        AoE r11: an old target that does not say).
 * @mtu: the link's MTU (0 = 1500). The AoE and ATA headers (22 bytes)
 *        ride inside it: (mtu - 22) / 512 sectors fit, 2 at 1500, 17 at 9000.
 * @cap: a further limit (the caller's receive buffer), 0 for none.
 * Return: the least of the three, at least 1.
 */
unsigned aoe_frame_sectors(unsigned max_sectors, unsigned mtu, unsigned cap);

/**
 * aoe_window() - READ frames to keep in flight to one target.
 * @bufcnt: the target's Query Config buffer count (frames it queues; more
 *        are dropped), 0 when it says none.
 * @dflt: the window for a target that says none.
 * @cap: the caller's limit (its slots).
 * Return: bufcnt (or @dflt), at most @cap, at least 1.
 */
unsigned aoe_window(unsigned bufcnt, unsigned dflt, unsigned cap);

#endif /* AOEROOT_AOE_H */
