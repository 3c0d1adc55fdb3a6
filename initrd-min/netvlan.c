/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * netvlan.c - 802.1Q interfaces for aoe_vlan= with the 8021q ioctl (no
 * ip(8), no netlink library). The kernel strips and adds the tag: aoe and
 * the AF_PACKET identity check bound to aoe0.42 see only VLAN 42's frames
 * (untagged and other-VLAN AoE frames arrive on aoe0, which aoe_iflist no
 * longer names).
 */
#include "netvlan.h"

#include "log.h"
#include "modload.h"
#include "status.h"

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

/* <linux/if_vlan.h> and <linux/sockios.h> (UAPI): musl ships neither. */
#define NETVLAN_SIOCSIFVLAN 0x8983
enum {
	NETVLAN_ADD_CMD = 0,            /* ADD_VLAN_CMD */
	NETVLAN_SET_NAME_TYPE_CMD = 6,  /* SET_VLAN_NAME_TYPE_CMD */
	NETVLAN_NAME_RAW_NO_PAD = 3,    /* VLAN_NAME_TYPE_RAW_PLUS_VID_NO_PAD: eth0.5 */
};
struct netvlan_ioctl_args {
	int cmd;
	char device1[24];
	union {
		char device2[24];
		int VID;
		unsigned int skb_priority;
		unsigned int name_type;
		unsigned int bind_type;
		unsigned int flag;
	} u;
	short vlan_qos;
};

static int netvlan_ioctl(int s, int cmd, const char *dev, unsigned int arg)
{
	struct netvlan_ioctl_args v;

	memset(&v, 0, sizeof(v));
	v.cmd = cmd;
	snprintf(v.device1, sizeof(v.device1), "%s", dev);
	if (cmd == NETVLAN_ADD_CMD)
		v.u.VID = (int)arg;
	else
		v.u.name_type = arg;
	return ioctl(s, NETVLAN_SIOCSIFVLAN, &v) ? -errno : 0;
}

static int netvlan_up(int s, const char *name)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(s, SIOCGIFFLAGS, &ifr))
		return -errno;
	ifr.ifr_flags |= IFF_UP;
	return ioctl(s, SIOCSIFFLAGS, &ifr) ? -errno : 0;
}

/* Make and raise @nif's VLAN interface; @nif becomes it. */
static int netvlan_one(int s, uint16_t vid, struct net_if *nif)
{
	char name[IFNAMSIZ];
	int r;

	r = snprintf(name, sizeof(name), "%s.%u", nif->name, (unsigned)vid);
	if (r < 0 || r >= IFNAMSIZ) {
		log_err("aoe_vlan=%u: the VLAN interface name %s.%u is longer than %d characters; "
			"use a shorter NIC name (aoe_ifname=)", (unsigned)vid, nif->name,
			(unsigned)vid, IFNAMSIZ - 1);
		return -ENAMETOOLONG;
	}
	r = netvlan_ioctl(s, NETVLAN_ADD_CMD, nif->name, vid);
	if (r && r != -EEXIST) {
		log_err("aoe_vlan=%u: cannot make %s on %s: %s", (unsigned)vid, name, nif->name,
			strerror(-r));
		return r;
	}
	if ((r = netvlan_up(s, name))) {
		log_err("aoe_vlan=%u: cannot bring %s up: %s", (unsigned)vid, name, strerror(-r));
		return r;
	}
	log_info("VLAN %u: %s on %s (only frames tagged %u are AoE's)", (unsigned)vid, name,
		 nif->name, (unsigned)vid);
	snprintf(nif->name, sizeof(nif->name), "%s", name);
	nif->ifindex = (int)if_nametoindex(name);
	return nif->ifindex > 0 ? 0 : -ENODEV;
}

int netvlan_setup(const struct initrd_args *a, struct net_if *ifs, size_t len)
{
	char vid[8], names[NET_MAX_IFS * 16];
	size_t k = 0;
	int s, r = 0;

	if (!a->vlan)
		return 0;
	if (modload_load("8021q", NULL)) {
		log_err("aoe_vlan=%u needs the 8021q module: build the initrd with mkinitrd-aoe "
			"(it packs 8021q unless --no-vlan) or build 8021q into the kernel",
			(unsigned)a->vlan);
		return -ENOENT;
	}
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0) {
		log_err("socket: %s", strerror(errno));
		return -errno;
	}
	/* The kernel's default, set anyway: the name must be NIC.ID. */
	(void)netvlan_ioctl(s, NETVLAN_SET_NAME_TYPE_CMD, "", NETVLAN_NAME_RAW_NO_PAD);
	names[0] = '\0';
	for (size_t i = 0; i < len && !r; i++) {
		r = netvlan_one(s, a->vlan, &ifs[i]);
		if (!r)
			k += (size_t)snprintf(names + k, sizeof(names) - k, "%s%s", i ? " " : "",
					      ifs[i].name);
	}
	close(s);
	if (r)
		return r;
	snprintf(vid, sizeof(vid), "%u", (unsigned)a->vlan);
	status_note("vlan", vid);
	status_note("vlan_ifs", names);
	return 0;
}
