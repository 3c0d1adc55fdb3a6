/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * con.h - the stub's clock and keyboard.
 *
 * Clock: the TSC, calibrated once against BS->Stall() (20 ms). GetTime()
 * ticks in whole seconds on many firmwares (OVMF's RTC among them) and the
 * firmware's timer events tick at 10 ms at best, so neither gives a usable
 * millisecond clock for retransmits; the TSC is monotonic and invariant on
 * every x86_64 the stub targets (and QEMU TCG derives it from host time).
 */
#ifndef AOEROOT_EFI_CON_H
#define AOEROOT_EFI_CON_H

#include "efi.h"

/** con_clock_init() - calibrate the TSC (takes 20 ms). */
void con_clock_init(void);

/** con_now_ms() - monotonic milliseconds since con_clock_init(). */
uint64_t con_now_ms(void);

/**
 * con_read_key() - non-blocking key read from ConIn (serial terminals too:
 * the firmware turns ESC [ A ... into scan codes).
 * Return: an enum ar_key (arrows, Enter, Esc) or the ASCII code, or
 * AR_KEY_NONE when no key is waiting.
 */
int con_read_key(void);

/** con_flush_keys() - drop keys typed before now (e.g. during discovery). */
void con_flush_keys(void);

#endif /* AOEROOT_EFI_CON_H */
