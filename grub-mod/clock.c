/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * clock.c - measure GRUB's TSC rate again, robustly (x86_64-efi).
 *
 * GRUB 2.06 (grub-core/kern/i386/tsc.c, tsc_pmtimer.c) calibrates the TSC
 * once at start: it waits until the ACPI PM timer (3.579545 MHz) has moved
 * 3580 ticks and takes the TSC ticks counted meanwhile as exactly 1 ms.
 * In a virtual machine whose virtual CPU is descheduled inside that window
 * (QEMU TCG on a busy host), the PM timer jumps by the whole stall, the
 * wait ends at once, and the stall is counted as 1 ms: the rate comes out
 * that many times too low and every GRUB timeout (the picker's countdown,
 * discovery's settle window, AoE retransmits) runs that much slower. In the
 * lab a 3 s countdown took 7 minutes this way. This module's commands are
 * all about timeouts, so at load time it measures again: several windows,
 * each with the PM ticks that really elapsed, and keeps the median.
 * A stall inside a window is counted on both clocks; one at a window's edge
 * skews that window only, and the median drops it.
 */
#include <grub/types.h>
#include <grub/misc.h>

#include "aoe-grub.h"

#ifdef GRUB_MACHINE_EFI
#include <grub/acpi.h>
#include <grub/cpu/io.h>
#include <grub/i386/tsc.h>

/* The correction made, for aoe_grub_clock_report(); 0: none. */
static grub_uint32_t clock_old, clock_new;

enum {
	CLOCK_WINDOWS = 7,
	CLOCK_PM_TICKS = 3580,          /* ~1 ms of the PM timer */
	CLOCK_PM_HZ = 3579545,
	CLOCK_PM_MASK = 0xffffff,       /* the PM timer counts 24 bits */
};

/* TSC ticks and PM ticks of one window of >= CLOCK_PM_TICKS; 0 when the PM
 * timer does not move (broken), as GRUB's own check. */
static grub_uint64_t
clock_window (grub_port_t pm, grub_uint32_t *ret_pm_ticks)
{
  grub_uint32_t p0, p, d;
  grub_uint64_t t0, t1;

  p0 = grub_inl (pm) & CLOCK_PM_MASK;
  t0 = grub_get_tsc ();
  for (;;)
    {
      p = grub_inl (pm) & CLOCK_PM_MASK;
      d = (p - p0) & CLOCK_PM_MASK;
      t1 = grub_get_tsc ();
      if (d >= CLOCK_PM_TICKS)
	break;
      if (t1 - t0 > 50000000000ULL)  /* ~10 s at 5 GHz: no PM timer */
	return 0;
    }
  *ret_pm_ticks = d;
  return t1 - t0;
}

void
aoe_grub_clock_calibrate (void)
{
  struct grub_acpi_fadt *fadt;
  grub_uint32_t rate[CLOCK_WINDOWS], pm_ticks, r, old = grub_tsc_rate;
  grub_uint64_t tsc;
  int i, j;

  fadt = grub_acpi_find_fadt ();
  if (!fadt || !fadt->pmtimer)
    return;
  for (i = 0; i < CLOCK_WINDOWS; i++)
    {
      tsc = clock_window (fadt->pmtimer, &pm_ticks);
      if (tsc == 0)
	return;
      /* grub_tsc_rate is 2^32 ms per TSC tick: 2^32 * 1000 * pm / (tsc * PM_HZ). */
      r = (grub_uint32_t) grub_divmod64 (((grub_uint64_t) pm_ticks * 1000) << 32,
					 tsc * CLOCK_PM_HZ, 0);
      for (j = i; j > 0 && rate[j - 1] > r; j--)
	rate[j] = rate[j - 1];
      rate[j] = r;
    }
  r = rate[CLOCK_WINDOWS / 2];
  if (r == 0)
    return;
  /* Only a real error is corrected: GRUB's clock must not wobble. */
  if (old / 20 < (r > old ? r - old : old - r))
    {
      grub_tsc_rate = r;
      clock_old = old;
      clock_new = r;
      grub_dprintf ("aoe", "TSC rate %u -> %u (2^32 ms per tick)\n", old, r);
    }
}

void
aoe_grub_clock_report (void)
{
  grub_uint32_t a, b;

  if (!clock_old || !clock_new)
    return;
  /* a slow clock had too low a rate */
  a = clock_new > clock_old ? clock_new : clock_old;
  b = clock_new > clock_old ? clock_old : clock_new;
  grub_printf ("aoe: GRUB's clock ran %u.%ux %s (TSC calibration disturbed): "
	       "corrected\n", a / b,
	       (grub_uint32_t) grub_divmod64 ((grub_uint64_t) (a % b) * 10, b, 0),
	       clock_new > clock_old ? "slow" : "fast");
  clock_old = clock_new = 0;
}

#else  /* i386-pc: GRUB's PIT calibration is left as it is */

void
aoe_grub_clock_calibrate (void)
{
}

void
aoe_grub_clock_report (void)
{
}

#endif
