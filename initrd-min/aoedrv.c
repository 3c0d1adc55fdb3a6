/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * aoedrv.c - driving the Linux aoe driver: module options, discover, events.
 */
#include "aoedrv.h"
#include "aoename.h"

#include "log.h"
#include "modload.h"
#include "link.h"
#include "progress.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef BLKGETSIZE64
#define BLKGETSIZE64 _IOR(0x12, 114, size_t)
#endif

enum {
	AOE_DISCOVER_APPEAR_MS = 2000,
	AOE_DISCOVER_TAG = 0x0ae0d15c, /* bit 31 clear: the kernel takes the answers */
	AOE_POLL_MS = 50,
	/* aoe_deadsecs when the command line sets none, instead of the
	 * driver's 180 s: how long a dead server stalls the root's writes
	 * (why this value, and the trade-off: docs/failover.md) */
	AOE_DEADSECS_DEFAULT = 5,
};

static int inotify_fd = -1;

/* Matches no interface: dev_valid_name() refuses ':' in a name. */
#define AOE_IFLIST_NONE "aoeroot:none"

static bool iflist_wanted(const struct initrd_args *a)
{
	/* the (renamed) AoE NICs, or their VLAN interfaces */
	return a->vlan || a->netdevs_len || strcmp(a->ifname, "keep");
}

/*
 * True if the command line sets the driver's own aoe.aoe_deadsecs=: the
 * kernel applies module options in order, so a default passed after it
 * would win over the user's choice.
 */
static bool cmdline_sets_module_deadsecs(void)
{
	char line[4096], params[1024];
	int fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC);
	ssize_t r;

	if (fd < 0)
		return false;
	r = read(fd, line, sizeof(line) - 1);
	close(fd);
	if (r <= 0)
		return false;
	line[r] = '\0';
	if (initrd_args_module_params(line, "aoe", params, sizeof(params)) < 0)
		return true; /* too long to read: leave the driver to it */
	return !strncmp(params, "aoe_deadsecs=", 13) || strstr(params, " aoe_deadsecs=");
}

int aoedrv_start(const struct initrd_args *a)
{
	char opts[256] = "";
	size_t n = 0;
	int dead = a->deadsecs;

	if (iflist_wanted(a))
		n += (size_t)snprintf(opts, sizeof(opts), "aoe_iflist=%s", AOE_IFLIST_NONE);
	/* An explicit aoe_deadsecs= applies from the start; the mirror's
	 * default only to the running root (aoedrv_set_running_deadsecs()): on a
	 * lossy link a 5 s limit gave a member up while it was being opened,
	 * and the open then never returned (t-fault-loss). */
	if (dead >= 0)
		snprintf(opts + n, sizeof(opts) - n, "%saoe_deadsecs=%d", n ? " " : "", dead);
	return modload_start("aoe", opts);
}

static int write_text(const char *path, const char *text);

void aoedrv_set_running_deadsecs(const struct initrd_args *a)
{
	char v[16];
	int err;

	/* only a mirror can lose a member: a single AoE disk given up is an
	 * I/O error for the root, so it keeps the driver's patience */
	if (a->deadsecs >= 0 || a->members_len < 2 || cmdline_sets_module_deadsecs())
		return;
	snprintf(v, sizeof(v), "%d", AOE_DEADSECS_DEFAULT);
	err = write_text("/sys/module/aoe/parameters/aoe_deadsecs", v);
	if (err)
		log_err("cannot set aoe_deadsecs=%d for the running root: %s",
			 AOE_DEADSECS_DEFAULT, strerror(-err));
	else
		log_info("aoe_deadsecs=%d for the running root (a dead server stalls its writes "
			 "about that long; aoe_deadsecs= on the command line changes it)",
			 AOE_DEADSECS_DEFAULT);
}

static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t w;

	if (fd < 0)
		return -errno;
	w = write(fd, text, strlen(text));
	if (w < 0 || (size_t)w != strlen(text)) {
		int e = w < 0 ? errno : EIO;

		close(fd);
		return -e;
	}
	close(fd);
	return 0;
}

/* The NICs the targeted discover asks on (aoedrv_ready()). */
static struct net_if disc_ifs[NET_MAX_IFS];
static size_t n_disc_ifs;

int aoedrv_ready(const struct initrd_args *a, const struct net_if *ifs,
		     size_t ifs_len)
{
	char list[160];
	int r = modload_wait("aoe");

	n_disc_ifs = ifs_len < NET_MAX_IFS ? ifs_len : NET_MAX_IFS;
	memcpy(disc_ifs, ifs, n_disc_ifs * sizeof(ifs[0]));
	if (r)
		return r;
	if (!iflist_wanted(a))
		return 0;
	/* restrict aoe to the (renamed) AoE NICs */
	net_iflist(ifs, ifs_len, list, sizeof(list));
	r = write_text("/sys/module/aoe/parameters/aoe_iflist", list);
	if (r)
		r = write_text("/dev/etherd/interfaces", list);
	if (r) {
		log_err("cannot set aoe_iflist=\"%s\" (/sys/module/aoe/parameters/aoe_iflist, "
			"/dev/etherd/interfaces): %s", list, strerror(-r));
		return r;
	}
	log_info("aoe restricted to aoe_iflist=\"%s\"", list);
	return 0;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/*
 * Ask for the listed members only: a Query Config to each one's shelf.slot
 * on every AoE NIC, with a tag the kernel's driver accepts, so that it
 * creates their devices and no other. On a SAN of a thousand targets the
 * driver's own broadcast (/dev/etherd/discover) made it create a block
 * device for each, reading every partition table, and the members' devices
 * came after seconds: a healthy mirror was booted degraded when aoe_wait
 * ran out (bench/README.md, "Fleet scale"). The identity engine sees the
 * other targets on the wire by itself (identity.c).
 */
static size_t aoedrv_query_listed(const struct initrd_args *a)
{
	static bool said;
	size_t sent = 0;

	for (size_t i = 0; i < n_disc_ifs; i++) {
		struct link l;

		if (link_open(&l, disc_ifs[i].ifindex, disc_ifs[i].mac))
			continue;
		for (size_t k = 0; k < a->members_len; k++)
			if (!link_query_config(&l, a->members[k].shelf, a->members[k].slot,
						   AOE_DISCOVER_TAG))
				sent++;
		link_close(&l);
	}
	if (sent && !said) {
		said = true;
		log_info("asking the aoe driver for the %zu listed member(s) only (Query Config "
			 "to each shelf.slot on %zu NIC(s))", a->members_len, n_disc_ifs);
	}
	return sent;
}

int aoedrv_discover(const struct initrd_args *a)
{
	uint64_t start = log_ms();
	int fd;

	while ((fd = open("/dev/etherd/discover", O_WRONLY | O_CLOEXEC)) < 0) {
		if (log_ms() - start > AOE_DISCOVER_APPEAR_MS) {
			log_err("no /dev/etherd/discover %u ms after loading aoe: %s",
				(unsigned)AOE_DISCOVER_APPEAR_MS, strerror(errno));
			return -errno;
		}
		sleep_ms(10);
	}
	if ((!a->members_len || !aoedrv_query_listed(a)) && write(fd, "discover", 8) != 8) {
		int e = errno;

		close(fd);
		log_err("writing discover: %s", strerror(e));
		return -e;
	}
	close(fd);
	if (inotify_fd < 0) {
		inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
		if (inotify_fd >= 0 &&
		    inotify_add_watch(inotify_fd, "/dev/etherd", IN_CREATE | IN_ATTRIB) < 0) {
			close(inotify_fd);
			inotify_fd = -1;
		}
	}
	return 0;
}

void aoedrv_dev_path(uint16_t shelf, uint8_t slot, char *buf, size_t cap)
{
	char name[AOE_NAME_MAX];

	aoe_name_format(shelf, slot, name, sizeof(name));
	snprintf(buf, cap, "/dev/etherd/%s", name);
}

bool aoedrv_dev_present(uint16_t shelf, uint8_t slot)
{
	char path[48];
	struct stat st;
	uint64_t size = 0;
	int fd;

	aoedrv_dev_path(shelf, slot, path, sizeof(path));
	if (stat(path, &st) || !S_ISBLK(st.st_mode))
		return false;
	/* the first open waits for the kernel's partition scan over AoE */
	progress_begin("opening %s", path);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (ioctl(fd, BLKGETSIZE64, &size))
			size = 0;
		close(fd);
	}
	progress_end();
	return size > 0;
}

void aoedrv_wait_event(unsigned max_ms)
{
	struct pollfd p = { .fd = inotify_fd, .events = POLLIN };
	char buf[4096];

	if (inotify_fd < 0) {
		sleep_ms(max_ms < AOE_POLL_MS ? max_ms : AOE_POLL_MS);
		return;
	}
	/* devtmpfs creates the node before the disk is fully usable: keep
	 * the step short anyway so a node appearing becomes a present device
	 * within one poll. */
	if (poll(&p, 1, (int)(max_ms < AOE_POLL_MS ? max_ms : AOE_POLL_MS)) > 0)
		while (read(inotify_fd, buf, sizeof(buf)) > 0)
			;
}
