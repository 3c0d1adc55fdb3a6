/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * modload.h - load kernel modules like modprobe, without modprobe.
 *
 * Dependencies come from lib/modules/<release>/modules.dep, NIC and bus
 * drivers from coldplug (each /sys/bus/STAR/devices/STAR/modalias matched
 * against modules.alias), options from the command line (MODULE.PARAM=)
 * as modprobe would apply them; finit_module(2) does the loading.
 */
#ifndef AOEROOT_INITRD_MODLOAD_H
#define AOEROOT_INITRD_MODLOAD_H

/**
 * modload_init() - read modules.dep and modules.alias for the running kernel.
 * @cmdline: the kernel command line (kept for MODULE.PARAM= options).
 * Return: 0, or -errno (the message is already logged).
 */
int modload_init(const char *cmdline);

/**
 * modload_load() - load a module and its dependencies.
 * @name: module name ("md-mod" and "md_mod" are the same).
 * @extra: options added after the command line's ones (may be NULL).
 * Return: 0 when loaded, already loaded or built in; -errno otherwise.
 */
int modload_load(const char *name, const char *extra);

/**
 * modload_coldplug() - load the drivers of every device the kernel knows,
 * repeating until a round finds no new device or module (bus drivers such as
 * virtio_pci create the devices that then need virtio_net).
 * Return: the number of modules loaded.
 */
int modload_coldplug(void);

#endif /* AOEROOT_INITRD_MODLOAD_H */
