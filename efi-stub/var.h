/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * var.h - the saved selection in its EFI variable (format: common/selection.h,
 * shared with the GRUB module).
 */
#ifndef AOEROOT_EFI_VAR_H
#define AOEROOT_EFI_VAR_H

#include "efi.h"
#include "selection.h"

/**
 * var_load_selection() - read and parse the saved selection.
 * Return: 0; AR_ENOENT when there is none; a selection_parse() error for
 * malformed contents (the variable is then ignored, not deleted).
 */
int var_load_selection(struct selection *ret_sel);

/**
 * var_save_selection() - write @sel (non-volatile, boot + runtime access).
 * Return: EFI_SUCCESS or SetVariable()'s status.
 */
EFI_STATUS var_save_selection(const struct selection *sel);

#endif /* AOEROOT_EFI_VAR_H */
