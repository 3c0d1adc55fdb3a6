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
	t->duplicate = d->duplicate || d->macs_overflow;
	t->has_md = d->md_state == DISC_MD_FOUND;
	if (t->has_md)
		t->md = d->md;
	return 0;
}
