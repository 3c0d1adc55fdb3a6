/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ui.h - discovery on the chosen NIC and the member picker on the console.
 *
 * Drives common/disc through the SNP platform (net.h), fills common/picker
 * and draws it with picker_render() (the screen GRUB's aoe_select shows:
 * group lines, a page of rows that follows the cursor, the filter,
 * warnings, countdown, then AOE-PICKER-READY on a line of its own).
 */
#ifndef AOEROOT_EFI_UI_H
#define AOEROOT_EFI_UI_H

#include "efi.h"
#include "net.h"
#include "opts.h"
#include "picker.h"
#include "aread.h"

/* The same table size as GRUB's (pool memory, allocated once: ~2.7 MiB). */
enum { UI_MAX_TARGETS = PICKER_MAX_TARGETS, UI_MAX_MEMBERS = 8 };

/* One accepted member as discovery saw it (aoeboot.publish=1 serves it). */
struct ui_member {
	struct aread_target t;   /* MAC pinned to the primary answerer */
	bool stale;              /* the picker's verdict (picker.h) */
	bool duplicate;          /* several devices answer its shelf.slot */
	bool has_md;
	uint64_t events;         /* md event count (has_md) */
	struct mdsb_info md;     /* its superblock (has_md): the handoff's
	                            role, events and array */
};

/* The accepted selection's members (ui_run() with @ret_members). */
struct ui_members {
	size_t n;
	unsigned rule;           /* enum handoff_rule: what chose them */
	struct ui_member m[UI_MAX_MEMBERS];
};

/**
 * ui_run() - discover, pick, remember; returns when a selection is accepted
 * or the person cancels.
 * @n: the opened NIC.
 * @o: the stub's options.
 * @hints: the DHCP root path and host name for the unattended rules
 *         (pxe.h), or NULL; must outlive the call.
 * @ret_args: "aoe_netdev=... aoe_md_devs=... [aoe_md_uuid=...]" (picker_args).
 * @cap: bytes at @ret_args (PICKER_ARGS_MAX).
 * @ret_members: NULL, or filled with the accepted members (at most
 *               UI_MAX_MEMBERS; the rest are left out and said so).
 * Return: EFI_SUCCESS with @ret_args set; EFI_ABORTED when cancelled
 * (Esc/q); EFI_OUT_OF_RESOURCES.
 */
EFI_STATUS ui_run(struct net *n, const struct aoeboot_opts *o,
		  const struct picker_hints *hints, char *ret_args, size_t cap,
		  struct ui_members *ret_members);

#endif /* AOEROOT_EFI_UI_H */
