/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * status.h - /run/aoeroot/status: the outcome of the boot as key=value
 * lines, for the booted system to read (/run is moved into the new root).
 *
 *   result=ok|fatal        md_dev=md0          uuid=xxxxxxxx:...
 *   members=e0.0 e0.1      (assembled, reference last)
 *   stale=e0.1             split=              missing=e0.1
 *   degraded=0|1           root=/dev/md0       init_ms=1234
 *   init_rss_kib=512       (resident memory of /init at the end)
 *   error=<text>           (result=fatal only)
 *   readd=e0.1|off         stale members added back (readd.c)
 *   readd_failed=e0.1      stale members md would not take back
 */
#ifndef AOEROOT_INITRD_STATUS_H
#define AOEROOT_INITRD_STATUS_H

#include "args.h"
#include "mdchoose.h"

#include <stdbool.h>

/** status_md() - record the md outcome (kept until status_finish()). */
void status_md(const struct initrd_args *a, const struct mdchoose_result *r,
	       const bool *present);

/** status_note() - record one more "@key=@value" line. */
void status_note(const char *key, const char *value);

/** status_single() - record a single-disk root (no md). */
void status_single(const struct initrd_args *a);

/** status_finish() - write the file with result=ok. */
void status_finish(const char *rootdev);

/** status_fatal() - write the file with result=fatal and @msg. */
void status_fatal(const char *msg);

#endif
