/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_dhcp.c - libFuzzer target for the DHCP side of the unattended
 * choice: the input is a DHCP packet (options found must lie inside it),
 * its root path and host name go through rootpath_parse() and the picker
 * rules over a small fixed table; the input as a whole is also parsed as a
 * root path and as a host name.
 */
#include <stdint.h>
#include <string.h>

#include "dhcp.h"
#include "picker.h"
#include "err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

static const uint8_t NIC[6] = { 2, 0, 0, 0, 0, 1 };

static void rules(const char *rp, size_t rp_len, const char *host, size_t host_len)
{
	static struct picker_target t[4];
	static struct picker p;
	struct picker_hints h = { rp, rp_len, host, host_len };
	size_t i;

	memset(t, 0, sizeof(t));
	for (i = 0; i < 4; i++) {
		t[i].shelf = (uint16_t)(i / 2);
		t[i].slot = (uint8_t)(i % 2);
		t[i].has_md = i < 3;
		t[i].md.uuid[0] = (uint8_t)(i < 2 ? 1 : 2);
		t[i].md.raid_disks = 2;
		t[i].md.role = (uint32_t)(i % 2);
		t[i].md.slots_active = 3;
		t[i].md.events = 5;
		memcpy(t[i].md.name, i < 2 ? "node1:root" : "node2:root", 11);
	}
	t[3].duplicate = true;
	picker_init(&p, t, 4, NIC);
	CHECK(picker_set_targets(&p, 4) == 0);
	if (picker_select_rules(&p, &h) == 0) {
		char buf[PICKER_ARGS_MAX];

		CHECK(picker_rule(&p) != PICKER_RULE_NONE);
		CHECK(picker_args(&p, buf, sizeof(buf)) == 0);
	} else {
		CHECK(picker_source(&p) == PICKER_SRC_NONE);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *rp = NULL, *host = NULL;
	size_t rp_len = 0, host_len = 0;
	struct rootpath r;

	if (dhcp_option(data, size, DHCP_OPT_ROOT_PATH, &rp, &rp_len) == 0)
		CHECK(rp >= data && rp + rp_len <= data + size);
	if (dhcp_option(data, size, DHCP_OPT_HOSTNAME, &host, &host_len) == 0)
		CHECK(host >= data && host + host_len <= data + size);
	rules((const char *)rp, rp_len, (const char *)host, host_len);
	if (rootpath_parse((const char *)data, size, &r) == 0) {
		CHECK(r.kind == ROOTPATH_LIST ? r.n_devs >= 1 && r.n_devs <= ROOTPATH_MAX_DEVS
					      : r.kind == ROOTPATH_UUID);
		rules((const char *)data, size, NULL, 0);
	}
	(void)dhcp_hostname_matches("node1:root", (const char *)data, size);
	return 0;
}
