/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * boot.c - /init's sequence: drivers, NICs, aoe, wait for members, member
 * checks and choice, md assembly, root mount, switch_root.
 */
#include "boot.h"
#include "aoename.h"

#include "aoedrv.h"
#include "cputime.h"
#include "identity.h"
#include "log.h"
#include "md.h"
#include "mdchoose.h"
#include "modload.h"
#include "net.h"
#include "progress.h"
#include "readd.h"
#include "root.h"
#include "status.h"
#include "switchroot.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <time.h>
#include <unistd.h>

enum {
	BOOT_REDISCOVER_MS = 1000,
	BOOT_REPORT_MS = 5000,
	BOOT_ROOT_WAIT_MS = 10000,
	BOOT_WAIT_MIN_MS = 1000,   /* least wait for a member after the first discover */
};

static const char *panic_name(enum initrd_panic p)
{
	return p == INITRD_PANIC_REBOOT ? "reboot" :
	       p == INITRD_PANIC_POWEROFF ? "poweroff" : "wait";
}

void boot_fatal(const struct initrd_args *a, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	progress_end();  /* the step failed: no more "still ..." lines */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_err("cannot boot: %s", msg);
	status_fatal(msg);
	log_err("aoe_panic=%s: %s", panic_name(a->panic),
		a->panic == INITRD_PANIC_WAIT ? "waiting forever (fix the kernel arguments and reset)" :
		a->panic == INITRD_PANIC_REBOOT ? "rebooting in 5 s" : "powering off in 5 s");
	sync();
	if (a->panic != INITRD_PANIC_WAIT) {
		sleep(5);
		reboot(a->panic == INITRD_PANIC_REBOOT ? RB_AUTOBOOT : RB_POWER_OFF);
	}
	for (;;)
		pause();
}

static void name_of(const struct initrd_member *m, char *buf, size_t cap)
{
	aoe_name_format(m->shelf, m->slot, buf, cap);
}

/* "e0.0 e0.1" of the members present (want=true) or missing. */
static void list_members(const struct initrd_args *a, const bool *present, bool want,
			 char *buf, size_t cap)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < a->members_len && n < cap; i++) {
		char nm[AOE_NAME_MAX];

		if (present[i] != want)
			continue;
		name_of(&a->members[i], nm, sizeof(nm));
		n += (size_t)snprintf(buf + n, cap - n, "%s%s", n ? " " : "", nm);
	}
}

/*
 * Wait for the listed members. All present: go. Some present and aoe_wait=
 * passed since /init started (log_ms() counts from main()), but at least
 * BOOT_WAIT_MIN_MS since the first discover at @t0: go degraded, so a
 * degraded boot takes aoe_wait + the remaining work. None present: keep
 * re-discovering until aoe_timeout= (counted from the first discover;
 * 0 = forever).
 */
static size_t wait_members(const struct initrd_args *a, uint64_t t0, bool *present)
{
	uint64_t last_disc = t0, last_report = 0;
	uint64_t degrade_at = (uint64_t)a->wait_s * 1000;
	char have[128], miss[128];

	if (degrade_at < t0 + BOOT_WAIT_MIN_MS)
		degrade_at = t0 + BOOT_WAIT_MIN_MS;
	for (;;) {
		uint64_t now = log_ms(), el = now - t0;
		size_t n = 0;

		for (size_t i = 0; i < a->members_len; i++)
			n += present[i] = aoedrv_dev_present(a->members[i].shelf, a->members[i].slot);
		list_members(a, present, true, have, sizeof(have));
		list_members(a, present, false, miss, sizeof(miss));
		if (n == a->members_len) {
			log_info("all %zu members present after %llu ms: %s", n,
				 (unsigned long long)el, have);
			return n;
		}
		if (n && now >= degrade_at && a->degraded_ok) {
			log_info("still missing after aoe_wait=%u s: %s; going on with %s "
				 "(%llu ms since /init started)", a->wait_s, miss, have,
				 (unsigned long long)now);
			return n;
		}
		/* aoe_degraded=0: the site wants a person to decide; wait for the
		 * missing members until aoe_timeout=, then stop and say so. */
		if (n && !a->degraded_ok && a->timeout_s && el >= (uint64_t)a->timeout_s * 1000)
			boot_fatal(a, "not booting degraded (aoe_degraded=0): %s still missing after "
				   "aoe_timeout=%u s (have %s). Bring its server back, or boot once "
				   "with aoe_degraded=1", miss, a->timeout_s, have);
		if (!n && a->timeout_s && el >= (uint64_t)a->timeout_s * 1000)
			boot_fatal(a, "no member answered within aoe_timeout=%u s (waited for %s on %s). "
				   "Check that the AoE servers run and that aoe_netdev= and "
				   "aoe_md_devs= are right, or raise aoe_timeout= (0 = forever)",
				   a->timeout_s, miss, a->netdevs_len ? "the NICs of aoe_netdev=" : "every NIC");
		if (!last_report || now - last_report >= (now < degrade_at ? 1000 : BOOT_REPORT_MS)) {
			if (n && !a->degraded_ok)
				log_info("waiting for %s (have %s): aoe_degraded=0, no degraded boot; "
					 "giving up after aoe_timeout=%u s (0 = never)", miss, have,
					 a->timeout_s);
			else if (n)
				log_info("waiting for %s (have %s): degraded in %llu ms (aoe_wait=%u)",
					 miss, have, (unsigned long long)(now < degrade_at ? degrade_at - now : 0),
					 a->wait_s);
			else if (a->timeout_s)
				log_info("waiting for %s: none answers yet; giving up in %llu s (aoe_timeout=%u)",
					 miss, (unsigned long long)((a->timeout_s * 1000ULL - el) / 1000), a->timeout_s);
			else
				log_info("waiting for %s: none answers yet (%llu s so far; aoe_timeout=0: no limit)",
					 miss, (unsigned long long)(el / 1000));
			last_report = now;
		}
		if (now - last_disc >= BOOT_REDISCOVER_MS) {
			aoedrv_discover(a);
			last_disc = now;
		}
		aoedrv_wait_event(n && a->degraded_ok && now < degrade_at && degrade_at - now < 50 ?
			       (unsigned)(degrade_at - now) : 50);
	}
}

/*
 * Every module chain starts at once (modload.c: each module in a thread of
 * its own as soon as its dependencies are in): the NIC drivers (coldplug),
 * aoe, md_mod + raid1 and the root file system's chain. The main thread
 * needs the NICs and aoe first; md and the file system only at RUN_ARRAY
 * and mount, so they load in the background (nice 19: on one CPU they take
 * what the NIC chain leaves) while the members are awaited and checked.
 */
static struct {
	const struct initrd_args *a;
	const char *failed, *why;   /* first module that could not be queued */
} late;

static void late_start(const char *mod, const char *why)
{
	if (modload_start_background(mod) && !late.failed) {
		late.failed = mod;
		late.why = why;
	}
}

static const char *root_fs_module(const struct initrd_args *a)
{
	return a->rootfstype[0] ? a->rootfstype : "ext4";
}

void boot_modules_start(const struct initrd_args *a, const char *cmdline)
{
	late.a = a;
	if (modload_init(cmdline) < 0)
		boot_fatal(a, "no module tables for this kernel");
	if (aoedrv_start(a))
		boot_fatal(a, "cannot load the aoe driver");
	if (a->members_len) {
		late_start("md_mod", "md RAID");
		late_start("raid1", "RAID1 personality; RUN_ARRAY needs it loaded");
	}
	late_start(root_fs_module(a), "root file system (rootfstype=)");
	/* ext4 needs crc32c at mount time though modules.dep may not say so */
	if (!a->rootfstype[0] || !strncmp(a->rootfstype, "ext", 3))
		modload_start_background("crc32c_generic");
}

static void late_wait(const char *mod, const char *why)
{
	int r;

	if (late.failed)
		return;
	r = modload_wait(mod);
	if (r) {
		late.failed = mod;
		late.why = why;
	}
}

static void late_fatal_if_failed(void)
{
	if (late.failed)
		boot_fatal(late.a, "cannot load module %s (%s); rebuild the initrd with it",
			   late.failed, late.why);
}

/* Before md is touched. The root file system's chain (ext4 is the largest
 * module of a boot) goes on loading meanwhile: the assembly mostly waits
 * for the members' answers, so it costs the boot no time of its own. */
void boot_md_modules_wait(void)
{
	const struct initrd_args *a = late.a;

	if (a->members_len) {
		late_wait("md_mod", "md RAID");
		late_wait("raid1", "RAID1 personality; RUN_ARRAY needs it loaded");
	}
	late_fatal_if_failed();
}

/* Before the root file system is touched. */
void boot_modules_wait(void)
{
	const struct initrd_args *a = late.a;

	boot_md_modules_wait();
	late_wait(root_fs_module(a), "root file system (rootfstype=)");
	if (!late.failed && (!a->rootfstype[0] || !strncmp(a->rootfstype, "ext", 3)))
		(void)modload_wait("crc32c_generic");
	late_fatal_if_failed();
}

/* Returns the time of the first discover. */
static uint64_t load_modules(const struct initrd_args *a, const char *cmdline,
			     struct net_if *ifs, size_t *ifs_len)
{
	uint64_t t0;
	int n;

	boot_modules_start(a, cmdline);
	n = modload_coldplug();
	log_info("coldplug loaded %d module(s)", n);
	cputime_phase(CPU_NET);
	if (net_setup(a, ifs, ifs_len))
		boot_fatal(a, "no usable network interface (aoe_netdev=)");
	cputime_phase(CPU_DISCOVERY);
	if (aoedrv_ready(a, ifs, *ifs_len))
		boot_fatal(a, "cannot load the aoe driver");
	if (aoedrv_discover(a))
		boot_fatal(a, "the aoe driver gave no /dev/etherd/discover");
	t0 = log_ms();
	return t0;
}

static void assemble(const struct initrd_args *a, const struct net_if *ifs, size_t n_ifs,
		     const bool *present)
{
	static struct md_member m[INITRD_MAX_MEMBERS];
	static struct md_member others[IDENTITY_MAX_OTHERS];
	static struct mdchoose_result r;
	size_t n_others = 0;

	cputime_phase(CPU_IDENTITY);
	for (size_t i = 0; i < a->members_len; i++) {
		m[i].shelf = a->members[i].shelf;
		m[i].slot = a->members[i].slot;
		m[i].present = present[i];
		aoedrv_dev_path(m[i].shelf, m[i].slot, m[i].path, sizeof(m[i].path));
		if (present[i])
			md_read_member(&m[i]);
	}
	if (identity_check(a, ifs, n_ifs, m, others, IDENTITY_MAX_OTHERS, &n_others))
		boot_fatal(a, "member identity check failed (see above); fix the network or "
			   "the pin in aoe_md_devs=eS.L@MAC");
	cputime_phase(CPU_ASSEMBLY);
	if (mdchoose(a, m, a->members_len, others, n_others, &r))
		boot_fatal(a, "refusing to assemble /dev/%s: %s", a->md_dev, r.why);
	log_info("md: %s", r.why);
	for (size_t i = 0; i < r.n_stale; i++)
		log_err("leaving out stale member %s (events %llu, freshest %llu)",
			r.stale[i]->name, (unsigned long long)r.stale[i]->info.events,
			(unsigned long long)r.sel.ref_events);
	for (size_t i = 0; i < r.n_split; i++)
		log_err("leaving out %s: the other side of a split brain (aoe_md_prefer=)",
			r.split[i]->name);
	boot_md_modules_wait();
	progress_begin("assembling /dev/%s (md reads the members)", a->md_dev);
	if (md_assemble(a->md_dev, r.order, r.n_order, r.order[r.n_order - 1]->info.version))
		boot_fatal(a, "md assembly of /dev/%s failed (see above)", a->md_dev);
	progress_end();
	status_md(a, &r, present);
	readd_stale(a, &r);
	log_info("assembled /dev/%s from %zu of %u member(s)%s", a->md_dev, r.n_order,
		 (unsigned)r.order[r.n_order - 1]->info.raid_disks,
		 r.degraded ? " (DEGRADED)" : "");
}

/* Without aoe_md_devs=, root= names the AoE disk itself: wait for it. */
static void single_disk_member(struct initrd_args *a)
{
	const char *p = a->root + strlen("/dev/etherd/");
	char name[32];
	char *q;

	if (strncmp(a->root, "/dev/etherd/", 12))
		return;
	snprintf(name, sizeof(name), "%s", p);
	if ((q = strchr(name, 'p')))
		*q = '\0';
	if (!initrd_parse_aoename(name, &a->members[0].shelf, &a->members[0].slot))
		a->members_len = 1;
}

/* A root disk without md needs the impostor check as much as a member. */
static void check_single(const struct initrd_args *a, const struct net_if *ifs,
			 size_t n_ifs)
{
	static struct md_member m, others[IDENTITY_MAX_OTHERS];
	size_t n_others = 0;

	m.shelf = a->members[0].shelf;
	m.slot = a->members[0].slot;
	m.present = true;
	if (identity_check(a, ifs, n_ifs, &m, others, IDENTITY_MAX_OTHERS, &n_others) ||
	    m.duplicate) {
		char name[AOE_NAME_MAX];

		name_of(&a->members[0], name, sizeof(name));
		boot_fatal(a, "%s is answered by more than one device (see above); "
			   "refusing to mount it as root", name);
	}
}

void boot_run(const struct initrd_args *args, const char *cmdline, char **argv)
{
	struct net_if ifs[NET_MAX_IFS];
	size_t ifs_len = 0;
	bool present[INITRD_MAX_MEMBERS] = { false };
	struct initrd_args single = *args;
	char rootdev[256];
	const struct initrd_args *a = args;

	uint64_t t0;

	cputime_start(CPU_MODTABLES);
	progress_start();
	t0 = load_modules(a, cmdline, ifs, &ifs_len);

	/*
	 * Who answers for the members is asked once the kernel has found them
	 * (their devices open): the identity engine's broad pass reads every
	 * target's superblocks, and on a SAN of 1024 targets that crowd of
	 * frames made the kernel driver's own Query Config and IDENTIFY of a
	 * member wait seconds (bench/README.md, 1024 targets). It then runs
	 * beside the members' superblock reads and the md modules' loading.
	 */
	if (a->members_len) {
		wait_members(a, t0, present);
		identity_start(a, ifs, ifs_len);
		assemble(a, ifs, ifs_len, present);
	} else {
		single_disk_member(&single);
		if (single.members_len) {
			wait_members(&single, t0, present);
			identity_start(&single, ifs, ifs_len);
			cputime_phase(CPU_IDENTITY);
			check_single(&single, ifs, ifs_len);
			status_single(&single);
		}
	}
	cputime_phase(CPU_MOUNT);
	boot_modules_wait();
	if (root_find(a, rootdev, sizeof(rootdev), BOOT_ROOT_WAIT_MS))
		boot_fatal(a, "no root device (root=%s)", a->root);
	progress_begin("mounting %s", rootdev);
	if (root_mount(a, rootdev))
		boot_fatal(a, "cannot mount the root file system %s", rootdev);
	progress_end();
	status_finish(rootdev);
	aoedrv_set_running_deadsecs(a);
	cputime_phase(CPU_SWITCHROOT);
	if (switchroot_check(ROOT_MOUNTPOINT, a->init))
		boot_fatal(a, "cannot switch to the root file system");
	cputime_report(modload_cpu_us());
	log_info("switching to %s, exec %s", rootdev, a->init);
	switchroot_exec(ROOT_MOUNTPOINT, a->init, argv);
	boot_fatal(a, "switch_root failed after the initramfs was emptied");
}
