/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bootline.c - inject the picker's arguments with common/cmdline. */
#include "bootline.h"
#include "cmdline.h"
#include "aoename.h"
#include "bytes.h"
#include "err.h"

enum { BOOTLINE_KEY_MAX = 64, BOOTLINE_VAL_MAX = 512 };

int bootline_inject(char *line, size_t cap, const char *args)
{
	char key[BOOTLINE_KEY_MAX], val[BOOTLINE_VAL_MAX];
	const char *k, *v;
	size_t pos = 0, start, klen, vlen;
	int err;

	while ((err = cmdline_next_word(args, &pos, &start, &k, &klen, &v, &vlen)) == 0) {
		if (!v || klen == 0)
			return AR_EINVAL;
		if (klen >= sizeof(key) || vlen >= sizeof(val))
			return AR_E2BIG;
		ar_memcpy(key, k, klen);
		key[klen] = 0;
		ar_memcpy(val, v, vlen);
		val[vlen] = 0;
		err = cmdline_set(line, cap, key, val);
		if (err)
			return err;
	}
	/* An open quote, or a "--" that would hand the rest to init. */
	return err == AR_EINVAL || args[start] ? AR_EINVAL : 0;
}
