/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ucs2.h - UTF-8 <-> UCS-2 for UEFI strings (kernel LoadOptions, console).
 *
 * Pure code: builds on the host for the unit tests. UEFI's CHAR16 is
 * UCS-2: code points above U+FFFF (and surrogates) cannot be represented and
 * are refused rather than mangled, so what the kernel gets is exactly the
 * text we checked.
 */
#ifndef AOEROOT_EFI_UCS2_H
#define AOEROOT_EFI_UCS2_H

#include <stddef.h>
#include <stdint.h>

/**
 * ucs2_from_utf8() - convert UTF-8 text to a NUL-terminated UCS-2 string.
 * @dst: output, @cap code units (room for the terminating NUL included).
 * @cap: capacity of @dst in code units.
 * @src: input text, @src_len bytes (need not be NUL-terminated; a NUL byte
 *       ends it early).
 * @src_len: bytes of @src.
 * @ret_units: code units written, without the NUL (may be NULL).
 * Return: 0; AR_EINVAL for malformed UTF-8, surrogates or code points
 * above U+FFFF; AR_ENOSPC when @dst is too small (nothing usable then).
 */
int ucs2_from_utf8(uint16_t *dst, size_t cap, const char *src, size_t src_len,
		   size_t *ret_units);

/**
 * ucs2_to_utf8() - convert UCS-2 to NUL-terminated UTF-8.
 * @dst: output buffer of @cap bytes (NUL included).
 * @cap: capacity of @dst.
 * @src: @units UCS-2 code units; a NUL unit ends the string early.
 * @units: number of code units at @src.
 * @ret_len: bytes written, without the NUL (may be NULL).
 * Return: 0; AR_EINVAL for a surrogate unit; AR_ENOSPC when too small.
 */
int ucs2_to_utf8(char *dst, size_t cap, const uint16_t *src, size_t units,
		 size_t *ret_len);

/**
 * text_trim_len() - length of @text without trailing NULs and white space
 * (a `.cmdline` section is often "... \n" padded with zeros).
 * @text: bytes, @len long.
 * @len: bytes at @text.
 * Return: the trimmed length; leading white space is skipped too and its
 * count returned in *@ret_skip.
 */
size_t text_trim_len(const char *text, size_t len, size_t *ret_skip);

#endif /* AOEROOT_EFI_UCS2_H */
