// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for hvctl's xl vif specs (dom0-tools/hvctl/vif.c, after
 * Xen's docs/man/xl-network-configuration.5): the keys hvctl takes, the
 * defaults (bridge hvbr0, a MAC in Xen's OUI 00:16:3e with the fourth
 * octet below 0x80, as libxl makes them), and what it refuses with a
 * reason naming the key.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../dom0-tools/hvctl/hvctl.h"

static struct hvctl_vif parse_ok(const char *spec)
{
	struct hvctl_vif v;
	const char *why = NULL;

	if (vif_parse(&v, spec, &why))
		fail_msg("'%s' refused: %s", spec, why);
	return v;
}

static const char *parse_bad(const char *spec)
{
	struct hvctl_vif v;
	const char *why = NULL;

	if (!vif_parse(&v, spec, &why))
		fail_msg("'%s' accepted", spec);
	assert_non_null(why);
	return why;
}

static void test_defaults(void **state)
{
	struct hvctl_vif v = parse_ok("");
	char mac[18];

	assert_string_equal(v.bridge, "hvbr0");
	assert_string_equal(v.vifname, "");
	assert_false(v.has_devid);
	assert_int_equal(v.mtu, 0);
	/* Xen's OUI, unicast, locally random: as libxl. */
	assert_int_equal(v.mac[0], 0x00);
	assert_int_equal(v.mac[1], 0x16);
	assert_int_equal(v.mac[2], 0x3e);
	assert_true(v.mac[3] < 0x80);
	vif_mac_str(v.mac, mac);
	assert_int_equal(strlen(mac), 17);
	assert_memory_equal(mac, "00:16:3e:", 9);
}

static void test_keys(void **state)
{
	struct hvctl_vif v =
		parse_ok("mac=00:16:3E:0a:0B:0c, bridge=lab1,vifname=vif-web,"
			 "ip=10.0.0.5,mtu=9000,devid=3,type=vif,backend=0,"
			 "script=/etc/xen/scripts/vif-bridge");
	char mac[18];

	vif_mac_str(v.mac, mac);
	assert_string_equal(mac, "00:16:3e:0a:0b:0c");
	assert_string_equal(v.bridge, "lab1");
	assert_string_equal(v.vifname, "vif-web");
	assert_string_equal(v.ip, "10.0.0.5");
	assert_int_equal(v.mtu, 9000);
	assert_true(v.has_devid);
	assert_int_equal(v.devid, 3);
	v = parse_ok("script=vif-bridge,backend=Domain-0");
	assert_string_equal(v.bridge, "hvbr0");
}

static void test_refused(void **state)
{
	assert_non_null(strstr(parse_bad("mac=00:16:3e:0a:0b"), "mac"));
	assert_non_null(strstr(parse_bad("mac=00:16:3e:0a:0b:0c:0d"), "mac"));
	assert_non_null(strstr(parse_bad("mac=0g:16:3e:0a:0b:0c"), "mac"));
	assert_non_null(
		strstr(parse_bad("mac=01:00:5e:00:00:01"), "multicast"));
	assert_non_null(strstr(parse_bad("mac=00:00:00:00:00:00"), "mac"));
	assert_non_null(strstr(parse_bad("bridge=a/b"), "bridge"));
	assert_non_null(strstr(parse_bad("bridge="), "bridge"));
	assert_non_null(strstr(parse_bad("bridge=abcdefghijklmnop"), "bridge"));
	assert_non_null(strstr(parse_bad("vifname=a:b"), "vifname"));
	assert_non_null(strstr(parse_bad("mtu=67"), "mtu"));
	assert_non_null(strstr(parse_bad("mtu=65536"), "mtu"));
	assert_non_null(strstr(parse_bad("mtu=15x"), "mtu"));
	assert_non_null(strstr(parse_bad("devid=-1"), "devid"));
	assert_non_null(strstr(parse_bad("type=ioemu"), "device model"));
	assert_non_null(strstr(parse_bad("type=tap"), "type"));
	assert_non_null(strstr(parse_bad("backend=2"), "dom0"));
	assert_non_null(strstr(parse_bad("script=vif-route"), "script"));
	assert_non_null(strstr(parse_bad("model=e1000"), "model"));
	assert_non_null(strstr(parse_bad("rate=10Mb/s"), "rate"));
	assert_non_null(strstr(parse_bad("colour=red"), "unknown vif"));
	assert_non_null(strstr(parse_bad("hvbr0"), "key=value"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
