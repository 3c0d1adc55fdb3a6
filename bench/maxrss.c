/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * maxrss.c - bench-maxrss PIDFILE PROGRAM [ARG...]: run PROGRAM as a child,
 * write its pid to PIDFILE, wait for it (the caller ends it with a signal)
 * and print "BENCH-MAXRSS <kB>", the child's ru_maxrss. Used by
 * bench/hwm-init.sh: the kernel 6.1 counts RSS per task and syncs it only
 * every 64 page faults or at exit, so /proc/PID/status VmHWM of a small
 * running process reads ~0; ru_maxrss after exit is exact.
 */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct rusage ru;
	FILE *f;
	pid_t pid;
	int status;

	if (argc < 3) {
		fprintf(stderr, "usage: bench-maxrss PIDFILE PROGRAM [ARG...]\n");
		return 2;
	}
	pid = fork();
	if (pid < 0) {
		perror("bench-maxrss: fork");
		return 1;
	}
	if (pid == 0) {
		execv(argv[2], argv + 2);
		perror("bench-maxrss: exec");
		_exit(127);
	}
	f = fopen(argv[1], "w");
	if (f) {
		fprintf(f, "%d\n", (int)pid);
		fclose(f);
	}
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("bench-maxrss: wait4");
		return 1;
	}
	printf("BENCH-MAXRSS %ld\n", ru.ru_maxrss);
	return 0;
}
