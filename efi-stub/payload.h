/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * payload.h - find the kernel, initrd and base command line to boot.
 *
 * Each item comes from the stub's own PE section (.linux, .initrd,
 * .cmdline, attached by mkaoeboot) when present; otherwise from a file of
 * the same directory as the stub: on the file system it was loaded from
 * (ESP), or over TFTP from the server it was network-booted from (the
 * firmware's PXE base code). Fetch before opening SNP exclusively: that
 * disconnects the firmware's network stack.
 */
#ifndef AOEROOT_EFI_PAYLOAD_H
#define AOEROOT_EFI_PAYLOAD_H

#include "efi.h"

/* File names beside the stub when it carries no section. */
#define PAYLOAD_FILE_LINUX "vmlinuz"
#define PAYLOAD_FILE_INITRD "initrd.img"
#define PAYLOAD_FILE_CMDLINE "cmdline.txt"

/* Where an item came from (shown with verbosity >= 1). */
enum payload_src {
	PAYLOAD_NONE = 0,
	PAYLOAD_SECTION,
	PAYLOAD_ESP,
	PAYLOAD_TFTP,
};

struct payload {
	struct efi_blob kernel, initrd, cmdline;
	enum payload_src kernel_src, initrd_src, cmdline_src;
	char no_kernel[160];     /* why there is no kernel (kernel_src NONE) */
};

/**
 * payload_load() - gather the three items for @image.
 * @image: the stub's ImageHandle.
 * @ret: filled in; release with payload_free().
 * @kernel_optional: a missing kernel is no error (aoeboot.publish=1 boots
 *                   none: the caller decides once the options are known);
 *                   @ret->no_kernel then says where it was looked for.
 * Return: EFI_SUCCESS when at least the kernel was found (a missing initrd
 * or command line is allowed: empty); EFI_NOT_FOUND with a message naming
 * the places searched otherwise.
 */
EFI_STATUS payload_load(EFI_HANDLE image, struct payload *ret, bool kernel_optional);

/** payload_free() - release what payload_load() allocated. */
void payload_free(struct payload *p);

/** payload_src_name() - "section", "ESP file", "TFTP" or "none". */
const char *payload_src_name(enum payload_src src);

#endif /* AOEROOT_EFI_PAYLOAD_H */
