/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * linux.h - start a Linux kernel (EFI stub) from memory, UKI style.
 *
 * LoadImage() from the buffer, LoadOptions = the command line in UCS-2,
 * the initrd served through LoadFile2 on a device path of one vendor media
 * node LINUX_EFI_INITRD_MEDIA_GUID (Linux >= 5.7), then StartImage().
 */
#ifndef AOEROOT_EFI_LINUX_H
#define AOEROOT_EFI_LINUX_H

#include "efi.h"

/**
 * linux_boot() - load and start a kernel; returns only if that failed.
 * @parent: the stub's ImageHandle.
 * @kernel: the kernel's PE image (bzImage with the EFI stub), @kernel_len.
 * @kernel_len: bytes at @kernel.
 * @initrd: initrd bytes (NULL/0 for none), served by LoadFile2.
 * @initrd_len: bytes at @initrd.
 * @cmdline: command line, UTF-8, NUL-terminated.
 * Return: the EFI_STATUS of the step that failed (LoadImage refusing the
 * kernel: EFI_SECURITY_VIOLATION / EFI_ACCESS_DENIED under Secure Boot;
 * StartImage returning: the kernel's exit status). Everything installed is
 * uninstalled again, so the caller may retry or return to the firmware.
 */
EFI_STATUS linux_boot(EFI_HANDLE parent, const void *kernel, size_t kernel_len,
		      const void *initrd, size_t initrd_len, const char *cmdline);

#endif /* AOEROOT_EFI_LINUX_H */
