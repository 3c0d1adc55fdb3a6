/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mdsb.h - Linux md RAID superblock reader: metadata 0.90, 1.0, 1.1, 1.2.
 *
 * The caller reads the bytes (over AoE, from a block device, from a test
 * file); this module says where to read (mdsb_locations) and decodes what was
 * read (mdsb_parse), checking magic, version, checksum and every length.
 * Fields are read byte-wise (bytes.h), never by casting the buffer to a
 * struct. Layout: Linux include/uapi/linux/raid/md_p.h.
 *
 * Byte order: 1.x superblocks are little-endian on every host. 0.90
 * superblocks are written in the creating host's byte order; all aoeroot
 * targets are x86, so only little-endian 0.90 is accepted (a big-endian one
 * is reported as AR_ENOTSUP).
 *
 * Freestanding: no libc, no allocation, no globals.
 */
#ifndef AOEROOT_MDSB_H
#define AOEROOT_MDSB_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

/* Metadata versions, numbered as mdadm spells them (major*100 + minor). */
enum mdsb_version {
	MDSB_V090 = 90,
	MDSB_V10 = 100,
	MDSB_V11 = 101,
	MDSB_V12 = 102,
};

enum {
	MDSB_MAGIC = 0xa92b4efc,     /* both formats */
	MDSB_SECTOR = 512,
	MDSB_NLOCS = 4,              /* one place per version */
	MDSB_READ_SECTORS = 8,       /* 4096 bytes hold any superblock */
	MDSB_READ_BYTES = MDSB_READ_SECTORS * MDSB_SECTOR,
	MDSB_1X_MIN_LEN = 256,       /* 1.x fixed part; + 2 bytes per max_dev */
	MDSB_1X_MAX_DEV = (4096 - 256) / 2, /* kernel's limit on max_dev */
	MDSB_090_LEN = 4096,         /* 0.90 is always 4096 bytes */
	MDSB_NAME_MAX = 32,          /* 1.x set_name length */
	MDSB_MAX_SLOTS = 64,         /* role table entries kept (raid slots) */
	/* Values of mdsb_info.role besides a slot number 0..raid_disks-1. */
	MDSB_ROLE_SPARE = 0xffff,
	MDSB_ROLE_FAULTY = 0xfffe,
	MDSB_ROLE_JOURNAL = 0xfffd,
	MDSB_ROLE_MAX = 0xff00,      /* roles at or above are not slots */
	MDSB_UUID_STR_LEN = 35,      /* "xxxxxxxx:xxxxxxxx:xxxxxxxx:xxxxxxxx" */
};

/* Where one version's superblock lives on a device of a given size. */
struct mdsb_loc {
	unsigned version;   /* enum mdsb_version */
	uint64_t sector;    /* first 512-byte sector to read */
	uint32_t count;     /* sectors to read (MDSB_READ_SECTORS) */
};

/* One member's superblock, decoded. All sizes/offsets in 512-byte sectors. */
struct mdsb_info {
	unsigned version;        /* enum mdsb_version */
	uint8_t uuid[16];        /* array uuid; 0.90: the 4 words, each big-endian
	                            so the hex reads as mdadm prints it */
	char name[MDSB_NAME_MAX + 1]; /* 1.x set_name ("host:name"), NUL-ended,
	                            non-printable bytes shown as '?'; "" for 0.90 */
	int32_t level;           /* 1 for RAID1; -1 linear, 0, 4, 5, 6, 10 */
	uint32_t layout;
	uint32_t raid_disks;     /* slots in a fully working array */
	uint64_t events;         /* update count: higher is fresher */
	uint64_t ctime;          /* creation time, seconds since the epoch */
	uint64_t utime;          /* last update, seconds since the epoch */
	uint32_t feature_map;    /* 1.x feature bits; 0 for 0.90 */
	uint32_t dev_number;     /* this device's index in the role table */
	uint32_t role;           /* this device's slot, or MDSB_ROLE_SPARE/
	                            FAULTY/JOURNAL */
	bool clean;              /* array was shut down cleanly (1.x:
	                            resync_offset all ones; 0.90: MD_SB_CLEAN) */
	uint64_t data_offset;    /* where data starts on this device */
	uint64_t data_size;      /* usable data sectors on this device */
	uint64_t super_offset;   /* where this superblock is */
	bool has_dev_uuid;       /* 1.x only */
	uint8_t dev_uuid[16];    /* this device's uuid (1.x) */
	/*
	 * Role table as this member sees the array: bit i set when some device
	 * is active (in sync, not faulty) in slot i, for i < min(raid_disks,
	 * MDSB_MAX_SLOTS). A member that missed updates still shows the slots
	 * as they were when it last wrote; in a split brain each side shows
	 * the other's slot inactive. Test with mdsb_slot_active().
	 */
	uint64_t slots_active;
};

/**
 * mdsb_locations() - where each metadata version's superblock would be.
 * @dev_sectors: device size in 512-byte sectors.
 * @ret_locs: filled with up to MDSB_NLOCS places, in probe order 1.2, 1.1,
 *            1.0, 0.90 (1.1 at sector 0; 1.2 at 8; 1.0 at (S-16)&~7; 0.90 at
 *            (S&~127)-128), each MDSB_READ_SECTORS long.
 * Return: the number of places filled (a device too small for a version has
 * no place for it), 0 when the device cannot hold any superblock.
 */
int mdsb_locations(uint64_t dev_sectors, struct mdsb_loc ret_locs[MDSB_NLOCS]);

/**
 * mdsb_parse() - decode the superblock found at one place.
 * @buf: bytes read from the device starting at @sector.
 * @len: bytes in @buf: 0.90 needs 4096; 1.x needs 256 + 2 * max_dev (at most
 *       4096), so MDSB_READ_BYTES always suffices.
 * @sector: the 512-byte sector @buf was read from. A 1.x superblock must say
 *          it lives there (super_offset); it also gives the minor version
 *          (0: 1.1, 8: 1.2, elsewhere 1.0).
 * @dev_sectors: device size in sectors, or 0 when unknown. When known, a
 *               0.90 superblock must be at its expected place and a 1.x
 *               member's data (data_offset + data_size) must fit.
 * @ret: filled on success; left undefined on failure.
 * Return: 0; AR_ENOENT no md magic here; AR_ECHECKSUM bad checksum;
 * AR_EBADMSG inconsistent fields (wrong super_offset, max_dev too large,
 * offsets overflowing); AR_ERANGE a valid 1.x superblock whose data
 * (data_offset + data_size) ends beyond @dev_sectors: a member too small
 * for its array (shrunk, or the wrong export); AR_EMSGSIZE @len shorter than the superblock;
 * AR_ENOTSUP unknown major version, unknown 1.x feature bits, or a
 * big-endian 0.90 superblock; AR_EINVAL NULL arguments.
 */
int mdsb_parse(const uint8_t *buf, size_t len, uint64_t sector,
               uint64_t dev_sectors, struct mdsb_info *ret);

/**
 * mdsb_read_sectors() - how much of one place must be read, judged from its
 * first @len bytes: 0 when no md magic starts there (nothing more to read);
 * a 1.x superblock spans 256 + 2 x max_dev bytes (one sector for up to 128
 * devices); 0.90 is 4096 bytes. Lets a reader fetch a place's first frame
 * and stop there on a device where no superblock lives, or where a small
 * 1.x superblock fits in it: most places of most disks.
 * Return: sectors to read from the place's start, 0 .. MDSB_READ_SECTORS
 * (MDSB_READ_SECTORS when @len is too short to tell).
 */
unsigned mdsb_read_sectors(const uint8_t *head, size_t len);

/**
 * mdsb_probe() - pick the superblock of a device from its candidate places.
 * @locs: places from mdsb_locations().
 * @bufs: bufs[i] holds lens[i] bytes read at locs[i] (NULL if not read).
 * @lens: lengths of @bufs.
 * @n: number of places.
 * @dev_sectors: device size in sectors.
 * @ret: the chosen superblock. When several places hold a valid one (an old
 *       superblock left behind by a re-create), the newest ctime wins, as
 *       mdadm does; on a tie the earlier place in @locs.
 * Return: 0; AR_ENOENT when no place has md magic; otherwise the error of
 * the first place that had magic but failed (e.g. AR_ECHECKSUM, or
 * AR_ERANGE for a device too small for its data; see mdsb_parse()).
 */
int mdsb_probe(const struct mdsb_loc *locs, const uint8_t *const *bufs,
               const size_t *lens, size_t n, uint64_t dev_sectors,
               struct mdsb_info *ret);

/**
 * mdsb_slot_active() - whether @info's role table shows @slot in use.
 * Return: true when some device is active in @slot as @info sees the array;
 * false for slots beyond raid_disks or MDSB_MAX_SLOTS.
 */
bool mdsb_slot_active(const struct mdsb_info *info, uint32_t slot);

/**
 * mdsb_version_str() - "0.90", "1.0", "1.1", "1.2" or "?" for @version.
 */
const char *mdsb_version_str(unsigned version);

/* The array UUID is written and read by aoename_uuid_format() and aoename_uuid_parse() in
 * aoename.h (the one place for the user-facing value syntaxes). */

#endif /* AOEROOT_MDSB_H */
