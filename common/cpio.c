/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cpio.c - newc cpio writer (see cpio.h). Freestanding: no libc.
 */
#include "cpio.h"
#include "bytes.h"
#include "err.h"

static const char cpio_trailer[] = "TRAILER!!!";
static const uint8_t cpio_zeros[CPIO_BLOCK];

_Static_assert(6 + 13 * 8 == CPIO_HDR_LEN, "newc header is 110 bytes");

/* Header fields in on-disk order, after the 6-byte magic. */
enum cpio_field {
	CPIO_F_INO, CPIO_F_MODE, CPIO_F_UID, CPIO_F_GID, CPIO_F_NLINK,
	CPIO_F_MTIME, CPIO_F_FILESIZE, CPIO_F_DEVMAJOR, CPIO_F_DEVMINOR,
	CPIO_F_RDEVMAJOR, CPIO_F_RDEVMINOR, CPIO_F_NAMESIZE, CPIO_F_CHECK,
	CPIO_F_COUNT,
};

/* One entry's header values before they are formatted. */
struct cpio_entry {
	const char *name;       /* already stripped of leading '/' */
	size_t name_len;        /* without NUL */
	uint32_t mode;
	uint32_t nlink;
	uint32_t rdev_major, rdev_minor;
	const void *data;
	uint32_t data_len;
	bool trailer;           /* inode 0 and no inode consumed, as GNU cpio */
};

static uint64_t cpio_pad(uint64_t off, uint64_t align)
{
	return (align - (off & (align - 1))) & (align - 1);
}

static void cpio_put_hex8(uint8_t *p, uint32_t v)
{
	static const char hex[] = "0123456789ABCDEF";
	for (int i = 7; i >= 0; i--, v >>= 4)
		p[i] = (uint8_t)hex[v & 0xF];
}

/*
 * Validate a name and strip its leading '/'. Components must be non-empty
 * and neither "." nor "..": the kernel would create such paths relative to
 * its rootfs, so a "../" could climb out of nothing, but a tool reading the
 * archive elsewhere could be led astray.
 */
static int cpio_name_check(const char *name, const char **ret_name, size_t *ret_len)
{
	size_t len, start;

	if (!name)
		return AR_EINVAL;
	while (*name == '/')
		name++;
	len = ar_strnlen(name, CPIO_NAME_MAX + 1);
	if (len == 0)
		return AR_EINVAL;
	if (len > CPIO_NAME_MAX)
		return AR_E2BIG;
	start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && name[i] != '/')
			continue;
		size_t clen = i - start;
		if (clen == 0)
			return AR_EINVAL;
		if (name[start] == '.' && (clen == 1 || (clen == 2 && name[start + 1] == '.')))
			return AR_EINVAL;
		start = i + 1;
	}
	*ret_name = name;
	*ret_len = len;
	return 0;
}

/* Size of header + name + pad + data + pad, starting at a 4-aligned offset. */
static int cpio_size_of(size_t name_len, uint64_t data_len, uint64_t *ret)
{
	uint64_t s;

	if (data_len > UINT32_MAX)
		return AR_EOVERFLOW;
	s = (uint64_t)CPIO_HDR_LEN + name_len + 1;
	s += cpio_pad(s, CPIO_ALIGN);
	s += data_len + cpio_pad(data_len, CPIO_ALIGN);
	*ret = s;
	return 0;
}

int cpio_entry_size(const char *name, uint64_t data_len, uint64_t *ret_size)
{
	const char *n;
	size_t nlen;
	int r;

	if (!ret_size)
		return AR_EINVAL;
	r = cpio_name_check(name, &n, &nlen);
	if (r < 0)
		return r;
	return cpio_size_of(nlen, data_len, ret_size);
}

void cpio_writer_init_buf(struct cpio_writer *w, void *buf, size_t cap, uint32_t mtime)
{
	ar_memset(w, 0, sizeof(*w));
	w->buf = buf;
	w->cap = buf ? cap : 0;
	w->ino_next = 1;
	w->mtime = mtime;
}

void cpio_writer_init_emit(struct cpio_writer *w, cpio_emit_fn emit, void *ctx, uint32_t mtime)
{
	ar_memset(w, 0, sizeof(*w));
	w->emit = emit;
	w->ctx = ctx;
	w->ino_next = 1;
	w->mtime = mtime;
}

/* Append bytes; room was checked beforehand in buffer mode. */
static int cpio_out(struct cpio_writer *w, const void *data, size_t len)
{
	int r;

	if (len == 0)
		return 0;
	if (w->emit) {
		r = w->emit(w->ctx, data, len);
		if (r < 0) {
			w->err = r;
			return r;
		}
	} else {
		ar_memcpy(w->buf + w->len, data, len);
	}
	w->len += len;
	return 0;
}

static int cpio_out_zeros(struct cpio_writer *w, uint64_t n)
{
	while (n > 0) {
		size_t chunk = n > sizeof(cpio_zeros) ? sizeof(cpio_zeros) : (size_t)n;
		int r = cpio_out(w, cpio_zeros, chunk);
		if (r < 0)
			return r;
		n -= chunk;
	}
	return 0;
}

/* Refuse when finished/broken, or (buffer mode) when @need does not fit. */
static int cpio_room(const struct cpio_writer *w, uint64_t need)
{
	if (w->err)
		return w->err;
	if (w->finished)
		return AR_EPERM;
	if (w->emit)
		return w->len > UINT64_MAX - need ? AR_EOVERFLOW : 0;
	if (w->len > w->cap || need > w->cap - w->len)
		return AR_ENOSPC;
	return 0;
}

static int cpio_write_entry(struct cpio_writer *w, const struct cpio_entry *e)
{
	uint8_t hdr[CPIO_HDR_LEN];
	uint32_t f[CPIO_F_COUNT] = { 0 };
	uint64_t size;
	int r;

	r = cpio_size_of(e->name_len, e->data_len, &size);
	if (r < 0)
		return r;
	r = cpio_room(w, size);
	if (r < 0)
		return r;
	f[CPIO_F_INO] = e->trailer ? 0 : w->ino_next;
	f[CPIO_F_MODE] = e->mode;
	f[CPIO_F_NLINK] = e->nlink;
	f[CPIO_F_MTIME] = w->mtime;
	f[CPIO_F_FILESIZE] = e->data_len;
	f[CPIO_F_RDEVMAJOR] = e->rdev_major;
	f[CPIO_F_RDEVMINOR] = e->rdev_minor;
	f[CPIO_F_NAMESIZE] = (uint32_t)e->name_len + 1;
	ar_memcpy(hdr, "070701", 6);
	for (int i = 0; i < CPIO_F_COUNT; i++)
		cpio_put_hex8(hdr + 6 + 8 * i, f[i]);
	if ((r = cpio_out(w, hdr, sizeof(hdr))) < 0 ||
	    (r = cpio_out(w, e->name, e->name_len)) < 0 ||
	    (r = cpio_out_zeros(w, 1 + cpio_pad(CPIO_HDR_LEN + e->name_len + 1, CPIO_ALIGN))) < 0 ||
	    (r = cpio_out(w, e->data, e->data_len)) < 0 ||
	    (r = cpio_out_zeros(w, cpio_pad(e->data_len, CPIO_ALIGN))) < 0)
		return r;
	if (!e->trailer)
		w->ino_next++;
	return 0;
}

/* Common front of the add functions: name check, then write. */
static int cpio_add(struct cpio_writer *w, const char *name, struct cpio_entry *e)
{
	int r;

	if (!w)
		return AR_EINVAL;
	r = cpio_name_check(name, &e->name, &e->name_len);
	if (r < 0)
		return r;
	return cpio_write_entry(w, e);
}

int cpio_add_dir(struct cpio_writer *w, const char *name, uint32_t perm)
{
	struct cpio_entry e = { .mode = CPIO_S_IFDIR | (perm & 07777), .nlink = 2 };

	return cpio_add(w, name, &e);
}

int cpio_add_file(struct cpio_writer *w, const char *name, uint32_t perm,
		  const void *data, uint64_t data_len)
{
	struct cpio_entry e = { .mode = CPIO_S_IFREG | (perm & 07777), .nlink = 1 };

	if (data_len > UINT32_MAX)
		return AR_EOVERFLOW;
	if (data_len && !data)
		return AR_EINVAL;
	e.data = data;
	e.data_len = (uint32_t)data_len;
	return cpio_add(w, name, &e);
}

int cpio_add_symlink(struct cpio_writer *w, const char *name, const char *target)
{
	struct cpio_entry e = { .mode = CPIO_S_IFLNK | 0777, .nlink = 1 };
	size_t tlen;

	if (!target)
		return AR_EINVAL;
	tlen = ar_strnlen(target, CPIO_NAME_MAX + 1);
	if (tlen == 0)
		return AR_EINVAL;
	if (tlen > CPIO_NAME_MAX)
		return AR_E2BIG;
	e.data = target;
	e.data_len = (uint32_t)tlen;
	return cpio_add(w, name, &e);
}

int cpio_add_node(struct cpio_writer *w, const char *name, uint32_t mode,
		  uint32_t major, uint32_t minor)
{
	struct cpio_entry e = { .mode = mode & (CPIO_S_IFMT | 07777), .nlink = 1 };
	uint32_t type = mode & CPIO_S_IFMT;

	if (type == CPIO_S_IFCHR || type == CPIO_S_IFBLK) {
		e.rdev_major = major;
		e.rdev_minor = minor;
	} else if (type != CPIO_S_IFIFO) {
		return AR_EINVAL;
	}
	return cpio_add(w, name, &e);
}

int cpio_finish(struct cpio_writer *w, uint32_t align)
{
	struct cpio_entry e = { .name = cpio_trailer, .name_len = sizeof(cpio_trailer) - 1,
				.nlink = 1, .trailer = true };
	uint64_t size, pad;
	int r;

	if (!w || align < CPIO_ALIGN || (align & (align - 1)) || align > CPIO_BLOCK * 64u)
		return AR_EINVAL;
	r = cpio_size_of(e.name_len, 0, &size);
	if (r < 0)
		return r;
	if (w->len > UINT64_MAX - size)
		return AR_EOVERFLOW;
	pad = cpio_pad(w->len + size, align);
	r = cpio_room(w, size + pad);
	if (r < 0)
		return r;
	r = cpio_write_entry(w, &e);
	if (r < 0)
		return r;
	r = cpio_out_zeros(w, pad);
	if (r < 0)
		return r;
	w->finished = true;
	return 0;
}
