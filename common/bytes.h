/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bytes.h - explicit-endian field access and the few memory helpers common/
 * needs. Wire and disk data is never cast to a struct: every field goes
 * through these byte-wise helpers, so alignment and host endianness never
 * matter (Linux aoe's put_lba style). Freestanding: no libc.
 */
#ifndef AOEROOT_BYTES_H
#define AOEROOT_BYTES_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

static inline uint16_t get_be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static inline uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static inline uint16_t get_le16(const uint8_t *p) { return (uint16_t)(p[1] << 8 | p[0]); }
static inline uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}
static inline uint64_t get_le64(const uint8_t *p)
{
	return (uint64_t)get_le32(p + 4) << 32 | get_le32(p);
}
static inline void put_be16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static inline void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}
static inline void put_le16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static inline void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}
static inline void put_le64(uint8_t *p, uint64_t v) { put_le32(p, (uint32_t)v); put_le32(p + 4, (uint32_t)(v >> 32)); }

/* Byte loops instead of libc: common/ links into GRUB, EFI and musl alike.
 * The libFuzzer build (-DAR_FUZZ_BUILD, hosted) maps the two bulk helpers to
 * the compiler's builtins instead: ASan still checks every byte through its
 * memset/memcpy interceptors (and flags overlapping copies), while coverage
 * tracing of each loop iteration no longer eats most of the executions
 * (fuzz_disc spent ~70% of its time tracing ar_memset's loop). */
#ifdef AR_FUZZ_BUILD
static inline void ar_memcpy(void *dst, const void *src, size_t n) { __builtin_memcpy(dst, src, n); }
static inline void ar_memset(void *dst, int c, size_t n) { __builtin_memset(dst, c, n); }
#else
static inline void ar_memcpy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst; const uint8_t *s = src;
	while (n--) *d++ = *s++;
}
static inline void ar_memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;
	while (n--) *d++ = (uint8_t)c;
}
#endif
static inline int ar_memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y) return *x < *y ? -1 : 1;
	return 0;
}
static inline size_t ar_strlen(const char *s)
{
	size_t n = 0;
	while (s[n]) n++;
	return n;
}
static inline size_t ar_strnlen(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && s[n]) n++;
	return n;
}
/* Overflow-checked add: returns true (and leaves *ret untouched) on overflow. */
enum { AR_DEC_MAX = 20 };  /* decimal digits of the largest uint64_t */

/* Write @v in decimal at @p (AR_DEC_MAX bytes suffice, no NUL); the digit count. */
static inline size_t ar_dec(char *p, uint64_t v)
{
	char tmp[AR_DEC_MAX];
	size_t n = 0, k;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (k = 0; k < n; k++)
		p[k] = tmp[n - 1 - k];
	return n;
}

static inline bool ar_add_overflow(size_t a, size_t b, size_t *ret)
{
	if (a > (size_t)-1 - b) return true;
	*ret = a + b;
	return false;
}

#endif /* AOEROOT_BYTES_H */
