/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmdline.c - kernel command-line reader and editor (see cmdline.h).
 *
 * Editing is one routine, rewrite(), run twice: once to count the result's
 * length (so a line that would not fit is left untouched), once to write it.
 * Writes never overtake reads: remove only shrinks, and set first moves the
 * line to the end of the buffer and rewrites it towards the front.
 */
#include "cmdline.h"
#include "bytes.h"
#include "err.h"

#define NO_POS ((size_t)-1)

/* One parameter of a line: offsets into the line. */
struct cl_tok {
	size_t start, end;       /* the whole token, quotes included */
	size_t key, key_len;
	size_t val, val_len;     /* valid when has_val */
	bool has_val;
	bool dashdash;           /* a bare "--": the rest is init's */
	bool open;               /* ends inside an unterminated quote */
};

/* The parameter set() writes. */
struct cl_new {
	const char *key, *val;   /* val NULL: a flag */
	size_t key_len, val_len;
	bool quote;
};

/* Output of rewrite(); buf NULL only counts. */
struct cl_out {
	char *buf;
	size_t len;
};

/* The kernel's isspace(): ASCII whitespace and Latin-1 NBSP (0xA0). */
static bool cl_space(char c)
{
	unsigned char u = (unsigned char)c;

	return u == ' ' || (u >= '\t' && u <= '\r') || u == 0xA0;
}

static size_t skip_space(const char *s, size_t i)
{
	while (s[i] && cl_space(s[i]))
		i++;
	return i;
}

/* Read the token at @i (not space, not NUL) as lib/cmdline.c next_arg(). */
static void tok_read(const char *s, size_t i, struct cl_tok *t)
{
	bool quoted = s[i] == '"', inq = quoted;
	size_t b = quoted ? i + 1 : i, j, eq = 0, e;

	for (j = b; s[j] && (inq || !cl_space(s[j])); j++) {
		if (!eq && j > b && s[j] == '=')
			eq = j;
		if (s[j] == '"')
			inq = !inq;
	}
	t->start = i;
	t->end = j;
	t->open = inq;
	t->has_val = eq != 0;
	e = j;
	t->val = eq + 1;
	if (t->has_val && t->val < j && s[t->val] == '"') {
		t->val++;
		if (s[j - 1] == '"')
			e = j - 1;
	}
	if (quoted && j > b && s[j - 1] == '"')
		e = j - 1;
	t->key = b;
	t->key_len = (t->has_val ? eq : e) - b;
	t->val_len = t->has_val && e > t->val ? e - t->val : 0;
	t->dashdash = !t->has_val && t->key_len == 2 && s[b] == '-' && s[b + 1] == '-';
}

static bool tok_is(const char *s, const struct cl_tok *t, const char *key, size_t klen)
{
	return t->key_len == klen && !ar_memcmp(s + t->key, key, klen);
}

/* Last occurrence of @key before any "--"; *ret_open: the last token is open. */
static bool find_last(const char *s, const char *key, size_t klen,
		      struct cl_tok *ret_tok, bool *ret_open)
{
	struct cl_tok t;
	size_t i = skip_space(s, 0);
	bool found = false;

	*ret_open = false;
	while (s[i]) {
		tok_read(s, i, &t);
		if (t.dashdash)
			break;
		if (tok_is(s, &t, key, klen)) {
			*ret_tok = t;
			found = true;
		}
		*ret_open = t.open;
		i = skip_space(s, t.end);
	}
	return found;
}

/* The token at or after *@pos; *@pos moves past it. AR_ENOENT at the end. */
static int next_tok(const char *line, size_t *pos, struct cl_tok *ret_tok)
{
	size_t i = skip_space(line, *pos);

	*pos = i;
	if (!line[i])
		return AR_ENOENT;
	tok_read(line, i, ret_tok);
	*pos = ret_tok->end;
	return 0;
}

int cmdline_next(const char *line, size_t *pos, const char **ret_key,
		 size_t *ret_key_len, const char **ret_val, size_t *ret_val_len)
{
	size_t start;
	int err = cmdline_next_word(line, pos, &start, ret_key, ret_key_len,
				    ret_val, ret_val_len);

	return err == AR_EINVAL ? 0 : err;
}

int cmdline_next_word(const char *line, size_t *pos, size_t *ret_start,
		      const char **ret_key, size_t *ret_key_len,
		      const char **ret_val, size_t *ret_val_len)
{
	struct cl_tok t;

	if (next_tok(line, pos, &t)) {
		*ret_start = *pos;
		return AR_ENOENT;
	}
	*ret_start = t.start;
	if (t.dashdash)
		return AR_ENOENT;
	*ret_key = line + t.key;
	*ret_key_len = t.key_len;
	*ret_val = t.has_val ? line + t.val : NULL;
	*ret_val_len = t.val_len;
	return t.open ? AR_EINVAL : 0;
}

int cmdline_get(const char *line, const char *key, char *buf, size_t cap)
{
	size_t klen = ar_strlen(key);
	struct cl_tok t;
	bool open;

	if (cap)
		buf[0] = '\0';
	if (!klen)
		return AR_EINVAL;
	if (!find_last(line, key, klen, &t, &open))
		return AR_ENOENT;
	if (!t.has_val)
		return cap ? CMDLINE_FLAG : AR_ENOSPC;
	if (t.val_len >= cap)
		return AR_ENOSPC;
	ar_memcpy(buf, line + t.val, t.val_len);
	buf[t.val_len] = '\0';
	return 0;
}

/* Append @n bytes; a forward byte copy, safe while output trails input. */
static void out_put(struct cl_out *o, const char *p, size_t n)
{
	size_t k;

	if (o->buf)
		for (k = 0; k < n; k++)
			o->buf[o->len + k] = p[k];
	o->len += n;
}

static void out_new(struct cl_out *o, const struct cl_new *nt)
{
	out_put(o, nt->key, nt->key_len);
	if (!nt->val)
		return;
	out_put(o, "=", 1);
	if (nt->quote)
		out_put(o, "\"", 1);
	out_put(o, nt->val, nt->val_len);
	if (nt->quote)
		out_put(o, "\"", 1);
}

/*
 * Copy @src to @o without the occurrences of @key in the kernel part, except
 * that the one starting at @keep is replaced by @nt; with @nt and no @keep,
 * @nt is added at the end of the kernel part. A dropped parameter takes the
 * whitespace before it along (or after it, at the start of the line).
 */
static void rewrite(const char *src, const char *key, size_t klen,
		    const struct cl_new *nt, size_t keep, struct cl_out *o)
{
	size_t i = skip_space(src, 0), pend = i, pend_len = 0;
	bool emitted = false;
	struct cl_tok t;

	out_put(o, src, i);
	for (; src[i]; pend = t.end, i = skip_space(src, t.end), pend_len = i - pend) {
		tok_read(src, i, &t);
		if (t.dashdash)
			break;
		if (tok_is(src, &t, key, klen) && !(nt && t.start == keep))
			continue;
		if (emitted)
			out_put(o, src + pend, pend_len);
		if (tok_is(src, &t, key, klen))
			out_new(o, nt);
		else
			out_put(o, src + t.start, t.end - t.start);
		emitted = true;
	}
	if (nt && keep == NO_POS) {
		if (emitted)
			out_put(o, pend_len ? src + pend : " ", pend_len ? pend_len : 1);
		out_new(o, nt);
		if (src[i])
			out_put(o, " ", 1);
	} else if (emitted) {
		out_put(o, src + pend, pend_len);
	}
	out_put(o, src + i, ar_strlen(src + i));
}

/* Move @n bytes at @buf up by @shift (overlapping: copy from the end). */
static void move_up(char *buf, size_t shift, size_t n)
{
	while (n--)
		buf[shift + n] = buf[n];
}

/* Check @key/@value and describe the parameter to write. */
static int new_init(struct cl_new *nt, const char *key, const char *value)
{
	size_t i;

	nt->key = key;
	nt->key_len = ar_strlen(key);
	nt->val = value;
	nt->val_len = value ? ar_strlen(value) : 0;
	nt->quote = false;
	if (!nt->key_len || (nt->key_len == 2 && key[0] == '-' && key[1] == '-'))
		return AR_EINVAL;
	for (i = 0; i < nt->key_len; i++)
		if (key[i] <= ' ' || key[i] >= 0x7F || key[i] == '=' || key[i] == '"')
			return AR_EINVAL;
	for (i = 0; i < nt->val_len; i++) {
		unsigned char c = (unsigned char)value[i];

		if (c < ' ' || c >= 0x7F || c == '"')
			return AR_EINVAL;
		if (c == ' ')
			nt->quote = true;
	}
	return 0;
}

int cmdline_set(char *line, size_t cap, const char *key, const char *value)
{
	struct cl_out o = { NULL, 0 };
	struct cl_new nt;
	struct cl_tok t;
	size_t len, shift, keep = NO_POS;
	bool open;
	int rc = new_init(&nt, key, value);

	if (rc)
		return rc;
	len = ar_strnlen(line, cap);
	if (len == cap)
		return AR_EINVAL;
	if (find_last(line, key, nt.key_len, &t, &open))
		keep = t.start;
	else if (open)
		return AR_EINVAL; /* it would become part of a quoted value */
	rewrite(line, key, nt.key_len, &nt, keep, &o);
	if (o.len >= cap)
		return AR_ENOSPC;
	/* Move the line to the end, then rewrite it towards the front. */
	shift = cap - 1 - len;
	move_up(line, shift, len + 1);
	o.buf = line;
	o.len = 0;
	rewrite(line + shift, key, nt.key_len, &nt, keep, &o);
	line[o.len] = '\0';
	return 0;
}

int cmdline_remove(char *line, const char *key)
{
	struct cl_out o = { line, 0 };
	size_t klen = ar_strlen(key);
	struct cl_tok t;
	bool open;

	if (!klen)
		return AR_EINVAL;
	if (!find_last(line, key, klen, &t, &open))
		return AR_ENOENT;
	rewrite(line, key, klen, NULL, NO_POS, &o);
	line[o.len] = '\0';
	return 0;
}
