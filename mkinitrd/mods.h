/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mods.h - which kernel modules go into the initrd (mods.c): the host's
 * module tables read, the set chosen, the modules.dep / modules.alias
 * subset that describes exactly it. Uses mk.h only.
 */
#ifndef AOEROOT_MKINITRD_MODS_H
#define AOEROOT_MKINITRD_MODS_H

#include "mk.h"

/** mk_load_tables() - read @mk->moddir's modules.dep, .alias, .softdep, .builtin. Return: 0 or -1 (said). */
int mk_load_tables(struct mk *mk);

/** mk_choose() - fill @mk->mods in resolution order. Return: 0 or -1 (said). */
int mk_choose(struct mk *mk);

/** mk_make_tables() - @mk->sub_dep and @mk->sub_alias for the chosen modules. Return: 0 or -1 (said). */
int mk_make_tables(struct mk *mk);

#endif /* AOEROOT_MKINITRD_MODS_H */
