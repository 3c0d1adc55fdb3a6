/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * efi.c - console output, formatting and error conversion for the stub,
 * (no libc here; libefi provides memset/memcpy for the compiler).
 */
#include "efi.h"
#include "err.h"
#include <efistdarg.h>

/* memset/memcpy, which the compiler may emit calls to, come from libefi. */

void efi_blob_free(struct efi_blob *b)
{
	if (b->owned && b->data)
		FreePool(b->data);
	b->data = NULL;
	b->len = 0;
	b->owned = false;
}

EFI_STATUS efi_status_from_err(int err)
{
	switch (err) {
	case 0: return EFI_SUCCESS;
	case AR_ENOENT: return EFI_NOT_FOUND;
	case AR_ENOMEM: return EFI_OUT_OF_RESOURCES;
	case AR_ENOSPC: return EFI_BUFFER_TOO_SMALL;
	case AR_ETIMEDOUT: return EFI_TIMEOUT;
	case AR_EPERM: return EFI_ACCESS_DENIED;
	case AR_ENOTSUP: return EFI_UNSUPPORTED;
	case AR_EIO: return EFI_DEVICE_ERROR;
	case AR_EINVAL: return EFI_INVALID_PARAMETER;
	default: return EFI_LOAD_ERROR;
	}
}

const char *efi_status_str(EFI_STATUS st)
{
	static const struct { EFI_STATUS st; const char *name; } names[] = {
		{ EFI_SUCCESS, "EFI_SUCCESS" },
		{ EFI_LOAD_ERROR, "EFI_LOAD_ERROR" },
		{ EFI_INVALID_PARAMETER, "EFI_INVALID_PARAMETER" },
		{ EFI_UNSUPPORTED, "EFI_UNSUPPORTED" },
		{ EFI_BUFFER_TOO_SMALL, "EFI_BUFFER_TOO_SMALL" },
		{ EFI_NOT_READY, "EFI_NOT_READY" },
		{ EFI_DEVICE_ERROR, "EFI_DEVICE_ERROR" },
		{ EFI_OUT_OF_RESOURCES, "EFI_OUT_OF_RESOURCES" },
		{ EFI_NOT_FOUND, "EFI_NOT_FOUND" },
		{ EFI_ACCESS_DENIED, "EFI_ACCESS_DENIED" },
		{ EFI_TIMEOUT, "EFI_TIMEOUT" },
		{ EFI_ABORTED, "EFI_ABORTED" },
		{ EFI_SECURITY_VIOLATION, "EFI_SECURITY_VIOLATION" },
		{ EFI_NO_MEDIA, "EFI_NO_MEDIA" },
		{ EFI_TFTP_ERROR, "EFI_TFTP_ERROR" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].st == st)
			return names[i].name;
	return "EFI error";
}

void efi_con_write(const char *text, size_t len)
{
	CHAR16 buf[128];
	size_t n = 0, i;

	for (i = 0; i < len; i++) {
		uint8_t c = (uint8_t)text[i];

		if (n + 3 > sizeof(buf) / sizeof(buf[0])) {
			buf[n] = 0;
			ST->ConOut->OutputString(ST->ConOut, buf);
			n = 0;
		}
		if (c == '\n')
			buf[n++] = '\r';
		/* UTF-8 continuation/lead bytes: one '?' per sequence. */
		if (c >= 0x80) {
			if ((c & 0xc0) == 0x80)
				continue;
			c = '?';
		}
		buf[n++] = c;
	}
	buf[n] = 0;
	if (n)
		ST->ConOut->OutputString(ST->ConOut, buf);
}

void efi_log(const char *text)
{
	size_t len = 0;

	while (text[len])
		len++;
	efi_con_write(text, len);
}

/* ---- a tiny formatter: enough for messages, no floating point ---------- */

struct fmt_out {
	char *buf;
	size_t cap, len;
};

static void fmt_putc(struct fmt_out *o, char c)
{
	if (o->len + 1 < o->cap)
		o->buf[o->len++] = c;
}

static void fmt_num(struct fmt_out *o, uint64_t v, unsigned base, bool neg, int width, char pad)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		tmp[n++] = '-';
	while (width-- > n)
		fmt_putc(o, pad);
	while (n)
		fmt_putc(o, tmp[--n]);
}

static size_t efi_vsnprintf(char *buf, size_t cap, const char *fmt, va_list ap)
{
	struct fmt_out o = { buf, cap, 0 };

	for (; *fmt; fmt++) {
		int width = 0, lng = 0;
		char pad = ' ';

		if (*fmt != '%') {
			fmt_putc(&o, *fmt);
			continue;
		}
		fmt++;
		if (*fmt == '0')
			pad = '0';
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z') {
			lng = 1;
			fmt++;
		}
		switch (*fmt) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			int n = 0;

			for (; s && s[n]; n++)
				;
			while (width-- > n)
				fmt_putc(&o, ' ');
			while (s && *s)
				fmt_putc(&o, *s++);
			break;
		}
		case 'c':
			fmt_putc(&o, (char)va_arg(ap, int));
			break;
		case 'd': {
			int64_t v = lng ? va_arg(ap, long) : va_arg(ap, int);

			fmt_num(&o, v < 0 ? (uint64_t)-v : (uint64_t)v, 10, v < 0, width, pad);
			break;
		}
		case 'u':
		case 'x':
			fmt_num(&o, lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned),
				*fmt == 'u' ? 10 : 16, false, width, pad);
			break;
		case '%':
			fmt_putc(&o, '%');
			break;
		default:
			goto out;       /* unknown conversion: stop, never guess */
		}
	}
out:
	if (cap)
		buf[o.len] = 0;
	return o.len;
}

size_t efi_snprintf(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = efi_vsnprintf(buf, cap, fmt, ap);
	va_end(ap);
	return n;
}

void efi_logf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	efi_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	efi_log(buf);
}
