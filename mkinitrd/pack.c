/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pack.c - read (and decompress) the files, write the gzip'd
 * newc archive through common/cpio in a fixed order so the same input
 * gives the same bytes.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "cpio.h"
#include "err.h"
#include "pack.h"

extern char **environ;

/* Run `@tool -dc PATH` and collect its output. */
static int mk_run_decompressor(const char *tool, const char *path, char **ret_buf, size_t *ret_len)
{
	char *argv[] = { (char *)tool, "-dcq", (char *)path, NULL };
	char tmpl[] = "/tmp/mkinitrd-aoe.XXXXXX";
	posix_spawn_file_actions_t fa;
	int fd = mkstemp(tmpl), status, r = -1;
	pid_t pid;

	if (fd < 0)
		return -1;
	unlink(tmpl);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd, 1);
	if (posix_spawnp(&pid, tool, &fa, NULL, argv, environ) != 0) {
		mk_err("cannot run %s to decompress %s (install it)", tool, path);
	} else if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
		mk_err("%s -dc %s failed", tool, path);
	} else {
		char proc[64];
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
		r = mk_read_file(proc, ret_buf, ret_len);
	}
	posix_spawn_file_actions_destroy(&fa);
	close(fd);
	return r;
}

/* gzip (.ko.gz) through zlib itself. */
static int mk_gunzip(const char *path, char **ret_buf, size_t *ret_len)
{
	gzFile g = gzopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int n;

	if (!g)
		return -1;
	do {
		if (cap - len < 65536) {
			char *nb = realloc(buf, cap = cap * 2 + 65536);
			if (!nb)
				break;
			buf = nb;
		}
		n = gzread(g, buf + len, (unsigned)(cap - len));
		if (n > 0)
			len += (size_t)n;
	} while (n > 0);
	if (n < 0 || gzclose(g) != Z_OK) {
		mk_err("%s: corrupt gzip data", path);
		free(buf);
		return -1;
	}
	*ret_buf = buf;
	*ret_len = len;
	return 0;
}

static bool mk_ends(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a >= b && !strcmp(s + a - b, suf);
}

static int mk_read_module(const struct mk *mk, const struct mk_mod *m, char **ret_buf, size_t *ret_len)
{
	char path[PATH_MAX];
	int r;

	snprintf(path, sizeof(path), "%s/%s", mk->moddir, m->path);
	if (mk_ends(path, ".xz"))
		r = mk_run_decompressor("xz", path, ret_buf, ret_len);
	else if (mk_ends(path, ".zst"))
		r = mk_run_decompressor("zstd", path, ret_buf, ret_len);
	else if (mk_ends(path, ".gz"))
		r = mk_gunzip(path, ret_buf, ret_len);
	else
		r = mk_read_file(path, ret_buf, ret_len);
	if (r < 0) {
		mk_err("cannot read module %s: %s", path, strerror(errno));
		return -1;
	}
	if (*ret_len < 4 || memcmp(*ret_buf, "\177ELF", 4)) {
		mk_err("%s is not an ELF module after decompression", path);
		free(*ret_buf);
		return -1;
	}
	return 0;
}

/* ---- gzip stream: the cpio writer's emit callback ----------------------- */

struct mk_gz {
	z_stream z;
	FILE *out;
	uint64_t out_len;
};

static int mk_gz_drain(struct mk_gz *g, int flush)
{
	unsigned char buf[65536];
	int r;

	do {
		g->z.next_out = buf;
		g->z.avail_out = sizeof(buf);
		r = deflate(&g->z, flush);
		if (r == Z_STREAM_ERROR)
			return AR_EIO;
		size_t n = sizeof(buf) - g->z.avail_out;
		if (n && fwrite(buf, 1, n, g->out) != n)
			return AR_EIO;
		g->out_len += n;
	} while (g->z.avail_out == 0 || (flush == Z_FINISH && r != Z_STREAM_END));
	return 0;
}

static int mk_gz_emit(void *ctx, const void *data, size_t len)
{
	struct mk_gz *g = ctx;

	while (len) {
		uInt chunk = len > (1u << 30) ? (1u << 30) : (uInt)len;
		g->z.next_in = (Bytef *)data;
		g->z.avail_in = chunk;
		int r = mk_gz_drain(g, Z_NO_FLUSH);
		if (r < 0)
			return r;
		data = (const char *)data + chunk;
		len -= chunk;
	}
	return 0;
}

static int mk_gz_open(struct mk_gz *g, FILE *out)
{
	static gz_header h; /* zeroed: mtime 0, no name, no comment */

	memset(g, 0, sizeof(*g));
	g->out = out;
	/* Level 9, zlib's default memLevel 8: memLevel 9 (bigger blocks)
	 * came out larger, past the 3 MiB budget (bench/README.md,
	 * "Measurements behind constants"). */
	if (deflateInit2(&g->z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	h.os = 3; /* Unix, whatever the build host */
	return deflateSetHeader(&g->z, &h) == Z_OK ? 0 : -1;
}

/* ---- archive --------------------------------------------------------------- */

static int mk_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collect every parent directory of @path (relative) into @dirs. */
static void mk_parents(const char *path, char ***dirs, size_t *n)
{
	for (const char *s = strchr(path, '/'); s; s = strchr(s + 1, '/')) {
		char *d = mk_strndup(path, (size_t)(s - path));
		bool seen = false;
		for (size_t i = 0; i < *n && !seen; i++)
			seen = !strcmp((*dirs)[i], d);
		if (seen) {
			free(d);
			continue;
		}
		*dirs = realloc(*dirs, (*n + 1) * sizeof(**dirs));
		(*dirs)[(*n)++] = d;
	}
}

static const char *mk_modpath(const struct mk *mk, const char *rel, char *buf, size_t cap)
{
	snprintf(buf, cap, "lib/modules/%s/%s", mk->kver, rel);
	return buf;
}

static int mk_add_dirs(struct mk *mk, struct cpio_writer *w)
{
	static const char *const fixed[] = { "dev/", "proc/", "sys/", "run/", "root/", "etc/", "tmp/" };
	char **dirs = NULL, p[PATH_MAX];
	size_t n = 0;
	int r = 0;

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		mk_parents(fixed[i], &dirs, &n);
	mk_parents(mk_modpath(mk, "modules.dep", p, sizeof(p)), &dirs, &n);
	for (size_t i = 0; i < mk->mods_len; i++)
		mk_parents(mk_modpath(mk, mk->mods[i].packed, p, sizeof(p)), &dirs, &n);
	for (size_t i = 0; i < mk->adds_len; i++)
		mk_parents(mk->adds[i].dst, &dirs, &n);
	qsort(dirs, n, sizeof(*dirs), mk_cmp_str);
	for (size_t i = 0; i < n; i++) {
		if (!r && (r = cpio_add_dir(w, dirs[i], 0755)) < 0)
			mk_err("cannot add directory %s: %s", dirs[i], ar_strerror(r));
		free(dirs[i]);
	}
	free(dirs);
	return r;
}

static int mk_add_host_file(struct cpio_writer *w, const char *src, const char *dst, const char *what)
{
	struct stat st;
	char *buf;
	size_t len;
	int r;

	errno = 0;
	if (stat(src, &st) < 0 || !S_ISREG(st.st_mode) || mk_read_file(src, &buf, &len) < 0) {
		mk_err("cannot read %s %s: %s", what, src, errno ? strerror(errno) : "not a regular file");
		return -1;
	}
	r = cpio_add_file(w, dst, st.st_mode & 07777, buf, len);
	free(buf);
	if (r < 0)
		mk_err("cannot add %s as %s: %s", src, dst, ar_strerror(r));
	return r < 0 ? -1 : 0;
}

static int mk_cmp_mod(const void *a, const void *b)
{
	return strcmp((*(struct mk_mod *const *)a)->packed, (*(struct mk_mod *const *)b)->packed);
}

static int mk_add_modules(struct mk *mk, struct cpio_writer *w)
{
	struct mk_mod *sorted[MK_MAX_MODS];
	char p[PATH_MAX];
	int r;

	if ((r = cpio_add_file(w, mk_modpath(mk, "modules.dep", p, sizeof(p)), 0644,
			       mk->sub_dep, mk->sub_dep_len)) < 0 ||
	    (r = cpio_add_file(w, mk_modpath(mk, "modules.alias", p, sizeof(p)), 0644,
			       mk->sub_alias, mk->sub_alias_len)) < 0) {
		mk_err("cannot add the module tables: %s", ar_strerror(r));
		return -1;
	}
	for (size_t i = 0; i < mk->mods_len; i++)
		sorted[i] = &mk->mods[i];
	qsort(sorted, mk->mods_len, sizeof(sorted[0]), mk_cmp_mod);
	for (size_t i = 0; i < mk->mods_len; i++) {
		char *buf;
		size_t len;

		if (mk_read_module(mk, sorted[i], &buf, &len) < 0)
			return -1;
		sorted[i]->size = len;
		r = cpio_add_file(w, mk_modpath(mk, sorted[i]->packed, p, sizeof(p)), 0644, buf, len);
		free(buf);
		if (r < 0) {
			mk_err("cannot add %s: %s", sorted[i]->path, ar_strerror(r));
			return -1;
		}
	}
	return 0;
}

static int mk_archive(struct mk *mk, struct cpio_writer *w)
{
	int r;

	if (mk_add_dirs(mk, w) < 0)
		return -1;
	if ((r = cpio_add_node(w, "dev/console", CPIO_S_IFCHR | 0600, 5, 1)) < 0) {
		mk_err("cannot add dev/console: %s", ar_strerror(r));
		return -1;
	}
	if (mk_add_host_file(w, mk->init, "init", "the /init program") < 0)
		return -1;
	if (mk_add_modules(mk, w) < 0)
		return -1;
	for (size_t i = 0; i < mk->adds_len; i++)
		if (mk_add_host_file(w, mk->adds[i].src, mk->adds[i].dst, "--add file") < 0)
			return -1;
	if ((r = cpio_finish(w, CPIO_BLOCK)) < 0) {
		mk_err("cannot finish the archive: %s", ar_strerror(r));
		return -1;
	}
	return 0;
}

int mk_write(struct mk *mk)
{
	char tmp[PATH_MAX];
	struct cpio_writer w;
	struct mk_gz g;
	FILE *out;
	int fd, r = -1;

	snprintf(tmp, sizeof(tmp), "%s.tmpXXXXXX", mk->output);
	fd = mkstemp(tmp);
	if (fd < 0 || !(out = fdopen(fd, "wb"))) {
		mk_err("cannot create %s: %s", tmp, strerror(errno));
		return -1;
	}
	if (mk_gz_open(&g, out) < 0) {
		mk_err("zlib: cannot start a gzip stream");
		goto err_close;
	}
	cpio_writer_init_emit(&w, mk_gz_emit, &g, mk->mtime);
	if (mk_archive(mk, &w) < 0)
		goto err_gz;
	if (mk_gz_drain(&g, Z_FINISH) < 0 || fflush(out) || fchmod(fd, 0644) < 0) {
		mk_err("cannot write %s: %s", tmp, strerror(errno));
		goto err_gz;
	}
	if (rename(tmp, mk->output) < 0) {
		mk_err("cannot rename %s to %s: %s", tmp, mk->output, strerror(errno));
		goto err_gz;
	}
	mk_info(mk, "%s: %zu modules, cpio %llu bytes, gzip %llu bytes", mk->output, mk->mods_len,
		(unsigned long long)w.len, (unsigned long long)g.out_len);
	r = 0;
err_gz:
	deflateEnd(&g.z);
err_close:
	fclose(out);
	if (r < 0)
		unlink(tmp);
	return r;
}
