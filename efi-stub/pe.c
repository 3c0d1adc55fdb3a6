/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pe.c - find a named section in a PE/COFF image (see pe.h).
 * Layout: Microsoft PE/COFF specification; systemd-stub pe.c does the same.
 */
#include "pe.h"
#include "bytes.h"
#include "err.h"

static int pe_section_table(const uint8_t *image, size_t image_len,
			    size_t *ret_table, size_t *ret_count)
{
	size_t pe, table, tlen;
	uint32_t lfanew;

	if (image_len < PE_DOS_LFANEW + 4 || image[0] != 'M' || image[1] != 'Z')
		return AR_EBADMSG;
	lfanew = get_le32(image + PE_DOS_LFANEW);
	pe = lfanew;
	if (ar_add_overflow(pe, PE_COFF_HDR_LEN, &table) || table > image_len)
		return AR_EBADMSG;
	if (ar_memcmp(image + pe, "PE\0\0", 4) != 0)
		return AR_EBADMSG;
	if (ar_add_overflow(table, get_le16(image + pe + PE_COFF_OPTSIZE), &table))
		return AR_EBADMSG;
	*ret_count = get_le16(image + pe + PE_COFF_NSECT);
	tlen = *ret_count * PE_SECT_HDR_LEN;
	if (table > image_len || tlen > image_len - table)
		return AR_EBADMSG;
	*ret_table = table;
	return 0;
}

static bool pe_name_eq(const uint8_t *field, const char *name, size_t name_len)
{
	if (ar_memcmp(field, name, name_len) != 0)
		return false;
	return name_len == PE_SECT_NAME_LEN || field[name_len] == 0;
}

int pe_find_section(const uint8_t *image, size_t image_len,
		    enum pe_layout layout, const char *name,
		    size_t *ret_off, size_t *ret_len)
{
	size_t table, count, i, name_len = ar_strnlen(name, PE_SECT_NAME_LEN + 1);
	int err;

	if (name_len == 0 || name_len > PE_SECT_NAME_LEN)
		return AR_EINVAL;
	err = pe_section_table(image, image_len, &table, &count);
	if (err)
		return err;
	for (i = 0; i < count; i++) {
		const uint8_t *s = image + table + i * PE_SECT_HDR_LEN;
		size_t off, len, end;

		if (!pe_name_eq(s, name, name_len))
			continue;
		len = get_le32(s + PE_SECT_VSIZE);
		if (layout == PE_LAYOUT_FILE) {
			size_t raw = get_le32(s + PE_SECT_RAWSIZE);

			off = get_le32(s + PE_SECT_RAWPTR);
			if (len == 0 || len > raw)
				len = raw;
		} else {
			off = get_le32(s + PE_SECT_VADDR);
		}
		if (ar_add_overflow(off, len, &end) || end > image_len)
			return AR_EOVERFLOW;
		*ret_off = off;
		*ret_len = len;
		return 0;
	}
	return AR_ENOENT;
}
