/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bootline.c - inject the picker's arguments with common/cmdline. */
#include "bootline.h"
#include "cmdline.h"
#include "bytes.h"
#include "err.h"

enum { BOOTLINE_KEY_MAX = 64, BOOTLINE_VAL_MAX = 512 };

int bootline_inject(char *line, size_t cap, const char *args)
{
	char key[BOOTLINE_KEY_MAX], val[BOOTLINE_VAL_MAX];
	const char *p = args;

	while (*p) {
		const char *w = p, *eq = NULL;
		size_t klen, vlen;
		int err;

		if (*p == ' ') {
			p++;
			continue;
		}
		while (*p && *p != ' ') {
			if (!eq && *p == '=')
				eq = p;
			p++;
		}
		if (!eq || eq == w)
			return AR_EINVAL;
		klen = (size_t)(eq - w);
		vlen = (size_t)(p - eq - 1);
		if (klen >= sizeof(key) || vlen >= sizeof(val))
			return AR_E2BIG;
		ar_memcpy(key, w, klen);
		key[klen] = 0;
		ar_memcpy(val, eq + 1, vlen);
		val[vlen] = 0;
		err = cmdline_set(line, cap, key, val);
		if (err)
			return err;
	}
	return 0;
}
