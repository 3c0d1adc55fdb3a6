/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * efi.h - the stub's UEFI-side helpers shared by its files (gnu-efi).
 */
#ifndef AOEROOT_EFI_EFI_H
#define AOEROOT_EFI_EFI_H

#include <efi.h>
#include <efilib.h>
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

/** A blob the stub hands on: a PE section (not owned) or pool memory (owned). */
struct efi_blob {
	uint8_t *data;
	size_t len;
	bool owned;             /* FreePool() it in efi_blob_free() */
};

/** efi_blob_free() - release @b if the stub allocated it; leaves it empty. */
void efi_blob_free(struct efi_blob *b);

/**
 * efi_status_from_err() - convert an enum ar_err to an EFI_STATUS (the edge).
 * @err: 0 or a negative enum ar_err.
 * Return: EFI_SUCCESS or the closest EFI_* error.
 */
EFI_STATUS efi_status_from_err(int err);

/**
 * efi_log() - print ASCII text on ConOut ("\n" becomes "\r\n").
 * @text: NUL-terminated ASCII/UTF-8 (non-ASCII shows as '?').
 */
void efi_log(const char *text);

/** efi_logf() - printf-like into a bounded buffer, then efi_log(). Supports
 *  %s %d %u %x %lu %lx %c and %%. */
void efi_logf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** efi_snprintf() - the formatter behind efi_logf(); always NUL-terminates.
 *  Return: the length written (truncated at @cap - 1). */
size_t efi_snprintf(char *buf, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/** efi_status_str() - a short name for an EFI_STATUS ("EFI_ACCESS_DENIED"). */
const char *efi_status_str(EFI_STATUS st);

/**
 * efi_con_write() - write UTF-8 text on ConOut ("\n" becomes "\r\n").
 * @text: bytes, @len long; non-BMP or malformed bytes show as '?'.
 * @len: bytes at @text.
 */
void efi_con_write(const char *text, size_t len);

#endif /* AOEROOT_EFI_EFI_H */
