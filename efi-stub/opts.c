/* SPDX-License-Identifier: GPL-3.0-or-later */
/* opts.c - aoeboot.* options of the base command line (see opts.h). */
#include "opts.h"
#include "selection.h"
#include "bytes.h"
#include "err.h"

void opts_default(struct aoeboot_opts *ret_o)
{
	ar_memset(ret_o, 0, sizeof(*ret_o));
	ret_o->timeout_s = OPTS_DEF_TIMEOUT_S;
	ret_o->select = OPTS_SELECT_SAVED;
	ret_o->scan_ms = OPTS_DEF_SCAN_MS;
	ret_o->save = true;
	ret_o->verbose = 1;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Decimal with optional '-', exactly @len bytes, into [@min, @max]. */
static int opts_int(const char *s, size_t len, long min, long max, long *ret)
{
	bool neg = false;
	long v = 0;
	size_t i = 0;

	if (len && s[0] == '-') {
		neg = true;
		i = 1;
	}
	if (i == len || len - i > 9)
		return AR_EINVAL;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return AR_EINVAL;
		v = v * 10 + (s[i] - '0');
	}
	if (neg)
		v = -v;
	if (v < min || v > max)
		return AR_ERANGE;
	*ret = v;
	return 0;
}

static bool key_is(const char *k, size_t klen, const char *name)
{
	return ar_strlen(name) == klen && ar_memcmp(k, name, klen) == 0;
}

/* One aoeboot.* word: @k is the key after the prefix, @v its value. */
static int opts_set(struct aoeboot_opts *o, const char *k, size_t klen,
		    const char *v, size_t vlen)
{
	long n;
	int err;

	if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
		v++;
		vlen -= 2;
	}
	if (key_is(k, klen, "timeout")) {
		err = opts_int(v, vlen, -1, OPTS_TIMEOUT_MAX_S, &n);
		if (!err) o->timeout_s = (int)n;
	} else if (key_is(k, klen, "scan_ms")) {
		err = opts_int(v, vlen, OPTS_SCAN_MIN_MS, OPTS_SCAN_MAX_MS, &n);
		if (!err) o->scan_ms = (uint32_t)n;
	} else if (key_is(k, klen, "verbose")) {
		err = opts_int(v, vlen, 0, 2, &n);
		if (!err) o->verbose = (unsigned)n;
	} else if (key_is(k, klen, "save")) {
		err = opts_int(v, vlen, 0, 1, &n);
		if (!err) o->save = n == 1;
	} else if (key_is(k, klen, "nic")) {
		err = selection_parse_mac(v, vlen, o->nic);
		if (!err) o->has_nic = true;
	} else if (key_is(k, klen, "select")) {
		err = 0;
		if (vlen == 5 && !ar_memcmp(v, "saved", 5)) {
			o->select = OPTS_SELECT_SAVED;
		} else if (vlen == 4 && !ar_memcmp(v, "auto", 4)) {
			o->select = OPTS_SELECT_AUTO;
		} else if (vlen > 0 && vlen < OPTS_SELECT_MAX) {
			/* Names are checked by picker_select_list() once visible. */
			ar_memcpy(o->select_list, v, vlen);
			o->select_list[vlen] = 0;
			o->select = OPTS_SELECT_LIST;
		} else {
			err = AR_EINVAL;
		}
	} else {
		err = AR_ENOENT;
	}
	return err;
}

static void opts_note_bad(struct aoeboot_opts *o, const char *w, size_t wlen)
{
	if (o->n_bad++ == 0) {
		if (wlen >= sizeof(o->bad))
			wlen = sizeof(o->bad) - 1;
		ar_memcpy(o->bad, w, wlen);
		o->bad[wlen] = 0;
	}
}

/* The end of the word at @i: spaces inside double quotes do not end it. */
static int opts_word_end(const char *line, size_t len, size_t i, size_t *ret_end)
{
	bool quoted = false;

	for (; i < len && line[i] && (quoted || !is_space(line[i])); i++)
		if (line[i] == '"')
			quoted = !quoted;
	if (quoted)
		return AR_EINVAL;
	*ret_end = i;
	return 0;
}

int opts_parse(const char *line, size_t len, struct aoeboot_opts *o,
	       char *ret_rest, size_t cap)
{
	const size_t plen = sizeof(OPTS_PREFIX) - 1;
	size_t i = 0, out = 0, end;
	int err;

	if (ret_rest && cap == 0)
		return AR_ENOSPC;
	while (i < len && line[i]) {
		if (is_space(line[i])) {
			i++;
			continue;
		}
		err = opts_word_end(line, len, i, &end);
		if (err)
			return err;
		if (end - i >= plen && !ar_memcmp(line + i, OPTS_PREFIX, plen)) {
			const char *k = line + i + plen, *eq = k;

			while (eq < line + end && *eq != '=')
				eq++;
			if (eq == line + end ||
			    opts_set(o, k, (size_t)(eq - k), eq + 1, (size_t)(line + end - eq - 1)))
				opts_note_bad(o, line + i, end - i);
		} else if (ret_rest) {
			if (out + (out ? 1 : 0) + (end - i) >= cap)
				return AR_ENOSPC;
			if (out)
				ret_rest[out++] = ' ';
			ar_memcpy(ret_rest + out, line + i, end - i);
			out += end - i;
		}
		i = end;
	}
	if (ret_rest)
		ret_rest[out] = 0;
	return 0;
}
