/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kmodglue.c - modules.dep / modules.alias lookups (libc version).
 */
#include "kmodglue.h"

#include <fnmatch.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static void normalise(const char *s, size_t n, char *buf, size_t cap)
{
	size_t i;

	for (i = 0; i < n && i + 1 < cap; i++)
		buf[i] = s[i] == '-' ? '_' : s[i];
	buf[i] = '\0';
}

void kmodglue_name(const char *path, char *buf, size_t cap)
{
	const char *base = strrchr(path, '/');
	const char *dot;

	base = base ? base + 1 : path;
	dot = strstr(base, ".ko");
	normalise(base, dot ? (size_t)(dot - base) : strlen(base), buf, cap);
}

static size_t count_lines(const char *s, size_t len)
{
	size_t n = 1;

	for (size_t i = 0; i < len; i++)
		n += s[i] == '\n';
	return n;
}

static void split_deps(struct kmodglue_mod *m, char *p)
{
	while (*p && m->deps_len < KMODGLUE_MAX_DEPS) {
		while (*p == ' ')
			*p++ = '\0';
		if (!*p)
			break;
		m->deps[m->deps_len++] = p;
		while (*p && *p != ' ')
			p++;
	}
	for (size_t k = 0; k < m->deps_len; k++) {
		char *e = strchr(m->deps[k], ' ');

		if (e)
			*e = '\0';
	}
}

static void index_dep(struct kmodglue *kg, char *dep, size_t dep_len)
{
	char *line = dep, *next;

	kg->mods = calloc(count_lines(dep, dep_len), sizeof(*kg->mods));
	for (; line && *line; line = next) {
		char *colon;
		struct kmodglue_mod *m;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		colon = strchr(line, ':');
		if (!colon || !kg->mods)
			continue;
		*colon = '\0';
		m = &kg->mods[kg->mods_len++];
		m->path = line;
		split_deps(m, colon + 1);
		kmodglue_name(line, m->name, sizeof(m->name));
	}
}

static void index_alias(struct kmodglue *kg, char *alias, size_t alias_len)
{
	char *line = alias, *next;

	kg->aliases = calloc(count_lines(alias, alias_len), sizeof(*kg->aliases));
	for (; line && *line; line = next) {
		char *pat, *mod;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (strncmp(line, "alias ", 6) || !kg->aliases)
			continue;
		pat = line + 6;
		mod = strchr(pat, ' ');
		if (!mod)
			continue;
		*mod++ = '\0';
		kg->aliases[kg->aliases_len].pattern = pat;
		kg->aliases[kg->aliases_len++].module = mod;
	}
}

void kmodglue_init(struct kmodglue *kg, char *dep, size_t dep_len,
		   char *alias, size_t alias_len)
{
	memset(kg, 0, sizeof(*kg));
	index_dep(kg, dep, dep_len);
	index_alias(kg, alias, alias_len);
}

const char *kmodglue_path(const struct kmodglue *kg, const char *name,
			  const char **ret_deps, size_t cap, size_t *ret_n)
{
	char norm[64];

	normalise(name, strlen(name), norm, sizeof(norm));
	for (size_t i = 0; i < kg->mods_len; i++) {
		const struct kmodglue_mod *m = &kg->mods[i];
		size_t n = 0;

		if (strcmp(m->name, norm))
			continue;
		for (size_t k = 0; ret_deps && k < m->deps_len && n < cap; k++)
			ret_deps[n++] = m->deps[k];
		if (ret_n)
			*ret_n = n;
		return m->path;
	}
	return NULL;
}

size_t kmodglue_alias(const struct kmodglue *kg, const char *modalias,
		      char ret_names[][64], size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; i < kg->aliases_len && n < cap; i++) {
		char norm[64];
		bool dup = false;

		if (fnmatch(kg->aliases[i].pattern, modalias, 0))
			continue;
		normalise(kg->aliases[i].module, strlen(kg->aliases[i].module),
			  norm, sizeof(norm));
		for (size_t k = 0; k < n; k++)
			dup |= !strcmp(ret_names[k], norm);
		if (!dup)
			strcpy(ret_names[n++], norm);
	}
	return n;
}
