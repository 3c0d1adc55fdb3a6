/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * aoe-probe - cross-check common/aoe.c against a real AoE target (vblade).
 *
 *   aoe-probe --mkimage FILE SECTORS   make a sparse image with marked sectors
 *   aoe-probe IFACE SHELF SLOT SECTORS HOSTNAME
 *
 * The second form speaks to eSHELF.SLOT over IFACE (AF_PACKET, root) with
 * frames built only by common/aoe.c and checks every answer with its
 * parsers: Query Config read/set/test/prefix/force set (and the "config
 * string present" error), IDENTIFY (model, serial "S.L:HOSTNAME", size,
 * LBA48), READ of marked sectors below and above 2^28 (READ and READ EXT:
 * the LBA byte order), a read past the end (ATA error status) and an
 * unknown command (AoE error). Prints "ok N - what" / "not ok N - what";
 * exit 0 when all pass, 1 otherwise, 2 on a setup error. Tags have bit 31
 * set, so a local aoe driver would ignore the replies.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "aoe.h"
#include "err.h"

#define CFG_STR "codec probe"

struct probe {
	int fd;
	uint8_t mac[6], target[6];
	uint16_t shelf;
	uint8_t slot;
	uint32_t seq;
	int failed, n;
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void report(struct probe *p, int ok, const char *what, const char *detail)
{
	p->n++;
	if (!ok)
		p->failed = 1;
	printf("%s %d - %s%s%s\n", ok ? "ok" : "not ok", p->n, what,
	       detail ? ": " : "", detail ? detail : "");
	fflush(stdout);
}

/* The value a sector of the test image holds: its number, then a pattern. */
static void sector_pattern(uint64_t lba, uint8_t *buf)
{
	int i;

	for (i = 0; i < AOE_SECTOR_SIZE; i++)
		buf[i] = (uint8_t)(lba * 7 + (uint64_t)i);
	memcpy(buf, &lba, sizeof(lba)); /* host order: same machine reads it */
}

/* Marked sectors: first two, both sides of 2^28, the last two. */
static int marked(uint64_t sectors, uint64_t *out)
{
	uint64_t c[] = { 0, 1, ATA_LBA28_MAX - 1, ATA_LBA28_MAX, ATA_LBA28_MAX + 1,
			 ATA_LBA28_MAX + 2, 0x123456789ull, sectors - 2, sectors - 1 };
	int i, n = 0;

	for (i = 0; i < (int)(sizeof(c) / sizeof(c[0])); i++)
		if (c[i] < sectors)
			out[n++] = c[i];
	return n;
}

static int mkimage(const char *path, uint64_t sectors)
{
	uint64_t lbas[16];
	uint8_t buf[AOE_SECTOR_SIZE];
	int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644), i, n;

	if (fd < 0 || ftruncate(fd, (off_t)(sectors * AOE_SECTOR_SIZE))) {
		perror(path);
		return 2;
	}
	n = marked(sectors, lbas);
	for (i = 0; i < n; i++) {
		sector_pattern(lbas[i], buf);
		if (pwrite(fd, buf, sizeof(buf), (off_t)(lbas[i] * AOE_SECTOR_SIZE)) != sizeof(buf)) {
			perror(path);
			return 2;
		}
	}
	return close(fd) ? 2 : 0;
}

static int probe_open(struct probe *p, const char *ifname)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(AOE_ETHERTYPE) };
	struct ifreq ifr = { 0 };

	p->fd = socket(AF_PACKET, SOCK_RAW, htons(AOE_ETHERTYPE));
	if (p->fd < 0)
		return perror("socket(AF_PACKET)"), -1;
	sll.sll_ifindex = (int)if_nametoindex(ifname);
	if (!sll.sll_ifindex)
		return fprintf(stderr, "aoe-probe: no interface %s\n", ifname), -1;
	if (bind(p->fd, (struct sockaddr *)&sll, sizeof(sll)))
		return perror("bind"), -1;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(p->fd, SIOCGIFHWADDR, &ifr))
		return perror("SIOCGIFHWADDR"), -1;
	memcpy(p->mac, ifr.ifr_hwaddr.sa_data, 6);
	return 0;
}

static void probe_hdr(struct probe *p, struct aoe_hdr *h, const uint8_t *dst)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->dst, dst, 6);
	memcpy(h->src, p->mac, 6);
	h->shelf = p->shelf;
	h->slot = p->slot;
	h->tag = aoe_tag_make(now_ms(), ++p->seq, true);
}

/*
 * Send @frame and wait up to @ms for the response carrying its tag.
 * Return: the response length, 0 on timeout.
 */
static size_t xchg(struct probe *p, const uint8_t *frame, size_t len,
		   uint8_t *resp, size_t cap, int ms)
{
	uint32_t tag = (uint32_t)frame[AOE_OFF_TAG] << 24 | (uint32_t)frame[21] << 16 |
		       (uint32_t)frame[22] << 8 | frame[23];
	uint64_t end = now_ms() + (uint64_t)ms;
	struct aoe_hdr h;
	ssize_t n;

	if (send(p->fd, frame, len, 0) != (ssize_t)len)
		return perror("send"), 0;
	for (;;) {
		uint64_t t = now_ms();
		struct pollfd pfd = { p->fd, POLLIN, 0 };

		if (t >= end || poll(&pfd, 1, (int)(end - t)) <= 0)
			return 0;
		n = recv(p->fd, resp, cap, 0);
		if (n <= 0)
			continue;
		if (aoe_hdr_unpack(resp, (size_t)n, &h) || !(h.flags & AOE_FL_RESPONSE) ||
		    h.tag != tag || memcmp(h.dst, p->mac, 6))
			continue;
		return (size_t)n;
	}
}

/* One Query Config exchange; *ret_rc is the parse result, -1 on timeout. */
static int cfg_xchg(struct probe *p, const uint8_t *dst, uint8_t subcmd,
		    const char *str, struct aoe_cfg *ret_cfg, uint8_t *resp, size_t cap)
{
	uint8_t frame[AOE_CFG_HDR_LEN + AOE_CFG_STR_MAX];
	struct aoe_cfg c = { .subcmd = subcmd, .str = (const uint8_t *)str,
			     .str_len = (uint16_t)strlen(str) };
	struct aoe_hdr h;
	size_t len;

	probe_hdr(p, &h, dst);
	if (aoe_cfg_build(frame, sizeof(frame), &h, &c, &len))
		return -2;
	len = xchg(p, frame, len, resp, cap, 1000);
	if (!len)
		return -1;
	return aoe_cfg_parse(resp, len, &h, ret_cfg);
}

static int cfg_str_is(const struct aoe_cfg *c, const char *s)
{
	return c->str_len == strlen(s) && !memcmp(c->str, s, c->str_len);
}

static void check_config(struct probe *p)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	uint8_t resp[2048];
	struct aoe_cfg c;
	struct aoe_hdr h;
	char d[128];
	int rc;

	rc = cfg_xchg(p, bcast, AOE_CFG_READ, "", &c, resp, sizeof(resp));
	aoe_hdr_unpack(resp, sizeof(resp), &h);
	snprintf(d, sizeof(d), "rc %d, bufcnt %u, max sectors %u, version %u, string %u bytes, rtt %u ms",
		 rc, c.bufcnt, c.max_sectors, c.aoe_version, c.str_len, aoe_tag_rtt(h.tag, now_ms()));
	report(p, rc == 0 && c.bufcnt > 0 && c.max_sectors >= 2 && c.aoe_version == 1 &&
	       c.str_len == 0 && aoe_tag_rtt(h.tag, now_ms()) < 1000,
	       "config read (broadcast) answered by the target", d);
	if (rc)
		return;
	memcpy(p->target, h.src, 6);
	rc = cfg_xchg(p, p->target, AOE_CFG_SET, CFG_STR, &c, resp, sizeof(resp));
	report(p, rc == 0 && cfg_str_is(&c, CFG_STR), "config set on an empty string", NULL);
	rc = cfg_xchg(p, p->target, AOE_CFG_READ, "", &c, resp, sizeof(resp));
	report(p, rc == 0 && cfg_str_is(&c, CFG_STR), "config read returns the string set", NULL);
	rc = cfg_xchg(p, p->target, AOE_CFG_SET, "other", &c, resp, sizeof(resp));
	snprintf(d, sizeof(d), "rc %d (%s)", rc, rc < -2 ? ar_strerror(rc) : "-");
	report(p, rc == AR_EEXIST, "config set over another string: error 4, config string present", d);
	rc = cfg_xchg(p, p->target, AOE_CFG_TEST, CFG_STR, &c, resp, sizeof(resp));
	report(p, rc == 0, "config test with the same string answers", NULL);
	rc = cfg_xchg(p, p->target, AOE_CFG_TEST, "codec", &c, resp, sizeof(resp));
	report(p, rc == -1, "config test with another string stays silent", NULL);
	rc = cfg_xchg(p, p->target, AOE_CFG_PREFIX, "codec", &c, resp, sizeof(resp));
	report(p, rc == 0 && cfg_str_is(&c, CFG_STR), "config prefix match answers", NULL);
	rc = cfg_xchg(p, p->target, AOE_CFG_PREFIX, "probe", &c, resp, sizeof(resp));
	report(p, rc == -1, "config prefix mismatch stays silent", NULL);
	rc = cfg_xchg(p, p->target, AOE_CFG_FORCE_SET, "forced", &c, resp, sizeof(resp));
	report(p, rc == 0 && cfg_str_is(&c, "forced"), "config force set replaces the string", NULL);
	rc = cfg_xchg(p, p->target, 5, "", &c, resp, sizeof(resp));
	report(p, rc == AR_EINVAL, "unknown config subcommand: error 2, bad argument", NULL);
}

static void check_identify(struct probe *p, uint64_t sectors, const char *host)
{
	uint8_t frame[AOE_FRAME_MIN], resp[2048];
	struct ata_identity id = { 0 };
	struct aoe_hdr h;
	struct aoe_ata a;
	char want[64], d[256];
	size_t len;
	int rc;

	probe_hdr(p, &h, p->target);
	aoe_ata_build_identify(frame, sizeof(frame), &h, &len);
	len = xchg(p, frame, len, resp, sizeof(resp), 1000);
	rc = len ? aoe_ata_parse(resp, len, 1, &h, &a) : -1;
	if (rc == 0)
		rc = ata_identify_parse(a.data, a.data_len, &id);
	snprintf(want, sizeof(want), "%u.%u:%s", p->shelf, p->slot, host);
	snprintf(d, sizeof(d), "rc %d, model \"%s\", serial \"%s\", firmware \"%s\", %llu sectors, lba48 %d",
		 rc, id.model, id.serial, id.firmware, (unsigned long long)id.sectors, id.lba48);
	report(p, rc == 0 && !strcmp(id.model, "Coraid EtherDrive vblade") &&
	       !strcmp(id.serial, want) && id.firmware[0] == 'V' &&
	       id.sectors == sectors && id.lba48, "IDENTIFY", d);
}

/* READ @count sectors at @lba; check each against the marked pattern. */
static void check_read(struct probe *p, uint64_t lba, uint8_t count, uint64_t sectors)
{
	uint8_t frame[AOE_FRAME_MIN], resp[2048], want[AOE_SECTOR_SIZE];
	struct aoe_hdr h;
	struct aoe_ata a;
	char what[96], d[96];
	size_t len;
	int rc, i, ok;

	probe_hdr(p, &h, p->target);
	aoe_ata_build_read(frame, sizeof(frame), &h, lba, count, &len);
	snprintf(what, sizeof(what), "%s of %u sectors at %#llx",
		 frame[AOE_ATA_OFF_CMDSTAT] == ATA_CMD_READ_EXT ? "READ EXT" : "READ",
		 count, (unsigned long long)lba);
	len = xchg(p, frame, len, resp, sizeof(resp), 1000);
	rc = len ? aoe_ata_parse(resp, len, count, &h, &a) : -1;
	snprintf(d, sizeof(d), "rc %d, status %#x", rc, rc == -1 ? 0 : a.cmd_status);
	if (lba + count > sectors) {
		report(p, rc == AR_EIO, what, "past the end: ATA error status expected");
		return;
	}
	ok = rc == 0;
	for (i = 0; ok && i < count; i++) {
		sector_pattern(lba + (uint64_t)i, want);
		ok = !memcmp(a.data + i * AOE_SECTOR_SIZE, want, AOE_SECTOR_SIZE);
	}
	report(p, ok, what, ok ? NULL : rc ? d : "data differs from the image");
}

static void check_badcmd(struct probe *p)
{
	uint8_t frame[AOE_FRAME_MIN] = { 0 }, resp[2048];
	struct aoe_hdr h;
	size_t len;
	int rc = -1;

	probe_hdr(p, &h, p->target);
	h.cmd = 0x55;
	aoe_hdr_pack(frame, sizeof(frame), &h);
	len = xchg(p, frame, sizeof(frame), resp, sizeof(resp), 1000);
	if (len && aoe_hdr_unpack(resp, len, &h) == 0)
		rc = aoe_hdr_status(&h);
	report(p, rc == AR_ENOTSUP && h.error == AOE_ERR_BADCMD,
	       "unknown command: error 1, unrecognized command code", aoe_error_str(h.error));
}

int main(int argc, char **argv)
{
	struct probe p = { .fd = -1 };
	uint64_t sectors, lbas[16];
	int i, n;

	if (argc == 4 && !strcmp(argv[1], "--mkimage"))
		return mkimage(argv[2], strtoull(argv[3], NULL, 0));
	if (argc != 6) {
		fprintf(stderr, "usage: aoe-probe IFACE SHELF SLOT SECTORS HOSTNAME\n"
				"       aoe-probe --mkimage FILE SECTORS\n");
		return 2;
	}
	p.shelf = (uint16_t)atoi(argv[2]);
	p.slot = (uint8_t)atoi(argv[3]);
	sectors = strtoull(argv[4], NULL, 0);
	if (probe_open(&p, argv[1]))
		return 2;
	check_config(&p);
	if (p.failed)
		return 1;
	check_identify(&p, sectors, argv[5]);
	n = marked(sectors, lbas);
	for (i = 0; i < n; i++)
		check_read(&p, lbas[i], i + 1 < n && lbas[i + 1] == lbas[i] + 1 ? 2 : 1, sectors);
	check_read(&p, sectors - 1, 2, sectors);
	check_badcmd(&p);
	printf("%s: %d checks\n", p.failed ? "FAIL" : "PASS", p.n);
	return p.failed;
}
