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

#include "aoe-grub.h"
#include "aoe-disk.h"
#include "scan.h"
#include "mdsel.h"
#include "selection.h"
#include "aoename.h"
#include "err.h"

enum { NAME_LEN = 12 };

struct choice {
  struct mdsel_member listed[MDSEL_MAX_MEMBERS];
  struct mdsel_member others[MDSEL_MAX_MEMBERS];
  grub_size_t li[MDSEL_MAX_MEMBERS];   /* scan index of each listed member */
  char lnames[MDSEL_MAX_MEMBERS][NAME_LEN];
  char onames[MDSEL_MAX_MEMBERS][NAME_LEN];
  struct mdsel_result res;
  char why[512];
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
member_fill (struct mdsel_member *m, const struct disc_target *t, char *name)
{
  selection_format_name (t->shelf, t->slot, name, NAME_LEN);
  m->name = name;
  m->duplicate = t->duplicate;
  m->state = t->md_state == DISC_MD_FOUND ? MDSEL_ST_SB : MDSEL_ST_NO_SB;
  m->md = t->md_state == DISC_MD_FOUND ? &t->md : NULL;
}

static int
is_listed (const struct choice *c, grub_size_t nl, grub_size_t scan_i)
{
  grub_size_t k;

  for (k = 0; k < nl; k++)
    if (c->li[k] == scan_i)
      return 1;
  return 0;
}

/* Every other visible member of the listed members' arrays. */
static grub_size_t
others_fill (struct choice *c, grub_size_t nl, const struct aoe_scan *s)
{
  grub_size_t i, k, no = 0;

  for (i = 0; i < s->n && no < MDSEL_MAX_MEMBERS; i++)
    {
      const struct disc_target *t = &s->targets[i];

      if (is_listed (c, nl, i) || t->nmacs == 0 || t->md_state != DISC_MD_FOUND)
	continue;
      for (k = 0; k < nl; k++)
	if (c->listed[k].md && grub_memcmp (c->listed[k].md->uuid, t->md.uuid, 16) == 0)
	  break;
      if (k == nl)
	continue;
      member_fill (&c->others[no], t, c->onames[no]);
      no++;
    }
  return no;
}

static grub_err_t
set_root_md (const char *var, const grub_uint8_t uuid[16])
{
  static const char hex[] = "0123456789abcdef";
  char dev[7 + 32 + 1] = "mduuid/";
  unsigned j;

  for (j = 0; j < 16; j++)
    {
      dev[7 + 2 * j] = hex[uuid[j] >> 4];
      dev[7 + 2 * j + 1] = hex[uuid[j] & 15];
    }
  dev[7 + 32] = '\0';
  grub_printf ("aoe: %s=%s\n", var, dev);
  return grub_env_set (var, dev);
}

/* No listed target carries md: each becomes a plain disk. */
static grub_err_t
attach_plain (const struct aoe_scan *s, struct choice *c, grub_size_t nl,
	      const char *root_var)
{
  grub_size_t k, done = 0, first = 0;

  for (k = 0; k < nl; k++)
    {
      if (aoe_disk_attach (s->link.card, &s->targets[c->li[k]], s->vid))
	{
	  grub_print_error ();
	  continue;
	}
      if (!done++)
	first = k;
    }
  if (!done)
    return grub_error (GRUB_ERR_BAD_DEVICE, "aoe: no disk attached");
  if (root_var)
    {
      char dev[4 + NAME_LEN] = "aoe/";

      grub_strcpy (dev + 4, c->lnames[first]);
      grub_printf ("aoe: %s=%s\n", root_var, dev);
      return grub_env_set (root_var, dev);
    }
  return GRUB_ERR_NONE;
}

static grub_err_t
attach_md (const struct aoe_scan *s, struct choice *c, grub_size_t nl,
	   grub_size_t no, const char *root_var)
{
  grub_size_t k;
  int rc;

  rc = mdsel_choose (c->listed, nl, c->others, no, NULL, &c->res);
  mdsel_explain (&c->res, c->listed, nl, c->others, no, c->why, sizeof (c->why));
  grub_printf ("aoe: md: %s\n", c->why);
  if (rc)
    return grub_error (GRUB_ERR_BAD_DEVICE, "aoe: nothing attached: %s", c->why);
  for (k = 0; k < nl; k++)
    if (c->res.excl[k] != MDSEL_X_NONE)
      grub_printf ("aoe: not attached: %s (%s)\n", c->lnames[k],
		   mdsel_excl_str (c->res.excl[k]));
  for (k = 0; k < c->res.n_chosen; k++)
    if (aoe_disk_attach (s->link.card, &s->targets[c->li[c->res.order[k]]], s->vid))
      return grub_errno;
  return root_var ? set_root_md (root_var, c->res.array_uuid) : GRUB_ERR_NONE;
}

grub_err_t
aoe_attach_chosen (const struct aoe_scan *s, const grub_uint16_t *shelves,
		   const grub_uint8_t *slots, grub_size_t n, const char *root_var)
{
  struct choice *c;
  grub_size_t k, nl = 0, no, nmd = 0;
  grub_err_t err;

  if (n > MDSEL_MAX_MEMBERS)
    return grub_error (GRUB_ERR_BAD_ARGUMENT, "aoe: at most %u disks", MDSEL_MAX_MEMBERS);
  c = grub_zalloc (sizeof (*c));
  if (!c)
    return grub_errno;
  for (k = 0; k < n; k++)
    {
      const struct disc_target *t = scan_find (s, shelves[k], slots[k], &c->li[nl]);
      char name[NAME_LEN];

      if (!t)
	{
	  selection_format_name (shelves[k], slots[k], name, sizeof (name));
	  grub_printf ("aoe: not attached: %s (did not answer on %s)\n", name,
		       s->link.card->name);
	  continue;
	}
      member_fill (&c->listed[nl], t, c->lnames[nl]);
      nmd += c->listed[nl].state == MDSEL_ST_SB;
      nl++;
    }
  if (nl == 0)
    err = grub_error (GRUB_ERR_UNKNOWN_DEVICE, "aoe: no listed target answered on %s",
		      s->link.card->name);
  else if (nmd == 0)
    err = attach_plain (s, c, nl, root_var);
  else
    {
      no = others_fill (c, nl, s);
      err = attach_md (s, c, nl, no, root_var);
    }
  grub_free (c);
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
      && vlan_id_parse (state[ATT_VLAN].arg, grub_strlen (state[ATT_VLAN].arg), &s->vid))
    {
      grub_free (s);
      return grub_error (GRUB_ERR_BAD_ARGUMENT, "aoe_attach: bad --vlan `%s' (a VLAN ID, 1..4094)",
			 state[ATT_VLAN].arg);
    }
  err = attach_scan (s, state[ATT_CARD].set ? state[ATT_CARD].arg : NULL,
		     (unsigned) timeout, shelves, slots, (grub_size_t) argc);
  if (!err)
    err = aoe_attach_chosen (s, shelves, slots, (grub_size_t) argc, root_var);
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
