/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pxe.c - the PXE DHCP answer's root path and host name (see pxe.h). */
#include "pxe.h"
#include "dhcp.h"
#include "bytes.h"
#include "err.h"

/* Take option @code as text into @buf (cut, NUL-ended). */
static void pxe_text(const uint8_t *pkt, uint8_t code, char *buf, size_t cap)
{
	const uint8_t *v;
	size_t len;

	buf[0] = '\0';
	if (dhcp_option(pkt, PXE_PACKET_MAX, code, &v, &len))
		return;
	len = dhcp_text_len((const char *)v, len);
	if (len >= cap)
		len = cap - 1;
	CopyMem(buf, (void *)v, len);
	buf[len] = '\0';
}

/* @h's PXE Base Code Mode when it holds a DHCPv4 ACK, else NULL. */
static EFI_PXE_BASE_CODE_MODE *pxe_mode(EFI_HANDLE h)
{
	EFI_PXE_BASE_CODE *pxe;

	if (!h || EFI_ERROR(BS->HandleProtocol(h, &PxeBaseCodeProtocol, (void **)&pxe)) ||
	    !pxe || !pxe->Mode || !pxe->Mode->DhcpAckReceived || pxe->Mode->UsingIpv6)
		return NULL;
	return pxe->Mode;
}

EFI_STATUS pxe_dhcp_read(EFI_HANDLE image, struct pxe_dhcp *ret)
{
	EFI_LOADED_IMAGE *li = NULL;
	EFI_PXE_BASE_CODE_MODE *mode = NULL;
	EFI_HANDLE *hs = NULL;
	UINTN n = 0, i;

	ZeroMem(ret, sizeof(*ret));
	if (!EFI_ERROR(BS->HandleProtocol(image, &LoadedImageProtocol, (void **)&li)) && li)
		mode = pxe_mode(li->DeviceHandle);
	if (!mode && !EFI_ERROR(BS->LocateHandleBuffer(ByProtocol, &PxeBaseCodeProtocol,
						       NULL, &n, &hs))) {
		for (i = 0; i < n && !mode; i++)
			mode = pxe_mode(hs[i]);
		FreePool(hs);
	}
	if (!mode)
		return EFI_SUCCESS;
	ret->found = true;
	pxe_text(mode->DhcpAck.Raw, DHCP_OPT_ROOT_PATH, ret->root_path, sizeof(ret->root_path));
	pxe_text(mode->DhcpAck.Raw, DHCP_OPT_HOSTNAME, ret->hostname, sizeof(ret->hostname));
	return EFI_SUCCESS;
}

void pxe_dhcp_hints(const struct pxe_dhcp *d, struct picker_hints *ret)
{
	ZeroMem(ret, sizeof(*ret));
	if (d->root_path[0]) {
		ret->root_path = d->root_path;
		ret->root_path_len = ar_strlen(d->root_path);
	}
	if (d->hostname[0]) {
		ret->hostname = d->hostname;
		ret->hostname_len = ar_strlen(d->hostname);
	}
}
