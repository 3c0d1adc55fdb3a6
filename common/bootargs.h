/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bootargs.h - the kernel-argument contract between the boot loaders (GRUB's
 * aoe.mod, the UEFI stub) and /init: one struct, one formatter, one parser.
 *
 * The arguments, as the boot loaders write them and /init reads them:
 *
 *   aoe_netdev=MAC[,MAC|NAME...]  the NIC(s) the members answer on
 *   aoe_md_devs=eS.L[@MAC],...   the md members, in order (@MAC pins the
 *                                device that may answer that shelf.slot)
 *   aoe_md_uuid=UUID             the md array (any 32-hex-digit form)
 *   aoe_vlan=ID                  802.1Q VLAN the members answer on
 *
 * A boot loader fills a struct bootargs with exactly the members it attached
 * or published (handoff_to_bootargs() in handoff.h does it from the handoff
 * record), never a member it refused or did not see; the text is always
 * made by bootargs_format(). /init's argument reader passes every one of
 * these keys to bootargs_parse_arg(). Freestanding: no libc.
 */
#ifndef AOEROOT_BOOTARGS_H
#define AOEROOT_BOOTARGS_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

enum {
	BOOTARGS_MAX_MEMBERS = 8,   /* members /init assembles */
	BOOTARGS_MAX_NETDEVS = 8,   /* NICs in aoe_netdev= */
	BOOTARGS_IFNAME_MAX = 16,   /* a kernel interface name + NUL (IFNAMSIZ) */
	BOOTARGS_TEXT_MAX = 512,    /* longest bootargs_format() text + NUL:
	                               8 x "eNNNNN.NNN@xx:..:xx," + 8 NICs + uuid */
	BOOTARGS_NOT_OURS = 1,      /* bootargs_parse_arg(): another key */
};

/** One NIC of aoe_netdev=: a MAC address or a kernel interface name. */
struct bootargs_netdev {
	bool by_mac;
	uint8_t mac[6];
	char name[BOOTARGS_IFNAME_MAX];   /* NUL-ended; "" when by_mac */
};

/** One member of aoe_md_devs=. */
struct bootargs_member {
	uint16_t shelf;
	uint8_t slot;
	bool pinned;                      /* @MAC given */
	uint8_t mac[6];
};

/** The parsed (or to-be-formatted) kernel arguments. */
struct bootargs {
	size_t n_netdevs;                 /* 0: no aoe_netdev= */
	struct bootargs_netdev netdevs[BOOTARGS_MAX_NETDEVS];
	size_t n_members;                 /* 0: no aoe_md_devs= */
	struct bootargs_member members[BOOTARGS_MAX_MEMBERS];
	bool has_uuid;
	uint8_t uuid[16];                 /* bytes in order, as mdadm prints */
	uint16_t vlan;                    /* 1..4094; 0 = no aoe_vlan= */
};

/** bootargs_init() - empty @b (no argument at all). */
void bootargs_init(struct bootargs *b);

/**
 * bootargs_format() - the arguments as one line of space-separated words:
 * "aoe_netdev=... aoe_md_devs=... [aoe_md_uuid=...] [aoe_vlan=ID]"; each
 * word only when its field is set. MACs lower case, UUID in mdadm's form,
 * members as given (their order is kept).
 * @buf, @cap: output, NUL-terminated (BOOTARGS_TEXT_MAX always suffices).
 * @ret_len: the text's length without the NUL (may be NULL).
 * Return: 0; AR_EINVAL for a field out of range (too many members or NICs,
 * a shelf 65535 / slot 255, a VLAN above 4094, an interface name that is
 * empty, too long or holds ':', '/', ',', '"', '@' or a control byte or
 * space); AR_ENOSPC.
 */
int bootargs_format(const struct bootargs *b, char *buf, size_t cap, size_t *ret_len);

/**
 * bootargs_parse_arg() - take one key=value of the contract into @b.
 * @key, @key_len: the key (not NUL-ended), as cmdline_next() gives it.
 * @val, @val_len: the value (NULL for a flag).
 * Return: 0 when taken (the field is replaced: the last occurrence wins);
 * BOOTARGS_NOT_OURS for any other key (then @b is untouched); for one of
 * ours with a bad value: AR_EINVAL (malformed, a flag without value, a
 * member listed twice), AR_E2BIG (too many items), AR_ERANGE (shelf, slot
 * or VLAN ID out of range) - @b is untouched then too.
 */
int bootargs_parse_arg(struct bootargs *b, const char *key, size_t key_len,
		       const char *val, size_t val_len);

/**
 * bootargs_parse() - parse a whole command line (up to a "--") into @b.
 * @line: NUL-terminated command line (kernel quoting rules, cmdline.h).
 * @b: emptied first; the last occurrence of a key wins.
 * @ret_bad: the number of our keys whose value was refused (may be NULL).
 * Return: 0, or the first refusal's error (the rest is still parsed).
 */
int bootargs_parse(const char *line, struct bootargs *b, unsigned *ret_bad);

/**
 * bootargs_same_members() - whether @a and @b name the same member set
 * (shelf.slot, in any order; pins and other fields ignored).
 */
bool bootargs_same_members(const struct bootargs *a, const struct bootargs *b);

#endif /* AOEROOT_BOOTARGS_H */
