/* SPDX-License-Identifier: GPL-3.0-or-later */
/* con.c - TSC millisecond clock and ConIn keys (see con.h). */
#include "con.h"
#include "platform.h"

/* Calibration result; the stub is single-threaded and runs once. */
static uint64_t con_tsc_base, con_tsc_per_ms = 1;

static uint64_t con_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

void con_clock_init(void)
{
	uint64_t t0 = con_rdtsc(), t1;

	BS->Stall(20000);
	t1 = con_rdtsc();
	con_tsc_per_ms = (t1 - t0) / 20;
	if (con_tsc_per_ms == 0)
		con_tsc_per_ms = 1;
	con_tsc_base = t0;
}

uint64_t con_now_ms(void)
{
	return (con_rdtsc() - con_tsc_base) / con_tsc_per_ms;
}

int con_read_key(void)
{
	EFI_INPUT_KEY key;

	if (EFI_ERROR(ST->ConIn->ReadKeyStroke(ST->ConIn, &key)))
		return AR_KEY_NONE;
	switch (key.ScanCode) {
	case SCAN_UP: return AR_KEY_UP;
	case SCAN_DOWN: return AR_KEY_DOWN;
	case SCAN_LEFT: return AR_KEY_LEFT;
	case SCAN_RIGHT: return AR_KEY_RIGHT;
	case SCAN_ESC: return AR_KEY_ESC;
	default: break;
	}
	if (key.UnicodeChar == CHAR_CARRIAGE_RETURN || key.UnicodeChar == '\n')
		return AR_KEY_ENTER;
	if (key.UnicodeChar == 0x1b)
		return AR_KEY_ESC;
	if (key.UnicodeChar > 0 && key.UnicodeChar < 0x7f)
		return key.UnicodeChar;
	return AR_KEY_NONE;
}

void con_flush_keys(void)
{
	EFI_INPUT_KEY key;

	while (!EFI_ERROR(ST->ConIn->ReadKeyStroke(ST->ConIn, &key)))
		;
}
