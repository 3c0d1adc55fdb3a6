/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * root.c - root= resolution (paths and UUID= for ext2/3/4) and mounting.
 */
#include "root.h"

#include "log.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum {
	EXT_SB_OFF = 1024,
	EXT_MAGIC_OFF = 0x38,
	EXT_UUID_OFF = 0x68,
	EXT_MAGIC = 0xEF53,
	ROOT_POLL_MS = 20,
};

bool root_ext4_uuid(const uint8_t *sb, uint8_t ret_uuid[16])
{
	if ((sb[EXT_MAGIC_OFF] | sb[EXT_MAGIC_OFF + 1] << 8) != EXT_MAGIC)
		return false;
	memcpy(ret_uuid, sb + EXT_UUID_OFF, 16);
	return true;
}

static bool dev_uuid_is(const char *dev, const uint8_t uuid[16])
{
	uint8_t sb[1024], got[16];
	int fd = open(dev, O_RDONLY | O_CLOEXEC);
	bool ok;

	if (fd < 0)
		return false;
	ok = pread(fd, sb, sizeof(sb), EXT_SB_OFF) == (ssize_t)sizeof(sb) &&
	     root_ext4_uuid(sb, got) && !memcmp(got, uuid, 16);
	close(fd);
	return ok;
}

/* Look at every block device (md arrays, their partitions, AoE disks). */
static int find_uuid(const uint8_t uuid[16], char *ret, size_t cap)
{
	DIR *d = opendir("/sys/class/block");
	struct dirent *e;
	int r = -ENOENT;

	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		char dev[300];

		if (e->d_name[0] == '.')
			continue;
		/* /sys names AoE disks etherd!e0.0 */
		snprintf(dev, sizeof(dev), "/dev/%s", e->d_name);
		for (char *p = dev; *p; p++)
			if (*p == '!')
				*p = '/';
		if (dev_uuid_is(dev, uuid)) {
			snprintf(ret, cap, "%s", dev);
			r = 0;
			break;
		}
	}
	closedir(d);
	return r;
}

int root_find(const struct initrd_args *a, char *ret, size_t cap, unsigned wait_ms)
{
	uint64_t start = log_ms();
	uint8_t uuid[16];
	bool by_uuid = !strncmp(a->root, "UUID=", 5);

	if (!a->root[0]) {
		snprintf(ret, cap, "/dev/%s", a->md_dev);
	} else if (by_uuid) {
		if (initrd_parse_uuid(a->root + 5, uuid)) {
			log_err("root=%s: not a UUID", a->root);
			return -EINVAL;
		}
	} else {
		snprintf(ret, cap, "%s", a->root);
	}
	for (;;) {
		struct stat st;
		struct timespec ts = { 0, ROOT_POLL_MS * 1000000L };

		if (by_uuid ? find_uuid(uuid, ret, cap) == 0
			    : (stat(ret, &st) == 0 && S_ISBLK(st.st_mode)))
			return 0;
		if (log_ms() - start >= wait_ms) {
			log_err("root device %s not found after %u ms. Check root= (e.g. "
				"root=/dev/md0, root=/dev/md0p1, root=/dev/etherd/e0.0 or "
				"root=UUID=<ext4 uuid>)", by_uuid ? a->root : ret, wait_ms);
			return -ENODEV;
		}
		nanosleep(&ts, NULL);
	}
}

static int try_mount(const struct initrd_args *a, const char *dev, const char *type)
{
	unsigned long flags = a->ro ? MS_RDONLY : 0;

	if (mount(dev, ROOT_MOUNTPOINT, type, flags, a->rootflags[0] ? a->rootflags : NULL))
		return -errno;
	log_info("mounted %s on %s (%s, %s%s%s)", dev, ROOT_MOUNTPOINT, type,
		 a->ro ? "ro" : "rw", a->rootflags[0] ? "," : "", a->rootflags);
	return 0;
}

int root_mount(const struct initrd_args *a, const char *dev)
{
	char fs[2048], *line, *save = NULL;
	int fd, r = -ENODEV;
	ssize_t n;

	mkdir(ROOT_MOUNTPOINT, 0755);
	if (a->rootfstype[0]) {
		r = try_mount(a, dev, a->rootfstype);
		if (r)
			log_err("mounting %s as %s failed: %s (check rootfstype=, rootflags=)",
				dev, a->rootfstype, strerror(-r));
		return r;
	}
	/* ext4 first: the default root file system (its module is the one
	 * /init loads without rootfstype=) and the driver of ext2/ext3 too;
	 * /proc/filesystems lists ext3 and ext2 before it, and each failed
	 * try costs a superblock check and a console line. */
	if (try_mount(a, dev, "ext4") == 0)
		return 0;
	fd = open("/proc/filesystems", O_RDONLY | O_CLOEXEC);
	n = fd >= 0 ? read(fd, fs, sizeof(fs) - 1) : -1;
	if (fd >= 0)
		close(fd);
	fs[n > 0 ? n : 0] = '\0';
	for (line = strtok_r(fs, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "nodev", 5))
			continue;
		while (*line == '\t' || *line == ' ')
			line++;
		if (!strcmp(line, "ext4"))
			continue;
		r = try_mount(a, dev, line);
		if (r == 0)
			return 0;
	}
	log_err("mounting %s failed with every known file system type (last: %s). "
		"Set rootfstype= and check that the initrd carries its module", dev,
		strerror(-r));
	return r;
}
