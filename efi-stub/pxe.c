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

/* The root path and host name of @mode's DHCP ACK into @ret. */
static void pxe_take(EFI_PXE_BASE_CODE_MODE *mode, struct pxe_dhcp *ret)
{
	ret->found = true;
	pxe_text(mode->DhcpAck.Raw, DHCP_OPT_ROOT_PATH, ret->root_path, sizeof(ret->root_path));
	pxe_text(mode->DhcpAck.Raw, DHCP_OPT_HOSTNAME, ret->hostname, sizeof(ret->hostname));
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
	if (mode)
		pxe_take(mode, ret);
	return EFI_SUCCESS;
}

/* Whether @child's device path is @nic's followed by an IPv4 node: EDK2
 * puts the PXE Base Code on such a child of the NIC, one for IPv4 and one
 * for IPv6. */
static bool pxe_is_ipv4_child(EFI_DEVICE_PATH *nic, EFI_DEVICE_PATH *child)
{
	UINTN n;

	if (!nic || !child)
		return false;
	n = DevicePathSize(nic) - sizeof(EFI_DEVICE_PATH); /* without the end */
	if (DevicePathSize(child) <= n || CompareMem(nic, child, n))
		return false;
	child = (EFI_DEVICE_PATH *)((UINT8 *)child + n);
	return DevicePathType(child) == MESSAGING_DEVICE_PATH &&
	       DevicePathSubType(child) == MSG_IPv4_DP;
}

/* The IPv4 PXE Base Code of NIC @nic: on the NIC's handle or a child. */
static EFI_PXE_BASE_CODE *pxe_of_nic(EFI_HANDLE nic)
{
	EFI_PXE_BASE_CODE *pxe = NULL;
	EFI_DEVICE_PATH *dp = DevicePathFromHandle(nic);
	EFI_HANDLE *hs = NULL;
	UINTN n = 0, i;

	if (!EFI_ERROR(BS->HandleProtocol(nic, &PxeBaseCodeProtocol, (void **)&pxe)) && pxe)
		return pxe;
	pxe = NULL;
	if (EFI_ERROR(BS->LocateHandleBuffer(ByProtocol, &PxeBaseCodeProtocol, NULL, &n, &hs)))
		return NULL;
	for (i = 0; i < n && !pxe; i++)
		if (pxe_is_ipv4_child(dp, DevicePathFromHandle(hs[i])))
			BS->HandleProtocol(hs[i], &PxeBaseCodeProtocol, (void **)&pxe);
	FreePool(hs);
	return pxe;
}

EFI_STATUS pxe_dhcp_ask(EFI_HANDLE nic, struct pxe_dhcp *ret)
{
	EFI_PXE_BASE_CODE *pxe;
	bool started;
	EFI_STATUS st;

	ZeroMem(ret, sizeof(*ret));
	pxe = pxe_of_nic(nic);
	if (!pxe || !pxe->Mode)
		return EFI_UNSUPPORTED;
	started = pxe->Mode->Started;
	if (!started) {
		st = pxe->Start(pxe, FALSE);
		if (EFI_ERROR(st))
			return st;
	}
	st = pxe->Dhcp(pxe, FALSE);
	if (!EFI_ERROR(st) && pxe->Mode->DhcpAckReceived && !pxe->Mode->UsingIpv6)
		pxe_take(pxe->Mode, ret);
	/* Leave the NIC as found: link_open() takes it exclusively. */
	if (!started)
		pxe->Stop(pxe);
	return st;
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
