/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * modload.c - modprobe's job for /init: dependency closure, options,
 * coldplug by modalias, finit_module.
 */
#include "modload.h"

#include "args.h"
#include "kmodglue.h"
#include "log.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

enum { MODLOAD_MAX_SEEN = 512, MODLOAD_DEPTH = 16 };

static struct {
	char moddir[256];
	const char *cmdline;
	struct kmodglue kg;
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

int modload_init(const char *cmdline)
{
	struct utsname u;
	char path[300];
	char *dep, *alias;
	size_t dep_len = 0, alias_len = 0;

	ml.cmdline = cmdline;
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
	if (!alias) {
		log_info("no %s: coldplug will load nothing", path);
		alias = strdup("");
	}
	kmodglue_init(&ml.kg, dep, dep_len, alias, alias_len);
	return 0;
}

/* Built in, or loaded earlier (by us or by the kernel)? */
static bool module_present(const char *name)
{
	char path[128], norm[64];
	size_t i;

	for (i = 0; name[i] && i < sizeof(norm) - 1; i++)
		norm[i] = name[i] == '-' ? '_' : name[i];
	norm[i] = '\0';
	snprintf(path, sizeof(path), "/sys/module/%s", norm);
	return access(path, F_OK) == 0;
}

static int insert_one(const char *relpath, const char *name, const char *extra)
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
	if (r && errno != EEXIST) {
		r = -errno;
		log_err("loading module %s (%s%s%s) failed: %s", name, path,
			*params ? ", options " : "", params, strerror(errno));
		return r;
	}
	log_info("loaded module %s%s%s", name, *params ? " " : "", params);
	return 0;
}

static int load_rec(const char *name, const char *extra, int depth)
{
	const char *deps[KMODGLUE_MAX_DEPS];
	char depname[64];
	const char *relpath;
	size_t ndeps = 0;

	if (depth > MODLOAD_DEPTH)
		return -ELOOP;
	if (module_present(name))
		return 0;
	relpath = kmodglue_path(&ml.kg, name, deps, KMODGLUE_MAX_DEPS, &ndeps);
	if (!relpath) {
		log_err("module %s is not in this initrd (%s/modules.dep)", name, ml.moddir);
		return -ENOENT;
	}
	/* modules.dep lists each dependency's own line too: recurse, so the
	 * order on the line does not matter. */
	for (size_t i = 0; i < ndeps; i++) {
		int r;

		kmodglue_name(deps[i], depname, sizeof(depname));
		r = load_rec(depname, NULL, depth + 1);
		if (r)
			return r;
	}
	return insert_one(relpath, name, extra);
}

int modload_load(const char *name, const char *extra)
{
	return load_rec(name, extra, 0);
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

/* One device: load every shipped module whose alias pattern matches. */
static int coldplug_device(const char *modalias)
{
	char names[8][64];
	size_t n = kmodglue_alias(&ml.kg, modalias, names, 8);
	int loaded = 0;

	for (size_t i = 0; i < n; i++) {
		if (module_present(names[i]))
			continue;
		if (!kmodglue_path(&ml.kg, names[i], NULL, 0, NULL)) {
			log_debug("%s matches %s, not in this initrd", modalias, names[i]);
			continue;
		}
		log_debug("device %s -> module %s", modalias, names[i]);
		if (modload_load(names[i], NULL) == 0)
			loaded++;
	}
	return loaded;
}

static int coldplug_round(void)
{
	DIR *buses = opendir("/sys/bus");
	struct dirent *b;
	int loaded = 0;

	if (!buses)
		return 0;
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

			if (d->d_name[0] == '.')
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
	return loaded;
}

int modload_coldplug(void)
{
	int total = 0, round;

	for (int i = 0; i < 8 && (round = coldplug_round()) > 0; i++)
		total += round;
	return total;
}
