/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mods.c - which modules go into the initrd, and the
 * modules.dep / modules.alias subset that describes exactly them.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "mods.h"

/*
 * --nic=all: common server and virtual NICs that can carry AoE (plain L2).
 * Absent ones are skipped, so the list may name drivers other kernels
 * lack. Left out to stay under 3 MiB (name them with --extra-module):
 * big multi-protocol drivers (mlx5_core ~0.9 MiB gzip'd, ice, bnx2x,
 * cxgb4), cloud NICs whose networks carry only IP (ena, gve), and the
 * 2008-era bnx2.
 */
static const char *const mk_nic_all[] = {
	/* virtual */
	"virtio_pci", "virtio_net", "xen-netfront", "vmxnet3", "hv_netvsc",
	/* Intel */
	"e1000", "e1000e", "igb", "igc", "ixgbe", "i40e",
	/* Broadcom, Mellanox, Realtek */
	"bnxt_en", "tg3", "mlx4_en", "r8169",
};

/* NIC drivers that need a bus driver modules.dep does not name. */
static const struct { const char *nic, *bus; } mk_bus[] = {
	{ "virtio_net", "virtio_pci" },
};

/*
 * Soft dependencies to assume when the tree has no modules.softdep entry:
 * ext4 and jbd2 ask the crypto API for crc32c at mount time.
 */
static const struct { const char *mod, *pre; } mk_soft_fallback[] = {
	{ "ext4", "crypto-crc32c" },
	{ "jbd2", "crypto-crc32c" },
};

static int mk_table(struct mk *mk, const char *file, struct kmod_text *t, bool must)
{
	char path[PATH_MAX];
	char *buf;
	size_t len;

	snprintf(path, sizeof(path), "%s/%s", mk->moddir, file);
	if (mk_read_file(path, &buf, &len) < 0) {
		if (must) {
			mk_err("cannot read %s: %s (run depmod for this tree?)", path, strerror(errno));
			return -1;
		}
		mk_info(mk, "no %s: assuming it empty", path);
		buf = strdup("");
		len = 0;
	}
	t->buf = buf;
	t->len = len;
	return 0;
}

int mk_load_tables(struct mk *mk)
{
	if (mk_table(mk, "modules.dep", &mk->dep, true) < 0 ||
	    mk_table(mk, "modules.alias", &mk->alias, false) < 0 ||
	    mk_table(mk, "modules.softdep", &mk->softdep, false) < 0 ||
	    mk_table(mk, "modules.builtin", &mk->builtin, false) < 0)
		return -1;
	return 0;
}

static bool mk_is_builtin(const struct mk *mk, const char *name)
{
	const struct kmod_text *t = &mk->builtin;
	size_t pos = 0;

	while (pos < t->len) {
		size_t end = pos;
		while (end < t->len && t->buf[end] != '\n')
			end++;
		if (end > pos && kmod_name_eq(t->buf + pos, end - pos, name, strlen(name)))
			return true;
		pos = end + 1;
	}
	return false;
}

static ssize_t mk_find(const struct mk *mk, const char *name, size_t len)
{
	for (size_t i = 0; i < mk->mods_len; i++)
		if (kmod_name_eq(mk->mods[i].name, strlen(mk->mods[i].name), name, len))
			return (ssize_t)i;
	return -1;
}

/* Add @name and its dependency closure. Return 1 added, 0 absent, -1 error. */
static int mk_take(struct mk *mk, const char *name, const char *why)
{
	static struct kmod_dep list[MK_MAX_MODS];
	size_t n = 0;
	int r;

	r = kmod_resolve(&mk->dep, name, strlen(name), list, MK_MAX_MODS, &n);
	if (r == AR_ENOENT && kmod_dep_find(&mk->dep, name, strlen(name), &list[0]) == AR_ENOENT)
		return 0;
	if (r < 0) {
		mk_err("cannot resolve the dependencies of %s in %s/modules.dep: %s",
		       name, mk->moddir, ar_strerror(r));
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		struct mk_mod *m;
		char nm[KMOD_NAME_MAX];

		if (kmod_name_normalize(list[i].path, list[i].path_len, nm, sizeof(nm)) < 0 ||
		    mk_find(mk, nm, strlen(nm)) >= 0)
			continue;
		if (mk->mods_len >= MK_MAX_MODS) {
			mk_err("more than %d modules", MK_MAX_MODS);
			return -1;
		}
		m = &mk->mods[mk->mods_len++];
		memset(m, 0, sizeof(*m));
		strcpy(m->name, nm);
		m->path = mk_strndup(list[i].path, list[i].path_len);
		m->packed = strdup(m->path);
		for (const char *suf = ".xz\0.zst\0.gz\0"; *suf; suf += strlen(suf) + 1) {
			size_t pl = strlen(m->packed), sl = strlen(suf);
			if (pl > sl && !strcmp(m->packed + pl - sl, suf))
				m->packed[pl - sl] = 0;
		}
		m->why = i + 1 == n ? why : "dependency";
	}
	return 1;
}

/* A module the user (or the fixed set) asked for: absent is an error. */
static int mk_take_required(struct mk *mk, const char *name, const char *why)
{
	int r = mk_take(mk, name, why);

	if (r == 0 && mk_is_builtin(mk, name)) {
		mk_info(mk, "%s is built into the kernel", name);
		return 0;
	}
	if (r == 0)
		mk_err("module %s (%s) is neither in %s/modules.dep nor built in", name, why, mk->moddir);
	return r < 0 || r == 0 ? -1 : 0;
}

static int mk_take_bus(struct mk *mk, const char *nic)
{
	for (size_t i = 0; i < sizeof(mk_bus) / sizeof(mk_bus[0]); i++)
		if (kmod_name_eq(nic, strlen(nic), mk_bus[i].nic, strlen(mk_bus[i].nic)) &&
		    mk_take(mk, mk_bus[i].bus, "bus driver of a NIC") < 0)
			return -1;
	return 0;
}

/* --nic=dep: the drivers of this machine's NICs. */
static int mk_take_nic_dep(struct mk *mk)
{
	DIR *d = opendir("/sys/class/net");
	struct dirent *de;
	int found = 0;

	if (!d) {
		mk_err("--nic=dep: cannot read /sys/class/net: %s", strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		char link[PATH_MAX], target[PATH_MAX];
		ssize_t n;

		snprintf(link, sizeof(link), "/sys/class/net/%s/device/driver", de->d_name);
		if (access(link, F_OK) < 0)
			continue; /* virtual (lo, bridges, veth): no device */
		found++;
		snprintf(link, sizeof(link), "/sys/class/net/%s/device/driver/module", de->d_name);
		n = readlink(link, target, sizeof(target) - 1);
		if (n <= 0) {
			mk_info(mk, "--nic=dep: %s has a built-in driver", de->d_name);
			continue;
		}
		target[n] = 0;
		const char *mod = strrchr(target, '/') ? strrchr(target, '/') + 1 : target;
		mk_info(mk, "--nic=dep: %s uses %s", de->d_name, mod);
		if (mk_take_required(mk, mod, "NIC of this machine") < 0 || mk_take_bus(mk, mod) < 0) {
			closedir(d);
			return -1;
		}
	}
	closedir(d);
	if (!found) {
		mk_err("--nic=dep: this machine has no network interface with a driver");
		return -1;
	}
	return 0;
}

static int mk_take_nics(struct mk *mk)
{
	char *list, *tok, *save;
	int r = 0;

	if (!strcmp(mk->nic, "dep"))
		return mk_take_nic_dep(mk);
	if (!strcmp(mk->nic, "all")) {
		for (size_t i = 0; i < sizeof(mk_nic_all) / sizeof(mk_nic_all[0]); i++) {
			r = mk_take(mk, mk_nic_all[i], "--nic=all");
			if (r < 0)
				return -1;
			if (r == 0)
				mk_info(mk, "--nic=all: %s is not in this tree, skipped", mk_nic_all[i]);
		}
		return 0;
	}
	list = strdup(mk->nic);
	for (tok = strtok_r(list, ",", &save); tok && r == 0; tok = strtok_r(NULL, ",", &save))
		if (mk_take_required(mk, tok, "--nic") < 0 || mk_take_bus(mk, tok) < 0)
			r = -1;
	free(list);
	return r;
}

static void mk_add_pre(struct mk *mk, size_t i, const char *nm)
{
	ssize_t j = mk_find(mk, nm, strlen(nm));
	struct mk_mod *m = &mk->mods[i];

	if (j < 0 || (size_t)j == i)
		return;
	for (size_t k = 0; k < m->pre_len; k++)
		if (m->pre[k] == (size_t)j)
			return;
	if (m->pre_len < MK_MAX_PRE)
		m->pre[m->pre_len++] = (size_t)j;
}

static bool mk_is_generic(const char *name)
{
	size_t n = strlen(name);
	return n > 8 && !strcmp(name + n - 8, "_generic");
}

/*
 * Take @want (a module name, or an alias such as "crypto-crc32c") as a
 * soft pre-dependency of mods[@i]. An alias may have several providers
 * (crc32c_generic, crc32c_intel): modprobe tries them all and ignores the
 * failures, but in our modules.dep a soft dependency becomes a hard one,
 * and crc32c_intel fails with ENODEV on a CPU without SSE4.2. So when a
 * *_generic provider exists, only it is taken.
 */
static int mk_soft_one(struct mk *mk, size_t i, const char *want)
{
	char names[16][KMOD_NAME_MAX];
	struct kmod_alias a;
	size_t pos = 0, n = 0;
	bool generic = false;
	int hits = 0, r;

	r = mk_take(mk, want, "soft dependency");
	if (r != 0) {
		if (r > 0)
			mk_add_pre(mk, i, want);
		return r < 0 ? -1 : 0;
	}
	while (n < 16 && kmod_alias_match_next(&mk->alias, &pos, want, strlen(want), &a) == 0) {
		snprintf(names[n], sizeof(names[n]), "%.*s", (int)a.module_len, a.module);
		generic |= mk_is_generic(names[n++]);
	}
	for (size_t k = 0; k < n; k++) {
		if (generic && !mk_is_generic(names[k]))
			continue;
		r = mk_take(mk, names[k], "soft dependency");
		if (r < 0)
			return -1;
		if (r > 0) {
			mk_add_pre(mk, i, names[k]);
			hits++;
		}
	}
	if (!hits)
		mk_info(mk, "soft dependency %s of %s: no module provides it", want, mk->mods[i].name);
	return 0;
}

/* "softdep MOD pre: A B post: C": take every pre: name of mods[@i]. */
static int mk_softdeps_of(struct mk *mk, size_t i)
{
	const struct kmod_text *t = &mk->softdep;
	const char *name = mk->mods[i].name;
	bool any = false;
	size_t pos = 0;

	while (pos < t->len) {
		size_t end = pos, p;
		char w[4][64];
		int n;

		while (end < t->len && t->buf[end] != '\n')
			end++;
		char *line = mk_strndup(t->buf + pos, end - pos);
		pos = end + 1;
		n = sscanf(line, "softdep %63s", w[0]);
		if (n == 1 && kmod_name_eq(w[0], strlen(w[0]), name, strlen(name))) {
			bool pre = false;
			char *save, *tok = strtok_r(line, " \t", &save);
			for (p = 0; tok; tok = strtok_r(NULL, " \t", &save), p++) {
				if (p < 2)
					continue;
				if (!strcmp(tok, "pre:") || !strcmp(tok, "post:")) {
					pre = !strcmp(tok, "pre:");
					continue;
				}
				if (pre && mk_soft_one(mk, i, tok) < 0) {
					free(line);
					return -1;
				}
				any |= pre;
			}
		}
		free(line);
	}
	for (size_t k = 0; !any && k < sizeof(mk_soft_fallback) / sizeof(mk_soft_fallback[0]); k++)
		if (!strcmp(name, mk_soft_fallback[k].mod) &&
		    mk_soft_one(mk, i, mk_soft_fallback[k].pre) < 0)
			return -1;
	return 0;
}

/*
 * 802.1Q for aoe_vlan= (a storage VLAN): packed always, unless --no-vlan.
 * Whether a VLAN is used is decided at boot (the GRUB module and the EFI
 * stub add aoe_vlan= when they discovered on one), and one initrd serves
 * every client, so it must be able to; 8021q and its dependencies (garp,
 * mrp, stp, llc) cost about 48 KiB of the gzip'd initrd (6.1). Absent from
 * the tree or built in: nothing to pack.
 */
static int mk_take_vlan(struct mk *mk)
{
	int r;

	if (mk->no_vlan)
		return 0;
	r = mk_take(mk, "8021q", "aoe_vlan= (802.1Q storage VLAN; --no-vlan leaves it out)");
	if (r == 0)
		mk_info(mk, "8021q is %s: aoe_vlan= %s", mk_is_builtin(mk, "8021q") ?
			"built into the kernel" : "not in this tree",
			mk_is_builtin(mk, "8021q") ? "works" : "will not work with this initrd");
	return r < 0 ? -1 : 0;
}

/*
 * efivarfs: /init reads the boot loader's handoff (AoeRootHandoff, see
 * docs/handoff.md) from it when the command line names no members. A
 * module in Debian's kernels (CONFIG_EFIVAR_FS=m, 6.1); about 10 KiB.
 * Absent or built in: nothing to pack (BIOS machines need none).
 */
static int mk_take_efivarfs(struct mk *mk)
{
	int r = mk_take(mk, "efivarfs", "the boot loader's handoff (AoeRootHandoff)");

	if (r == 0)
		mk_info(mk, "efivarfs is %s", mk_is_builtin(mk, "efivarfs") ?
			"built into the kernel" : "not in this tree: /init cannot read the handoff");
	return r < 0 ? -1 : 0;
}

int mk_choose(struct mk *mk)
{
	static const char *const fixed[] = { "aoe", "md_mod", "raid1" };

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (mk_take_required(mk, fixed[i], "AoE root on md RAID1") < 0)
			return -1;
	for (size_t i = 0; i < mk->fs_len; i++)
		if (mk_take_required(mk, mk->fs[i], "--fs") < 0)
			return -1;
	for (size_t i = 0; i < mk->extra_len; i++)
		if (mk_take_required(mk, mk->extra[i], "--extra-module") < 0)
			return -1;
	if (mk_take_nics(mk) < 0)
		return -1;
	if (mk_take_vlan(mk) < 0)
		return -1;
	if (mk_take_efivarfs(mk) < 0)
		return -1;
	/* mods grows while we walk it: soft dependencies have their own. */
	for (size_t i = 0; i < mk->mods_len; i++)
		if (mk_softdeps_of(mk, i) < 0)
			return -1;
	return 0;
}

/* One subset modules.dep line: soft pre-dependencies first, then the real ones. */
static void mk_dep_line(const struct mk *mk, const struct mk_mod *m, const struct kmod_dep *d, FILE *f)
{
	const char *p;
	size_t plen, pos = 0;

	fprintf(f, "%s:", m->packed);
	for (size_t k = 0; k < m->pre_len; k++)
		fprintf(f, " %s", mk->mods[m->pre[k]].packed);
	while (kmod_dep_next_path(d, &pos, &p, &plen) == 0) {
		ssize_t j = mk_find(mk, p, plen);
		bool dup = false;

		for (size_t k = 0; j >= 0 && k < m->pre_len; k++)
			dup |= m->pre[k] == (size_t)j;
		if (j >= 0 && !dup)
			fprintf(f, " %s", mk->mods[j].packed);
	}
	fputc('\n', f);
}

/* Every packed module must resolve inside the subset alone, as /init will. */
static int mk_check_tables(const struct mk *mk)
{
	static struct kmod_dep list[MK_MAX_MODS];
	struct kmod_text sub = { mk->sub_dep, mk->sub_dep_len };

	for (size_t i = 0; i < mk->mods_len; i++) {
		size_t n = 0;
		int r = kmod_resolve(&sub, mk->mods[i].name, strlen(mk->mods[i].name), list, MK_MAX_MODS, &n);
		if (r < 0) {
			mk_err("internal: %s does not resolve in the generated modules.dep: %s",
			       mk->mods[i].name, ar_strerror(r));
			return -1;
		}
	}
	return 0;
}

int mk_make_tables(struct mk *mk)
{
	struct kmod_dep d;
	struct kmod_alias a;
	size_t pos = 0;
	FILE *f;
	int r;

	f = open_memstream(&mk->sub_dep, &mk->sub_dep_len);
	while ((r = kmod_dep_next(&mk->dep, &pos, &d)) != AR_ENOENT) {
		ssize_t i = r == 0 ? mk_find(mk, d.path, d.path_len) : -1;
		if (i >= 0)
			mk_dep_line(mk, &mk->mods[i], &d, f);
	}
	fclose(f);
	f = open_memstream(&mk->sub_alias, &mk->sub_alias_len);
	fprintf(f, "# Aliases of the modules in this initrd (mkinitrd-aoe).\n");
	pos = 0;
	while ((r = kmod_alias_next(&mk->alias, &pos, &a)) != AR_ENOENT)
		if (r == 0 && mk_find(mk, a.module, a.module_len) >= 0)
			fprintf(f, "alias %.*s %.*s\n", (int)a.pattern_len, a.pattern,
				(int)a.module_len, a.module);
	fclose(f);
	return mk_check_tables(mk);
}
