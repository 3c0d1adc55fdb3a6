/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * status.c - /run/aoeroot/status writer.
 */
#include "status.h"

#include "aoename.h"
#include "log.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char body[2048];
static size_t body_len;

static void add(const char *fmt, const char *v)
{
	int n = snprintf(body + body_len, sizeof(body) - body_len, fmt, v);

	if (n > 0 && (size_t)n < sizeof(body) - body_len)
		body_len += (size_t)n;
}

/* Append " eS.L" (no space first) to the list in @buf; the new length. */
static size_t append_name(char *buf, size_t cap, size_t k, uint16_t shelf, uint8_t slot)
{
	char name[AOE_NAME_MAX];
	int n;

	aoe_name_format(shelf, slot, name, sizeof(name));
	n = snprintf(buf + k, cap - k, "%s%s", k ? " " : "", name);
	return n > 0 ? k + (size_t)n : k;
}

static void names(const char *key, const struct md_member *const *m, size_t n)
{
	char buf[256];
	size_t k = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && k < sizeof(buf); i++)
		k = append_name(buf, sizeof(buf), k, m[i]->shelf, m[i]->slot);
	add(key, buf);
}

void status_md(const struct initrd_args *a, const struct mdchoose_result *r,
	       const bool *present)
{
	const struct md_member *ref = r->order[r->n_order - 1];
	char uuid[MDSB_UUID_STR_LEN + 1], miss[256];
	size_t k = 0;

	miss[0] = '\0';
	for (size_t i = 0; i < a->members_len && k < sizeof(miss); i++)
		if (!present[i])
			k = append_name(miss, sizeof(miss), k, a->members[i].shelf,
					a->members[i].slot);
	aoename_uuid_format(ref->info.uuid, UUID_STYLE_MDADM, uuid, sizeof(uuid));
	add("md_dev=%s\n", a->md_dev);
	add("uuid=%s\n", uuid);
	names("members=%s\n", r->order, r->n_order);
	names("stale=%s\n", r->stale, r->n_stale);
	names("split=%s\n", r->split, r->n_split);
	add("missing=%s\n", miss);
	add("degraded=%s\n", r->degraded ? "1" : "0");
}

void status_note(const char *key, const char *value)
{
	char line[512];

	snprintf(line, sizeof(line), "%s=%s\n", key, value);
	add("%s", line);
}

void status_single(const struct initrd_args *a)
{
	char buf[AOE_NAME_MAX];

	aoe_name_format(a->members[0].shelf, a->members[0].slot, buf, sizeof(buf));
	add("md_dev=%s\n", "");
	add("members=%s\n", buf);
	add("degraded=%s\n", "0");
}

/*
 * Resident memory of /init now, from the page tables (smaps_rollup; VmHWM
 * lags for a process this small). Nothing is freed before switch_root, so
 * this is also the peak. "" when unknown.
 */
static void rss_kib(char *buf, size_t cap)
{
	char st[2048], *p;
	int fd = open("/proc/self/smaps_rollup", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, st, sizeof(st) - 1) : -1;

	if (fd >= 0)
		close(fd);
	buf[0] = '\0';
	if (n <= 0)
		return;
	st[n] = '\0';
	if ((p = strstr(st, "\nRss:")))
		snprintf(buf, cap, "%lu", strtoul(p + 5, NULL, 10));
}

static void write_status(const char *result, const char *extra_key, const char *extra)
{
	char ms[32], peak[32];
	int fd;

	mkdir("/run/aoeroot", 0755);
	fd = open("/run/aoeroot/status", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		log_err("cannot write /run/aoeroot/status");
		return;
	}
	snprintf(ms, sizeof(ms), "%llu", (unsigned long long)log_ms());
	rss_kib(peak, sizeof(peak));
	dprintf(fd, "result=%s\n%s%s=%s\ninit_ms=%s\ninit_rss_kib=%s\n", result, body,
		extra_key, extra, ms, peak);
	close(fd);
}

void status_finish(const char *rootdev)
{
	write_status("ok", "root", rootdev);
}

void status_fatal(const char *msg)
{
	write_status("fatal", "error", msg);
}
