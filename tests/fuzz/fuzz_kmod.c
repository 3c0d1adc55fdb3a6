/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_kmod.c - libFuzzer target for the modules.dep / modules.alias reader.
 * The input is split at its first NUL byte: before it a modules.dep text,
 * after it a modules.alias text whose last line (if any) doubles as the
 * modalias to match. Every module named in the dep text is resolved into a
 * small list (cycles, missing dependencies, full lists); every alias pattern
 * is matched against the modalias (fnmatch with '*', '?', '[...]', '\').
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "kmod.h"
#include "err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_kmod_dep(const struct kmod_text *dep)
{
	struct kmod_dep d, list[16];
	char name[KMOD_NAME_MAX];
	size_t pos = 0, n;
	int r, lines = 0;

	while ((r = kmod_dep_next(dep, &pos, &d)) != AR_ENOENT && lines++ < 16) {
		if (r != 0)
			continue;
		(void)kmod_name_normalize(d.path, d.path_len, name, sizeof(name));
		n = 0;
		(void)kmod_resolve(dep, d.path, d.path_len, list, 16, &n);
		if (n > 16)
			__builtin_trap();
	}
}

static void fuzz_kmod_alias(const struct kmod_text *alias)
{
	const char *modalias = alias->buf + alias->len;
	size_t mlen = 0, pos = 0;
	struct kmod_alias a;
	int hits = 0;

	while (modalias > alias->buf && modalias[-1] != '\n')
		modalias--, mlen++;
	while (kmod_alias_match_next(alias, &pos, modalias, mlen, &a) == 0 && hits++ < 1000)
		if (a.module_len == 0 || a.pattern_len == 0)
			__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t dep_len = nul ? (size_t)(nul - data) : size;
	struct kmod_text dep = { (const char *)data, dep_len };
	struct kmod_text alias = { (const char *)data + dep_len + (nul ? 1 : 0),
				   size - dep_len - (nul ? 1 : 0) };

	fuzz_kmod_dep(&dep);
	fuzz_kmod_alias(&alias);
	return 0;
}
