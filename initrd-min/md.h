/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * md.h - read the members' md superblocks and assemble the array natively
 * (no mdadm): md ioctls in the order mdadm 4.2 uses (docs/md-assembly.md).
 */
#ifndef AOEROOT_INITRD_MD_H
#define AOEROOT_INITRD_MD_H

#include "mdsb.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct md_member {
	uint16_t shelf;
	uint8_t slot;
	char name[16];          /* eS.L */
	char path[48];          /* /dev/etherd/eS.L */
	bool duplicate;         /* several devices answer this shelf.slot */
	bool present;           /* the block device exists */
	int sb_err;             /* 0 when info is valid, else enum ar_err */
	uint64_t sectors;       /* device size in 512-byte sectors */
	struct mdsb_info info;
};

/**
 * md_read_member() - read and parse @m's superblock from its block device
 * with pread (read-only open; md is the only writer of member disks).
 * Return: 0 (m->info valid), or a negative enum ar_err / -errno (logged).
 */
int md_read_member(struct md_member *m);

/** md_read_member_quiet() - md_read_member() without error messages. */
int md_read_member_quiet(struct md_member *m);

/**
 * md_assemble() - create @md_dev (e.g. "md0") and start it from @members.
 * @members: the chosen members, the reference (freshest) one LAST: on equal
 *           event counts the kernel takes the last one added as reference.
 * @n: number of members (1 = degraded).
 * @version: enum mdsb_version of the members' superblocks.
 * Return: 0, or -errno (logged with the step that failed).
 */
int md_assemble(const char *md_dev, const struct md_member *const *members,
		size_t n, unsigned version);

#endif
