/* SPDX-License-Identifier: GPL-3.0-or-later */
/* payload.c - kernel, initrd and command line from sections, ESP or TFTP. */
#include "payload.h"
#include "pe.h"
#include "err.h"

enum {
	PAYLOAD_DIR_MAX = 256,
	/* TFTP blksize (RFC 2348) that fits a 1500-byte MTU: 512-byte blocks
	 * make a 10 MB kernel + initrd take tens of seconds. */
	PAYLOAD_TFTP_BLKSIZE = 1468,
};

/* The source of files beside the stub. */
struct payload_dir {
	EFI_FILE_HANDLE root;                 /* ESP: the volume's root dir */
	EFI_PXE_BASE_CODE *pxe;               /* or TFTP through PXE */
	EFI_IP_ADDRESS server;
	char dir[PAYLOAD_DIR_MAX];            /* ESP: with '\', TFTP: with '/' */
};

const char *payload_src_name(enum payload_src src)
{
	switch (src) {
	case PAYLOAD_SECTION: return "section";
	case PAYLOAD_ESP: return "ESP file";
	case PAYLOAD_TFTP: return "TFTP";
	default: return "none";
	}
}

static bool payload_section(EFI_LOADED_IMAGE *li, const char *name, struct efi_blob *ret)
{
	size_t off, len;

	if (pe_find_section(li->ImageBase, li->ImageSize, PE_LAYOUT_MEMORY,
			    name, &off, &len) != 0 || len == 0)
		return false;
	ret->data = (uint8_t *)li->ImageBase + off;
	ret->len = len;
	ret->owned = false;
	return true;
}

/* The directory part of the stub's own file path node (up to the last '\'). */
static void payload_dir_from_path(EFI_DEVICE_PATH *dp, char *dir, char sep)
{
	size_t n = 0, last = 0;

	dir[0] = 0;
	for (; dp && !IsDevicePathEnd(dp); dp = NextDevicePathNode(dp)) {
		FILEPATH_DEVICE_PATH *fp = (FILEPATH_DEVICE_PATH *)dp;
		size_t i, units;

		if (DevicePathType(dp) != MEDIA_DEVICE_PATH ||
		    DevicePathSubType(dp) != MEDIA_FILEPATH_DP)
			continue;
		units = (DevicePathNodeLength(dp) - SIZE_OF_FILEPATH_DEVICE_PATH) / 2;
		for (i = 0; i < units && fp->PathName[i] && n + 2 < PAYLOAD_DIR_MAX; i++) {
			CHAR16 c = fp->PathName[i];

			if (c == '\\' || c == '/') {
				if (n > 0 && dir[n - 1] == sep)
					continue;
				c = sep;
			}
			dir[n++] = c < 0x80 ? (char)c : '?';
			if (c == sep)
				last = n;
		}
		/* Several file nodes concatenate into one path. */
		if (n && dir[n - 1] != sep && n + 1 < PAYLOAD_DIR_MAX)
			dir[n++] = sep;
	}
	/* Keep only the directory (drop the stub's own file name). */
	dir[last] = 0;
}

static EFI_STATUS payload_esp_read(struct payload_dir *d, const char *name, struct efi_blob *ret)
{
	CHAR16 path[PAYLOAD_DIR_MAX + 32];
	EFI_FILE_HANDLE fh;
	EFI_FILE_INFO *info;
	EFI_STATUS st;
	size_t n = 0, i;
	UINTN len;

	for (i = 0; d->dir[i] && n + 1 < sizeof(path) / 2; i++)
		path[n++] = (CHAR16)d->dir[i];
	for (i = 0; name[i] && n + 1 < sizeof(path) / 2; i++)
		path[n++] = (CHAR16)name[i];
	path[n] = 0;
	st = d->root->Open(d->root, &fh, path, EFI_FILE_MODE_READ, 0);
	if (EFI_ERROR(st))
		return st;
	info = LibFileInfo(fh);
	if (!info) {
		st = EFI_DEVICE_ERROR;
		goto err_close;
	}
	len = info->FileSize;
	FreePool(info);
	ret->data = AllocatePool(len ? len : 1);
	if (!ret->data) {
		st = EFI_OUT_OF_RESOURCES;
		goto err_close;
	}
	st = fh->Read(fh, &len, ret->data);
	if (EFI_ERROR(st)) {
		FreePool(ret->data);
		ret->data = NULL;
		goto err_close;
	}
	ret->len = len;
	ret->owned = true;
err_close:
	fh->Close(fh);
	return st;
}

static EFI_STATUS payload_tftp_read(struct payload_dir *d, const char *name, struct efi_blob *ret)
{
	UINT8 path[PAYLOAD_DIR_MAX + 32];
	UINT64 size = 0;
	UINTN blk = PAYLOAD_TFTP_BLKSIZE;
	EFI_STATUS st;
	size_t n = 0, i;

	for (i = 0; d->dir[i] && n + 1 < sizeof(path); i++)
		path[n++] = (UINT8)d->dir[i];
	for (i = 0; name[i] && n + 1 < sizeof(path); i++)
		path[n++] = (UINT8)name[i];
	path[n] = 0;
	st = d->pxe->Mtftp(d->pxe, EFI_PXE_BASE_CODE_TFTP_GET_FILE_SIZE, NULL,
			   FALSE, &size, NULL, &d->server, path, NULL, FALSE);
	if (EFI_ERROR(st))
		return st;
	ret->data = AllocatePool(size ? size : 1);
	if (!ret->data)
		return EFI_OUT_OF_RESOURCES;
	st = d->pxe->Mtftp(d->pxe, EFI_PXE_BASE_CODE_TFTP_READ_FILE, ret->data,
			   FALSE, &size, &blk, &d->server, path, NULL, FALSE);
	if (EFI_ERROR(st)) {
		FreePool(ret->data);
		ret->data = NULL;
		return st;
	}
	ret->len = size;
	ret->owned = true;
	return EFI_SUCCESS;
}

/* Network-booted: the PXE base code on our device, started, with an ACK. */
static bool payload_dir_tftp(EFI_LOADED_IMAGE *li, struct payload_dir *d)
{
	EFI_PXE_BASE_CODE_PACKET *pkt;
	EFI_PXE_BASE_CODE *pxe;
	size_t i, last = 0;

	if (EFI_ERROR(BS->HandleProtocol(li->DeviceHandle, &PxeBaseCodeProtocol,
					 (void **)&pxe)) ||
	    !pxe->Mode->Started || pxe->Mode->UsingIpv6)
		return false;
	if (pxe->Mode->ProxyOfferReceived && pxe->Mode->ProxyOffer.Dhcpv4.BootpBootFile[0])
		pkt = &pxe->Mode->ProxyOffer;
	else if (pxe->Mode->DhcpAckReceived)
		pkt = &pxe->Mode->DhcpAck;
	else
		return false;
	d->pxe = pxe;
	ZeroMem(&d->server, sizeof(d->server));
	CopyMem(&d->server.v4, pkt->Dhcpv4.BootpSiAddr, 4);
	for (i = 0; i < 128 && i + 1 < PAYLOAD_DIR_MAX && pkt->Dhcpv4.BootpBootFile[i]; i++) {
		d->dir[i] = (char)pkt->Dhcpv4.BootpBootFile[i];
		if (d->dir[i] == '/')
			last = i + 1;
	}
	d->dir[last] = 0;
	return true;
}

static bool payload_dir_esp(EFI_LOADED_IMAGE *li, struct payload_dir *d)
{
	d->root = LibOpenRoot(li->DeviceHandle);
	if (!d->root)
		return false;
	payload_dir_from_path(li->FilePath, d->dir, '\\');
	return true;
}

static void payload_item(EFI_LOADED_IMAGE *li, struct payload_dir *d,
			 const char *sect, const char *file,
			 struct efi_blob *ret, enum payload_src *ret_src)
{
	if (payload_section(li, sect, ret)) {
		*ret_src = PAYLOAD_SECTION;
	} else if (d->root && !EFI_ERROR(payload_esp_read(d, file, ret))) {
		*ret_src = PAYLOAD_ESP;
	} else if (d->pxe && !EFI_ERROR(payload_tftp_read(d, file, ret))) {
		*ret_src = PAYLOAD_TFTP;
	} else {
		*ret_src = PAYLOAD_NONE;
	}
}

EFI_STATUS payload_load(EFI_HANDLE image, struct payload *ret, bool kernel_optional)
{
	struct payload_dir d = { 0 };
	EFI_LOADED_IMAGE *li;
	EFI_STATUS st;

	ZeroMem(ret, sizeof(*ret));
	st = BS->HandleProtocol(image, &LoadedImageProtocol, (void **)&li);
	if (EFI_ERROR(st))
		return st;
	/* Sections need no file source; open one only when something is missing. */
	if (!payload_section(li, ".linux", &ret->kernel) ||
	    !payload_section(li, ".initrd", &ret->initrd) ||
	    !payload_section(li, ".cmdline", &ret->cmdline)) {
		ZeroMem(ret, sizeof(*ret));
		if (!payload_dir_esp(li, &d))
			payload_dir_tftp(li, &d);
	}
	payload_item(li, &d, ".linux", PAYLOAD_FILE_LINUX, &ret->kernel, &ret->kernel_src);
	payload_item(li, &d, ".initrd", PAYLOAD_FILE_INITRD, &ret->initrd, &ret->initrd_src);
	payload_item(li, &d, ".cmdline", PAYLOAD_FILE_CMDLINE, &ret->cmdline, &ret->cmdline_src);
	if (d.root)
		d.root->Close(d.root);
	if (ret->kernel_src == PAYLOAD_NONE) {
		efi_snprintf(ret->no_kernel, sizeof(ret->no_kernel),
			     "aoeboot: no kernel: no .linux section, no %s%s %s\n",
			     d.dir, PAYLOAD_FILE_LINUX,
			     d.root ? "on this volume" : d.pxe ? "on the TFTP server" :
			     "(no file system or PXE source for this image)");
		if (kernel_optional)
			return EFI_SUCCESS;
		efi_log(ret->no_kernel);
		payload_free(ret);
		return EFI_NOT_FOUND;
	}
	return EFI_SUCCESS;
}

void payload_free(struct payload *p)
{
	efi_blob_free(&p->kernel);
	efi_blob_free(&p->initrd);
	efi_blob_free(&p->cmdline);
}
