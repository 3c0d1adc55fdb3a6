/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * stubhandoff.h - the stub's side of the handoff to Linux (common/handoff.h):
 * the record of the members it booted (kernel mode: the accepted ones;
 * publish mode: only those published as UEFI disks), stored in the volatile
 * EFI variable AoeRootHandoff, and the kernel arguments made from it
 * (common/bootargs.h), so both always name the same members.
 */
#ifndef AOEROOT_EFI_HANDOFF_H
#define AOEROOT_EFI_HANDOFF_H

#include "efi.h"
#include "handoff.h"
#include "ui.h"

struct publish;

/**
 * stub_handoff_build() - the record of @m's members.
 * @writer: HANDOFF_WRITER_STUB_KERNEL or HANDOFF_WRITER_STUB_PUBLISH.
 * @nic_mac: the NIC discovery ran on; @vlan: 0 or its VLAN ID.
 * @pub: NULL (every member of @m), or the published set: only members
 *       publish_has() reports go in.
 * Return: 0 or a handoff_add() error (said on the console).
 */
int stub_handoff_build(struct handoff *h, enum handoff_writer writer,
		       const uint8_t nic_mac[6], uint16_t vlan,
		       const struct ui_members *m, const struct publish *pub);

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
