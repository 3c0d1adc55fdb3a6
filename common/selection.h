/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * selection.h - the saved member selection, shared by the GRUB module and
 * the UEFI stub through one EFI variable.
 *
 * Variable: name SELECTION_EFI_VAR_NAME under vendor GUID
 * SELECTION_EFI_VAR_GUID, attributes NON_VOLATILE | BOOTSERVICE_ACCESS |
 * RUNTIME_ACCESS (0x7). Its value is ASCII text, no NUL needed:
 *
 *   v1 netdev=52:54:00:12:34:56 devs=e0.0,e1.0 uuid=0a1b2c3d:...:...:...
 *
 * Fields are separated by single spaces; `uuid=` is optional (members
 * without md); unknown `key=value` fields are ignored so later versions can
 * add some; anything else is an error. MACs are lower-case hex with colons,
 * the UUID is written as mdadm prints it (4 groups of 8 hex digits joined by
 * ':'), names are eS.L in decimal (shelf 0-65534, slot 0-254).
 */
#ifndef AOEROOT_SELECTION_H
#define AOEROOT_SELECTION_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

/* EFI variable name (ASCII; the platform widens it to UCS-2). */
#define SELECTION_EFI_VAR_NAME "AoeRootSelection"
/* Vendor GUID 1e678cb7-cfc0-4d5d-bd94-b4809eb246d2 as text and as fields. */
#define SELECTION_EFI_VAR_GUID_STR "1e678cb7-cfc0-4d5d-bd94-b4809eb246d2"
#define SELECTION_EFI_VAR_GUID_DATA1 0x1e678cb7u
#define SELECTION_EFI_VAR_GUID_DATA2 0xcfc0u
#define SELECTION_EFI_VAR_GUID_DATA3 0x4d5du
#define SELECTION_EFI_VAR_GUID_DATA4 { 0xbd, 0x94, 0xb4, 0x80, 0x9e, 0xb2, 0x46, 0xd2 }
#define SELECTION_EFI_VAR_ATTRS 0x7u

enum {
	SELECTION_MAX_DEVS = 16,   /* members in one saved selection */
	SELECTION_TEXT_MAX = 256,  /* longest serialised text + NUL */
};

/** A parsed saved selection. */
struct selection {
	uint8_t netdev[6];
	size_t n_devs;
	uint16_t shelf[SELECTION_MAX_DEVS];
	uint8_t slot[SELECTION_MAX_DEVS];
	bool has_uuid;
	uint8_t uuid[16];
};

/**
 * selection_format() - serialise @sel as the "v1 ..." text.
 * @buf: output, @cap bytes (SELECTION_TEXT_MAX is enough); NUL-terminated.
 * @ret_len: text length without the NUL (may be NULL).
 * Return: 0, AR_EINVAL for an empty or over-long member list, AR_ENOSPC.
 */
int selection_format(const struct selection *sel, char *buf, size_t cap, size_t *ret_len);

/**
 * selection_parse() - parse the text of the EFI variable.
 * @text: @len bytes (no NUL needed; a trailing NUL or newline is allowed).
 * Return: 0; AR_ENOTSUP for a version other than v1; AR_EINVAL for
 * malformed text (missing netdev= or devs=, bad MAC/name/UUID, too many devs).
 */
int selection_parse(const char *text, size_t len, struct selection *ret_sel);

/**
 * selection_parse_name() - parse "eS.L" (exactly @len bytes).
 * Return: 0, or AR_EINVAL (malformed, shelf > 65534, slot > 254).
 */
int selection_parse_name(const char *s, size_t len, uint16_t *ret_shelf, uint8_t *ret_slot);

#endif /* AOEROOT_SELECTION_H */
