/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_aoename.c - libFuzzer target for target name, MAC and UUID parsers:
 * the input is parsed as each; whatever parses is formatted and must parse
 * back to the same value.
 */
#include <stdint.h>
#include <string.h>

#include "aoename.h"
#include "err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char buf[64];
	uint16_t shelf, shelf2;
	uint8_t slot, slot2, mac[6], mac2[6], u[16], u2[16];

	uint16_t vid, vid2;

	if (aoename_vlan_id_parse(s, size, &vid) == 0) {
		CHECK(vid >= 1 && vid <= 4094);
		CHECK(aoename_vlan_arg_format(vid, buf, sizeof(buf)) == 0);
		CHECK(!strncmp(buf, "aoe_vlan=", 9));
		CHECK(aoename_vlan_id_parse(buf + 9, strlen(buf + 9), &vid2) == 0 && vid2 == vid);
		CHECK(size == strlen(buf + 9));
	}
	if (aoe_name_parse(s, size, &shelf, &slot) == 0) {
		CHECK(shelf != 0xFFFF && slot != 0xFF);
		CHECK(aoe_name_format(shelf, slot, buf, sizeof(buf)) == 0);
		CHECK(aoe_name_parse(buf, strlen(buf), &shelf2, &slot2) == 0);
		CHECK(shelf == shelf2 && slot == slot2);
	}
	if (aoename_mac_parse(s, size, mac) == 0) {
		CHECK(aoename_mac_format(mac, buf, sizeof(buf)) == 0);
		CHECK(aoename_mac_parse(buf, strlen(buf), mac2) == 0 && !memcmp(mac, mac2, 6));
	}
	if (aoename_uuid_parse(s, size, u) == 0) {
		CHECK(aoename_uuid_format(u, UUID_STYLE_MDADM, buf, sizeof(buf)) == 0);
		CHECK(aoename_uuid_parse(buf, strlen(buf), u2) == 0 && !memcmp(u, u2, 16));
		CHECK(aoename_uuid_format(u, UUID_STYLE_DASHED, buf, sizeof(buf)) == 0);
		CHECK(aoename_uuid_parse(buf, strlen(buf), u2) == 0 && !memcmp(u, u2, 16));
	}
	return 0;
}
