// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for hvctl's saved configs (dom0-tools/hvctl/saved.c): a
 * config written by saved_format and read back by config_read is the
 * same config, every device with its devid and MAC, strings with quotes
 * and backslashes, a disk target with commas, and writing it again gives
 * the same text. A restart of a guest is built from that file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../dom0-tools/hvctl/hvctl.h"

static const char source[] =
	"name = \"lab-1\"\n"
	"memory = 96; maxmem = 128\n"
	"vcpus = 2\n"
	"kernel = \"/k/vm linuz\"\n"
	"ramdisk = '/k/initrd'\n"
	"root = \"/dev/xvda1\"\n"
	"extra = \"console=hvc0 say=\\\"hi\\\" back\\\\slash it's\"\n"
	"on_reboot = \"rename-restart\"\n"
	"on_crash = \"preserve\"\n"
	"uuid = \"01234567-89ab-4cde-8f01-23456789abcd\"\n"
	"disk = [ 'file:/img/a,xvda,w', 'vdev=xvdb, access=ro, "
	"backendtype=hvblkd, target=/img/b,with,commas' ]\n"
	"vif = [ 'bridge=lab0', 'mac=00:16:3e:01:02:03, vifname=vif-web, "
	"ip=10.0.0.2 10.0.0.3, mtu=9000, rate=10Mb/s@20ms, devid=7' ]\n";

/* path's text, NUL-terminated, in out. */
static void slurp(const char *path, char *out, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n;

	assert_non_null(f);
	n = fread(out, 1, len - 1, f);
	out[n] = 0;
	fclose(f);
}

static void format_to(const struct hvctl_config *c, const char *path)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	saved_format(c, f);
	fclose(f);
}

static void test_round_trip(void **state)
{
	char src[] = "/tmp/hvlab-saved-src-XXXXXX";
	char out[] = "/tmp/hvlab-saved-out-XXXXXX";
	struct hvctl_config *a = calloc(2, sizeof(*a)), *b = a + 1;
	char cmd_a[HVCTL_CMDLINE_MAX], cmd_b[HVCTL_CMDLINE_MAX];
	static char text1[16384], text2[16384];
	int fd;

	fd = mkstemp(src);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, source, strlen(source)), strlen(source));
	close(fd);
	close(mkstemp(out));
	assert_int_equal(config_read(a, src), 0);
	format_to(a, out);
	assert_int_equal(config_read(b, out), 0);

	assert_string_equal(b->name, "lab-1");
	assert_string_equal(b->kernel, "/k/vm linuz");
	assert_string_equal(b->ramdisk, "/k/initrd");
	assert_int_equal(b->memory_mib, 96);
	assert_int_equal(b->maxmem_mib, 128);
	assert_int_equal(b->vcpus, 2);
	assert_int_equal(b->on_poweroff, ACT_DESTROY);
	assert_int_equal(b->on_reboot, ACT_RENAME_RESTART);
	assert_int_equal(b->on_crash, ACT_PRESERVE);
	assert_true(b->has_uuid);
	assert_memory_equal(a->uuid, b->uuid, 16);
	config_cmdline(a, cmd_a, sizeof(cmd_a));
	config_cmdline(b, cmd_b, sizeof(cmd_b));
	assert_string_equal(cmd_a, cmd_b);
	assert_string_equal(cmd_b, "root=/dev/xvda1 console=hvc0 say=\"hi\" "
				   "back\\slash it's");

	assert_int_equal(b->nr_disks, 2);
	for (unsigned int i = 0; i < 2; i++) {
		assert_string_equal(a->disks[i].target, b->disks[i].target);
		assert_string_equal(a->disks[i].vdev, b->disks[i].vdev);
		assert_int_equal(a->disks[i].devid, b->disks[i].devid);
		assert_int_equal(a->disks[i].readonly, b->disks[i].readonly);
		assert_int_equal(a->disks[i].hvblkd, b->disks[i].hvblkd);
	}
	assert_string_equal(b->disks[1].target, "/img/b,with,commas");
	assert_true(b->disks[1].hvblkd && b->disks[1].readonly);

	assert_int_equal(b->nr_vifs, 2);
	for (unsigned int i = 0; i < 2; i++) {
		/* The first one's MAC was random: kept as it was. */
		assert_memory_equal(a->vifs[i].mac, b->vifs[i].mac, 6);
		assert_int_equal(a->vifs[i].devid, b->vifs[i].devid);
		assert_string_equal(a->vifs[i].bridge, b->vifs[i].bridge);
		assert_string_equal(a->vifs[i].vifname, b->vifs[i].vifname);
		assert_string_equal(a->vifs[i].ip, b->vifs[i].ip);
		assert_int_equal(a->vifs[i].mtu, b->vifs[i].mtu);
		assert_int_equal(a->vifs[i].rate_bytes, b->vifs[i].rate_bytes);
		assert_int_equal(a->vifs[i].rate_usecs, b->vifs[i].rate_usecs);
	}
	assert_int_equal(b->vifs[1].devid, 7);
	assert_int_equal(b->vifs[1].rate_bytes, 25000);

	/* Written again: the same text. */
	slurp(out, text1, sizeof(text1));
	format_to(b, out);
	slurp(out, text2, sizeof(text2));
	assert_string_equal(text1 + strcspn(text1, "\n"),
			    text2 + strcspn(text2, "\n"));
	unlink(src);
	unlink(out);
	free(a);
}

/* No uuid in the user's config: none saved, so a restart gets a new one
 * as the first build did; no devices: empty lists that read back. */
static void test_minimal(void **state)
{
	char src[] = "/tmp/hvlab-saved-src-XXXXXX";
	char out[] = "/tmp/hvlab-saved-out-XXXXXX";
	static const char text[] = "name = \"m\"\nkernel = \"/k\"\n";
	struct hvctl_config *a = calloc(2, sizeof(*a)), *b = a + 1;
	static char saved[4096];
	int fd = mkstemp(src);

	assert_int_equal(write(fd, text, strlen(text)), strlen(text));
	close(fd);
	close(mkstemp(out));
	assert_int_equal(config_read(a, src), 0);
	format_to(a, out);
	slurp(out, saved, sizeof(saved));
	assert_null(strstr(saved, "uuid"));
	assert_int_equal(config_read(b, out), 0);
	assert_false(b->has_uuid);
	assert_int_equal(b->nr_disks, 0);
	assert_int_equal(b->nr_vifs, 0);
	assert_int_equal(b->memory_mib, a->memory_mib);
	unlink(src);
	unlink(out);
	free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_minimal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
