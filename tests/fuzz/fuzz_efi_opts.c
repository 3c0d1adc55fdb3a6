/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_efi_opts.c - libFuzzer target for the UEFI stub's command-line path
 * (efi-stub/opts.c, bootline.c, ucs2.c): the input is a base command line
 * (.cmdline text). aoeboot.* words must be gone from what remains, options
 * stay in range, injecting fixed picker arguments keeps them intact, and
 * the result converts to UCS-2 and back unchanged (when it is BMP UTF-8).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../efi-stub/opts.h"
#include "../../efi-stub/bootline.h"
#include "../../efi-stub/ucs2.h"
#include "cmdline.h"
#include "err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)
#define ARGS "aoe_netdev=52:54:00:a0:e0:01 aoe_md_devs=e0.0,e0.1"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char line[4096], back[3 * 4096];
	static uint16_t wide[4096];
	struct aoeboot_opts o;
	char val[64];
	size_t skip, len, units, blen, pos, klen, vlen;
	const char *k, *v;

	len = text_trim_len((const char *)data, size, &skip);
	opts_default(&o);
	if (opts_parse((const char *)data + skip, len, &o, line, sizeof(line)) != 0)
		return 0;
	CHECK(o.timeout_s >= -1 && o.timeout_s <= OPTS_TIMEOUT_MAX_S);
	CHECK(o.scan_ms >= OPTS_SCAN_MIN_MS && o.scan_ms <= OPTS_SCAN_MAX_MS);
	CHECK(o.verbose <= 2);
	CHECK(strnlen(o.select_list, sizeof(o.select_list)) < sizeof(o.select_list));
	/* No kernel parameter of the rest (before "--") has the prefix. */
	for (pos = 0; cmdline_next(line, &pos, &k, &klen, &v, &vlen) == 0;)
		CHECK(klen < strlen(OPTS_PREFIX) ||
		      strncmp(k, OPTS_PREFIX, strlen(OPTS_PREFIX)) != 0);
	if (bootline_inject(line, sizeof(line), ARGS) == 0) {
		CHECK(cmdline_get(line, "aoe_md_devs", val, sizeof(val)) == 0);
		CHECK(strcmp(val, "e0.0,e0.1") == 0);
	}
	if (ucs2_from_utf8(wide, 4096, line, strlen(line), &units) == 0) {
		CHECK(ucs2_to_utf8(back, sizeof(back), wide, units, &blen) == 0);
		CHECK(blen == strlen(line) && memcmp(back, line, blen) == 0);
	}
	return 0;
}
