/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * readd.h - add stale members back to the running array (aoe_md_readd=).
 */
#ifndef AOEROOT_INITRD_READD_H
#define AOEROOT_INITRD_READD_H

#include "args.h"
#include "mdchoose.h"

/**
 * readd_stale() - after RUN_ARRAY, ADD_NEW_DISK each member that was present
 * but stale (lower event count) to the running array, so md recovers it
 * (only the blocks the write-intent bitmap marks, when there is one). Split
 * brain halves are never added back. Does nothing with aoe_md_readd=0.
 * Logs each outcome and records "readd=" / "readd_failed=" in
 * /run/aoeroot/status.
 * @a: parsed arguments.
 * @r: the member choice that md_assemble() started.
 */
void readd_stale(const struct initrd_args *a, const struct mdchoose_result *r);

#endif
