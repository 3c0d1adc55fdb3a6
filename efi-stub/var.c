/* SPDX-License-Identifier: GPL-3.0-or-later */
/* var.c - the saved selection EFI variable (see var.h). */
#include "var.h"
#include "err.h"

static EFI_GUID var_guid = {
	SELECTION_EFI_VAR_GUID_DATA1, SELECTION_EFI_VAR_GUID_DATA2,
	SELECTION_EFI_VAR_GUID_DATA3, SELECTION_EFI_VAR_GUID_DATA4
};

static void var_name(CHAR16 *buf, size_t cap)
{
	const char *s = SELECTION_EFI_VAR_NAME;
	size_t i;

	for (i = 0; s[i] && i + 1 < cap; i++)
		buf[i] = (CHAR16)s[i];
	buf[i] = 0;
}

int var_load_selection(struct selection *ret_sel)
{
	char text[SELECTION_TEXT_MAX];
	CHAR16 name[32];
	UINTN size = sizeof(text);
	UINT32 attrs;
	EFI_STATUS st;

	var_name(name, 32);
	st = RT->GetVariable(name, &var_guid, &attrs, &size, text);
	if (st == EFI_NOT_FOUND)
		return AR_ENOENT;
	if (EFI_ERROR(st))
		return st == EFI_BUFFER_TOO_SMALL ? AR_E2BIG : AR_EIO;
	return selection_parse(text, size, ret_sel);
}

EFI_STATUS var_save_selection(const struct selection *sel)
{
	char text[SELECTION_TEXT_MAX];
	CHAR16 name[32];
	size_t len;
	int err;

	err = selection_format(sel, text, sizeof(text), &len);
	if (err)
		return efi_status_from_err(err);
	var_name(name, 32);
	return RT->SetVariable(name, &var_guid, SELECTION_EFI_VAR_ATTRS, len, text);
}
