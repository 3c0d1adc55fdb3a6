/* SPDX-License-Identifier: GPL-3.0-or-later */
/* net.c - SNP platform ops for common/disc (see net.h). */
#include "net.h"
#include "con.h"
#include "err.h"

enum {
	NET_TX_WAIT_MS = 100,   /* how long to wait for the NIC to take a frame */
	NET_MIN_FRAME = 60,     /* Ethernet minimum without FCS */
};

/* The MAC of @h when its device path's last node is a MAC node. */
static bool net_mac_of_handle(EFI_HANDLE h, uint8_t ret_mac[6])
{
	EFI_DEVICE_PATH *dp = DevicePathFromHandle(h), *last = NULL;

	for (; dp && !IsDevicePathEnd(dp); dp = NextDevicePathNode(dp))
		last = dp;
	if (!last || DevicePathType(last) != MESSAGING_DEVICE_PATH ||
	    DevicePathSubType(last) != MSG_MAC_ADDR_DP)
		return false;
	CopyMem(ret_mac, ((MAC_ADDR_DEVICE_PATH *)last)->MacAddress.Addr, 6);
	return true;
}

static EFI_STATUS net_scan(const uint8_t *want_mac, EFI_HANDLE *ret_handle,
			   uint8_t ret_mac[6])
{
	EFI_HANDLE *hs = NULL;
	UINTN n = 0, i;
	EFI_STATUS st;

	st = BS->LocateHandleBuffer(ByProtocol, &SimpleNetworkProtocol, NULL, &n, &hs);
	if (EFI_ERROR(st))
		return EFI_NOT_FOUND;
	st = EFI_NOT_FOUND;
	for (i = 0; i < n; i++) {
		uint8_t mac[6];

		if (!net_mac_of_handle(hs[i], mac))
			continue;
		if (want_mac && CompareMem(mac, want_mac, 6) != 0)
			continue;
		*ret_handle = hs[i];
		CopyMem(ret_mac, mac, 6);
		st = EFI_SUCCESS;
		break;
	}
	FreePool(hs);
	return st;
}

/* NICs without a boot option get no SNP until a driver is connected. */
static void net_connect_all(void)
{
	EFI_HANDLE *hs = NULL;
	UINTN n = 0, i;

	if (EFI_ERROR(BS->LocateHandleBuffer(AllHandles, NULL, NULL, &n, &hs)))
		return;
	for (i = 0; i < n; i++)
		BS->ConnectController(hs[i], NULL, NULL, TRUE);
	FreePool(hs);
}

EFI_STATUS net_find(EFI_HANDLE image, const uint8_t *want_mac,
		    EFI_HANDLE *ret_handle, uint8_t ret_mac[6])
{
	EFI_LOADED_IMAGE *li;
	EFI_SIMPLE_NETWORK *snp;
	uint8_t boot_mac[6];

	/* Network-booted: DeviceHandle is the NIC (often its IPv4 child). */
	if (!want_mac &&
	    !EFI_ERROR(BS->HandleProtocol(image, &LoadedImageProtocol, (void **)&li)) &&
	    !EFI_ERROR(BS->HandleProtocol(li->DeviceHandle, &SimpleNetworkProtocol,
					  (void **)&snp))) {
		CopyMem(boot_mac, snp->Mode->CurrentAddress.Addr, 6);
		want_mac = boot_mac;
	}
	if (!EFI_ERROR(net_scan(want_mac, ret_handle, ret_mac)))
		return EFI_SUCCESS;
	net_connect_all();
	return net_scan(want_mac, ret_handle, ret_mac);
}

EFI_STATUS net_open(struct net *n, EFI_HANDLE image, EFI_HANDLE handle)
{
	EFI_SIMPLE_NETWORK *snp;
	EFI_STATUS st;
	UINT32 want = EFI_SIMPLE_NETWORK_RECEIVE_UNICAST |
		      EFI_SIMPLE_NETWORK_RECEIVE_BROADCAST;

	n->handle = handle;
	n->image = image;
	n->we_started = false;
	st = BS->OpenProtocol(handle, &SimpleNetworkProtocol, (void **)&snp, image,
			      NULL, EFI_OPEN_PROTOCOL_EXCLUSIVE);
	if (EFI_ERROR(st)) {
		efi_logf("aoeboot: cannot open the NIC exclusively: %s\n", efi_status_str(st));
		return st;
	}
	n->snp = snp;
	/* Opening exclusively disconnects MNP, which leaves SNP stopped. */
	if (snp->Mode->State == EfiSimpleNetworkStopped) {
		st = snp->Start(snp);
		if (EFI_ERROR(st))
			goto err;
		n->we_started = true;
	}
	if (snp->Mode->State == EfiSimpleNetworkStarted) {
		st = snp->Initialize(snp, 0, 0);
		if (EFI_ERROR(st))
			goto err;
	}
	st = snp->ReceiveFilters(snp, want & snp->Mode->ReceiveFilterMask, 0, FALSE, 0, NULL);
	if (EFI_ERROR(st))
		goto err;
	CopyMem(n->mac, snp->Mode->CurrentAddress.Addr, 6);
	n->mtu = snp->Mode->MaxPacketSize;
	return EFI_SUCCESS;
err:
	efi_logf("aoeboot: cannot bring the NIC up: %s\n", efi_status_str(st));
	net_close(n);
	return st;
}

void net_close(struct net *n)
{
	if (!n->snp)
		return;
	if (n->snp->Mode->State == EfiSimpleNetworkInitialized)
		n->snp->Shutdown(n->snp);
	if (n->we_started)
		n->snp->Stop(n->snp);
	BS->CloseProtocol(n->handle, &SimpleNetworkProtocol, n->image, NULL);
	/* Give the NIC back to the firmware's network stack (MNP, PXE). */
	BS->ConnectController(n->handle, NULL, NULL, TRUE);
	n->snp = NULL;
}

static int net_send(void *ctx, const uint8_t *frame, size_t len)
{
	struct net *n = ctx;
	uint64_t deadline;
	EFI_STATUS st;
	void *done = NULL;
	size_t out = len < NET_MIN_FRAME ? NET_MIN_FRAME : len;

	if (len > sizeof(n->tx))
		return AR_EMSGSIZE;
	CopyMem(n->tx, (void *)frame, len);
	if (out > len)
		ZeroMem(n->tx + len, out - len);
	st = n->snp->Transmit(n->snp, 0, out, n->tx, NULL, NULL, NULL);
	if (EFI_ERROR(st))
		return st == EFI_NOT_READY ? AR_EAGAIN : AR_EIO;
	/* The buffer is the NIC's until GetStatus hands it back. */
	deadline = con_now_ms() + NET_TX_WAIT_MS;
	do {
		st = n->snp->GetStatus(n->snp, NULL, &done);
		if (EFI_ERROR(st))
			return AR_EIO;
		if (done == n->tx)
			return 0;
	} while (con_now_ms() < deadline);
	return AR_ETIMEDOUT;
}

static int net_recv(void *ctx, uint8_t *buf, size_t cap, size_t *ret_len)
{
	struct net *n = ctx;
	UINTN len = cap;
	EFI_STATUS st;

	st = n->snp->Receive(n->snp, NULL, &len, buf, NULL, NULL, NULL);
	if (st == EFI_NOT_READY)
		return AR_EAGAIN;
	if (st == EFI_BUFFER_TOO_SMALL)
		return AR_EAGAIN;   /* a jumbo frame we cannot hold: not AoE for us */
	if (EFI_ERROR(st))
		return AR_EIO;
	*ret_len = len;
	return 0;
}

static void net_get_mac(void *ctx, uint8_t ret_mac[6])
{
	struct net *n = ctx;

	CopyMem(ret_mac, n->mac, 6);
}

static uint64_t net_now_ms(void *ctx)
{
	return con_now_ms();
}

static const struct ar_platform_ops net_ops = {
	.send = net_send,
	.recv = net_recv,
	.get_mac = net_get_mac,
	.now_ms = net_now_ms,
};

void net_platform(struct net *n, struct ar_platform *ret_plat)
{
	struct ar_platform raw = { &net_ops, n };

	*ret_plat = raw;
	if (n->vid && vlan_link_init(&n->vlan, &raw, n->vid) == 0)
		*ret_plat = n->vlan.plat;
}

void net_vlan_say(const struct net *n)
{
	const struct vlan_stats *st = &n->vlan.stats;

	if (!n->vid)
		return;
	efi_logf("aoeboot: vlan %u: took %u, ignored %u untagged, %u other-VLAN",
		 (unsigned)n->vid, st->rx_match, st->rx_untagged, st->rx_other);
	if (st->rx_other)
		efi_logf(" (vlan %u)", (unsigned)st->other_vid);
	efi_log("\n");
}
