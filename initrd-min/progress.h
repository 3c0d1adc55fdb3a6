/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * progress.h - say what /init waits for while the kernel blocks it.
 *
 * Opening an AoE disk, reading its superblock, RUN_ARRAY and mount block
 * inside the kernel, uninterruptibly, for as long as the aoe driver
 * retransmits: on a lossy network that is minutes (20% frame loss: 37 s to
 * open a member, 90 s to read two superblocks; tests/lab/t-fault-loss.sh),
 * and /init said nothing meanwhile. A signal cannot cut those calls short,
 * so a watcher thread prints "still <step> after N s" every
 * PROGRESS_EVERY_MS while a step announced with progress_begin() lasts.
 */
#ifndef AOEROOT_INITRD_PROGRESS_H
#define AOEROOT_INITRD_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

enum { PROGRESS_EVERY_MS = 5000 };

/** progress_start() - start the watcher thread (once; later calls do
 *  nothing). Without it (thread creation failed) steps are just silent. */
void progress_start(void);

/** progress_begin() - announce a step that may block, e.g. "opening
 *  /dev/etherd/e0.1"; replaces the previous one. */
void progress_begin(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** progress_end() - the announced step is over. */
void progress_end(void);

/**
 * progress_due() - whether the watcher should report now.
 * @began: when the current step began (ms), 0 when none runs.
 * @now: the time now (ms).
 * @last: in/out: when the step was last reported (ms), or a value before
 *        @began for "not yet"; set to @now when the answer is true.
 * @every_ms: the reporting period.
 * Return: true when a step runs and has run for at least @every_ms, and
 * the last report of it is at least @every_ms old.
 */
bool progress_due(uint64_t began, uint64_t now, uint64_t *last, unsigned every_ms);

#endif /* AOEROOT_INITRD_PROGRESS_H */
