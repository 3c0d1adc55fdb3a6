/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * grubhandoff.c - what aoe_select tells Linux: the handoff record of the
 * members that became GRUB disks (common/handoff.h; plus the named stale
 * members /init adds back, flagged - common/choose.h), in the volatile EFI
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
#include "choose.h"
#include "handoff.h"
#include "bootargs.h"
#include "aoename.h"
#include "err.h"

static bool
handoff_attached (void *ctx __attribute__ ((unused)), grub_uint16_t shelf, grub_uint8_t slot)
{
  return aoe_disk_attached (shelf, slot) != 0;
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
aoe_grub_handoff (const struct choose *c, const char *var)
{
  char args[BOOTARGS_TEXT_MAX];
  struct bootargs b;
  struct handoff h;
  int err;

  err = choose_handoff (c, HANDOFF_WRITER_GRUB, &h);
  if (err)
    return aoe_grub_err (err, "the handoff record");
  handoff_keep (&h, handoff_attached, NULL);
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
