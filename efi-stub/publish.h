/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * publish.h - aoeboot.publish=1: the accepted fresh members of the mirror
 * as read-only UEFI disks (EFI_BLOCK_IO_PROTOCOL, revision 1), so that any
 * later loader (Debian's signed shim and GRUB: efidisk + mdraid1x) reads
 * the mirror through the firmware. Design and device path layout:
 * docs/efi-publish.md.
 *
 *  - Only members the picker does not call stale, not answered by several
 *    devices, with an md superblock are published: GRUB's mdraid1x does
 *    not compare event counts and would read a stale half as if fresh.
 *  - Reads go through common/aread (a window of MTU-sized frames, RTT
 *    retransmit, answers only from the MAC discovery pinned) over the
 *    stub's SNP, which stays open (exclusive) while the next loader runs.
 *  - WriteBlocks always fails with EFI_WRITE_PROTECTED: nothing but md
 *    writes a member.
 *  - After ExitBootServices every read fails (EFI_DEVICE_ERROR): the
 *    network card belongs to the kernel from then on.
 */
#ifndef AOEROOT_EFI_PUBLISH_H
#define AOEROOT_EFI_PUBLISH_H

#include "efi.h"
#include "link.h"
#include "ui.h"

/* Vendor messaging node appended to the NIC's device path (see
 * docs/efi-publish.md): b42ffee6-8838-4b94-ac85-73d5d38ebf12. */
#define PUBLISH_DP_GUID { 0xb42ffee6, 0x8838, 0x4b94, \
	{ 0xac, 0x85, 0x73, 0xd5, 0xd3, 0x8e, 0xbf, 0x12 } }

/* Volatile variable with the kernel arguments (vendor GUID of
 * AoeRootSelection, common/selection.h). */
#define PUBLISH_ARGS_VAR "AoeRootArgs"

struct publish;

/**
 * publish_disks() - install one Block I/O disk per member of the decision
 * @m (common/choose.h: mdsel's rules already applied) on the opened NIC
 * @n, connect them, hook ExitBootServices.
 * @ret: the published set (release with publish_withdraw()).
 * Return: EFI_SUCCESS when at least one disk was published; EFI_NOT_FOUND
 * when no member was acceptable (each refusal said on the console).
 */
EFI_STATUS publish_disks(struct link *n, const struct choose_result *m,
			 unsigned verbose, struct publish **ret);

/**
 * publish_has() - whether eS.L (@shelf, @slot) is one of @p's disks: the
 * handoff names only those (efi-stub/handoff.h).
 */
bool publish_has(const struct publish *p, uint16_t shelf, uint8_t slot);

/**
 * publish_args_var() - store @args (the kernel arguments) in the volatile
 * variable PUBLISH_ARGS_VAR (BOOTSERVICE | RUNTIME access): the initrd or
 * a person reads it from efivarfs.
 */
EFI_STATUS publish_args_var(const char *args);

/**
 * publish_start_next() - LoadImage + StartImage of @path on the volume
 * the stub came from (a device path, so shim finds grubx64.efi beside
 * itself). Returns when the loader returns (or could not start).
 */
EFI_STATUS publish_start_next(EFI_HANDLE image, const char *path);

/**
 * publish_withdraw() - disconnect and uninstall the disks, close the
 * event. Return: EFI_SUCCESS, or the first failure (the disks then keep
 * failing every read).
 */
EFI_STATUS publish_withdraw(struct publish *p);

#endif /* AOEROOT_EFI_PUBLISH_H */
