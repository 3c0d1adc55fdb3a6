/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ui.h - discovery on the chosen NIC and the boot-choice session
 * (common/choose.h) on the console.
 *
 * Drives common/disc through the SNP platform (link.h) and steps
 * common/choose with the console's keys and clock: the screen, the
 * countdown, the degraded wait and the decision are GRUB's aoe_select's.
 */
#ifndef AOEROOT_EFI_UI_H
#define AOEROOT_EFI_UI_H

#include "efi.h"
#include "link.h"
#include "opts.h"
#include "picker.h"
#include "choose.h"

/* The same table size as GRUB's (pool memory, allocated once: ~2.7 MiB). */
enum { UI_MAX_TARGETS = PICKER_MAX_TARGETS, UI_MAX_MEMBERS = CHOOSE_MAX_MEMBERS };

/**
 * ui_run() - discover, choose, remember; returns when a choice is made or
 * the person cancels.
 * @n: the opened NIC.
 * @o: the stub's options.
 * @hints: the DHCP root path and host name for the unattended rules
 *         (pxe.h), or NULL; must outlive the call.
 * @ret_args: "aoe_netdev=... aoe_md_devs=... [aoe_md_uuid=...] [aoe_vlan=ID]"
 *            naming exactly the chosen members (choose_args()).
 * @cap: bytes at @ret_args (BOOTARGS_TEXT_MAX).
 * @ret_res: NULL, or the decision: the members to use (choose_result).
 * @ret_h: NULL, or the decision as a handoff record (choose_handoff():
 *         every chosen member, the named stale ones flagged re-add); the
 *         caller keeps only what it published (stubhandoff.h).
 * Return: EFI_SUCCESS with @ret_args set; EFI_ABORTED when cancelled
 * (Esc/q); EFI_OUT_OF_RESOURCES.
 */
EFI_STATUS ui_run(struct link *n, const struct aoeboot_opts *o,
		  const struct picker_hints *hints, char *ret_args, size_t cap,
		  struct choose_result *ret_res, struct handoff *ret_h);

#endif /* AOEROOT_EFI_UI_H */
