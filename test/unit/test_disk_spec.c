// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for hvctl's xl disk specs (dom0-tools/hvctl/disk.c, after
 * Xen's docs/man/xl-disk-configuration.5): the positional parameters in
 * both orders (target, format, vdev, access; and after a deprecated
 * prefix target, vdev, access), named ones, target= taking the rest, and
 * the vdev numbers of xen-vbd-interface(7) that blkfront reads back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../dom0-tools/hvctl/hvctl.h"

static struct hvctl_disk parse_ok(const char *spec)
{
	struct hvctl_disk d;
	const char *why = NULL;

	if (disk_parse(&d, spec, &why))
		fail_msg("'%s' refused: %s", spec, why);
	return d;
}

static const char *parse_bad(const char *spec)
{
	struct hvctl_disk d;
	const char *why = NULL;

	assert_int_equal(disk_parse(&d, spec, &why), -1);
	assert_non_null(why);
	return why;
}

static void test_forms(void **state)
{
	static const char *const same[] = {
		"/img/a,raw,xvda,rw",
		"/img/a,,xvda",
		"format=raw, vdev=xvda, access=rw, target=/img/a",
		"file:/img/a,xvda,w",
		"raw:/img/a,xvda,w",
		"vdev=xvda,/img/a",
	};

	for (unsigned int i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		struct hvctl_disk d = parse_ok(same[i]);

		assert_string_equal(d.target, "/img/a");
		assert_string_equal(d.vdev, "xvda");
		assert_int_equal(d.devid, 51712);
		assert_false(d.readonly);
	}
}

static void test_access_and_target(void **state)
{
	struct hvctl_disk d = parse_ok("phy:/dev/vg/x,xvdb,r");

	assert_true(d.readonly);
	assert_string_equal(d.target, "/dev/vg/x");
	d = parse_ok("/img/b,,xvdc,ro");
	assert_true(d.readonly);
	/* A relative target is under /dev, as in xl. */
	d = parse_ok("vg/x,,xvdd");
	assert_string_equal(d.target, "/dev/vg/x");
	/* target= takes the rest, commas included. */
	d = parse_ok("vdev=xvde, target=/img/with,comma");
	assert_string_equal(d.target, "/img/with,comma");
	/* The backend: the kernel's blkback, or hvblkd. */
	assert_false(d.hvblkd);
	d = parse_ok("/img/a,,xvda,backendtype=hvblkd");
	assert_true(d.hvblkd);
	d = parse_ok("backendtype=phy,vdev=xvda,target=/img/a");
	assert_false(d.hvblkd);
}

static void test_vdev_numbers(void **state)
{
	static const struct {
		const char *vdev;
		uint32_t num;
	} v[] = {
		{ "xvda", 202 << 8 },
		{ "xvdb", (202 << 8) | 16 },
		{ "xvda1", (202 << 8) | 1 },
		{ "xvdp15", (202 << 8) | (15 << 4) | 15 },
		{ "xvdq", (1u << 28) | (16 << 8) },
		{ "xvdaa", (1u << 28) | (26 << 8) },
		{ "sda", 8 << 8 },
		{ "sdb2", (8 << 8) | 16 | 2 },
		{ "hda", 3 << 8 },
		{ "hdb", (3 << 8) | 64 },
		{ "hdc", 22 << 8 },
		{ "d0p1", (1u << 28) | 1 },
		{ "d3", (1u << 28) | (3 << 8) },
		{ "51712", 51712 },
	};
	char spec[64];

	for (unsigned int i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		snprintf(spec, sizeof(spec), "/img/a,,%s", v[i].vdev);
		assert_int_equal(parse_ok(spec).devid, v[i].num);
	}
}

static void test_refused(void **state)
{
	assert_non_null(strstr(parse_bad("/img/a,,floppy"), "vdev"));
	assert_non_null(strstr(parse_bad("/img/a,,xvda0"), "vdev"));
	assert_non_null(strstr(parse_bad("/img/a,,hde"), "vdev"));
	assert_non_null(strstr(parse_bad("/img/a,,xvdaaaaaaaaaaaaaaaaaaaaa"),
			       "too long"));
	assert_non_null(strstr(parse_bad("/img/a"), "no vdev"));
	assert_non_null(strstr(parse_bad("vdev=xvda"), "no target"));
	assert_non_null(strstr(parse_bad("/img/a,qcow2,xvda"), "raw"));
	assert_non_null(strstr(parse_bad("/img/a,,xvda,rw,extra"),
			       "too many positional"));
	assert_non_null(strstr(parse_bad("/img/a,,xvda,rwx"), "access"));
	assert_non_null(strstr(parse_bad("colour=red,/img/a,,xvda"),
			       "unknown disk parameter"));
	assert_non_null(
		strstr(parse_bad("/img/a,,xvda,backendtype=qdisk"), "phy"));
	assert_non_null(strstr(parse_bad("/img/a.iso,,hdc,cdrom"), "cdrom"));
	assert_non_null(strstr(parse_bad("nbd:host,xvda,w"), "prefix"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_access_and_target),
		cmocka_unit_test(test_vdev_numbers),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
