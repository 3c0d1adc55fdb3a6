/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * linux.c - start a Linux kernel from memory (see linux.h).
 * Same protocol as systemd-stub's linux.c and the kernel's
 * drivers/firmware/efi/libstub/efi-stub-helper.c (efi_load_initrd_dev_path).
 */
#include "linux.h"
#include "ucs2.h"
#include "err.h"

/* Neither GUID is in gnu-efi 3.0.15. */
static EFI_GUID linux_initrd_media_guid =
	{ 0x5568e427, 0x68fc, 0x4f3d, { 0xac, 0x74, 0xca, 0x55, 0x52, 0x31, 0xcc, 0x68 } };
static EFI_GUID load_file2_guid =
	{ 0x4006c0c1, 0xfcb3, 0x403e, { 0x99, 0x6d, 0x4a, 0x6c, 0x87, 0x24, 0xe0, 0x6d } };

/* The LoadFile2 instance; the protocol member must come first. */
struct linux_initrd {
	EFI_LOAD_FILE_PROTOCOL lf;
	const void *data;
	size_t len;
};

/* Vendor media node + end node, packed as the spec lays them out. */
struct linux_initrd_path {
	VENDOR_DEVICE_PATH vendor;
	EFI_DEVICE_PATH end;
} __attribute__((packed));

static struct linux_initrd_path initrd_path = {
	.vendor = {
		.Header = { MEDIA_DEVICE_PATH, MEDIA_VENDOR_DP,
			    { sizeof(VENDOR_DEVICE_PATH), 0 } },
		.Guid = { 0x5568e427, 0x68fc, 0x4f3d,
			  { 0xac, 0x74, 0xca, 0x55, 0x52, 0x31, 0xcc, 0x68 } },
	},
	.end = { END_DEVICE_PATH_TYPE, END_ENTIRE_DEVICE_PATH_SUBTYPE,
		 { sizeof(EFI_DEVICE_PATH), 0 } },
};

/* Called by the kernel's stub: first with no buffer (size query), then to
 * fill its buffer. Must be EFIAPI: the kernel calls it with the MS ABI. */
static EFI_STATUS EFIAPI linux_initrd_load(EFI_LOAD_FILE_PROTOCOL *this,
					   EFI_DEVICE_PATH *path, BOOLEAN boot_policy,
					   UINTN *size, VOID *buffer)
{
	struct linux_initrd *ird = (struct linux_initrd *)this;

	if (!this || !size)
		return EFI_INVALID_PARAMETER;
	if (boot_policy)
		return EFI_UNSUPPORTED;
	if (ird->len == 0)
		return EFI_NOT_FOUND;
	if (!buffer || *size < ird->len) {
		*size = ird->len;
		return EFI_BUFFER_TOO_SMALL;
	}
	CopyMem(buffer, (void *)ird->data, ird->len);
	*size = ird->len;
	return EFI_SUCCESS;
}

static EFI_STATUS linux_initrd_install(struct linux_initrd *ird, EFI_HANDLE *ret_h)
{
	(void)linux_initrd_media_guid;
	*ret_h = NULL;
	return BS->InstallMultipleProtocolInterfaces(ret_h,
		&DevicePathProtocol, &initrd_path,
		&load_file2_guid, &ird->lf, NULL);
}

static void linux_initrd_uninstall(struct linux_initrd *ird, EFI_HANDLE h)
{
	if (h)
		BS->UninstallMultipleProtocolInterfaces(h,
			&DevicePathProtocol, &initrd_path,
			&load_file2_guid, &ird->lf, NULL);
}

/* Set the kernel's LoadOptions: UCS-2, size in bytes including the NUL. */
static EFI_STATUS linux_set_options(EFI_HANDLE kh, const char *cmdline,
				    CHAR16 **ret_opts)
{
	EFI_LOADED_IMAGE *li;
	size_t len = 0, units;
	CHAR16 *opts;
	EFI_STATUS st;

	while (cmdline[len])
		len++;
	opts = AllocatePool((len + 1) * sizeof(CHAR16));
	if (!opts)
		return EFI_OUT_OF_RESOURCES;
	if (ucs2_from_utf8(opts, len + 1, cmdline, len, &units) != 0) {
		FreePool(opts);
		return EFI_INVALID_PARAMETER;
	}
	st = BS->HandleProtocol(kh, &LoadedImageProtocol, (void **)&li);
	if (EFI_ERROR(st)) {
		FreePool(opts);
		return st;
	}
	li->LoadOptions = opts;
	li->LoadOptionsSize = (UINT32)((units + 1) * sizeof(CHAR16));
	*ret_opts = opts;
	return EFI_SUCCESS;
}

EFI_STATUS linux_boot(EFI_HANDLE parent, const void *kernel, size_t kernel_len,
		      const void *initrd, size_t initrd_len, const char *cmdline)
{
	struct linux_initrd ird = {
		.lf = { .LoadFile = linux_initrd_load },
		.data = initrd, .len = initrd_len,
	};
	EFI_HANDLE kh = NULL, ih = NULL;
	CHAR16 *opts = NULL;
	EFI_STATUS st;

	st = BS->LoadImage(FALSE, parent, NULL, (void *)kernel, kernel_len, &kh);
	if (EFI_ERROR(st)) {
		efi_logf("aoeboot: LoadImage refused the kernel: %s\n",
			 efi_status_str(st));
		/* A security violation still gives a handle that must be unloaded. */
		if (kh)
			BS->UnloadImage(kh);
		return st;
	}
	st = linux_set_options(kh, cmdline, &opts);
	if (EFI_ERROR(st)) {
		efi_logf("aoeboot: cannot set the kernel command line: %s\n",
			 efi_status_str(st));
		goto err_unload;
	}
	if (initrd_len) {
		st = linux_initrd_install(&ird, &ih);
		if (EFI_ERROR(st)) {
			efi_logf("aoeboot: cannot install the initrd device path: %s\n",
				 efi_status_str(st));
			goto err_opts;
		}
	}
	st = BS->StartImage(kh, NULL, NULL);
	efi_logf("aoeboot: the kernel returned: %s\n", efi_status_str(st));
	if (!EFI_ERROR(st))
		st = EFI_LOAD_ERROR;
	linux_initrd_uninstall(&ird, ih);
err_opts:
	FreePool(opts);
err_unload:
	BS->UnloadImage(kh);
	return st;
}
