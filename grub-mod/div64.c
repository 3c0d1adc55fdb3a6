/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * div64.c - the 64-bit division helpers gcc calls on i386 (i386-pc only).
 *
 * gcc turns a 64-bit `/` or `%` on a 32-bit target into calls to libgcc's
 * __udivdi3, __umoddi3, __udivmoddi4 (and the signed __divdi3, __moddi3).
 * GRUB's i386-pc kernel exports none of them (GRUB itself divides through
 * grub_divmod64 and exports the libgcc names only where it divides in
 * software; docs/firmware.md), and a module with such an undefined symbol
 * would fail to load. common/ is portable C that divides freely, so
 * the module carries these on top of grub_divmod64. They are compiled with
 * GRUB's flags (-mregparm=3 -mrtd), which is also how gcc calls them from
 * code built with those flags.
 */
#include <grub/types.h>
#include <grub/misc.h>

grub_uint64_t __udivdi3 (grub_uint64_t n, grub_uint64_t d);
grub_uint64_t __umoddi3 (grub_uint64_t n, grub_uint64_t d);
grub_uint64_t __udivmoddi4 (grub_uint64_t n, grub_uint64_t d, grub_uint64_t *ret_r);
grub_int64_t __divdi3 (grub_int64_t n, grub_int64_t d);
grub_int64_t __moddi3 (grub_int64_t n, grub_int64_t d);

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

/* Signed: divide the magnitudes; the quotient is negative when the signs
   differ, the remainder takes the dividend's sign (C99 6.5.5). */
static grub_uint64_t
magnitude (grub_int64_t v)
{
  return v < 0 ? -(grub_uint64_t) v : (grub_uint64_t) v;
}

grub_int64_t
__divdi3 (grub_int64_t n, grub_int64_t d)
{
  grub_uint64_t q = grub_divmod64 (magnitude (n), magnitude (d), 0);

  return (n < 0) != (d < 0) ? -(grub_int64_t) q : (grub_int64_t) q;
}

grub_int64_t
__moddi3 (grub_int64_t n, grub_int64_t d)
{
  grub_uint64_t r;

  grub_divmod64 (magnitude (n), magnitude (d), &r);
  return n < 0 ? -(grub_int64_t) r : (grub_int64_t) r;
}
