/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cputime.h - where /init's CPU goes, phase by phase.
 *
 * On a machine with one CPU (the lab's guests) /init cannot end before the
 * module loading floor plus its own work, so the benchmark reads the line
 * cputime_report() prints (bench/boot.sh). The main thread's CPU is
 * charged to the phase it is in (cputime_phase()); threads that run beside
 * it charge their own CPU by name when they end (cputime_add()). Kernel
 * threads and interrupts (the aoe driver, the NIC) are in no figure.
 */
#ifndef AOEROOT_INITRD_CPUTIME_H
#define AOEROOT_INITRD_CPUTIME_H

#include <stdint.h>

enum cputime_phase {
	CPU_MODTABLES,   /* modules.dep/alias read, coldplug's alias matching */
	CPU_NET,         /* NICs renamed, brought up */
	CPU_DISCOVERY,   /* aoe driver told, members awaited and opened */
	CPU_IDENTITY,    /* members' superblocks, identity check */
	CPU_ASSEMBLY,    /* choice, md assembly */
	CPU_MOUNT,       /* root device found and mounted */
	CPU_SWITCHROOT,  /* the new root checked */
	CPU_IDENTITY_THREAD, /* the identity engine's own thread */
	CPU_NPHASES,
};

/** cputime_thread_us() - this thread's CPU time (user + system), in us. */
uint64_t cputime_thread_us(void);

/** cputime_thread_user_us() - the user part of cputime_thread_us(). */
uint64_t cputime_thread_user_us(void);

/** cputime_process_us() - the whole process's CPU time, in us. */
uint64_t cputime_process_us(void);

/** cputime_start() - the main thread starts charging to @phase. */
void cputime_start(enum cputime_phase phase);

/** cputime_phase() - the main thread's CPU since the last call goes to
 *  the phase it was in; from now on it charges @next. */
void cputime_phase(enum cputime_phase next);

/** cputime_add() - charge @us of a side thread's CPU (@user_us of it in
 *  user mode) to @phase. */
void cputime_add(enum cputime_phase phase, uint64_t us, uint64_t user_us);

/**
 * cputime_report() - log the CPU since cputime_start(): the module loading
 * threads' (@modules_us), everything else, and that split by phase.
 */
void cputime_report(uint64_t modules_us);

#endif
