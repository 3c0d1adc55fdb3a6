/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * boot.h - the boot sequence of /init, step by step, and its one exit for
 * fatal errors.
 */
#ifndef AOEROOT_INITRD_BOOT_H
#define AOEROOT_INITRD_BOOT_H

#include "args.h"

/**
 * boot_run() - modules, NICs, aoe, members, md, root, switch_root.
 * @a: parsed arguments.
 * @cmdline: the raw command line (MODULE.PARAM= options).
 * @argv: /init's own arguments, handed to the real init.
 * Return: never (execs the real init or calls boot_fatal()).
 */
void boot_run(const struct initrd_args *a, const char *cmdline, char **argv)
	__attribute__((noreturn));

/**
 * boot_modules_start() - read the module tables and start every chain at
 * once: aoe (restricted to no NIC until aoedrv_ready()), and in the
 * background md_mod + raid1 (with members) and the root file system's
 * modules. The NIC drivers follow with modload_coldplug().
 */
void boot_modules_start(const struct initrd_args *a, const char *cmdline);

/**
 * boot_md_modules_wait() - wait for md_mod and raid1 (with members), not
 * for the root file system's chain, which loads on during the assembly;
 * a module that failed stops the boot by name (boot_fatal()).
 */
void boot_md_modules_wait(void);

/**
 * boot_modules_wait() - wait for md and the root file system's modules;
 * a module that failed stops the boot by name (boot_fatal()).
 */
void boot_modules_wait(void);

/**
 * boot_fatal() - say what failed, then act on aoe_panic=: wait forever,
 * reboot or power off. PID 1 never exits.
 */
void boot_fatal(const struct initrd_args *a, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 2, 3)));

#endif
