/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * modload.c - modprobe's job for /init: dependency closure, options,
 * coldplug by modalias, finit_module.
 */
#include "modload.h"

#include "args.h"
#include "err.h"
#include "kmod.h"
#include "log.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

enum { MODLOAD_MAX_SEEN = 512, MODLOAD_MAX_LIST = 64 };

static struct {
	char moddir[256];
	const char *cmdline;
	struct kmod_text dep;
	struct kmod_text alias;
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
	if (!alias)
		log_info("no %s: coldplug will load nothing", path);
	ml.dep.buf = dep;
	ml.dep.len = dep_len;
	ml.alias.buf = alias;
	ml.alias.len = alias ? alias_len : 0;
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

int modload_load(const char *name, const char *extra)
{
	struct kmod_dep list[MODLOAD_MAX_LIST];
	size_t n = 0;
	int r;

	if (module_present(name))
		return 0;
	r = kmod_resolve(&ml.dep, name, strlen(name), list, MODLOAD_MAX_LIST, &n);
	if (r) {
		log_err("module %s: %s (is it in this initrd? %s/modules.dep)", name,
			r == AR_ENOENT ? "it or a dependency is missing" : ar_strerror(r),
			ml.moddir);
		return -ENOENT;
	}
	/* dependencies first, the module itself last (with @extra) */
	for (size_t i = 0; i < n; i++) {
		char mod[KMOD_NAME_MAX], rel[256];

		if (kmod_name_normalize(list[i].path, list[i].path_len, mod, sizeof(mod)) ||
		    list[i].path_len >= sizeof(rel))
			return -EINVAL;
		memcpy(rel, list[i].path, list[i].path_len);
		rel[list[i].path_len] = '\0';
		r = insert_one(rel, mod, i + 1 == n ? extra : NULL, i + 1 == n);
		if (r)
			return r;
	}
	return 0;
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
	struct kmod_alias al;
	struct kmod_dep dep;
	size_t pos = 0;
	int loaded = 0;

	while (kmod_alias_match_next(&ml.alias, &pos, modalias, strlen(modalias), &al) == 0) {
		char mod[KMOD_NAME_MAX];

		if (kmod_name_normalize(al.module, al.module_len, mod, sizeof(mod)) ||
		    module_present(mod))
			continue;
		if (kmod_dep_find(&ml.dep, mod, strlen(mod), &dep)) {
			log_debug("%s matches %s, not in this initrd", modalias, mod);
			continue;
		}
		log_debug("device %s -> module %s", modalias, mod);
		if (modload_load(mod, NULL) == 0)
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
