/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * disc.h - AoE discovery engine, driven by the platform.
 *
 * The engine broadcasts Query Config, collects every target by shelf.slot
 * together with each MAC that answers for it, IDENTIFYs every such MAC
 * (so two devices claiming one shelf.slot are told apart), and optionally
 * READs the sectors where an md superblock can live and parses them.
 *
 * It never blocks, never allocates and never writes to a target: the only
 * requests it can build are Query Config (read), ATA IDENTIFY and ATA READ.
 * The platform owns the loop:
 *
 *	disc_init(&d, &plat, targets, 256, &opts);
 *	disc_start(&d);
 *	while (!disc_poll(&d, now_ms())) {
 *		while (recv(frame) == 0)
 *			disc_rx(&d, frame, len);
 *		wait a little (poll(), grub_millisleep(), Stall(), ...);
 *	}
 *	for (i = 0; i < d.ntargets; i++) use targets[i];
 *
 * disc_pump() does the inner receive loop with the platform's recv(), at most
 * DISC_PUMP_BATCH frames a call, then disc_poll().
 *
 * Memory: struct disc is about 80 KiB (a 9 KiB receive buffer and
 * DISC_MD_SLOTS read buffers of 4 KiB): keep it static or on the heap, not
 * on a small stack. Each struct disc_target is about 2.3 KiB (the config
 * string can be 1 KiB): the 1024 targets the boot loaders hold
 * (PICKER_MAX_TARGETS) take about 2.3 MiB, allocated once. disc_init()
 * does not clear the table (entries are zeroed as they are taken), so the
 * pages of unused entries are never written.
 *
 * A full table: answers of further shelf.slots are dropped and counted
 * (stats.dropped_targets). Targets the caller names (disc_want()) hold a
 * reserved entry, so table order can never lose them.
 *
 * Duplicates: on a shelf.slot answered by devices that differ, the md
 * superblock behind every device is read (disc_mac.md_state/md_uuid), so a
 * duplicate can be judged by what it is (picker.h).
 *
 * md superblocks: the engine reads every place mdsb_locations() names
 * (1.2 at sector 8, 1.1 at 0, 1.0 near the end, 0.90 at the end - 64..128
 * KiB), 8 sectors each, and keeps the valid one with the newest ctime, ties
 * to the earlier place in that order (the rule of mdsb_probe(), which is
 * mdadm's: it loads every kind and keeps the newest). Reading all places
 * costs four reads per target, but a disk that was re-created with another
 * metadata version (a stale 0.90/1.0 superblock left at the end beneath a
 * live 1.2 one) is reported as mdadm and the kernel would see it.
 */
#ifndef AOEROOT_DISC_H
#define AOEROOT_DISC_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

#include "platform.h"
#include "aoe.h"
#include "mdsb.h"

enum {
	DISC_MAX_MACS = 8,        /* MACs remembered per shelf.slot */
	DISC_MD_SLOTS = 64,       /* targets whose md superblock is read at once:
				   * on a SAN of hundreds of targets the reads,
				   * one place after another per target, set
				   * the pace (bench/README.md, "Measurements
				   * behind constants") */
	DISC_MD_BUF = MDSB_READ_BYTES, /* biggest superblock read (0.90: 4 KiB) */
	DISC_MD_CHUNKS = 8,       /* READ frames per superblock (1 sector each, worst case) */
	DISC_FRAME_MAX = 9216,    /* receive buffer of disc_pump() (jumbo frames) */
	DISC_PUMP_BATCH = 256,    /* frames disc_pump() takes before it polls */
	DISC_ANY_SHELF = 0xFFFF,
	DISC_ANY_SLOT = 0xFF,
};

/* Defaults used by disc_opts_default(). */
enum {
	DISC_DEF_TIMEOUT_MS = 5000,
	DISC_DEF_SETTLE_MS = 600,     /* the settle window's cap */
	DISC_DEF_SETTLE_MIN_MS = 30,  /* its floor */
	DISC_DEF_SETTLE_MULT = 4,     /* x the slowest answer seen */
	DISC_WAIT_QUERY_MS = 50,      /* broadcasts while waiting for a first target */
	DISC_QUERY_TAGS = 8,          /* recent broadcasts whose answers are timed */
	DISC_DEF_RTO_MS = 200,
	DISC_DEF_RTO_MIN_MS = 20,
	DISC_DEF_RTO_MAX_MS = 1000,
	DISC_DEF_TRIES = 6,
	DISC_DEF_QUERIES = 3,
	DISC_EXTRA_QUERIES = 5,       /* further broadcasts while each finds more */
	DISC_CROWD = 32,              /* new answers to one broadcast that make a crowd */
	DISC_DEF_MTU = 1500,
};

enum disc_target_state {
	DISC_T_IDENTIFY = 0,  /* Query Config answered; IDENTIFY under way */
	DISC_T_MD,            /* identified; reading the md superblock */
	DISC_T_DONE,          /* everything wanted is known */
	DISC_T_ERROR,         /* gave up: see err and reason */
	DISC_T_WANTED,        /* named by disc_want(), not answered yet: its
				 * entry is reserved (nmacs == 0) and directed
				 * Query Configs ask for it until it answers */
};

enum disc_md_state {
	DISC_MD_NONE = 0,     /* not read (md reading disabled, or not yet) */
	DISC_MD_FOUND,        /* md holds a valid superblock */
	DISC_MD_ABSENT,       /* every location read, no superblock magic */
	DISC_MD_ERROR,        /* a superblock was there but invalid, or reads failed */
};

enum disc_dup_reason {
	DISC_DUP_NONE = 0,
	DISC_DUP_SERIAL = 1 << 0,  /* MACs' IDENTIFY serials differ */
	DISC_DUP_SIZE = 1 << 1,    /* MACs' IDENTIFY sector counts differ */
	DISC_DUP_MODEL = 1 << 2,   /* MACs' IDENTIFY models differ */
};

enum disc_mac_state {
	DISC_MAC_PENDING = 0, /* IDENTIFY sent or to be sent */
	DISC_MAC_OK,          /* IDENTIFY answered */
	DISC_MAC_ERROR,       /* IDENTIFY failed or timed out */
};

/* One MAC that answered for a shelf.slot, with its own IDENTIFY. */
struct disc_mac {
	uint8_t mac[6];
	uint8_t state;          /* enum disc_mac_state */
	uint8_t tries;          /* IDENTIFY transmissions so far */
	uint32_t tag;           /* tag of the outstanding IDENTIFY, 0 = none */
	uint64_t deadline_ms;   /* retransmit time of the outstanding IDENTIFY */
	uint64_t sectors;       /* from this MAC's IDENTIFY */
	char serial[21];        /* from this MAC's IDENTIFY */
	char model[41];
	/* The md superblock behind this device (read for the primary and,
	 * on a duplicate shelf.slot, for every other MAC too). */
	uint8_t md_state;       /* enum disc_md_state */
	uint8_t md_uuid[16];    /* array uuid when md_state == DISC_MD_FOUND */
};

/* One target (shelf.slot), filled in by the engine; read it when done. */
struct disc_target {
	uint16_t shelf;
	uint8_t slot;
	uint8_t state;                  /* enum disc_target_state */
	int err;                        /* 0 or enum ar_err when state is ERROR */
	const char *reason;             /* static text for err, or NULL */

	/* Every MAC that answered, in order of first answer. */
	struct disc_mac macs[DISC_MAX_MACS];
	uint8_t nmacs;
	uint8_t primary;                /* index in macs[]: identity, md reads */
	uint16_t macs_overflow;         /* further distinct MACs not stored */

	/* From the first Query Config response. */
	uint16_t bufcnt;
	uint16_t firmware;              /* AoE firmware version (config) */
	uint8_t max_sectors;            /* sectors per ATA frame (config) */
	uint8_t aoe_version;
	uint16_t config_len;
	char config[AOE_CFG_STR_MAX + 1]; /* untrusted bytes, NUL added */

	/* From the primary MAC's IDENTIFY. */
	struct ata_identity id;         /* model, serial, firmware, sectors, lba48 */

	/* Duplicate shelf.slot: MACs whose IDENTIFY disagree. */
	bool duplicate;
	uint8_t dup_reason;             /* enum disc_dup_reason bits */

	/* md superblock (DISC_MD_FOUND: md is valid). */
	uint8_t md_state;               /* enum disc_md_state */
	int md_err;                     /* last mdsb_parse/READ error */
	struct mdsb_info md;

	/* Engine bookkeeping. */
	uint8_t md_slot;                /* index+1 of the md slot held, 0 none */
	uint8_t md_loc;                 /* next location index to try */
	uint8_t md_mac;                 /* index in macs[] being read */
	uint32_t rtt_ms;                /* last measured round trip */
	uint32_t rto_ms;                /* this target's retransmit timeout: adapts
					 * to RTTs, doubles on each retransmit and
					 * carries over to the next request */
	uint64_t first_seen_ms;
};

/* Events reported to the optional progress callback. */
enum disc_event {
	DISC_EV_NEW,          /* a new shelf.slot answered */
	DISC_EV_DUPLICATE,    /* a target was just flagged duplicate */
	DISC_EV_DONE_TARGET,  /* a target reached DONE or ERROR */
	DISC_EV_FINISHED,     /* disc_poll() returned true for the first time */
};

struct disc;

struct disc_opts {
	uint32_t timeout_ms;   /* overall limit from disc_start() */
	/*
	 * The settle window W (docs/settle.md): finish once every known target
	 * is complete and neither a new target/MAC nor a broadcast of ours is
	 * younger than W. W = settle_rtt_mult x the slowest answer seen (to a
	 * broadcast, IDENTIFY or READ of ours), at least settle_min_ms, at most
	 * settle_ms; settle_rtt_mult = 0 makes W = settle_ms, fixed.
	 */
	uint32_t settle_ms;    /* the window's cap (the fixed window when mult is 0) */
	uint32_t settle_min_ms; /* the window's floor */
	uint8_t settle_rtt_mult; /* W = this x the slowest answer; 0 = fixed */
	uint32_t rto_ms;       /* initial retransmit timeout (per target) */
	uint32_t rto_min_ms;
	uint32_t rto_max_ms;   /* backoff doubles up to this */
	uint8_t tries;         /* transmissions per request before giving up */
	uint8_t queries;       /* Query Config broadcasts, W / queries apart */
	bool read_md;          /* read and parse md superblocks */
	bool wait_for_target;  /* while no target has answered, keep
				* broadcasting (every DISC_WAIT_QUERY_MS)
				* and do not finish before timeout_ms: for
				* links that come up late (EFI SNP ~1 s) */
	bool userland_tags;    /* set tag bit 31 (Linux aoe ignores those) */
	uint16_t shelf;        /* only this shelf, or DISC_ANY_SHELF */
	uint8_t slot;          /* only this slot, or DISC_ANY_SLOT */
	uint16_t mtu;          /* link MTU: caps sectors per READ frame */
	/* Optional: called from disc_rx()/disc_poll(); t is NULL for FINISHED. */
	void (*progress)(void *arg, const struct disc *d,
			 const struct disc_target *t, enum disc_event ev);
	void *progress_arg;
};

/* Counters the caller may read at any time. */
struct disc_stats {
	uint32_t tx;            /* frames sent */
	uint32_t tx_errors;     /* send() failures */
	uint32_t retransmits;
	uint32_t queries;       /* Query Config broadcasts */
	uint32_t rx;            /* frames given to disc_rx() */
	uint32_t rx_ignored;    /* not AoE, not a response, or filtered out */
	uint32_t rx_self;       /* our own frames looped back */
	uint32_t rx_malformed;  /* AoE responses that failed to parse */
	uint32_t rx_unmatched;  /* ATA responses with no matching request/MAC */
	uint32_t rx_errors;     /* AoE error responses / ATA errors */
	uint32_t table_full;    /* answers of new shelf.slots dropped: table full */
	uint32_t dropped_targets; /* distinct shelf.slots dropped (at least:
				   * counted through a small hash, collisions
				   * count once) */
};

struct disc_md_slot {
	bool used;
	uint16_t target;                  /* index in targets[] */
	uint64_t sector;                  /* first sector of the current read */
	uint16_t nsect;                   /* sectors of the current read */
	uint8_t nchunks;
	uint8_t chunk_sect;               /* sectors per READ frame */
	uint8_t done_mask;                /* chunks received */
	bool sized;                       /* nsect is final: the first chunk
	                                     showed what the place holds */
	uint8_t tries[DISC_MD_CHUNKS];
	uint32_t tags[DISC_MD_CHUNKS];
	uint64_t deadline_ms[DISC_MD_CHUNKS];
	struct mdsb_info best;            /* newest superblock of this device so far */
	int err;                          /* first read/parse error of this device */
	uint8_t buf[DISC_MD_BUF];
};

/*
 * Engine state, in caller memory. Opaque: platforms read it through the
 * functions below (disc_count(), disc_all_complete(), disc_finished(),
 * disc_get_stats(), ...); the targets are in the caller's own table.
 * Only common/ and its unit tests look inside.
 */
struct disc {
	struct ar_platform plat;
	struct disc_opts opts;
	uint8_t our_mac[6];
	struct disc_target *targets;   /* caller's table */
	uint16_t max_targets;
	uint16_t ntargets;             /* filled entries of targets[] */
	uint16_t ncomplete;            /* targets in DONE or ERROR */
	bool started;
	bool done;
	uint32_t seq;                  /* tag sequence */
	uint32_t rto_ms;               /* link RTO estimate from RTTs: seeds new targets */
	uint64_t start_ms;
	uint64_t last_new_ms;          /* last new target or MAC */
	uint64_t last_query_ms;        /* last Query Config broadcast */
	uint64_t last_round_ms;        /* last round of queries (broadcast or named) */
	uint8_t queries_sent;          /* broadcasts; saturates at 255 */
	uint8_t extra_queries;         /* broadcasts past opts.queries (DISC_EXTRA_QUERIES) */
	uint16_t found_since_query;    /* new targets/MACs since the last broadcast */
	bool crowd;                    /* DISC_CROWD new answers after one broadcast */
	uint16_t sweep_pos;            /* next targets[] entry the slot sweep looks at */
	uint8_t swept_slots[32];       /* slot numbers already asked for (bits) */
	uint16_t nwanted;              /* DISC_T_WANTED entries still unanswered */
	uint32_t slowest_ms;           /* slowest answer to a request of ours */
	bool timed;                    /* slowest_ms holds at least one answer */
	bool rx_idle;                  /* the last receive found the queue empty */
	bool rx_timed;                 /* the frame in hand came to an empty queue
					* or carries its arrival time */
	uint64_t rx_wait_ms;           /* ... and waited this long for the engine */
	uint32_t query_tag[DISC_QUERY_TAGS]; /* recent queries' tags (0 = none) */
	uint64_t query_ms[DISC_QUERY_TAGS];  /* ... and when they left */
	struct disc_stats stats;
	uint8_t dropped_seen[512];     /* hash bits of dropped shelf.slots */
	struct disc_md_slot md[DISC_MD_SLOTS];
	uint8_t frame[DISC_FRAME_MAX]; /* disc_pump() receive buffer */
};

/**
 * disc_opts_default() - fill @ret_opts with the defaults (DISC_DEF_*):
 * md reading on, userland tags off, any shelf and slot, no callback.
 */
void disc_opts_default(struct disc_opts *ret_opts);

/**
 * disc_init() - prepare an engine; sends nothing.
 * @d: engine state (caller memory).
 * @plat: platform ops + context (copied); send, get_mac and now_ms are used.
 * @targets: caller's table, @max_targets entries (1..65535), cleared here.
 * @opts: options (copied), or NULL for disc_opts_default().
 * Return: 0, or AR_EINVAL on a NULL/zero argument or a nonsensical option.
 */
int disc_init(struct disc *d, const struct ar_platform *plat,
	      struct disc_target *targets, size_t max_targets,
	      const struct disc_opts *opts);

/**
 * disc_want() - reserve an entry for a target named by the choice (a saved
 * selection, a DHCP root path, a list): it can never be lost to table
 * order when more targets answer than the table holds, and while it has
 * not answered, Query Config is sent to its shelf.slot directly (every
 * settle_ms / queries) until timeout_ms. Discovery does not finish before
 * every wanted target answered or timeout_ms passed.
 * Call after disc_init() and before disc_start(); naming a target twice is
 * harmless.
 * Return: 0, AR_EINVAL for a broadcast address or after disc_start(),
 * AR_ENOMEM when the table is full.
 */
int disc_want(struct disc *d, uint16_t shelf, uint8_t slot);

/**
 * disc_start() - start the clock and broadcast the first Query Config.
 * Return: 0, or the send() error (discovery still runs: it retries).
 */
int disc_start(struct disc *d);

/**
 * disc_rx() - feed one received Ethernet frame (dst, src, type, ...).
 * Anything that is not an AoE response for us is counted and ignored.
 * Return: 0 when the frame was used, AR_EPROTO when ignored (not AoE, not
 * a response, from ourselves, filtered, or discovery already finished:
 * the table never changes after that), AR_EBADMSG/AR_EMSGSIZE when
 * malformed, AR_ENOENT when no request matches its tag and MAC.
 */
int disc_rx(struct disc *d, const uint8_t *frame, size_t len);

/**
 * disc_poll() - advance timers: retransmit, re-broadcast, give up.
 * @now_ms: the platform's monotonic clock (same clock as ops->now_ms).
 * Return: true when discovery is finished (every known target is DONE or
 * ERROR, the broadcasts are sent and neither the last new target/MAC nor
 * the last broadcast is younger than the settle window, or timeout_ms
 * passed).
 */
bool disc_poll(struct disc *d, uint64_t now_ms);

/**
 * disc_settle_window() - the settle window now, in ms: settle_rtt_mult x
 * the slowest answer seen, clamped to [settle_min_ms, settle_ms]; settle_ms
 * while no answer to a request of ours has been timed yet, or when
 * settle_rtt_mult is 0 (docs/settle.md).
 */
uint32_t disc_settle_window(const struct disc *d);

/**
 * disc_pump() - receive every waiting frame with ops->recv and feed it to
 * disc_rx(), then disc_poll() with ops->now_ms.
 * Return: 1 when finished, 0 when not, or a negative recv() link error.
 */
int disc_pump(struct disc *d);

/**
 * disc_next_deadline() - the earliest time disc_poll() has work to do, so
 * a platform may sleep until then (or until a frame arrives).
 */
uint64_t disc_next_deadline(const struct disc *d);

/**
 * disc_find() - the target with this shelf.slot, or NULL.
 */
const struct disc_target *disc_find(const struct disc *d, uint16_t shelf,
				    uint8_t slot);

/** disc_count() - entries filled in the caller's table (targets[0..n-1]). */
size_t disc_count(const struct disc *d);

/** disc_all_complete() - at least one target, and every one done or failed. */
bool disc_all_complete(const struct disc *d);

/** disc_finished() - discovery is over: disc_pump() would return 1. */
bool disc_finished(const struct disc *d);

/** disc_get_stats() - the engine's counters. */
const struct disc_stats *disc_get_stats(const struct disc *d);

/** disc_rto_ms() - the link's retransmission timeout estimate. */
uint32_t disc_rto_ms(const struct disc *d);

/** disc_start_time() - the platform clock at disc_start(). */
uint64_t disc_start_time(const struct disc *d);

/**
 * disc_state_name() - "identify", "md", "done", "error" (static text).
 */
const char *disc_state_name(int state);

/**
 * disc_md_state_name() - "none", "found", "absent", "error" (static text).
 */
const char *disc_md_state_name(int md_state);

#endif /* AOEROOT_DISC_H */
