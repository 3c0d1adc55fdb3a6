/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pack.h - the gzip'd newc archive (pack.c): the files of a chosen module
 * set read and written in a fixed order. Uses mk.h only.
 */
#ifndef AOEROOT_MKINITRD_PACK_H
#define AOEROOT_MKINITRD_PACK_H

#include "mk.h"

/** mk_write() - write @mk->output. Return: 0 or -1 (said). */
int mk_write(struct mk *mk);

#endif /* AOEROOT_MKINITRD_PACK_H */
