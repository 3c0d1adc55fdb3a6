/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * modload.h - load kernel modules like modprobe, without modprobe.
 *
 * Dependencies come from lib/modules/<release>/modules.dep, NIC and bus
 * drivers from coldplug (each /sys/bus/STAR/devices/STAR/modalias matched
 * against modules.alias), options from the command line (MODULE.PARAM=)
 * as modprobe would apply them; finit_module(2) does the loading.
 *
 * Each module loads in its own thread as soon as the modules it depends on
 * (modules.dep) are in, so independent chains load at once:
 * modload_start() queues a module and returns, modload_wait() waits for it.
 */
#ifndef AOEROOT_INITRD_MODLOAD_H
#define AOEROOT_INITRD_MODLOAD_H

#include <stdint.h>

/**
 * modload_init() - read modules.dep and modules.alias for the running kernel.
 * @cmdline: the kernel command line (kept for MODULE.PARAM= options).
 * Return: 0, or -errno (the message is already logged).
 */
int modload_init(const char *cmdline);

/**
 * modload_start() - queue a module and its dependencies; each starts loading
 * (in a thread of its own) once its own dependencies are in.
 * @name: module name.
 * @extra: options for @name itself, added after the command line's ones
 *         (may be NULL); its dependencies get the command line's only.
 * Return: 0 when queued (or already loaded), -errno when it or a
 * dependency is not in the initrd (logged). Load errors come from
 * modload_wait().
 */
int modload_start(const char *name, const char *extra);

/**
 * modload_start_background() - modload_start() for a module needed later:
 * its threads (and those of dependencies only it needs) run at nice 19, so
 * on a single CPU the foreground chains get the CPU whenever they can run,
 * and these take the rest.
 * @name: module name (no extra options).
 * Return: as modload_start().
 */
int modload_start_background(const char *name);

/**
 * modload_wait() - wait until a module queued by modload_start() is in.
 * @name: module name.
 * Return: 0 when loaded (or built in); -errno when it, or a module it
 * needs, failed to load (each logged by name); -ENOENT when never queued.
 */
int modload_wait(const char *name);

/**
 * modload_load() - load a module and its dependencies and wait for them.
 * @name: module name ("md-mod" and "md_mod" are the same).
 * @extra: options added after the command line's ones (may be NULL).
 * Return: 0 when loaded, already loaded or built in; -errno otherwise.
 */
int modload_load(const char *name, const char *extra);

/**
 * modload_coldplug() - load the drivers of every device the kernel knows,
 * repeating until a round finds no new device or module (bus drivers such as
 * virtio_pci create the devices that then need virtio_net). A round's
 * modules load at once; the next round starts when they are in.
 * Return: the number of modules loaded.
 */
int modload_coldplug(void);

/**
 * modload_cpu_us() - CPU time (user + system, us) the module loading threads
 * have used so far: finit_module's relocation and the modules' init run in
 * them. bench/ compares it with the rest of /init's CPU time.
 */
uint64_t modload_cpu_us(void);

#endif /* AOEROOT_INITRD_MODLOAD_H */
