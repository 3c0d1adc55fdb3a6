/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mdsb.c - md superblock reader (0.90, 1.0, 1.1, 1.2). See mdsb.h.
 * Offsets follow Linux include/uapi/linux/raid/md_p.h; checksums are
 * computed the way the kernel's calc_sb_1_csum / calc_sb_csum do.
 */
#include "mdsb.h"
#include "bytes.h"
#include "err.h"

/* Version 1 superblock (struct mdp_superblock_1), all fields little-endian. */
enum {
	SB1_MAGIC = 0,          /* le32 */
	SB1_MAJOR = 4,          /* le32, 1 */
	SB1_FEATURE_MAP = 8,    /* le32 */
	SB1_SET_UUID = 16,      /* 16 bytes */
	SB1_SET_NAME = 32,      /* 32 bytes */
	SB1_CTIME = 64,         /* le64, low 40 bits seconds */
	SB1_LEVEL = 72,         /* le32, signed */
	SB1_LAYOUT = 76,        /* le32 */
	SB1_SIZE = 80,          /* le64 */
	SB1_RAID_DISKS = 92,    /* le32 */
	SB1_DATA_OFFSET = 128,  /* le64 */
	SB1_DATA_SIZE = 136,    /* le64 */
	SB1_SUPER_OFFSET = 144, /* le64 */
	SB1_DEV_NUMBER = 160,   /* le32 */
	SB1_DEVICE_UUID = 168,  /* 16 bytes */
	SB1_UTIME = 192,        /* le64, low 40 bits seconds */
	SB1_EVENTS = 200,       /* le64 */
	SB1_RESYNC_OFFSET = 208,/* le64, all ones when clean */
	SB1_SB_CSUM = 216,      /* le32 */
	SB1_MAX_DEV = 220,      /* le32 */
	SB1_DEV_ROLES = 256,    /* le16 each, max_dev of them */
	SB1_FEATURE_ALL = 0x1fff, /* MD_FEATURE_ALL of Linux 6.1 */
};

/* Version 0.90 superblock (mdp_super_t): 1024 host-endian (here LE) words. */
enum {
	SB0_MAGIC = 0,
	SB0_MAJOR = 4,
	SB0_MINOR = 8,
	SB0_UUID0 = 20,
	SB0_CTIME = 24,
	SB0_LEVEL = 28,
	SB0_SIZE = 32,          /* KiB per device */
	SB0_RAID_DISKS = 40,
	SB0_UUID1 = 52,         /* uuid1..3 follow */
	SB0_UTIME = 128,
	SB0_STATE = 132,        /* bit 0: clean */
	SB0_SB_CSUM = 152,
	SB0_EVENTS_LO = 156,    /* little-endian host: lo before hi */
	SB0_EVENTS_HI = 160,
	SB0_LAYOUT = 256,
	SB0_DISKS = 512,        /* 27 descriptors of 128 bytes */
	SB0_THIS_DISK = 3968,
	SB0_NDISKS = 27,
	SB0_DESC_LEN = 128,
	SB0_D_NUMBER = 0,       /* descriptor fields */
	SB0_D_RAID_DISK = 12,
	SB0_D_STATE = 16,
	SB0_DISK_FAULTY = 1 << 0,
	SB0_DISK_ACTIVE = 1 << 1,
	SB0_DISK_SYNC = 1 << 2,
	SB0_RESERVED_SECTORS = 128, /* MD_RESERVED_SECTORS */
};

_Static_assert(SB1_DEV_ROLES + 2 * MDSB_1X_MAX_DEV == 4096, "1.x fits 4 KiB");
_Static_assert(SB0_DISKS + SB0_NDISKS * SB0_DESC_LEN <= SB0_THIS_DISK, "0.90 layout");
_Static_assert(SB0_THIS_DISK + SB0_DESC_LEN == MDSB_090_LEN, "0.90 is 4 KiB");

int mdsb_locations(uint64_t dev_sectors, struct mdsb_loc ret_locs[MDSB_NLOCS])
{
	int n = 0;

	if (!ret_locs)
		return 0;
	if (dev_sectors >= 8 + MDSB_READ_SECTORS) {
		ret_locs[n++] = (struct mdsb_loc){ MDSB_V12, 8, MDSB_READ_SECTORS };
	}
	if (dev_sectors >= MDSB_READ_SECTORS) {
		ret_locs[n++] = (struct mdsb_loc){ MDSB_V11, 0, MDSB_READ_SECTORS };
	}
	if (dev_sectors >= 16 + MDSB_READ_SECTORS) {
		ret_locs[n++] = (struct mdsb_loc){ MDSB_V10, (dev_sectors - 16) & ~(uint64_t)7,
			MDSB_READ_SECTORS };
	}
	if (dev_sectors >= 2 * SB0_RESERVED_SECTORS) {
		ret_locs[n++] = (struct mdsb_loc){ MDSB_V090,
			(dev_sectors & ~(uint64_t)(SB0_RESERVED_SECTORS - 1)) - SB0_RESERVED_SECTORS,
			MDSB_READ_SECTORS };
	}
	return n;
}

/* Both checksums: 32-bit LE words summed into 64 bits, carry folded once. */
static uint32_t csum_fold(uint64_t sum)
{
	return (uint32_t)((sum & 0xffffffffu) + (sum >> 32));
}

static uint32_t sb1_csum(const uint8_t *buf, size_t size)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i + 4 <= size; i += 4)
		if (i != SB1_SB_CSUM)
			sum += get_le32(buf + i);
	if (size - i == 2)
		sum += get_le16(buf + i);
	return csum_fold(sum);
}

static uint32_t sb0_csum(const uint8_t *buf)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < MDSB_090_LEN; i += 4)
		if (i != SB0_SB_CSUM)
			sum += get_le32(buf + i);
	return csum_fold(sum);
}

static void copy_name(char *dst, const uint8_t *src)
{
	size_t i;

	for (i = 0; i < MDSB_NAME_MAX && src[i]; i++)
		dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? (char)src[i] : '?';
	dst[i] = '\0';
}

/* The md "time" fields of 1.x keep seconds in the low 40 bits. */
static uint64_t sb1_time(const uint8_t *p)
{
	return get_le64(p) & (((uint64_t)1 << 40) - 1);
}

static void sb1_roles(const uint8_t *buf, uint32_t max_dev, struct mdsb_info *info)
{
	uint32_t i;

	info->role = MDSB_ROLE_SPARE; /* kernel: dev_number beyond max_dev */
	if (info->dev_number < max_dev)
		info->role = get_le16(buf + SB1_DEV_ROLES + 2 * info->dev_number);
	info->slots_active = 0;
	for (i = 0; i < max_dev; i++) {
		uint16_t r = get_le16(buf + SB1_DEV_ROLES + 2 * i);

		if (r < info->raid_disks && r < MDSB_MAX_SLOTS)
			info->slots_active |= (uint64_t)1 << r;
	}
}

static int parse_1x(const uint8_t *buf, size_t len, uint64_t sector,
                    uint64_t dev_sectors, struct mdsb_info *info)
{
	uint32_t max_dev;
	size_t need;

	if (get_le32(buf + SB1_MAJOR) != 1)
		return AR_ENOTSUP;
	if (len < MDSB_1X_MIN_LEN)
		return AR_EMSGSIZE;
	max_dev = get_le32(buf + SB1_MAX_DEV);
	if (max_dev > MDSB_1X_MAX_DEV)
		return AR_EBADMSG;
	need = SB1_DEV_ROLES + 2 * (size_t)max_dev;
	if (len < need)
		return AR_EMSGSIZE;
	if (sb1_csum(buf, need) != get_le32(buf + SB1_SB_CSUM))
		return AR_ECHECKSUM;
	info->super_offset = get_le64(buf + SB1_SUPER_OFFSET);
	if (info->super_offset != sector)
		return AR_EBADMSG;
	info->feature_map = get_le32(buf + SB1_FEATURE_MAP);
	if (info->feature_map & ~(uint32_t)SB1_FEATURE_ALL)
		return AR_ENOTSUP;
	info->data_offset = get_le64(buf + SB1_DATA_OFFSET);
	info->data_size = get_le64(buf + SB1_DATA_SIZE);
	if (info->data_offset + info->data_size < info->data_offset)
		return AR_EBADMSG;
	/* The kernel refuses a member too small for its data ("too small");
	 * a code of its own lets the caller say so instead of "malformed". */
	if (dev_sectors && info->data_offset + info->data_size > dev_sectors)
		return AR_ERANGE;

	info->version = sector == 0 ? MDSB_V11 : sector == 8 ? MDSB_V12 : MDSB_V10;
	ar_memcpy(info->uuid, buf + SB1_SET_UUID, 16);
	copy_name(info->name, buf + SB1_SET_NAME);
	info->level = (int32_t)get_le32(buf + SB1_LEVEL);
	info->layout = get_le32(buf + SB1_LAYOUT);
	info->raid_disks = get_le32(buf + SB1_RAID_DISKS);
	info->events = get_le64(buf + SB1_EVENTS);
	info->ctime = sb1_time(buf + SB1_CTIME);
	info->utime = sb1_time(buf + SB1_UTIME);
	info->dev_number = get_le32(buf + SB1_DEV_NUMBER);
	info->clean = get_le64(buf + SB1_RESYNC_OFFSET) == ~(uint64_t)0;
	info->has_dev_uuid = true;
	ar_memcpy(info->dev_uuid, buf + SB1_DEVICE_UUID, 16);
	sb1_roles(buf, max_dev, info);
	return 0;
}

/* 0.90 role of one disk descriptor, as mdadm reads it. */
static uint32_t sb0_role(const uint8_t *desc, uint32_t raid_disks)
{
	uint32_t state = get_le32(desc + SB0_D_STATE);
	uint32_t slot = get_le32(desc + SB0_D_RAID_DISK);

	if (state & SB0_DISK_FAULTY)
		return MDSB_ROLE_FAULTY;
	if ((state & SB0_DISK_ACTIVE) && (state & SB0_DISK_SYNC) && slot < raid_disks)
		return slot;
	return MDSB_ROLE_SPARE;
}

static int parse_090(const uint8_t *buf, size_t len, uint64_t sector,
                     uint64_t dev_sectors, struct mdsb_info *info)
{
	uint32_t i;

	if (len < MDSB_090_LEN)
		return AR_EMSGSIZE;
	if (get_le32(buf + SB0_MAJOR) != 0)
		return AR_ENOTSUP;
	if (sb0_csum(buf) != get_le32(buf + SB0_SB_CSUM))
		return AR_ECHECKSUM;
	if (dev_sectors) {
		struct mdsb_loc locs[MDSB_NLOCS];
		int n = mdsb_locations(dev_sectors, locs);

		if (n < 1 || locs[n - 1].version != MDSB_V090 || locs[n - 1].sector != sector)
			return AR_EBADMSG;
	}
	info->version = MDSB_V090;
	for (i = 0; i < 4; i++)
		put_be32(info->uuid + 4 * i,
		         get_le32(buf + (i == 0 ? SB0_UUID0 : SB0_UUID1 + 4 * (i - 1))));
	info->name[0] = '\0';
	info->level = (int32_t)get_le32(buf + SB0_LEVEL);
	info->layout = get_le32(buf + SB0_LAYOUT);
	info->raid_disks = get_le32(buf + SB0_RAID_DISKS);
	info->events = (uint64_t)get_le32(buf + SB0_EVENTS_HI) << 32 |
	               get_le32(buf + SB0_EVENTS_LO);
	info->ctime = get_le32(buf + SB0_CTIME);
	info->utime = get_le32(buf + SB0_UTIME);
	info->feature_map = 0;
	info->dev_number = get_le32(buf + SB0_THIS_DISK + SB0_D_NUMBER);
	info->role = sb0_role(buf + SB0_THIS_DISK, info->raid_disks);
	info->clean = get_le32(buf + SB0_STATE) & 1;
	info->data_offset = 0;
	info->data_size = (uint64_t)get_le32(buf + SB0_SIZE) * 2;
	info->super_offset = sector;
	info->has_dev_uuid = false;
	ar_memset(info->dev_uuid, 0, 16);
	info->slots_active = 0;
	for (i = 0; i < SB0_NDISKS; i++) {
		uint32_t r = sb0_role(buf + SB0_DISKS + i * SB0_DESC_LEN, info->raid_disks);

		if (r < MDSB_MAX_SLOTS)
			info->slots_active |= (uint64_t)1 << r;
	}
	return 0;
}

int mdsb_parse(const uint8_t *buf, size_t len, uint64_t sector,
               uint64_t dev_sectors, struct mdsb_info *ret)
{
	uint32_t magic;

	if (!buf || !ret)
		return AR_EINVAL;
	if (len < 8)
		return AR_EMSGSIZE;
	magic = get_le32(buf + SB1_MAGIC);
	if (magic == MDSB_MAGIC && get_le32(buf + SB1_MAJOR) != 0)
		return parse_1x(buf, len, sector, dev_sectors, ret);
	if (magic == MDSB_MAGIC)
		return parse_090(buf, len, sector, dev_sectors, ret);
	if (get_be32(buf + SB0_MAGIC) == MDSB_MAGIC)
		return AR_ENOTSUP; /* 0.90 from a big-endian host */
	return AR_ENOENT;
}

unsigned mdsb_read_sectors(const uint8_t *head, size_t len)
{
	uint32_t max_dev;

	if (!head || len < SB1_MAX_DEV + 4)
		return MDSB_READ_SECTORS;
	if (get_le32(head + SB1_MAGIC) != MDSB_MAGIC)
		/* Nothing, or big-endian 0.90 (its magic is in the first
		 * sector: mdsb_parse() says it is not supported). */
		return get_be32(head + SB0_MAGIC) == MDSB_MAGIC ? 1 : 0;
	if (get_le32(head + SB1_MAJOR) == 0)
		return MDSB_090_LEN / MDSB_SECTOR;
	max_dev = get_le32(head + SB1_MAX_DEV);
	if (max_dev > MDSB_1X_MAX_DEV)
		return MDSB_READ_SECTORS; /* mdsb_parse() rejects it */
	return (unsigned)((SB1_DEV_ROLES + 2 * (size_t)max_dev + MDSB_SECTOR - 1) / MDSB_SECTOR);
}

int mdsb_probe(const struct mdsb_loc *locs, const uint8_t *const *bufs,
               const size_t *lens, size_t n, uint64_t dev_sectors,
               struct mdsb_info *ret)
{
	struct mdsb_info cand;
	int err = AR_ENOENT, found = 0;
	size_t i;

	if (!locs || !bufs || !lens || !ret)
		return AR_EINVAL;
	for (i = 0; i < n; i++) {
		int r;

		if (!bufs[i])
			continue;
		r = mdsb_parse(bufs[i], lens[i], locs[i].sector, dev_sectors, &cand);
		if (r < 0) {
			if (err == AR_ENOENT)
				err = r;
			continue;
		}
		if (!found || cand.ctime > ret->ctime)
			*ret = cand;
		found = 1;
	}
	return found ? 0 : err;
}

bool mdsb_slot_active(const struct mdsb_info *info, uint32_t slot)
{
	if (!info || slot >= MDSB_MAX_SLOTS || slot >= info->raid_disks)
		return false;
	return (info->slots_active >> slot) & 1;
}

const char *mdsb_version_str(unsigned version)
{
	switch (version) {
	case MDSB_V090: return "0.90";
	case MDSB_V10: return "1.0";
	case MDSB_V11: return "1.1";
	case MDSB_V12: return "1.2";
	default: return "?";
	}
}
