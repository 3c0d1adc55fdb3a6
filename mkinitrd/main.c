/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * main.c - mkinitrd-aoe: write a small gzip'd newc initrd: the static /init of
 * initrd-min, /dev/console, and the kernel modules an AoE-on-md-RAID1 root
 * needs (aoe, md-mod, raid1, file system, NIC drivers) with a modules.dep /
 * modules.alias subset describing exactly them. See mkinitrd-aoe(8).
 */
#define _GNU_SOURCE /* memmem */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "mods.h"
#include "pack.h"

#ifndef MKINITRD_INIT_DEFAULT
#define MKINITRD_INIT_DEFAULT "/usr/local/libexec/aoeroot/init"
#endif
#ifndef MKINITRD_SBINDIR
#define MKINITRD_SBINDIR "/usr/local/sbin"
#endif
#ifndef MKINITRD_CONFIG_DEFAULT
#define MKINITRD_CONFIG_DEFAULT "/usr/local/etc/aoeroot/mkinitrd.conf"
#endif
#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "?"
#endif

static void mk_usage(FILE *f)
{
	fprintf(f,
		"Usage: mkinitrd-aoe [OPTION]... -o FILE\n"
		"Write a gzip'd cpio initrd that boots root from an md RAID1 of AoE disks.\n\n"
		"  -m, --moddir DIR          kernel module tree (default /lib/modules/$(uname -r))\n"
		"  -k, --kver VER            kernel release inside the initrd (default: the\n"
		"                            last component of --moddir, else uname -r)\n"
		"  -i, --init PATH           the /init program (default %s, or the\n"
		"                            init beside this program when it runs from a\n"
		"                            build tree)\n"
		"  -n, --nic all|dep|MOD,... NIC drivers: curated set, this machine's, or a list\n"
		"                            (default all)\n"
		"  -f, --fs FS,...           root file system modules (default ext4)\n"
		"  -e, --extra-module M,...  more modules (with their dependencies)\n"
		"  -a, --add SRC:DST         add a host file as DST (repeatable)\n"
		"      --no-vlan             leave out 8021q (packed by default for aoe_vlan=)\n"
		"  -c, --config FILE         defaults for --nic, --fs, --extra-module\n"
		"                            (default %s, if it exists)\n"
		"      --no-config           read no configuration file\n"
		"  -o, --output FILE         where to write the initrd (required)\n"
		"  -v, --verbose             print what is packed and the sizes\n"
		"  -h, --help, -V, --version\n\n"
		"SOURCE_DATE_EPOCH sets the mtime of every entry (default 0).\n",
		MKINITRD_INIT_DEFAULT, MKINITRD_CONFIG_DEFAULT);
}

/* Split a comma list, appending to *@v. */
static int mk_split(const char *s, char ***v, size_t *n)
{
	char *copy = strdup(s), *save, *tok;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char **nv = realloc(*v, (*n + 1) * sizeof(**v));
		if (!nv)
			return -1;
		*v = nv;
		(*v)[(*n)++] = strdup(tok);
	}
	free(copy);
	return 0;
}

static int mk_parse_add(struct mk *mk, const char *arg)
{
	const char *colon = strrchr(arg, ':'), *dst;
	struct mk_add *na;

	dst = colon ? colon + 1 : NULL;
	while (dst && *dst == '/')
		dst++;
	if (!colon || colon == arg || !*dst) {
		mk_err("--add %s: expected SRC:DST", arg);
		return -1;
	}
	na = realloc(mk->adds, (mk->adds_len + 1) * sizeof(*na));
	if (!na)
		return -1;
	mk->adds = na;
	na[mk->adds_len].src = mk_strndup(arg, (size_t)(colon - arg));
	na[mk->adds_len].dst = strdup(dst);
	mk->adds_len++;
	return 0;
}

static int mk_epoch(struct mk *mk)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	unsigned long long v;

	if (!s || !*s)
		return 0;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || *s == '-' || v > UINT32_MAX) {
		mk_err("SOURCE_DATE_EPOCH=%s: expected seconds since 1970 (0..4294967295)", s);
		return -1;
	}
	mk->mtime = (uint32_t)v;
	return 0;
}

/* Strip blanks at both ends of @s in place; return the new start. */
static char *mk_trim(char *s)
{
	char *end;

	s += strspn(s, " \t");
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
		*--end = 0;
	return s;
}

/*
 * Read the configuration file @path (KEY=VALUE lines, '#' comments, one
 * pair of quotes around a value dropped; mkinitrd-aoe(8)): NIC and FS fill
 * what the command line left unset (*@nic, *@fs), EXTRA_MODULES adds to
 * --extra-module. An empty value means "not set". A missing file is an
 * error only when @required (given with --config). Returns 0 or -1 after
 * saying which line is wrong.
 */
static int mk_config_read(struct mk *mk, const char *path, bool required,
			  const char **nic, const char **fs)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	unsigned n = 0;

	if (!f) {
		if (!required && errno == ENOENT)
			return 0;
		mk_err("cannot read the configuration %s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *k, *v, *eq;
		size_t vlen;

		n++;
		if (!strchr(line, '\n') && !feof(f)) {
			mk_err("%s:%u: line longer than %zu bytes", path, n, sizeof(line) - 2);
			goto err;
		}
		k = mk_trim(line);
		if (!*k || *k == '#')
			continue;
		eq = strchr(k, '=');
		if (!eq) {
			mk_err("%s:%u: expected KEY=VALUE, got '%s'", path, n, k);
			goto err;
		}
		*eq = 0;
		k = mk_trim(k);
		v = mk_trim(eq + 1);
		vlen = strlen(v);
		if (vlen >= 2 && (v[0] == '"' || v[0] == '\'') && v[vlen - 1] == v[0]) {
			v[vlen - 1] = 0;
			v++;
		}
		if (!strcmp(k, "NIC")) {
			if (!*nic && *v)
				*nic = strdup(v);
		} else if (!strcmp(k, "FS")) {
			if (!*fs && *v)
				*fs = strdup(v);
		} else if (!strcmp(k, "EXTRA_MODULES")) {
			if (*v && mk_split(v, &mk->extra, &mk->extra_len) < 0)
				goto err;
		} else {
			mk_err("%s:%u: unknown setting '%s' (known: NIC, FS, EXTRA_MODULES)", path, n, k);
			goto err;
		}
	}
	if (ferror(f)) {
		mk_err("cannot read the configuration %s", path);
		goto err;
	}
	fclose(f);
	mk_info(mk, "configuration read from %s", path);
	return 0;
err:
	fclose(f);
	return -1;
}

/* Whether the file @path is aoeroot's /init (it names its own arguments). */
static bool mk_is_aoeroot_init(const char *path)
{
	static const char mark[] = "aoe_md_devs";
	char *buf;
	size_t len;
	bool yes;

	if (mk_read_file(path, &buf, &len) < 0)
		return false;
	yes = len >= sizeof(mark) - 1 && memmem(buf, len, mark, sizeof(mark) - 1);
	free(buf);
	return yes;
}

/*
 * The /init to pack when no --init is given. Installed, that is
 * MKINITRD_INIT_DEFAULT. Run uninstalled (this program's directory is not
 * the configured sbindir, e.g. BUILDDIR/initrd-min/), the init built beside
 * it is used, so that a build tree works without `make install`; a file
 * there that is not aoeroot's /init (say /usr/sbin/init, systemd) is never
 * taken.
 */
static const char *mk_default_init(const struct mk *mk)
{
	static char self[PATH_MAX], beside[PATH_MAX + 8];
	char sbin[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	struct stat st;

	if (n <= 0)
		return MKINITRD_INIT_DEFAULT;
	self[n] = 0;
	slash = strrchr(self, '/');
	if (!slash)
		return MKINITRD_INIT_DEFAULT;
	*slash = 0;
	if (realpath(MKINITRD_SBINDIR, sbin) && !strcmp(sbin, self))
		return MKINITRD_INIT_DEFAULT;
	snprintf(beside, sizeof(beside), "%s/init", self);
	if (stat(beside, &st) < 0 || !S_ISREG(st.st_mode) || access(beside, X_OK) < 0)
		return MKINITRD_INIT_DEFAULT;
	if (!mk_is_aoeroot_init(beside)) {
		mk_info(mk, "%s is not aoeroot's /init: ignored", beside);
		return MKINITRD_INIT_DEFAULT;
	}
	mk_info(mk, "running uninstalled from %s: /init built beside it", self);
	return beside;
}

static int mk_parse(struct mk *mk, int argc, char **argv)
{
	enum { OPT_NO_CONFIG = 256 };
	static const struct option opts[] = {
		{ "moddir", required_argument, NULL, 'm' }, { "kver", required_argument, NULL, 'k' },
		{ "init", required_argument, NULL, 'i' }, { "nic", required_argument, NULL, 'n' },
		{ "fs", required_argument, NULL, 'f' }, { "extra-module", required_argument, NULL, 'e' },
		{ "add", required_argument, NULL, 'a' }, { "output", required_argument, NULL, 'o' },
		{ "config", required_argument, NULL, 'c' },
		{ "no-config", no_argument, NULL, OPT_NO_CONFIG },
		{ "verbose", no_argument, NULL, 'v' }, { "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' }, { "no-vlan", no_argument, NULL, 'N' }, { 0 },
	};
	/* static: a value read from the configuration stays reachable */
	static const char *fs;
	const char *config = NULL;
	bool no_config = false;
	int c;

	while ((c = getopt_long(argc, argv, "m:k:i:n:f:e:a:o:c:vhV", opts, NULL)) != -1) {
		switch (c) {
		case 'm': mk->moddir = optarg; break;
		case 'k': mk->kver = optarg; break;
		case 'i': mk->init = optarg; break;
		case 'n': mk->nic = optarg; break;
		case 'f': fs = optarg; break;
		case 'e': if (mk_split(optarg, &mk->extra, &mk->extra_len) < 0) return -1; break;
		case 'a': if (mk_parse_add(mk, optarg) < 0) return -1; break;
		case 'o': mk->output = optarg; break;
		case 'c': config = optarg; break;
		case OPT_NO_CONFIG: no_config = true; break;
		case 'v': mk->verbose = true; break;
		case 'N': mk->no_vlan = true; break;
		case 'h': mk_usage(stdout); exit(0);
		case 'V': printf("mkinitrd-aoe (aoeroot) %s\n", PACKAGE_VERSION); exit(0);
		default: mk_usage(stderr); return -1;
		}
	}
	if (optind < argc) {
		mk_err("unexpected argument %s", argv[optind]);
		return -1;
	}
	if (!mk->output) {
		mk_err("no output file: give -o FILE");
		return -1;
	}
	if ((mk->nic && !*mk->nic) || (fs && !*fs)) {
		mk_err("--nic and --fs need a value");
		return -1;
	}
	if (!no_config && mk_config_read(mk, config ? config : MKINITRD_CONFIG_DEFAULT,
					 config != NULL, &mk->nic, &fs) < 0)
		return -1;
	if (!mk->nic)
		mk->nic = "all";
	if (!fs)
		fs = "ext4";
	if (!mk->init)
		mk->init = mk_default_init(mk);
	return mk_split(fs, &mk->fs, &mk->fs_len) < 0 || mk_epoch(mk) < 0 ? -1 : 0;
}

/* Default --moddir and --kver from each other and from uname. */
static int mk_defaults(struct mk *mk)
{
	static struct utsname u;
	static char dir[PATH_MAX];

	if (uname(&u) < 0)
		return -1;
	if (!mk->moddir) {
		snprintf(dir, sizeof(dir), "/lib/modules/%s", mk->kver ? mk->kver : u.release);
		mk->moddir = dir;
	}
	if (!mk->kver) {
		const char *end = mk->moddir + strlen(mk->moddir), *s;
		while (end > mk->moddir && end[-1] == '/')
			end--;
		for (s = end; s > mk->moddir && s[-1] != '/'; s--)
			;
		mk->kver = end > s ? mk_strndup(s, (size_t)(end - s)) : u.release;
	}
	if (strchr(mk->kver, '/') || !strcmp(mk->kver, "..") || !strcmp(mk->kver, ".")) {
		mk_err("--kver %s: not a kernel release", mk->kver);
		return -1;
	}
	return 0;
}

static void mk_summary(const struct mk *mk)
{
	uint64_t total = 0;

	if (!mk->verbose)
		return;
	fprintf(stderr, "%-24s %10s  %s\n", "module", "bytes", "why");
	for (size_t i = 0; i < mk->mods_len; i++) {
		const struct mk_mod *m = &mk->mods[i];
		fprintf(stderr, "%-24s %10llu  %s\n", m->name, (unsigned long long)m->size, m->why);
		total += m->size;
	}
	fprintf(stderr, "%zu modules, %llu bytes uncompressed\n", mk->mods_len,
		(unsigned long long)total);
}

int main(int argc, char **argv)
{
	static struct mk mk;

	if (mk_parse(&mk, argc, argv) < 0 || mk_defaults(&mk) < 0)
		return 2;
	mk_info(&mk, "modules from %s, kernel %s, /init from %s", mk.moddir, mk.kver, mk.init);
	if (mk_load_tables(&mk) < 0 || mk_choose(&mk) < 0 || mk_make_tables(&mk) < 0 ||
	    mk_write(&mk) < 0)
		return 1;
	mk_summary(&mk);
	return 0;
}
