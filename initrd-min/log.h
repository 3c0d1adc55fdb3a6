/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * log.h - /init's progress and error lines.
 *
 * Every line carries the milliseconds since /init started and goes to the
 * console and to /dev/kmsg (at debug level there, so a console that shows
 * kernel messages does not print it twice). `quiet` keeps errors only;
 * `aoe_debug` adds debug lines.
 */
#ifndef AOEROOT_INITRD_LOG_H
#define AOEROOT_INITRD_LOG_H

#include <stdbool.h>
#include <stdint.h>

/** log_init() - remember the start time; call first thing in main(). */
void log_init(void);

/** log_set_level() - apply `quiet` / `aoe_debug` once the cmdline is read. */
void log_set_level(bool quiet, bool debug);

/** log_open_kmsg() - start copying lines to /dev/kmsg (after /dev is up). */
void log_open_kmsg(void);

/** log_ms() - milliseconds since log_init(). */
uint64_t log_ms(void);

/** log_info() - a progress line (hidden by `quiet`). */
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** log_err() - an error line (always shown). */
void log_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** log_debug() - a detail line (shown with `aoe_debug` only). */
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* AOEROOT_INITRD_LOG_H */
