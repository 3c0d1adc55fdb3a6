/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mk.c - the helpers every step of mkinitrd-aoe shares (mk.h): messages,
 * string copies, whole-file reads. They call nothing else of mkinitrd/, so
 * main.c, mods.c and pack.c all depend on this file and not on each other.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mk.h"

void mk_err(const char *fmt, ...)
{
	va_list ap;

	fputs("mkinitrd-aoe: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void mk_info(const struct mk *mk, const char *fmt, ...)
{
	va_list ap;

	if (!mk->verbose)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

char *mk_strndup(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (!d) {
		mk_err("out of memory");
		exit(1);
	}
	memcpy(d, s, n);
	d[n] = 0;
	return d;
}

int mk_read_file(const char *path, char **ret_buf, size_t *ret_len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return -1;
	do {
		if (cap - len < 65536) {
			char *nb = realloc(buf, cap = cap * 2 + 65536);
			if (!nb) {
				free(buf);
				fclose(f);
				errno = ENOMEM;
				return -1;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
	} while (n > 0);
	if (ferror(f)) {
		free(buf);
		fclose(f);
		errno = EIO;
		return -1;
	}
	fclose(f);
	buf[len] = 0;
	*ret_buf = buf;
	*ret_len = len;
	return 0;
}
