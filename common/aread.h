/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * aread.h - windowed ATA READ engine for one AoE target, driven by the
 * platform (GRUB disks today, the EFI stub may use it too).
 *
 * One read request (a range of sectors into a caller buffer) is cut into
 * frames of as many sectors as the target and the link allow (Query Config
 * "max sectors per frame", capped by the MTU: 2 at 1500, 17 at 9000), and
 * up to a window of frames is kept in flight. Each frame's tag carries its
 * send time (aoe_tag_make()), so every answer gives an exact RTT without
 * per-request state; the retransmit timeout follows the RTTs (Jacobson:
 * srtt + 4 * rttvar), doubles on every retransmit and carries over to the
 * next request, so a slow target is not re-learnt on every request. A timeout also halves the window;
 * each answer opens it by one again, up to the target's buffer count.
 *
 * An answer is used only when it comes from the pinned MAC, with the
 * target's shelf.slot, to our MAC, and carries the tag of an outstanding
 * frame (its last or previous transmission: a late answer to a frame that
 * was retransmitted is as good as the new one, the data is the same).
 * Duplicates and answers to finished frames are counted and dropped.
 *
 * Errors stop the request and say where and why (struct aread_error):
 * no answer after opts.tries transmissions (timeout), an AoE error reply,
 * or an ATA status with an error bit. A target is never given up on a
 * wedged link: when a frame has gone unanswered for half its tries, the
 * platform's optional recover() reinitialises the NIC (once per request)
 * and the other half of the tries follow. A send the platform refuses
 * (no free transmit buffer, NIC busy) left nothing on the wire, so it
 * uses no try; opts.tries refusals of one frame fail the read
 * (AREAD_FAIL_SEND). Never writes: the only request it
 * builds is aoe_ata_build_read().
 *
 * The platform owns the loop (see disc.h):
 *
 *	aread_init(&r, &plat, &target, NULL);
 *	aread_start(&r, lba, count, buf);
 *	while ((rc = aread_pump(&r)) == 0)
 *		;
 *	rc < 0: r.error says which sector, what happened
 *
 * Freestanding: no libc, no allocation, no globals, never blocks.
 */
#ifndef AOEROOT_AREAD_H
#define AOEROOT_AREAD_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

#include "platform.h"
#include "aoe.h"

enum {
	AREAD_MAX_WINDOW = 32,       /* frames in flight, at most */
	AREAD_DEF_WINDOW = 16,       /* when the target reports no buffer count */
	AREAD_FRAME_MAX = 9216,      /* receive buffer of aread_pump() (jumbo) */
	AREAD_DEF_RTO_MS = 200,      /* first request's retransmit timeout */
	AREAD_DEF_RTO_MIN_MS = 30,
	AREAD_DEF_RTO_MAX_MS = 2000,
	AREAD_DEF_TRIES = 8,         /* transmissions of one frame before giving up */
};

/* What made a read fail (struct aread_error.kind). */
enum aread_fail {
	AREAD_FAIL_NONE = 0,
	AREAD_FAIL_TIMEOUT,          /* no answer after opts.tries transmissions */
	AREAD_FAIL_AOE,              /* AoE error reply: code = wire error byte */
	AREAD_FAIL_ATA,              /* ATA status with an error bit:
				        code = status << 8 | error register */
	AREAD_FAIL_SEND,             /* the platform's send() failed: code = -err */
	AREAD_FAIL_RANGE,            /* request beyond the target's size */
};

struct aread_error {
	uint8_t kind;                /* enum aread_fail */
	uint32_t code;
	uint64_t lba;                /* first sector of the frame that failed */
	uint8_t count;               /* sectors in that frame */
};

/* The target as discovery saw it; rto/srtt/window are kept across reads. */
struct aread_target {
	uint8_t mac[6];              /* pinned: answers from another MAC are ignored */
	uint16_t shelf;
	uint8_t slot;
	uint8_t max_sectors;         /* Query Config sectors per frame (0 = 2, r11) */
	uint16_t bufcnt;             /* Query Config buffer count (0 = default) */
	uint16_t mtu;                /* link MTU (0 = 1500) */
	uint64_t sectors;            /* size (IDENTIFY); reads past it fail */
	/* Engine state, zero before the first aread_init(). */
	uint32_t rto_ms;
	uint32_t srtt_ms;            /* smoothed RTT x 8 (0: no sample yet) */
	uint32_t rttvar_ms;          /* RTT variation x 4 */
};

struct aread_opts {
	uint32_t rto_ms;             /* initial RTO when the target has none */
	uint32_t rto_min_ms;
	uint32_t rto_max_ms;
	uint8_t tries;               /* transmissions per frame (>= 1) */
	uint8_t window;              /* cap on frames in flight (1..AREAD_MAX_WINDOW) */
	uint8_t sectors_per_frame;   /* cap (0: from target and MTU) */
	bool userland_tags;          /* set tag bit 31 (Linux aoe ignores those) */
};

struct aread_slot {
	bool used;
	uint8_t count;               /* sectors */
	uint8_t tries;               /* transmissions so far */
	uint64_t lba;
	uint32_t tag;                /* last transmission */
	uint32_t prev_tag;           /* the one before (0 = none) */
	uint8_t send_fails;          /* sends the platform refused (not tries) */
	uint64_t deadline_ms;
};

struct aread_stats {
	uint32_t tx;                 /* READ frames sent (with retransmits) */
	uint32_t retransmits;
	uint32_t rx;                 /* frames given to aread_rx() */
	uint32_t rx_ignored;         /* not an AoE ATA response for us */
	uint32_t rx_foreign;         /* right tag shape, wrong MAC/shelf/slot */
	uint32_t rx_stale;           /* duplicate or late: no outstanding tag */
	uint32_t rx_malformed;       /* too short for the data expected */
	uint32_t timeouts;           /* RTO expiries */
	uint32_t max_inflight;       /* largest number of frames in flight */
	uint32_t send_errors;        /* sends the platform refused (no try used) */
	uint32_t recoveries;         /* calls to the platform's recover() */
};

/* Engine state: read error and stats; treat the rest as opaque. */
struct aread {
	struct ar_platform plat;
	struct aread_opts opts;
	struct aread_target *t;
	uint8_t our_mac[6];
	uint8_t spf;                 /* sectors per frame */
	uint8_t window;              /* current window (1..wmax) */
	uint8_t wmax;
	uint8_t inflight;
	uint32_t seq;
	/* the request */
	uint8_t *buf;
	uint64_t lba;                /* first sector */
	uint64_t count;              /* sectors */
	uint64_t next;               /* sectors handed to frames so far */
	uint64_t done;               /* sectors received */
	bool active;
	bool recovered;              /* recover() already called for this request */
	int err;                     /* 0 or the negative enum ar_err it failed with */
	struct aread_error error;
	struct aread_stats stats;
	struct aread_slot slots[AREAD_MAX_WINDOW];
	uint8_t frame[AREAD_FRAME_MAX];
};

/** aread_opts_default() - fill @ret with the AREAD_DEF_* values. */
void aread_opts_default(struct aread_opts *ret);

/**
 * aread_frame_sectors() - sectors per READ frame for @t on its link:
 * max_sectors (2 when 0) capped by what fits in the MTU ((mtu - 22) / 512
 * with the 36-byte Ethernet+AoE+ATA header) and by @cap when non-zero;
 * at least 1.
 */
uint8_t aread_frame_sectors(const struct aread_target *t, uint8_t cap);

/**
 * aread_init() - prepare an engine for target @t (kept by pointer: its RTO
 * estimate carries over between reads). Sends nothing.
 * @plat: platform ops (copied); send, recv, get_mac and now_ms are used.
 * @opts: options (copied), or NULL for aread_opts_default().
 * Return: 0, or AR_EINVAL on a NULL argument or nonsensical option.
 */
int aread_init(struct aread *r, const struct ar_platform *plat,
	       struct aread_target *t, const struct aread_opts *opts);

/**
 * aread_start() - begin reading @count sectors from @lba into @buf
 * (@count * 512 bytes of caller memory, written only at the sectors that
 * arrive); sends the first window of frames. Any read under way is dropped.
 * Return: 0; AR_EINVAL for a zero count or NULL buffer; AR_ERANGE when the
 * range passes the target's size (nothing sent; r->error says so); a send
 * error is not returned here: the frame is retransmitted on its timer.
 */
int aread_start(struct aread *r, uint64_t lba, uint64_t count, uint8_t *buf);

/**
 * aread_rx() - feed one received Ethernet frame.
 * Return: 0 when it completed a frame of the read; AR_EPROTO when it is not
 * an AoE ATA response for this target (ignored); AR_ENOENT for a duplicate
 * or late answer; AR_EMSGSIZE when too short for the data it should carry;
 * the error the read failed with (AoE error, AR_EIO for an ATA error).
 */
int aread_rx(struct aread *r, const uint8_t *frame, size_t len);

/**
 * aread_poll() - retransmit frames whose timer expired, give up on frames
 * that used all their tries, and keep the window full.
 * Return: 1 when the read is complete, 0 when it is still running, or the
 * negative error it failed with (r->error says which sector and why).
 */
int aread_poll(struct aread *r, uint64_t now_ms);

/**
 * aread_pump() - receive every waiting frame (ops->recv) into aread_rx(),
 * then aread_poll(ops->now_ms()).
 * Return: as aread_poll(); or a negative recv() link error.
 */
int aread_pump(struct aread *r);

/**
 * aread_next_deadline() - the earliest retransmit time (UINT64_MAX if none),
 * so a platform may sleep until then or until a frame arrives.
 */
uint64_t aread_next_deadline(const struct aread *r);

/** aread_fail_str() - "timeout", "AoE error", "ATA error", ... (static). */
const char *aread_fail_str(unsigned kind);

#endif /* AOEROOT_AREAD_H */
