// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for frontstat (dom0-tools/frontstat/stats.c) on a fake
 * /sys/bus/xen/devices: only devices with stats/ are read, sorted by name
 * with their block or net device; counters come in the patches' order
 * whatever the directory's, unknown ones after; responses per interrupt
 * under each pair; differences against an earlier scan (a device probed
 * again counts from 0); a file that is not a number, a named device
 * without counters, a missing root: errors naming the path.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../dom0-tools/frontstat/frontstat.h"

static char root[] = "/tmp/frontstat-test.XXXXXX";

static void mkdirs(const char *rel)
{
	char path[512], *p;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (p = path + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = 0;
		mkdir(path, 0755);
		*p = '/';
	}
	mkdir(path, 0755);
}

static void put(const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	assert_non_null(mkdtemp(root));
	mkdirs("vbd-51728/stats");
	mkdirs("vbd-51712/stats");
	mkdirs("vbd-51712/block/xvda");
	mkdirs("vif-0/stats");
	mkdirs("vif-0/net/eth0");
	mkdirs("console-0");
	/* Written in an order unlike the patches'. */
	put("vbd-51712/stats/responses", "90\n");
	put("vbd-51712/stats/requests", "100\n");
	put("vbd-51712/stats/interrupts", "30\n");
	put("vbd-51712/stats/aaa_later", "1\n");
	put("vbd-51728/stats/requests", "0\n");
	put("vif-0/stats/rx_responses", "8\n");
	put("vif-0/stats/rx_interrupts", "4\n");
	put("vif-0/stats/tx_slots", "5\n");
	return 0;
}

static int teardown(void **state)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd);
}

static char *print(const struct fs_dev *d, int n, const struct fs_dev *p,
		   int pn)
{
	static char buf[8192];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	assert_non_null(f);
	fs_print(f, d, n, p, pn, 1.0);
	fclose(f);
	return buf;
}

static void test_scan_all(void **state)
{
	struct fs_dev *d;
	char err[256];
	int n = fs_scan(root, NULL, 0, &d, err, sizeof(err));

	assert_int_equal(n, 3);
	assert_string_equal(d[0].name, "vbd-51712");
	assert_string_equal(d[0].label, "xvda");
	assert_string_equal(d[1].name, "vbd-51728");
	assert_string_equal(d[1].label, "");
	assert_string_equal(d[2].name, "vif-0");
	assert_string_equal(d[2].label, "eth0");
	assert_int_equal(d[0].n, 4);
	assert_string_equal(d[0].stat[0], "requests");
	assert_string_equal(d[0].stat[1], "interrupts");
	assert_string_equal(d[0].stat[2], "responses");
	assert_string_equal(d[0].stat[3], "aaa_later");
	assert_true(d[0].val[0] == 100 && d[0].val[3] == 1);
	free(d);
}

static void test_print_tables(void **state)
{
	struct fs_dev *d;
	char err[256], *out;
	int n = fs_scan(root, NULL, 0, &d, err, sizeof(err));

	assert_int_equal(n, 3);
	out = print(d, n, NULL, 0);
	/* Two tables; vbd-51728 has no interrupts: "-" where it lacks one. */
	assert_non_null(strstr(out, "vbd-51712   vbd-51728\n"));
	assert_non_null(strstr(out, "xvda           -\n"));
	assert_non_null(strstr(
		out, "requests                         100           0\n"));
	assert_non_null(strstr(
		out, "responses/interrupt             3.00           -\n"));
	assert_non_null(
		strstr(out, "\n\n                               vif-0\n"));
	assert_non_null(strstr(out, "rx_responses/interrupt          2.00\n"));
	assert_null(strstr(out, "tx_responses/interrupt"));
	assert_true(strstr(out, "interrupts") < strstr(out, "aaa_later"));
	free(d);
}

static void test_differences(void **state)
{
	struct fs_dev *a, *b;
	char err[256], *out;
	int na = fs_scan(root, NULL, 0, &a, err, sizeof(err)), nb;

	put("vbd-51712/stats/requests", "160\n");
	put("vbd-51712/stats/responses", "150\n");
	put("vbd-51712/stats/interrupts", "50\n");
	put("vif-0/stats/tx_slots", "2\n"); /* probed again */
	nb = fs_scan(root, NULL, 0, &b, err, sizeof(err));
	assert_int_equal(na, 3);
	assert_int_equal(nb, 3);
	out = print(b, nb, a, na);
	assert_non_null(strstr(out, "# vbd: over the last 1.0 s\n"));
	assert_non_null(strstr(
		out, "requests                          60           0\n"));
	assert_non_null(strstr(
		out, "responses/interrupt             3.00           -\n"));
	assert_non_null(strstr(out, "tx_slots                           2\n"));
	put("vbd-51712/stats/requests", "100\n");
	put("vbd-51712/stats/responses", "90\n");
	put("vbd-51712/stats/interrupts", "30\n");
	put("vif-0/stats/tx_slots", "5\n");
	free(a);
	free(b);
}

static void test_named_and_errors(void **state)
{
	char *one[] = { "vif-0" }, *none[] = { "console-0" },
	     *missing[] = { "vbd-1" };
	struct fs_dev *d;
	char err[512];

	assert_int_equal(fs_scan(root, one, 1, &d, err, sizeof(err)), 1);
	assert_string_equal(d[0].name, "vif-0");
	free(d);

	assert_int_equal(fs_scan(root, none, 1, &d, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/console-0 has no stats/ directory"));
	assert_int_equal(fs_scan(root, missing, 1, &d, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/vbd-1: No such file or directory"));
	assert_int_equal(
		fs_scan("/nonexistent/xen", NULL, 0, &d, err, sizeof(err)), -1);
	assert_string_equal(
		err, "/nonexistent/xen: opendir: No such file or directory");

	put("vbd-51728/stats/requests", "12x\n");
	assert_int_equal(fs_scan(root, NULL, 0, &d, err, sizeof(err)), -1);
	assert_non_null(strstr(
		err, "/vbd-51728/stats/requests: \"12x\" is not a counter"));
	put("vbd-51728/stats/requests", "");
	assert_int_equal(fs_scan(root, NULL, 0, &d, err, sizeof(err)), -1);
	assert_non_null(
		strstr(err, "/vbd-51728/stats/requests: read: empty file"));
	put("vbd-51728/stats/requests", "0\n");
}

static void test_no_counters(void **state)
{
	char empty[] = "/tmp/frontstat-empty.XXXXXX";
	struct fs_dev *d;
	char err[256];

	assert_non_null(mkdtemp(empty));
	assert_int_equal(fs_scan(empty, NULL, 0, &d, err, sizeof(err)), 0);
	free(d);
	rmdir(empty);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_all),
		cmocka_unit_test(test_print_tables),
		cmocka_unit_test(test_differences),
		cmocka_unit_test(test_named_and_errors),
		cmocka_unit_test(test_no_counters),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
