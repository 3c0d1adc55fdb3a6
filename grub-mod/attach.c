/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * attach.c - which discovered targets become GRUB disks, and the command
 * aoe_attach.
 *
 * GRUB's mdraid1x does not compare md event counts: given both halves of a
 * mirror, one stale, it reads whichever member it meets first, so a stale
 * half would boot yesterday's kernel and grub.cfg. Only the members
 * mdsel_choose() takes - the rule /init applies (common/mdsel.h) - become
 * disks; stale members, the other half of a split brain, members of
 * another array and shelf.slots answered by several devices never do.
 */
#include <grub/dl.h>
#include <grub/misc.h>
#include <grub/mm.h>
#include <grub/env.h>
#include <grub/extcmd.h>
#include <grub/i18n.h>
#include <grub/time.h>

#include "aoe-grub.h"
#include "aoe-disk.h"
#include "scan.h"
#include "mdsel.h"
#include "choose.h"
#include "picker.h"
#include "selection.h"
#include "aoename.h"
#include "err.h"

/* A scripted choice: the session of common/choose, no screen, no wait. */
struct attach_run {
  struct picker_target rows[AOE_SCAN_MAX];
  struct choose choose;
  struct choose_cfg cfg;
  char why[CHOOSE_WHY_MAX];
};

static const struct disc_target *
scan_find (const struct aoe_scan *s, grub_uint16_t shelf, grub_uint8_t slot,
	   grub_size_t *ret_i)
{
  grub_size_t i;

  for (i = 0; i < s->n; i++)
    if (s->targets[i].shelf == shelf && s->targets[i].slot == slot
	&& s->targets[i].nmacs > 0)
      {
	*ret_i = i;
	return &s->targets[i];
      }
  return NULL;
}

static void
attach_emit (void *ctx __attribute__ ((unused)), const char *line)
{
  grub_printf ("%s\n", line);
}

grub_err_t
aoe_attach_result (const struct aoe_scan *s, const struct choose_result *r,
		   const char *root_var)
{
  grub_size_t k, done = 0;
  char dev[7 + UUID_HEX_LEN + 1];

  for (k = 0; k < r->n; k++)
    {
      const struct disc_target *t = disc_find (&s->d, r->m[k].shelf, r->m[k].slot);

      if (!t || aoe_disk_attach (s->link.card, t, s->vid))
	{
	  grub_print_error ();
	  continue;
	}
      done++;
    }
  if (!done)
    return grub_error (GRUB_ERR_BAD_DEVICE, "aoe: no disk attached");
  if (!root_var)
    return GRUB_ERR_NONE;
  if (r->has_md)
    {
      grub_strcpy (dev, "mduuid/");
      aoename_uuid_format (r->uuid, UUID_STYLE_HEX, dev + 7, sizeof (dev) - 7);
    }
  else
    {
      grub_strcpy (dev, "aoe/");
      aoe_name_format (r->m[0].shelf, r->m[0].slot, dev + 4, sizeof (dev) - 4);
    }
  grub_printf ("aoe: %s=%s\n", root_var, dev);
  return grub_env_set (root_var, dev);
}

grub_err_t
aoe_attach_chosen (const struct aoe_scan *s, const char *list, const char *root_var)
{
  struct attach_run *run;
  const struct choose_result *r;
  grub_uint64_t now = grub_get_time_ms ();
  grub_err_t err;

  run = grub_zalloc (sizeof (*run));
  if (!run)
    return grub_errno;
  run->cfg.timeout_s = 0;
  run->cfg.def = CHOOSE_DEF_LIST;
  run->cfg.list = list;
  run->cfg.list_what = "aoe_attach";
  run->cfg.plain_ok = 1;
  run->cfg.no_screen = 1;
  run->cfg.vid = s->vid;
  run->cfg.mtu = s->link.card->mtu < 65536 ? (grub_uint16_t) s->link.card->mtu : 0;
  run->cfg.emit = attach_emit;
  run->cfg.where = s->link.card->name;
  choose_init (&run->choose, &run->cfg, run->rows, AOE_SCAN_MAX, s->mac);
  choose_scanned (&run->choose, &s->d, now, now);
  /* Only what the list names: never the auto rules' fallback. */
  if (picker_source (&run->choose.picker) != PICKER_SRC_USER)
    err = grub_error (GRUB_ERR_UNKNOWN_DEVICE, "aoe: no listed target answered on %s",
		      s->link.card->name);
  else if (choose_now (&run->choose, run->why))
    err = grub_error (GRUB_ERR_BAD_DEVICE, "aoe: nothing attached: %s", run->why);
  else
    {
      r = choose_result (&run->choose);
      err = aoe_attach_result (s, r, root_var);
    }
  grub_free (run);
  return err;
}

/* ---- aoe_attach -------------------------------------------------------- */

static const struct grub_arg_option attach_options[] = {
  {"card", 'c', 0, N_("Network card name (efinet0) or MAC address."), N_("CARD"), ARG_TYPE_STRING},
  {"timeout", 't', 0, N_("Stop discovery after MS milliseconds."), N_("MS"), ARG_TYPE_INT},
  {"set-root", 'r', 0, N_("Set VAR to the GRUB device of the array or disk (default aoe_root)."),
   N_("VAR"), ARG_TYPE_STRING},
  {"vlan", 'v', 0, N_("Speak 802.1Q on VLAN ID (1-4094): discover and read tagged frames only."),
   N_("ID"), ARG_TYPE_STRING},
  {0, 0, 0, 0, 0, 0}
};
enum { ATT_CARD, ATT_TIMEOUT, ATT_SET_ROOT, ATT_VLAN };

static int
scan_has_all (const struct aoe_scan *s, const grub_uint16_t *sh, const grub_uint8_t *sl,
	      grub_size_t n)
{
  grub_size_t k, i;

  for (k = 0; k < n; k++)
    if (!scan_find (s, sh[k], sl[k], &i))
      return 0;
  return 1;
}

/* Discover on the named card, or on each card in turn until one answers
   for every listed target (else the last card that answered for any). */
static grub_err_t
attach_scan (struct aoe_scan *s, const char *card_spec, unsigned timeout_ms,
	     const grub_uint16_t *sh, const grub_uint8_t *sl, grub_size_t n)
{
  struct grub_net_card *card = aoe_grub_card_find (card_spec), *best = NULL;
  grub_err_t err;

  if (!card)
    return grub_errno;
  for (; card; card = card_spec ? NULL : card->next)
    {
      grub_printf ("aoe: scanning %s ...\n", card->name);
      err = aoe_grub_scan (s, card, timeout_ms);
      aoe_grub_scan_vlan_say (s);
      if (err)
	{
	  grub_print_error ();
	  continue;
	}
      if (scan_has_all (s, sh, sl, n))
	return GRUB_ERR_NONE;
      if (s->n)
	best = card;
    }
  if (best && best != s->link.card)
    return aoe_grub_scan (s, best, timeout_ms);
  return GRUB_ERR_NONE;
}

static grub_err_t
grub_cmd_aoe_attach (grub_extcmd_context_t ctxt, int argc, char **args)
{
  struct grub_arg_list *state = ctxt->state;
  const char *root_var = state[ATT_SET_ROOT].set ? state[ATT_SET_ROOT].arg : "aoe_root";
  grub_uint16_t shelves[MDSEL_MAX_MEMBERS];
  grub_uint8_t slots[MDSEL_MAX_MEMBERS];
  unsigned long timeout = 0;
  struct aoe_scan *s;
  grub_err_t err;
  int k;

  if (argc < 1)
    return grub_error (GRUB_ERR_BAD_ARGUMENT, "aoe_attach: name the targets (eS.L ...)");
  if (argc > MDSEL_MAX_MEMBERS)
    return grub_error (GRUB_ERR_BAD_ARGUMENT, "aoe_attach: at most %u targets",
		       MDSEL_MAX_MEMBERS);
  for (k = 0; k < argc; k++)
    if (selection_parse_name (args[k], grub_strlen (args[k]), &shelves[k], &slots[k]))
      return grub_error (GRUB_ERR_BAD_ARGUMENT, "aoe_attach: `%s' is not a target name eS.L",
			 args[k]);
  if (state[ATT_TIMEOUT].set)
    {
      const char *end;

      grub_errno = GRUB_ERR_NONE;
      timeout = grub_strtoul (state[ATT_TIMEOUT].arg, &end, 10);
      if (grub_errno || *end || timeout > 600000)
	return grub_error (GRUB_ERR_BAD_ARGUMENT, "aoe_attach: bad --timeout `%s' (0..600000)",
			   state[ATT_TIMEOUT].arg);
    }
  s = grub_zalloc (sizeof (*s));
  if (!s)
    return grub_errno;
  if (state[ATT_VLAN].set
      && aoename_vlan_id_parse (state[ATT_VLAN].arg, grub_strlen (state[ATT_VLAN].arg), &s->vid))
    {
      grub_free (s);
      return grub_error (GRUB_ERR_BAD_ARGUMENT, "aoe_attach: bad --vlan `%s' (a VLAN ID, 1..4094)",
			 state[ATT_VLAN].arg);
    }
  err = attach_scan (s, state[ATT_CARD].set ? state[ATT_CARD].arg : NULL,
		     (unsigned) timeout, shelves, slots, (grub_size_t) argc);
  if (!err)
    {
      char list[MDSEL_MAX_MEMBERS * AOE_NAME_MAX];
      grub_size_t o = 0;

      for (k = 0; k < argc; k++)
	{
	  grub_size_t i;

	  if (k)
	    list[o++] = ',';
	  aoe_name_format (shelves[k], slots[k], list + o, sizeof (list) - o);
	  if (!scan_find (s, shelves[k], slots[k], &i))
	    grub_printf ("aoe: not attached: %s (did not answer on %s)\n", list + o,
			 s->link.card->name);
	  o += grub_strlen (list + o);
	}
      err = aoe_attach_chosen (s, list, root_var);
    }
  grub_free (s);
  return err;
}

static grub_extcmd_t cmd_attach;

void
aoe_attach_register (void)
{
  cmd_attach = grub_register_extcmd ("aoe_attach", grub_cmd_aoe_attach, 0,
				     N_("[--card=NAME|MAC] [--timeout=MS] [--set-root=VAR] [--vlan=ID] eS.L..."),
				     N_("Make AoE targets read-only GRUB disks (aoe/eS.L); "
					"only fresh md members are attached."),
				     attach_options);
}

void
aoe_attach_unregister (void)
{
  grub_unregister_extcmd (cmd_attach);
}
