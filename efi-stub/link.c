/* SPDX-License-Identifier: GPL-3.0-or-later */
/* link.c - SNP platform ops for common/disc (see link.h). */
#include "link.h"
#include "con.h"
#include "err.h"

/*
 * The transmit path follows the Simple Network Protocol's contract: a
 * buffer given to Transmit belongs to the NIC until GetStatus hands it back
 * (one per call), so buffers come from a pool and are never reused before
 * that. Under a busy host the NIC returns them late: a send then waits a
 * little (draining received frames into a stash meanwhile, so the receive
 * ring never overflows while we wait), then refuses (AR_EAGAIN: the engine
 * retransmits on its timer, no try used). Only when no buffer has come
 * back for LINK_TX_STALL_MS, or Transmit keeps refusing that long, is the
 * NIC called wedged and reinitialised (link_recover()). Reusing a buffer
 * the NIC still held is what wedged the single-buffer version (issue 27).
 */
enum {
	LINK_TX_WAIT_MS = 20,    /* wait for a buffer back before refusing a send */
	LINK_TX_STALL_MS = 500,  /* nothing back for this long: reinitialise the NIC */
	LINK_MIN_FRAME = 60,     /* Ethernet minimum without FCS */
};

/* The MAC of @h when its device path's last node is a MAC node. */
static bool link_mac_of_handle(EFI_HANDLE h, uint8_t ret_mac[6])
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

static EFI_STATUS link_scan(const uint8_t *want_mac, EFI_HANDLE *ret_handle,
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

		if (!link_mac_of_handle(hs[i], mac))
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
static void link_connect_all(void)
{
	EFI_HANDLE *hs = NULL;
	UINTN n = 0, i;

	if (EFI_ERROR(BS->LocateHandleBuffer(AllHandles, NULL, NULL, &n, &hs)))
		return;
	for (i = 0; i < n; i++)
		BS->ConnectController(hs[i], NULL, NULL, TRUE);
	FreePool(hs);
}

EFI_STATUS link_find(EFI_HANDLE image, const uint8_t *want_mac,
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
	if (!EFI_ERROR(link_scan(want_mac, ret_handle, ret_mac)))
		return EFI_SUCCESS;
	link_connect_all();
	return link_scan(want_mac, ret_handle, ret_mac);
}

/* Every transmit buffer free again (after open, or a reset that dropped
 * the NIC's queue). */
static void link_tx_forget(struct link *n)
{
	ZeroMem(n->tx_busy, sizeof(n->tx_busy));
	n->tx_out = 0;
	n->tx_busy_since_ms = 0;
	n->tx_progress_ms = con_now_ms();
}

EFI_STATUS link_open(struct link *n, EFI_HANDLE image, EFI_HANDLE handle)
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
	n->filters = want & snp->Mode->ReceiveFilterMask;
	st = snp->ReceiveFilters(snp, n->filters, 0, FALSE, 0, NULL);
	if (EFI_ERROR(st))
		goto err;
	CopyMem(n->mac, snp->Mode->CurrentAddress.Addr, 6);
	n->mtu = snp->Mode->MaxPacketSize;
	ZeroMem(&n->stats, sizeof(n->stats));
	link_tx_forget(n);
	n->rx_head = n->rx_n = 0;
	return EFI_SUCCESS;
err:
	efi_logf("aoeboot: cannot bring the NIC up: %s\n", efi_status_str(st));
	link_close(n);
	return st;
}

void link_close(struct link *n)
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

/* GetStatus gave @done back: free that buffer. Firmware that returns
 * another address (GRUB's efinet met some) frees the oldest one queued. */
static void link_tx_release(struct link *n, void *done)
{
	unsigned i, k = LINK_TX_POOL;

	for (i = 0; i < LINK_TX_POOL; i++)
		if (n->tx_busy[i] && done == (void *)n->tx[i])
			k = i;
	if (k == LINK_TX_POOL) {
		n->stats.tx_odd++;
		for (i = 0; i < LINK_TX_POOL; i++)
			if (n->tx_busy[i] && (k == LINK_TX_POOL ||
					      (int32_t)(n->tx_seq[i] - n->tx_seq[k]) < 0))
				k = i;
	}
	if (k == LINK_TX_POOL)
		return;
	n->tx_busy[k] = false;
	n->tx_out--;
	n->stats.tx_done++;
	n->tx_progress_ms = con_now_ms();
}

/* Collect every buffer the NIC has finished with. */
static void link_tx_reap(struct link *n)
{
	unsigned i;

	for (i = 0; i <= LINK_TX_POOL && n->tx_out; i++) {
		void *done = NULL;

		if (EFI_ERROR(n->snp->GetStatus(n->snp, NULL, &done)) || !done)
			return;
		link_tx_release(n, done);
	}
}

static int link_tx_free_slot(const struct link *n)
{
	unsigned i;

	for (i = 0; i < LINK_TX_POOL; i++)
		if (!n->tx_busy[i])
			return (int)i;
	return -1;
}

/* One frame from the NIC into the stash (false: none waiting, or full). */
static bool link_rx_stash_one(struct link *n)
{
	struct link_rx_slot *slot;
	UINTN len = sizeof(n->rx_stash[0].data);

	if (n->rx_n == LINK_RX_STASH)
		return false;
	slot = &n->rx_stash[(n->rx_head + n->rx_n) % LINK_RX_STASH];
	if (n->snp->Receive(n->snp, NULL, &len, slot->data, NULL, NULL, NULL) != EFI_SUCCESS)
		return false;
	slot->len = (uint32_t)len;
	n->rx_n++;
	n->stats.rx_stashed++;
	return true;
}

/* No free buffer: reap and drain the receive ring for a short while;
 * reinitialise the NIC when nothing has come back for LINK_TX_STALL_MS. */
static int link_tx_wait(struct link *n)
{
	uint64_t now = con_now_ms(), deadline = now + LINK_TX_WAIT_MS;
	int k;

	do {
		while (link_rx_stash_one(n))
			;
		link_tx_reap(n);
		k = link_tx_free_slot(n);
		if (k >= 0)
			return k;
		now = con_now_ms();
	} while (now < deadline);
	if (now - n->tx_progress_ms >= LINK_TX_STALL_MS) {
		char why[80];

		efi_snprintf(why, sizeof(why), "%u frames not given back in %lu ms",
			     n->tx_out, (unsigned long)(now - n->tx_progress_ms));
		if (link_recover(n, why) == 0)
			return link_tx_free_slot(n);
	}
	return -1;
}

/* Transmit refused (EFI_NOT_READY): drain, reap, try again a few times;
 * refusing for LINK_TX_STALL_MS in a row is a wedge. */
static EFI_STATUS link_tx_busy(struct link *n, UINTN out, void *buf)
{
	EFI_STATUS st = EFI_NOT_READY;
	uint64_t now = con_now_ms(), deadline = now + LINK_TX_WAIT_MS;

	n->stats.tx_busy++;
	if (!n->tx_busy_since_ms)
		n->tx_busy_since_ms = now;
	while (st == EFI_NOT_READY && now < deadline) {
		while (link_rx_stash_one(n))
			;
		link_tx_reap(n);
		st = n->snp->Transmit(n->snp, 0, out, buf, NULL, NULL, NULL);
		now = con_now_ms();
	}
	if (st == EFI_NOT_READY && now - n->tx_busy_since_ms >= LINK_TX_STALL_MS &&
	    link_recover(n, "the card refused every frame") == 0)
		st = n->snp->Transmit(n->snp, 0, out, buf, NULL, NULL, NULL);
	return st;
}

static int link_op_send(void *ctx, const uint8_t *frame, size_t len)
{
	struct link *n = ctx;
	EFI_STATUS st;
	size_t out = len < LINK_MIN_FRAME ? LINK_MIN_FRAME : len;
	uint8_t *buf;
	int k;

	if (len > LINK_FRAME_MAX)
		return AR_EMSGSIZE;
	link_tx_reap(n);
	k = link_tx_free_slot(n);
	if (k < 0)
		k = link_tx_wait(n);
	if (k < 0) {
		n->stats.tx_refused++;
		return AR_EAGAIN;
	}
	buf = n->tx[k];
	CopyMem(buf, (void *)frame, len);
	if (out > len)
		ZeroMem(buf + len, out - len);
	st = n->snp->Transmit(n->snp, 0, out, buf, NULL, NULL, NULL);
	if (st == EFI_NOT_READY)
		st = link_tx_busy(n, out, buf);
	else if (EFI_ERROR(st) && link_recover(n, "the card failed a transmit") == 0)
		st = n->snp->Transmit(n->snp, 0, out, buf, NULL, NULL, NULL);
	if (EFI_ERROR(st)) {
		n->stats.tx_refused++;
		return st == EFI_NOT_READY ? AR_EAGAIN : AR_EIO;
	}
	n->tx_busy_since_ms = 0;
	if (!n->tx_out)
		n->tx_progress_ms = con_now_ms();
	n->tx_busy[k] = true;
	n->tx_seq[k] = n->tx_next_seq++;
	n->tx_out++;
	n->stats.tx++;
	return 0;
}

/* Stashed frames first (they arrived earlier), then the NIC's ring, through
 * our own buffer: a frame too large for the caller is dropped rather than
 * left at the head of the ring. */
static int link_op_recv(void *ctx, uint8_t *buf, size_t cap, size_t *ret_len)
{
	struct link *n = ctx;
	EFI_STATUS st;

	for (;;) {
		const uint8_t *data = n->rxbuf;
		UINTN len = sizeof(n->rxbuf);

		if (n->rx_n) {
			struct link_rx_slot *slot = &n->rx_stash[n->rx_head];

			n->rx_head = (n->rx_head + 1) % LINK_RX_STASH;
			n->rx_n--;
			data = slot->data;
			len = slot->len;
		} else {
			st = n->snp->Receive(n->snp, NULL, &len, n->rxbuf, NULL, NULL, NULL);
			if (st == EFI_NOT_READY || st == EFI_BUFFER_TOO_SMALL) {
				/* Idle: a good moment to take buffers back. */
				if (n->tx_out)
					link_tx_reap(n);
				return AR_EAGAIN;
			}
			if (EFI_ERROR(st))
				return AR_EIO;
		}
		n->stats.rx++;
		if (len > cap) {
			n->stats.rx_oversize++;
			continue;
		}
		CopyMem(buf, (void *)data, len);
		*ret_len = len;
		return 0;
	}
}

/* Bring a started-or-initialised SNP back to Initialized from scratch. */
static EFI_STATUS link_reinit(EFI_SIMPLE_NETWORK *snp)
{
	EFI_STATUS st;

	if (snp->Mode->State == EfiSimpleNetworkInitialized)
		snp->Shutdown(snp);
	if (snp->Mode->State == EfiSimpleNetworkStarted &&
	    !EFI_ERROR(snp->Initialize(snp, 0, 0)))
		return EFI_SUCCESS;
	/* Shutdown or Initialize failed: go round through Stopped. */
	if (snp->Mode->State == EfiSimpleNetworkInitialized)
		snp->Shutdown(snp);
	if (snp->Mode->State == EfiSimpleNetworkStarted)
		snp->Stop(snp);
	st = snp->Start(snp);
	if (EFI_ERROR(st) && st != EFI_ALREADY_STARTED)
		return st;
	return snp->Initialize(snp, 0, 0);
}

int link_recover(struct link *n, const char *why)
{
	EFI_SIMPLE_NETWORK *snp = n->snp;
	EFI_MAC_ADDRESS mac;
	EFI_STATUS st;

	n->stats.resets++;
	efi_logf("aoeboot: network card reset (%s)\n", why);
	st = link_reinit(snp);
	if (!EFI_ERROR(st))
		st = snp->ReceiveFilters(snp, n->filters, 0, FALSE, 0, NULL);
	/* The station MAC is what the targets answer to: pin it again. */
	if (!EFI_ERROR(st) && CompareMem(snp->Mode->CurrentAddress.Addr, n->mac, 6) != 0) {
		ZeroMem(&mac, sizeof(mac));
		CopyMem(mac.Addr, n->mac, 6);
		st = snp->StationAddress(snp, FALSE, &mac);
	}
	/* Shutdown dropped the NIC's queue: every buffer is ours again. */
	link_tx_forget(n);
	if (EFI_ERROR(st)) {
		n->stats.reset_fails++;
		efi_logf("aoeboot: network card did not come back: %s\n", efi_status_str(st));
		return AR_EIO;
	}
	return 0;
}

static int link_op_recover(void *ctx)
{
	struct link *n = ctx;
	char why[80];

	efi_snprintf(why, sizeof(why), "a frame unanswered for half its tries, "
		     "%u queued", n->tx_out);
	return link_recover(n, why);
}

void link_stats_say(const struct link *n, const char *prefix)
{
	const struct link_stats *s = &n->stats;

	efi_logf("%snic: tx %u refused %u busy %u done %u odd %u queued %u; rx %u stashed %u "
		 "oversize %u; resets %u unrecovered %u\n", prefix, s->tx, s->tx_refused, s->tx_busy,
		 s->tx_done, s->tx_odd, n->tx_out, s->rx, s->rx_stashed, s->rx_oversize,
		 s->resets, s->reset_fails);
}

static void link_op_get_mac(void *ctx, uint8_t ret_mac[6])
{
	struct link *n = ctx;

	CopyMem(ret_mac, n->mac, 6);
}

static uint64_t link_op_now_ms(void *ctx)
{
	return con_now_ms();
}

static const struct ar_platform_ops link_ops = {
	.send = link_op_send,
	.recv = link_op_recv,
	.get_mac = link_op_get_mac,
	.now_ms = link_op_now_ms,
	.recover = link_op_recover,
};

void link_platform(struct link *n, struct ar_platform *ret_plat)
{
	struct ar_platform raw = { &link_ops, n };

	*ret_plat = raw;
	if (n->vid && vlan_link_init(&n->vlan, &raw, n->vid) == 0)
		*ret_plat = n->vlan.plat;
}

void link_vlan_say(const struct link *n)
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
