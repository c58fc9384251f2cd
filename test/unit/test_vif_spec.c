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

/* rate= as xl reads it; netback gets bytes per interval. */
static void test_rate(void **state)
{
	static const struct {
		const char *spec;
		uint64_t bytes;
		uint32_t usecs;
	} r[] = {
		{ "rate=10Mb/s", 62500, 50000 }, /* 1.25 MB/s, 50 ms */
		{ "rate=1MB/s@20ms", 20000, 20000 },
		{ "rate=1MB/s@20m", 20000, 20000 },
		{ "rate=8Kb/s@1s", 1000, 1000000 },
		{ "rate=8Kb/s@1", 1000, 1000000 },
		{ "rate=1GB/s@100us", 100000, 100 },
		{ "rate=4294967295GB/s@1us", 4294967295000ULL, 1 },
	};

	assert_int_equal(parse_ok("bridge=hvbr0").rate_usecs, 0);
	for (unsigned int i = 0; i < sizeof(r) / sizeof(r[0]); i++) {
		struct hvctl_vif v = parse_ok(r[i].spec);

		assert_int_equal(v.rate_bytes, r[i].bytes);
		assert_int_equal(v.rate_usecs, r[i].usecs);
	}
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
	assert_non_null(strstr(parse_bad("rate=10Mb"), "rate"));
	assert_non_null(strstr(parse_bad("rate=Mb/s"), "rate"));
	assert_non_null(strstr(parse_bad("rate=0B/s"), "overflow"));
	assert_non_null(strstr(parse_bad("rate=4294967296B/s"), "overflow"));
	assert_non_null(strstr(parse_bad("rate=10Tb/s"), "rate"));
	assert_non_null(strstr(parse_bad("rate=10Mb/s@"), "interval"));
	assert_non_null(strstr(parse_bad("rate=10Mb/s@5h"), "unit"));
	assert_non_null(strstr(parse_bad("rate=10Mb/s@4295s"), "overflow"));
	assert_non_null(strstr(parse_bad("rate=1b/s@1us"), "one byte"));
	assert_non_null(strstr(parse_bad("colour=red"), "unknown vif"));
	assert_non_null(strstr(parse_bad("hvbr0"), "key=value"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_rate),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
