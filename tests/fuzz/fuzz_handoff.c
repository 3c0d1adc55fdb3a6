/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_handoff.c - libFuzzer target for the handoff record parser (the
 * bytes /init and aoe-scan read from efivarfs): whatever parses packs to a
 * record that parses to the same struct, describes within its bound, and
 * turns into kernel arguments that format and parse back.
 */
#include <stdint.h>
#include <string.h>

#include "handoff.h"
#include "bootargs.h"
#include "err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t buf[HANDOFF_MAX_LEN];
	static char text[HANDOFF_TEXT_MAX], args[BOOTARGS_TEXT_MAX];
	struct handoff h, back;
	struct bootargs b, b2;
	size_t len;

	if (handoff_parse(data, size, &h))
		return 0;
	CHECK(h.n_members <= HANDOFF_MAX_MEMBERS);
	CHECK(handoff_pack(&h, buf, sizeof(buf), &len) == 0);
	CHECK(handoff_parse(buf, len, &back) == 0);
	CHECK(memcmp(&h, &back, sizeof(h)) == 0);
	CHECK(handoff_describe(&h, text, sizeof(text)) == 0);
	handoff_to_bootargs(&h, &b);
	CHECK(bootargs_format(&b, args, sizeof(args), NULL) == 0);
	CHECK(bootargs_parse(args, &b2, NULL) == 0);
	CHECK(memcmp(&b, &b2, sizeof(b)) == 0);
	return 0;
}
