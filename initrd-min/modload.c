/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * modload.c - modprobe's job for /init: dependency closure, options,
 * coldplug by modalias, finit_module.
 *
 * Loading is a small scheduler: every module asked for becomes a node with
 * its modules.dep closure, and each node is loaded by its own thread as
 * soon as every node it depends on is in. Independent chains (NIC drivers,
 * aoe, md, the file system) thus load at once, and a chain's modules one
 * after another only where modules.dep says so. A module that fails is
 * logged by name, and so is every module that needed it.
 */
#include "modload.h"

#include "args.h"
#include "err.h"
#include "kmod.h"
#include "log.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

enum {
	MODLOAD_MAX_SEEN = 512, MODLOAD_MAX_LIST = 64, MODLOAD_MAX_NODES = 128,
	MODLOAD_BACKGROUND_NICE = 19,
};

enum node_state { NODE_WAITING, NODE_LOADING, NODE_DONE, NODE_FAILED };

/* One module of the scheduler. */
struct node {
	char name[KMOD_NAME_MAX];
	char rel[256];                  /* path under the module directory */
	char extra[256];                /* options of the request (requested only) */
	bool requested;                 /* asked for by name, not only a dependency */
	bool background;                /* only background requests need it */
	uint8_t state;                  /* enum node_state */
	int err;                        /* -errno when FAILED */
	uint16_t deps[MODLOAD_MAX_LIST]; /* nodes that must be in first */
	uint16_t ndeps;
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct node nodes[MODLOAD_MAX_NODES];
	size_t n;
	uint64_t cpu_us;                /* CPU time of the threads that loaded */
} sched = { .lock = PTHREAD_MUTEX_INITIALIZER, .changed = PTHREAD_COND_INITIALIZER };

static struct {
	char moddir[256];
	const char *cmdline;
	struct kmod_text dep;
	struct kmod_text alias;
	struct kmod_alias *aliases;           /* alias parsed once (kmod_alias_index()) */
	size_t n_aliases;
	char *seen_alias[MODLOAD_MAX_SEEN];   /* modaliases already handled */
	size_t seen_len;
} ml;

static char *read_file(const char *path, size_t *ret_len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char *buf;
	size_t n = 0;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) || !(buf = malloc((size_t)st.st_size + 1))) {
		close(fd);
		return NULL;
	}
	while (n < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + n, (size_t)st.st_size - n);

		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	if (ret_len)
		*ret_len = n;
	return buf;
}

/* Coldplug matches every device against every alias, round after round:
 * parse the table once. Without memory for the index it matches nothing
 * rather than parse per device (coldplug is best effort). */
static void index_aliases(void)
{
	size_t n = 0;

	if (kmod_alias_index(&ml.alias, NULL, 0, &n) || !n)
		return;
	ml.aliases = calloc(n, sizeof(*ml.aliases));
	if (!ml.aliases) {
		log_err("no memory for the %zu module aliases: coldplug loads nothing", n);
		return;
	}
	if (kmod_alias_index(&ml.alias, ml.aliases, n, &ml.n_aliases))
		ml.n_aliases = 0;
}

int modload_init(const char *cmdline)
{
	struct utsname u;
	char path[300];
	char *dep, *alias;
	size_t dep_len = 0, alias_len = 0;

	ml.cmdline = cmdline;
	if (ml.dep.buf)
		return 0;   /* read already (the handoff reader may come first) */
	uname(&u);
	snprintf(ml.moddir, sizeof(ml.moddir), "/lib/modules/%s", u.release);
	snprintf(path, sizeof(path), "%s/modules.dep", ml.moddir);
	dep = read_file(path, &dep_len);
	if (!dep) {
		log_err("cannot read %s: %s (the initrd was built for another kernel?)",
			path, strerror(errno));
		return -ENOENT;
	}
	snprintf(path, sizeof(path), "%s/modules.alias", ml.moddir);
	alias = read_file(path, &alias_len);
	if (!alias)
		log_info("no %s: coldplug will load nothing", path);
	ml.dep.buf = dep;
	ml.dep.len = dep_len;
	ml.alias.buf = alias;
	ml.alias.len = alias ? alias_len : 0;
	index_aliases();
	return 0;
}

/* Built in, or loaded earlier (by us or by the kernel)? */
static bool module_present(const char *name)
{
	char path[128], norm[KMOD_NAME_MAX];

	if (kmod_name_normalize(name, strlen(name), norm, sizeof(norm)))
		return false;
	snprintf(path, sizeof(path), "/sys/module/%s", norm);
	return access(path, F_OK) == 0;
}

static int insert_one(const char *relpath, const char *name, const char *extra,
		      bool last)
{
	char path[512], params[1024];
	size_t n;
	int fd, r;

	if (module_present(name))
		return 0;
	if (initrd_args_module_params(ml.cmdline, name, params, sizeof(params)) < 0) {
		log_err("options for module %s on the command line are too long", name);
		return -E2BIG;
	}
	n = strlen(params);
	if (extra && *extra)
		snprintf(params + n, sizeof(params) - n, "%s%s", n ? " " : "", extra);
	snprintf(path, sizeof(path), "%s/%s", ml.moddir, relpath);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		log_err("module %s: cannot open %s: %s", name, path, strerror(errno));
		return -errno;
	}
	r = (int)syscall(SYS_finit_module, fd, params, 0);
	close(fd);
	if (r && errno == ENODEV && !last) {
		/* e.g. crc32c-intel on a CPU without SSE4.2: the module that
		 * needs it falls back (crc32c_generic), as with modprobe */
		log_info("module %s: no device/CPU support for it, going on", name);
		return 0;
	}
	if (r && errno != EEXIST) {
		r = -errno;
		log_err("loading module %s (%s%s%s) failed: %s", name, path,
			*params ? ", options " : "", params, strerror(errno));
		return r;
	}
	log_info("loaded module %s%s%s", name, *params ? " " : "", params);
	return 0;
}

static int node_find(const char *name)
{
	for (size_t i = 0; i < sched.n; i++)
		if (!strcmp(sched.nodes[i].name, name))
			return (int)i;
	return -1;
}

/* The node of a modules.dep path, added (waiting) when new. Locked. */
static int node_get(const char *path, size_t path_len, bool background)
{
	char mod[KMOD_NAME_MAX];
	struct node *nd;
	int i;

	if (kmod_name_normalize(path, path_len, mod, sizeof(mod)) ||
	    path_len >= sizeof(nd->rel))
		return -EINVAL;
	if ((i = node_find(mod)) >= 0) {
		if (!background)
			sched.nodes[i].background = false;   /* the foreground needs it too */
		return i;
	}
	if (sched.n >= MODLOAD_MAX_NODES)
		return -ENOMEM;
	nd = &sched.nodes[sched.n];
	memset(nd, 0, sizeof(*nd));
	memcpy(nd->name, mod, strlen(mod) + 1);
	memcpy(nd->rel, path, path_len);
	nd->rel[path_len] = '\0';
	nd->background = background;
	/* built in, or loaded before us (by the kernel or an earlier /init) */
	nd->state = module_present(mod) ? NODE_DONE : NODE_WAITING;
	return (int)sched.n++;
}

/* This thread's CPU time so far (user + system), in microseconds. */
static uint64_t modload_thread_cpu_us(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_THREAD, &ru))
		return 0;
	return (uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000 +
	       (uint64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

uint64_t modload_cpu_us(void)
{
	uint64_t us;

	pthread_mutex_lock(&sched.lock);
	us = sched.cpu_us;
	pthread_mutex_unlock(&sched.lock);
	return us;
}

static void *node_run(void *arg);

/* Start every waiting node whose dependencies are in; fail those whose
 * dependency failed. Locked; returns with the lock held. */
static void dispatch(void)
{
	bool again = true;

	while (again) {
		again = false;
		for (size_t i = 0; i < sched.n; i++) {
			struct node *nd = &sched.nodes[i];
			bool ready = true;
			pthread_attr_t attr;
			pthread_t th;
			int r;

			if (nd->state != NODE_WAITING)
				continue;
			for (size_t k = 0; k < nd->ndeps && ready; k++) {
				const struct node *dep = &sched.nodes[nd->deps[k]];

				if (dep->state == NODE_FAILED) {
					log_err("module %s not loaded: it needs %s, which failed",
						nd->name, dep->name);
					nd->state = NODE_FAILED;
					nd->err = dep->err ? dep->err : -EIO;
					again = true;
				}
				ready = dep->state == NODE_DONE;
			}
			if (!ready)
				continue;
			nd->state = NODE_LOADING;
			pthread_attr_init(&attr);
			pthread_attr_setstacksize(&attr, 64 * 1024);
			pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
			r = pthread_create(&th, &attr, node_run, nd);
			pthread_attr_destroy(&attr);
			if (r) {
				/* no thread: load it here, unlocked */
				pthread_mutex_unlock(&sched.lock);
				node_run(nd);
				pthread_mutex_lock(&sched.lock);
				again = true;
			}
		}
	}
	pthread_cond_broadcast(&sched.changed);
}

static void *node_run(void *arg)
{
	struct node *nd = arg;
	int r;

	/* Linux: the nice value is per thread; with one CPU the foreground
	 * chains (NIC drivers, aoe) then get it first whenever they can run */
	if (nd->background)
		setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), MODLOAD_BACKGROUND_NICE);
	r = insert_one(nd->rel, nd->name, nd->requested ? nd->extra : NULL, nd->requested);

	pthread_mutex_lock(&sched.lock);
	nd->err = r;
	nd->state = r ? NODE_FAILED : NODE_DONE;
	dispatch();
	/* after dispatch(): starting the next modules' threads is loading too */
	sched.cpu_us += modload_thread_cpu_us();
	pthread_mutex_unlock(&sched.lock);
	return NULL;
}

/* Add @name's closure to the scheduler. Locked. Returns its node or -errno. */
static int node_request(const char *name, const char *extra, bool background)
{
	struct kmod_dep list[MODLOAD_MAX_LIST];
	size_t n = 0;
	int r, top = -1;

	r = kmod_resolve(&ml.dep, name, strlen(name), list, MODLOAD_MAX_LIST, &n);
	if (r) {
		log_err("module %s: %s (is it in this initrd? %s/modules.dep)", name,
			r == AR_ENOENT ? "it or a dependency is missing" : ar_strerror(r),
			ml.moddir);
		return -ENOENT;
	}
	/* dependencies come first in the list, the module itself last */
	for (size_t i = 0; i < n; i++) {
		struct node *nd;
		const char *dp;
		size_t pos = 0, dl;
		int idx = node_get(list[i].path, list[i].path_len, background);

		if (idx < 0)
			return idx;
		nd = &sched.nodes[idx];
		if (nd->state == NODE_WAITING && !nd->ndeps) {
			while (kmod_dep_next_path(&list[i], &pos, &dp, &dl) == 0) {
				int d = node_get(dp, dl, background);

				if (d < 0)
					return d;
				if (d != idx && nd->ndeps < MODLOAD_MAX_LIST)
					nd->deps[nd->ndeps++] = (uint16_t)d;
			}
		}
		top = idx;
	}
	if (top >= 0 && !sched.nodes[top].requested) {
		sched.nodes[top].requested = true;
		if (extra)
			snprintf(sched.nodes[top].extra, sizeof(sched.nodes[top].extra), "%s", extra);
	}
	return top;
}

static int start(const char *name, const char *extra, bool background)
{
	int r;

	pthread_mutex_lock(&sched.lock);
	r = node_request(name, extra, background);
	if (r >= 0) {
		dispatch();
		r = 0;
	}
	pthread_mutex_unlock(&sched.lock);
	return r;
}

int modload_start(const char *name, const char *extra)
{
	return start(name, extra, false);
}

int modload_start_background(const char *name)
{
	return start(name, NULL, true);
}

int modload_wait(const char *name)
{
	char mod[KMOD_NAME_MAX];
	int i, r;

	if (kmod_name_normalize(name, strlen(name), mod, sizeof(mod)))
		return -EINVAL;
	pthread_mutex_lock(&sched.lock);
	i = node_find(mod);
	while (i >= 0 && (sched.nodes[i].state == NODE_WAITING ||
			  sched.nodes[i].state == NODE_LOADING))
		pthread_cond_wait(&sched.changed, &sched.lock);
	r = i < 0 ? -ENOENT : sched.nodes[i].state == NODE_DONE ? 0 : sched.nodes[i].err;
	pthread_mutex_unlock(&sched.lock);
	return r ? (r < 0 ? r : -EIO) : 0;
}

int modload_load(const char *name, const char *extra)
{
	int r;

	if (module_present(name))
		return 0;
	r = modload_start(name, extra);
	return r ? r : modload_wait(name);
}

static bool alias_seen(const char *modalias)
{
	for (size_t i = 0; i < ml.seen_len; i++)
		if (!strcmp(ml.seen_alias[i], modalias))
			return true;
	if (ml.seen_len < MODLOAD_MAX_SEEN)
		ml.seen_alias[ml.seen_len++] = strdup(modalias);
	return false;
}

/* This round's modules: started as found, waited for at its end. */
static char round_mods[MODLOAD_MAX_NODES][KMOD_NAME_MAX];
static size_t n_round;

/* One device: start every shipped module whose alias pattern matches. */
static int coldplug_device(const char *modalias)
{
	struct kmod_alias al;
	struct kmod_dep dep;
	size_t pos = 0;
	int loaded = 0;

	while (kmod_alias_index_match_next(ml.aliases, ml.n_aliases, &pos, modalias,
					   strlen(modalias), &al) == 0) {
		char mod[KMOD_NAME_MAX];

		if (kmod_name_normalize(al.module, al.module_len, mod, sizeof(mod)) ||
		    module_present(mod))
			continue;
		if (kmod_dep_find(&ml.dep, mod, strlen(mod), &dep)) {
			log_debug("%s matches %s, not in this initrd", modalias, mod);
			continue;
		}
		log_debug("device %s -> module %s", modalias, mod);
		if (modload_start(mod, NULL) == 0 && n_round < MODLOAD_MAX_NODES) {
			memcpy(round_mods[n_round++], mod, strlen(mod) + 1);
			loaded++;
		}
	}
	return loaded;
}

/*
 * Devices looked at in an earlier round: their modalias was read then (or
 * they have none). A round after the first only needs the devices that the
 * modules of the round before created; reading every modalias again cost
 * as much as the first round (sysfs builds each one on read). Kept as
 * 64-bit hashes of "bus/device": a collision would only skip a device.
 */
enum { MODLOAD_MAX_DEVS = 1024 };
static uint64_t seen_dev[MODLOAD_MAX_DEVS];
static size_t n_seen_dev;

static bool device_seen(const char *bus, const char *dev)
{
	uint64_t h = 0xcbf29ce484222325ULL;   /* FNV-1a */

	for (const char *p = bus; *p; p++)
		h = (h ^ (uint8_t)*p) * 0x100000001b3ULL;
	h = (h ^ '/') * 0x100000001b3ULL;
	for (const char *p = dev; *p; p++)
		h = (h ^ (uint8_t)*p) * 0x100000001b3ULL;
	for (size_t i = 0; i < n_seen_dev; i++)
		if (seen_dev[i] == h)
			return true;
	if (n_seen_dev < MODLOAD_MAX_DEVS)
		seen_dev[n_seen_dev++] = h;
	return false;
}

static int coldplug_round(void)
{
	DIR *buses = opendir("/sys/bus");
	struct dirent *b;
	int loaded = 0;

	if (!buses)
		return 0;
	n_round = 0;
	while ((b = readdir(buses))) {
		char path[600];
		DIR *devs;
		struct dirent *d;

		if (b->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/bus/%s/devices", b->d_name);
		if (!(devs = opendir(path)))
			continue;
		while ((d = readdir(devs))) {
			char ap[900], alias[512];
			char *nl;
			int fd;
			ssize_t r;

			if (d->d_name[0] == '.' || device_seen(b->d_name, d->d_name))
				continue;
			snprintf(ap, sizeof(ap), "%s/%s/modalias", path, d->d_name);
			if ((fd = open(ap, O_RDONLY | O_CLOEXEC)) < 0)
				continue;
			r = read(fd, alias, sizeof(alias) - 1);
			close(fd);
			if (r <= 0)
				continue;
			alias[r] = '\0';
			if ((nl = strchr(alias, '\n')))
				*nl = '\0';
			if (!alias_seen(alias))
				loaded += coldplug_device(alias);
		}
		closedir(devs);
	}
	closedir(buses);
	/* bus drivers create the devices of the next round: wait for them */
	for (size_t i = 0; i < n_round; i++)
		if (modload_wait(round_mods[i]))
			loaded--;
	return loaded;
}

int modload_coldplug(void)
{
	int total = 0, round;

	for (int i = 0; i < 8 && (round = coldplug_round()) > 0; i++)
		total += round;
	return total;
}
