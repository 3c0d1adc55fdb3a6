/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * failover-writer.c - a steady writer for the failover lab (runs in the
 * guest, built static by tests/lab/failover-lib.sh).
 *
 *   failover-writer write FILE LOG [INTERVAL_MS]
 *	Writes 4 KiB records to FILE (record i at offset i*4096: "seq i" and
 *	a pattern derived from i), fsync after each, then appends
 *	"i MONO_MS" to LOG (a tmpfs file: a stalled disk must not stall the
 *	log). Sleeps INTERVAL_MS (default 100) between writes; stops at
 *	SIGTERM/SIGINT. A record is in LOG only once fsync returned: that is
 *	the promise the check below holds the file to. Writes a line to
 *	/dev/kmsg at start with its monotonic clock, to line the log up with
 *	the kernel's time stamps.
 *   failover-writer check FILE LOG
 *	Reads FILE back (after dropping the page cache) and checks every
 *	record LOG lists: prints "CHECK ok N" or "CHECK BAD seq". Exit 1 if bad.
 *   failover-writer now
 *	Prints the monotonic clock in ms (the one the log uses).
 *   failover-writer gap LOG [FROM_MS [NOW_MS]]
 *	Prints "GAP MAX_MS AT_MS N": the longest time between two completed
 *	writes (from FROM_MS on), the completion time that ended it, and the
 *	number of records. With NOW_MS, a stall still going on counts as
 *	ending at NOW_MS.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { REC = 4096 };

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static long long mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void record_fill(unsigned char *b, long seq)
{
	uint32_t x = (uint32_t)seq * 2654435761u + 1;

	memset(b, 0, REC);
	snprintf((char *)b, 64, "seq %ld\n", seq);
	for (size_t i = 64; i < REC; i++) {
		x = x * 1103515245u + 12345u;
		b[i] = (unsigned char)(x >> 16);
	}
}

static int do_write(const char *file, const char *logf, long interval_ms)
{
	static unsigned char b[REC];
	struct sigaction sa = { .sa_handler = on_signal };
	int fd, kfd;
	FILE *log;
	long seq = 0;

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	log = fopen(logf, "w");
	if (fd < 0 || !log) {
		perror("failover-writer: open");
		return 1;
	}
	kfd = open("/dev/kmsg", O_WRONLY);
	if (kfd >= 0) {
		dprintf(kfd, "failover-writer: start mono_ms=%lld\n", mono_ms());
		close(kfd);
	}
	while (!stop) {
		record_fill(b, seq);
		if (pwrite(fd, b, REC, (off_t)seq * REC) != REC || fsync(fd)) {
			/* a failed write is a product failure: say it, keep going */
			fprintf(log, "E%ld %lld %s\n", seq, mono_ms(), strerror(errno));
			fflush(log);
		} else {
			fprintf(log, "%ld %lld\n", seq, mono_ms());
			fflush(log);
			seq++;
		}
		if (interval_ms > 0 && !stop)
			usleep((useconds_t)interval_ms * 1000);
	}
	close(fd);
	fclose(log);
	return 0;
}

/* The next completed record of LOG (error lines "E..." are skipped). */
static bool next_record(FILE *log, long *seq, long long *t)
{
	char line[256];

	while (fgets(line, sizeof(line), log))
		if (line[0] != 'E' && sscanf(line, "%ld %lld", seq, t) == 2)
			return true;
	return false;
}

static int do_check(const char *file, const char *logf)
{
	static unsigned char want[REC], got[REC];
	long seq, n = 0;
	long long t;
	FILE *log = fopen(logf, "r");
	int fd, dc;

	sync();
	dc = open("/proc/sys/vm/drop_caches", O_WRONLY);
	if (dc >= 0) {
		if (write(dc, "3\n", 2) < 0)
			perror("failover-writer: drop_caches");
		close(dc);
	}
	fd = open(file, O_RDONLY);
	if (fd < 0 || !log) {
		perror("failover-writer: open");
		return 1;
	}
	while (next_record(log, &seq, &t)) {
		record_fill(want, seq);
		if (pread(fd, got, REC, (off_t)seq * REC) != REC || memcmp(want, got, REC)) {
			printf("CHECK BAD %ld\n", seq);
			return 1;
		}
		n++;
	}
	printf("CHECK ok %ld\n", n);
	return 0;
}

static int do_gap(const char *logf, long long from, long long now)
{
	FILE *log = fopen(logf, "r");
	long long t, prev = -1, max = 0, at = 0;
	long seq, n = 0;

	if (!log) {
		perror("failover-writer: open");
		return 1;
	}
	while (next_record(log, &seq, &t)) {
		n++;
		if (t < from)
			continue;
		if (prev >= 0 && t - prev > max) {
			max = t - prev;
			at = t;
		}
		prev = t;
	}
	/* a stall that has not ended yet counts up to now */
	if (now > 0 && prev >= 0 && now - prev > max) {
		max = now - prev;
		at = now;
	}
	printf("GAP %lld %lld %ld\n", max, at, n);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && !strcmp(argv[1], "write"))
		return do_write(argv[2], argv[3], argc > 4 ? atol(argv[4]) : 100);
	if (argc == 4 && !strcmp(argv[1], "check"))
		return do_check(argv[2], argv[3]);
	if (argc == 2 && !strcmp(argv[1], "now")) {
		printf("%lld\n", mono_ms());
		return 0;
	}
	if (argc >= 3 && !strcmp(argv[1], "gap"))
		return do_gap(argv[2], argc > 3 ? atoll(argv[3]) : 0,
			      argc > 4 ? atoll(argv[4]) : 0);
	fprintf(stderr, "usage: failover-writer write FILE LOG [MS] | check FILE LOG | gap LOG [FROM_MS [NOW_MS]] | now\n");
	return 2;
}
