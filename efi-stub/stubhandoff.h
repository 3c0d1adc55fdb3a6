/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * stubhandoff.h - the stub's side of the handoff to Linux (common/handoff.h):
 * the record of the members it booted (common/choose.h choose_handoff():
 * kernel mode: the chosen ones; publish mode: only those published as
 * UEFI disks; both: the named stale members /init adds back, flagged), stored in the volatile
 * EFI variable AoeRootHandoff, and the kernel arguments made from it
 * (common/bootargs.h), so both always name the same members.
 */
#ifndef AOEROOT_EFI_HANDOFF_H
#define AOEROOT_EFI_HANDOFF_H

#include "efi.h"
#include "handoff.h"

struct publish;

/**
 * stub_handoff_published() - keep in @h (ui_run()'s choose_handoff()
 * record) only the members @pub published as UEFI disks (handoff_keep():
 * the named stale ones to add back stay flagged), and mark it published.
 */
void stub_handoff_published(struct handoff *h, const struct publish *pub);

/**
 * stub_handoff_store() - pack @h into AoeRootHandoff (volatile, boot +
 * runtime access) and make the kernel arguments of the same record.
 * @ret_args: "aoe_netdev=... aoe_md_devs=... [aoe_md_uuid=...] [aoe_vlan=...]".
 * @cap: bytes at @ret_args (BOOTARGS_TEXT_MAX).
 * Return: EFI_SUCCESS when the arguments were made (a variable that could
 * not be set is said on the console: the command line still carries the
 * choice); an error status when the arguments could not be made.
 */
EFI_STATUS stub_handoff_store(const struct handoff *h, unsigned verbose,
			      char *ret_args, size_t cap);

#endif /* AOEROOT_EFI_HANDOFF_H */
