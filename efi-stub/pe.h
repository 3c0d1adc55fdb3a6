/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pe.h - find a named section in a PE/COFF image as the firmware loaded it.
 *
 * Pure code (no UEFI calls): builds on the host for the unit tests. The
 * image is a byte buffer; every header field is read byte-wise and every
 * offset is checked against the buffer's length (a corrupt or hostile image
 * gives an error code, never a read outside it).
 */
#ifndef AOEROOT_EFI_PE_H
#define AOEROOT_EFI_PE_H

#include <stddef.h>
#include <stdint.h>

enum {
	PE_DOS_LFANEW = 0x3c,     /* le32: offset of "PE\0\0" */
	PE_COFF_NSECT = 6,        /* le16, from the PE signature */
	PE_COFF_OPTSIZE = 20,     /* le16: SizeOfOptionalHeader */
	PE_COFF_HDR_LEN = 24,     /* signature (4) + COFF file header (20) */
	PE_SECT_HDR_LEN = 40,
	PE_SECT_NAME_LEN = 8,
	PE_SECT_VSIZE = 8,        /* le32: VirtualSize (exact length) */
	PE_SECT_VADDR = 12,       /* le32: VirtualAddress (RVA) */
	PE_SECT_RAWSIZE = 16,     /* le32: SizeOfRawData (file-aligned) */
	PE_SECT_RAWPTR = 20,      /* le32: PointerToRawData (file offset) */
};

/** How the buffer holds the image: as mapped in memory or as the file. */
enum pe_layout {
	PE_LAYOUT_MEMORY = 0,     /* sections at their VirtualAddress */
	PE_LAYOUT_FILE = 1,       /* sections at their PointerToRawData */
};

/**
 * pe_find_section() - locate a section by name.
 * @image: start of the image (ImageBase, or the file's first byte).
 * @image_len: bytes readable at @image (LoadedImage ImageSize, file size).
 * @layout: PE_LAYOUT_MEMORY or PE_LAYOUT_FILE.
 * @name: section name, at most 8 characters (".linux", ".initrd").
 * @ret_off: offset of the section's data from @image.
 * @ret_len: its exact length (VirtualSize; in file layout capped by
 *           SizeOfRawData).
 * Return: 0; AR_ENOENT when there is no such section; AR_EBADMSG for a
 * buffer that is not a PE image; AR_EOVERFLOW when the section does not lie
 * inside @image_len; AR_EINVAL for a name longer than 8 characters.
 */
int pe_find_section(const uint8_t *image, size_t image_len,
		    enum pe_layout layout, const char *name,
		    size_t *ret_off, size_t *ret_len);

#endif /* AOEROOT_EFI_PE_H */
