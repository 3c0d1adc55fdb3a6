/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_bootargs.c - libFuzzer target for the kernel-argument parser: the
 * input is a command line; whatever it parses to is formatted, and the text
 * must parse back to the same struct and format to the same text.
 */
#include <stdint.h>
#include <string.h>

#include "bootargs.h"
#include "err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char line[4096], text[BOOTARGS_TEXT_MAX], text2[BOOTARGS_TEXT_MAX];
	struct bootargs b, back;
	unsigned bad;
	size_t len;

	if (size >= sizeof(line))
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	bootargs_parse(line, &b, &bad);
	CHECK(b.n_members <= BOOTARGS_MAX_MEMBERS && b.n_netdevs <= BOOTARGS_MAX_NETDEVS);
	CHECK(b.vlan <= 4094);
	CHECK(bootargs_format(&b, text, sizeof(text), &len) == 0);
	CHECK(len == strlen(text));
	CHECK(bootargs_parse(text, &back, &bad) == 0 && bad == 0);
	CHECK(memcmp(&b, &back, sizeof(b)) == 0);
	CHECK(bootargs_format(&back, text2, sizeof(text2), NULL) == 0);
	CHECK(strcmp(text, text2) == 0);
	return 0;
}
