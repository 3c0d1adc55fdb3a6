/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mdfix.h - test-only access to the real mdadm superblock extracts in
 * tests/data/md/ (see its README): index.txt, <member>.head (sectors 0..15),
 * <member>.tail (sectors S-256..S-1) and <member>.examine (mdadm --examine).
 * Missing data is a test failure, never a skip: the files are in the repo.
 */
#ifndef AOEROOT_MDFIX_H
#define AOEROOT_MDFIX_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdsb.h"

enum { MDFIX_MAX = 32, MDFIX_HEAD = 8192, MDFIX_TAIL = 131072 };

struct mdfix {
	char name[64];          /* file prefix, e.g. "v12-clean-m0" */
	char meta[16];          /* version as mdadm prints it */
	uint64_t sectors;       /* member size */
	uint64_t tail_start;    /* sector of the tail file's first byte */
	uint8_t head[MDFIX_HEAD];
	uint8_t tail[MDFIX_TAIL];
	char examine[4096];     /* mdadm --examine text */
};

static inline const char *mdfix_dir(void)
{
	static char dir[512];
	const char *top = getenv("top_srcdir");

	snprintf(dir, sizeof dir, "%s/tests/data/md", top ? top : ".");
	return dir;
}

static inline size_t mdfix_slurp(const char *name, const char *ext, void *buf, size_t cap)
{
	char path[700];
	FILE *f;
	size_t n;

	snprintf(path, sizeof path, "%s/%s.%s", mdfix_dir(), name, ext);
	f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "mdfix: cannot open %s\n", path);
		return 0;
	}
	n = fread(buf, 1, cap, f);
	fclose(f);
	return n;
}

/*
 * Load every member listed in @index ("index.txt" or "scenarios.txt");
 * returns how many were loaded completely (stops at the first broken one).
 */
static inline size_t mdfix_load(struct mdfix *fx, size_t cap, const char *index)
{
	char path[600], line[256];
	size_t n = 0;
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", mdfix_dir(), index);
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "mdfix: cannot open %s\n", path);
		return 0;
	}
	while (n < cap && fgets(line, sizeof line, f)) {
		struct mdfix *x = &fx[n];
		unsigned long long s, t;
		size_t len;

		if (line[0] == '#' || sscanf(line, "%63s %15s %llu %llu", x->name, x->meta, &s, &t) != 4)
			continue;
		x->sectors = s;
		x->tail_start = t;
		if (mdfix_slurp(x->name, "head", x->head, MDFIX_HEAD) != MDFIX_HEAD ||
		    mdfix_slurp(x->name, "tail", x->tail, MDFIX_TAIL) != MDFIX_TAIL)
			break;
		len = mdfix_slurp(x->name, "examine", x->examine, sizeof x->examine - 1);
		x->examine[len] = '\0';
		if (!len)
			break;
		n++;
	}
	fclose(f);
	return n;
}

static inline struct mdfix *mdfix_find(struct mdfix *fx, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(fx[i].name, name))
			return &fx[i];
	return NULL;
}

/* The 4096 bytes at @sector of the member, if the extracts hold them. */
static inline const uint8_t *mdfix_at(const struct mdfix *x, uint64_t sector)
{
	if (sector * 512 + 4096 <= MDFIX_HEAD)
		return x->head + sector * 512;
	if (sector >= x->tail_start && (sector - x->tail_start) * 512 + 4096 <= MDFIX_TAIL)
		return x->tail + (sector - x->tail_start) * 512;
	return NULL;
}

/* Probe the member as discovery would: read every place, keep the best. */
static inline int mdfix_probe(const struct mdfix *x, struct mdsb_info *ret)
{
	struct mdsb_loc l[MDSB_NLOCS];
	const uint8_t *bufs[MDSB_NLOCS];
	size_t lens[MDSB_NLOCS];
	int n = mdsb_locations(x->sectors, l);

	for (int k = 0; k < n; k++) {
		bufs[k] = mdfix_at(x, l[k].sector);
		lens[k] = MDSB_READ_BYTES;
	}
	return mdsb_probe(l, bufs, lens, (size_t)n, x->sectors, ret);
}

/* Value of "   Key : value" in the examine text (trimmed), or NULL. */
static inline const char *mdfix_field(const struct mdfix *x, const char *key, char *buf, size_t cap)
{
	const char *p = x->examine;

	while (p && *p) {
		const char *eol = strchr(p, '\n'), *c = strstr(p, " : ");
		size_t klen = strlen(key);

		if (!eol)
			eol = p + strlen(p);
		if (c && c < eol) {
			const char *k = p;

			while (*k == ' ')
				k++;
			if ((size_t)(c - k) == klen && !strncmp(k, key, klen)) {
				size_t len = (size_t)(eol - (c + 3));

				if (len >= cap)
					len = cap - 1;
				memcpy(buf, c + 3, len);
				while (len && buf[len - 1] == ' ')
					len--;
				buf[len] = '\0';
				return buf;
			}
		}
		p = *eol ? eol + 1 : NULL;
	}
	return NULL;
}

#endif
