/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * aoename.h - the small value syntaxes every platform reads from users:
 * AoE target names "eS.L", MAC addresses and md array UUIDs. Parsers take
 * exactly @len bytes (no NUL needed, a NUL inside is an error), so they work
 * on values straight out of cmdline_next(). Freestanding: no libc.
 */
#ifndef AOEROOT_AOENAME_H
#define AOEROOT_AOENAME_H

#include <stdint.h>
#include <stddef.h>

enum {
	AOE_NAME_MAX = 12,       /* "e65534.254" + NUL, rounded up */
	MAC_STR_LEN = 17,        /* "52:54:00:12:34:56" */
	UUID_MDADM_LEN = 35,     /* "xxxxxxxx:xxxxxxxx:xxxxxxxx:xxxxxxxx" */
	UUID_DASHED_LEN = 36,    /* "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" */
	UUID_HEX_LEN = 32,       /* "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" */
	VLAN_ARG_MAX = 16,       /* "aoe_vlan=4094" + NUL, rounded up */
};

/* aoename_uuid_format() styles. */
enum uuid_style {
	UUID_STYLE_MDADM,        /* as mdadm --detail/--examine print it */
	UUID_STYLE_DASHED,       /* 8-4-4-4-12, bytes in order */
	UUID_STYLE_HEX,          /* 32 hex digits: GRUB's mduuid/ device */
};

/**
 * aoe_name_parse() - parse a target name "e<shelf>.<slot>" (decimal).
 * @s, @len: the text (exactly @len bytes).
 * @ret_shelf, @ret_slot: the address (untouched on error).
 * Return: 0; AR_EINVAL for anything but 'e', digits, '.', digits (no sign,
 * no spaces, no trailing bytes); AR_ERANGE for shelf > 65534 or slot > 254
 * (0xFFFF and 0xFF are the broadcast addresses). Note: the Linux aoe driver
 * also ignores shelf 4095.
 */
int aoe_name_parse(const char *s, size_t len, uint16_t *ret_shelf, uint8_t *ret_slot);

/**
 * aoe_name_format() - write "e<shelf>.<slot>" and a NUL.
 * @buf, @cap: output; AOE_NAME_MAX bytes always suffice.
 * Return: 0 or AR_ENOSPC (then @buf is "" if @cap > 0).
 */
int aoe_name_format(uint16_t shelf, uint8_t slot, char *buf, size_t cap);

/**
 * aoename_vlan_id_parse() - parse an 802.1Q VLAN ID as users write it ("42").
 * @s, @len: decimal digits only (exactly @len bytes; no sign, no spaces,
 *       no leading zero unless the ID is a single digit).
 * @ret_vid: 1..4094 (untouched on error).
 * Return: 0; AR_EINVAL for anything but digits; AR_ERANGE for 0 (a priority
 * tag, no VLAN) or above 4094 (4095 is reserved).
 */
int aoename_vlan_id_parse(const char *s, size_t len, uint16_t *ret_vid);

/**
 * aoename_vlan_arg_format() - write the kernel argument "aoe_vlan=ID" and a NUL.
 * @vid: 1..4094.
 * @buf, @cap: output; VLAN_ARG_MAX bytes always suffice.
 * Return: 0; AR_EINVAL for a VID out of range; AR_ENOSPC.
 */
int aoename_vlan_arg_format(uint16_t vid, char *buf, size_t cap);

/**
 * aoename_mac_parse() - parse "52:54:00:12:34:56" or "52-54-00-12-34-56".
 * @s, @len: exactly 17 bytes: six pairs of hex digits (either case) with
 *       one separator, ':' or '-', used throughout.
 * @ret_mac: the six bytes (untouched on error).
 * Return: 0 or AR_EINVAL.
 */
int aoename_mac_parse(const char *s, size_t len, uint8_t ret_mac[6]);

/**
 * aoename_mac_format() - write "52:54:00:12:34:56" (lower case) and a NUL.
 * @buf, @cap: output, at least MAC_STR_LEN + 1 bytes.
 * Return: 0 or AR_ENOSPC.
 */
int aoename_mac_format(const uint8_t mac[6], char *buf, size_t cap);

/**
 * aoename_uuid_parse() - parse an md array UUID in mdadm's form
 * ("xxxxxxxx:xxxxxxxx:xxxxxxxx:xxxxxxxx") or the 8-4-4-4-12 form.
 * Bytes are taken in order (as mdadm and blkid print md 1.x UUIDs).
 * @s, @len: exactly UUID_MDADM_LEN or UUID_DASHED_LEN bytes.
 * @ret_uuid: the 16 bytes (untouched on error).
 * Return: 0 or AR_EINVAL.
 */
int aoename_uuid_parse(const char *s, size_t len, uint8_t ret_uuid[16]);

/**
 * aoename_uuid_parse_loose() - parse a UUID as users type it on a command line
 * (aoe_md_uuid=): 32 hex digits, either case, with any of ':', '-', '.'
 * or ' ' anywhere between them. Accepts every form aoename_uuid_parse() does.
 * @s, @len: at most @len bytes (a NUL ends the text early).
 * @ret_uuid: the 16 bytes (may be partly written on error).
 * Return: 0, or AR_EINVAL when it is not exactly 32 hex digits.
 */
int aoename_uuid_parse_loose(const char *s, size_t len, uint8_t ret_uuid[16]);

/**
 * aoename_uuid_format() - write a UUID in @style (lower case) and a NUL.
 * @buf, @cap: output, at least UUID_DASHED_LEN + 1 bytes suffice.
 * Return: 0; AR_EINVAL for an unknown style; AR_ENOSPC.
 */
int aoename_uuid_format(const uint8_t uuid[16], enum uuid_style style, char *buf, size_t cap);

#endif /* AOEROOT_AOENAME_H */
