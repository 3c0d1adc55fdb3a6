/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scan.h - discovery on a GRUB net card (see scan.c).
 */
#ifndef AOEROOT_GRUB_SCAN_H
#define AOEROOT_GRUB_SCAN_H

#include "aoe-grub.h"
#include "disc.h"
#include "picker.h"
#include "vlan.h"
#include "choose.h"

enum { AOE_SCAN_MAX = PICKER_MAX_TARGETS };

/* ~2.4 MiB with AOE_SCAN_MAX (1024) targets: allocate once with grub_zalloc. */
struct aoe_scan {
  struct aoe_grub_link link;
  struct disc d;
  struct disc_target targets[AOE_SCAN_MAX];
  grub_size_t n;
  grub_uint64_t elapsed_ms;     /* disc_start() -> the engine finished */
  grub_uint64_t complete_ms;    /* disc_start() -> the final list was complete
				   (every target identified, md read); the
				   rest of elapsed_ms is the settle window */
  grub_uint8_t mac[6];
  grub_uint8_t no_md;           /* set by the caller: skip md superblock reads */
  grub_uint16_t vid;            /* set by the caller: 802.1Q VLAN ID, 0 = none */
  struct vlan_link vlan;        /* the tagged link when vid is set */
  /* Set by the caller: the boot-choice session whose named targets are
     reserved in the table and asked for by name (choose_want()), or NULL. */
  const struct choose *want;
};

/**
 * aoe_grub_scan() - open @card and discover targets on it (blocking, at
 * most @timeout_ms; 0 means the engine's default).
 * Return: GRUB_ERR_NONE (s->n targets, maybe 0) or a grub_error().
 */
grub_err_t aoe_grub_scan (struct aoe_scan *s, struct grub_net_card *card,
			  unsigned timeout_ms);

/** aoe_grub_scan_plat() - the link the engines use: tagged when s->vid. */
const struct ar_platform *aoe_grub_scan_plat (const struct aoe_scan *s);

/** aoe_grub_scan_vlan_say() - one line on what the VLAN link ignored. */
void aoe_grub_scan_vlan_say (const struct aoe_scan *s);

/** aoe_grub_scan_print() - aoe_scan's table: one row per target + details. */
void aoe_grub_scan_print (const struct aoe_scan *s, struct picker *p);

#endif /* AOEROOT_GRUB_SCAN_H */
