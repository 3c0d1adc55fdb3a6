/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mdsb_build.h - test-only writer of md superblocks, written from
 * Linux md_p.h independently of common/mdsb.c (plain offsets, kernel-style
 * checksum), so the parser is checked against a second reading of the
 * layout. Real superblocks made by mdadm are in tests/data/md/.
 */
#ifndef AOEROOT_MDSB_BUILD_H
#define AOEROOT_MDSB_BUILD_H

#include <stdint.h>
#include <string.h>

struct sb_spec {
	int v090;               /* 1: 0.90 superblock, 0: 1.x */
	uint64_t sector;        /* where it is written (1.x super_offset) */
	uint8_t uuid[16];
	const char *name;       /* 1.x only */
	int32_t level;
	uint32_t raid_disks;
	uint64_t events;
	uint32_t dev_number;
	uint32_t max_dev;       /* 1.x */
	uint16_t roles[32];     /* 1.x dev_roles[]; 0.90: raid_disk per disk (0xffff none) */
	uint32_t nroles;
	int clean;
	uint64_t data_offset, data_size;
	uint64_t ctime;
};

static inline void sbb_le16(uint8_t *p, uint16_t v) { p[0] = v; p[1] = v >> 8; }
static inline void sbb_le32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = v >> (8 * i); }
static inline void sbb_le64(uint8_t *p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = v >> (8 * i); }
static inline uint32_t sbb_rd32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
/* 0.90 uuid words hold the uuid big-endian, so they print as mdadm shows them */
static inline uint32_t sbb_be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]; }

/* Kernel calc_sb_1_csum: sum le32 words over 256+2*max_dev bytes, csum 0. */
static inline void sbb_csum1(uint8_t *b)
{
	int size = 256 + sbb_rd32(b + 220) * 2;
	uint64_t sum = 0;
	uint8_t *p = b;

	sbb_le32(b + 216, 0);
	for (; size >= 4; size -= 4, p += 4)
		sum += sbb_rd32(p);
	if (size == 2)
		sum += p[0] | p[1] << 8;
	sbb_le32(b + 216, (uint32_t)((sum & 0xffffffff) + (sum >> 32)));
}

static inline void sbb_csum0(uint8_t *b)
{
	uint64_t sum = 0;

	sbb_le32(b + 152, 0);
	for (int i = 0; i < 4096; i += 4)
		sum += sbb_rd32(b + i);
	sbb_le32(b + 152, (uint32_t)((sum & 0xffffffff) + (sum >> 32)));
}

static inline void sbb_build1(uint8_t *b, const struct sb_spec *s)
{
	memset(b, 0, 4096);
	sbb_le32(b + 0, 0xa92b4efc);
	sbb_le32(b + 4, 1);
	memcpy(b + 16, s->uuid, 16);
	if (s->name)
		memcpy(b + 32, s->name, strnlen(s->name, 32));
	sbb_le64(b + 64, s->ctime);
	sbb_le32(b + 72, (uint32_t)s->level);
	sbb_le64(b + 80, s->data_size);
	sbb_le32(b + 88, 0);
	sbb_le32(b + 92, s->raid_disks);
	sbb_le64(b + 128, s->data_offset);
	sbb_le64(b + 136, s->data_size);
	sbb_le64(b + 144, s->sector);
	sbb_le32(b + 160, s->dev_number);
	for (int i = 0; i < 16; i++)
		b[168 + i] = 0xd0 + i;
	sbb_le64(b + 192, s->ctime + 100);
	sbb_le64(b + 200, s->events);
	sbb_le64(b + 208, s->clean ? ~0ULL : 0);
	sbb_le32(b + 220, s->max_dev);
	for (uint32_t i = 0; i < s->max_dev && 256 + 2 * i < 4096; i++)
		sbb_le16(b + 256 + 2 * i, i < s->nroles ? s->roles[i] : 0xffff);
	sbb_csum1(b);
}

/* 0.90: roles[i] is disk i's raid_disk (0xfffe faulty, 0xffff absent). */
static inline void sbb_build0(uint8_t *b, const struct sb_spec *s)
{
	memset(b, 0, 4096);
	sbb_le32(b + 0, 0xa92b4efc);
	sbb_le32(b + 4, 0);
	sbb_le32(b + 8, 90);
	sbb_le32(b + 20, sbb_be32(s->uuid));
	sbb_le32(b + 24, (uint32_t)s->ctime);
	sbb_le32(b + 28, (uint32_t)s->level);
	sbb_le32(b + 32, (uint32_t)(s->data_size / 2));
	sbb_le32(b + 36, s->nroles);
	sbb_le32(b + 40, s->raid_disks);
	sbb_le32(b + 48, 1);
	sbb_le32(b + 52, sbb_be32(s->uuid + 4));
	sbb_le32(b + 56, sbb_be32(s->uuid + 8));
	sbb_le32(b + 60, sbb_be32(s->uuid + 12));
	sbb_le32(b + 128, (uint32_t)s->ctime + 100);
	sbb_le32(b + 132, s->clean ? 1 : 0);
	sbb_le32(b + 156, (uint32_t)s->events);
	sbb_le32(b + 160, (uint32_t)(s->events >> 32));
	for (uint32_t i = 0; i < s->nroles && i < 27; i++) {
		uint8_t *d = b + 512 + 128 * i;
		sbb_le32(d + 0, i);
		if (s->roles[i] == 0xffff)
			continue;
		if (s->roles[i] == 0xfffe) {
			sbb_le32(d + 16, 1); /* faulty */
			continue;
		}
		sbb_le32(d + 12, s->roles[i]);
		sbb_le32(d + 16, 6); /* active | sync */
	}
	memcpy(b + 3968, b + 512 + 128 * s->dev_number, 128);
	sbb_csum0(b);
}

#endif
