/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kmod.h - read depmod's modules.dep and modules.alias from memory.
 *
 * Used on the host by mkinitrd-aoe (full Debian tables) and in the guest by
 * /init (the subset mkinitrd-aoe packs). Everything works on caller buffers
 * holding the file text (not NUL-terminated; length given); results point
 * into those buffers. No allocation, no globals. Freestanding: no libc.
 *
 * Module names: "virtio-net", "virtio_net", "kernel/drivers/net/virtio_net.ko"
 * and ".../virtio_net.ko.xz" all name the same module: the path and the
 * .ko/.ko.xz/.ko.zst/.ko.gz suffix are stripped and '-' equals '_'.
 *
 * modules.dep line:  "kernel/drivers/md/raid1.ko: kernel/drivers/md/md-mod.ko"
 *   (paths relative to /lib/modules/<kver>/; depmod lists the whole
 *   dependency closure, which kmod_resolve() re-orders anyway).
 * modules.alias line: "alias pci:v00001AF4d*sv*sd*bc*sc*i* virtio_pci"
 *   (comment lines start with '#').
 *
 * Initrd contract (mkinitrd-aoe <-> /init): lib/modules/<kver>/modules.dep
 * and modules.alias hold exactly the packed modules; the .ko files sit
 * uncompressed at their original relative paths; soft dependencies that
 * modules.dep does not carry (ext4 needs crc32c_generic) are folded into the
 * packed modules.dep as ordinary dependencies, so /init needs nothing else.
 */
#ifndef AOEROOT_KMOD_H
#define AOEROOT_KMOD_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

enum {
	KMOD_NAME_MAX = 64,      /* normalised module name incl. NUL (MODULE_NAME_LEN) */
	KMOD_DEPTH_MAX = 32,     /* deepest dependency chain kmod_resolve() follows */
};

/*
 * struct kmod_text - a text file in memory.
 * @buf: the bytes (need not be NUL-terminated).
 * @len: number of bytes.
 */
struct kmod_text {
	const char *buf;
	size_t len;
};

/*
 * struct kmod_dep - one modules.dep line, pointing into the text.
 * @path: module path before the ':' ("kernel/fs/ext4/ext4.ko").
 * @path_len: its length.
 * @deps: the dependency list after the ':' (space separated paths).
 * @deps_len: its length (0 for no dependencies).
 */
struct kmod_dep {
	const char *path;
	size_t path_len;
	const char *deps;
	size_t deps_len;
};

/*
 * struct kmod_alias - one modules.alias line, pointing into the text.
 * @pattern: the fnmatch pattern ("pci:v00001AF4d*sv*sd*bc*sc*i*").
 * @literal_len: how many of its first bytes are plain characters ("pci:v00001AF4d"
 *        is 14): a modalias that does not start with them cannot match.
 * @module: the module name ("virtio_pci").
 */
struct kmod_alias {
	const char *pattern;
	size_t pattern_len;
	size_t literal_len;
	const char *module;
	size_t module_len;
};

/**
 * kmod_name_normalize() - a module's canonical name from a name or path.
 * @s, @s_len: "virtio-net", "kernel/.../virtio_net.ko.zst", ...
 * @buf: receives the NUL-terminated name ("virtio_net").
 * @cap: size of @buf (KMOD_NAME_MAX is always enough for valid names).
 * Return: 0, AR_EINVAL (empty name), AR_E2BIG (does not fit in @cap).
 */
int kmod_name_normalize(const char *s, size_t s_len, char *buf, size_t cap);

/**
 * kmod_name_eq() - whether two names/paths denote the same module.
 * @a, @a_len, @b, @b_len: names or paths, normalised as above.
 * Return: true when equal after normalisation.
 */
bool kmod_name_eq(const char *a, size_t a_len, const char *b, size_t b_len);

/**
 * kmod_dep_next() - iterate over the lines of modules.dep.
 * @text: the file.
 * @pos: cursor, start at 0; advanced past the returned line.
 * @ret: the line's parts.
 * Return: 0 with @ret filled, AR_ENOENT at the end, AR_EBADMSG for a
 * non-empty, non-comment line without ':' (@pos is advanced past it, so
 * the caller may skip it and go on).
 */
int kmod_dep_next(const struct kmod_text *text, size_t *pos, struct kmod_dep *ret);

/**
 * kmod_dep_next_path() - iterate over one line's dependency paths.
 * @dep: a line from kmod_dep_next().
 * @pos: cursor into @dep->deps, start at 0.
 * @ret_path, @ret_len: the next path.
 * Return: 0, or AR_ENOENT when there are no more.
 */
int kmod_dep_next_path(const struct kmod_dep *dep, size_t *pos,
		       const char **ret_path, size_t *ret_len);

/**
 * kmod_dep_find() - find a module's line by name or path.
 * @text: modules.dep.
 * @name, @name_len: module name or path (normalised for the comparison).
 * @ret: the line.
 * Return: 0, AR_ENOENT when absent.
 */
int kmod_dep_find(const struct kmod_text *text, const char *name, size_t name_len,
		  struct kmod_dep *ret);

/**
 * kmod_resolve() - a module's dependency closure in load order.
 * @text: modules.dep.
 * @name, @name_len: the module wanted.
 * @list: caller array of lines; on success holds every dependency before
 *        the modules that need it, no duplicates, the module itself last.
 *        Entries already in @list on entry (*@n of them) are kept and not
 *        repeated, so several calls can build one combined load list.
 * @max: capacity of @list.
 * @n: in: entries already in @list; out: entries now.
 * Return: 0, AR_ENOENT (the module or one of its dependencies is not in
 * modules.dep), AR_ENOMEM (@list full), AR_EBADMSG (dependency cycle),
 * AR_E2BIG (chain deeper than KMOD_DEPTH_MAX). On error *@n may have grown
 * by the dependencies resolved so far.
 */
int kmod_resolve(const struct kmod_text *text, const char *name, size_t name_len,
		 struct kmod_dep *list, size_t max, size_t *n);

/**
 * kmod_alias_next() - iterate over the lines of modules.alias.
 * @text: the file.
 * @pos: cursor, start at 0.
 * @ret: the line's parts.
 * Return: 0, AR_ENOENT at the end, AR_EBADMSG for a malformed line
 * (@pos advanced past it). Comment and empty lines are skipped.
 */
int kmod_alias_next(const struct kmod_text *text, size_t *pos, struct kmod_alias *ret);

/**
 * kmod_alias_match_next() - the next alias whose pattern matches a modalias.
 * @text: modules.alias.
 * @pos: cursor, start at 0; call again to get further matches.
 * @modalias, @modalias_len: e.g. the content of /sys/bus/pci/devices/X/modalias
 *        without the trailing newline.
 * @ret: the matching line (its module is the one to load).
 * Return: 0 on a match, AR_ENOENT when there are no more. Malformed lines
 * are skipped.
 */
int kmod_alias_match_next(const struct kmod_text *text, size_t *pos,
			  const char *modalias, size_t modalias_len, struct kmod_alias *ret);

/**
 * kmod_alias_index() - parse modules.alias once into @ret_v, so that
 * matching many modaliases (coldplug: every device, every round) costs no
 * parsing: with the text parsed again for each device, parsing was 89% of
 * coldplug's instructions (500 aliases, 26 devices).
 * @text: modules.alias.
 * @ret_v: caller array; receives the well-formed lines in file order.
 * @cap: its capacity (0 with @ret_v NULL: just count).
 * @ret_n: lines stored (or, counting, lines that would be).
 * Return: 0, AR_ENOMEM when more lines than @cap (the first @cap stored).
 * Malformed lines are skipped, as kmod_alias_match_next() does.
 */
int kmod_alias_index(const struct kmod_text *text, struct kmod_alias *ret_v, size_t cap,
		     size_t *ret_n);

/**
 * kmod_alias_index_match_next() - kmod_alias_match_next() over an index.
 * @v, @n: the index from kmod_alias_index().
 * @pos: cursor, start at 0; call again to get further matches.
 * @modalias, @modalias_len, @ret: as for kmod_alias_match_next().
 * Return: 0 on a match, AR_ENOENT when there are no more.
 */
int kmod_alias_index_match_next(const struct kmod_alias *v, size_t n, size_t *pos,
				const char *modalias, size_t modalias_len,
				struct kmod_alias *ret);

/**
 * kmod_fnmatch() - shell-style pattern match, as modprobe uses for aliases.
 * @pat, @pat_len: pattern with '*', '?', '[abc]', '[a-z]', '[!x]' / '[^x]'
 *        and '\' escaping the next character.
 * @s, @s_len: the string (whole string must match).
 * Return: true on a match. A malformed bracket is matched as a literal '['.
 */
bool kmod_fnmatch(const char *pat, size_t pat_len, const char *s, size_t s_len);

#endif /* AOEROOT_KMOD_H */
