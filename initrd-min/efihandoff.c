/* SPDX-License-Identifier: GPL-3.0-or-later */
/* efihandoff.c - the boot loader's handoff, read from efivarfs (efihandoff.h). */
#include "efihandoff.h"
#include "aoename.h"
#include "bootargs.h"
#include "err.h"
#include "handoff.h"
#include "log.h"
#include "modload.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#define EFIHANDOFF_PATH EFIHANDOFF_EFIVARS "/" HANDOFF_EFI_VAR_NAME "-" HANDOFF_EFI_VAR_GUID_STR

/* Mount efivarfs (loading its module when the kernel has it as one, as
 * Debian's 6.1 does: CONFIG_EFIVAR_FS=m). Return: 1 when we mounted it
 * (unmount after), 0 when it already was, -1 when it cannot be. */
static int efihandoff_mount(const char *cmdline)
{
	static const unsigned long fl = MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY;

	if (mount("efivarfs", EFIHANDOFF_EFIVARS, "efivarfs", fl, NULL) == 0)
		return 1;
	if (errno == EBUSY)
		return 0;
	if (errno == ENODEV) {
		if (modload_init(cmdline) < 0 || modload_load("efivarfs", NULL))
			log_err("handoff: cannot load the efivarfs module (rebuild the "
				"initrd with mkinitrd-aoe: it packs efivarfs)");
		else if (mount("efivarfs", EFIHANDOFF_EFIVARS, "efivarfs", fl, NULL) == 0)
			return 1;
	}
	log_err("handoff: cannot mount efivarfs on %s: %s", EFIHANDOFF_EFIVARS, strerror(errno));
	return -1;
}

/* The variable's data (efivarfs puts its 4 attribute bytes first).
 * Return: its length, 0 when there is none, -1 on error (said). */
static ssize_t efihandoff_read(uint8_t *buf, size_t cap)
{
	int fd = open(EFIHANDOFF_PATH, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0) {
		if (errno != ENOENT)
			log_err("handoff: %s: %s", EFIHANDOFF_PATH, strerror(errno));
		return errno == ENOENT ? 0 : -1;
	}
	n = read(fd, buf, cap);
	close(fd);
	if (n < 4) {
		log_err("handoff: %s: %s", EFIHANDOFF_PATH, n < 0 ? strerror(errno) : "too short");
		return -1;
	}
	memmove(buf, buf + 4, (size_t)n - 4);
	return n - 4;
}

static void efihandoff_names(const struct bootargs *b, char *buf, size_t cap)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < b->n_members && n + AOE_NAME_MAX + 1 < cap; i++) {
		if (i)
			buf[n++] = ',';
		aoe_name_format(b->members[i].shelf, b->members[i].slot, buf + n, cap - n);
		n += strlen(buf + n);
	}
}

/* The command line's contract part as a struct bootargs, to compare. */
static void efihandoff_from_args(const struct initrd_args *a, struct bootargs *b)
{
	bootargs_init(b);
	for (size_t i = 0; i < a->members_len && i < BOOTARGS_MAX_MEMBERS; i++) {
		b->members[i].shelf = a->members[i].shelf;
		b->members[i].slot = a->members[i].slot;
		b->n_members = i + 1;
	}
}

/* Take the record's members (and what the command line left unsaid). */
static void efihandoff_apply(struct initrd_args *a, const struct bootargs *b)
{
	memset(a->members, 0, sizeof(a->members));
	for (size_t i = 0; i < b->n_members; i++) {
		a->members[i].shelf = b->members[i].shelf;
		a->members[i].slot = b->members[i].slot;
	}
	a->members_len = b->n_members;
	if (!a->netdevs_len && b->n_netdevs) {
		memset(a->netdevs, 0, sizeof(a->netdevs));
		a->netdevs[0].by_mac = true;
		memcpy(a->netdevs[0].mac, b->netdevs[0].mac, 6);
		a->netdevs_len = 1;
	}
	if (!a->has_uuid && b->has_uuid) {
		memcpy(a->md_uuid, b->uuid, 16);
		a->has_uuid = true;
	}
	if (!a->vlan)
		a->vlan = b->vlan;
}

static int efihandoff_use(struct initrd_args *a, const struct handoff *h)
{
	char theirs[BOOTARGS_MAX_MEMBERS * AOE_NAME_MAX + 1], ours[sizeof(theirs)];
	char text[BOOTARGS_TEXT_MAX];
	struct bootargs b, cl;

	handoff_to_bootargs(h, &b);
	efihandoff_names(&b, theirs, sizeof(theirs));
	if (bootargs_format(&b, text, sizeof(text), NULL))
		text[0] = '\0';
	log_info("handoff from the boot loader (%s, %s): members %s, chosen by: %s%s",
		 HANDOFF_EFI_VAR_NAME, handoff_writer_text(h->writer),
		 b.n_members ? theirs : "none", handoff_rule_text(h->rule),
		 h->flags & HANDOFF_F_DEGRADED ? ", degraded" : "");
	if (a->members_len) {
		efihandoff_from_args(a, &cl);
		efihandoff_names(&cl, ours, sizeof(ours));
		if (!bootargs_same_members(&b, &cl))
			log_err("handoff: the command line names %s, the boot loader's handoff %s: "
				"the command line wins", ours, b.n_members ? theirs : "none");
		return 0;
	}
	if (!b.n_members)
		return 0;
	efihandoff_apply(a, &b);
	log_info("members taken from the boot loader's handoff: %s (as if %s)", theirs, text);
	return 1;
}

int efihandoff_take(struct initrd_args *a, const char *cmdline)
{
	uint8_t buf[HANDOFF_MAX_LEN + 64];
	struct handoff h;
	struct stat st;
	ssize_t n;
	int mounted, err, took = 0;

	if (stat("/sys/firmware/efi", &st)) {
		log_debug("handoff: no EFI firmware (BIOS): the command line alone counts");
		return 0;
	}
	mounted = efihandoff_mount(cmdline);
	if (mounted < 0)
		return 0;
	n = efihandoff_read(buf, sizeof(buf));
	if (n == 0)
		log_info("handoff: no %s variable (the boot loader left none)", HANDOFF_EFI_VAR_NAME);
	if (n > 0) {
		err = handoff_parse(buf, (size_t)n, &h);
		if (err)
			log_err("handoff: %s unusable (%zd bytes): %s", HANDOFF_EFI_VAR_NAME, n,
				ar_strerror(err));
		else
			took = efihandoff_use(a, &h);
	}
	if (mounted == 1)
		umount(EFIHANDOFF_EFIVARS);
	return took;
}
