/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ifname.c - rename the AoE NICs to stable names before aoe binds to them.
 */
#include "ifname.h"

#include "log.h"

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

int ifname_name(const char *spec, size_t idx, char *buf, size_t cap)
{
	const char *c = strchr(spec, ',');
	size_t n = strlen(spec);

	buf[0] = '\0';
	if (!strcmp(spec, "keep") || !n)
		return 0;
	if (!c && (spec[n - 1] < '0' || spec[n - 1] > '9')) {
		snprintf(buf, cap, "%s%zu", spec, idx);
		return 0;
	}
	for (size_t i = 0; i < idx; i++) {
		if (!c)
			return -1;
		spec = c + 1;
		c = strchr(spec, ',');
	}
	n = c ? (size_t)(c - spec) : strlen(spec);
	snprintf(buf, cap, "%.*s", (int)n, spec);
	return 0;
}

static void sort_by_ifindex(struct net_if *ifs, size_t len)
{
	for (size_t i = 1; i < len; i++)
		for (size_t j = i; j > 0 && ifs[j - 1].ifindex > ifs[j].ifindex; j--) {
			struct net_if t = ifs[j];

			ifs[j] = ifs[j - 1];
			ifs[j - 1] = t;
		}
}

/* SIOCSIFNAME wants the link down (EBUSY otherwise on most drivers). */
static int rename_one(int s, struct net_if *nif, const char *to)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", nif->name);
	if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0 && (ifr.ifr_flags & IFF_UP)) {
		ifr.ifr_flags &= ~IFF_UP;
		ioctl(s, SIOCSIFFLAGS, &ifr);
	}
	snprintf(ifr.ifr_newname, sizeof(ifr.ifr_newname), "%s", to);
	if (ioctl(s, SIOCSIFNAME, &ifr))
		return -errno;
	return 0;
}

/* A NIC not chosen for AoE may already hold a wanted name: move it away. */
static void free_name(int s, const char *name)
{
	struct ifreq ifr;
	unsigned idx = if_nametoindex(name);

	if (!idx)
		return;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	snprintf(ifr.ifr_newname, sizeof(ifr.ifr_newname), "aoetmp%u", idx % 100000u);
	if (ioctl(s, SIOCSIFNAME, &ifr) == 0)
		log_info("moved %s out of the way to aoetmp%u", name, idx % 100000u);
}

void ifname_apply(const struct initrd_args *a, struct net_if *ifs, size_t len)
{
	char to[IFNAMSIZ];
	int s;

	if (!strcmp(a->ifname, "keep"))
		return;
	if (!a->netdevs_len)
		sort_by_ifindex(ifs, len);
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0) {
		log_err("ifname: socket: %s", strerror(errno));
		return;
	}
	for (size_t i = 0; i < len; i++) {
		int r;

		if (ifname_name(a->ifname, i, to, sizeof(to))) {
			log_err("aoe_ifname=%s names fewer NICs than AoE uses: %s keeps its name",
				a->ifname, ifs[i].name);
			continue;
		}
		if (!to[0] || !strcmp(to, ifs[i].name))
			continue;
		/* a NIC we do not use may hold the name: move it away; a chosen
		 * one holding it (names swapped) makes the rename fail below */
		bool chosen = false;

		for (size_t j = 0; j < len; j++)
			chosen |= !strcmp(ifs[j].name, to);
		if (!chosen)
			free_name(s, to);
		r = rename_one(s, &ifs[i], to);
		if (r) {
			log_err("cannot rename %s to %s (aoe_ifname=): %s; it keeps its name",
				ifs[i].name, to, strerror(-r));
			continue;
		}
		log_info("renamed NIC %s to %s (aoe_ifname=%s)", ifs[i].name, to, a->ifname);
		snprintf(ifs[i].name, sizeof(ifs[i].name), "%s", to);
	}
	close(s);
}
