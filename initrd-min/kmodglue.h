/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kmodglue.h - modules.dep / modules.alias lookups for modload.c.
 *
 * A thin adapter so modload.c does not care how the tables are parsed
 * (common/kmod once it lands on main; a small libc version until then).
 */
#ifndef AOEROOT_INITRD_KMODGLUE_H
#define AOEROOT_INITRD_KMODGLUE_H

#include <stddef.h>

enum { KMODGLUE_MAX_DEPS = 32 };

struct kmodglue_mod {
	char name[64];     /* normalised: '-' -> '_' */
	char *path;        /* relative to the module dir, NUL-terminated */
	char *deps[KMODGLUE_MAX_DEPS]; /* relative paths */
	size_t deps_len;
};

struct kmodglue_alias {
	char *pattern;
	char *module;
};

struct kmodglue {
	struct kmodglue_mod *mods;
	size_t mods_len;
	struct kmodglue_alias *aliases;
	size_t aliases_len;
};

/**
 * kmodglue_init() - index the two files (the buffers are modified and kept).
 */
void kmodglue_init(struct kmodglue *kg, char *dep, size_t dep_len,
		   char *alias, size_t alias_len);

/**
 * kmodglue_path() - find a module.
 * @name: module name ('-' and '_' alike).
 * @ret_deps: receives up to @cap dependency paths (may be NULL).
 * @ret_n: number of dependencies (may be NULL).
 * Return: the module's path relative to the module dir, or NULL.
 */
const char *kmodglue_path(const struct kmodglue *kg, const char *name,
			  const char **ret_deps, size_t cap, size_t *ret_n);

/**
 * kmodglue_name() - the module name of a path ("kernel/x/md-mod.ko" ->
 * "md_mod").
 */
void kmodglue_name(const char *path, char *buf, size_t cap);

/**
 * kmodglue_alias() - module names whose alias pattern matches @modalias.
 * Return: number of names written to @ret_names (at most @cap).
 */
size_t kmodglue_alias(const struct kmodglue *kg, const char *modalias,
		      char ret_names[][64], size_t cap);

#endif
