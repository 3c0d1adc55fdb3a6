/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cpio.h - a writer for "newc" cpio archives (SVR4 without CRC, magic
 * "070701"), the format the Linux kernel unpacks as initramfs.
 *
 * Layout of one entry (all numbers are 8 ASCII hex digits, upper case):
 *   110-byte header | name + NUL | zero pad to 4 | data | zero pad to 4
 * The archive ends with an entry named "TRAILER!!!", padded to the
 * alignment the caller asks for (4 is enough for the kernel; 512 is what
 * GNU cpio writes).
 *
 * The writer either fills a caller buffer (GRUB, EFI: build in memory) or
 * hands every piece to a callback (the host builder: into zlib). It never
 * allocates. Output is deterministic: inode numbers count up from
 * ino_next, uid/gid are 0, every mtime is the one given at init (the
 * builder passes SOURCE_DATE_EPOCH). Every size is overflow-checked.
 *
 * Names are stored relative ("init", "lib/modules/..."): leading '/' are
 * stripped; an empty name, an empty component ("a//b", "a/"), "." or ".."
 * components, or a name longer than CPIO_NAME_MAX is refused (AR_EINVAL /
 * AR_E2BIG). Freestanding: no libc.
 */
#ifndef AOEROOT_CPIO_H
#define AOEROOT_CPIO_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

enum {
	CPIO_HDR_LEN = 110,      /* "070701" + 13 fields of 8 hex digits */
	CPIO_NAME_MAX = 4095,    /* longest name accepted, without the NUL */
	CPIO_ALIGN = 4,          /* header+name and data are padded to this */
	CPIO_BLOCK = 512,        /* GNU cpio's block: a typical finish alignment */
};

/* File type bits of the mode field (as in <sys/stat.h>). */
enum {
	CPIO_S_IFMT = 0170000,
	CPIO_S_IFDIR = 0040000,
	CPIO_S_IFCHR = 0020000,
	CPIO_S_IFBLK = 0060000,
	CPIO_S_IFREG = 0100000,
	CPIO_S_IFLNK = 0120000,
	CPIO_S_IFIFO = 0010000,
};

/**
 * cpio_emit_fn - callback that consumes archive bytes in order.
 * @ctx: the caller's context given to cpio_writer_init_emit().
 * @data: bytes to append (never NULL when @len > 0).
 * @len: number of bytes.
 * Return: 0, or a negative enum ar_err value; any error makes the writer
 * fail every later call with that error (the stream is then incomplete).
 */
typedef int (*cpio_emit_fn)(void *ctx, const void *data, size_t len);

/*
 * struct cpio_writer - writer state; initialise with one of the init
 * functions, then treat as opaque except where noted.
 * @buf, @cap:  buffer mode: destination and its size (NULL/0 in emit mode).
 * @emit, @ctx: emit mode: the callback and its context.
 * @len:        bytes produced so far (also the buffer fill level).
 * @ino_next:   inode number of the next entry (starts at 1; a caller that
 *              concatenates archives may set it after init to keep inode
 *              numbers distinct).
 * @mtime:      seconds since the epoch written into every entry.
 * @err:        sticky error of emit mode (0 while healthy).
 * @finished:   cpio_finish() has run; further entries are refused.
 */
struct cpio_writer {
	uint8_t *buf;
	size_t cap;
	cpio_emit_fn emit;
	void *ctx;
	uint64_t len;
	uint32_t ino_next;
	uint32_t mtime;
	int err;
	bool finished;
};

/**
 * cpio_writer_init_buf() - start an archive in a caller buffer.
 * @w: writer to initialise.
 * @buf: destination, @cap bytes (may be NULL when @cap is 0: then every add
 *       fails with AR_ENOSPC; use cpio_entry_size() to size buffers).
 * @mtime: modification time of every entry (seconds since the epoch).
 *
 * In buffer mode an entry that does not fit is refused with AR_ENOSPC
 * before anything is written, so the archive so far stays valid.
 * The buffer is assumed to start at a 4-byte aligned archive offset.
 */
void cpio_writer_init_buf(struct cpio_writer *w, void *buf, size_t cap, uint32_t mtime);

/**
 * cpio_writer_init_emit() - start an archive that streams to a callback.
 * @w: writer to initialise.
 * @emit: called with each piece of the archive, in order.
 * @ctx: passed to @emit unchanged.
 * @mtime: modification time of every entry (seconds since the epoch).
 */
void cpio_writer_init_emit(struct cpio_writer *w, cpio_emit_fn emit, void *ctx, uint32_t mtime);

/**
 * cpio_entry_size() - bytes one entry takes in the archive.
 * @name: entry name as it would be passed to an add function.
 * @data_len: length of the file data or symlink target (0 otherwise).
 * @ret_size: set to the padded size of header + name + data.
 * Return: 0, AR_EINVAL / AR_E2BIG for a bad name, AR_EOVERFLOW when the
 * data does not fit in newc's 32-bit size field or the sum overflows.
 */
int cpio_entry_size(const char *name, uint64_t data_len, uint64_t *ret_size);

/**
 * cpio_add_dir() - add a directory.
 * @w: writer.
 * @name: path, e.g. "lib/modules" (a leading '/' is stripped).
 * @perm: permission bits (e.g. 0755); type bits are ignored.
 * Return: 0, AR_EINVAL/AR_E2BIG (bad name), AR_ENOSPC (buffer full),
 * AR_EPERM (after cpio_finish), or the emit callback's error.
 */
int cpio_add_dir(struct cpio_writer *w, const char *name, uint32_t perm);

/**
 * cpio_add_file() - add a regular file with its contents.
 * @w: writer.
 * @name: path, e.g. "init".
 * @perm: permission bits (e.g. 0755 for /init, 0644 for data).
 * @data: file contents (may be NULL when @data_len is 0).
 * @data_len: size in bytes (at most 0xFFFFFFFF: newc's size field).
 * Return: as cpio_add_dir(), plus AR_EOVERFLOW for a file too large.
 */
int cpio_add_file(struct cpio_writer *w, const char *name, uint32_t perm,
		  const void *data, uint64_t data_len);

/**
 * cpio_add_symlink() - add a symbolic link.
 * @w: writer.
 * @name: path of the link.
 * @target: NUL-terminated link target, stored as the entry's data (any
 *          non-empty string; it is not interpreted).
 * Return: as cpio_add_file(); AR_EINVAL for an empty target.
 */
int cpio_add_symlink(struct cpio_writer *w, const char *name, const char *target);

/**
 * cpio_add_node() - add a device node or FIFO, e.g. dev/console c 5 1.
 * @w: writer.
 * @name: path, e.g. "dev/console".
 * @mode: type and permission bits: CPIO_S_IFCHR, CPIO_S_IFBLK or
 *        CPIO_S_IFIFO or'ed with the permissions (e.g. CPIO_S_IFCHR | 0600).
 * @major, @minor: device number (ignored for a FIFO).
 * Return: as cpio_add_dir(); AR_EINVAL for another file type.
 */
int cpio_add_node(struct cpio_writer *w, const char *name, uint32_t mode,
		  uint32_t major, uint32_t minor);

/**
 * cpio_finish() - write the "TRAILER!!!" entry and pad the archive.
 * @w: writer.
 * @align: pad the total length to a multiple of this: a power of two >= 4
 *         (4 for a kernel initramfs, 512 to match GNU cpio).
 * Return: 0, AR_EINVAL (bad @align), AR_ENOSPC, AR_EPERM (finished twice),
 * or the emit callback's error. The archive length is then in w->len.
 */
int cpio_finish(struct cpio_writer *w, uint32_t align);

#endif /* AOEROOT_CPIO_H */
