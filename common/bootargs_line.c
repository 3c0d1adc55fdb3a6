/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bootargs_line.c - bootargs_parse(): a whole command line through
 * cmdline_next(). Apart from bootargs.c because GRUB's aoe.mod only formats
 * and links without the command-line reader (common/Makemodule.am).
 */
#include "bootargs.h"
#include "cmdline.h"

int bootargs_parse(const char *line, struct bootargs *b, unsigned *ret_bad)
{
	const char *k, *v;
	size_t pos = 0, k_len, v_len;
	unsigned bad = 0;
	int first = 0, err;

	bootargs_init(b);
	while (cmdline_next(line, &pos, &k, &k_len, &v, &v_len) == 0) {
		err = bootargs_parse_arg(b, k, k_len, v, v_len);
		if (err < 0) {
			bad++;
			if (!first)
				first = err;
		}
	}
	if (ret_bad)
		*ret_bad = bad;
	return first;
}
