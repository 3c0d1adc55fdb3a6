/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * aoe.c - GRUB module "aoe": commands aoe_scan and aoe_select.
 */
#include <grub/dl.h>
#include <grub/misc.h>
#include <grub/extcmd.h>
#include <grub/i18n.h>

GRUB_MOD_LICENSE ("GPLv3+");

static grub_err_t
grub_cmd_aoe_scan (grub_extcmd_context_t ctxt __attribute__ ((unused)),
		   int argc __attribute__ ((unused)),
		   char **args __attribute__ ((unused)))
{
  grub_printf ("aoe: built for GRUB %s\n", AR_GRUB_VERSION);
  return GRUB_ERR_NONE;
}

static grub_extcmd_t cmd_scan;

GRUB_MOD_INIT (aoe)
{
  cmd_scan = grub_register_extcmd ("aoe_scan", grub_cmd_aoe_scan, 0, 0,
				   N_("Scan for AoE targets."), 0);
}

GRUB_MOD_FINI (aoe)
{
  grub_unregister_extcmd (cmd_scan);
}
