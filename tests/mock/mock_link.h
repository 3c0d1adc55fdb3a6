/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mock_link.h - a simulated Ethernet link full of AoE targets, for unit tests.
 *
 * It implements struct ar_platform_ops (platform.h): frames the engine sends
 * are answered the way vblade answers them (Query Config read/test/prefix,
 * ATA IDENTIFY, ATA READ / READ EXT), replies are queued with a delivery time
 * on a virtual clock, and recv() hands out what is due. Faults can be
 * injected on replies, each decided by a seeded PRNG so a run is
 * reproducible: drop, duplicate, reorder, delay, corrupt.
 *
 * Write safety: any ATA write (aflags write bit or a write opcode) and any
 * Query Config set/force set is counted in mock_link.writes and refused with
 * an error reply; with abort_on_write the process aborts instead, so a test
 * can never miss it.
 *
 * Host C (libc allowed): only tests link it.
 */
#ifndef AOEROOT_MOCK_LINK_H
#define AOEROOT_MOCK_LINK_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

#include "platform.h"

enum {
	MOCK_MAX_TARGETS = 64,
	MOCK_MAX_EXTENTS = 4,
	MOCK_QUEUE = 512,
	MOCK_FRAME_MAX = 9216,      /* jumbo: 36 + 17 sectors */
	MOCK_LOG = 64,
};

/* Bytes of a disk image placed at a sector; every other sector reads zero. */
struct mock_extent {
	uint64_t sector;
	const uint8_t *data;
	size_t len;
};

struct mock_target {
	uint16_t shelf;
	uint8_t slot;
	uint8_t mac[6];
	uint64_t sectors;          /* device size in 512-byte sectors */
	char serial[21];
	char model[41];
	char firmware[9];
	uint16_t bufcnt;           /* config reply; vblade default 16 */
	uint16_t fwver;            /* AoE firmware version in config reply */
	uint8_t max_sectors;       /* config reply; 2 at MTU 1500 */
	char config[1025];
	uint16_t config_len;
	struct mock_extent ext[MOCK_MAX_EXTENTS];
	unsigned next;
	uint32_t latency_ms;       /* fixed reply latency */
	uint32_t read_latency_ms;  /* added to READ replies (a slow disk) */
	bool pad;                  /* pad short replies to 60 bytes */
	bool silent;               /* never answers anything */
	bool ata_silent;           /* answers Query Config, never ATA */
	bool identify_error;       /* IDENTIFY fails (ATA status ERR) */
	bool read_error;           /* every READ fails */
	/* counters */
	uint32_t rx_config, rx_identify, rx_read;
};

/* Fault rates in percent (0..100) applied to each reply. */
struct mock_faults {
	uint32_t seed;
	unsigned drop;
	unsigned dup;
	unsigned reorder;          /* deliver before the previous queued reply */
	unsigned delay;            /* add 1..delay_max_ms */
	uint32_t delay_max_ms;
	unsigned corrupt;
	unsigned corrupt_kinds;    /* bits of enum mock_corrupt; 0 = all */
	unsigned drop_requests;    /* percent of requests lost before a target */
};

enum mock_corrupt {
	MOCK_CORRUPT_TRUNCATE = 1 << 0, /* cut inside the AoE headers */
	MOCK_CORRUPT_VERSION = 1 << 1,  /* bad AoE version nibble */
	MOCK_CORRUPT_TYPE = 1 << 2,     /* wrong EtherType */
	MOCK_CORRUPT_CFGLEN = 1 << 3,   /* config string length beyond frame */
	MOCK_CORRUPT_RANDOM = 1 << 4,   /* flip one random byte anywhere */
};

struct mock_frame {
	uint64_t at_ms;
	size_t len;
	uint8_t data[MOCK_FRAME_MAX];
};

struct mock_link {
	uint64_t now_ms;
	uint8_t host_mac[6];
	struct mock_target targets[MOCK_MAX_TARGETS];
	unsigned ntargets;
	struct mock_faults faults;
	uint32_t rng;
	bool abort_on_write;
	uint32_t recv_cost_ms;      /* clock advance per delivered frame (a slow host) */
	bool stamps;                /* rx_time_ms() tells each frame's delivery time */
	unsigned rx_ring;           /* frames the host's queue holds (0 = no limit);
				     * later arrivals are lost while it is full */
	uint32_t ring_dropped;
	uint64_t last_at_ms;        /* delivery time of the frame recv() returned last */
	/* reply queue, in delivery order */
	struct mock_frame *queue;   /* MOCK_QUEUE entries, heap */
	unsigned nqueue;
	/* counters */
	uint32_t tx;                /* frames the host sent */
	uint32_t tx_broadcast;
	uint32_t writes;            /* write attempts (must stay 0) */
	uint32_t bad_requests;      /* host frames a target could not parse */
	uint32_t dropped, duplicated, reordered, delayed, corrupted;
	uint32_t queue_overflow;
	uint32_t delivered;
	/* last MOCK_LOG request summaries: cmd<<8 | ata cmd or subcommand */
	uint16_t log[MOCK_LOG];
	uint64_t log_ms[MOCK_LOG];  /* virtual time of each logged request */
	unsigned nlog;
};

/**
 * mock_link_init() - an empty link at time @start_ms; host MAC 02:00:00:00:00:01.
 * Return: 0, or -1 when the queue cannot be allocated.
 */
int mock_link_init(struct mock_link *m, uint64_t start_ms);

/** mock_link_fini() - free the queue. */
void mock_link_fini(struct mock_link *m);

/**
 * mock_add_target() - add a target with vblade-like defaults: MAC
 * 02:aa:00:00:SS:LL (shelf low byte, slot), serial "S.L:mock", model
 * "mock vblade", firmware "V25", bufcnt 16, max_sectors 2, @sectors size.
 * Return: the target to tweak further, or NULL when full.
 */
struct mock_target *mock_add_target(struct mock_link *m, uint16_t shelf,
				    uint8_t slot, uint64_t sectors);

/**
 * mock_target_image() - place @len bytes of disk image at @sector.
 * Return: 0, or -1 when the target has MOCK_MAX_EXTENTS already.
 */
int mock_target_image(struct mock_target *t, uint64_t sector,
		      const uint8_t *data, size_t len);

/** mock_set_faults() - set fault rates and reseed the PRNG. */
void mock_set_faults(struct mock_link *m, const struct mock_faults *f);

/** mock_advance() - move the virtual clock forward by @ms. */
void mock_advance(struct mock_link *m, uint64_t ms);

/** mock_next_due() - delivery time of the earliest queued reply, or UINT64_MAX. */
uint64_t mock_next_due(const struct mock_link *m);

/**
 * mock_inject() - queue @len bytes to be received by the host at @at_ms
 * (for malformed or foreign frames). Return: 0, or -1 when the queue is full.
 */
int mock_inject(struct mock_link *m, const uint8_t *frame, size_t len,
		uint64_t at_ms);

/** mock_platform() - the ar_platform whose ops drive @m. */
struct ar_platform mock_platform(struct mock_link *m);

/** Exported for tests that call the ops directly. */
extern const struct ar_platform_ops mock_link_ops;

#endif /* AOEROOT_MOCK_LINK_H */
