/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * disk.c - the GRUB disk device "aoe": each attached AoE target is a
 * read-only disk (aoe/eS.L) that ls, search, partition maps, every GRUB
 * file system and mdraid1x can use.
 *
 * Reads go through the windowed READ engine (common/aread.c): GRUB's disk
 * layer hands a driver up to 1 MiB in one call (its cache works in 64-sector
 * blocks, agglomerated), so one call keeps a window of frames in flight.
 * Answers are taken only from the MAC discovery saw. Writes always fail:
 * GRUB must never write to a member behind md's back (save_env on the
 * mirror would be lost at best, and would make the halves differ).
 *
 * Plain GRUB code with no firmware-specific call: the card layer
 * (link.c) is the only part that knows the NIC.
 */
#include <grub/dl.h>
#include <grub/disk.h>
#include <grub/misc.h>
#include <grub/mm.h>
#include <grub/err.h>
#include <grub/time.h>

#include "aoe-grub.h"
#include "aoe-disk.h"
#include "choose.h"
#include "aread.h"
#include "aoename.h"
#include "err.h"

/*
 * GRUB keeps no registry of device ids (include/grub/disk.h lists its own
 * up to GRUB_DISK_DEVICE_OBDISK_ID = 17) and uses the id only as half of
 * its cache key: any value no other driver uses will do. 0xA0E ("AoE") is
 * far from GRUB's list.
 */
#define AOE_DISK_DEVICE_ID ((enum grub_disk_dev_id) 0xA0E)

/*
 * Read-ahead. GRUB's file systems read a file a block at a time and its
 * disk cache turns that into one 64-sector (32 KiB) call per cache block,
 * through the md layer too: 32 frames per call, half of them waiting for
 * the window to open. When a read continues where the last one ended, the
 * driver reads further ahead in one go (256 sectors, doubling on each
 * sequential read up to 2048 = 1 MiB) and serves what follows from that
 * buffer. A read elsewhere starts over with the requested size only, so
 * metadata lookups do not pay for data they never use. The disks are
 * read-only and nothing writes the targets while GRUB runs.
 */
enum {
  RA_MIN = 256,
  RA_MAX = 2048,
};

/*
 * A detached disk is never freed: GRUB's md layer keeps the member disks it
 * found open for as long as GRUB runs (diskfilter's pv->disk), so a later
 * aoe_select or aoe_attach must not pull the memory from under it. Retired
 * disks stay on their own list and fail every read with a clear error.
 */
struct aoe_disk {
  struct aoe_disk *next;
  int retired;
  char name[AOE_DISK_NAME_MAX];  /* "aoe/e0.1" */
  unsigned long id;              /* never reused: a re-attach gets a new one */
  struct aoe_grub_link link;
  struct vlan_link vlan;         /* 802.1Q link over link when vid is set */
  grub_uint16_t vid;             /* 0: untagged */
  struct aread_target t;
  struct aread r;                /* ~10 KiB: the receive buffer */
  grub_uint64_t next_seq;        /* sector after the last read */
  grub_uint64_t ra_start;        /* first sector in ra_buf */
  grub_uint64_t ra_len;          /* sectors in ra_buf (0: empty) */
  grub_uint64_t ra_next;         /* read-ahead size for the next miss */
  grub_uint8_t *ra_buf;          /* RA_MAX sectors */
  grub_uint64_t dead_lba;        /* where a read timed out (when dead) */
  int dead;                      /* a read timed out: fail fast from now on */
};

static struct aoe_disk *disks;     /* attached */
static struct aoe_disk *retired;   /* detached, still referenced maybe */
static unsigned long next_id = 1;

static struct aoe_disk *
disk_find (const char *name)
{
  struct aoe_disk *d;

  for (d = disks; d; d = d->next)
    if (grub_strcmp (d->name, name) == 0)
      return d;
  return NULL;
}

static int
aoe_disk_iterate (grub_disk_dev_iterate_hook_t hook, void *hook_data,
		  grub_disk_pull_t pull)
{
  struct aoe_disk *d;

  /* Attached disks are always there: name them once, at the first level. */
  if (pull != GRUB_DISK_PULL_NONE)
    return 0;
  for (d = disks; d; d = d->next)
    if (hook (d->name, hook_data))
      return 1;
  return 0;
}

static grub_err_t
aoe_disk_open (const char *name, struct grub_disk *disk)
{
  struct aoe_disk *d;

  if (grub_strncmp (name, "aoe/", 4) != 0)
    return grub_error (GRUB_ERR_UNKNOWN_DEVICE, "not an AoE disk");
  d = disk_find (name);
  if (!d)
    return grub_error (GRUB_ERR_UNKNOWN_DEVICE,
		       "aoe: (%s) is not attached (aoe_select or aoe_attach attach disks)",
		       name);
  disk->total_sectors = d->t.sectors;
  disk->id = d->id;
  disk->data = d;
  return GRUB_ERR_NONE;
}

static void
aoe_disk_close (struct grub_disk *disk __attribute__ ((unused)))
{
}

static grub_err_t
read_error (const struct aoe_disk *d, int rc)
{
  const struct aread_error *e = &d->r.error;
  char mac[18];

  aoename_mac_format (d->t.mac, mac, sizeof (mac));
  switch (e->kind)
    {
    case AREAD_FAIL_TIMEOUT:
      return grub_error (GRUB_ERR_READ_ERROR,
			 "aoe: (%s) sector %llu: timeout: no answer from %s after %u tries",
			 d->name, (unsigned long long) e->lba, mac, (unsigned) e->code);
    case AREAD_FAIL_AOE:
      return grub_error (GRUB_ERR_READ_ERROR, "aoe: (%s) sector %llu: AoE error %u: %s",
			 d->name, (unsigned long long) e->lba, (unsigned) e->code,
			 aoe_error_str (e->code));
    case AREAD_FAIL_ATA:
      return grub_error (GRUB_ERR_READ_ERROR,
			 "aoe: (%s) sector %llu: ATA error: status 0x%02x error 0x%02x",
			 d->name, (unsigned long long) e->lba, (unsigned) (e->code >> 8),
			 (unsigned) (e->code & 0xff));
    case AREAD_FAIL_RANGE:
      return grub_error (GRUB_ERR_OUT_OF_RANGE, "aoe: (%s) sector %llu: beyond the end (%llu sectors)",
			 d->name, (unsigned long long) e->lba, (unsigned long long) d->t.sectors);
    default:
      return grub_error (GRUB_ERR_READ_ERROR, "aoe: (%s) sector %llu: %s", d->name,
			 (unsigned long long) e->lba, ar_strerror (rc));
    }
}

static grub_err_t
read_sectors (struct aoe_disk *d, grub_uint64_t sector, grub_uint64_t size,
	      grub_uint8_t *buf)
{
  grub_uint64_t t0 = grub_get_time_ms ();
  unsigned pumps = 0, idle = 0;
  int rc;

  rc = aread_start (&d->r, sector, size, buf);
  while (rc == 0)
    {
      unsigned rx = d->r.stats.rx;

      rc = aread_pump (&d->r);
      pumps++;
      if (d->r.stats.rx == rx)
	idle++;
    }
  /* `set debug=aoe` shows how each read went: frames, and the pump rounds
     (a round that found no answer waiting is one the CPU spent polling). */
  grub_dprintf ("aoe", "%s: read %llu+%llu: tx %u retx %u timeouts %u rx %u stale %u "
		"foreign %u ignored %u inflight<=%u rto %u ms; %u ms, %u rounds, %u idle\n",
		d->name, (unsigned long long) sector, (unsigned long long) size,
		d->r.stats.tx, d->r.stats.retransmits, d->r.stats.timeouts, d->r.stats.rx,
		d->r.stats.rx_stale, d->r.stats.rx_foreign, d->r.stats.rx_ignored,
		d->r.stats.max_inflight, d->t.rto_ms,
		(unsigned) (grub_get_time_ms () - t0), pumps, idle);
  if (rc == 1)
    return GRUB_ERR_NONE;
  /*
   * A target that stopped answering is failed for good, as md fails a
   * member: GRUB's md layer tries the first member again for every block,
   * and 8 tries with the RTO backed off to 2 s each would make every one
   * of those blocks wait 16 s before it reads the other member.
   */
  if (d->r.error.kind == AREAD_FAIL_TIMEOUT)
    {
      char mac[18];

      d->dead = 1;
      d->dead_lba = d->r.error.lba;
      /* GRUB's diskfilter swallows a member's GRUB_ERR_READ_ERROR and reads
	 the next member (grub-core/disk/diskfilter.c, read_segment): without
	 this line nobody would learn that a member died. */
      aoename_mac_format (d->t.mac, mac, sizeof (mac));
      grub_printf ("aoe: (%s) failed: no answer from %s at sector %llu\n", d->name,
		   mac, (unsigned long long) d->dead_lba);
    }
  return read_error (d, rc);
}

static grub_err_t
aoe_disk_read (struct grub_disk *disk, grub_disk_addr_t sector,
	       grub_size_t size, char *buf)
{
  struct aoe_disk *d = disk->data;
  grub_uint64_t ahead;
  grub_err_t err;

  if (d->retired)
    return grub_error (GRUB_ERR_READ_ERROR,
		       "aoe: (%s) was detached (a later aoe_select/aoe_attach); not read",
		       d->name);
  if (d->dead)
    return grub_error (GRUB_ERR_READ_ERROR,
		       "aoe: (%s) sector %llu: not read: the target stopped answering "
		       "(timeout at sector %llu); aoe_attach it again to retry",
		       d->name, (unsigned long long) sector, (unsigned long long) d->dead_lba);
  if (d->ra_len && sector >= d->ra_start && size <= d->ra_len
      && sector - d->ra_start <= d->ra_len - size)
    {
      grub_memcpy (buf, d->ra_buf + ((sector - d->ra_start) << GRUB_DISK_SECTOR_BITS),
		   size << GRUB_DISK_SECTOR_BITS);
      d->next_seq = sector + size;
      return GRUB_ERR_NONE;
    }
  if (sector != d->next_seq || !d->ra_buf || size >= RA_MAX)
    {
      /* Not sequential (or large already): just this read. */
      d->ra_next = RA_MIN;
      d->next_seq = sector + size;
      return read_sectors (d, sector, size, (grub_uint8_t *) buf);
    }
  ahead = d->ra_next;
  if (ahead > d->t.sectors - sector)
    ahead = d->t.sectors - sector;
  if (ahead < size)
    ahead = size;
  d->ra_len = 0;
  err = read_sectors (d, sector, ahead, d->ra_buf);
  if (err)
    return err;
  d->ra_start = sector;
  d->ra_len = ahead;
  d->ra_next = d->ra_next * 2 > RA_MAX ? RA_MAX : d->ra_next * 2;
  grub_memcpy (buf, d->ra_buf, size << GRUB_DISK_SECTOR_BITS);
  d->next_seq = sector + size;
  return GRUB_ERR_NONE;
}

static grub_err_t
aoe_disk_write (struct grub_disk *disk, grub_disk_addr_t sector,
		grub_size_t size __attribute__ ((unused)),
		const char *buf __attribute__ ((unused)))
{
  struct aoe_disk *d = disk->data;

  return grub_error (GRUB_ERR_WRITE_ERROR,
		     "aoe: (%s) is read-only: GRUB never writes AoE disks "
		     "(sector %llu not written; save_env needs a local disk)",
		     d ? d->name : "aoe", (unsigned long long) sector);
}

static struct grub_disk_dev aoe_disk_dev = {
  .name = "aoe",
  .id = AOE_DISK_DEVICE_ID,
  .disk_iterate = aoe_disk_iterate,
  .disk_open = aoe_disk_open,
  .disk_close = aoe_disk_close,
  .disk_read = aoe_disk_read,
  .disk_write = aoe_disk_write,
  .next = 0
};

grub_err_t
aoe_disk_attach (struct grub_net_card *card, const struct disc_target *t, grub_uint16_t vid)
{
  char name[AOE_DISK_NAME_MAX], mac[18];
  struct aoe_disk *d, **pp;
  grub_err_t err;
  int rc;

  grub_strcpy (name, "aoe/");
  aoe_name_format (t->shelf, t->slot, name + 4, sizeof (name) - 4);
  d = grub_zalloc (sizeof (*d));
  if (!d)
    return grub_errno;
  /* The read engine's target: common/choose.c, as the EFI stub does it. */
  rc = choose_target_from_disc (t, card->mtu < 65536 ? (grub_uint16_t) card->mtu : 0, &d->t);
  if (rc)
    {
      grub_free (d);
      return grub_error (GRUB_ERR_BAD_DEVICE, "aoe: %s %s: not attached", name + 4,
			 rc == AR_ERANGE ? "reported no size"
			 : "is answered by several devices");
    }
  /* Without memory for read-ahead the disk still works, just slower. */
  d->ra_buf = grub_malloc ((grub_size_t) RA_MAX << GRUB_DISK_SECTOR_BITS);
  if (!d->ra_buf)
    grub_errno = GRUB_ERR_NONE;
  d->ra_next = RA_MIN;
  grub_strcpy (d->name, name);
  err = aoe_grub_link_open (&d->link, card);
  if (err)
    goto err_free;
  /* The disk reads on the VLAN it was discovered on: tagged frames out,
     only answers with that tag in (common/vlan.c). */
  d->vid = vid;
  rc = vid ? vlan_link_init (&d->vlan, &d->link.plat, vid) : 0;
  if (!rc)
    rc = aread_init (&d->r, vid ? &d->vlan.plat : &d->link.plat, &d->t, NULL);
  if (rc)
    {
      err = aoe_grub_err (rc, "read engine setup");
      goto err_free;
    }
  /* Replace a disk of the same name. */
  for (pp = &disks; *pp; pp = &(*pp)->next)
    if (grub_strcmp ((*pp)->name, name) == 0)
      {
	struct aoe_disk *old = *pp;

	*pp = old->next;
	old->retired = 1;
	old->next = retired;
	retired = old;
	break;
      }
  d->id = next_id++;
  d->next = disks;
  disks = d;
  aoename_mac_format (d->t.mac, mac, sizeof (mac));
  /* sectors/frame and window as common/aoe.c sized them from the target's
     Query Config (max sectors, buffer count) and the card's MTU, which is
     the firmware's SNP MaxPacketSize */
  grub_printf ("aoe: attached (%s) on %s from %s: %llu sectors, %u sectors/frame, window %u, MTU %u",
	       d->name, card->name, mac, (unsigned long long) d->t.sectors,
	       (unsigned) d->r.spf, (unsigned) d->r.wmax, (unsigned) d->t.mtu);
  if (vid)
    grub_printf (", vlan %u", (unsigned) vid);
  grub_printf ("\n");
  return GRUB_ERR_NONE;

err_free:
  grub_free (d->ra_buf);
  grub_free (d);
  return err;
}

void
aoe_disk_detach_all (void)
{
  while (disks)
    {
      struct aoe_disk *d = disks;

      disks = d->next;
      d->retired = 1;
      d->next = retired;
      retired = d;
    }
}

static void
free_list (struct aoe_disk **list)
{
  while (*list)
    {
      struct aoe_disk *d = *list;

      *list = d->next;
      grub_free (d->ra_buf);
      grub_free (d);
    }
}

unsigned
aoe_disk_count (void)
{
  struct aoe_disk *d;
  unsigned n = 0;

  for (d = disks; d; d = d->next)
    n++;
  return n;
}

int
aoe_disk_attached (grub_uint16_t shelf, grub_uint8_t slot)
{
  char name[AOE_DISK_NAME_MAX];

  grub_strcpy (name, "aoe/");
  aoe_name_format (shelf, slot, name + 4, sizeof (name) - 4);
  return disk_find (name) != NULL;
}

void
aoe_disk_init (void)
{
  grub_disk_dev_register (&aoe_disk_dev);
}

void
aoe_disk_fini (void)
{
  grub_disk_dev_unregister (&aoe_disk_dev);
  free_list (&disks);
  free_list (&retired);
}
