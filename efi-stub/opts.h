/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * opts.h - the stub's own options, `aoeboot.*` words of the base command
 * line (the .cmdline section or cmdline.txt). They are removed from what
 * the kernel gets: they mean nothing to Linux, and a dotted unknown word
 * would otherwise be taken for a module parameter.
 *
 *   aoeboot.timeout=SECONDS  countdown before the unattended choice boots
 *                            (default 5; 0 = at once; -1 = wait for Enter)
 *   aoeboot.nic=MAC          NIC for AoE (default: the NIC the stub was
 *                            network-booted from, else the first NIC)
 *   aoeboot.select=WHAT      saved (default: the saved selection if still
 *                            valid, else the auto choice), auto (ignore the
 *                            saved one), or a list eS.L,eS.L
 *   aoeboot.scan_ms=MS       discovery time limit (default 5000, 100..60000)
 *   aoeboot.save=0|1         remember an accepted selection made by a
 *                            person in the EFI variable (default 1)
 *   aoeboot.verbose=0|1|2    0 quiet, 1 progress (default), 2 frame counts
 *   aoeboot.vlan=ID          speak 802.1Q on VLAN ID (1..4094): tagged AoE
 *                            frames only, answers of other VLANs and
 *                            untagged ones ignored; the kernel gets
 *                            aoe_vlan=ID (default: none, untagged)
 *   aoeboot.wait=SECONDS     how long after the scan's start to wait for
 *                            a member of the chosen array that does not
 *                            answer before booting degraded unattended
 *                            (default 10, CHOOSE_DEF_WAIT_MS; 0..86400)
 *   aoeboot.degraded=0|1     0: never boot a degraded array unattended;
 *                            the picker stays up for a person (default 1)
 *   aoeboot.dhcp=0|1         1: when the firmware did not network-boot
 *                            the stub (no DHCP answer to read), ask the
 *                            NIC's PXE Base Code for one: root path and
 *                            host name for the unattended choice, from a
 *                            local ESP (default 0: without a DHCP server
 *                            the firmware's DHCP waits up to a minute)
 *   aoeboot.publish=0|1      1: no kernel; publish the accepted fresh
 *                            members as read-only UEFI Block I/O disks
 *                            and start the next loader (default 0)
 *   aoeboot.next=PATH        the next loader in publish mode, a path on
 *                            the stub's own volume (default
 *                            OPTS_DEF_NEXT: Debian's shim)
 *
 * Pure code: builds on the host for the unit tests.
 */
#ifndef AOEROOT_EFI_OPTS_H
#define AOEROOT_EFI_OPTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define OPTS_PREFIX "aoeboot."
#define OPTS_DEF_NEXT "\\EFI\\debian\\shimx64.efi"

enum {
	OPTS_DEF_TIMEOUT_S = 5,
	OPTS_TIMEOUT_MAX_S = 3600,
	OPTS_DEF_SCAN_MS = 5000,
	OPTS_SCAN_MIN_MS = 100,
	OPTS_SCAN_MAX_MS = 60000,
	OPTS_SELECT_MAX = 160,
	OPTS_BAD_MAX = 64,
	OPTS_NEXT_MAX = 128,
	/* longest line opts_parse() takes (the kernel keeps 2048 on x86) */
	OPTS_LINE_MAX = 4096,
};

enum opts_select {
	OPTS_SELECT_SAVED = 0,
	OPTS_SELECT_AUTO,
	OPTS_SELECT_LIST,
};

struct aoeboot_opts {
	int timeout_s;                 /* -1: no countdown */
	bool has_nic;
	uint8_t nic[6];
	enum opts_select select;
	char select_list[OPTS_SELECT_MAX]; /* OPTS_SELECT_LIST: "e0.0,e1.0" */
	uint32_t scan_ms;
	bool save;
	unsigned verbose;
	uint16_t vlan;                 /* 0: untagged */
	uint32_t wait_ms;              /* aoeboot.wait=, in ms */
	bool degraded;                 /* aoeboot.degraded= (1: allowed) */
	bool dhcp;                     /* aoeboot.dhcp=1 */
	bool publish;                  /* aoeboot.publish=1 */
	char next[OPTS_NEXT_MAX];      /* "\\EFI\\...": '/' turned into '\\' */
	unsigned n_bad;                /* options refused (kept as defaults) */
	char bad[OPTS_BAD_MAX];        /* the first refused word, cut */
};

/** opts_default() - the defaults listed above. */
void opts_default(struct aoeboot_opts *ret_o);

/**
 * opts_parse() - take every `aoeboot.*` word out of a command line.
 * @line: UTF-8 command line, @len bytes (need not be NUL-terminated).
 * @len: bytes at @line.
 * @o: options to update (start from opts_default()); a malformed or
 *     unknown aoeboot.* word leaves the option as it was, counts in n_bad
 *     and the first one is copied to bad[].
 * @ret_rest: the command line without the aoeboot.* words (single spaces
 *            between words, quotes kept), NUL-terminated; may be NULL.
 * @cap: bytes at @ret_rest.
 * Words are split as the kernel splits them (common/cmdline.h). A bare
 * "--" ends the kernel's part: it and everything after it (init's
 * arguments, aoeboot.* words included) are kept as they are.
 * Return: 0; AR_ENOSPC when @ret_rest is too small or @len is
 * OPTS_LINE_MAX or more; AR_EINVAL for an unterminated quote.
 */
int opts_parse(const char *line, size_t len, struct aoeboot_opts *o,
	       char *ret_rest, size_t cap);

#endif /* AOEROOT_EFI_OPTS_H */
