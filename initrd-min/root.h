/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * root.h - find and mount the root file system on /root.
 */
#ifndef AOEROOT_INITRD_ROOT_H
#define AOEROOT_INITRD_ROOT_H

#include "args.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { ROOT_MNT_MAX = 64 };

#define ROOT_MOUNTPOINT "/root"

/**
 * root_ext4_uuid() - the UUID of an ext2/3/4 superblock (pure).
 * @sb: 1024 bytes read at byte offset 1024 of the device.
 * @ret_uuid: the 16 bytes of s_uuid.
 * Return: true when @sb has the ext magic 0xEF53.
 */
bool root_ext4_uuid(const uint8_t *sb, uint8_t ret_uuid[16]);

/**
 * root_find() - turn root= into a device path, polling until it exists.
 * @a: the arguments (root=).
 * @ret_path: the device.
 * @cap: size of @ret_path.
 * @wait_ms: how long to wait for it to appear.
 * Return: 0, or -errno (logged).
 */
int root_find(const struct initrd_args *a, char *ret_path, size_t cap,
	      unsigned wait_ms);

/**
 * root_mount() - mount @dev on /root with rootfstype=, rootflags=, ro/rw
 * (each type of /proc/filesystems is tried when rootfstype= is empty).
 * Return: 0, or -errno (logged).
 */
int root_mount(const struct initrd_args *a, const char *dev);

#endif
