/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_mdsb.c - libFuzzer target for the md superblock reader and the member
 * choice over what it parsed. Input: two bytes, then one superblock buffer.
 * Byte 1 sets the device size (16384 + byte1 sectors, the size of the real
 * fixtures in tests/data/md); byte 0 picks where the buffer was read from:
 * its low 2 bits index mdsb_locations() (1.2, 1.1, 1.0, 0.90), bit 7 instead
 * takes sector byte1. So every path of mdsb_parse is reachable. Successful
 * parses also go through mdsb_probe, mdsel_choose/mdsel_auto and the
 * explanation formatter.
 */
#include <stddef.h>
#include <stdint.h>

#include "mdsb.h"
#include "mdsel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t dev;
	struct mdsb_loc locs[MDSB_NLOCS];
	struct mdsb_info info, again;
	struct mdsel_member m[2];
	struct mdsel_result res;
	char msg[256];
	uint64_t sector;
	int n;

	if (size < 2)
		return 0;
	dev = 16384 + (uint64_t)data[1];
	n = mdsb_locations(dev, locs);
	sector = locs[(data[0] & 3) % n].sector;
	if (data[0] & 0x80)
		sector = data[1]; /* anywhere else, too */
	data += 2, size -= 2;
	if (mdsb_parse(data, size, sector, dev, &info) != 0)
		return 0;
	{
		const uint8_t *bufs[1] = { data };
		size_t lens[1] = { size };
		struct mdsb_loc one = { info.version, sector, MDSB_READ_SECTORS };

		if (mdsb_probe(&one, bufs, lens, 1, dev, &again) != 0)
			__builtin_trap(); /* probe must agree with parse */
	}
	m[0] = (struct mdsel_member){ "e0.0", MDSEL_ST_SB, false, &info };
	m[1] = (struct mdsel_member){ "e0.1", MDSEL_ST_SB, false, &again };
	mdsel_choose(m, 2, NULL, 0, NULL, &res);
	mdsel_explain(&res, m, 2, NULL, 0, msg, sizeof msg);
	mdsel_explain_member(&res, m, 2, 1, msg, sizeof msg);
	mdsel_auto(m, 2, &res);
	mdsel_explain(&res, m, 2, NULL, 0, msg, sizeof msg);
	return 0;
}
