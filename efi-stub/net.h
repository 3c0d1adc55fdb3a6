/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * net.h - raw Ethernet over the Simple Network Protocol, as the
 * struct ar_platform_ops that common/disc drives.
 *
 * The NIC is opened EXCLUSIVE: that disconnects the firmware's MNP/IP
 * stack (sharing SNP with it loses replies), so fetch files over PXE
 * before net_open(). Then Start/Initialize as needed and receive unicast +
 * broadcast frames.
 */
#ifndef AOEROOT_EFI_NET_H
#define AOEROOT_EFI_NET_H

#include "efi.h"
#include "platform.h"
#include "vlan.h"

enum { NET_FRAME_MAX = 9216 };

struct net {
	EFI_HANDLE handle;              /* the SNP handle opened */
	EFI_HANDLE image;
	EFI_SIMPLE_NETWORK *snp;
	uint8_t mac[6];
	uint32_t mtu;                   /* MaxPacketSize (payload bytes) */
	bool we_started;                /* we called Start: Stop on close */
	uint16_t vid;                   /* aoeboot.vlan=: 802.1Q VLAN ID, 0 = none */
	struct vlan_link vlan;          /* the tagged link when vid is set */
	uint8_t tx[NET_FRAME_MAX];      /* Transmit buffer: owned by the NIC until GetStatus returns it */
};

/**
 * net_find() - choose the NIC.
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
EFI_STATUS net_find(EFI_HANDLE image, const uint8_t *want_mac,
		    EFI_HANDLE *ret_handle, uint8_t ret_mac[6]);

/**
 * net_open() - open @handle's SNP exclusively and bring it up.
 * Return: EFI_SUCCESS or the failing call's status (message printed).
 */
EFI_STATUS net_open(struct net *n, EFI_HANDLE image, EFI_HANDLE handle);

/** net_close() - shut down what net_open() started and give the NIC back. */
void net_close(struct net *n);

/**
 * net_platform() - @n as a struct ar_platform for common/disc: the raw
 * link, or with @n->vid set a VLAN link over it (tagged frames only; its
 * counters start again at each call).
 */
void net_platform(struct net *n, struct ar_platform *ret_plat);

/** net_vlan_say() - with a VLAN: one line on the AoE frames it ignored. */
void net_vlan_say(const struct net *n);


#endif /* AOEROOT_EFI_NET_H */
