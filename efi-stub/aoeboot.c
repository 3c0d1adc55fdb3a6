/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * aoeboot.c - efi_main: gather the payload, pick the AoE mirror, boot Linux.
 */
#include "efi.h"
#include "linux.h"
#include "payload.h"
#include "ucs2.h"
#include "err.h"

enum { AOEBOOT_CMDLINE_MAX = 4096 };

/* efi_main is called by gnu-efi's crt0 with the SysV ABI: not EFIAPI. */
EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab);

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	static char cmdline[AOEBOOT_CMDLINE_MAX];
	struct payload pl;
	size_t skip, len;
	EFI_STATUS st;

	InitializeLib(image, systab);
	efi_log("aoeboot: starting\n");
	st = payload_load(image, &pl);
	if (EFI_ERROR(st))
		return st;
	len = text_trim_len((const char *)pl.cmdline.data, pl.cmdline.len, &skip);
	if (len >= sizeof(cmdline)) {
		efi_logf("aoeboot: base command line too long (%u bytes, max %u)\n",
			 (unsigned)len, (unsigned)sizeof(cmdline) - 1);
		payload_free(&pl);
		return EFI_BAD_BUFFER_SIZE;
	}
	CopyMem(cmdline, pl.cmdline.data + skip, len);
	cmdline[len] = 0;
	efi_logf("aoeboot: kernel %u bytes (%s), initrd %u bytes (%s)\n",
		 (unsigned)pl.kernel.len, payload_src_name(pl.kernel_src),
		 (unsigned)pl.initrd.len, payload_src_name(pl.initrd_src));
	efi_logf("aoeboot: command line: %s\n", cmdline);
	st = linux_boot(image, pl.kernel.data, pl.kernel.len,
			pl.initrd.data, pl.initrd.len, cmdline);
	payload_free(&pl);
	return st;
}
