/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * platform.h - the only door between common/ and a platform.
 *
 * GRUB (grub-mod/), UEFI (efi-stub/), Linux PID 1 and host tools
 * (initrd-min/, tools/), and the unit-test mock (tests/mock/) each implement
 * one struct ar_platform_ops. common/ never blocks: the platform owns the
 * loop, feeds received frames to the engine and calls its poll(now) hook.
 * One struct of hooks rather than link-time symbols, so the same common/
 * object code runs under every platform and the unit tests swap in a mock.
 */
#ifndef AOEROOT_PLATFORM_H
#define AOEROOT_PLATFORM_H

#include <stdint.h>
#include <stddef.h>

/* Keys as picker_key() takes them (each platform maps its own key codes
 * to these); printable keys are their ASCII code. */
enum ar_key {
	AR_KEY_NONE = -1,
	AR_KEY_ENTER = '\r',
	AR_KEY_ESC = 0x1b,
	AR_KEY_SPACE = ' ',
	AR_KEY_UP = 0x100,
	AR_KEY_DOWN,
	AR_KEY_LEFT,
	AR_KEY_RIGHT,
};

struct ar_platform_ops {
	/** send() - transmit one whole Ethernet frame (dst, src, type, payload).
	 *  Return: 0 or a negative enum ar_err. */
	int (*send)(void *ctx, const uint8_t *frame, size_t len);
	/** recv() - non-blocking receive of one frame into @buf (@cap bytes).
	 *  Return: 0 and *ret_len set; AR_EAGAIN when nothing is waiting;
	 *  another negative code on a link error. */
	int (*recv)(void *ctx, uint8_t *buf, size_t cap, size_t *ret_len);
	/** get_mac() - the NIC's own MAC address into @ret_mac[6]. */
	void (*get_mac)(void *ctx, uint8_t ret_mac[6]);
	/** now_ms() - a monotonic millisecond clock (any epoch). */
	uint64_t (*now_ms)(void *ctx);
	/** rx_time_ms() - optional (NULL: the link cannot tell): when the
	 *  frame recv() returned last reached the host, on now_ms()'s clock;
	 *  0 when unknown. Lets the engine time an answer that waited while
	 *  the host was busy (docs/settle.md). */
	uint64_t (*rx_time_ms)(void *ctx);
	/** recover() - optional (NULL: nothing to reset): the link looks
	 *  stalled (a frame went unanswered for half its tries); reinitialise
	 *  the NIC and re-apply its receive filters and MAC. Frames in flight
	 *  may be lost: the engine retransmits them. Called before any target
	 *  is given up, so a wedged NIC does not fail members that answer.
	 *  Return: 0 when the link was reinitialised, else a negative ar_err. */
	int (*recover)(void *ctx);
};

struct ar_platform {
	const struct ar_platform_ops *ops;
	void *ctx;
};

#endif /* AOEROOT_PLATFORM_H */
