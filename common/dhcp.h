/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dhcp.h - what a diskless machine learns from its DHCP answer: options of
 * a BOOTP/DHCP packet (RFC 2131/2132) and the AoE root path.
 *
 * Root path (DHCP option 17), in the style of RFC 4173's iscsi: paths and
 * iPXE's aoe:eS.L:
 *
 *   aoe:e0.0,e1.0                    the md members, by shelf.slot
 *   aoe:uuid=0a1b2c3d:4e5f6a7b:...   the md array (mdadm's form or dashed)
 *
 * The "aoe:" prefix is case-insensitive; a trailing NUL, space or newline is
 * ignored. Any other root path (NFS, iscsi:) is not ours: the rule does not
 * apply. Freestanding: no libc, no allocation.
 */
#ifndef AOEROOT_DHCP_H
#define AOEROOT_DHCP_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

enum {
	DHCP_OPT_PAD = 0,
	DHCP_OPT_HOSTNAME = 12,
	DHCP_OPT_ROOT_PATH = 17,
	DHCP_OPT_OVERLOAD = 52,
	DHCP_OPT_END = 255,
	DHCP_OFF_SNAME = 44,        /* server name field, 64 bytes */
	DHCP_SNAME_LEN = 64,
	DHCP_OFF_FILE = 108,        /* boot file field, 128 bytes */
	DHCP_FILE_LEN = 128,
	DHCP_OFF_COOKIE = 236,      /* be32 magic cookie 99.130.83.99 */
	DHCP_OFF_OPTIONS = 240,
	DHCP_COOKIE = 0x63825363u,
	ROOTPATH_MAX_DEVS = 16,
};

enum rootpath_kind {
	ROOTPATH_LIST = 1,          /* aoe:eS.L,... */
	ROOTPATH_UUID,              /* aoe:uuid=... */
};

/** A parsed aoe: root path. */
struct rootpath {
	enum rootpath_kind kind;
	size_t n_devs;
	uint16_t shelf[ROOTPATH_MAX_DEVS];
	uint8_t slot[ROOTPATH_MAX_DEVS];
	uint8_t uuid[16];
};

/**
 * dhcp_option() - find option @code in a BOOTP/DHCP packet: in the options
 * area, then in the file and sname fields when option 52 says they carry
 * options. The first occurrence wins.
 * @pkt: the packet from its BOOTP op byte on (no IP/UDP headers), @len bytes.
 * @ret_val: points into @pkt; @ret_len its length.
 * Return: 0; AR_ENOENT when absent; AR_EBADMSG when the packet is shorter
 * than 240 bytes, has no magic cookie, or an option runs past the end.
 */
int dhcp_option(const uint8_t *pkt, size_t len, uint8_t code,
		const uint8_t **ret_val, size_t *ret_len);

/**
 * rootpath_parse() - parse an aoe: root path (@len bytes, no NUL needed).
 * Return: 0; AR_ENOTSUP when it is not an aoe: path (not ours);
 * AR_EINVAL when it is one but malformed (bad name, bad uuid, empty, more
 * than ROOTPATH_MAX_DEVS members, a member named twice).
 */
int rootpath_parse(const char *s, size_t len, struct rootpath *ret);

/**
 * dhcp_hostname_matches() - whether md array name @md_name ("HOST:NAME",
 * mdadm's homehost convention) belongs to host @host (@host_len bytes):
 * HOST equals @host, or the first label of a dotted @host, ignoring ASCII
 * case. A name without ':' belongs to no host.
 */
bool dhcp_hostname_matches(const char *md_name, const char *host, size_t host_len);

/**
 * dhcp_text_len() - @len without trailing NULs, spaces and newlines (DHCP
 * servers may send a NUL-terminated option).
 */
size_t dhcp_text_len(const char *s, size_t len);

#endif /* AOEROOT_DHCP_H */
