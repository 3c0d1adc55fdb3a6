/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bootline.h - the kernel command line the stub hands on: the base line
 * (aoeboot.* options already removed) plus the picker's arguments, set
 * through common/cmdline (which replaces an existing key, quotes values and
 * refuses values that would inject parameters).
 *
 * Pure code: builds on the host for the unit tests.
 */
#ifndef AOEROOT_EFI_BOOTLINE_H
#define AOEROOT_EFI_BOOTLINE_H

#include <stddef.h>
#include <stdint.h>

/**
 * bootline_inject() - set every "key=value" word of @args in @line.
 * @line: NUL-terminated command line, edited in place, @cap bytes.
 * @cap: bytes at @line.
 * @args: space-separated key=value words (bootargs_format() output: only
 *        validated names, MACs and UUIDs, never wire strings).
 * Return: 0; AR_EINVAL for a word without '=' or a value cmdline_set()
 * refuses; AR_ENOSPC when @line cannot hold the result (@line is then
 * unchanged as far as cmdline_set() guarantees).
 */
int bootline_inject(char *line, size_t cap, const char *args);

#endif /* AOEROOT_EFI_BOOTLINE_H */
