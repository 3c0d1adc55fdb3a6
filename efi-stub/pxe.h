/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pxe.h - the DHCP answer the firmware's PXE got when it booted us: root
 * path (option 17) and host name (option 12) for the unattended choice
 * (common/picker.h, common/dhcp.h).
 *
 * Read it before link_open(): opening SNP exclusively stops the PXE stack.
 */
#ifndef AOEROOT_EFI_PXE_H
#define AOEROOT_EFI_PXE_H

#include "efi.h"
#include "picker.h"

enum { PXE_PACKET_MAX = 1472, PXE_TEXT_MAX = 256 };

/** What the DHCP answer said (texts NUL-ended; empty when absent). */
struct pxe_dhcp {
	bool found;                  /* a DHCPv4 ACK was there */
	char root_path[PXE_TEXT_MAX];
	char hostname[PXE_TEXT_MAX];
};

/**
 * pxe_dhcp_read() - find the PXE Base Code of the boot NIC (the image's
 * device, else any with a DHCPv4 ACK) and take root path and host name.
 * Return: EFI_SUCCESS (ret->found says whether an answer was there).
 */
EFI_STATUS pxe_dhcp_read(EFI_HANDLE image, struct pxe_dhcp *ret);

/**
 * pxe_dhcp_ask() - run DHCP on @nic's PXE Base Code (the firmware's own
 * client: its retries, up to a minute without a server) and take root
 * path and host name; the PXE stack is stopped again if it was stopped.
 * For a stub started from a disk (aoeboot.dhcp=1). Call before link_open().
 * Return: EFI_SUCCESS with ret->found, or the firmware's error.
 */
EFI_STATUS pxe_dhcp_ask(EFI_HANDLE nic, struct pxe_dhcp *ret);

/** pxe_dhcp_hints() - @d as picker hints (pointers into @d). */
void pxe_dhcp_hints(const struct pxe_dhcp *d, struct picker_hints *ret);

#endif /* AOEROOT_EFI_PXE_H */
