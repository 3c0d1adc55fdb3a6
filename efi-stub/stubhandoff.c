/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stubhandoff.c - the stub's handoff record and kernel arguments (see stubhandoff.h). */
#include "stubhandoff.h"
#include "aoename.h"
#include "bootargs.h"
#include "bytes.h"
#include "err.h"
#include "publish.h"

static EFI_GUID stub_handoff_guid = {
	HANDOFF_EFI_VAR_GUID_DATA1, HANDOFF_EFI_VAR_GUID_DATA2,
	HANDOFF_EFI_VAR_GUID_DATA3, HANDOFF_EFI_VAR_GUID_DATA4
};

static bool stub_handoff_has(void *ctx, uint16_t shelf, uint8_t slot)
{
	return publish_has(ctx, shelf, slot);
}

void stub_handoff_published(struct handoff *h, const struct publish *pub)
{
	handoff_keep(h, stub_handoff_has, (void *)pub);
	h->writer = HANDOFF_WRITER_STUB_PUBLISH;
	h->flags |= HANDOFF_F_PUBLISHED;
}

/* "e0.0,e0.1" of the record's members, for the console. */
static void stub_handoff_names(const struct handoff *h, char *buf, size_t cap)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < h->n_members && n + AOE_NAME_MAX + 1 < cap; i++) {
		if (i)
			buf[n++] = ',';
		aoe_name_format(h->m[i].shelf, h->m[i].slot, buf + n, cap - n);
		n += ar_strlen(buf + n);
		/* not published: a named stale member /init adds back */
		if ((h->m[i].flags & HANDOFF_MF_READD) && n + 10 < cap) {
			ar_memcpy(buf + n, "(re-add)", 9);
			n += 8;
		}
	}
}

EFI_STATUS stub_handoff_store(const struct handoff *h, unsigned verbose,
			      char *ret_args, size_t cap)
{
	uint8_t rec[HANDOFF_MAX_LEN];
	char names[HANDOFF_MAX_MEMBERS * (AOE_NAME_MAX + 8) + 1];
	struct bootargs b;
	CHAR16 name[32];
	const char *s = HANDOFF_EFI_VAR_NAME;
	EFI_STATUS st;
	size_t len, i;
	int err;

	handoff_to_bootargs(h, &b);
	err = bootargs_format(&b, ret_args, cap, NULL);
	if (err) {
		efi_logf("aoeboot: cannot make the kernel arguments: %s\n", ar_strerror(err));
		return efi_status_from_err(err);
	}
	err = handoff_pack(h, rec, sizeof(rec), &len);
	if (err) {
		efi_logf("aoeboot: handoff record: %s\n", ar_strerror(err));
		return EFI_SUCCESS;
	}
	for (i = 0; s[i] && i + 1 < 32; i++)
		name[i] = (CHAR16)s[i];
	name[i] = 0;
	st = RT->SetVariable(name, &stub_handoff_guid, HANDOFF_EFI_VAR_ATTRS, len, rec);
	stub_handoff_names(h, names, sizeof(names));
	if (EFI_ERROR(st))
		efi_logf("aoeboot: cannot set the %s variable: %s\n", HANDOFF_EFI_VAR_NAME,
			 efi_status_str(st));
	else
		efi_logf("aoeboot: handoff to Linux (%s, %u bytes): members %s, chosen by: %s%s\n",
			 HANDOFF_EFI_VAR_NAME, (unsigned)len, h->n_members ? names : "none",
			 handoff_rule_text(h->rule),
			 h->flags & HANDOFF_F_DEGRADED ? ", DEGRADED" : "");
	(void)verbose;
	return EFI_SUCCESS;
}
