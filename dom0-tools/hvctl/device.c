// SPDX-License-Identifier: GPL-2.0
/*
 * What disks (disk.c) and network interfaces (vif.c) share: the xenstore
 * transaction they are written in, the backend device dom0's kernel
 * makes of each (/sys/bus/xen-backend/devices/KIND-DOMID-DEVID, with KIND
 * vbd for blkback, vif for netback), hot-unplug as libxl does it, and
 * the teardown of a dead guest's backends.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hvctl.h"

#define XENBUS_STATE_INITIALISING "1"
#define XENBUS_STATE_CLOSING "5"
#define XENBUS_STATE_CLOSED "6"

int xs_transact(struct hvctl *h, xs_fill_fn fill, void *arg)
{
	for (int tries = 0; tries < 8; tries++) {
		xs_transaction_t t = xs_transaction_start(h->xs);

		if (t == XBT_NULL)
			return -1;
		if (!fill(h, t, arg)) {
			int e = errno;

			xs_transaction_end(h->xs, t, true);
			errno = e;
			return -1;
		}
		if (xs_transaction_end(h->xs, t, false))
			return 0;
		/* Someone else changed what we read or wrote: again. */
		if (errno != EAGAIN)
			return -1;
	}
	return -1;
}

bool xs_put_key(struct hvctl *h, xs_transaction_t t, const char *dir,
		const char *key, const char *val, struct xs_permissions *perm,
		unsigned int nr)
{
	char p[HVCTL_PATH_MAX + 32];

	snprintf(p, sizeof(p), "%s%s%s", dir, *key ? "/" : "", key);
	return xs_put(h, t, p, val, perm, nr);
}

const char *device_origin(const struct hvctl_config *c, unsigned int line,
			  char *buf, size_t len)
{
	if (line)
		snprintf(buf, len, "%s:%u", c->file, line);
	else
		snprintf(buf, len, "%s", c->file);
	return buf;
}

struct hvctl_config *attach_args(struct hvctl *h, int argc, char **argv,
				 int min_argc, const char *usage,
				 uint32_t *domid, char *spec, size_t len,
				 int *rc)
{
	struct hvctl_config *c;
	size_t n = 0;

	*rc = 1;
	if (argc < min_argc) {
		fprintf(stderr, "usage: hvctl %s %s\n", argv[0], usage);
		*rc = 2;
		return NULL;
	}
	if (domain_lookup(h, argv[1], domid))
		return NULL;
	if (!*domid) {
		msg("dom0's devices are its own; %s is for guests", argv[0]);
		return NULL;
	}
	/* As xl: the spec's components joined with commas. */
	*spec = 0;
	for (int i = 2; i < argc; i++) {
		if (n + strlen(argv[i]) + 2 > len) {
			msg("spec too long");
			return NULL;
		}
		n += snprintf(spec + n, len - n, "%s%s", n ? "," : "", argv[i]);
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		msg("out of memory");
		return NULL;
	}
	snprintf(c->file, sizeof(c->file), "%s", argv[0]);
	return c;
}

bool device_dirs_write(struct hvctl *h, xs_transaction_t t, const char *bkind,
		       const char *fkind, uint32_t domid, uint32_t devid,
		       char *bdir, char *fdir)
{
	struct xs_permissions be[2] = { { 0, XS_PERM_NONE },
					{ domid, XS_PERM_READ } };
	struct xs_permissions fe[2] = { { domid, XS_PERM_NONE },
					{ 0, XS_PERM_READ } };
	char v[16];

	snprintf(bdir, HVCTL_PATH_MAX, "/local/domain/0/backend/%s/%u/%u",
		 bkind, domid, devid);
	snprintf(fdir, HVCTL_PATH_MAX, "/local/domain/%u/device/%s/%u", domid,
		 fkind, devid);
	snprintf(v, sizeof(v), "%u", domid);
	return xs_put_key(h, t, bdir, "", "", be, 2) &&
	       xs_put_key(h, t, bdir, "frontend", fdir, be, 2) &&
	       xs_put_key(h, t, bdir, "frontend-id", v, be, 2) &&
	       xs_put_key(h, t, bdir, "online", "1", be, 2) &&
	       xs_put_key(h, t, bdir, "state", XENBUS_STATE_INITIALISING, be,
			  2) &&
	       xs_put_key(h, t, fdir, "", "", fe, 2) &&
	       xs_put_key(h, t, fdir, "backend", bdir, fe, 2) &&
	       xs_put_key(h, t, fdir, "backend-id", "0", fe, 2) &&
	       xs_put_key(h, t, fdir, "state", XENBUS_STATE_INITIALISING, fe,
			  2);
}

long device_read_num(struct hvctl *h, const char *dir, const char *key)
{
	char p[HVCTL_PATH_MAX], *v, *end;
	unsigned int n;
	long r = -1;

	snprintf(p, sizeof(p), "%s/%s", dir, key);
	v = xs_read(h->xs, XBT_NULL, p, &n);
	if (!v) {
		snprintf(p, sizeof(p), "%s/queue-0/%s", dir, key);
		v = xs_read(h->xs, XBT_NULL, p, &n);
	}
	if (v) {
		r = strtol(v, &end, 10);
		if (*end || end == v)
			r = -1;
		free(v);
	}
	return r;
}

int detach_args(int argc, char **argv, char *args[2], bool *force)
{
	int nargs = 0;

	*force = false;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-f"))
			*force = true;
		else if (nargs < 2)
			args[nargs++] = argv[i];
		else
			return -1;
	}
	return nargs == 2 ? 0 : -1;
}

/* The backend kinds hvctl writes: the kernel's blkback and netback, and
 * hvblkd (dom0-tools/hvblkd). */
static const char *const kinds[] = { "vbd", "vif", "hvblkd" };

static const char *driver(const char *kind)
{
	if (!strcmp(kind, "hvblkd"))
		return "hvblkd";
	return strcmp(kind, "vif") ? "blkback" : "netback";
}

/*
 * How many of domid's KIND devices (devid -1: any) dom0's backend drivers
 * still have. The device's own directory (/sys/devices/vif-D-N), not the
 * bus's link to it: the kernel removes the link before it calls the
 * driver's remove (which unregisters netback's interface, or drains
 * blkback's requests), the directory after.
 */
static unsigned int backend_devices(const char *kind, uint32_t domid,
				    long devid)
{
	/* hvblkd keeps a file for each device it holds. */
	bool hvblkd = !strcmp(kind, "hvblkd");
	DIR *d = opendir(hvblkd ? "/run/hvblkd" : "/sys/devices");
	char name[48];
	struct dirent *e;
	unsigned int n = 0;

	if (!d)
		return 0;
	if (devid < 0)
		snprintf(name, sizeof(name), "%s%s%u-", hvblkd ? "" : kind,
			 hvblkd ? "" : "-", domid);
	else
		snprintf(name, sizeof(name), "%s%s%u-%ld", hvblkd ? "" : kind,
			 hvblkd ? "" : "-", domid, devid);
	while ((e = readdir(d)))
		n += devid < 0 ? !strncmp(e->d_name, name, strlen(name)) :
				 !strcmp(e->d_name, name);
	closedir(d);
	return n;
}

/* Wait for the backend driver to unregister them: blkback drains its
 * requests first (slow if the backing file was failing them), and only
 * then is a loop device free. */
static void backend_wait_gone(const char *kind, uint32_t domid, long devid)
{
	double end = now_s() + HVCTL_BACKEND_WAIT_S;
	unsigned int n;

	while ((n = backend_devices(kind, domid, devid)) && now_s() < end)
		usleep(10000);
	if (n)
		msg("%s still holds %u device(s) of domain %u after %d s",
		    driver(kind), n, domid, HVCTL_BACKEND_WAIT_S);
}

struct rm_empty {
	const char *dir;
};

static bool rm_empty_fill(struct hvctl *h, xs_transaction_t t, void *arg)
{
	const char *dir = ((struct rm_empty *)arg)->dir;
	unsigned int n = 0;
	char **l = xs_directory(h->xs, t, dir, &n);

	if (l && !n)
		xs_rm(h->xs, t, dir);
	free(l);
	return true;
}

/*
 * Nothing left behind: the parents the first device made go with the
 * last, each removed only if empty in a transaction, so that another
 * hvctl writing a guest's devices under it meanwhile wins.
 */
static void prune_parents(struct hvctl *h)
{
	static const char *const parents[] = {
		"/local/domain/0/backend/vbd",
		"/local/domain/0/backend/vif",
		"/local/domain/0/backend/hvblkd",
		"/local/domain/0/backend",
		"/local/domain/0/error/backend/vbd",
		"/local/domain/0/error/backend/vif",
		"/local/domain/0/error/backend/hvblkd",
		"/local/domain/0/error/backend",
		"/local/domain/0/error",
	};

	for (unsigned int i = 0; i < sizeof(parents) / sizeof(parents[0]);
	     i++) {
		struct rm_empty r = { parents[i] };

		xs_transact(h, rm_empty_fill, &r);
	}
}

void devices_remove(struct hvctl *h, uint32_t domid)
{
	char p[64];

	for (unsigned int i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "/local/domain/0/backend/%s/%u",
			 kinds[i], domid);
		xs_rm(h->xs, XBT_NULL, p);
		snprintf(p, sizeof(p), "/local/domain/0/error/backend/%s/%u",
			 kinds[i], domid);
		xs_rm(h->xs, XBT_NULL, p);
	}
	prune_parents(h);
	devices_wait_gone(domid);
}

void devices_wait_gone(uint32_t domid)
{
	for (unsigned int i = 0; i < 3; i++)
		backend_wait_gone(kinds[i], domid, -1);
}

struct closing {
	const char *bdir;
};

static bool closing_fill(struct hvctl *h, xs_transaction_t t, void *arg)
{
	const char *bdir = ((struct closing *)arg)->bdir;
	char p[HVCTL_PATH_MAX];

	snprintf(p, sizeof(p), "%s/online", bdir);
	if (!xs_write(h->xs, t, p, "0", 1))
		return false;
	snprintf(p, sizeof(p), "%s/state", bdir);
	return xs_write(h->xs, t, p, XENBUS_STATE_CLOSING, 1);
}

/*
 * Hot-unplug as libxl does it: the backend told online=0 and Closing;
 * the frontend in the guest closes the device unless it is in use (a
 * mounted disk), the backend follows to Closed and unregisters; then both
 * directories go. With force they go whatever the guest says.
 */
int device_detach(struct hvctl *h, const char *fkind, uint32_t domid,
		  uint32_t devid, bool force)
{
	const char *what = strcmp(fkind, "vif") ? "disk" : "vif";
	char bdir[HVCTL_PATH_MAX], fdir[80], p[HVCTL_PATH_MAX + 16], kind[16];
	struct closing c = { bdir };
	unsigned int n;
	char *st, *be;
	bool closed;

	snprintf(fdir, sizeof(fdir), "/local/domain/%u/device/%s/%u", domid,
		 fkind, devid);
	snprintf(p, sizeof(p), "%s/backend", fdir);
	be = xs_read(h->xs, XBT_NULL, p, &n);
	/* /local/domain/0/backend/KIND/D/N: blkback's, netback's or
	 * hvblkd's. */
	if (!be || sscanf(be, "/local/domain/0/backend/%15[a-z]/", kind) != 1 ||
	    strlen(be) >= sizeof(bdir)) {
		free(be);
		msg("domain %u has no %s %u", domid, what, devid);
		return -1;
	}
	strcpy(bdir, be);
	free(be);
	snprintf(p, sizeof(p), "%s/state", bdir);
	st = xs_read(h->xs, XBT_NULL, p, &n);
	if (!st) {
		msg("domain %u has no %s %u", domid, what, devid);
		return -1;
	}
	free(st);
	if (xs_transact(h, closing_fill, &c)) {
		fail_call("xenstore transaction", errno);
		return -1;
	}
	if (h->verbose)
		fprintf(stderr, "hvctl: %s %u: backend asked to close\n", what,
			devid);
	for (double end = now_s() + HVCTL_BACKEND_WAIT_S;; usleep(20000)) {
		st = xs_read(h->xs, XBT_NULL, p, &n);
		closed = !st || !strcmp(st, XENBUS_STATE_CLOSED);
		free(st);
		if (closed || now_s() >= end)
			break;
	}
	if (!closed && !force) {
		msg("domain %u did not let %s %u go in %d s (in use in the "
		    "guest?); -f removes it anyway",
		    domid, what, devid, HVCTL_BACKEND_WAIT_S);
		return -1;
	}
	xs_rm(h->xs, XBT_NULL, fdir);
	xs_rm(h->xs, XBT_NULL, bdir);
	snprintf(p, sizeof(p), "/local/domain/0/error/backend/%s/%u/%u", kind,
		 domid, devid);
	xs_rm(h->xs, XBT_NULL, p);
	prune_parents(h);
	backend_wait_gone(kind, domid, devid);
	if (h->verbose)
		fprintf(stderr, "hvctl: %s %u: closed and removed\n", what,
			devid);
	return 0;
}

/*
 * Wait until the backend driver has its device's sysfs node (a file in
 * it, rel, if set): blkback adds physical_device once it opened the
 * device, netback its net/ directory once the interface exists. A
 * failure is written by xenbus_dev_fatal under /local/domain/0/error/
 * backend/...: 0, or -1 with *err that text (or NULL: 10 s passed).
 */
int backend_wait(struct hvctl *h, const char *kind, uint32_t domid,
		 uint32_t devid, const char *rel, char **err)
{
	char sys[HVCTL_PATH_MAX], e[HVCTL_PATH_MAX];
	unsigned int n;

	snprintf(sys, sizeof(sys), "/sys/bus/xen-backend/devices/%s-%u-%u/%s",
		 kind, domid, devid, rel);
	snprintf(e, sizeof(e), "/local/domain/0/error/backend/%s/%u/%u/error",
		 kind, domid, devid);
	*err = NULL;
	for (double end = now_s() + HVCTL_BACKEND_WAIT_S; now_s() < end;) {
		if (rel && !access(sys, F_OK))
			return 0;
		if (!rel) {
			/* hvblkd: InitWait (2) or later once it has the
			 * file open; Closing (5) with an error if not. */
			char st[HVCTL_PATH_MAX + 8], *v;

			snprintf(st, sizeof(st),
				 "/local/domain/0/backend/%s/%u/%u/state", kind,
				 domid, devid);
			v = xs_read(h->xs, XBT_NULL, st, &n);
			if (v && (!strcmp(v, "2") || !strcmp(v, "3") ||
				  !strcmp(v, "4"))) {
				free(v);
				return 0;
			}
			free(v);
		}
		*err = xs_read(h->xs, XBT_NULL, e, &n);
		if (*err)
			return -1;
		usleep(10000);
	}
	return -1;
}
