/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * identity.c - who answers for each member, checked before md sees it.
 *
 * One common/disc engine per chosen NIC over an AF_PACKET socket (tags with
 * bit 31 set, which the kernel's aoe driver ignores). Every MAC answering
 * for a listed shelf.slot is IDENTIFYed: two devices (different serial,
 * size or model) on one shelf.slot, or a MAC other than the pinned one
 * (aoe_md_devs=e0.0@MAC), refuse the boot: the kernel's aoe driver would
 * take the impostor as another path to the disk and send it root I/O.
 *
 * Other targets: every unlisted target that answers on the wire; the engine
 * reads their md superblocks over AoE (read-only), so mdsel can refuse to
 * boot a stale half while the fresh half is visible. The kernel's driver
 * is asked only for the listed members (initrd-min/aoedrv.c), so it creates
 * no device for the rest of a big SAN.
 */
#include "identity.h"

#include "aoedrv.h"
#include "aoename.h"
#include "cputime.h"
#include "disc.h"
#include "err.h"
#include "log.h"
#include "net.h"
#include "link.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum {
	IDENTITY_TARGETS = 1024,    /* per NIC (~2.3 MiB each in zero-filled
				     * memory; only the entries in use are
				     * written, so only their pages count) */
	IDENTITY_TIMEOUT_MS = 3000,
	/* The engine's adaptive settle window (docs/settle.md): the check ends
	 * W after the last new answer and the last broadcast, W = 4 x the
	 * slowest answer timed, at least IDENTITY_SETTLE_MIN_MS (an impostor on
	 * the same segment answers the broadcast within milliseconds, like the
	 * member), at most the engine's 600 ms. */
	IDENTITY_SETTLE_MIN_MS = 50,
};

struct id_link {
	struct link pk;
	struct net_if nif;
	uint16_t mtu;               /* what the engine sized its READs for */
};

/* The pass started once the members' devices are open (identity_start()). */
static struct {
	const struct initrd_args *a;
	const struct net_if *ifs;
	size_t n_ifs, n_engines;
	pthread_t thread;
	bool running;
	uint64_t t_start, t_end;
} early;

static struct disc engines[NET_MAX_IFS];
static struct disc_target targets[NET_MAX_IFS][IDENTITY_TARGETS];
static struct id_link links[NET_MAX_IFS];

/* Run one engine per NIC until all are finished. Returns the engine count. */
static size_t discover_all(const struct initrd_args *a, const struct net_if *ifs,
			   size_t n_ifs, const struct md_member *members)
{
	struct pollfd pfd[NET_MAX_IFS];
	struct disc_opts opts;
	size_t n = 0;
	bool busy = true;

	disc_opts_default(&opts);
	opts.read_md = true;           /* the other targets' superblocks (collect_others) */
	opts.userland_tags = true;
	opts.timeout_ms = IDENTITY_TIMEOUT_MS;
	opts.settle_min_ms = IDENTITY_SETTLE_MIN_MS;
	for (size_t i = 0; i < n_ifs; i++) {
		struct ar_platform plat = link_platform(&links[n].pk);
		int r = link_open(&links[n].pk, ifs[i].ifindex, ifs[i].mac);
		unsigned mtu;

		if (r) {
			log_err("identity: AF_PACKET on %s: %s", ifs[i].name, strerror(-r));
			continue;
		}
		links[n].nif = ifs[i];
		/* the NIC's own MTU (aoe_mtu= set it, or the driver's): jumbo
		 * frames carry a whole superblock place in one READ */
		mtu = link_mtu(&links[n].pk);
		opts.mtu = (uint16_t)(mtu >= 576 && mtu < 65536 ? mtu : a->mtu > 0 ? (unsigned)a->mtu : 1500u);
		links[n].mtu = opts.mtu;
		if (disc_init(&engines[n], &plat, targets[n], IDENTITY_TARGETS, &opts)) {
			link_close(&links[n].pk);
			continue;
		}
		/* The present members are looked for by name: a crowd of other
		 * targets can never push them out of the table. (An absent one
		 * is not: it would hold the check until its timeout. The pass
		 * identity_start() runs, @members NULL, names none: identity_check()
		 * checks again for a member it missed.) */
		for (size_t k = 0; members && k < a->members_len; k++)
			if (members[k].present)
				disc_want(&engines[n], a->members[k].shelf, a->members[k].slot);
		disc_start(&engines[n]);
		pfd[n].fd = links[n].pk.fd;
		pfd[n].events = POLLIN;
		n++;
	}
	while (busy) {
		uint64_t now = link_now_ms(), next = now + 50;

		busy = false;
		for (size_t i = 0; i < n; i++) {
			if (disc_finished(&engines[i]))
				continue;
			if (disc_pump(&engines[i]) == 0) {
				uint64_t dl = disc_next_deadline(&engines[i]);

				busy = true;
				if (dl < next)
					next = dl;
			}
		}
		if (busy)
			poll(pfd, (nfds_t)n, next > now ? (int)(next - now) : 0);
	}
	for (size_t i = 0; i < n; i++) {
		if (disc_get_stats(&engines[i])->dropped_targets)
			log_info("identity: %u more target(s) answered on %s than the table "
				 "holds (%u); the listed members were looked for by name",
				 (unsigned)disc_get_stats(&engines[i])->dropped_targets, links[i].nif.name,
				 (unsigned)IDENTITY_TARGETS);
		link_close(&links[i].pk);
	}
	return n;
}

/* Check one listed member against every engine's view of its shelf.slot. */
static int check_member(const struct initrd_member *want, struct md_member *m,
			size_t n_engines)
{
	char name[AOE_NAME_MAX];
	bool seen = false;

	aoe_name_format(want->shelf, want->slot, name, sizeof(name));
	for (size_t e = 0; e < n_engines; e++) {
		const struct disc_target *t = disc_find(&engines[e], want->shelf, want->slot);

		if (!t || !t->nmacs)
			continue;  /* absent, or named but never answered */
		seen = true;
		if (t->duplicate || t->macs_overflow) {
			m->duplicate = true;
			log_err("%s is answered by %u devices:", name, (unsigned)t->nmacs);
			for (unsigned k = 0; k < t->nmacs; k++) {
				char ms[24];

				aoename_mac_format(t->macs[k].mac, ms, sizeof(ms));
				log_err("  %s serial '%s' model '%s' %llu sectors", ms,
					t->macs[k].serial, t->macs[k].model,
					(unsigned long long)t->macs[k].sectors);
			}
		}
		for (unsigned k = 0; want->pinned && k < t->nmacs; k++) {
			char got[24], pin[24];

			if (!memcmp(t->macs[k].mac, want->mac, 6))
				continue;
			aoename_mac_format(t->macs[k].mac, got, sizeof(got));
			aoename_mac_format(want->mac, pin, sizeof(pin));
			log_err("%s is answered by %s, but aoe_md_devs= pins it to %s",
				name, got, pin);
			return -1;
		}
	}
	if (!seen && want->pinned) {
		log_err("%s did not answer the identity check, so its pinned MAC "
			"cannot be verified", name);
		return -1;
	}
	if (!seen)
		log_info("%s did not answer the identity check (the kernel sees it)", name);
	return 0;
}

static bool listed(const struct initrd_args *a, uint16_t shelf, uint8_t slot)
{
	for (size_t i = 0; i < a->members_len; i++)
		if (a->members[i].shelf == shelf && a->members[i].slot == slot)
			return true;
	return false;
}

/* Whether @o's array is one a present listed member (or the pin) carries:
 * only those matter to the choice, and on a SAN with many arrays keeping
 * the others would crowd a fresher member of ours out of the table. */
static bool same_array_as_listed(const struct initrd_args *a,
				 const struct md_member *members, const struct md_member *o)
{
	if (a->has_uuid && !memcmp(o->info.uuid, a->md_uuid, 16))
		return true;
	for (size_t i = 0; i < a->members_len; i++)
		if (members[i].present && !members[i].sb_err &&
		    !memcmp(members[i].info.uuid, o->info.uuid, 16))
			return true;
	return false;
}

/* @t as an md member of someone's array, from the engine's AoE reads. */
static void other_from_target(const struct disc_target *t, struct md_member *o)
{
	memset(o, 0, sizeof(*o));
	o->shelf = t->shelf;
	o->slot = t->slot;
	o->present = true;
	o->sectors = t->id.sectors;
	o->info = t->md;
	aoe_name_format(t->shelf, t->slot, o->name, sizeof(o->name));
	aoedrv_dev_path(t->shelf, t->slot, o->path, sizeof(o->path));
}

static bool collected(const struct md_member *o, size_t n, uint16_t shelf, uint8_t slot)
{
	for (size_t i = 0; i < n; i++)
		if (o[i].shelf == shelf && o[i].slot == slot)
			return true;
	return false;
}

/*
 * Unlisted targets that answered the engines with an md superblock of a
 * listed member's array. Past @cap *ret_skipped says how many could not be
 * checked: the caller refuses rather than risk a fresher member left
 * unseen. Targets beyond an engine's table (more than IDENTITY_TARGETS on
 * one NIC) were not examined at all: that is said loudly, not refused, as
 * a SAN that size is no fault (docs/fleet.md, "Tables").
 */
static size_t collect_others(const struct initrd_args *a, const struct md_member *members,
			     size_t n_engines, struct md_member *o, size_t cap,
			     size_t *ret_skipped)
{
	size_t n = 0, skipped = 0, dropped = 0;

	for (size_t e = 0; e < n_engines; e++) {
		dropped += disc_get_stats(&engines[e])->dropped_targets;
		for (size_t i = 0; i < disc_count(&engines[e]); i++) {
			const struct disc_target *t = &targets[e][i];
			struct md_member x;

			if (t->md_state != DISC_MD_FOUND || listed(a, t->shelf, t->slot) ||
			    collected(o, n, t->shelf, t->slot))
				continue;
			other_from_target(t, &x);
			if (!same_array_as_listed(a, members, &x))
				continue;
			log_debug("other target %s carries md events %llu", x.name,
				  (unsigned long long)x.info.events);
			if (n < cap)
				o[n++] = x;
			else
				skipped++;
		}
	}
	if (skipped)
		log_err("%zu more unlisted member(s) of the array than %zu checked: list "
			"the members to use in aoe_md_devs= and remove the others", skipped, cap);
	if (dropped)
		log_err("%zu target(s) answered beyond the identity table (%u per NIC) and "
			"were not examined for a fresher member of the array (booting on); "
			"mask the other targets from this machine (vblade -m)", dropped,
			(unsigned)IDENTITY_TARGETS);
	*ret_skipped = skipped;
	return n;
}

static void *early_run(void *unused)
{
	(void)unused;
	early.n_engines = discover_all(early.a, early.ifs, early.n_ifs, NULL);
	early.t_end = log_ms();
	cputime_add(CPU_IDENTITY_THREAD, cputime_thread_us(), cputime_thread_user_us());
	return NULL;
}

void identity_start(const struct initrd_args *a, const struct net_if *ifs, size_t n_ifs)
{
	pthread_attr_t attr;

	early.a = a;
	early.ifs = ifs;
	early.n_ifs = n_ifs;
	early.t_start = log_ms();
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 128 * 1024);
	early.running = pthread_create(&early.thread, &attr, early_run, NULL) == 0;
	pthread_attr_destroy(&attr);
}

/* Whether some engine saw this shelf.slot answer. */
static bool seen_by_engines(const struct initrd_member *m, size_t n_engines)
{
	for (size_t e = 0; e < n_engines; e++)
	{
		const struct disc_target *t = disc_find(&engines[e], m->shelf, m->slot);

		if (t && t->state != DISC_T_WANTED)
			return true;
	}
	return false;
}

/* The largest Query Config "sectors per frame" of the listed members. */
static unsigned member_max_sectors(const struct initrd_args *a, size_t n_engines)
{
	unsigned best = 0;

	for (size_t e = 0; e < n_engines; e++)
		for (size_t i = 0; i < a->members_len; i++) {
			const struct disc_target *t = disc_find(&engines[e], a->members[i].shelf,
								a->members[i].slot);

			if (t && t->nmacs && t->max_sectors > best)
				best = t->max_sectors;
		}
	return best;
}

int identity_check(const struct initrd_args *a, const struct net_if *ifs, size_t n_ifs,
		   struct md_member *members, struct md_member *ret_others, size_t cap,
		   size_t *ret_n)
{
	uint64_t t0 = log_ms();
	size_t n_engines = 0, checked = 0;
	int bad = 0;

	if (early.running) {
		pthread_join(early.thread, NULL);
		early.running = false;
		n_engines = early.n_engines;
		log_info("identity pass since the members were found: %llu ms (%llu ms of it waited for here)",
			 (unsigned long long)(early.t_end - early.t_start),
			 (unsigned long long)(log_ms() - t0));
		/* a member that answered only after that pass ended: check again */
		for (size_t i = 0; n_engines && i < a->members_len; i++)
			if (members[i].present && !seen_by_engines(&a->members[i], n_engines)) {
				char name[AOE_NAME_MAX];

				aoe_name_format(a->members[i].shelf, a->members[i].slot,
						name, sizeof(name));
				log_info("%s answered after the first identity pass: checking again",
					 name);
				n_engines = 0;
			}
	}
	if (!n_engines)
		n_engines = discover_all(a, ifs, n_ifs, members);

	if (!n_engines) {
		log_err("identity check impossible: no AF_PACKET socket on any NIC");
		return -1;
	}
	for (size_t i = 0; i < a->members_len; i++) {
		if (!members[i].present)
			continue;
		checked++;
		if (check_member(&a->members[i], &members[i], n_engines))
			bad = -1;
	}
	log_info("identity check of %zu present member(s) on %zu NIC(s): %s (%llu ms, "
		 "settle window %u ms, MTU %u: md reads up to %u sectors/frame)", checked,
		 n_engines, bad ? "REFUSED" : "ok", (unsigned long long)(log_ms() - t0),
		 disc_settle_window(&engines[0]), (unsigned)links[0].mtu,
		 aoe_frame_sectors(member_max_sectors(a, n_engines), links[0].mtu,
				   DISC_MD_BUF / AOE_SECTOR_SIZE));
	size_t skipped = 0;

	*ret_n = collect_others(a, members, n_engines, ret_others, cap, &skipped);
	return skipped ? -1 : bad;
}
