/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cputime.c - where /init's CPU goes, phase by phase (cputime.h).
 */
#include "cputime.h"

#include "log.h"

#include <pthread.h>
#include <stdio.h>
#include <sys/resource.h>

static const char *const phase_names[CPU_NPHASES] = {
	[CPU_MODTABLES] = "coldplug",
	[CPU_NET] = "NICs",
	[CPU_DISCOVERY] = "discovery",
	[CPU_IDENTITY] = "identity",
	[CPU_ASSEMBLY] = "assembly",
	[CPU_MOUNT] = "mount",
	[CPU_SWITCHROOT] = "switch_root",
	[CPU_IDENTITY_THREAD] = "identity_thread",
};

static struct {
	pthread_mutex_t lock;
	uint64_t us[CPU_NPHASES], user_us[CPU_NPHASES];
	uint64_t process_at_start, main_mark, main_user_mark;
	enum cputime_phase cur;
} ct = { .lock = PTHREAD_MUTEX_INITIALIZER };

static uint64_t tv_us(const struct timeval *tv)
{
	return (uint64_t)tv->tv_sec * 1000000 + (uint64_t)tv->tv_usec;
}

static uint64_t ru_us(const struct rusage *ru)
{
	return tv_us(&ru->ru_utime) + tv_us(&ru->ru_stime);
}

uint64_t cputime_thread_us(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_THREAD, &ru) ? 0 : ru_us(&ru);
}

uint64_t cputime_thread_user_us(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_THREAD, &ru) ? 0 : tv_us(&ru.ru_utime);
}

uint64_t cputime_process_us(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_SELF, &ru) ? 0 : ru_us(&ru);
}

void cputime_start(enum cputime_phase phase)
{
	ct.process_at_start = cputime_process_us();
	ct.main_mark = cputime_thread_us();
	ct.main_user_mark = cputime_thread_user_us();
	ct.cur = phase;
}

void cputime_add(enum cputime_phase phase, uint64_t us, uint64_t user_us)
{
	pthread_mutex_lock(&ct.lock);
	ct.us[phase] += us;
	ct.user_us[phase] += user_us;
	pthread_mutex_unlock(&ct.lock);
}

void cputime_phase(enum cputime_phase next)
{
	uint64_t now = cputime_thread_us(), user = cputime_thread_user_us();

	cputime_add(ct.cur, now > ct.main_mark ? now - ct.main_mark : 0,
		    user > ct.main_user_mark ? user - ct.main_user_mark : 0);
	ct.main_mark = now;
	ct.main_user_mark = user;
	ct.cur = next;
}

void cputime_report(uint64_t modules_us)
{
	uint64_t all = cputime_process_us() - ct.process_at_start;
	uint64_t rest = all > modules_us ? all - modules_us : 0;
	char line[512];
	size_t n = 0;

	cputime_phase(ct.cur);
	log_info("CPU time since /init started: module loading %llu ms, everything else %llu ms",
		 (unsigned long long)(modules_us / 1000), (unsigned long long)(rest / 1000));
	line[0] = '\0';
	for (int i = 0; i < CPU_NPHASES && n < sizeof(line); i++)
		n += (size_t)snprintf(line + n, sizeof(line) - n, "%s%s %llu (user %llu)",
				      i ? ", " : "", phase_names[i],
				      (unsigned long long)(ct.us[i] / 1000),
				      (unsigned long long)(ct.user_us[i] / 1000));
	log_info("CPU by phase, ms (module loading threads not included): %s", line);
}
