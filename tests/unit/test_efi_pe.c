/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_efi_pe.c - PE section lookup of the UEFI stub (efi-stub/pe.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "pe.h"
#include "bytes.h"
#include "err.h"

enum { IMG_LEN = 0x4000, LFANEW = 0x80, OPTSIZE = 0xf0 };

struct sect {
	const char *name;
	uint32_t vaddr, vsize, rawptr, rawsize;
};

/* A minimal PE image: MZ, PE signature, COFF header, sections. */
static void img_build(uint8_t *img, const struct sect *s, size_t n)
{
	uint8_t *pe = img + LFANEW, *t;
	size_t i;

	memset(img, 0, IMG_LEN);
	img[0] = 'M';
	img[1] = 'Z';
	put_le32(img + PE_DOS_LFANEW, LFANEW);
	memcpy(pe, "PE\0\0", 4);
	put_le16(pe + 4, 0x8664);
	put_le16(pe + PE_COFF_NSECT, (uint16_t)n);
	put_le16(pe + PE_COFF_OPTSIZE, OPTSIZE);
	t = pe + PE_COFF_HDR_LEN + OPTSIZE;
	for (i = 0; i < n; i++, t += PE_SECT_HDR_LEN) {
		memcpy(t, s[i].name, strnlen(s[i].name, 8));
		put_le32(t + PE_SECT_VSIZE, s[i].vsize);
		put_le32(t + PE_SECT_VADDR, s[i].vaddr);
		put_le32(t + PE_SECT_RAWSIZE, s[i].rawsize);
		put_le32(t + PE_SECT_RAWPTR, s[i].rawptr);
	}
}

static const struct sect sects[] = {
	{ ".text", 0x1000, 0x800, 0x400, 0x800 },
	{ ".cmdline", 0x2000, 0x16, 0xc00, 0x200 },
	{ ".initrd", 0x3000, 0x200, 0xe00, 0x200 },
	{ ".linuxxx", 0x3800, 0x10, 0x1000, 0x200 }, /* 8 chars, no NUL */
};

static void test_efi_pe_find(void **state)
{
	static uint8_t img[IMG_LEN];
	static const struct { const char *name; enum pe_layout l; int err; size_t off, len; } rows[] = {
		{ ".cmdline", PE_LAYOUT_MEMORY, 0, 0x2000, 0x16 },
		{ ".cmdline", PE_LAYOUT_FILE, 0, 0xc00, 0x16 },
		{ ".initrd", PE_LAYOUT_MEMORY, 0, 0x3000, 0x200 },
		{ ".linuxxx", PE_LAYOUT_MEMORY, 0, 0x3800, 0x10 },
		{ ".linux", PE_LAYOUT_MEMORY, AR_ENOENT, 0, 0 },   /* prefix only */
		{ ".text", PE_LAYOUT_MEMORY, 0, 0x1000, 0x800 },
		{ ".data", PE_LAYOUT_MEMORY, AR_ENOENT, 0, 0 },
		{ ".toolongname", PE_LAYOUT_MEMORY, AR_EINVAL, 0, 0 },
		{ "", PE_LAYOUT_MEMORY, AR_EINVAL, 0, 0 },
	};
	size_t i;

	(void)state;
	img_build(img, sects, 4);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		size_t off = 0, len = 0;
		int err = pe_find_section(img, IMG_LEN, rows[i].l, rows[i].name, &off, &len);

		if (err != rows[i].err || (!err && (off != rows[i].off || len != rows[i].len)))
			fail_msg("row %zu (%s): err %d off %#zx len %#zx", i, rows[i].name, err, off, len);
	}
}

static void test_efi_pe_bad_headers(void **state)
{
	static uint8_t img[IMG_LEN];
	size_t off, len;

	(void)state;
	img_build(img, sects, 4);
	/* Too short for the DOS header. */
	assert_int_equal(pe_find_section(img, 0x20, PE_LAYOUT_MEMORY, ".text", &off, &len), AR_EBADMSG);
	/* Section table cut off by the buffer length. */
	assert_int_equal(pe_find_section(img, LFANEW + PE_COFF_HDR_LEN + OPTSIZE + 40,
					 PE_LAYOUT_MEMORY, ".text", &off, &len), AR_EBADMSG);
	/* e_lfanew beyond the buffer. */
	put_le32(img + PE_DOS_LFANEW, 0xfffffff0u);
	assert_int_equal(pe_find_section(img, IMG_LEN, PE_LAYOUT_MEMORY, ".text", &off, &len), AR_EBADMSG);
	/* No PE signature. */
	img_build(img, sects, 4);
	img[LFANEW] = 'X';
	assert_int_equal(pe_find_section(img, IMG_LEN, PE_LAYOUT_MEMORY, ".text", &off, &len), AR_EBADMSG);
	/* No MZ. */
	img_build(img, sects, 4);
	img[0] = 0;
	assert_int_equal(pe_find_section(img, IMG_LEN, PE_LAYOUT_MEMORY, ".text", &off, &len), AR_EBADMSG);
}

static void test_efi_pe_section_outside(void **state)
{
	static uint8_t img[IMG_LEN];
	static const struct sect big[] = {
		{ ".linux", 0x3000, 0x1001, 0x1000, 0x200 },      /* ends past IMG_LEN */
		{ ".initrd", 0xfffffff0u, 0x20, 0x1000, 0x200 },  /* wraps */
	};
	size_t off, len;

	(void)state;
	img_build(img, big, 2);
	assert_int_equal(pe_find_section(img, IMG_LEN, PE_LAYOUT_MEMORY, ".linux", &off, &len), AR_EOVERFLOW);
	assert_int_equal(pe_find_section(img, IMG_LEN, PE_LAYOUT_MEMORY, ".initrd", &off, &len), AR_EOVERFLOW);
	/* File layout caps the length at SizeOfRawData. */
	assert_int_equal(pe_find_section(img, IMG_LEN, PE_LAYOUT_FILE, ".linux", &off, &len), 0);
	assert_int_equal(off, 0x1000);
	assert_int_equal(len, 0x200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_efi_pe_find),
		cmocka_unit_test(test_efi_pe_bad_headers),
		cmocka_unit_test(test_efi_pe_section_outside),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
