/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scan.c - run the discovery engine (common/disc.c) on a GRUB net card and
 * turn its targets into picker rows; print aoe_scan's table.
 */
#include <grub/misc.h>
#include <grub/mm.h>
#include <grub/time.h>
#include <grub/err.h>

#include "aoe-grub.h"
#include "scan.h"
#include "aoename.h"
#include "err.h"

grub_err_t
aoe_grub_scan (struct aoe_scan *s, struct grub_net_card *card, unsigned timeout_ms)
{
  struct disc_opts opts;
  grub_uint64_t t0;
  grub_err_t gerr;
  int r, err, was_complete = 0;

  gerr = aoe_grub_link_open (&s->link, card);
  if (gerr)
    return gerr;
  if (s->vid)
    {
      err = vlan_link_init (&s->vlan, &s->link.plat, s->vid);
      if (err)
	return aoe_grub_err (err, "VLAN link");
    }
  disc_opts_default (&opts);
  if (timeout_ms)
    opts.timeout_ms = timeout_ms;
  if (s->no_md)
    opts.read_md = 0;
  if (card->mtu >= 64 && card->mtu < 65536)
    opts.mtu = (grub_uint16_t) card->mtu;
  err = disc_init (&s->d, aoe_grub_scan_plat (s), s->targets, AOE_SCAN_MAX, &opts);
  if (err)
    return aoe_grub_err (err, "discovery setup");
  if (s->want)
    choose_want (s->want, &s->d);
  t0 = grub_get_time_ms ();
  disc_start (&s->d);
  s->complete_ms = 0;
  while ((r = disc_pump (&s->d)) == 0)
    {
      /* When the list last became complete: what a caller that knew the
	 targets beforehand would wait for (bench/README.md). */
      int complete = disc_all_complete (&s->d);

      if (complete && !was_complete)
	s->complete_ms = grub_get_time_ms () - t0;
      was_complete = complete;
    }
  s->elapsed_ms = grub_get_time_ms () - t0;
  if (!was_complete && disc_all_complete (&s->d))
    s->complete_ms = s->elapsed_ms;
  if (r < 0)
    return aoe_grub_err (r, "receive");
  s->n = disc_count (&s->d);
  grub_memcpy (s->mac, card->default_address.mac, 6);
  return GRUB_ERR_NONE;
}

const struct ar_platform *
aoe_grub_scan_plat (const struct aoe_scan *s)
{
  return s->vid ? &s->vlan.plat : &s->link.plat;
}

void
aoe_grub_scan_vlan_say (const struct aoe_scan *s)
{
  const struct vlan_stats *st = &s->vlan.stats;

  if (!s->vid)
    return;
  /* Short: GRUB wraps at 80 columns. */
  grub_printf ("aoe: vlan %u: took %u, ignored %u untagged, %u other-VLAN",
	       s->vid, st->rx_match, st->rx_untagged, st->rx_other);
  if (st->rx_other)
    grub_printf (" (vlan %u)", st->other_vid);
  grub_printf ("\n");
}

static void
print_macs (const struct disc_target *t)
{
  char mac[18];
  unsigned i;

  grub_printf ("      macs");
  for (i = 0; i < t->nmacs && i < DISC_MAX_MACS; i++)
    {
      aoename_mac_format (t->macs[i].mac, mac, sizeof (mac));
      grub_printf (" %s", mac);
    }
  if (t->macs_overflow)
    grub_printf (" (+%u more)", t->macs_overflow);
  grub_printf ("\n");
}

static void
print_details (const struct disc_target *t)
{
  char buf[AOE_CFG_STR_MAX * 4 / 8 + 1];
  char uuid[36];

  print_macs (t);
  picker_escape (buf, sizeof (buf), (const grub_uint8_t *) t->id.model,
		 grub_strlen (t->id.model));
  grub_printf ("      model \"%s\"", buf);
  picker_escape (buf, sizeof (buf), (const grub_uint8_t *) t->id.serial,
		 grub_strlen (t->id.serial));
  grub_printf (" serial \"%s\" %llu sectors\n", buf, (unsigned long long) t->id.sectors);
  if (t->md_state == DISC_MD_FOUND)
    {
      aoename_uuid_format (t->md.uuid, UUID_STYLE_MDADM, uuid, sizeof (uuid));
      grub_printf ("      md %s uuid %s\n", mdsb_version_str (t->md.version), uuid);
    }
  else
    grub_printf ("      md %s\n", disc_md_state_name (t->md_state));
  if (t->config_len > 0)
    {
      /* Wire text: escaped, and only the start of a long string,
	 marked as cut. */
      picker_escape_quoted (buf, sizeof (buf), (const grub_uint8_t *) t->config,
			    t->config_len <= AOE_CFG_STR_MAX ? t->config_len : AOE_CFG_STR_MAX,
			    t->config_len > AOE_CFG_STR_MAX);
      grub_printf ("      config %s\n", buf);
    }
  if (t->duplicate)
    {
      char name[AOE_NAME_MAX];

      aoe_name_format (t->shelf, t->slot, name, sizeof (name));
      grub_printf ("      WARNING: %s is answered by %u devices that differ%s%s%s\n",
		 name, t->nmacs,
		 (t->dup_reason & DISC_DUP_SERIAL) ? " (serial)" : "",
		 (t->dup_reason & DISC_DUP_SIZE) ? " (size)" : "",
		 (t->dup_reason & DISC_DUP_MODEL) ? " (model)" : "");
    }
  if (t->state == DISC_T_ERROR)
    grub_printf ("      error: %s\n", t->reason ? t->reason : ar_strerror (t->err));
}

void
aoe_grub_scan_print (const struct aoe_scan *s, struct picker *p)
{
  char row[PICKER_ROW_MAX], mac[18];
  grub_size_t i, k;

  aoename_mac_format (s->mac, mac, sizeof (mac));
  grub_printf ("aoe: %s %s: %u target(s) in %llu ms\n", s->link.card->name, mac,
	       (unsigned) s->n, (unsigned long long) s->elapsed_ms);
  grub_printf ("aoe: list complete at %llu ms%s\n",
	       (unsigned long long) s->complete_ms, s->no_md ? ", md not read" : "");
  aoe_grub_scan_vlan_say (s);
  if (disc_get_stats (&s->d)->dropped_targets)
    grub_printf ("aoe: warning: %u more target(s) answered than the table holds (%u)\n",
		 (unsigned) disc_get_stats (&s->d)->dropped_targets, (unsigned) AOE_SCAN_MAX);
  for (i = 0; i < picker_shown (p); i++)
    {
      const struct picker_target *t = picker_shown_target (p, i);

      if (picker_group_line (p, i, row, sizeof (row)))
	grub_printf ("%s\n", row);
      picker_row (p, i, row, sizeof (row));
      grub_printf ("%s\n", row + 7);   /* no cursor, selection, row number */
      for (k = 0; k < s->n; k++)
	if (s->targets[k].shelf == t->shelf && s->targets[k].slot == t->slot)
	  print_details (&s->targets[k]);
    }
}
