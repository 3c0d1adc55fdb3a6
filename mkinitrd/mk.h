/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mk.h - the state of mkinitrd-aoe (options, the module set mods.c
 * chooses, the tables it generates) and the helpers every step shares
 * (mk.c). The bottom of mkinitrd/: it depends on nothing else there;
 * main.c drives mods.c (mods.h) then pack.c (pack.h), which never call
 * each other or main.c.
 */
#ifndef AOEROOT_MKINITRD_MK_H
#define AOEROOT_MKINITRD_MK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kmod.h"

enum { MK_MAX_MODS = 1024, MK_MAX_PRE = 8 };

/* One module that goes into the initrd. */
struct mk_mod {
	char name[KMOD_NAME_MAX];   /* normalised */
	char *path;                 /* as in modules.dep, maybe .ko.xz */
	char *packed;               /* same without the compression suffix */
	const char *why;            /* first reason it was taken */
	size_t pre[MK_MAX_PRE];     /* soft "pre:" dependencies, as indexes */
	size_t pre_len;
	uint64_t size;              /* uncompressed .ko size, once read */
};

/* A host file to add: --add SRC:DST. */
struct mk_add {
	char *src;
	char *dst;
};

struct mk {
	/* options */
	const char *moddir, *kver, *init, *output, *nic;
	char **fs, **extra;
	size_t fs_len, extra_len;
	struct mk_add *adds;
	size_t adds_len;
	uint32_t mtime;
	bool verbose;
	bool no_vlan;                 /* --no-vlan: leave 8021q out */
	/* module tables of the tree */
	struct kmod_text dep, alias, softdep, builtin;
	/* chosen modules, in resolution order */
	struct mk_mod mods[MK_MAX_MODS];
	size_t mods_len;
	/* generated tables */
	char *sub_dep, *sub_alias;
	size_t sub_dep_len, sub_alias_len;
};

/** mk_err() - "mkinitrd-aoe: " and the message on stderr. */
void mk_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** mk_info() - the message on stderr when @mk->verbose. */
void mk_info(const struct mk *mk, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/** mk_strndup() - a NUL-terminated copy of @n bytes of @s; exits when out of memory. */
char *mk_strndup(const char *s, size_t n);

/**
 * mk_read_file() - the whole of @path, NUL-terminated, into a malloc'd
 * *@ret_buf (@ret_len without the NUL). Return: 0, or -1 with errno set.
 */
int mk_read_file(const char *path, char **ret_buf, size_t *ret_len);

#endif /* AOEROOT_MKINITRD_MK_H */
