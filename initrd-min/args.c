/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * args.c - kernel argument parsing for /init (pure; unit-tested on the host).
 */
#include "args.h"

#include "aoename.h"
#include "bootargs.h"
#include "err.h"
#include "cmdline.h"
#include "kmod.h"
#include "mdsb.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ARGS_ITEM_MAX = 1024 };

void initrd_args_defaults(struct initrd_args *a)
{
	memset(a, 0, sizeof(*a));
	strcpy(a->md_dev, "md0");
	a->wait_s = INITRD_DEFAULT_WAIT_S;
	a->timeout_s = INITRD_DEFAULT_TIMEOUT_S;
	a->panic = INITRD_PANIC_WAIT;
	a->deadsecs = -1;
	a->ro = true;
	strcpy(a->init, "/sbin/init");
	strcpy(a->ifname, "aoe");
	a->md_readd = true;
	a->degraded_ok = true;
}

/* A decimal number without sign, spaces or trailing junk, at most @max. */
static int parse_uint(const char *s, unsigned long max, unsigned long *ret)
{
	unsigned long v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (v > (max - (unsigned long)(*s - '0')) / 10)
			return -1;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	*ret = v;
	return 0;
}

int initrd_parse_aoename(const char *s, uint16_t *ret_shelf, uint8_t *ret_slot)
{
	return aoe_name_parse(s, strlen(s), ret_shelf, ret_slot) ? -1 : 0;
}

int initrd_parse_mac(const char *s, uint8_t ret_mac[6])
{
	return aoename_mac_parse(s, strlen(s), ret_mac) ? -1 : 0;
}

int initrd_parse_uuid(const char *s, uint8_t ret_uuid[16])
{
	/* mdadm's and blkid's forms, or 32 hex digits with any of the
	 * separators users type */
	return aoename_uuid_parse_loose(s, strlen(s), ret_uuid) ? -1 : 0;
}

/* Split a comma list into @cap items of @item_cap bytes; -1 on overflow. */
static int split_list(const char *v, char items[][ARGS_ITEM_MAX / 4], size_t cap,
		      size_t *ret_len)
{
	size_t len = 0;

	while (*v) {
		const char *c = strchr(v, ',');
		size_t n = c ? (size_t)(c - v) : strlen(v);

		if (len >= cap || n >= ARGS_ITEM_MAX / 4)
			return -1;
		memcpy(items[len], v, n);
		items[len++][n] = '\0';
		v += n;
		if (*v == ',')
			v++;
	}
	*ret_len = len;
	return 0;
}

struct parse_ctx {
	struct initrd_args *a;
	struct bootargs boot;        /* the contract's keys so far */
	initrd_args_report_fn report;
	void *ctx;
	int bad;
};

static void bad(struct parse_ctx *p, const char *key, const char *value,
		const char *why)
{
	p->bad++;
	if (p->report)
		p->report(p->ctx, key, value, why);
}

/* What /init says about a refused value of the contract's keys. */
static const char *contract_why(const char *k, int err)
{
	if (!strcmp(k, "aoe_netdev"))
		return "expected a comma list of up to 8 NIC names (< 16 chars) or MAC addresses aa:bb:cc:dd:ee:ff";
	if (!strcmp(k, "aoe_md_devs"))
		return err == AR_E2BIG ? "expected a comma list of up to 8 eS.L[@MAC]" :
		       err == AR_ERANGE ? "an item is not eSHELF.SLOT (shelf 0-65534, slot 0-254)" :
		       "expected a comma list of up to 8 eS.L[@MAC] (each listed once, MAC aa:bb:cc:dd:ee:ff)";
	if (!strcmp(k, "aoe_md_uuid"))
		return "expected 32 hex digits (separators : - . allowed)";
	return "expected a VLAN ID, 1-4094";
}

/* The contract's keys (aoe_netdev=, aoe_md_devs=, aoe_md_uuid=, aoe_vlan=)
 * go through its one parser (common/bootargs.h), then into @p->a.
 * Return: -1 when @k is not one of them. */
static int parse_contract(struct parse_ctx *p, const char *k, const char *v)
{
	struct bootargs *b = &p->boot;
	struct initrd_args *a = p->a;
	int err = bootargs_parse_arg(b, k, strlen(k), v, v ? strlen(v) : 0);

	if (err == BOOTARGS_NOT_OURS)
		return -1;
	if (err) {
		bad(p, k, v ? v : "", contract_why(k, err));
		return 0;
	}
	memset(a->netdevs, 0, sizeof(a->netdevs));
	for (size_t i = 0; i < b->n_netdevs; i++) {
		a->netdevs[i].by_mac = b->netdevs[i].by_mac;
		memcpy(a->netdevs[i].mac, b->netdevs[i].mac, 6);
		snprintf(a->netdevs[i].name, sizeof(a->netdevs[i].name), "%s", b->netdevs[i].name);
	}
	a->netdevs_len = b->n_netdevs;
	memset(a->members, 0, sizeof(a->members));
	for (size_t i = 0; i < b->n_members; i++) {
		a->members[i].shelf = b->members[i].shelf;
		a->members[i].slot = b->members[i].slot;
		a->members[i].pinned = b->members[i].pinned;
		memcpy(a->members[i].mac, b->members[i].mac, 6);
	}
	a->members_len = b->n_members;
	a->has_uuid = b->has_uuid;
	memcpy(a->md_uuid, b->uuid, 16);
	a->vlan = b->vlan;
	return 0;
}

static void parse_seconds(struct parse_ctx *p, const char *key, const char *v,
			  unsigned *ret)
{
	unsigned long s;

	if (parse_uint(v, 86400, &s))
		return bad(p, key, v, "expected whole seconds, 0-86400");
	*ret = (unsigned)s;
}

static void parse_string(struct parse_ctx *p, const char *key, const char *v,
			 char *dst, size_t cap, bool need_slash)
{
	if (strlen(v) >= cap)
		return bad(p, key, v, "value too long");
	if (need_slash && v[0] != '/')
		return bad(p, key, v, "expected an absolute path");
	strcpy(dst, v);
}

static void parse_panic(struct parse_ctx *p, const char *v)
{
	if (!strcmp(v, "wait"))
		p->a->panic = INITRD_PANIC_WAIT;
	else if (!strcmp(v, "reboot"))
		p->a->panic = INITRD_PANIC_REBOOT;
	else if (!strcmp(v, "poweroff"))
		p->a->panic = INITRD_PANIC_POWEROFF;
	else
		bad(p, "aoe_panic", v, "expected wait, reboot or poweroff");
}

static void parse_md_dev(struct parse_ctx *p, const char *v)
{
	unsigned long n;

	if (strncmp(v, "/dev/", 5) == 0)
		v += 5;
	if (strncmp(v, "md", 2) || parse_uint(v + 2, 255, &n))
		return bad(p, "aoe_md_dev", v, "expected mdN (N 0-255)");
	strcpy(p->a->md_dev, v);
}

/* aoe_ifname=: "keep", a base ("aoe" -> aoe0, aoe1, ...) or a comma list of
 * names, one per AoE NIC; each name 1-15 of [A-Za-z0-9_-]. */
static void parse_ifname(struct parse_ctx *p, const char *v)
{
	char items[INITRD_MAX_NETDEVS][ARGS_ITEM_MAX / 4];
	size_t len = 0;

	if (strlen(v) >= sizeof(p->a->ifname) ||
	    split_list(v, items, INITRD_MAX_NETDEVS, &len) || len == 0)
		return bad(p, "aoe_ifname", v, "expected keep, a base name or a comma list of up to 8 names");
	for (size_t i = 0; i < len; i++) {
		size_t n = strlen(items[i]);
		bool base = len == 1 && n && (items[i][n - 1] < '0' || items[i][n - 1] > '9');

		/* a base gets a number appended: leave room for two digits */
		if (n == 0 || n > (base ? 13u : 15u) ||
		    strspn(items[i], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != n)
			return bad(p, "aoe_ifname", v, "a name is empty, too long or not [A-Za-z0-9_-]");
		for (size_t j = 0; j < i; j++)
			if (!strcmp(items[i], items[j]))
				return bad(p, "aoe_ifname", v, "a name is listed twice");
	}
	strcpy(p->a->ifname, v);
}

static void parse_root(struct parse_ctx *p, const char *v)
{
	if (strncmp(v, "UUID=", 5) != 0 && v[0] != '/')
		return bad(p, "root", v, "expected /dev/... or UUID=...");
	parse_string(p, "root", v, p->a->root, sizeof(p->a->root), false);
}

/* Arguments whose value is a number or a word; -1 when not ours. */
static int parse_value(struct parse_ctx *p, const char *k, const char *v)
{
	struct initrd_args *a = p->a;
	unsigned long n;

	if (parse_contract(p, k, v) == 0) ;
	else if (!strcmp(k, "aoe_md_dev")) parse_md_dev(p, v);
	else if (!strcmp(k, "aoe_md_prefer")) {
		if (initrd_parse_aoename(v, &a->prefer_shelf, &a->prefer_slot))
			bad(p, k, v, "expected eSHELF.SLOT");
		else
			a->has_prefer = true;
	} else if (!strcmp(k, "aoe_wait")) parse_seconds(p, k, v, &a->wait_s);
	else if (!strcmp(k, "aoe_timeout")) parse_seconds(p, k, v, &a->timeout_s);
	else if (!strcmp(k, "aoe_panic")) parse_panic(p, v);
	else if (!strcmp(k, "aoe_deadsecs")) {
		if (parse_uint(v, 100000, &n))
			bad(p, k, v, "expected whole seconds, 0-100000");
		else
			a->deadsecs = (int)n;
	} else if (!strcmp(k, "aoe_mtu")) {
		if (parse_uint(v, INITRD_MTU_MAX, &n) || n < INITRD_MTU_MIN)
			bad(p, k, v, "expected an MTU of 68-65535 bytes");
		else
			a->mtu = (int)n;
	} else if (!strcmp(k, "aoe_ifname")) parse_ifname(p, v);
	else if (!strcmp(k, "aoe_md_readd") || !strcmp(k, "aoe_degraded")) {
		if (strcmp(v, "0") && strcmp(v, "1"))
			bad(p, k, v, "expected 0 or 1");
		else if (k[4] == 'm')
			a->md_readd = v[0] == '1';
		else
			a->degraded_ok = v[0] == '1';
	} else if (!strcmp(k, "root")) parse_root(p, v);
	else if (!strcmp(k, "rootfstype"))
		parse_string(p, k, v, a->rootfstype, sizeof(a->rootfstype), false);
	else if (!strcmp(k, "rootflags"))
		parse_string(p, k, v, a->rootflags, sizeof(a->rootflags), false);
	else if (!strcmp(k, "init"))
		parse_string(p, k, v, a->init, sizeof(a->init), true);
	else
		return -1;
	return 0;
}

static void parse_flag(struct parse_ctx *p, const char *k)
{
	if (parse_contract(p, k, NULL) == 0)
		return;
	if (!strcmp(k, "aoe_debug")) p->a->debug = true;
	else if (!strcmp(k, "quiet")) p->a->quiet = true;
	else if (!strcmp(k, "ro")) p->a->ro = true;
	else if (!strcmp(k, "rw")) p->a->ro = false;
	else if (!strncmp(k, "aoe_", 4))
		bad(p, k, "", "unknown aoe_ argument or missing '=value'");
}

int initrd_args_parse(const char *line, struct initrd_args *a,
		      initrd_args_report_fn report, void *ctx)
{
	struct parse_ctx p = { .a = a, .report = report, .ctx = ctx };
	const char *k, *v;
	size_t pos = 0, k_len, v_len;

	initrd_args_defaults(a);
	/* cmdline_next() stops at "--": the rest belongs to init */
	while (cmdline_next(line, &pos, &k, &k_len, &v, &v_len) == 0) {
		char key[64], val[ARGS_ITEM_MAX];

		if (k_len >= sizeof(key)) {
			if (!strncmp(k, "aoe_", 4))
				bad(&p, "aoe_...", "", "argument name too long");
			continue;
		}
		memcpy(key, k, k_len);
		key[k_len] = '\0';
		if (!v) {
			parse_flag(&p, key);
			continue;
		}
		if (v_len >= sizeof(val)) {
			if (!strncmp(key, "aoe_", 4) || !strncmp(key, "root", 4) || !strcmp(key, "init"))
				bad(&p, key, "...", "value too long");
			continue;
		}
		memcpy(val, v, v_len);
		val[v_len] = '\0';
		if (parse_value(&p, key, val) < 0 && !strncmp(key, "aoe_", 4) &&
		    !strchr(key, '.'))
			bad(&p, key, val, "unknown aoe_ argument");
	}
	return p.bad;
}

int initrd_args_module_params(const char *line, const char *module,
			      char *buf, size_t cap)
{
	const char *k, *v;
	size_t pos = 0, k_len, v_len, n = 0;

	if (cap)
		buf[0] = '\0';
	while (cmdline_next(line, &pos, &k, &k_len, &v, &v_len) == 0) {
		const char *dot = memchr(k, '.', k_len);
		size_t p_len;
		bool quote;
		int w;

		if (!dot || !kmod_name_eq(module, strlen(module), k, (size_t)(dot - k)))
			continue;
		p_len = k_len - (size_t)(dot - k) - 1;
		quote = v && memchr(v, ' ', v_len);
		if (!v)
			w = snprintf(buf + n, cap - n, "%s%.*s", n ? " " : "", (int)p_len, dot + 1);
		else
			w = snprintf(buf + n, cap - n, quote ? "%s%.*s=\"%.*s\"" : "%s%.*s=%.*s",
				     n ? " " : "", (int)p_len, dot + 1, (int)v_len, v);
		if (w < 0 || (size_t)w >= cap - n)
			return -1;
		n += (size_t)w;
	}
	return 0;
}
