/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * div64.c - the 64-bit division helpers gcc calls on i386 (i386-pc only).
 *
 * gcc turns a 64-bit unsigned `/` or `%` on a 32-bit target into calls to
 * libgcc's __udivdi3, __umoddi3, __udivmoddi4.
 * GRUB's i386-pc kernel exports none of them (GRUB itself divides through
 * grub_divmod64 and exports the libgcc names only where it divides in
 * software; docs/firmware.md), and a module with such an undefined symbol
 * would fail to load. common/ is portable C that divides freely, so
 * the module carries these on top of grub_divmod64. They are compiled with
 * GRUB's flags (-mregparm=3 -mrtd), which is also how gcc calls them from
 * code built with those flags. Only the unsigned helpers are here: nothing
 * the module builds divides signed 64-bit values; code that does gets
 * "undefined symbol __divdi3" from build-mod.sh, not a module that fails
 * to load.
 */
#include <grub/types.h>
#include <grub/misc.h>

grub_uint64_t __udivdi3 (grub_uint64_t n, grub_uint64_t d);
grub_uint64_t __umoddi3 (grub_uint64_t n, grub_uint64_t d);
grub_uint64_t __udivmoddi4 (grub_uint64_t n, grub_uint64_t d, grub_uint64_t *ret_r);

grub_uint64_t
__udivdi3 (grub_uint64_t n, grub_uint64_t d)
{
  return grub_divmod64 (n, d, 0);
}

grub_uint64_t
__umoddi3 (grub_uint64_t n, grub_uint64_t d)
{
  grub_uint64_t r;

  grub_divmod64 (n, d, &r);
  return r;
}

grub_uint64_t
__udivmoddi4 (grub_uint64_t n, grub_uint64_t d, grub_uint64_t *ret_r)
{
  return grub_divmod64 (n, d, ret_r);
}
