/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * err.h - the one error space of aoeroot.
 *
 * Every function in common/ returns 0 on success or one of these negative
 * codes. They mirror Linux errno numbers so /init can hand them to the kernel
 * world unchanged; GRUB and EFI convert them at their edge (grub_error(),
 * EFI_STATUS). Freestanding: no libc.
 */
#ifndef AOEROOT_ERR_H
#define AOEROOT_ERR_H

enum ar_err {
	AR_OK = 0,
	AR_EPERM = -1,      /* not allowed (e.g. would write to a target) */
	AR_ENOENT = -2,     /* no such parameter / target / superblock */
	AR_EIO = -5,        /* the device or link reported an error */
	AR_E2BIG = -7,      /* value or list longer than allowed */
	AR_EAGAIN = -11,    /* nothing yet: try again later (non-blocking rx) */
	AR_ENOMEM = -12,    /* caller-provided table is full */
	AR_EBUSY = -16,     /* in use */
	AR_EEXIST = -17,    /* already present (duplicate) */
	AR_EINVAL = -22,    /* malformed argument */
	AR_ENOSPC = -28,    /* caller buffer too small */
	AR_ERANGE = -34,    /* number out of range */
	AR_EPROTO = -71,    /* not our protocol / wrong version */
	AR_EBADMSG = -74,   /* malformed frame or on-disk structure */
	AR_EOVERFLOW = -75, /* arithmetic overflow in a size or offset */
	AR_EMSGSIZE = -90,  /* frame too short or too long */
	AR_ENOTSUP = -95,   /* valid but unsupported (e.g. unknown md version) */
	AR_ETIMEDOUT = -110,/* no answer in time */
	AR_ESTALE = -116,   /* stale md member / stale selection */
	AR_ECHECKSUM = -4097, /* checksum mismatch (aoeroot-specific) */
	AR_ESPLIT = -4098,  /* md split brain detected (aoeroot-specific) */
	AR_EDUP = -4099,    /* one shelf.slot answered by several devices */
};

/**
 * ar_strerror() - a short English text for an error code.
 * @err: 0 or a negative enum ar_err value (any other value is allowed).
 * Return: a static NUL-terminated string, never NULL.
 */
const char *ar_strerror(int err);

#endif /* AOEROOT_ERR_H */
