/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * grubhandoff.c - what aoe_select tells Linux: the handoff record of the
 * members that became GRUB disks (common/handoff.h), in the volatile EFI
 * variable AoeRootHandoff on x86_64-efi, and the kernel arguments made
 * from the same record (common/bootargs.h) in the variable aoe_select
 * sets, so a member that was not attached is named in neither. BIOS keeps
 * only the arguments.
 */
#include <grub/dl.h>
#include <grub/misc.h>
#include <grub/mm.h>
#include <grub/env.h>
#ifdef GRUB_MACHINE_EFI
#include <grub/efi/efi.h>
#include <grub/efi/api.h>
#endif

#include "aoe-grub.h"
#include "aoe-disk.h"
#include "scan.h"
#include "picker.h"
#include "handoff.h"
#include "bootargs.h"
#include "aoename.h"
#include "err.h"

static const struct disc_target *
handoff_scan_find (const struct aoe_scan *s, grub_uint16_t shelf, grub_uint8_t slot)
{
  grub_size_t i;

  for (i = 0; i < s->n; i++)
    if (s->targets[i].shelf == shelf && s->targets[i].slot == slot
	&& s->targets[i].nmacs > 0 && s->targets[i].primary < s->targets[i].nmacs)
      return &s->targets[i];
  return NULL;
}

#ifdef GRUB_MACHINE_EFI
static grub_err_t
handoff_store (const struct handoff *h)
{
  static const grub_efi_guid_t guid = {
    HANDOFF_EFI_VAR_GUID_DATA1, HANDOFF_EFI_VAR_GUID_DATA2,
    HANDOFF_EFI_VAR_GUID_DATA3, HANDOFF_EFI_VAR_GUID_DATA4
  };
  grub_uint8_t rec[HANDOFF_MAX_LEN];
  grub_efi_char16_t name[32];
  const char *s = HANDOFF_EFI_VAR_NAME;
  grub_efi_runtime_services_t *r = grub_efi_system_table->runtime_services;
  grub_efi_status_t st;
  grub_size_t len, i;
  int err;

  err = handoff_pack (h, rec, sizeof (rec), &len);
  if (err)
    return aoe_grub_err (err, "packing the handoff record");
  for (i = 0; s[i] && i + 1 < 32; i++)
    name[i] = (grub_efi_char16_t) s[i];
  name[i] = 0;
  /* Volatile (no NON_VOLATILE bit): grub_efi_set_variable() would keep
     it across boots; each boot must say its own choice or none. */
  st = efi_call_5 (r->set_variable, name, &guid, HANDOFF_EFI_VAR_ATTRS, len, rec);
  if (st != GRUB_EFI_SUCCESS)
    return grub_error (GRUB_ERR_IO, "aoe: cannot set the EFI variable %s",
		       HANDOFF_EFI_VAR_NAME);
  grub_printf ("aoe: handoff to Linux: %s (%u bytes)\n", HANDOFF_EFI_VAR_NAME,
	       (unsigned) len);
  return GRUB_ERR_NONE;
}
#endif

grub_err_t
aoe_grub_handoff (const struct aoe_scan *s, const struct picker *p, int by_person,
		  const char *var)
{
  char args[BOOTARGS_TEXT_MAX];
  struct bootargs b;
  struct handoff h;
  grub_size_t i;
  int err;

  handoff_init (&h, HANDOFF_WRITER_GRUB, s->mac, s->vid,
		handoff_rule_of (picker_source (p), picker_rule (p), by_person));
  for (i = 0; i < p->n_targets; i++)
    {
      const struct picker_target *pt = &p->targets[i];
      const struct disc_target *t;

      if (!pt->selected || !aoe_disk_attached (pt->shelf, pt->slot))
	continue;
      t = handoff_scan_find (s, pt->shelf, pt->slot);
      if (!t)
	continue;
      err = handoff_add (&h, t->shelf, t->slot, t->macs[t->primary].mac,
			 t->md_state == DISC_MD_FOUND ? &t->md : NULL);
      if (err)
	return aoe_grub_err (err, "the handoff record");
    }
  if (h.n_members == 0)
    {
      grub_printf ("aoe: no disk attached: no kernel arguments in %s\n", var);
      grub_env_unset (var);
      return GRUB_ERR_NONE;
    }
  handoff_to_bootargs (&h, &b);
  err = bootargs_format (&b, args, sizeof (args), NULL);
  if (err)
    return aoe_grub_err (err, "building the kernel arguments");
  grub_printf ("aoe: %s=%s\n", var, args);
  if (grub_env_set (var, args))
    return grub_errno;
#ifdef GRUB_MACHINE_EFI
  return handoff_store (&h);
#else
  return GRUB_ERR_NONE;
#endif
}
