/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mkinitrd.h - shared state of mkinitrd-aoe: the module set it chose
 * (mkinitrd-mods.c) and the archive it writes (mkinitrd-pack.c).
 */
#ifndef AOEROOT_MKINITRD_H
#define AOEROOT_MKINITRD_H

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

/* mkinitrd-mods.c */
int mk_load_tables(struct mk *mk);
int mk_choose(struct mk *mk);
int mk_make_tables(struct mk *mk);

/* mkinitrd-pack.c */
int mk_read_file(const char *path, char **ret_buf, size_t *ret_len);
int mk_read_module(const struct mk *mk, const struct mk_mod *m, char **ret_buf, size_t *ret_len);
int mk_write(struct mk *mk);

/* mkinitrd-aoe.c */
void mk_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void mk_info(const struct mk *mk, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *mk_strndup(const char *s, size_t n);

#endif /* AOEROOT_MKINITRD_H */
