/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * link.h - raw Ethernet over the Simple Network Protocol, as the
 * struct ar_platform_ops that common/disc drives.
 *
 * The NIC is opened EXCLUSIVE: that disconnects the firmware's MNP/IP
 * stack (sharing SNP with it loses replies), so fetch files over PXE
 * before link_open(). Then Start/Initialize as needed and receive unicast +
 * broadcast frames.
 */
#ifndef AOEROOT_EFI_LINK_H
#define AOEROOT_EFI_LINK_H

#include "efi.h"
#include "platform.h"
#include "vlan.h"

enum {
	LINK_FRAME_MAX = 9216,
	LINK_TX_POOL = 16,               /* transmit buffers (frames queued in the NIC, at most) */
	LINK_RX_STASH = 32,              /* frames received while waiting for a transmit buffer */
};

/* What the link did (verbose=2 prints them, link_stats_say()). */
struct link_stats {
	uint32_t tx;                    /* frames Transmit took */
	uint32_t tx_refused;            /* sends refused: no buffer came back in time */
	uint32_t tx_busy;               /* Transmit said EFI_NOT_READY */
	uint32_t tx_done;               /* buffers GetStatus gave back */
	uint32_t tx_odd;                /* ...at an address that was not one of ours */
	uint32_t rx;                    /* frames received */
	uint32_t rx_stashed;            /* ...of which while a send waited */
	uint32_t rx_oversize;           /* frames larger than the caller's buffer */
	uint32_t resets;                /* the NIC reinitialised (link_recover()) */
	uint32_t reset_fails;           /* ...and it did not come back */
};

struct link_rx_slot {
	uint32_t len;
	uint8_t data[LINK_FRAME_MAX];
};

struct link {
	EFI_HANDLE handle;              /* the SNP handle opened */
	EFI_HANDLE image;
	EFI_SIMPLE_NETWORK *snp;
	uint8_t mac[6];
	uint32_t mtu;                   /* MaxPacketSize (payload bytes) */
	bool we_started;                /* we called Start: Stop on close */
	uint16_t vid;                   /* aoeboot.vlan=: 802.1Q VLAN ID, 0 = none */
	struct vlan_link vlan;          /* the tagged link when vid is set */
	uint32_t filters;               /* receive filters set at open (re-applied on reset) */
	struct link_stats stats;
	/* Transmit pool: a buffer is the NIC's from Transmit until GetStatus
	 * gives it back; it is never written before that. */
	bool tx_busy[LINK_TX_POOL];
	uint32_t tx_seq[LINK_TX_POOL];   /* queue order, for firmware that returns other addresses */
	uint32_t tx_next_seq;
	unsigned tx_out;                /* buffers the NIC holds */
	uint64_t tx_progress_ms;        /* last time a buffer came back (or the first went out) */
	uint64_t tx_busy_since_ms;      /* Transmit refusing since (0: it is not) */
	/* Frames drained while a send waited, handed out by recv first. */
	unsigned rx_head, rx_n;
	struct link_rx_slot rx_stash[LINK_RX_STASH];
	uint8_t rxbuf[LINK_FRAME_MAX];
	uint8_t tx[LINK_TX_POOL][LINK_FRAME_MAX];
};

/**
 * link_find() - choose the NIC.
 * @image: the stub's ImageHandle (its DeviceHandle is the boot NIC when
 *         network-booted).
 * @want_mac: the MAC to use, or NULL for the boot NIC (or, when not
 *            network-booted, the first NIC).
 * @ret_handle: the SNP handle whose device path ends with the MAC node
 *              (not an IPv4/IPv6 PXE child of it).
 * @ret_mac: its MAC.
 * Return: EFI_SUCCESS; EFI_NOT_FOUND when no such NIC exists, even after
 * connecting every controller (NICs without a boot option have no SNP
 * until connected).
 */
EFI_STATUS link_find(EFI_HANDLE image, const uint8_t *want_mac,
		    EFI_HANDLE *ret_handle, uint8_t ret_mac[6]);

/**
 * link_open() - open @handle's SNP exclusively and bring it up.
 * Return: EFI_SUCCESS or the failing call's status (message printed).
 */
EFI_STATUS link_open(struct link *n, EFI_HANDLE image, EFI_HANDLE handle);

/** link_close() - shut down what link_open() started and give the NIC back. */
void link_close(struct link *n);

/**
 * link_platform() - @n as a struct ar_platform for common/disc: the raw
 * link, or with @n->vid set a VLAN link over it (tagged frames only; its
 * counters start again at each call).
 */
void link_platform(struct link *n, struct ar_platform *ret_plat);

/**
 * link_recover() - reinitialise a stalled NIC: Shutdown + Initialize (or
 * Stop + Start + Initialize), the receive filters and station MAC of
 * link_open() re-applied, every transmit buffer taken back. Says so in one
 * console line with @why.
 * Return: 0, or AR_EIO when the NIC did not come back.
 */
int link_recover(struct link *n, const char *why);

/** link_stats_say() - one line with the link counters (struct link_stats). */
void link_stats_say(const struct link *n, const char *prefix);

/** link_vlan_say() - with a VLAN: one line on the AoE frames it ignored. */
void link_vlan_say(const struct link *n);


#endif /* AOEROOT_EFI_LINK_H */
