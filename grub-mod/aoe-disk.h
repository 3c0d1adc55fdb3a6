/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * aoe-disk.h - read-only GRUB disks (aoe/eS.L) over AoE (see disk.c), and
 * the choice of which discovered targets may become disks (attach.c).
 */
#ifndef AOEROOT_AOE_DISK_H
#define AOEROOT_AOE_DISK_H

#include <grub/net.h>
#include <grub/err.h>
#include <grub/extcmd.h>

#include "disc.h"
#include "scan.h"

enum { AOE_DISK_NAME_MAX = 16 };   /* "aoe/e65535.255" + NUL */

/** aoe_disk_init() - register the "aoe" disk device with GRUB. */
void aoe_disk_init (void);

/** aoe_disk_fini() - detach every disk and unregister the device. */
void aoe_disk_fini (void);

/**
 * aoe_disk_attach() - make target @t, found on @card, the read-only disk
 * (aoe/eS.L), answering only from the MAC discovery saw (t's primary);
 * with @vid (1..4094; 0 = untagged) reads go over that 802.1Q VLAN only.
 * A disk of that name already attached is replaced (with a new disk id, so
 * GRUB's cache never mixes the two); the old one is detached.
 * Return: GRUB_ERR_NONE, or a grub_error() (duplicate target, no memory).
 */
grub_err_t aoe_disk_attach (struct grub_net_card *card, const struct disc_target *t,
			    grub_uint16_t vid);

/**
 * aoe_disk_detach_all() - detach every disk: it disappears from GRUB's
 * device list and fails reads, but its memory stays (GRUB's md layer may
 * hold it open).
 */
void aoe_disk_detach_all (void);

/** aoe_disk_count() - how many disks are attached. */
unsigned aoe_disk_count (void);

/** aoe_disk_attached() - whether eS.L is attached now (aoe/eS.L). */
int aoe_disk_attached (grub_uint16_t shelf, grub_uint8_t slot);

struct choose;

/**
 * aoe_grub_handoff() - after the attach: the handoff record of the
 * chosen members that are attached disks (choose_handoff(), with the
 * named stale members to add back flagged; grubhandoff.c): @var is set
 * to the kernel arguments made from it (unset when nothing is attached),
 * and on x86_64-efi the record goes to the volatile EFI variable
 * AoeRootHandoff (common/handoff.h).
 * Return: GRUB_ERR_NONE, or a grub_error() (the arguments or the variable
 * could not be made).
 */
grub_err_t aoe_grub_handoff (const struct choose *c, const char *var);

/**
 * aoe_attach_chosen() - attach the targets @list names ("eS.L,eS.L") out
 * of scan @s, decided as a boot decides (common/choose, choose_now()):
 * for md members, only those mdsel_choose() takes against every other
 * visible member of the same array (never a stale member, the other half
 * of a split brain, a member of another array or a duplicate shelf.slot);
 * targets without md are attached as single disks. The disks read on the
 * VLAN @s was scanned on (s->vid).
 * Return: GRUB_ERR_NONE when at least one disk was attached; otherwise a
 * grub_error() that says why.
 */
grub_err_t aoe_attach_chosen (const struct aoe_scan *s, const char *list,
			      const char *root_var);

/**
 * aoe_attach_result() - the members of decision @r become GRUB disks
 * (disks attached before stay; aoe_select detaches them first); @root_var (when not NULL) is set to the GRUB
 * device of the array ("mduuid/<hex>") or of the one disk ("aoe/eS.L").
 * Return: GRUB_ERR_NONE when at least one disk was attached.
 */
grub_err_t aoe_attach_result (const struct aoe_scan *s, const struct choose_result *r,
			      const char *root_var);

/** aoe_attach_register() / _unregister() - the aoe_attach command. */
void aoe_attach_register (void);
void aoe_attach_unregister (void);

#endif /* AOEROOT_AOE_DISK_H */
