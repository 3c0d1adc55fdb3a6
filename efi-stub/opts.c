/* SPDX-License-Identifier: GPL-3.0-or-later */
/* opts.c - aoeboot.* options of the base command line (see opts.h). */
#include "opts.h"
#include "aoename.h"
#include "bytes.h"
#include "err.h"
#include "cmdline.h"
#include "choose.h"

void opts_default(struct aoeboot_opts *ret_o)
{
	ar_memset(ret_o, 0, sizeof(*ret_o));
	ret_o->timeout_s = OPTS_DEF_TIMEOUT_S;
	ret_o->select = OPTS_SELECT_SAVED;
	ret_o->scan_ms = OPTS_DEF_SCAN_MS;
	ret_o->save = true;
	ret_o->verbose = 1;
	ret_o->wait_ms = CHOOSE_DEF_WAIT_MS;
	ret_o->degraded = true;
	ar_memcpy(ret_o->next, OPTS_DEF_NEXT, sizeof(OPTS_DEF_NEXT));
}

/* A path on the volume: absolute, printable ASCII, no spaces, no "..";
 * '/' becomes '\\' (UEFI file paths). */
static int opts_path(const char *v, size_t vlen, char *ret, size_t cap)
{
	size_t i;

	if (vlen < 2 || vlen >= cap || (v[0] != '\\' && v[0] != '/'))
		return AR_EINVAL;
	for (i = 0; i < vlen; i++) {
		if (v[i] <= ' ' || v[i] > '~')
			return AR_EINVAL;
		if (i + 1 < vlen && v[i] == '.' && v[i + 1] == '.')
			return AR_EINVAL;
	}
	for (i = 0; i < vlen; i++)
		ret[i] = v[i] == '/' ? '\\' : v[i];
	ret[vlen] = 0;
	return 0;
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
	} else if (key_is(k, klen, "dhcp")) {
		err = opts_int(v, vlen, 0, 1, &n);
		if (!err) o->dhcp = n == 1;
	} else if (key_is(k, klen, "publish")) {
		err = opts_int(v, vlen, 0, 1, &n);
		if (!err) o->publish = n == 1;
	} else if (key_is(k, klen, "wait")) {
		err = choose_wait_parse(v, vlen, &o->wait_ms);
	} else if (key_is(k, klen, "degraded")) {
		err = opts_int(v, vlen, 0, 1, &n);
		if (!err) o->degraded = n == 1;
	} else if (key_is(k, klen, "next")) {
		err = opts_path(v, vlen, o->next, sizeof(o->next));
	} else if (key_is(k, klen, "vlan")) {
		uint16_t vid;

		err = aoename_vlan_id_parse(v, vlen, &vid);
		if (!err) o->vlan = vid;
	} else if (key_is(k, klen, "nic")) {
		err = aoename_mac_parse(v, vlen, o->nic);
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

/* Append @n bytes at @w to the rest, one space between words. */
static int rest_put(char *rest, size_t cap, size_t *out, const char *w, size_t n)
{
	if (!rest)
		return 0;
	if (*out + (*out ? 1 : 0) + n >= cap)
		return AR_ENOSPC;
	if (*out)
		rest[(*out)++] = ' ';
	ar_memcpy(rest + *out, w, n);
	*out += n;
	return 0;
}

/* Words are split as the kernel splits them (common/cmdline.c): the stub
 * reads the same line the kernel will, so it must agree on where a word
 * ends, and it must leave init's part (after "--") alone. */
int opts_parse(const char *line, size_t len, struct aoeboot_opts *o,
	       char *ret_rest, size_t cap)
{
	const size_t plen = sizeof(OPTS_PREFIX) - 1;
	char buf[OPTS_LINE_MAX];
	const char *k, *v;
	size_t pos = 0, start, out = 0, klen, vlen, n;
	int err;

	if (ret_rest && cap == 0)
		return AR_ENOSPC;
	for (n = 0; n < len && line[n]; n++)
		;
	if (n >= sizeof(buf))
		return AR_ENOSPC;
	ar_memcpy(buf, line, n);
	buf[n] = 0;
	while ((err = cmdline_next_word(buf, &pos, &start, &k, &klen, &v, &vlen)) == 0) {
		if (klen >= plen && !ar_memcmp(k, OPTS_PREFIX, plen)) {
			if (!v || opts_set(o, k + plen, klen - plen, v, vlen))
				opts_note_bad(o, buf + start, pos - start);
		} else if ((err = rest_put(ret_rest, cap, &out, buf + start, pos - start))) {
			return err;
		}
	}
	if (err == AR_EINVAL)
		return err;
	/* "--" and init's arguments after it go to the kernel as they are. */
	while (n > start && (unsigned char)buf[n - 1] <= ' ')
		n--;
	if (buf[start] && (err = rest_put(ret_rest, cap, &out, buf + start, n - start)))
		return err;
	if (ret_rest)
		ret_rest[out] = 0;
	return 0;
}
