/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_cmdline.c - libFuzzer target for the command-line editor.
 * Input: op byte, slack byte, then "line\0key\0value". The line lives in a
 * heap buffer of exactly strlen + 1 + slack bytes (ASan sees any overflow).
 * After a successful set, get must return the value set; after remove, the
 * key is gone; in both, every other kernel parameter and init's part are
 * unchanged; on error the line is untouched.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)
#define MAXP 1024

struct plist {
	size_t n;
	const char *k[MAXP], *v[MAXP];
	size_t kl[MAXP], vl[MAXP];
	const char *init;
};

/* Every parameter but @key, and init's part. */
static void collect(const char *line, const char *key, struct plist *p)
{
	const char *k, *v;
	size_t pos = 0, kl, vl, last = 0, klen = strlen(key);

	p->n = 0;
	while (cmdline_next(line, &pos, &k, &kl, &v, &vl) == 0) {
		CHECK(pos > last);
		last = pos;
		if (kl == klen && !memcmp(k, key, kl))
			continue;
		if (p->n < MAXP) {
			p->k[p->n] = k, p->kl[p->n] = kl, p->v[p->n] = v, p->vl[p->n] = vl;
			p->n++;
		}
	}
	p->init = line + pos;
}

static void same(const struct plist *a, const struct plist *b)
{
	size_t i;

	CHECK(a->n == b->n);
	for (i = 0; i < a->n; i++) {
		CHECK(a->kl[i] == b->kl[i] && !memcmp(a->k[i], b->k[i], a->kl[i]));
		CHECK(!a->v[i] == !b->v[i]);
		CHECK(a->vl[i] == b->vl[i] && (!a->v[i] || !memcmp(a->v[i], b->v[i], a->vl[i])));
	}
	CHECK(!strcmp(a->init, b->init));
}

/* Split "line\0key\0value" out of the input into NUL-terminated copies. */
static char *part(const uint8_t **d, size_t *n)
{
	const uint8_t *z = memchr(*d, 0, *n);
	size_t len = z ? (size_t)(z - *d) : *n;
	char *s = malloc(len + 1);

	memcpy(s, *d, len);
	s[len] = '\0';
	*d += z ? len + 1 : len;
	*n -= z ? len + 1 : len;
	return s;
}

static void check_op(uint8_t op, char *buf, size_t cap, const char *orig,
		     const char *key, const char *val)
{
	struct plist before, after;
	char *got = malloc(cap + 1);
	int rc;

	collect(orig, key, &before);
	switch (op % 4) {
	case 0: case 1:
		rc = cmdline_set(buf, cap, key, op % 4 ? NULL : val);
		if (rc) {
			CHECK(!strcmp(buf, orig));
			break;
		}
		CHECK(strlen(buf) < cap);
		rc = cmdline_get(buf, key, got, cap + 1);
		CHECK(rc == (op % 4 ? CMDLINE_FLAG : 0));
		CHECK(!strcmp(got, op % 4 ? "" : val));
		collect(buf, key, &after);
		same(&before, &after);
		break;
	case 2:
		rc = cmdline_remove(buf, key);
		if (rc) {
			CHECK(!strcmp(buf, orig));
			break;
		}
		CHECK(cmdline_get(buf, key, got, cap + 1) == AR_ENOENT);
		collect(buf, key, &after);
		same(&before, &after);
		break;
	default:
		rc = cmdline_get(buf, key, got, cap);
		CHECK(rc == 0 || rc == CMDLINE_FLAG || rc < 0);
		CHECK(!cap || strlen(got) < cap);
	}
	free(got);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line, *key, *val, *buf;
	uint8_t op, slack;
	size_t cap;

	if (size < 2)
		return 0;
	op = data[0], slack = data[1];
	data += 2, size -= 2;
	line = part(&data, &size);
	key = part(&data, &size);
	val = part(&data, &size);
	cap = strlen(line) + 1 + slack;
	buf = malloc(cap);
	memcpy(buf, line, strlen(line) + 1);
	check_op(op, buf, cap, line, key, val);
	/* The same edit on an exact-size buffer. */
	if (op % 4 < 2) {
		free(buf);
		cap = strlen(line) + 1;
		buf = malloc(cap);
		memcpy(buf, line, cap);
		check_op(op, buf, cap, line, key, val);
	}
	free(buf);
	free(line);
	free(key);
	free(val);
	return 0;
}
