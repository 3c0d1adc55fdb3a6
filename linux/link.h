/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * link.h - the Linux user-space link for common/: one AF_PACKET socket
 * bound to one NIC and the AoE ethertype, as a struct ar_platform. /init
 * (initrd-min/identity.c) and tools/aoe-scan use it; GRUB, UEFI and the
 * unit-test mock have their own (grub-mod/link.c, efi-stub/link.c,
 * tests/mock/mock_link.c).
 */
#ifndef AOEROOT_LINUX_LINK_H
#define AOEROOT_LINUX_LINK_H

#include "platform.h"

#include <stdint.h>

struct link {
	int fd;                  /* -1 when closed */
	int ifindex;
	uint8_t mac[6];          /* the NIC's own MAC: get_mac() reports it */
	int last_errno;          /* of the last failed send or receive */
	uint64_t rx_at_ms;       /* the last frame's kernel receive time, on
				  * link_now_ms()'s clock (0: no stamp) */
};

/**
 * link_socket() - open the raw socket (close-on-exec) for AoE frames.
 * Return: 0, or -errno (@l->fd is then -1).
 */
int link_socket(struct link *l);

/**
 * link_bind() - receive and send only on @ifindex.
 * Return: 0, or -errno (the socket stays open: link_close() it).
 */
int link_bind(struct link *l, int ifindex);

/**
 * link_open() - link_socket() and link_bind() for a NIC whose
 * index and MAC the caller knows. Return: 0, or -errno (closed again).
 */
int link_open(struct link *l, int ifindex, const uint8_t mac[6]);

/**
 * link_mtu() - the MTU of the NIC the link is bound to, so the engines
 * size their READ frames for it (aoe_frame_sectors(): 17 sectors a frame
 * at 9000 instead of 2).
 * Return: the MTU, or 0 when it cannot be read (callers assume 1500).
 */
unsigned link_mtu(const struct link *l);

/** link_close() - close the socket if open. */
void link_close(struct link *l);

/**
 * link_platform() - @l as the platform of a common/ engine: recv()
 * never blocks, retries a call a signal interrupted, and skips the
 * frames this host sent (the packet tap shows them too); rx_time_ms()
 * tells when the kernel received the frame (SO_TIMESTAMPNS), so a
 * process that got the CPU late (/init on one CPU beside module loading)
 * does not count its own delay as the link's.
 */
struct ar_platform link_platform(struct link *l);

/**
 * link_query_config() - send one Query Config (read) for @shelf.@slot,
 * to the broadcast MAC, with tag @tag. A tag without bit 31 makes the
 * answer one the kernel's aoe driver takes: it then creates that target's
 * device, and only that one (/init's targeted discover, initrd-min/aoedrv.c).
 * Return: 0, or a negative enum ar_err.
 */
int link_query_config(struct link *l, uint16_t shelf, uint8_t slot, uint32_t tag);

/** link_now_ms() - the clock the platform's now_ms() reads (monotonic). */
uint64_t link_now_ms(void);

#endif /* AOEROOT_LINUX_LINK_H */
