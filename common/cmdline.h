/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmdline.h - kernel command-line reader and editor on a caller buffer.
 *
 * A command line is a NUL-terminated string split the way the kernel's
 * next_arg() (lib/cmdline.c) splits it: parameters are separated by
 * whitespace (space, \t \n \v \f \r, and byte 0xA0 as the kernel's ctype
 * says) outside double quotes; a parameter is "key" (a flag) or
 * "key=value"; a value may be quoted, key="a b", and a whole parameter may
 * be quoted, "key=a b". Keys match exactly (the kernel's '-'/'_' equivalence
 * for module parameters is not applied). Everything after a bare "--"
 * belongs to init, not to the kernel: get/set/remove look only before it,
 * set inserts new parameters before it, and the iterator stops at it.
 * When a key occurs several times, the LAST occurrence wins, as for the
 * kernel's own __setup parameters.
 *
 * Freestanding: no libc, no allocation; edits happen in place.
 */
#ifndef AOEROOT_CMDLINE_H
#define AOEROOT_CMDLINE_H

#include <stddef.h>

/* cmdline_get() result for a bare "key" (a flag, no '='). */
enum { CMDLINE_FLAG = 1 };

/**
 * cmdline_next() - iterate over the kernel parameters of a command line.
 * @line: the NUL-terminated command line.
 * @pos: in/out cursor, 0 to start.
 * @ret_key, @ret_key_len: the key (not NUL-terminated, points into @line).
 * @ret_val, @ret_val_len: the value with its quotes removed, or NULL and 0
 *       for a flag (no '=').
 * Return: 0 for a parameter; AR_ENOENT at the end of the line or at "--".
 * After a "--", *@pos is just past it: @line + *@pos are init's arguments.
 */
int cmdline_next(const char *line, size_t *pos, const char **ret_key,
		 size_t *ret_key_len, const char **ret_val, size_t *ret_val_len);

/**
 * cmdline_next_word() - cmdline_next(), also giving the word as written.
 * @line, @pos, @ret_key .. @ret_val_len: as for cmdline_next().
 * @ret_start: offset in @line of the word's first byte (quotes included);
 *       the word ends at the new *@pos. At "--" it is the offset of the
 *       "--", so @line + *@ret_start is init's part with its separator.
 * Return: 0 for a parameter; AR_ENOENT at the end of the line or at "--";
 * AR_EINVAL for a parameter whose quote is never closed (it runs to the
 * end of the line; the outputs are set as for a parameter).
 */
int cmdline_next_word(const char *line, size_t *pos, size_t *ret_start,
		      const char **ret_key, size_t *ret_key_len,
		      const char **ret_val, size_t *ret_val_len);

/**
 * cmdline_get() - the value of the last occurrence of @key.
 * @line: the command line.
 * @key: the key, NUL-terminated.
 * @buf: receives the value (quotes removed), NUL-terminated; "" for a flag.
 * @cap: size of @buf.
 * Return: 0 for key=value; CMDLINE_FLAG for a bare key; AR_ENOENT if
 * absent; AR_ENOSPC if the value does not fit (@buf set to "" if @cap > 0);
 * AR_EINVAL for an empty key.
 */
int cmdline_get(const char *line, const char *key, char *buf, size_t cap);

/**
 * cmdline_set() - set @key to @value, in place.
 * @line: the command line, NUL-terminated, in a buffer of @cap bytes.
 * @cap: size of the buffer holding @line.
 * @key: printable ASCII without space, '=' or '"'; not "--".
 * @value: the value, or NULL for a bare flag. Quoted when it contains a
 *       space. Refused if it holds '"', a control character or a byte
 *       >= 0x80 (0xA0 is whitespace to the kernel): such a value could end
 *       the parameter early and inject others.
 * The last occurrence of @key is replaced in place and every other one is
 * removed (all collapse into one); without an occurrence the parameter is
 * added at the end of the kernel part (before "--"), the whitespace before
 * that point serving as its separator. @key and @value must
 * not point into @line (the line moves while it is rewritten).
 * Return: 0; AR_EINVAL for a bad key or value, a line not NUL-terminated
 * within @cap, or a line ending in an unterminated quote that the new
 * parameter would be swallowed by; AR_ENOSPC if the result would not fit in
 * @cap bytes. On error @line is unchanged.
 */
int cmdline_set(char *line, size_t cap, const char *key, const char *value);

/**
 * cmdline_remove() - remove every occurrence of @key (kernel part only).
 * @line: the command line, edited in place (it only shrinks).
 * @key: the key.
 * Return: 0 if at least one was removed; AR_ENOENT if none; AR_EINVAL for
 * an empty key.
 */
int cmdline_remove(char *line, const char *key);

#endif /* AOEROOT_CMDLINE_H */
