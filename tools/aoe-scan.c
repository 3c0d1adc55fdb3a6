/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * aoe-scan - list the AoE targets reachable on one network interface.
 *
 * A thin Linux shell around common/disc.c: an AF_PACKET socket bound to the
 * interface and to EtherType 0x88A2 is the platform (struct ar_platform_ops),
 * poll() is the loop. Tags carry bit 31, so a local aoe driver ignores the
 * replies. Read-only: the engine can only send Query Config (read), IDENTIFY
 * and READ. See man/aoe-scan.8.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "disc.h"
#include "err.h"
#include "mdsb.h"
#include "aoename.h"
#include "link.h"
#include "handoff.h"
#include "bootargs.h"

enum { SCAN_MAX_TARGETS = 1024, SCAN_EXIT_FOUND = 0, SCAN_EXIT_NONE = 1,
       SCAN_EXIT_ERROR = 2 };

static struct disc scan_disc;
static struct disc_target scan_targets[SCAN_MAX_TARGETS];

static int scan_fail(const char *what, const char *iface, int err)
{
	fprintf(stderr, "aoe-scan: %s %s: %s%s\n", what, iface, strerror(err),
		err == EPERM || err == EACCES ? " (needs root or CAP_NET_RAW)" : "");
	return SCAN_EXIT_ERROR;
}

/* Open the raw socket on @iface; on failure print one line and return 2. */
static int scan_open(struct link *l, const char *iface)
{
	struct ifreq ifr;
	int ifindex, r;

	if (strlen(iface) >= IFNAMSIZ) {
		fprintf(stderr, "aoe-scan: interface name too long: %s\n", iface);
		return SCAN_EXIT_ERROR;
	}
	r = link_socket(l);
	if (r)
		return scan_fail("cannot open a raw socket for", iface, -r);
	ifindex = (int)if_nametoindex(iface);
	if (!ifindex)
		return scan_fail("no such interface", iface, errno);
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, iface);
	if (ioctl(l->fd, SIOCGIFHWADDR, &ifr) < 0)
		return scan_fail("cannot read the MAC address of", iface, errno);
	memcpy(l->mac, ifr.ifr_hwaddr.sa_data, 6);
	if (ioctl(l->fd, SIOCGIFFLAGS, &ifr) < 0)
		return scan_fail("cannot read the flags of", iface, errno);
	if (!(ifr.ifr_flags & IFF_UP)) {
		fprintf(stderr, "aoe-scan: interface %s is down\n", iface);
		return SCAN_EXIT_ERROR;
	}
	r = link_bind(l, ifindex);
	if (r)
		return scan_fail("cannot bind to", iface, -r);
	return 0;
}

/*
 * Untrusted bytes in double quotes: '"' and '\\' escaped, every other byte
 * outside printable ASCII written with @byte_fmt, never raw.
 */
static void put_quoted(const char *s, size_t n, const char *byte_fmt)
{
	size_t i;

	putchar('"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			printf(byte_fmt, c);
		else
			putchar(c);
	}
	putchar('"');
}

/* Text output: C-style escapes. */
static void text_str(const char *s, size_t n)
{
	put_quoted(s, n, "\\x%02x");
}

/* JSON string: ASCII only; bytes >= 0x7f as \u00XX (Latin-1). */
static void json_str(const char *s, size_t n)
{
	put_quoted(s, n, "\\u%04x");
}

static void put_mac(const uint8_t *m)
{
	char s[MAC_STR_LEN + 1];

	aoename_mac_format(m, s, sizeof(s));
	fputs(s, stdout);
}

static const char *level_name(int32_t level, char *buf, size_t cap)
{
	if (level == -1)
		return "linear";
	snprintf(buf, cap, "raid%" PRId32, level);
	return buf;
}

static const char *role_name(uint32_t role)
{
	switch (role) {
	case MDSB_ROLE_SPARE: return "spare";
	case MDSB_ROLE_FAULTY: return "faulty";
	case MDSB_ROLE_JOURNAL: return "journal";
	default: return NULL;
	}
}

static void dup_reasons(uint8_t r, bool json)
{
	static const struct { uint8_t bit; const char *name; } names[] = {
		{ DISC_DUP_SERIAL, "serial" }, { DISC_DUP_SIZE, "size" },
		{ DISC_DUP_MODEL, "model" },
	};
	const char *sep = "";
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(r & names[i].bit))
			continue;
		printf(json ? "%s\"%s\"" : "%s%s", sep, names[i].name);
		sep = json ? ", " : ",";
	}
}

static void text_size(uint64_t sectors)
{
	double b = (double)sectors * 512;
	const char *u[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
	unsigned i = 0;

	while (b >= 1024 && i < 5) {
		b /= 1024;
		i++;
	}
	printf("%.1f%s", b, u[i]);
}

static void text_md(const struct disc_target *t)
{
	char uuid[MDSB_UUID_STR_LEN + 1], lv[16];
	const char *rn;

	if (t->md_state != DISC_MD_FOUND) {
		printf(" md=%s", disc_md_state_name(t->md_state));
		if (t->md_state == DISC_MD_ERROR)
			printf("(%s)", ar_strerror(t->md_err));
		return;
	}
	aoename_uuid_format(t->md.uuid, UUID_STYLE_MDADM, uuid, sizeof(uuid));
	printf(" md=%s uuid=%s name=", mdsb_version_str(t->md.version), uuid);
	text_str(t->md.name, strlen(t->md.name));
	printf(" level=%s raid_disks=%" PRIu32,
	       level_name(t->md.level, lv, sizeof(lv)), t->md.raid_disks);
	rn = role_name(t->md.role);
	if (rn)
		printf(" role=%s", rn);
	else
		printf(" role=%" PRIu32, t->md.role);
	printf(" events=%" PRIu64, t->md.events);
}

static void text_target(const struct disc_target *t)
{
	char name[AOE_NAME_MAX];
	unsigned i;

	aoe_name_format(t->shelf, t->slot, name, sizeof(name));
	printf("%s ", name);
	text_size(t->id.sectors);
	printf(" sectors=%" PRIu64 " model=", t->id.sectors);
	text_str(t->id.model, strlen(t->id.model));
	printf(" serial=");
	text_str(t->id.serial, strlen(t->id.serial));
	printf(" config=");
	text_str(t->config, t->config_len);
	printf(" macs=");
	for (i = 0; i < t->nmacs; i++) {
		if (i)
			putchar(',');
		put_mac(t->macs[i].mac);
	}
	if (t->macs_overflow)
		printf(",+%u", t->macs_overflow);
	text_md(t);
	if (t->duplicate) {
		printf(" DUPLICATE(");
		dup_reasons(t->dup_reason, false);
		putchar(')');
		/* What is behind each device: judges whether it may hide a member. */
		for (i = 0; i < t->nmacs; i++) {
			char uuid[MDSB_UUID_STR_LEN + 1];

			printf(" dev%u_md=", i);
			if (t->macs[i].md_state == DISC_MD_FOUND) {
				aoename_uuid_format(t->macs[i].md_uuid, UUID_STYLE_MDADM, uuid, sizeof(uuid));
				printf("%s", uuid);
			} else {
				printf("%s", disc_md_state_name(t->macs[i].md_state));
			}
		}
	}
	if (t->state == DISC_T_ERROR)
		printf(" error=\"%s\"", t->reason ? t->reason : ar_strerror(t->err));
	putchar('\n');
}

static void json_md(const struct disc_target *t)
{
	char uuid[MDSB_UUID_STR_LEN + 1], lv[16];
	const char *rn;

	if (t->md_state != DISC_MD_FOUND) {
		printf("null");
		return;
	}
	aoename_uuid_format(t->md.uuid, UUID_STYLE_MDADM, uuid, sizeof(uuid));
	printf("{\"version\": \"%s\", \"uuid\": \"%s\", \"name\": ",
	       mdsb_version_str(t->md.version), uuid);
	json_str(t->md.name, strlen(t->md.name));
	printf(", \"level\": \"%s\", \"raid_disks\": %" PRIu32 ", \"role\": ",
	       level_name(t->md.level, lv, sizeof(lv)), t->md.raid_disks);
	rn = role_name(t->md.role);
	if (rn)
		printf("\"%s\"", rn);
	else
		printf("%" PRIu32, t->md.role);
	printf(", \"events\": %" PRIu64 ", \"clean\": %s, \"data_offset\": %" PRIu64
	       ", \"data_size\": %" PRIu64 "}", t->md.events,
	       t->md.clean ? "true" : "false", t->md.data_offset, t->md.data_size);
}

static void json_paths(const struct disc_target *t)
{
	static const char *st[] = { "pending", "ok", "error" };
	unsigned i;

	printf("[");
	for (i = 0; i < t->nmacs; i++) {
		const struct disc_mac *m = &t->macs[i];

		printf("%s{\"mac\": \"", i ? ", " : "");
		put_mac(m->mac);
		printf("\", \"identify\": \"%s\", \"sectors\": %" PRIu64 ", \"serial\": ",
		       st[m->state % 3], m->sectors);
		json_str(m->serial, strlen(m->serial));
		printf(", \"model\": ");
		json_str(m->model, strlen(m->model));
		printf("}");
	}
	printf("]");
}

static void json_target(const struct disc_target *t, bool last)
{
	char name[AOE_NAME_MAX];
	unsigned i;

	aoe_name_format(t->shelf, t->slot, name, sizeof(name));
	printf("  {\"target\": \"%s\", \"shelf\": %u, \"slot\": %u, "
	       "\"sectors\": %" PRIu64 ", \"bytes\": %" PRIu64 ", \"macs\": [",
	       name, t->shelf, t->slot,
	       t->id.sectors, t->id.sectors * 512);
	for (i = 0; i < t->nmacs; i++) {
		printf("%s\"", i ? ", " : "");
		put_mac(t->macs[i].mac);
		putchar('"');
	}
	printf("], \"macs_overflow\": %u, \"model\": ", t->macs_overflow);
	json_str(t->id.model, strlen(t->id.model));
	printf(", \"serial\": ");
	json_str(t->id.serial, strlen(t->id.serial));
	printf(", \"firmware\": ");
	json_str(t->id.firmware, strlen(t->id.firmware));
	printf(", \"config\": ");
	json_str(t->config, t->config_len);
	printf(", \"bufcnt\": %u, \"max_sectors\": %u, \"aoe_firmware\": %u, "
	       "\"state\": \"%s\", \"error\": ", t->bufcnt, t->max_sectors,
	       t->firmware, disc_state_name(t->state));
	if (t->state == DISC_T_ERROR)
		printf("\"%s\"", t->reason ? t->reason : ar_strerror(t->err));
	else
		printf("null");
	printf(", \"duplicate\": %s, \"duplicate_reasons\": [",
	       t->duplicate ? "true" : "false");
	dup_reasons(t->dup_reason, true);
	printf("], \"paths\": ");
	json_paths(t);
	printf(", \"md_state\": \"%s\", \"md\": ", disc_md_state_name(t->md_state));
	json_md(t);
	printf("}%s\n", last ? "" : ",");
}

static void usage(FILE *f)
{
	fprintf(f, "usage: aoe-scan [--timeout MS] [--settle MS] [--settle-min MS] [--settle-mult N]\n"
		   "                [--queries N] [--wait] [--json] [--no-md] [--shelf N] [--slot N]\n"
		   "                [--verbose] IFACE\n"
		   "       aoe-scan --handoff[=FILE]\n");
}

#define SCAN_HANDOFF_PATH "/sys/firmware/efi/efivars/" HANDOFF_EFI_VAR_NAME "-" HANDOFF_EFI_VAR_GUID_STR

/* --handoff: the boot loader's record (docs/handoff.md), as efivarfs shows
 * it (4 attribute bytes first) or, for FILE, the bare record. */
static int scan_handoff(const char *path)
{
	uint8_t buf[HANDOFF_MAX_LEN + 1024];
	char text[HANDOFF_TEXT_MAX], args[BOOTARGS_TEXT_MAX];
	bool efivars = !path;
	struct handoff h;
	struct bootargs b;
	size_t n, skip = efivars ? 4 : 0;
	FILE *f;
	int err;

	if (!path)
		path = SCAN_HANDOFF_PATH;
	f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "aoe-scan: %s: %s%s\n", path, strerror(errno),
			errno == ENOENT && efivars ? " (no handoff: BIOS boot, another boot "
			"loader, or efivarfs not mounted)" : "");
		return errno == ENOENT ? SCAN_EXIT_NONE : SCAN_EXIT_ERROR;
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	if (n < skip) {
		fprintf(stderr, "aoe-scan: %s: too short\n", path);
		return SCAN_EXIT_ERROR;
	}
	err = handoff_parse(buf + skip, n - skip, &h);
	if (err) {
		fprintf(stderr, "aoe-scan: %s: not a handoff record: %s\n", path, ar_strerror(err));
		return SCAN_EXIT_ERROR;
	}
	handoff_describe(&h, text, sizeof(text));
	handoff_to_bootargs(&h, &b);
	if (bootargs_format(&b, args, sizeof(args), NULL))
		args[0] = '\0';
	printf("%sarguments %s\n", text, args);
	return SCAN_EXIT_FOUND;
}

struct scan_args {
	struct disc_opts opts;
	bool json, verbose, handoff;
	const char *iface;
	const char *handoff_file;   /* --handoff=FILE; NULL: efivarfs */
};

static int parse_num(const char *s, unsigned long max, unsigned long *ret)
{
	char *end;

	errno = 0;
	*ret = strtoul(s, &end, 0);
	return (errno || !*s || *end || *ret > max || *s == '-') ? -1 : 0;
}

static int scan_args(int argc, char **argv, struct scan_args *a)
{
	static const struct option lo[] = {
		{ "timeout", required_argument, 0, 't' },
		{ "settle", required_argument, 0, 's' },
		{ "settle-min", required_argument, 0, 'm' },
		{ "settle-mult", required_argument, 0, 'M' },
		{ "queries", required_argument, 0, 'q' },
		{ "wait", no_argument, 0, 'w' },
		{ "json", no_argument, 0, 'j' }, { "no-md", no_argument, 0, 'n' },
		{ "shelf", required_argument, 0, 'S' },
		{ "slot", required_argument, 0, 'L' },
		{ "verbose", no_argument, 0, 'v' }, { "help", no_argument, 0, 'h' },
		{ "handoff", optional_argument, 0, 'H' },
		{ 0, 0, 0, 0 },
	};
	unsigned long v;
	int c;

	disc_opts_default(&a->opts);
	a->opts.userland_tags = true;
	while ((c = getopt_long(argc, argv, "t:s:m:M:q:wjnS:L:vh", lo, NULL)) != -1) {
		switch (c) {
		case 't': case 's':
			if (parse_num(optarg, 3600000, &v) || !v) {
				fprintf(stderr, "aoe-scan: bad --%s value: %s (1..3600000 ms)\n",
					c == 't' ? "timeout" : "settle", optarg);
				return SCAN_EXIT_ERROR;
			}
			*(c == 't' ? &a->opts.timeout_ms : &a->opts.settle_ms) = (uint32_t)v;
			break;
		case 'm':
			if (parse_num(optarg, 3600000, &v)) {
				fprintf(stderr, "aoe-scan: bad --settle-min value: %s (0..3600000 ms)\n",
					optarg);
				return SCAN_EXIT_ERROR;
			}
			a->opts.settle_min_ms = (uint32_t)v;
			break;
		case 'M':
			if (parse_num(optarg, 100, &v)) {
				fprintf(stderr, "aoe-scan: bad --settle-mult value: %s (0..100, 0 = fixed window)\n",
					optarg);
				return SCAN_EXIT_ERROR;
			}
			a->opts.settle_rtt_mult = (uint8_t)v;
			break;
		case 'q':
			if (parse_num(optarg, 100, &v) || !v) {
				fprintf(stderr, "aoe-scan: bad --queries value: %s (1..100)\n", optarg);
				return SCAN_EXIT_ERROR;
			}
			a->opts.queries = (uint8_t)v;
			break;
		case 'S': case 'L':
			if (parse_num(optarg, c == 'S' ? 0xfffe : 0xfe, &v)) {
				fprintf(stderr, "aoe-scan: bad --%s value: %s\n",
					c == 'S' ? "shelf" : "slot", optarg);
				return SCAN_EXIT_ERROR;
			}
			if (c == 'S')
				a->opts.shelf = (uint16_t)v;
			else
				a->opts.slot = (uint8_t)v;
			break;
		case 'w': a->opts.wait_for_target = true; break;
		case 'j': a->json = true; break;
		case 'n': a->opts.read_md = false; break;
		case 'v': a->verbose = true; break;
		case 'H': a->handoff = true; a->handoff_file = optarg; break;
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); return SCAN_EXIT_ERROR;
		}
	}
	if (a->handoff && optind == argc)
		return 0;
	if (a->handoff || optind != argc - 1) {
		usage(stderr);
		return SCAN_EXIT_ERROR;
	}
	a->iface = argv[optind];
	return 0;
}

/* The platform loop: pump the engine, sleep in poll() until its next deadline. */
static int scan_run(struct link *l, const struct scan_args *a)
{
	struct ar_platform plat = link_platform(l);
	int rc;

	rc = disc_init(&scan_disc, &plat, scan_targets, SCAN_MAX_TARGETS, &a->opts);
	if (rc) {
		fprintf(stderr, "aoe-scan: bad options: %s\n", ar_strerror(rc));
		return SCAN_EXIT_ERROR;
	}
	if (disc_start(&scan_disc))
		return scan_fail("cannot send on", a->iface, l->last_errno);
	for (;;) {
		struct pollfd p = { .fd = l->fd, .events = POLLIN };
		uint64_t now, next;

		rc = disc_pump(&scan_disc);
		if (rc < 0)
			return scan_fail("cannot receive on", a->iface, l->last_errno);
		if (rc == 1)
			return 0;
		now = link_now_ms();
		next = disc_next_deadline(&scan_disc);
		poll(&p, 1, next > now ? (int)(next - now < 1000 ? next - now : 1000) : 0);
	}
}

static void scan_stats(const struct disc *d)
{
	const struct disc_stats *s = disc_get_stats(d);

	fprintf(stderr, "aoe-scan: %u targets; tx %" PRIu32 " (queries %" PRIu32
		", retransmits %" PRIu32 ", errors %" PRIu32 "); rx %" PRIu32
		" (ignored %" PRIu32 ", malformed %" PRIu32 ", unmatched %" PRIu32
		", error replies %" PRIu32 "); table full %" PRIu32 "; rto %" PRIu32 " ms\n",
		(unsigned)disc_count(d), s->tx, s->queries, s->retransmits, s->tx_errors, s->rx,
		s->rx_ignored, s->rx_malformed, s->rx_unmatched, s->rx_errors,
		s->table_full, disc_rto_ms(d));
}

static int cmp_target(const void *x, const void *y)
{
	const struct disc_target *a = x, *b = y;

	if (a->shelf != b->shelf)
		return a->shelf < b->shelf ? -1 : 1;
	return a->slot < b->slot ? -1 : a->slot > b->slot;
}

int main(int argc, char **argv)
{
	struct scan_args a;
	struct link l = { .fd = -1 };
	unsigned i, n;
	int rc;

	memset(&a, 0, sizeof(a));
	rc = scan_args(argc, argv, &a);
	if (rc)
		return rc;
	if (a.handoff)
		return scan_handoff(a.handoff_file);
	rc = scan_open(&l, a.iface);
	if (!rc) {
		/* READ frames sized for the interface: 17 sectors at MTU 9000 */
		unsigned mtu = link_mtu(&l);

		a.opts.mtu = (uint16_t)(mtu >= 576 && mtu < 65536 ? mtu : DISC_DEF_MTU);
		rc = scan_run(&l, &a);
	}
	link_close(&l);
	if (rc)
		return rc;
	n = (unsigned)disc_count(&scan_disc);
	qsort(scan_targets, n, sizeof(scan_targets[0]), cmp_target);
	if (a.verbose) {
		scan_stats(&scan_disc);
		for (i = 0; i < n && scan_targets[i].nmacs; i++) {
			fprintf(stderr, "aoe-scan: MTU %u: md reads up to %u sectors/frame\n",
				(unsigned)a.opts.mtu,
				aoe_frame_sectors(scan_targets[i].max_sectors, a.opts.mtu,
						  DISC_MD_BUF / AOE_SECTOR_SIZE));
			break;
		}
	}
	if (disc_get_stats(&scan_disc)->dropped_targets)
		fprintf(stderr, "aoe-scan: warning: %" PRIu32 " more target(s) answered than "
			"the table holds (%u): not listed\n",
			disc_get_stats(&scan_disc)->dropped_targets, (unsigned)SCAN_MAX_TARGETS);
	if (a.json)
		printf("[\n");
	for (i = 0; i < n; i++) {
		if (a.json)
			json_target(&scan_targets[i], i + 1 == n);
		else
			text_target(&scan_targets[i]);
	}
	if (a.json)
		printf("]\n");
	if (!n && !a.json)
		fprintf(stderr, "aoe-scan: no AoE targets answered on %s\n", a.iface);
	return n ? SCAN_EXIT_FOUND : SCAN_EXIT_NONE;
}
