/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * net.c - NIC selection and link bring-up with plain ioctls (no ip(8)).
 */
#include "net.h"
#include "aoename.h"

#include "ifname.h"
#include "log.h"
#include "netvlan.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum {
	NET_APPEAR_MS = 5000,   /* a NIC named in aoe_netdev= may probe late */
	NET_CARRIER_MS = 5000,  /* bounded wait for link */
	NET_POLL_MS = 20,
};

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static int read_sys(const char *ifname, const char *attr, char *buf, size_t cap)
{
	char path[128];
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/class/net/%s/%s", ifname, attr);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	n = read(fd, buf, cap - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	if (n && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return 0;
}

/* Every Ethernet NIC (type 1, not loopback) into @ifs. */
static size_t list_ifs(struct net_if *ifs, size_t cap)
{
	DIR *d = opendir("/sys/class/net");
	struct dirent *e;
	size_t n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) && n < cap) {
		char type[16], addr[32];

		if (e->d_name[0] == '.' || strlen(e->d_name) >= sizeof(ifs->name))
			continue;
		if (read_sys(e->d_name, "type", type, sizeof(type)) || strcmp(type, "1"))
			continue;
		if (read_sys(e->d_name, "address", addr, sizeof(addr)) ||
		    initrd_parse_mac(addr, ifs[n].mac))
			continue;
		strcpy(ifs[n].name, e->d_name);
		ifs[n].ifindex = (int)if_nametoindex(e->d_name);
		n++;
	}
	closedir(d);
	return n;
}

static const struct net_if *match(const struct initrd_netdev *nd,
				  const struct net_if *all, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (nd->by_mac ? !memcmp(nd->mac, all[i].mac, 6)
			       : !strcmp(nd->name, all[i].name))
			return &all[i];
	}
	return NULL;
}

static void describe(const struct initrd_netdev *nd, char *buf, size_t cap)
{
	if (nd->by_mac)
		aoename_mac_format(nd->mac, buf, cap);
	else
		snprintf(buf, cap, "%s", nd->name);
}

/* Pick the NICs, waiting up to NET_APPEAR_MS for named ones to show up. */
static int choose(const struct initrd_args *a, struct net_if *ifs, size_t *ret_len)
{
	struct net_if all[NET_MAX_IFS * 2];
	uint64_t start = log_ms();

	for (;;) {
		size_t len = list_ifs(all, NET_MAX_IFS * 2), n = 0, i;
		char what[32];

		if (a->netdevs_len == 0 && len > 0) {
			n = len > NET_MAX_IFS ? NET_MAX_IFS : len;
			memcpy(ifs, all, n * sizeof(*ifs));
			*ret_len = n;
			return 0;
		}
		for (i = 0; i < a->netdevs_len; i++) {
			const struct net_if *m = match(&a->netdevs[i], all, len);

			if (!m)
				break;
			ifs[n++] = *m;
		}
		if (a->netdevs_len && i == a->netdevs_len) {
			*ret_len = n;
			return 0;
		}
		if (log_ms() - start >= NET_APPEAR_MS) {
			if (a->netdevs_len)
				describe(&a->netdevs[i], what, sizeof(what));
			log_err("no network interface %s after %u ms (found %zu Ethernet NICs). "
				"Check aoe_netdev= (a name such as eth0 or a MAC address) and that "
				"the initrd carries the NIC's driver", a->netdevs_len ? what : "at all",
				(unsigned)NET_APPEAR_MS, len);
			for (size_t k = 0; k < len; k++) {
				char mac[MAC_STR_LEN + 1];

				aoename_mac_format(all[k].mac, mac, sizeof(mac));
				log_err("  present: %s %s", all[k].name, mac);
			}
			return -ENODEV;
		}
		sleep_ms(NET_POLL_MS);
	}
}

static int link_up(int s, const struct net_if *nif, int mtu)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, nif->name);
	if (mtu) {
		ifr.ifr_mtu = mtu;
		if (ioctl(s, SIOCSIFMTU, &ifr)) {
			log_err("%s: cannot set MTU %d (aoe_mtu=): %s", nif->name, mtu,
				strerror(errno));
			return -errno;
		}
	}
	if (ioctl(s, SIOCGIFFLAGS, &ifr))
		return -errno;
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(s, SIOCSIFFLAGS, &ifr)) {
		log_err("%s: cannot bring the link up: %s", nif->name, strerror(errno));
		return -errno;
	}
	return 0;
}

static void wait_carrier(const struct net_if *ifs, size_t len)
{
	uint64_t start = log_ms();

	for (size_t i = 0; i < len; i++) {
		char c[8];

		log_debug("waiting up to %u ms for carrier on %s", (unsigned)NET_CARRIER_MS,
			  ifs[i].name);
		while (read_sys(ifs[i].name, "carrier", c, sizeof(c)) || strcmp(c, "1")) {
			if (log_ms() - start >= NET_CARRIER_MS) {
				log_info("%s: no carrier after %u ms, trying anyway", ifs[i].name,
					 (unsigned)NET_CARRIER_MS);
				break;
			}
			sleep_ms(NET_POLL_MS);
		}
	}
}

int net_setup(const struct initrd_args *a, struct net_if ret_ifs[NET_MAX_IFS],
	      size_t *ret_len)
{
	int s, r = 0;

	r = choose(a, ret_ifs, ret_len);
	if (r)
		return r;
	ifname_apply(a, ret_ifs, *ret_len);
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0) {
		log_err("socket: %s", strerror(errno));
		return -errno;
	}
	for (size_t i = 0; i < *ret_len && !r; i++) {
		const struct net_if *n = &ret_ifs[i];

		r = link_up(s, n, a->mtu);
		if (!r) {
			char mac[MAC_STR_LEN + 1];

			aoename_mac_format(n->mac, mac, sizeof(mac));
			log_info("NIC %s (%s) up%s", n->name, mac, a->mtu ? ", MTU set" : "");
		}
	}
	close(s);
	if (!r)
		wait_carrier(ret_ifs, *ret_len);
	if (!r)
		r = netvlan_setup(a, ret_ifs, *ret_len);
	return r;
}

void net_iflist(const struct net_if *ifs, size_t len, char *buf, size_t cap)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < len && n < cap; i++)
		n += (size_t)snprintf(buf + n, cap - n, "%s%s", i ? " " : "", ifs[i].name);
}
