/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_efi_pe.c - libFuzzer target for the UEFI stub's PE section lookup
 * (efi-stub/pe.c). Input: one layout byte, then the image. The image lives
 * in a heap buffer of exactly its size (ASan sees any read outside); a
 * section found must lie inside it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../efi-stub/pe.h"
#include "err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *names[] = { ".linux", ".initrd", ".cmdline", ".text", "12345678" };
	enum pe_layout layout;
	uint8_t *img;
	size_t i;

	if (size < 1)
		return 0;
	layout = (data[0] & 1) ? PE_LAYOUT_FILE : PE_LAYOUT_MEMORY;
	img = malloc(size - 1 ? size - 1 : 1);
	if (!img)
		return 0;
	memcpy(img, data + 1, size - 1);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t off = 0, len = 0;
		int err = pe_find_section(img, size - 1, layout, names[i], &off, &len);

		CHECK(err == 0 || err == AR_ENOENT || err == AR_EBADMSG || err == AR_EOVERFLOW);
		if (err == 0) {
			CHECK(off <= size - 1 && len <= size - 1 - off);
			if (len)
				CHECK(img[off] == img[off] && img[off + len - 1] == img[off + len - 1]);
		}
	}
	free(img);
	return 0;
}
