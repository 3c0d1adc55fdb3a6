/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * aoe-grub.h - the GRUB side of struct ar_platform: raw Ethernet frames on
 * one of GRUB's net cards, GRUB's clock, console and keyboard.
 */
#ifndef AOEROOT_AOE_GRUB_H
#define AOEROOT_AOE_GRUB_H

#include <grub/net.h>
#include <grub/err.h>

#include "platform.h"

struct aoe_grub_link {
	struct grub_net_card *card;
	struct ar_platform plat;
};

/* link.c: the link layer. */

/**
 * aoe_grub_card_find() - the net card named @spec ("efinet1") or with MAC
 * @spec ("52:54:00:12:34:56"); NULL @spec means the first card.
 * Return: the card, or NULL with grub_errno set (GRUB_ERR_NET_NO_CARD).
 */
struct grub_net_card *aoe_grub_card_find (const char *spec);

/**
 * aoe_grub_link_open() - own @card for raw frames (open it as net.c does)
 * and fill @link->plat with the GRUB ops.
 * Return: GRUB_ERR_NONE or the driver's error.
 */
grub_err_t aoe_grub_link_open (struct aoe_grub_link *link, struct grub_net_card *card);

/* platform.c: GRUB's keys and errors. */

/** aoe_grub_key_map() - a GRUB key code as an enum ar_key / ASCII code. */
int aoe_grub_key_map (int grub_key);

/** aoe_grub_err() - convert a negative enum ar_err to grub_error(). */
grub_err_t aoe_grub_err (int ar_err, const char *what);

/**
 * aoe_grub_clock_calibrate() - measure GRUB's TSC rate again over several
 * ACPI PM timer windows and correct it when it is off by more than 5%
 * (GRUB's one 1 ms window at start is skewed by any stall of a virtual
 * CPU; see clock.c). x86_64-efi only; a no-op elsewhere.
 */
void aoe_grub_clock_calibrate (void);

/**
 * aoe_grub_clock_report() - say once on the console that the clock was
 * corrected, and by what factor (nothing when it was not).
 */
void aoe_grub_clock_report (void);

#endif /* AOEROOT_AOE_GRUB_H */
