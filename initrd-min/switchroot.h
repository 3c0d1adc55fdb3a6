/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * switchroot.h - leave the initramfs for the real root (toybox's order).
 */
#ifndef AOEROOT_INITRD_SWITCHROOT_H
#define AOEROOT_INITRD_SWITCHROOT_H

/**
 * switchroot_check() - every check, nothing destructive: we are PID 1, / is
 * ramfs or tmpfs, @newroot is another device, @init is executable in it.
 * Return: 0, or -errno (logged).
 */
int switchroot_check(const char *newroot, const char *init);

/**
 * switchroot_exec() - delete the initramfs files (not crossing devices),
 * move /dev /proc /sys /run into @newroot, make it / and exec @init with
 * @argv (argv[0] is replaced by @init).
 * Return: only on failure, -errno (logged); by then the initramfs may be
 * gone, so the caller can only panic.
 */
int switchroot_exec(const char *newroot, const char *init, char **argv);

#endif
