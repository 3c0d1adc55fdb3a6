/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * progress.c - the watcher thread that reports long blocking steps.
 */
#include "progress.h"

#include "log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

enum { PROGRESS_POLL_MS = 250, PROGRESS_TEXT = 160 };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char step[PROGRESS_TEXT];
static uint64_t began, reported;
static bool started;

bool progress_due(uint64_t began_ms, uint64_t now, uint64_t *last, unsigned every_ms)
{
	if (!began_ms || now < began_ms || now - began_ms < every_ms)
		return false;
	if (*last >= began_ms && now - *last < every_ms)
		return false;
	*last = now;
	return true;
}

static void *watch(void *arg)
{
	(void)arg;
	for (;;) {
		struct timespec ts = { 0, PROGRESS_POLL_MS * 1000000L };
		char what[PROGRESS_TEXT];
		uint64_t b = 0, now;

		nanosleep(&ts, NULL);
		pthread_mutex_lock(&lock);
		now = log_ms();
		if (progress_due(began, now, &reported, PROGRESS_EVERY_MS)) {
			b = began;
			memcpy(what, step, sizeof(what));
		}
		pthread_mutex_unlock(&lock);
		if (b)
			log_info("still %s after %llu s (the aoe driver retransmits: "
				 "a slow or lossy storage network?)",
				 what, (unsigned long long)((now - b) / 1000));
	}
	return NULL;
}

void progress_start(void)
{
	pthread_t t;
	pthread_attr_t attr;

	if (started)
		return;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	if (pthread_create(&t, &attr, watch, NULL))
		log_debug("no progress thread: long steps stay silent");
	else
		started = true;
	pthread_attr_destroy(&attr);
}

void progress_begin(const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&lock);
	va_start(ap, fmt);
	vsnprintf(step, sizeof(step), fmt, ap);
	va_end(ap);
	began = log_ms();
	if (!began)
		began = 1;  /* 0 means "no step" */
	reported = 0;
	pthread_mutex_unlock(&lock);
}

void progress_end(void)
{
	pthread_mutex_lock(&lock);
	began = 0;
	pthread_mutex_unlock(&lock);
}
