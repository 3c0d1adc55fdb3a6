/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * efihandoff.h - /init reads the boot loader's handoff (common/handoff.h:
 * the volatile EFI variable AoeRootHandoff that GRUB's aoe.mod and
 * aoeboot.efi leave) from efivarfs.
 *
 * When the command line names no members (aoe_md_devs=), the record's
 * members, NIC, array UUID and VLAN become /init's (each only where the
 * command line said nothing). When both name members and they differ, the
 * command line wins and the difference is logged. BIOS machines (no
 * /sys/firmware/efi) have no handoff: the command line alone counts.
 */
#ifndef AOEROOT_INITRD_EFIHANDOFF_H
#define AOEROOT_INITRD_EFIHANDOFF_H

#include "args.h"

/* Where efivarfs is mounted (the kernel's own mount point). */
#define EFIHANDOFF_EFIVARS "/sys/firmware/efi/efivars"

/**
 * efihandoff_take() - read the handoff and apply it to @a as above.
 * @cmdline: the kernel command line (modload_init() needs it when the
 *           efivarfs module must be loaded).
 * Return: 1 when the members came from the handoff, 0 when not (no EFI,
 * no variable, unreadable record - each said on the console - or the
 * command line named members).
 */
int efihandoff_take(struct initrd_args *a, const char *cmdline);

#endif /* AOEROOT_INITRD_EFIHANDOFF_H */
