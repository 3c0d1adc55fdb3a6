/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * aoe.c - GRUB module "aoe": the commands aoe_scan and aoe_select.
 *
 * aoe_scan lists the AoE targets on one net card; aoe_select shows the
 * picker (common/picker.h), lets a person choose the md mirror members or
 * accepts the saved / auto-detected choice when its countdown runs out,
 * and sets a variable to the kernel arguments for the initrd. Neither ever
 * writes to a target: discovery sends only Query Config reads, IDENTIFY and
 * READ.
 *
 * Where the saved selection lives: an EFI variable on x86_64-efi (shared
 * with aoeboot.efi); nowhere on i386-pc (BIOS has no variable store, a
 * diskless machine no grubenv to write, TFTP is read-only): there
 * --default=saved means auto and --save says the choice was not kept.
 */
#include <grub/dl.h>
#include <grub/misc.h>
#include <grub/mm.h>
#include <grub/env.h>
#include <grub/extcmd.h>
#include <grub/i18n.h>
#include <grub/time.h>
#include <grub/term.h>
#ifdef GRUB_MACHINE_EFI
#include <grub/efi/efi.h>
#endif

#include "aoe-grub.h"
#include "aoe-disk.h"
#include "scan.h"
#include "picker.h"
#include "choose.h"
#include "selection.h"
#include "aoename.h"
#include "dhcp.h"
#include "err.h"

GRUB_MOD_LICENSE ("GPLv3+");

/* The GRUB this module was built for (build-mod.sh); GRUB checks no ABI. */
static const char aoe_grub_version[] __attribute__ ((used)) =
  "aoe.mod for GRUB " AR_GRUB_VERSION;

static const struct grub_arg_option scan_options[] = {
  {"card", 'c', 0, N_("Network card name (efinet0) or MAC address."), N_("CARD"), ARG_TYPE_STRING},
  {"timeout", 't', 0, N_("Stop discovery after MS milliseconds."), N_("MS"), ARG_TYPE_INT},
  {"set", 's', 0, N_("Set VAR to the targets found (eS.L,...)."), N_("VAR"), ARG_TYPE_STRING},
  {"no-md", 'n', 0, N_("Do not read md superblocks (config and IDENTIFY only)."), 0, 0},
  {"vlan", 'v', 0, N_("Speak 802.1Q on VLAN ID (1-4094): tagged frames only."), N_("ID"), ARG_TYPE_STRING},
  {0, 0, 0, 0, 0, 0}
};
enum { SCAN_CARD, SCAN_TIMEOUT, SCAN_SET, SCAN_NO_MD, SCAN_VLAN };

static const struct grub_arg_option select_options[] = {
  {"card", 'c', 0, N_("Network card name (efinet0) or MAC address."), N_("CARD"), ARG_TYPE_STRING},
  {"timeout", 't', 0, N_("Accept the default after SECONDS without a key (default 10; 0: at once)."),
   N_("SECONDS"), ARG_TYPE_INT},
  {"default", 'd', 0, N_("Default selection: auto (DHCP root path, host name, only array), "
			  "saved (then auto) or a list eS.L,..."),
   N_("auto|saved|LIST"), ARG_TYPE_STRING},
  {"save", 'S', 0, N_("Save a selection a person accepted in an EFI variable (UEFI only)."), 0, 0},
  {"set", 's', 0, N_("Set VAR to the kernel arguments (default aoe_args)."), N_("VAR"), ARG_TYPE_STRING},
  {"set-root", 'r', 0, N_("Set VAR to the GRUB device of the chosen array or disk (default aoe_root)."),
   N_("VAR"), ARG_TYPE_STRING},
  {"vlan", 'v', 0, N_("Speak 802.1Q on VLAN ID (1-4094); adds aoe_vlan=ID to VAR."), N_("ID"), ARG_TYPE_STRING},
  {"root-path", 'p', 0, N_("Root path for the auto rule (default: the DHCP answer's, "
			   "net_CARD_rootpath or net_CARD_dhcp_rootpath)."), N_("aoe:..."), ARG_TYPE_STRING},
  {"hostname", 'H', 0, N_("Host name for the auto rule (default: the DHCP answer's)."),
   N_("NAME"), ARG_TYPE_STRING},
  {"wait", 'w', 0, N_("Wait up to SECONDS after the scan's start for a missing member "
		       "before booting degraded unattended (default 10)."), N_("SECONDS"), ARG_TYPE_INT},
  {"no-degraded", 'N', 0, N_("Never boot a degraded array unattended: a person decides."), 0, 0},
  {0, 0, 0, 0, 0, 0}
};
enum { SEL_CARD, SEL_TIMEOUT, SEL_DEFAULT, SEL_SAVE, SEL_SET, SEL_SET_ROOT, SEL_VLAN,
       SEL_ROOTPATH, SEL_HOSTNAME, SEL_WAIT, SEL_NO_DEGRADED };

#ifdef GRUB_MACHINE_EFI
static const grub_efi_guid_t selection_guid = {
  SELECTION_EFI_VAR_GUID_DATA1, SELECTION_EFI_VAR_GUID_DATA2,
  SELECTION_EFI_VAR_GUID_DATA3, SELECTION_EFI_VAR_GUID_DATA4
};
#endif

static grub_err_t
parse_uint (const char *s, unsigned long max, unsigned long *ret, const char *what)
{
  const char *end;
  unsigned long v;

  grub_errno = GRUB_ERR_NONE;
  v = grub_strtoul (s, &end, 10);
  if (grub_errno || *s == '\0' || *end != '\0' || v > max)
    return grub_error (GRUB_ERR_BAD_ARGUMENT, "aoe: bad %s `%s' (0..%lu)", what, s, max);
  *ret = v;
  return GRUB_ERR_NONE;
}

/* --vlan=ID: 1..4094, parsed by the same code as aoeboot.vlan= and aoe_vlan=. */
static grub_err_t
parse_vlan (const struct grub_arg_list *opt, grub_uint16_t *ret_vid)
{
  int err;

  *ret_vid = 0;
  if (!opt->set)
    return GRUB_ERR_NONE;
  err = aoename_vlan_id_parse (opt->arg, grub_strlen (opt->arg), ret_vid);
  if (err)
    return grub_error (GRUB_ERR_BAD_ARGUMENT, "aoe: bad --vlan `%s' (a VLAN ID, 1..4094)",
		       opt->arg);
  return GRUB_ERR_NONE;
}

static grub_err_t
scan_card (struct aoe_scan *s, struct grub_net_card *card, unsigned timeout_ms,
	   struct picker *p, struct picker_target *rows)
{
  char mac[18];
  grub_err_t err;

  aoename_mac_format (card->default_address.mac, mac, sizeof (mac));
  if (s->vid)
    grub_printf ("aoe: scanning %s (%s) on vlan %u ...\n", card->name, mac, s->vid);
  else
    grub_printf ("aoe: scanning %s (%s) ...\n", card->name, mac);
  err = aoe_grub_scan (s, card, timeout_ms);
  if (err)
    return err;
  if (!p)
    return GRUB_ERR_NONE;
  picker_init (p, rows, AOE_SCAN_MAX, card->default_address.mac);
  picker_set_targets (p, choose_rows_from_disc (&s->d, rows, AOE_SCAN_MAX));
  picker_set_dropped (p, disc_get_stats (&s->d)->dropped_targets);
  return GRUB_ERR_NONE;
}

/* Scan @card_spec's card into @s and the picker rows (@p may be NULL: the
   discovery only); without a card given,
   every card in turn until one has targets (the AoE NIC need not be the
   first, e.g. when GRUB was network-booted from another one). */
static grub_err_t
scan_into (struct aoe_scan *s, const char *card_spec, unsigned timeout_ms,
	   struct picker *p, struct picker_target *rows)
{
  struct grub_net_card *card = aoe_grub_card_find (card_spec);
  grub_err_t err;

  if (!card)
    return grub_errno;
  if (card_spec)
    return scan_card (s, card, timeout_ms, p, rows);
  for (; card; card = card->next)
    {
      err = scan_card (s, card, timeout_ms, p, rows);
      if (err)
	{
	  grub_print_error ();
	  continue;
	}
      if (s->n > 0)
	return GRUB_ERR_NONE;
    }
  /* Nothing anywhere: report on the first card. */
  card = aoe_grub_card_find (NULL);
  if (s->link.card != card)
    return scan_card (s, card, timeout_ms, p, rows);
  return GRUB_ERR_NONE;
}

/* State of one command run (heap, allocated once: the tables are large). */
struct aoe_run {
  struct aoe_scan scan;
  struct picker picker;
  struct picker_target rows[AOE_SCAN_MAX];
  struct choose choose;
  struct choose_cfg cfg;
  struct selection saved;
  struct picker_hints hints;
  char root_path[256];
  char hostname[256];
  char list[AOE_SCAN_MAX * 12 + 1];
};

static grub_err_t
grub_cmd_aoe_scan (grub_extcmd_context_t ctxt, int argc, char **args __attribute__ ((unused)))
{
  struct grub_arg_list *state = ctxt->state;
  unsigned long timeout = 0;
  struct aoe_run *run;
  grub_err_t err;

  if (argc)
    return grub_error (GRUB_ERR_BAD_ARGUMENT, "aoe_scan: no arguments expected");
  aoe_grub_clock_report ();
  if (state[SCAN_TIMEOUT].set
      && parse_uint (state[SCAN_TIMEOUT].arg, 600000, &timeout, "--timeout"))
    return grub_errno;
  run = grub_zalloc (sizeof (*run));
  if (!run)
    return grub_errno;
  grub_dprintf ("aoe", "engine and picker tables for %u targets: %u KiB\n",
		(unsigned) AOE_SCAN_MAX, (unsigned) (sizeof (*run) / 1024));
  run->scan.no_md = state[SCAN_NO_MD].set;
  if (parse_vlan (&state[SCAN_VLAN], &run->scan.vid))
    {
      err = grub_errno;
      goto out;
    }
  err = scan_into (&run->scan, state[SCAN_CARD].set ? state[SCAN_CARD].arg : NULL,
		   (unsigned) timeout, &run->picker, run->rows);
  if (err)
    goto out;
  aoe_grub_scan_print (&run->scan, &run->picker);
  if (run->picker.n_targets == 0)
    grub_printf ("aoe: no AoE targets answered on %s\n", run->scan.link.card->name);
  if (state[SCAN_SET].set)
    {
      char *list = run->list;
      grub_size_t i, o = 0;

      for (i = 0; i < run->picker.n_targets; i++)
	{
	  if (i)
	    list[o++] = ',';
	  aoe_name_format (run->rows[i].shelf, run->rows[i].slot, list + o, 12);
	  o += grub_strlen (list + o);
	}
      err = grub_env_set (state[SCAN_SET].arg, list);
    }
out:
  grub_free (run);
  return err;
}

/* ---- aoe_select -------------------------------------------------------- */

#ifndef GRUB_MACHINE_EFI
/* No store on BIOS (see the top of this file): the auto rules apply. */
static const struct selection *
load_saved (struct aoe_run *run __attribute__ ((unused)))
{
  grub_printf ("aoe: no saved selection on BIOS: using the auto rules\n");
  return NULL;
}
#else
static const struct selection *
load_saved (struct aoe_run *run)
{
  grub_size_t size = 0;
  void *data = NULL;
  int err;

  if (grub_efi_get_variable (SELECTION_EFI_VAR_NAME, &selection_guid, &size, &data)
      != GRUB_EFI_SUCCESS || !data)
    {
      grub_errno = GRUB_ERR_NONE;
      return NULL;
    }
  err = selection_parse (data, size, &run->saved);
  grub_free (data);
  if (err)
    {
      grub_printf ("aoe: ignoring saved selection: %s\n", ar_strerror (err));
      return NULL;
    }
  return &run->saved;
}
#endif

static grub_err_t
save_selection (const struct choose_result *r)
{
  char text[SELECTION_TEXT_MAX];
  grub_size_t len;
  int err;

  err = selection_format (&r->sel, text, sizeof (text), &len);
  if (err)
    return aoe_grub_err (err, "saving the selection");
#ifndef GRUB_MACHINE_EFI
  {
    char name[12];
    grub_size_t i;

    (void) len;
    /* Two short lines: GRUB wraps at 80 columns. */
    grub_printf ("aoe: not saved (BIOS has no EFI variables)\n"
		 "aoe: to keep it: aoe_select --default=");
    for (i = 0; i < r->sel.n_devs; i++)
      {
	aoe_name_format (r->sel.shelf[i], r->sel.slot[i], name, sizeof (name));
	grub_printf ("%s%s", i ? "," : "", name);
      }
    grub_printf ("\n");
    return GRUB_ERR_NONE;
  }
#else
  if (grub_efi_set_variable (SELECTION_EFI_VAR_NAME, &selection_guid, text, len))
    return grub_errno;
  grub_printf ("aoe: saved: %s\n", text);
  return GRUB_ERR_NONE;
#endif
}

/* A DHCP answer's property of @card: net_CARD_dhcp_PROP (the answer the
   firmware's PXE got, as efinet hands it to GRUB) or net_CARD_PROP (net_bootp). */
static const char *
card_dhcp_var (const char *card, const char *prop)
{
  char name[96];
  const char *v;

  grub_snprintf (name, sizeof (name), "net_%s_dhcp_%s", card, prop);
  v = grub_env_get (name);
  if (v && *v)
    return v;
  grub_snprintf (name, sizeof (name), "net_%s_%s", card, prop);
  v = grub_env_get (name);
  return v && *v ? v : NULL;
}

static void
copy_hint (char *dst, grub_size_t cap, const char *src)
{
  grub_strncpy (dst, src, cap - 1);
  dst[cap - 1] = '\0';
}

/* Root path and host name for the unattended rules: options first, then
   the DHCP answer of the card (or of any card when none is named). */
static void
load_hints (struct aoe_run *run, const char *card_spec, const char *rp, const char *host)
{
  struct grub_net_card *card = aoe_grub_card_find (card_spec);

  grub_errno = GRUB_ERR_NONE;
  for (; card && (!rp || !host); card = card_spec ? NULL : card->next)
    {
      if (!rp)
	rp = card_dhcp_var (card->name, "rootpath");
      if (!host)
	host = card_dhcp_var (card->name, "hostname");
    }
  grub_memset (&run->hints, 0, sizeof (run->hints));
  if (rp)
    {
      copy_hint (run->root_path, sizeof (run->root_path), rp);
      run->hints.root_path = run->root_path;
      run->hints.root_path_len = grub_strlen (run->root_path);
      grub_printf ("aoe: DHCP root path: %s\n", run->root_path);
    }
  if (host)
    {
      copy_hint (run->hostname, sizeof (run->hostname), host);
      run->hints.hostname = run->hostname;
      run->hints.hostname_len = grub_strlen (run->hostname);
      grub_printf ("aoe: host name: %s\n", run->hostname);
    }
}

/* One line of common/choose's screen. */
static void
emit_line (void *ctx __attribute__ ((unused)), const char *line)
{
  grub_printf ("%s\n", line);
}

/* The session's settings from the options (common/choose.h). */
static grub_err_t
select_cfg (struct aoe_run *run, struct grub_arg_list *state, unsigned long timeout_s)
{
  const char *def = state[SEL_DEFAULT].set ? state[SEL_DEFAULT].arg : NULL;
  struct choose_cfg *cfg = &run->cfg;

  cfg->timeout_s = (int) timeout_s;
  cfg->def = CHOOSE_DEF_SAVED;
  if (def && grub_strcmp (def, "auto") == 0)
    cfg->def = CHOOSE_DEF_AUTO;
  else if (def && grub_strcmp (def, "saved") != 0)
    {
      cfg->def = CHOOSE_DEF_LIST;
      cfg->list = def;
    }
  cfg->list_what = "--default";
  cfg->saved = cfg->def == CHOOSE_DEF_SAVED ? load_saved (run) : NULL;
  cfg->hints = &run->hints;
  cfg->wait_ms = CHOOSE_DEF_WAIT_MS;
  if (state[SEL_WAIT].set
      && choose_wait_parse (state[SEL_WAIT].arg, grub_strlen (state[SEL_WAIT].arg),
			    &cfg->wait_ms))
    return grub_error (GRUB_ERR_BAD_ARGUMENT, "aoe: bad --wait `%s' (0..%u seconds)",
		       state[SEL_WAIT].arg, (unsigned) CHOOSE_WAIT_MAX_S);
  cfg->no_degraded = state[SEL_NO_DEGRADED].set;
  cfg->no_degraded_what = "--no-degraded";
  cfg->save = state[SEL_SAVE].set;
  /* netboot.cfg boots a lone disk without md when nothing is chosen. */
  cfg->plain_ok = 1;
  cfg->vid = run->scan.vid;
  cfg->emit = emit_line;
  return GRUB_ERR_NONE;
}

/* One scan for the session: every card in turn until one has targets
   (scan_into()), the reserved names asked for by name. */
static grub_err_t
select_scan (struct aoe_run *run, const char *card_spec)
{
  grub_uint64_t t0 = grub_get_time_ms ();
  grub_err_t err;

  run->scan.want = &run->choose;
  err = scan_into (&run->scan, card_spec, 0, NULL, NULL);
  if (err)
    return err;
  aoe_grub_scan_vlan_say (&run->scan);
  run->cfg.where = run->scan.link.card->name;
  run->cfg.mtu = run->scan.link.card->mtu < 65536 ? (grub_uint16_t) run->scan.link.card->mtu : 0;
  choose_scanned (&run->choose, &run->scan.d, t0, grub_get_time_ms ());
  return GRUB_ERR_NONE;
}

/* Step the session until it decides (common/choose: keys, countdown,
   rescans, the degraded wait). */
static enum choose_do
select_loop (struct aoe_run *run, const char *card_spec)
{
  for (;;)
    {
      int key = aoe_grub_key_map (grub_getkey_noblock ());
      enum choose_do act = choose_step (&run->choose, key, grub_get_time_ms ());

      if (act == CHOOSE_DO_SCAN)
	{
	  if (select_scan (run, card_spec))
	    return CHOOSE_DO_CANCEL;
	}
      else if (act != CHOOSE_DO_WAIT)
	return act;
    }
}

static grub_err_t
grub_cmd_aoe_select (grub_extcmd_context_t ctxt, int argc, char **args __attribute__ ((unused)))
{
  struct grub_arg_list *state = ctxt->state;
  const char *card_spec = state[SEL_CARD].set ? state[SEL_CARD].arg : NULL;
  const char *var = state[SEL_SET].set ? state[SEL_SET].arg : "aoe_args";
  const char *root_var = state[SEL_SET_ROOT].set ? state[SEL_SET_ROOT].arg : "aoe_root";
  unsigned long timeout_s = 10;
  char argsbuf[PICKER_ARGS_MAX];
  const struct choose_result *r;
  struct aoe_run *run;
  enum choose_do act;
  grub_err_t gerr;
  int err;

  if (argc)
    return grub_error (GRUB_ERR_BAD_ARGUMENT, "aoe_select: no arguments expected");
  aoe_grub_clock_report ();
  if (state[SEL_TIMEOUT].set
      && parse_uint (state[SEL_TIMEOUT].arg, 86400, &timeout_s, "--timeout"))
    return grub_errno;
  run = grub_zalloc (sizeof (*run));
  if (!run)
    return grub_errno;
  gerr = parse_vlan (&state[SEL_VLAN], &run->scan.vid);
  if (gerr)
    goto out;
  load_hints (run, card_spec, state[SEL_ROOTPATH].set ? state[SEL_ROOTPATH].arg : NULL,
	      state[SEL_HOSTNAME].set ? state[SEL_HOSTNAME].arg : NULL);
  gerr = select_cfg (run, state, timeout_s);
  if (gerr)
    goto out;
  choose_init (&run->choose, &run->cfg, run->rows, AOE_SCAN_MAX,
	       (const grub_uint8_t *) "\0\0\0\0\0");
  act = select_loop (run, card_spec);
  if (act == CHOOSE_DO_CANCEL)
    {
      gerr = grub_errno ? grub_errno : grub_error (GRUB_ERR_TIMEOUT, "aoe_select: cancelled");
      goto out;
    }
  if (act == CHOOSE_DO_NONE)
    {
      gerr = grub_error (GRUB_ERR_TIMEOUT, "aoe_select: no md array to choose");
      goto out;
    }
  r = choose_result (&run->choose);
  err = choose_args (&run->choose, argsbuf, sizeof (argsbuf));
  if (err)
    {
      gerr = aoe_grub_err (err, "building the kernel arguments");
      goto out;
    }
  if (r->rule != PICKER_RULE_NONE)
    grub_printf ("aoe: chosen by: %s\n", picker_rule_text (r->rule));
  grub_printf ("aoe: accepted (%s): %s\n", r->by_person ? "by you" : "unattended", argsbuf);
  /* The kernel is told only the members that became disks (and the named
     stale ones to add back): VAR and the handoff come from one record. */
  grub_env_unset (root_var);
  aoe_disk_detach_all ();
  if (aoe_attach_result (&run->scan, r, root_var))
    grub_print_error ();
  gerr = aoe_grub_handoff (&run->choose, var);
  if (!gerr && r->save && save_selection (r))
    {
      /* Booting matters more than remembering: report, carry on. */
      grub_print_error ();
      gerr = GRUB_ERR_NONE;
    }
out:
  grub_free (run);
  return gerr;
}

static grub_extcmd_t cmd_scan, cmd_select;

GRUB_MOD_INIT (aoe)
{
  aoe_grub_clock_calibrate ();
  cmd_scan = grub_register_extcmd ("aoe_scan", grub_cmd_aoe_scan, 0,
				   N_("[--card=NAME|MAC] [--timeout=MS] [--set=VAR] [--no-md] [--vlan=ID]"),
				   N_("List the AoE targets on a network card."),
				   scan_options);
  cmd_select = grub_register_extcmd ("aoe_select", grub_cmd_aoe_select, 0,
				     N_("[--card=NAME|MAC] [--timeout=SECONDS] "
					"[--default=auto|saved|LIST] [--save] [--set=VAR] "
					"[--set-root=VAR] [--vlan=ID] [--root-path=aoe:...] "
					"[--hostname=NAME] [--wait=SECONDS] [--no-degraded]"),
				     N_("Choose the AoE md mirror members to boot from; "
					"set VAR to the kernel arguments and attach the "
					"fresh members as disks (aoe/eS.L)."),
				     select_options);
  aoe_attach_register ();
  aoe_disk_init ();
}

GRUB_MOD_FINI (aoe)
{
  aoe_disk_fini ();
  aoe_attach_unregister ();
  grub_unregister_extcmd (cmd_select);
  grub_unregister_extcmd (cmd_scan);
}
