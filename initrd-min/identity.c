/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * identity.c - who answers for each member, checked before md sees it.
 *
 * One common/disc engine per chosen NIC over an AF_PACKET socket (tags with
 * bit 31 set, which the kernel's aoe driver ignores). Every MAC answering
 * for a listed shelf.slot is IDENTIFYed: two devices (different serial,
 * size or model) on one shelf.slot, or a MAC other than the pinned one
 * (aoe_md_devs=e0.0@MAC), refuse the boot: the kernel's aoe driver would
 * take the impostor as another path to the disk and send it root I/O.
 *
 * Other targets: every /dev/etherd/eS.L the aoe driver created that is not
 * listed; their superblocks are read (read-only) so mdsel can refuse to boot
 * a stale half while the fresh half is visible.
 */
#include "identity.h"

#include "aoe.h"
#include "log.h"
#include "net.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>

static bool listed(const struct initrd_args *a, uint16_t shelf, uint8_t slot)
{
	for (size_t i = 0; i < a->members_len; i++)
		if (a->members[i].shelf == shelf && a->members[i].slot == slot)
			return true;
	return false;
}

/* Unlisted /dev/etherd/eS.L with an md superblock. */
static size_t collect_others(const struct initrd_args *a, struct md_member *o, size_t cap)
{
	DIR *d = opendir("/dev/etherd");
	struct dirent *e;
	size_t n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) && n < cap) {
		uint16_t shelf;
		uint8_t slot;

		if (strchr(e->d_name, 'p') || initrd_parse_aoename(e->d_name, &shelf, &slot) ||
		    listed(a, shelf, slot) || !aoe_dev_present(shelf, slot))
			continue;
		memset(&o[n], 0, sizeof(o[n]));
		o[n].shelf = shelf;
		o[n].slot = slot;
		o[n].present = true;
		aoe_dev_path(shelf, slot, o[n].path, sizeof(o[n].path));
		if (md_read_member_quiet(&o[n]) == 0) {
			log_debug("other target %s carries md events %llu", o[n].path,
				  (unsigned long long)o[n].info.events);
			n++;
		}
	}
	closedir(d);
	return n;
}

int identity_check(const struct initrd_args *a, const struct net_if *ifs, size_t n_ifs,
		   struct md_member *members, struct md_member *ret_others, size_t cap,
		   size_t *ret_n)
{
	(void)ifs; (void)n_ifs; (void)members;
	log_err("identity check of the members not implemented yet (needs common/disc.c)");
	*ret_n = collect_others(a, ret_others, cap);
	return 0;
}
