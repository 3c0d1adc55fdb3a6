/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kmod.c - modules.dep / modules.alias reader (see kmod.h). Freestanding.
 */
#include "kmod.h"
#include "bytes.h"
#include "err.h"

static const char *const kmod_suffixes[] = { ".ko.zst", ".ko.xz", ".ko.gz", ".ko" };

static bool kmod_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* The name part of a path: after the last '/', without a .ko* suffix. */
static void kmod_name_range(const char *s, size_t len, size_t *ret_off, size_t *ret_len)
{
	size_t start = 0;

	for (size_t i = 0; i < len; i++)
		if (s[i] == '/')
			start = i + 1;
	len -= start;
	for (size_t k = 0; k < sizeof(kmod_suffixes) / sizeof(kmod_suffixes[0]); k++) {
		size_t sl = ar_strlen(kmod_suffixes[k]);
		if (len > sl && ar_memcmp(s + start + len - sl, kmod_suffixes[k], sl) == 0) {
			len -= sl;
			break;
		}
	}
	*ret_off = start;
	*ret_len = len;
}

static char kmod_canon(char c)
{
	return c == '-' ? '_' : c;
}

int kmod_name_normalize(const char *s, size_t s_len, char *buf, size_t cap)
{
	size_t off, len;

	if (!s || !buf)
		return AR_EINVAL;
	kmod_name_range(s, s_len, &off, &len);
	if (len == 0)
		return AR_EINVAL;
	if (len >= cap)
		return AR_E2BIG;
	for (size_t i = 0; i < len; i++)
		buf[i] = kmod_canon(s[off + i]);
	buf[len] = 0;
	return 0;
}

bool kmod_name_eq(const char *a, size_t a_len, const char *b, size_t b_len)
{
	size_t ao, al, bo, bl;

	kmod_name_range(a, a_len, &ao, &al);
	kmod_name_range(b, b_len, &bo, &bl);
	if (al != bl || al == 0)
		return false;
	for (size_t i = 0; i < al; i++)
		if (kmod_canon(a[ao + i]) != kmod_canon(b[bo + i]))
			return false;
	return true;
}

/*
 * Next line of @text from *@pos, trimmed of surrounding blanks; comment
 * and blank lines are skipped. Return false at the end.
 */
static bool kmod_next_line(const struct kmod_text *text, size_t *pos,
			   const char **ret_line, size_t *ret_len)
{
	while (*pos < text->len) {
		size_t start = *pos, end = start;

		while (end < text->len && text->buf[end] != '\n')
			end++;
		*pos = end < text->len ? end + 1 : end;
		while (start < end && kmod_is_space(text->buf[start]))
			start++;
		while (end > start && kmod_is_space(text->buf[end - 1]))
			end--;
		if (start == end || text->buf[start] == '#')
			continue;
		*ret_line = text->buf + start;
		*ret_len = end - start;
		return true;
	}
	return false;
}

/* Next blank-separated token of [s, s+len) from *@pos. */
static bool kmod_next_token(const char *s, size_t len, size_t *pos,
			    const char **ret_tok, size_t *ret_len)
{
	size_t i = *pos, start;

	while (i < len && kmod_is_space(s[i]))
		i++;
	start = i;
	while (i < len && !kmod_is_space(s[i]))
		i++;
	*pos = i;
	if (i == start)
		return false;
	*ret_tok = s + start;
	*ret_len = i - start;
	return true;
}

int kmod_dep_next(const struct kmod_text *text, size_t *pos, struct kmod_dep *ret)
{
	const char *line;
	size_t len, colon, end;

	if (!text || !pos || !ret || (text->len && !text->buf))
		return AR_EINVAL;
	if (!kmod_next_line(text, pos, &line, &len))
		return AR_ENOENT;
	for (colon = 0; colon < len && line[colon] != ':'; colon++)
		;
	end = colon;
	while (end > 0 && kmod_is_space(line[end - 1]))
		end--;
	if (colon == len || end == 0)
		return AR_EBADMSG;
	ret->path = line;
	ret->path_len = end;
	ret->deps = line + colon + 1;
	ret->deps_len = len - colon - 1;
	while (ret->deps_len && kmod_is_space(*ret->deps)) {
		ret->deps++;
		ret->deps_len--;
	}
	return 0;
}

int kmod_dep_next_path(const struct kmod_dep *dep, size_t *pos,
		       const char **ret_path, size_t *ret_len)
{
	if (!dep || !pos || !ret_path || !ret_len)
		return AR_EINVAL;
	return kmod_next_token(dep->deps, dep->deps_len, pos, ret_path, ret_len) ? 0 : AR_ENOENT;
}

int kmod_dep_find(const struct kmod_text *text, const char *name, size_t name_len,
		  struct kmod_dep *ret)
{
	size_t pos = 0;
	int r;

	if (!name || !ret)
		return AR_EINVAL;
	while ((r = kmod_dep_next(text, &pos, ret)) != AR_ENOENT) {
		if (r == 0 && kmod_name_eq(ret->path, ret->path_len, name, name_len))
			return 0;
		if (r == AR_EINVAL)
			return r;
	}
	return AR_ENOENT;
}

/* State of one kmod_resolve() call. */
struct kmod_resolver {
	const struct kmod_text *text;
	struct kmod_dep *list;
	size_t max, *n;
	struct kmod_dep stack[KMOD_DEPTH_MAX];
};

static bool kmod_in(const struct kmod_dep *v, size_t n, const struct kmod_dep *e)
{
	for (size_t i = 0; i < n; i++)
		if (kmod_name_eq(v[i].path, v[i].path_len, e->path, e->path_len))
			return true;
	return false;
}

/* Depth-first: every dependency is appended before the module itself. */
static int kmod_visit(struct kmod_resolver *rs, const struct kmod_dep *e, size_t depth)
{
	const char *p;
	size_t plen, pos = 0;
	struct kmod_dep d;
	int r;

	if (kmod_in(rs->list, *rs->n, e))
		return 0;
	if (kmod_in(rs->stack, depth, e))
		return AR_EBADMSG;
	if (depth >= KMOD_DEPTH_MAX)
		return AR_E2BIG;
	rs->stack[depth] = *e;
	while (kmod_dep_next_path(e, &pos, &p, &plen) == 0) {
		r = kmod_dep_find(rs->text, p, plen, &d);
		if (r < 0)
			return r;
		r = kmod_visit(rs, &d, depth + 1);
		if (r < 0)
			return r;
	}
	if (*rs->n >= rs->max)
		return AR_ENOMEM;
	rs->list[(*rs->n)++] = *e;
	return 0;
}

int kmod_resolve(const struct kmod_text *text, const char *name, size_t name_len,
		 struct kmod_dep *list, size_t max, size_t *n)
{
	struct kmod_resolver rs;
	struct kmod_dep e;
	int r;

	if (!text || !name || !n || (max && !list) || *n > max)
		return AR_EINVAL;
	r = kmod_dep_find(text, name, name_len, &e);
	if (r < 0)
		return r;
	rs.text = text;
	rs.list = list;
	rs.max = max;
	rs.n = n;
	return kmod_visit(&rs, &e, 0);
}

int kmod_alias_next(const struct kmod_text *text, size_t *pos, struct kmod_alias *ret)
{
	const char *line, *kw;
	size_t len, lpos = 0, kwlen, extra_len;
	const char *extra;

	if (!text || !pos || !ret || (text->len && !text->buf))
		return AR_EINVAL;
	if (!kmod_next_line(text, pos, &line, &len))
		return AR_ENOENT;
	if (!kmod_next_token(line, len, &lpos, &kw, &kwlen) || kwlen != 5 ||
	    ar_memcmp(kw, "alias", 5) != 0 ||
	    !kmod_next_token(line, len, &lpos, &ret->pattern, &ret->pattern_len) ||
	    !kmod_next_token(line, len, &lpos, &ret->module, &ret->module_len) ||
	    kmod_next_token(line, len, &lpos, &extra, &extra_len))
		return AR_EBADMSG;
	for (ret->literal_len = 0; ret->literal_len < ret->pattern_len; ret->literal_len++) {
		char c = ret->pattern[ret->literal_len];

		if (c == '*' || c == '?' || c == '[' || c == '\\')
			break;
	}
	return 0;
}

int kmod_alias_match_next(const struct kmod_text *text, size_t *pos,
			  const char *modalias, size_t modalias_len, struct kmod_alias *ret)
{
	int r;

	if (!modalias)
		return AR_EINVAL;
	while ((r = kmod_alias_next(text, pos, ret)) != AR_ENOENT) {
		if (r == AR_EINVAL)
			return r;
		if (r == 0 && kmod_fnmatch(ret->pattern, ret->pattern_len, modalias, modalias_len))
			return 0;
	}
	return AR_ENOENT;
}

int kmod_alias_index(const struct kmod_text *text, struct kmod_alias *ret_v, size_t cap,
		     size_t *ret_n)
{
	struct kmod_alias a;
	size_t pos = 0, n = 0;
	int r;

	if (!text || !ret_n || (cap && !ret_v))
		return AR_EINVAL;
	while ((r = kmod_alias_next(text, &pos, &a)) != AR_ENOENT) {
		if (r == AR_EINVAL)
			return r;
		if (r)
			continue;
		if (ret_v && n >= cap) {
			*ret_n = n;
			return AR_ENOMEM;
		}
		if (ret_v)
			ret_v[n] = a;
		n++;
	}
	*ret_n = n;
	return 0;
}

int kmod_alias_index_match_next(const struct kmod_alias *v, size_t n, size_t *pos,
				const char *modalias, size_t modalias_len,
				struct kmod_alias *ret)
{
	if (!pos || !ret || !modalias || (n && !v))
		return AR_EINVAL;
	while (*pos < n) {
		const struct kmod_alias *a = &v[(*pos)++];
		size_t k = a->literal_len;

		/* most aliases differ from a device within their literal start */
		if (k > modalias_len || ar_memcmp(a->pattern, modalias, k))
			continue;
		if (kmod_fnmatch(a->pattern + k, a->pattern_len - k, modalias + k,
				 modalias_len - k)) {
			*ret = *a;
			return 0;
		}
	}
	return AR_ENOENT;
}

/*
 * Match one bracket expression starting at pat[p] == '['. Sets *ret_adv to
 * its length; returns false with *ret_adv 0 when it is not closed (the
 * caller then treats '[' as a literal).
 */
static bool kmod_bracket(const char *pat, size_t plen, size_t p, char c, size_t *ret_adv)
{
	size_t i = p + 1;
	bool neg = false, hit = false;

	*ret_adv = 0;
	if (i < plen && (pat[i] == '!' || pat[i] == '^')) {
		neg = true;
		i++;
	}
	for (bool first = true; i < plen && (first || pat[i] != ']'); first = false) {
		char lo = pat[i], hi;

		if (lo == '\\' && i + 1 < plen)
			lo = pat[++i];
		hi = lo;
		i++;
		if (i + 1 < plen && pat[i] == '-' && pat[i + 1] != ']') {
			hi = pat[i + 1];
			if (hi == '\\' && i + 2 < plen)
				hi = pat[++i + 1];
			i += 2;
		}
		if ((unsigned char)c >= (unsigned char)lo && (unsigned char)c <= (unsigned char)hi)
			hit = true;
	}
	if (i >= plen)
		return false;
	*ret_adv = i + 1 - p;
	return hit != neg;
}

/* Whether pat[p] (not '*') matches c; *ret_adv = pattern bytes used. */
static bool kmod_match_one(const char *pat, size_t plen, size_t p, char c, size_t *ret_adv)
{
	if (pat[p] == '?') {
		*ret_adv = 1;
		return true;
	}
	if (pat[p] == '[') {
		bool m = kmod_bracket(pat, plen, p, c, ret_adv);
		if (*ret_adv)
			return m;
	}
	if (pat[p] == '\\' && p + 1 < plen) {
		*ret_adv = 2;
		return pat[p + 1] == c;
	}
	*ret_adv = 1;
	return pat[p] == c;
}

bool kmod_fnmatch(const char *pat, size_t pat_len, const char *s, size_t s_len)
{
	size_t p = 0, i = 0, star_p = 0, star_i = 0, adv;
	bool star = false;

	if ((!pat && pat_len) || (!s && s_len))
		return false;
	/*
	 * Every element but '*' consumes exactly one character, so
	 * backtracking to the last '*' alone is enough (no exponential blowup).
	 */
	while (i < s_len) {
		if (p < pat_len && pat[p] == '*') {
			star = true;
			star_p = ++p;
			star_i = i;
			continue;
		}
		if (p < pat_len && kmod_match_one(pat, pat_len, p, s[i], &adv)) {
			p += adv;
			i++;
			continue;
		}
		if (!star)
			return false;
		p = star_p;
		i = ++star_i;
	}
	while (p < pat_len && pat[p] == '*')
		p++;
	return p == pat_len;
}
