/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * args.h - the kernel arguments /init understands, parsed into one struct.
 *
 * Pure code (libc string functions only): the unit tests build it on the
 * host. Every bad value is reported through a callback naming the argument
 * and what is wrong with it; the last of duplicated arguments wins.
 */
#ifndef AOEROOT_INITRD_ARGS_H
#define AOEROOT_INITRD_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
	INITRD_MAX_NETDEVS = 8,
	INITRD_MAX_MEMBERS = 8,
	INITRD_NAME_MAX = 32,
	INITRD_PATH_MAX = 256,
	INITRD_DEFAULT_WAIT_S = 5,
	INITRD_DEFAULT_TIMEOUT_S = 0,   /* 0: wait for the storage forever */
	INITRD_MTU_MIN = 68,
	INITRD_MTU_MAX = 65535,
};

enum initrd_panic {
	INITRD_PANIC_WAIT = 0,   /* default: print, then wait forever */
	INITRD_PANIC_REBOOT,
	INITRD_PANIC_POWEROFF,
};

/* One NIC from aoe_netdev=: a kernel name, or a MAC address. */
struct initrd_netdev {
	char name[INITRD_NAME_MAX];  /* empty when given as a MAC */
	uint8_t mac[6];
	bool by_mac;
};

/* One md member from aoe_md_devs= (eS.L, optionally @MAC). */
struct initrd_member {
	uint16_t shelf;
	uint8_t slot;
	bool pinned;                 /* @MAC given: only this MAC may answer */
	uint8_t mac[6];
};

struct initrd_args {
	struct initrd_netdev netdevs[INITRD_MAX_NETDEVS];
	size_t netdevs_len;          /* 0: every Ethernet NIC */
	struct initrd_member members[INITRD_MAX_MEMBERS];
	size_t members_len;          /* 0: no md; root= names the device */
	char md_dev[INITRD_NAME_MAX];/* aoe_md_dev=, default "md0" */
	bool has_uuid;
	uint8_t md_uuid[16];         /* aoe_md_uuid= */
	bool has_prefer;
	uint16_t prefer_shelf;       /* aoe_md_prefer=eS.L */
	uint8_t prefer_slot;
	unsigned wait_s;             /* aoe_wait= */
	unsigned timeout_s;          /* aoe_timeout=, 0 = forever */
	enum initrd_panic panic;     /* aoe_panic= */
	int deadsecs;                /* aoe_deadsecs=, -1 = module default */
	int mtu;                     /* aoe_mtu=, 0 = leave as is */
	bool debug;                  /* aoe_debug */
	bool quiet;                  /* quiet */
	char root[INITRD_PATH_MAX];  /* root= */
	char rootfstype[INITRD_NAME_MAX];
	char rootflags[INITRD_PATH_MAX];
	bool ro;                     /* ro (default) / rw */
	char init[INITRD_PATH_MAX];  /* init=, default /sbin/init */
	char ifname[INITRD_NAME_MAX * 4]; /* aoe_ifname=: base, list, or "keep" */
	bool md_readd;               /* aoe_md_readd=, default 1 */
	bool degraded_ok;            /* aoe_degraded=, default 1: after aoe_wait,
	                                boot without the missing members */
	uint16_t vlan;               /* aoe_vlan=, 802.1Q VLAN ID; 0 = none */
};

/**
 * initrd_args_report_fn - called once per bad kernel argument.
 * @ctx: the caller's context.
 * @key: the argument's name (e.g. "aoe_mtu").
 * @value: the value as given.
 * @why: what is wrong, in a few words.
 */
typedef void (*initrd_args_report_fn)(void *ctx, const char *key,
				      const char *value, const char *why);

/**
 * initrd_args_defaults() - fill @a with the documented defaults.
 * @a: the struct to fill.
 */
void initrd_args_defaults(struct initrd_args *a);

/**
 * initrd_args_parse() - parse a kernel command line into @a.
 * @line: the command line (as in /proc/cmdline; double quotes group).
 * @a: filled with defaults first, then with each argument in order, so the
 *     last of duplicated arguments wins.
 * @report: called for each bad value (may be NULL).
 * @ctx: passed to @report.
 * Return: the number of bad values (0 when all is well).
 */
int initrd_args_parse(const char *line, struct initrd_args *a,
		      initrd_args_report_fn report, void *ctx);

/**
 * initrd_args_module_params() - the MODULE.PARAM=VALUE options for one module.
 * @line: the command line.
 * @module: the module name ('-' and '_' are the same, as for modprobe).
 * @buf: receives "PARAM=VALUE PARAM2=VALUE2" (values with spaces quoted).
 * @cap: size of @buf.
 * Return: 0, or -1 when @buf is too small.
 */
int initrd_args_module_params(const char *line, const char *module,
			      char *buf, size_t cap);

/**
 * initrd_parse_aoename() - parse "eS.L" (shelf 0..65534, slot 0..254).
 * Return: 0, or -1 when malformed or out of range.
 */
int initrd_parse_aoename(const char *s, uint16_t *ret_shelf, uint8_t *ret_slot);

/**
 * initrd_parse_mac() - parse "aa:bb:cc:dd:ee:ff" (also '-' separated).
 * Return: 0, or -1 when malformed.
 */
int initrd_parse_mac(const char *s, uint8_t ret_mac[6]);

/**
 * initrd_parse_uuid() - parse an md UUID: 32 hex digits, any ':' '-' '.'
 * separators (mdadm prints a1b2c3d4:..., blkid prints 8-4-4-4-12).
 * Return: 0, or -1 when malformed.
 */
int initrd_parse_uuid(const char *s, uint8_t ret_uuid[16]);

#endif /* AOEROOT_INITRD_ARGS_H */
