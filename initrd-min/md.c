/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * md.c - superblock reading with pread and native RAID1 assembly.
 */
#include "md.h"

#include "err.h"
#include "log.h"
#include "progress.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h> /* BLKRRPART */
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#ifndef BLKGETSIZE64
#define BLKGETSIZE64 _IOR(0x12, 114, size_t)
#endif

/* From <linux/raid/md_u.h> (musl-gcc does not see the kernel headers). */
struct md_array_info {
	int major_version, minor_version, patch_version;
	unsigned int ctime;
	int level, size, nr_disks, raid_disks, md_minor, not_persistent;
	unsigned int utime;
	int state, active_disks, working_disks, failed_disks, spare_disks;
	int layout, chunk_size;
};

struct md_disk_info {
	int number, major, minor, raid_disk, state;
};

enum {
	MD_MAJOR = 9,
	MD_DEV_APPEAR_MS = 2000,
};
#define MD_GET_ARRAY_INFO _IOR(MD_MAJOR, 0x11, struct md_array_info)
#define MD_ADD_NEW_DISK _IOW(MD_MAJOR, 0x21, struct md_disk_info)
#define MD_SET_ARRAY_INFO _IOW(MD_MAJOR, 0x23, struct md_array_info)
#define MD_RUN_ARRAY _IOW(MD_MAJOR, 0x30, int[3])

_Static_assert(sizeof(struct md_array_info) == 72, "mdu_array_info_t is 18 ints");
_Static_assert(sizeof(struct md_disk_info) == 20, "mdu_disk_info_t is 5 ints");

/* Say why a member's superblock is unusable; for a member too small for
 * its array, how large its superblock says it must be. */
static void explain_sb_error(const struct md_member *m, const struct mdsb_loc *locs,
			     const uint8_t *const *pbufs, const size_t *lens, int n)
{
	struct mdsb_info need;

	if (m->sb_err == AR_ERANGE &&
	    mdsb_probe(locs, pbufs, lens, (size_t)n, 0, &need) == 0) {
		log_err("%s: too small for its md array: %llu sectors, but its superblock "
			"puts the data at sectors %llu-%llu; left out (a shrunk or wrong export?)",
			m->path, (unsigned long long)m->sectors,
			(unsigned long long)need.data_offset,
			(unsigned long long)(need.data_offset + need.data_size - 1));
		return;
	}
	log_err("%s: no usable md superblock: %s", m->path, ar_strerror(m->sb_err));
}

static int read_member(struct md_member *m, bool quiet)
{
	struct mdsb_loc locs[MDSB_NLOCS];
	static uint8_t bufs[MDSB_NLOCS][MDSB_READ_BYTES];
	const uint8_t *pbufs[MDSB_NLOCS];
	size_t lens[MDSB_NLOCS];
	uint64_t bytes = 0;
	int fd, n, r;

	progress_begin("reading the md superblock of %s", m->path);
	fd = open(m->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		progress_end();
		m->sb_err = -errno;
		if (!quiet)
			log_err("%s: cannot open: %s", m->path, strerror(errno));
		return m->sb_err;
	}
	if (ioctl(fd, BLKGETSIZE64, &bytes))
		bytes = 0;
	m->sectors = bytes / 512;
	n = mdsb_locations(m->sectors, locs);
	for (int i = 0; i < n; i++) {
		ssize_t got = pread(fd, bufs[i], (size_t)locs[i].count * 512,
				    (off_t)(locs[i].sector * 512));

		pbufs[i] = got > 0 ? bufs[i] : NULL;
		lens[i] = got > 0 ? (size_t)got : 0;
	}
	close(fd);
	progress_end();
	r = mdsb_probe(locs, pbufs, lens, (size_t)n, m->sectors, &m->info);
	m->sb_err = r;
	if (r && !quiet)
		explain_sb_error(m, locs, pbufs, lens, n);
	return r;
}

int md_read_member(struct md_member *m)
{
	return read_member(m, false);
}

int md_read_member_quiet(struct md_member *m)
{
	return read_member(m, true);
}

static int md_create_node(const char *md_dev, char *path, size_t cap)
{
	uint64_t start = log_ms();
	struct stat st;
	int fd;

	snprintf(path, cap, "/dev/%s", md_dev);
	fd = open("/sys/module/md_mod/parameters/new_array", O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		log_err("md: /sys/module/md_mod/parameters/new_array: %s (md-mod not loaded?)",
			strerror(errno));
		return -errno;
	}
	if (write(fd, md_dev, strlen(md_dev)) < 0 && errno != EEXIST) {
		int e = errno;

		close(fd);
		log_err("md: creating %s: %s", md_dev, strerror(e));
		return -e;
	}
	close(fd);
	while (stat(path, &st) || !S_ISBLK(st.st_mode)) {
		struct timespec ts = { 0, 5 * 1000000L };

		if (log_ms() - start > MD_DEV_APPEAR_MS) {
			log_err("md: %s did not appear within %u ms", path,
				(unsigned)MD_DEV_APPEAR_MS);
			return -ENODEV;
		}
		nanosleep(&ts, NULL);
	}
	return 0;
}

static int md_add(int fd, const struct md_member *m)
{
	struct md_disk_info d;
	struct stat st;

	if (stat(m->path, &st)) {
		log_err("md: %s: %s", m->path, strerror(errno));
		return -errno;
	}
	memset(&d, 0, sizeof(d));
	d.major = (int)major(st.st_rdev);
	d.minor = (int)minor(st.st_rdev);
	if (ioctl(fd, MD_ADD_NEW_DISK, &d)) {
		log_err("md: adding %s (%d:%d) failed: %s", m->path, d.major, d.minor,
			strerror(errno));
		return -errno;
	}
	log_debug("md: added %s (%d:%d)", m->path, d.major, d.minor);
	return 0;
}

/*
 * Read the new array's partition table now. The kernel only scans an md
 * array's partitions when someone opens it after RUN_ARRAY (udev's blkid
 * does, in a full system); without udev root=/dev/md0p1 would never appear.
 * An array without a partition table is fine: nothing to report.
 */
static void md_scan_partitions(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		log_debug("md: reopen %s for the partition scan: %s", path, strerror(errno));
		return;
	}
	if (ioctl(fd, BLKRRPART, NULL))
		log_debug("md: partition scan of %s: %s", path, strerror(errno));
	close(fd);
}

int md_assemble(const char *md_dev, const struct md_member *const *members,
		size_t n, unsigned version)
{
	struct md_array_info info;
	char path[64];
	int fd, r;

	r = md_create_node(md_dev, path, sizeof(path));
	if (r)
		return r;
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		log_err("md: open %s: %s", path, strerror(errno));
		return -errno;
	}
	if (ioctl(fd, MD_GET_ARRAY_INFO, &info) == 0) {
		log_err("md: %s is already in use; pick another with aoe_md_dev=", path);
		r = -EBUSY;
		goto out;
	}
	/* "set the superblock version only": everything else comes from the
	 * members' own superblocks. */
	memset(&info, 0, sizeof(info));
	info.major_version = version == MDSB_V090 ? 0 : 1;
	info.minor_version = version == MDSB_V090 ? 90 : (int)(version - 100);
	if (ioctl(fd, MD_SET_ARRAY_INFO, &info)) {
		r = -errno;
		log_err("md: SET_ARRAY_INFO %s on %s: %s", mdsb_version_str(version), path,
			strerror(errno));
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if ((r = md_add(fd, members[i])))
			goto out;
	if (ioctl(fd, MD_RUN_ARRAY, NULL)) {
		r = -errno;
		log_err("md: RUN_ARRAY %s: %s", path, strerror(errno));
		goto out;
	}
	r = 0;
out:
	close(fd);
	if (!r)
		md_scan_partitions(path);
	return r;
}
