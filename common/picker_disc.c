/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * picker_disc.c - picker_target_from_disc(): a discovery result as a picker
 * row. Kept apart from picker.c so the picker's rules build and test
 * without the discovery engine.
 */
#include "picker.h"
#include "disc.h"
#include "bytes.h"
#include "err.h"

/* Which arrays hide behind the devices of a duplicate shelf.slot. */
static void picker_dup_from_disc(struct picker_target *t, const struct disc_target *d)
{
	unsigned i, k;

	/* Devices beyond the table (macs_overflow) were never read. */
	t->dup_md_unknown = d->macs_overflow != 0;
	for (i = 0; i < d->nmacs && i < DISC_MAX_MACS; i++) {
		const struct disc_mac *m = &d->macs[i];

		if (m->state == DISC_MAC_ERROR)
			continue; /* did not answer IDENTIFY: no device to boot */
		if (m->state != DISC_MAC_OK || m->md_state == DISC_MD_NONE ||
		    m->md_state == DISC_MD_ERROR) {
			t->dup_md_unknown = true;
			continue;
		}
		if (m->md_state != DISC_MD_FOUND)
			continue;
		for (k = 0; k < t->n_dup_md; k++)
			if (!ar_memcmp(t->dup_md_uuid[k], m->md_uuid, 16))
				break;
		if (k < t->n_dup_md)
			continue;
		if (t->n_dup_md == PICKER_DUP_MD_MAX) {
			t->dup_md_unknown = true;
			continue;
		}
		ar_memcpy(t->dup_md_uuid[t->n_dup_md++], m->md_uuid, 16);
	}
}

int picker_target_from_disc(struct picker_target *ret_t, const struct disc_target *d)
{
	struct picker_target *t = ret_t;
	size_t n;

	if (d->nmacs == 0)
		return AR_EINVAL;
	ar_memset(t, 0, sizeof(*t));
	t->shelf = d->shelf;
	t->slot = d->slot;
	ar_memcpy(t->mac, d->macs[d->primary < d->nmacs ? d->primary : 0].mac, 6);
	t->sectors = d->id.sectors;
	n = ar_strnlen(d->id.model, sizeof(d->id.model) - 1);
	if (n > PICKER_MODEL_MAX)
		n = PICKER_MODEL_MAX;
	ar_memcpy(t->model, d->id.model, n);
	n = d->config_len < PICKER_CFG_MAX ? d->config_len : PICKER_CFG_MAX;
	ar_memcpy(t->cfg, d->config, n);
	t->cfg_len = (uint16_t)n;
	t->cfg_cut = d->config_len > n;
	t->duplicate = d->duplicate || d->macs_overflow;
	t->has_md = d->md_state == DISC_MD_FOUND;
	/* Unfinished or failed reads: a member might be behind it. */
	t->md_unknown = !t->has_md && (d->md_state == DISC_MD_ERROR ||
				       (d->state == DISC_T_ERROR && d->md_state == DISC_MD_NONE &&
					d->id.sectors));
	if (t->has_md)
		t->md = d->md;
	if (t->duplicate)
		picker_dup_from_disc(t, d);
	return 0;
}
