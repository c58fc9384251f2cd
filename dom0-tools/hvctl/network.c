// SPDX-License-Identifier: GPL-2.0
/*
 * network-attach, network-detach, network-list: xl's verbs for a running
 * guest's vifs, on vif.c's pieces (docs/split-drivers.md). As with
 * block-attach, a vif attached here goes into the domain's saved config
 * and one detached leaves it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hvctl.h"

/* The devids of domid's vifs, from the backend's directory. */
static unsigned int vif_devids(struct hvctl *h, uint32_t domid, long *ids,
			       unsigned int max)
{
	char dir[64], *end;
	unsigned int n = 0, nr = 0;
	char **l;

	snprintf(dir, sizeof(dir), "/local/domain/0/backend/vif/%u", domid);
	l = xs_directory(h->xs, XBT_NULL, dir, &n);
	for (unsigned int i = 0; l && i < n && nr < max; i++) {
		long v = strtol(l[i], &end, 10);

		if (!*end && end != l[i])
			ids[nr++] = v;
	}
	free(l);
	return nr;
}

struct write_vif_arg {
	uint32_t domid;
	const struct hvctl_config *c;
};

static bool write_vif(struct hvctl *h, xs_transaction_t t, void *arg)
{
	struct write_vif_arg *w = arg;

	return vifs_write(h, t, w->domid, w->c);
}

/* network-attach NAME|ID [VIF-SPEC-COMPONENT...]: as xl, the components
 * joined with commas ("hvctl network-attach g bridge=hvbr0 mac=..."). */
int verb_network_attach(struct hvctl *h, int argc, char **argv)
{
	struct hvctl_config *c;
	struct write_vif_arg w;
	char spec[HVCTL_DISK_SPEC_MAX] = "";
	const char *why = NULL;
	long ids[256];
	unsigned int nr;
	uint32_t domid;
	int rc = 1;

	c = attach_args(h, argc, argv, 2, "NAME|ID [VIF-SPEC...]", &domid, spec,
			sizeof(spec), &rc);
	if (!c)
		return rc;
	if (vif_parse(&c->vifs[0], spec, &why)) {
		msg("vif '%s': %s", spec, why);
		goto out;
	}
	c->nr_vifs = 1;
	nr = vif_devids(h, domid, ids, 256);
	if (c->vifs[0].has_devid) {
		for (unsigned int i = 0; i < nr; i++)
			if (ids[i] == c->vifs[0].devid) {
				msg("domain %u has a vif %u already", domid,
				    c->vifs[0].devid);
				goto out;
			}
	} else {
		/* As libxl: one past the highest. */
		for (unsigned int i = 0; i < nr; i++)
			if (ids[i] >= c->vifs[0].devid)
				c->vifs[0].devid = ids[i] + 1;
	}
	w.domid = domid;
	w.c = c;
	if (xs_transact(h, write_vif, &w)) {
		fail_call("xenstore transaction", errno);
		goto out;
	}
	if (vifs_wait(h, domid, c)) {
		device_detach(h, "vif", domid, c->vifs[0].devid, true);
		goto out;
	}
	saved_add_vif(domid, &c->vifs[0]);
	rc = 0;
out:
	free(c);
	return rc;
}

/* network-detach NAME|ID DEVID|MAC [-f]: -f as block-detach's, for a
 * guest whose frontend will not close (a paused or hung one). */
int verb_network_detach(struct hvctl *h, int argc, char **argv)
{
	bool force;
	uint32_t domid;
	long ids[256], devid = -1;
	unsigned int nr;
	char *end, *args[2];

	if (detach_args(argc, argv, args, &force)) {
		fprintf(stderr,
			"usage: hvctl network-detach NAME|ID DEVID|MAC [-f]\n");
		return 2;
	}
	if (domain_lookup(h, args[0], &domid))
		return 1;
	nr = vif_devids(h, domid, ids, 256);
	if (strchr(args[1], ':')) {
		for (unsigned int i = 0; i < nr; i++) {
			char dir[80], p[96], *mac;
			unsigned int n;

			snprintf(dir, sizeof(dir),
				 "/local/domain/0/backend/vif/%u/%ld", domid,
				 ids[i]);
			snprintf(p, sizeof(p), "%s/mac", dir);
			mac = xs_read(h->xs, XBT_NULL, p, &n);
			if (mac && !strcasecmp(mac, args[1]))
				devid = ids[i];
			free(mac);
		}
		if (devid < 0) {
			msg("domain %u has no vif with MAC %s", domid, args[1]);
			return 1;
		}
	} else {
		devid = strtol(args[1], &end, 10);
		if (*end || end == args[1] || devid < 0 || devid > 65535) {
			msg("'%s' is not a vif's devid or MAC", args[1]);
			return 1;
		}
	}
	if (device_detach(h, "vif", domid, devid, force))
		return 1;
	saved_remove(domid, "vif", devid);
	return 0;
}

/* network-list NAME|ID...: xl's columns. */
int verb_network_list(struct hvctl *h, int argc, char **argv)
{
	uint32_t ids[64];
	int nr;

	if (argc < 2) {
		fprintf(stderr, "usage: hvctl network-list NAME|ID...\n");
		return 2;
	}
	nr = domains_named(h, argc, argv, ids);
	if (nr < 0)
		return 1;
	printf("%-3s %-2s %-17s %-6s %-5s %-6s %5s/%-5s %-30s\n", "Idx", "BE",
	       "Mac Addr.", "handle", "state", "evt-ch", "tx-", "rx-ring-ref",
	       "BE-path");
	for (int i = 0; i < nr; i++) {
		long devids[256];
		unsigned int n = vif_devids(h, ids[i], devids, 256);

		for (unsigned int j = 0; j < n; j++) {
			char f[80], p[96], *mac, *be;
			unsigned int len;
			long ch;

			snprintf(f, sizeof(f),
				 "/local/domain/%u/device/vif/%ld", ids[i],
				 devids[j]);
			snprintf(p, sizeof(p), "%s/mac", f);
			mac = xs_read(h->xs, XBT_NULL, p, &len);
			snprintf(p, sizeof(p), "%s/backend", f);
			be = xs_read(h->xs, XBT_NULL, p, &len);
			ch = device_read_num(h, f, "event-channel");
			if (ch < 0)
				ch = device_read_num(h, f, "event-channel-tx");
			printf("%-3ld %-2ld %-17s %6ld %5ld %6ld %5ld/%-11ld "
			       "%-30s\n",
			       devids[j], device_read_num(h, f, "backend-id"),
			       mac ? mac : "", devids[j],
			       device_read_num(h, f, "state"), ch,
			       device_read_num(h, f, "tx-ring-ref"),
			       device_read_num(h, f, "rx-ring-ref"),
			       be ? be : "");
			free(mac);
			free(be);
		}
	}
	return 0;
}
