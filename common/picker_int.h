/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * picker_int.h - internals of picker_view.c; not an API.
 */
#ifndef AOEROOT_PICKER_INT_H
#define AOEROOT_PICKER_INT_H

#include "picker.h"

/* Each target's group_key, after the targets changed (picker_set_targets()). */
void picker_group_keys(struct picker *p);

/* Rebuild the display order (groups, filter); keeps the cursor in range. */
void picker_regroup(struct picker *p);

/* A key while the filter text is typed. */
enum picker_action picker_filter_key(struct picker *p, int key);

#endif /* AOEROOT_PICKER_INT_H */
