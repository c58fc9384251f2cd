// SPDX-License-Identifier: GPL-2.0
/*
 * block-attach, block-detach, block-list: xl's verbs for a running
 * guest's disks, on disk.c's pieces (docs/split-drivers.md). As with xl,
 * a disk attached here goes into the domain's saved config (saved.c) and
 * one detached leaves it: a restart builds the guest with what it had.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hvctl.h"

struct write_disk_arg {
	uint32_t domid;
	const struct hvctl_config *c;
	const struct disk_attach *a;
};

static bool write_disk(struct hvctl *h, xs_transaction_t t, void *arg)
{
	struct write_disk_arg *w = arg;

	return disks_write(h, t, w->domid, w->c, w->a);
}

/* block-attach NAME|ID SPEC-COMPONENT...: the components joined with
 * commas, as xl does ("hvctl block-attach g file:/img,xvdc,w" or
 * "hvctl block-attach g /img raw xvdc w"). */
int verb_block_attach(struct hvctl *h, int argc, char **argv)
{
	struct hvctl_config *c;
	struct disk_attach a = { 0 };
	struct write_disk_arg w = { .a = &a };
	char spec[HVCTL_DISK_SPEC_MAX] = "", p[HVCTL_PATH_MAX], *old;
	const char *why = NULL;
	uint32_t domid;
	unsigned int n;
	int rc = 1;

	c = attach_args(h, argc, argv, 3, "NAME|ID DISK-SPEC...", &domid, spec,
			sizeof(spec), &rc);
	if (!c)
		return rc;
	if (disk_parse(&c->disks[0], spec, &why)) {
		msg("disk '%s': %s", spec, why);
		goto out;
	}
	c->nr_disks = 1;
	/* Whichever backend serves it: the frontend's directory. */
	snprintf(p, sizeof(p), "/local/domain/%u/device/vbd/%u", domid,
		 c->disks[0].devid);
	old = xs_read(h->xs, XBT_NULL, p, &n);
	if (old) {
		free(old);
		msg("domain %u has a disk %s already", domid, c->disks[0].vdev);
		goto out;
	}
	if (disks_attach(h, c, &a))
		goto out;
	w.domid = domid;
	w.c = c;
	if (xs_transact(h, write_disk, &w)) {
		fail_call("xenstore transaction", errno);
		goto out;
	}
	if (disks_wait(h, domid, c, &a)) {
		device_detach(h, "vbd", domid, c->disks[0].devid, true);
		goto out;
	}
	saved_add_disk(domid, &c->disks[0]);
	rc = 0;
out:
	disks_release(&a);
	free(c);
	return rc;
}

/* block-detach NAME|ID VDEV|DEVID [-f] */
int verb_block_detach(struct hvctl *h, int argc, char **argv)
{
	bool force;
	uint32_t domid, devid;
	char *args[2];

	if (detach_args(argc, argv, args, &force)) {
		fprintf(stderr,
			"usage: hvctl block-detach NAME|ID VDEV|DEVID [-f]\n");
		return 2;
	}
	if (domain_lookup(h, args[0], &domid))
		return 1;
	if (!disk_vdev_number(args[1], &devid)) {
		msg("'%s' is not a vdev (xvda, ...) or a device number",
		    args[1]);
		return 1;
	}
	if (device_detach(h, "vbd", domid, devid, force))
		return 1;
	saved_remove(domid, "vbd", devid);
	return 0;
}

/* block-list NAME|ID...: xl's columns, from the frontend's directory. */
int verb_block_list(struct hvctl *h, int argc, char **argv)
{
	uint32_t ids[64];
	int nr, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: hvctl block-list NAME|ID...\n");
		return 2;
	}
	nr = domains_named(h, argc, argv, ids);
	if (nr < 0)
		return 1;
	printf("%-5s %-3s %-6s %-5s %-6s %-8s %-30s\n", "Vdev", "BE", "handle",
	       "state", "evt-ch", "ring-ref", "BE-path");
	for (int i = 0; i < nr; i++) {
		char dir[64], f[HVCTL_PATH_MAX], bp[HVCTL_PATH_MAX + 16], *be;
		unsigned int nr_devs, len;
		char **devs;

		snprintf(dir, sizeof(dir), "/local/domain/%u/device/vbd",
			 ids[i]);
		devs = xs_directory(h->xs, XBT_NULL, dir, &nr_devs);
		for (unsigned int j = 0; devs && j < nr_devs; j++) {
			snprintf(f, sizeof(f), "%s/%s", dir, devs[j]);
			snprintf(bp, sizeof(bp), "%s/backend", f);
			be = xs_read(h->xs, XBT_NULL, bp, &len);
			printf("%-5s %-3ld %-6u %-5ld %-6ld %-8ld %-30s\n",
			       devs[j], device_read_num(h, f, "backend-id"),
			       ids[i], device_read_num(h, f, "state"),
			       device_read_num(h, f, "event-channel"),
			       device_read_num(h, f, "ring-ref"), be ? be : "");
			free(be);
		}
		free(devs);
	}
	return rc;
}
