/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * link.c - the AF_PACKET link for Linux user space (link.h).
 */
#include "link.h"

#include "aoe.h"
#include "err.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netpacket/packet.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int link_op_send(void *ctx, const uint8_t *frame, size_t len)
{
	struct link *l = ctx;

	if (send(l->fd, frame, len, 0) == (ssize_t)len)
		return 0;
	l->last_errno = errno;
	return AR_EIO;
}

uint64_t link_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* The kernel stamps a packet with the real-time clock; the engine runs on
 * the monotonic one: carry the frame's age over. 0 when there is no stamp. */
static uint64_t link_arrival_ms(struct msghdr *mh)
{
	struct cmsghdr *c;
	struct timespec stamp, real;
	int64_t age_ms;
	uint64_t now;

	for (c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_TIMESTAMPNS)
			continue;
		memcpy(&stamp, CMSG_DATA(c), sizeof(stamp));
		clock_gettime(CLOCK_REALTIME, &real);
		now = link_now_ms();
		age_ms = ((int64_t)real.tv_sec - stamp.tv_sec) * 1000 +
			 ((int64_t)real.tv_nsec - stamp.tv_nsec) / 1000000;
		if (age_ms < 0)
			age_ms = 0;
		return (uint64_t)age_ms < now ? now - (uint64_t)age_ms : 0;
	}
	return 0;
}

static int link_op_recv(void *ctx, uint8_t *buf, size_t cap, size_t *ret_len)
{
	struct link *l = ctx;
	struct sockaddr_ll from;
	union {
		char space[CMSG_SPACE(sizeof(struct timespec))];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { .iov_base = buf, .iov_len = cap };
	struct msghdr mh;
	ssize_t n;

	for (;;) {
		memset(&mh, 0, sizeof(mh));
		mh.msg_name = &from;
		mh.msg_namelen = sizeof(from);
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = &ctl;
		mh.msg_controllen = sizeof(ctl);
		n = recvmsg(l->fd, &mh, MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return AR_EAGAIN;
			l->last_errno = errno;
			return AR_EIO;
		}
		if (from.sll_pkttype == PACKET_OUTGOING)
			continue;
		l->rx_at_ms = link_arrival_ms(&mh);
		*ret_len = (size_t)n;
		return 0;
	}
}

static void link_op_get_mac(void *ctx, uint8_t ret_mac[6])
{
	memcpy(ret_mac, ((struct link *)ctx)->mac, 6);
}

int link_query_config(struct link *l, uint16_t shelf, uint8_t slot, uint32_t tag)
{
	struct aoe_hdr h;
	struct aoe_cfg c;
	uint8_t buf[AOE_FRAME_MIN + 4];
	size_t len;
	int rc;

	memset(&h, 0, sizeof(h));
	memset(h.dst, 0xff, sizeof(h.dst));
	memcpy(h.src, l->mac, sizeof(h.src));
	h.shelf = shelf;
	h.slot = slot;
	h.cmd = AOE_CMD_CONFIG;
	h.tag = tag;
	memset(&c, 0, sizeof(c));
	c.aoe_version = AOE_VERSION;
	c.subcmd = AOE_CFG_READ;
	rc = aoe_cfg_build(buf, sizeof(buf), &h, &c, &len);
	return rc ? rc : link_op_send(l, buf, len);
}

static uint64_t link_op_rx_time_ms(void *ctx)
{
	return ((struct link *)ctx)->rx_at_ms;
}

static uint64_t link_op_now_ms(void *ctx)
{
	(void)ctx;
	return link_now_ms();
}

static const struct ar_platform_ops link_ops = {
	.send = link_op_send,
	.recv = link_op_recv,
	.get_mac = link_op_get_mac,
	.now_ms = link_op_now_ms,
	.rx_time_ms = link_op_rx_time_ms,
};

/*
 * A Query Config broadcast on a SAN of 1024 targets is answered by 1024
 * frames within a millisecond or two. The default receive buffer (about
 * 208 KiB, ~1 KiB of accounting per frame) held 200-300 of them: aoe-scan
 * saw 337-684 of 1024 targets. 8 MiB holds every answer; root (PID 1,
 * aoe-scan on a SAN) may pass net.core.rmem_max with SO_RCVBUFFORCE.
 */
enum { LINK_RCVBUF = 8 << 20 };

static void link_grow_rcvbuf(int fd)
{
	int size = LINK_RCVBUF;

	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
}

int link_socket(struct link *l)
{
	l->last_errno = 0;
	l->fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(AOE_ETHERTYPE));
	if (l->fd < 0)
		return -errno;
	link_grow_rcvbuf(l->fd);
	l->rx_at_ms = 0;
	/* receive stamps (link_arrival_ms()); without them frames are timed
	 * only when they find the queue empty (docs/settle.md) */
	(void)setsockopt(l->fd, SOL_SOCKET, SO_TIMESTAMPNS, &(int){ 1 }, sizeof(int));
	return 0;
}

int link_bind(struct link *l, int ifindex)
{
	struct sockaddr_ll sll;

	l->ifindex = ifindex;
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(AOE_ETHERTYPE);
	sll.sll_ifindex = ifindex;
	return bind(l->fd, (struct sockaddr *)&sll, sizeof(sll)) ? -errno : 0;
}

int link_open(struct link *l, int ifindex, const uint8_t mac[6])
{
	int r = link_socket(l);

	if (r)
		return r;
	memcpy(l->mac, mac, 6);
	r = link_bind(l, ifindex);
	if (r)
		link_close(l);
	return r;
}

unsigned link_mtu(const struct link *l)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	if (l->fd < 0 || !if_indextoname((unsigned)l->ifindex, ifr.ifr_name) ||
	    ioctl(l->fd, SIOCGIFMTU, &ifr) < 0 || ifr.ifr_mtu <= 0)
		return 0;
	return (unsigned)ifr.ifr_mtu;
}

void link_close(struct link *l)
{
	if (l->fd >= 0)
		close(l->fd);
	l->fd = -1;
}

struct ar_platform link_platform(struct link *l)
{
	struct ar_platform p = { &link_ops, l };

	return p;
}
