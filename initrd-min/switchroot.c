/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * switchroot.c - switch_root as toybox does it: all checks first, then the
 * destructive steps.
 */
#define _GNU_SOURCE
#include "switchroot.h"

#include "log.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <unistd.h>

#ifndef SYS_openat2
#define SYS_openat2 437
#endif

enum {
	RAMFS_MAGIC_ = 0x858458f6,
	TMPFS_MAGIC_ = 0x01021994,
};

/*
 * Is @init executable inside @newroot? Resolved with openat2(RESOLVE_IN_ROOT)
 * because Debian's /sbin/init is an absolute symlink (/lib/systemd/systemd)
 * that access() would follow into the initramfs. Returns 0 or an errno.
 */
static int init_executable(const char *newroot, const char *init)
{
	struct { uint64_t flags, mode, resolve; } how = { O_PATH | O_CLOEXEC, 0, 0x10 };
	char path[512];
	struct stat st;
	int dfd, fd, e;

	dfd = open(newroot, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return errno;
	fd = (int)syscall(SYS_openat2, dfd, init, &how, sizeof(how));
	e = errno;
	close(dfd);
	if (fd < 0 && e != ENOSYS)
		return e;
	if (fd < 0) {  /* kernel < 5.6: plain access() */
		snprintf(path, sizeof(path), "%s%s", newroot, init);
		return access(path, X_OK) ? errno : 0;
	}
	e = fstat(fd, &st) ? errno : !S_ISREG(st.st_mode) ? EACCES :
	    (st.st_mode & 0111) ? 0 : EACCES;
	close(fd);
	return e;
}

int switchroot_check(const char *newroot, const char *init)
{
	struct statfs sfs;
	struct stat root_st, new_st;
	int e;

	if (getpid() != 1) {
		log_err("switch_root: not PID 1");
		return -EPERM;
	}
	if (statfs("/", &sfs) || ((unsigned long)sfs.f_type != RAMFS_MAGIC_ &&
				  (unsigned long)sfs.f_type != TMPFS_MAGIC_)) {
		log_err("switch_root: / is not ramfs/tmpfs: refusing to delete it");
		return -EINVAL;
	}
	if (stat("/", &root_st) || stat(newroot, &new_st)) {
		log_err("switch_root: stat %s: %s", newroot, strerror(errno));
		return -errno;
	}
	if (root_st.st_dev == new_st.st_dev) {
		log_err("switch_root: %s is not a mounted file system", newroot);
		return -EINVAL;
	}
	if ((e = init_executable(newroot, init))) {
		log_err("the root file system has no executable %s (%s). Check init= "
			"and root=", init, strerror(e));
		return -ENOENT;
	}
	return 0;
}

/* Delete everything on the initramfs device below @fd (toybox del_node). */
static void delete_tree(int dirfd, dev_t dev)
{
	DIR *d = fdopendir(dirfd);
	struct dirent *e;

	if (!d) {
		close(dirfd);
		return;
	}
	while ((e = readdir(d))) {
		struct stat st;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) || st.st_dev != dev)
			continue;
		if (S_ISDIR(st.st_mode)) {
			int sub = openat(dirfd, e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

			if (sub >= 0)
				delete_tree(sub, dev);
			unlinkat(dirfd, e->d_name, AT_REMOVEDIR);
		} else {
			unlinkat(dirfd, e->d_name, 0);
		}
	}
	closedir(d);
}

int switchroot_exec(const char *newroot, const char *init, char **argv)
{
	static const char *const moves[] = { "/dev", "/proc", "/sys", "/run" };
	struct stat st;
	int fd;

	if (stat("/", &st) || (fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -errno;
	for (size_t i = 0; i < sizeof(moves) / sizeof(moves[0]); i++) {
		char dst[256];

		snprintf(dst, sizeof(dst), "%s%s", newroot, moves[i]);
		mkdir(dst, 0755);
		if (mount(moves[i], dst, NULL, MS_MOVE, NULL)) {
			log_info("moving %s to %s: %s; unmounting it", moves[i], dst,
				 strerror(errno));
			umount2(moves[i], MNT_DETACH);
		}
	}
	delete_tree(fd, st.st_dev);
	if (chdir(newroot) || mount(".", "/", NULL, MS_MOVE, NULL) || chroot(".") ||
	    chdir("/")) {
		log_err("switch_root: making %s the root failed: %s", newroot, strerror(errno));
		return -errno;
	}
	argv[0] = (char *)init;
	execv(init, argv);
	log_err("switch_root: exec %s: %s", init, strerror(errno));
	return -errno;
}
