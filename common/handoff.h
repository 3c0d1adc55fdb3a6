/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * handoff.h - the boot loader's decision handed to Linux in a volatile EFI
 * variable, in the spirit of iSCSI's iBFT and NVMe-oF's NBFT: which NIC,
 * which VLAN, which md array, which members (shelf.slot, the MAC that
 * answered, md role and event count), whether the boot is degraded and
 * which rule chose. Written by GRUB's x86_64-efi aoe.mod and the UEFI stub
 * (both modes), read by /init from efivarfs and by `aoe-scan --handoff`.
 *
 * The binary layout (version 1, every field little-endian) is documented
 * in docs/handoff.md; the offsets below are its single source. A record
 * names the members the writer attached or published, and - flagged
 * HANDOFF_MF_READD - the stale members the configuration named that /init
 * is to add back (common/choose.h); never another one.
 * Freestanding: no libc, no allocation.
 */
#ifndef AOEROOT_HANDOFF_H
#define AOEROOT_HANDOFF_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

struct bootargs;
struct mdsb_info;

/* EFI variable name (ASCII; platforms widen it to UCS-2). */
#define HANDOFF_EFI_VAR_NAME "AoeRootHandoff"
/* Its own vendor GUID 6dae365c-a63a-41b8-bb5f-f4c42713a615. */
#define HANDOFF_EFI_VAR_GUID_STR "6dae365c-a63a-41b8-bb5f-f4c42713a615"
#define HANDOFF_EFI_VAR_GUID_DATA1 0x6dae365cu
#define HANDOFF_EFI_VAR_GUID_DATA2 0xa63au
#define HANDOFF_EFI_VAR_GUID_DATA3 0x41b8u
#define HANDOFF_EFI_VAR_GUID_DATA4 { 0xbb, 0x5f, 0xf4, 0xc4, 0x27, 0x13, 0xa6, 0x15 }
/* Volatile: BOOTSERVICE_ACCESS | RUNTIME_ACCESS; each boot writes its own. */
#define HANDOFF_EFI_VAR_ATTRS 0x6u

enum {
	HANDOFF_VERSION = 1,
	HANDOFF_MAX_MEMBERS = 8,

	/* Header (docs/handoff.md). */
	HANDOFF_OFF_SIG = 0,          /* "AOEH" */
	HANDOFF_OFF_VERSION = 4,      /* u16 */
	HANDOFF_OFF_HDR_LEN = 6,      /* u16 */
	HANDOFF_OFF_TOTAL_LEN = 8,    /* u32 */
	HANDOFF_OFF_MEMBER_LEN = 12,  /* u16 */
	HANDOFF_OFF_N_MEMBERS = 14,   /* u8 */
	HANDOFF_OFF_FLAGS = 15,       /* u8, HANDOFF_F_* */
	HANDOFF_OFF_RULE = 16,        /* u8, enum handoff_rule */
	HANDOFF_OFF_WRITER = 17,      /* u8, enum handoff_writer */
	HANDOFF_OFF_VLAN = 18,        /* u16, 0 = untagged */
	HANDOFF_OFF_NIC_MAC = 20,     /* 6 bytes */
	HANDOFF_OFF_RAID_DISKS = 26,  /* u16, 0 = no md */
	HANDOFF_OFF_UUID = 28,        /* 16 bytes, in order */
	HANDOFF_OFF_CRC = 44,         /* u32, CRC-32 (IEEE) of the record with
	                                 this field zero */
	HANDOFF_HDR_LEN = 64,         /* 48..63 reserved, zero */

	/* Member entry. */
	HANDOFF_M_OFF_SHELF = 0,      /* u16 */
	HANDOFF_M_OFF_SLOT = 2,       /* u8 */
	HANDOFF_M_OFF_FLAGS = 3,      /* u8, HANDOFF_MF_* */
	HANDOFF_M_OFF_MAC = 4,        /* 6 bytes: the device that answered */
	HANDOFF_M_OFF_ROLE = 12,      /* u32, md role (slot; 0xffff spare,
	                                 0xfffe faulty); 0xffffffff no md */
	HANDOFF_M_OFF_EVENTS = 16,    /* u64, md event count */
	HANDOFF_MEMBER_LEN = 32,      /* 10..11 and 24..31 reserved, zero */

	HANDOFF_MAX_LEN = HANDOFF_HDR_LEN + HANDOFF_MAX_MEMBERS * HANDOFF_MEMBER_LEN,
	HANDOFF_ROLE_NONE = -1,       /* (uint32_t) role of a member without md */
	HANDOFF_TEXT_MAX = 1024,      /* handoff_describe() output + NUL */
};

/* Header flags. */
enum {
	HANDOFF_F_DEGRADED = 1 << 0,  /* fewer md members than raid_disks */
	HANDOFF_F_HAS_UUID = 1 << 1,  /* the UUID field is set */
	HANDOFF_F_PUBLISHED = 1 << 2, /* members were published as UEFI disks
	                                 (the stub's publish mode) */
};

/* Member flags. */
enum {
	HANDOFF_MF_MD = 1 << 0,       /* role and events are from its superblock */
	HANDOFF_MF_READD = 1 << 1,    /* NOT attached or published: a stale member
	                                 the configuration named, left out by the
	                                 choice; /init adds it back to the running
	                                 array (aoe_md_devs= names it too). Never
	                                 counted as present for the degraded flag. */
};

/** Which rule chose the members (the boot loader's own words in brackets). */
enum handoff_rule {
	HANDOFF_RULE_NONE = 0,        /* unknown / not said */
	HANDOFF_RULE_ROOTPATH_LIST,   /* DHCP root path aoe:eS.L,... */
	HANDOFF_RULE_ROOTPATH_UUID,   /* DHCP root path aoe:uuid=... */
	HANDOFF_RULE_HOSTNAME,        /* DHCP host name = md homehost */
	HANDOFF_RULE_ONLY_ARRAY,      /* the only array visible */
	HANDOFF_RULE_SAVED,           /* the saved selection */
	HANDOFF_RULE_LIST,            /* a configured list (aoeboot.select=,
	                                 aoe_select --default=, aoe_attach) */
	HANDOFF_RULE_PERSON,          /* a person at the picker */
	HANDOFF_RULE_COUNT
};

/** Who wrote the record. */
enum handoff_writer {
	HANDOFF_WRITER_NONE = 0,
	HANDOFF_WRITER_GRUB,          /* GRUB's aoe.mod (attached GRUB disks) */
	HANDOFF_WRITER_STUB_KERNEL,   /* aoeboot.efi starting the kernel */
	HANDOFF_WRITER_STUB_PUBLISH,  /* aoeboot.efi, aoeboot.publish=1 */
	HANDOFF_WRITER_COUNT
};

struct handoff_member {
	uint16_t shelf;
	uint8_t slot;
	uint8_t flags;                /* HANDOFF_MF_* */
	uint8_t mac[6];
	uint32_t role;
	uint64_t events;
};

/** A handoff record, decoded. */
struct handoff {
	uint16_t version;             /* HANDOFF_VERSION when parsed */
	uint8_t flags;                /* HANDOFF_F_* */
	uint8_t rule;                 /* enum handoff_rule */
	uint8_t writer;               /* enum handoff_writer */
	uint16_t vlan;
	uint8_t nic_mac[6];
	uint16_t raid_disks;
	uint8_t uuid[16];
	size_t n_members;
	struct handoff_member m[HANDOFF_MAX_MEMBERS];
};

/**
 * handoff_init() - start an empty record.
 * @nic_mac: the boot NIC's MAC; @vlan: 0 or 1..4094.
 */
void handoff_init(struct handoff *h, enum handoff_writer writer,
		  const uint8_t nic_mac[6], uint16_t vlan, enum handoff_rule rule);

/**
 * handoff_add() - add one member the writer attached or published; the
 * record keeps its members in ascending shelf.slot order.
 * @mac: the device that answered for it.
 * @md: its superblock, or NULL (no md): the first one sets the array UUID
 *      and raid_disks. The degraded flag follows (md members < raid_disks).
 * Return: 0; AR_E2BIG past HANDOFF_MAX_MEMBERS; AR_EEXIST for a shelf.slot
 * already in the record.
 */
int handoff_add(struct handoff *h, uint16_t shelf, uint8_t slot,
		const uint8_t mac[6], const struct mdsb_info *md);

/**
 * handoff_add_readd() - handoff_add() of a member that was NOT attached or
 * published, flagged HANDOFF_MF_READD: /init adds it back to the array.
 * Return: as handoff_add().
 */
int handoff_add_readd(struct handoff *h, uint16_t shelf, uint8_t slot,
		      const uint8_t mac[6], const struct mdsb_info *md);

/** Whether the writer attached (GRUB) or published (stub) shelf.slot. */
typedef bool handoff_keep_fn(void *ctx, uint16_t shelf, uint8_t slot);

/**
 * handoff_keep() - drop the members @keep says were not attached or
 * published; HANDOFF_MF_READD members stay (they never are), unless no
 * other member is left: then the record is emptied (no array, nothing to
 * add back to). The degraded flag follows.
 */
void handoff_keep(struct handoff *h, handoff_keep_fn *keep, void *ctx);

/**
 * handoff_pack() - the binary record (docs/handoff.md).
 * @buf, @cap: output; HANDOFF_MAX_LEN always suffices.
 * @ret_len: bytes written.
 * Return: 0; AR_EINVAL for a field out of range (members, VLAN, rule,
 * writer); AR_ENOSPC.
 */
int handoff_pack(const struct handoff *h, uint8_t *buf, size_t cap, size_t *ret_len);

/**
 * handoff_parse() - decode a record of exactly @len bytes.
 * Return: 0; AR_EPROTO (no "AOEH" signature); AR_ENOTSUP (another
 * version); AR_EMSGSIZE (shorter than its header, a length field that
 * disagrees with @len, header or entry shorter than version 1's);
 * AR_ECHECKSUM; AR_EBADMSG (too many members, a bad shelf/slot/VLAN, a
 * duplicate member, unknown rule or writer).
 * Longer headers and entries (a later minor revision) are accepted: only
 * version 1's fields are read.
 */
int handoff_parse(const uint8_t *buf, size_t len, struct handoff *ret);

/**
 * handoff_to_bootargs() - the kernel arguments the record stands for:
 * aoe_netdev=NIC, aoe_md_devs= its members (in record order, unpinned;
 * HANDOFF_MF_READD ones too: /init tells them apart by their events),
 * aoe_md_uuid= when set, aoe_vlan= when tagged. The one way a boot loader
 * makes its arguments, so they never name a member the record does not.
 */
void handoff_to_bootargs(const struct handoff *h, struct bootargs *ret);

/**
 * handoff_rule_of() - the rule from the picker's view (picker.h):
 * @source: enum picker_source; @rule: enum picker_rule; @person: a key was
 * pressed at the picker. A PICKER_SRC_USER selection nobody touched came
 * from a configured list (aoeboot.select=LIST, aoe_select --default=LIST).
 */
enum handoff_rule handoff_rule_of(int source, int rule, bool person);

/** handoff_rule_text() - "DHCP root path (members)", ... ; "?" if unknown. */
const char *handoff_rule_text(unsigned rule);

/** handoff_writer_text() - "GRUB aoe.mod", ... ; "?" if unknown. */
const char *handoff_writer_text(unsigned writer);

/**
 * handoff_describe() - the record for people, one field per line
 * ("version 1", "writer ...", "member e0.0 mac ... role 0 events 42", ...).
 * @buf, @cap: output, NUL-terminated (HANDOFF_TEXT_MAX always suffices).
 * Return: 0 or AR_ENOSPC (then truncated).
 */
int handoff_describe(const struct handoff *h, char *buf, size_t cap);

#endif /* AOEROOT_HANDOFF_H */
