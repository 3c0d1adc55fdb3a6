/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * aoeboot.c - efi_main: gather the payload, pick the AoE mirror, boot Linux.
 *
 * Order matters: the payload is fetched first (over TFTP the firmware's
 * network stack is needed), then the NIC is opened exclusively for AoE.
 */
#include "efi.h"
#include "con.h"
#include "linux.h"
#include "opts.h"
#include "payload.h"
#include "ucs2.h"
#include "err.h"

enum { AOEBOOT_CMDLINE_MAX = 4096 };

/* The base command line split into the stub's options and the kernel's. */
static EFI_STATUS aoeboot_options(const struct payload *pl, struct aoeboot_opts *o,
				  char *ret_line, size_t cap)
{
	size_t skip, len;
	int err;

	opts_default(o);
	len = text_trim_len((const char *)pl->cmdline.data, pl->cmdline.len, &skip);
	err = opts_parse((const char *)pl->cmdline.data + skip, len, o, ret_line, cap);
	if (err) {
		efi_logf("aoeboot: base command line unusable (%u bytes): %s\n",
			 (unsigned)len, ar_strerror(err));
		return efi_status_from_err(err);
	}
	if (o->n_bad)
		efi_logf("aoeboot: ignored %u bad option(s), the first: %s\n",
			 o->n_bad, o->bad);
	return EFI_SUCCESS;
}

/* efi_main is called by gnu-efi's crt0 with the SysV ABI: not EFIAPI. */
EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab);

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	static char cmdline[AOEBOOT_CMDLINE_MAX];
	struct aoeboot_opts o;
	struct payload pl;
	EFI_STATUS st;

	InitializeLib(image, systab);
	con_clock_init();
	efi_log("aoeboot: starting\n");
	st = payload_load(image, &pl);
	if (EFI_ERROR(st))
		return st;
	st = aoeboot_options(&pl, &o, cmdline, sizeof(cmdline));
	if (EFI_ERROR(st))
		goto out;
	if (o.verbose)
		efi_logf("aoeboot: kernel %u bytes (%s), initrd %u bytes (%s), "
			 "command line (%s)\n",
			 (unsigned)pl.kernel.len, payload_src_name(pl.kernel_src),
			 (unsigned)pl.initrd.len, payload_src_name(pl.initrd_src),
			 payload_src_name(pl.cmdline_src));
	if (o.verbose)
		efi_logf("aoeboot: command line: %s\n", cmdline);
	st = linux_boot(image, pl.kernel.data, pl.kernel.len,
			pl.initrd.data, pl.initrd.len, cmdline);
out:
	payload_free(&pl);
	return st;
}
