/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * main.c - aoeroot's /init: PID 1 of a tiny initramfs that mounts the root
 * file system from an md RAID1 mirror of AoE disks (or from one AoE disk),
 * then hands over to the real init. It never exits: a fatal error is
 * explained and then handled as aoe_panic= says.
 */
#include "args.h"
#include "boot.h"
#include "efihandoff.h"
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <unistd.h>

static void mount_one(const char *src, const char *dst, const char *type,
		      unsigned long flags, const char *data)
{
	mkdir(dst, 0755);
	if (mount(src, dst, type, flags, data) && errno != EBUSY)
		log_err("mount %s on %s: %s", type, dst, strerror(errno));
}

/* The kernel opens /dev/console for us when the cpio has it; else do it. */
static void console_fds(void)
{
	if (fcntl(STDERR_FILENO, F_GETFD) >= 0)
		return;
	int fd = open("/dev/console", O_RDWR | O_NOCTTY);

	if (fd < 0)
		return;
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
}

static int read_cmdline(char *buf, size_t cap)
{
	int fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, cap - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	if (n && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return 0;
}

static void report_bad(void *ctx, const char *key, const char *value, const char *why)
{
	(void)ctx;
	log_err("bad kernel argument %s=%s: %s", key, value, why);
}

int main(int argc, char **argv)
{
	static char cmdline[4096];
	static struct initrd_args args;
	int bad;

	(void)argc;
	log_init();
	umask(022);
	mount_one("devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755");
	console_fds();
	mount_one("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	mount_one("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	mount_one("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755");
	log_open_kmsg();
	if (read_cmdline(cmdline, sizeof(cmdline)))
		cmdline[0] = '\0';
	bad = initrd_args_parse(cmdline, &args, report_bad, NULL);
	log_set_level(args.quiet, args.debug);
	log_info("aoeroot /init " PACKAGE_VERSION " starting (pid %d)", (int)getpid());
	if (bad)
		boot_fatal(&args, "%d bad kernel argument(s), named above", bad);
	/* the members the boot loader chose, when the command line names none */
	efihandoff_take(&args, cmdline);
	boot_run(&args, cmdline, argv);
	/* not reached: boot_run() execs the real init or calls boot_fatal() */
	boot_fatal(&args, "internal error: boot returned");
	return 0;
}
