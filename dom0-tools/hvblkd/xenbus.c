// SPDX-License-Identifier: GPL-2.0
/*
 * hvblkd's side of the xenstore handshake (docs/split-drivers.md), for
 * each device hvctl writes under /local/domain/0/backend/hvblkd/D/V
 * (backendtype=hvblkd; the frontend's directory is the usual
 * /local/domain/D/device/vbd/V, whose backend key points here):
 *
 *   Initialising  open params (O_DIRECT where the file system has it),
 *                 write sectors, info, sector-size and the features:
 *                 feature-flush-cache, feature-persistent,
 *                 max-ring-page-order, feature-max-indirect-segments;
 *                 then InitWait
 *   frontend Initialised or Connected
 *                 read ring-page-order and ring-ref(N), event-channel,
 *                 protocol, feature-persistent; map the ring, bind the
 *                 channel; Connected
 *   frontend Closing or Closed, or the directory gone
 *                 drain, unmap, unbind; Closed (and forget the device
 *                 once the toolstack said online=0 or removed it)
 *
 * Every state is read again on each watch event (xenbus_scan), so
 * hvblkd started anew finds its devices where they are: a Connected one
 * is connected again on the ring as it stands (dev_connect).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hvblkd.h"

enum {
	ST_INITIALISING = 1,
	ST_INITWAIT = 2,
	ST_INITIALISED = 3,
	ST_CONNECTED = 4,
	ST_CLOSING = 5,
	ST_CLOSED = 6,
};

/* dir/key as a string (free it), or NULL. */
static char *rd(struct hvblkd *b, const char *dir, const char *key)
{
	char p[PATH_MAX_LEN + 48];
	unsigned int n;

	snprintf(p, sizeof(p), "%s/%s", dir, key);
	return xs_read(b->xs, XBT_NULL, p, &n);
}

static long rd_num(struct hvblkd *b, const char *dir, const char *key,
		   long dflt)
{
	char *v = rd(b, dir, key), *end;
	long r = dflt;

	if (v) {
		r = strtol(v, &end, 10);
		if (*end || end == v)
			r = -1;
		free(v);
	}
	return r;
}

static bool wr(struct hvblkd *b, const char *dir, const char *key,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static bool wr(struct hvblkd *b, const char *dir, const char *key,
	       const char *fmt, ...)
{
	char p[PATH_MAX_LEN + 48], v[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v, sizeof(v), fmt, ap);
	va_end(ap);
	snprintf(p, sizeof(p), "%s/%s", dir, key);
	return xs_write(b->xs, XBT_NULL, p, v, strlen(v));
}

static void set_state(struct hvblkd *b, struct dev *d, int state)
{
	d->state = state;
	wr(b, d->bdir, "state", "%d", state);
	if (b->verbose)
		logmsg("domain %u disk %u: state %d", d->domid, d->devid,
		       state);
}

struct dev *dev_by_port(struct hvblkd *b, evtchn_port_t port)
{
	for (struct dev *d = b->devs; d; d = d->next)
		if (d->sring && d->port == port)
			return d;
	return NULL;
}

/* As xenbus_dev_fatal: the reason where the toolstack looks for it. */
static void error_node(struct hvblkd *b, struct dev *d, const char *why)
{
	char p[PATH_MAX_LEN];

	snprintf(p, sizeof(p), "/local/domain/0/error/backend/hvblkd/%u/%u",
		 d->domid, d->devid);
	wr(b, p, "error", "%s", why);
}

void dev_fail(struct hvblkd *b, struct dev *d, const char *fmt, ...)
{
	char why[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	logmsg("domain %u disk %u: disconnected: the frontend sent %s",
	       d->domid, d->devid, why);
	d->broken = true;
	error_node(b, d, why);
	set_state(b, d, ST_CLOSING);
}

static void run_file(struct dev *d, bool held)
{
	char p[64];

	snprintf(p, sizeof(p), HVBLKD_RUN "/%u-%u", d->domid, d->devid);
	if (held)
		close(open(p, O_CREAT | O_WRONLY | O_CLOEXEC, 0644));
	else
		unlink(p);
}

/* Open the backing file and say what it is: 0, or -1 (logged, and in
 * the error node). */
static int dev_open(struct hvblkd *b, struct dev *d)
{
	char *mode = rd(b, d->bdir, "mode"), *params = rd(b, d->bdir, "params");
	int flags = O_CLOEXEC;
	struct stat st;
	uint64_t bytes = 0;
	char why[PATH_MAX_LEN + 64];

	d->readonly = mode && mode[0] == 'r';
	snprintf(d->params, sizeof(d->params), "%s", params ? params : "");
	free(mode);
	free(params);
	flags |= d->readonly ? O_RDONLY : O_RDWR;
	d->odirect = true;
	d->fd = open(d->params, flags | O_DIRECT);
	if (d->fd < 0 && errno == EINVAL) {
		/* tmpfs (dom0's root): no O_DIRECT; the page cache it is. */
		d->odirect = false;
		d->fd = open(d->params, flags);
	}
	if (d->fd < 0 || fstat(d->fd, &st)) {
		snprintf(why, sizeof(why), "opening '%s': %s", d->params,
			 strerror(errno));
		goto fail;
	}
	if (S_ISBLK(st.st_mode)) {
		if (ioctl(d->fd, BLKGETSIZE64, &bytes)) {
			snprintf(why, sizeof(why), "size of '%s': %s",
				 d->params, strerror(errno));
			goto fail;
		}
	} else if (S_ISREG(st.st_mode)) {
		bytes = st.st_size;
	} else {
		snprintf(why, sizeof(why),
			 "'%s' is neither a file nor a block device",
			 d->params);
		goto fail;
	}
	d->sectors = bytes / 512;
	run_file(d, true);
	logmsg("domain %u disk %u: %s, %llu sectors%s%s", d->domid, d->devid,
	       d->params, (unsigned long long)d->sectors,
	       d->readonly ? ", read-only" : "",
	       d->odirect ? ", O_DIRECT" : ", buffered (no O_DIRECT here)");
	return 0;
fail:
	logmsg("domain %u disk %u: %s", d->domid, d->devid, why);
	error_node(b, d, why);
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
	return -1;
}

static void announce(struct hvblkd *b, struct dev *d)
{
	wr(b, d->bdir, "sectors", "%llu", (unsigned long long)d->sectors);
	wr(b, d->bdir, "info", "%u", d->readonly ? VDISK_READONLY : 0);
	wr(b, d->bdir, "sector-size", "512");
	wr(b, d->bdir, "physical-sector-size", "512");
	wr(b, d->bdir, "feature-flush-cache", "1");
	wr(b, d->bdir, "feature-persistent", "1");
	wr(b, d->bdir, "max-ring-page-order", "%u", MAX_RING_ORDER);
	wr(b, d->bdir, "feature-max-indirect-segments", "%u",
	   MAX_INDIRECT_SEGS);
	set_state(b, d, ST_INITWAIT);
}

/*
 * Map the frontend's ring and bind its event channel. The ring is taken
 * as it stands: for a new frontend both indexes are 0; for hvblkd
 * restarted under a connected one, the requests after the last response
 * are taken again (ring.c). 0, or -1 (the device failed).
 */
static int dev_connect(struct hvblkd *b, struct dev *d)
{
	grant_ref_t refs[1 << MAX_RING_ORDER];
	long order = rd_num(b, d->fdir, "ring-page-order", 0);
	long port = rd_num(b, d->fdir, "event-channel", -1);
	char *proto = rd(b, d->fdir, "protocol");
	xenevtchn_port_or_error_t local;
	blkif_sring_t *s;

	if (proto && strcmp(proto, XEN_IO_PROTO_ABI_X86_64)) {
		dev_fail(b, d, "protocol '%s' (only %s is served)", proto,
			 XEN_IO_PROTO_ABI_X86_64);
		free(proto);
		return -1;
	}
	free(proto);
	if (order < 0 || order > MAX_RING_ORDER || port < 0) {
		dev_fail(b, d,
			 "ring-page-order %ld or event-channel %ld "
			 "out of range",
			 order, port);
		return -1;
	}
	d->ring_pages = 1u << order;
	for (unsigned int i = 0; i < d->ring_pages; i++) {
		char key[24];
		long ref;

		if (order)
			snprintf(key, sizeof(key), "ring-ref%u", i);
		else
			snprintf(key, sizeof(key), "ring-ref");
		ref = rd_num(b, d->fdir, key, -1);
		if (ref < 0) {
			dev_fail(b, d, "no %s", key);
			return -1;
		}
		refs[i] = ref;
	}
	d->persistent = rd_num(b, d->fdir, "feature-persistent", 0) == 1;
	s = xengnttab_map_domain_grant_refs(b->xgt, d->ring_pages, d->domid,
					    refs, PROT_READ | PROT_WRITE);
	if (!s) {
		dev_fail(b, d, "ring grant references it did not give");
		return -1;
	}
	local = xenevtchn_bind_interdomain(b->xce, d->domid, port);
	if (local < 0) {
		xengnttab_unmap(b->xgt, s, d->ring_pages);
		dev_fail(b, d, "event channel %ld that cannot be bound (%s)",
			 port, strerror(errno));
		return -1;
	}
	d->pg = d->persistent ? calloc(2 * MAX_PGRANTS, sizeof(*d->pg)) : NULL;
	d->persistent = d->pg != NULL;
	d->sring = s;
	d->port = local;
	BACK_RING_ATTACH(&d->ring, s, s->rsp_prod,
			 4096 * (size_t)d->ring_pages);
	logmsg("domain %u disk %u: connected, %u-page ring (%u slots)%s, "
	       "channel %ld%s",
	       d->domid, d->devid, d->ring_pages, RING_SIZE(&d->ring),
	       d->persistent ? ", persistent grants" : "", port,
	       s->req_prod != s->rsp_prod ? ", taking up requests in flight" :
					    "");
	set_state(b, d, ST_CONNECTED);
	ring_kick(b, d);
	return 0;
}

/* Unmap and unbind once nothing is in flight; true when done. */
static bool dev_disconnect(struct hvblkd *b, struct dev *d)
{
	if (d->inflight)
		return false;
	if (d->sring) {
		ring_release(b, d);
		free(d->pg);
		d->pg = NULL;
		xenevtchn_unbind(b->xce, d->port);
		xengnttab_unmap(b->xgt, d->sring, d->ring_pages);
		d->sring = NULL;
		logmsg("domain %u disk %u: disconnected (%llu requests, %llu "
		       "segments, %llu MiB, %llu errors, %llu notifications, "
		       "%llu persistent grants mapped, %llu hits, %llu "
		       "grants mapped per request)",
		       d->domid, d->devid, (unsigned long long)d->n.reqs,
		       (unsigned long long)d->n.segs,
		       (unsigned long long)(d->n.bytes >> 20),
		       (unsigned long long)d->n.errors,
		       (unsigned long long)d->n.notifies,
		       (unsigned long long)d->n.pg_maps,
		       (unsigned long long)d->n.pg_hits,
		       (unsigned long long)d->n.maps);
	}
	return true;
}

static void dev_free(struct hvblkd *b, struct dev *d)
{
	struct dev **pp;
	char p[PATH_MAX_LEN + 8];

	snprintf(p, sizeof(p), "%s/state", d->fdir);
	xs_unwatch(b->xs, p, "fe");
	if (d->fd >= 0)
		close(d->fd);
	run_file(d, false);
	for (pp = &b->devs; *pp; pp = &(*pp)->next)
		if (*pp == d) {
			*pp = d->next;
			break;
		}
	free(d);
}

static struct dev *dev_new(struct hvblkd *b, uint32_t domid, uint32_t devid)
{
	struct dev *d = calloc(1, sizeof(*d));
	char *fe, p[PATH_MAX_LEN + 8];

	if (!d)
		return NULL;
	d->domid = domid;
	d->devid = devid;
	d->fd = -1;
	snprintf(d->bdir, sizeof(d->bdir), HVBLKD_BASE "/%u/%u", domid, devid);
	fe = rd(b, d->bdir, "frontend");
	snprintf(d->fdir, sizeof(d->fdir), "%s", fe ? fe : "");
	free(fe);
	if (!d->fdir[0]) {
		free(d);
		return NULL; /* not written whole yet */
	}
	d->next = b->devs;
	b->devs = d;
	snprintf(p, sizeof(p), "%s/state", d->fdir);
	xs_watch(b->xs, p, "fe");
	return d;
}

/* One device's step, from its and its frontend's states. */
static void dev_step(struct hvblkd *b, struct dev *d, bool listed)
{
	long be = rd_num(b, d->bdir, "state", -1);
	long fe = rd_num(b, d->fdir, "state", -1);
	long online = rd_num(b, d->bdir, "online", 0);

	if (!listed || be < 0) {
		/* The toolstack removed it: let go. */
		if (dev_disconnect(b, d))
			dev_free(b, d);
		return;
	}
	d->state = be;
	if (d->fd < 0 && (be == ST_INITIALISING || be == ST_INITWAIT ||
			  be == ST_CONNECTED)) {
		if (dev_open(b, d)) {
			set_state(b, d, ST_CLOSING);
			return;
		}
		if (be == ST_INITIALISING)
			announce(b, d);
	}
	switch (fe) {
	case ST_INITIALISING:
		/* A frontend starting (again) after a close. */
		if (d->state == ST_CLOSED && online && !d->sring) {
			d->broken = false;
			announce(b, d);
		}
		break;
	case ST_INITIALISED:
	case ST_CONNECTED:
		if (!d->sring && !d->broken &&
		    (d->state == ST_INITWAIT || d->state == ST_CONNECTED))
			dev_connect(b, d);
		break;
	case ST_CLOSING:
	case ST_CLOSED:
	case -1:
		if (dev_disconnect(b, d) && d->state != ST_CLOSED)
			set_state(b, d, ST_CLOSED);
		break;
	}
	if (d->broken && dev_disconnect(b, d) && d->state == ST_CLOSING &&
	    fe == ST_CLOSED)
		set_state(b, d, ST_CLOSED);
}

/* Is d still in the toolstack's directory? */
static bool listed(struct hvblkd *b, struct dev *d)
{
	char p[PATH_MAX_LEN];
	unsigned int n = 0;
	char **l;
	bool found = false;

	snprintf(p, sizeof(p), HVBLKD_BASE "/%u", d->domid);
	l = xs_directory(b->xs, XBT_NULL, p, &n);
	for (unsigned int i = 0; l && i < n; i++)
		if (strtoul(l[i], NULL, 10) == d->devid)
			found = true;
	free(l);
	return found;
}

void xenbus_scan(struct hvblkd *b)
{
	unsigned int nd = 0;
	char **doms = xs_directory(b->xs, XBT_NULL, HVBLKD_BASE, &nd);

	for (unsigned int i = 0; doms && i < nd; i++) {
		char p[PATH_MAX_LEN], *end;
		unsigned long domid = strtoul(doms[i], &end, 10);
		unsigned int nv = 0;
		char **devs;

		if (*end || !domid)
			continue;
		snprintf(p, sizeof(p), HVBLKD_BASE "/%lu", domid);
		devs = xs_directory(b->xs, XBT_NULL, p, &nv);
		for (unsigned int j = 0; devs && j < nv; j++) {
			unsigned long devid = strtoul(devs[j], &end, 10);
			struct dev *d;

			if (*end)
				continue;
			for (d = b->devs; d; d = d->next)
				if (d->domid == domid && d->devid == devid)
					break;
			if (!d)
				dev_new(b, domid, devid);
		}
		free(devs);
	}
	for (struct dev *d = b->devs, *next; d; d = next) {
		next = d->next;
		dev_step(b, d, listed(b, d));
	}
	free(doms);
}
