/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * readd.c - give a stale member back to the running array.
 *
 * The kernel kicks a member whose event count is behind ("kicking
 * non-fresh"); nobody adds it back in a root without mdadm's incremental
 * rules, so the mirror would stay degraded for good. ADD_NEW_DISK with only
 * major:minor on a running array makes md read the member's superblock and
 * start recovery (docs/md-assembly.md).
 */
#include "readd.h"

#include "log.h"
#include "status.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* mdu_disk_info_t from <linux/raid/md_u.h> */
struct readd_disk_info {
	int number, major, minor, raid_disk, state;
};

#define READD_ADD_NEW_DISK _IOW(9, 0x21, struct readd_disk_info)

static int add_one(int fd, const char *path)
{
	struct readd_disk_info d;
	struct stat st;

	if (stat(path, &st))
		return -errno;
	memset(&d, 0, sizeof(d));
	d.major = (int)major(st.st_rdev);
	d.minor = (int)minor(st.st_rdev);
	if (ioctl(fd, READD_ADD_NEW_DISK, &d))
		return -errno;
	return 0;
}

static void append(char *buf, size_t cap, const char *name)
{
	size_t n = strlen(buf);

	snprintf(buf + n, cap - n, "%s%s", n ? " " : "", name);
}

void readd_stale(const struct initrd_args *a, const struct mdchoose_result *r)
{
	char path[64], ok[256] = "", failed[256] = "";
	int fd;

	if (!r->n_stale)
		return;
	if (!a->md_readd) {
		log_info("md: aoe_md_readd=0: not adding the stale member(s) back; "
			 "run mdadm /dev/%s --re-add /dev/etherd/eS.L in the root", a->md_dev);
		status_note("readd", "off");
		return;
	}
	snprintf(path, sizeof(path), "/dev/%s", a->md_dev);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		log_err("md: cannot open %s to add stale members back: %s", path, strerror(errno));
		return;
	}
	for (size_t i = 0; i < r->n_stale; i++) {
		const struct md_member *m = r->stale[i];
		int e = add_one(fd, m->path);

		if (e) {
			log_err("md: adding stale member %s back to /dev/%s failed: %s; "
				"the array stays degraded (mdadm /dev/%s --add %s in the root)",
				m->name, a->md_dev, strerror(-e), a->md_dev, m->path);
			append(failed, sizeof(failed), m->name);
			continue;
		}
		log_info("md: added stale member %s back to /dev/%s: recovery runs in the background "
			 "(aoe_md_readd=0 to stop this)", m->name, a->md_dev);
		append(ok, sizeof(ok), m->name);
	}
	close(fd);
	status_note("readd", ok);
	if (failed[0])
		status_note("readd_failed", failed);
}
