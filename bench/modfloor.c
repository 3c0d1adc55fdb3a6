/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * modfloor.c - the module floor of bench/README.md: PID 1 of the aoeroot
 * initrd with /init's own module loading and nothing else. It starts the
 * same chains with the same code and parallelism as /init
 * (boot_modules_start(): aoe, md_mod + raid1, the root file system in the
 * background; modload_coldplug() for the NIC drivers), waits until every
 * module is in, prints
 *	[N ms] aoeroot: module floor: every module loaded
 * (ms since main(), as /init's "switching to" line) and powers off. No NIC
 * is brought up, no AoE frame is sent: /init's time above this one is
 * what its AoE, md and mount work add to the module loading.
 */
#include "aoe.h"
#include "args.h"
#include "boot.h"
#include "log.h"
#include "modload.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <unistd.h>

static void report_bad(void *ctx, const char *key, const char *value, const char *why)
{
	(void)ctx;
	log_err("bad kernel argument %s=%s: %s", key, value, why);
}

int main(void)
{
	static char cmdline[4096];
	static struct initrd_args args;
	int fd, n;

	log_init();
	mkdir("/dev", 0755);
	mount("devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755");
	if (fcntl(STDERR_FILENO, F_GETFD) < 0 && (fd = open("/dev/console", O_RDWR | O_NOCTTY)) >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
	}
	mkdir("/proc", 0755);
	mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	mkdir("/sys", 0755);
	mount("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	if ((fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC)) >= 0) {
		n = (int)read(fd, cmdline, sizeof(cmdline) - 1);
		cmdline[n > 0 ? n : 0] = '\0';
		if (n > 0 && cmdline[n - 1] == '\n')
			cmdline[n - 1] = '\0';
		close(fd);
	}
	initrd_args_parse(cmdline, &args, report_bad, NULL);
	log_info("module floor %s starting", PACKAGE_VERSION);
	boot_modules_start(&args, cmdline);
	n = modload_coldplug();
	if (modload_wait("aoe"))
		log_err("module floor: aoe did not load");
	boot_modules_wait();
	log_info("module floor: every module loaded (coldplug %d)", n);
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}
