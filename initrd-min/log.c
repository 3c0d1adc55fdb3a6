/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * log.c - timestamped lines to the console and /dev/kmsg.
 */
#include "log.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum log_level { LOG_ERR, LOG_INFO, LOG_DEBUG };

static uint64_t start_ms;
static enum log_level max_level = LOG_INFO;
static int kmsg_fd = -1;

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void log_init(void)
{
	start_ms = mono_ms();
}

uint64_t log_ms(void)
{
	return mono_ms() - start_ms;
}

void log_set_level(bool quiet, bool debug)
{
	max_level = debug ? LOG_DEBUG : quiet ? LOG_ERR : LOG_INFO;
}

void log_open_kmsg(void)
{
	if (kmsg_fd < 0)
		kmsg_fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
}

static void log_line(enum log_level level, const char *fmt, va_list ap)
{
	char line[1024];
	int n, m;

	if (level > max_level)
		return;
	n = snprintf(line, sizeof(line), "[%6llu ms] aoeroot: %s",
		     (unsigned long long)log_ms(), level == LOG_ERR ? "ERROR: " : "");
	m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	if (m < 0)
		m = 0;
	n += m;
	if ((size_t)n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	(void)!write(STDERR_FILENO, line, (size_t)n);
	if (kmsg_fd >= 0) {
		char k[1100];
		/* facility daemon (3), level debug (7): stays off the console */
		int kn = snprintf(k, sizeof(k), "<31>%.*s", n, line);

		(void)!write(kmsg_fd, k, (size_t)kn);
	}
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line(LOG_INFO, fmt, ap);
	va_end(ap);
}

void log_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line(LOG_ERR, fmt, ap);
	va_end(ap);
}

void log_debug(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line(LOG_DEBUG, fmt, ap);
	va_end(ap);
}
