// SPDX-License-Identifier: MIT
/*
 * Xen device backend for rings (enabled by --xen, dom0 only):
 *  - dom0's own xenstore page, which the dom0 kernel allocates when the
 *    store runs in dom0, is /proc/xen/xsd_kva, its port /proc/xen/xsd_port;
 *  - a guest's page is mapped on INTRODUCE through /dev/xen/gntdev using
 *    the reserved xenstore grant reference;
 *  - event channels go through /dev/xen/evtchn: bind interdomain, notify,
 *    and read()/write() of pending ports (the latter re-enables a port).
 * This needs a hypervisor and is not covered by the host tests; the ring
 * protocol itself (ring.c) is.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <stdint.h>
/* Linux's uapi gntdev.h uses Xen's names without defining them. */
typedef uint16_t domid_t;
typedef uint32_t grant_ref_t;
#include <xen/evtchn.h>
#include <xen/gntdev.h>

#include "server.h"

#define PAGE 4096
#define GNTTAB_RESERVED_XENSTORE 1

struct xen_be;

struct xen_ring {
	struct xen_ring *next;
	struct xen_be *be;
	struct xs_ring ring;
	struct xs_conn *conn;
	uint32_t domid;
	int local_port;
	void *page;
	uint64_t gnt_index; /* gntdev mapping; ~0 for xsd_kva */
};

struct xen_be {
	struct hvs_server *srv;
	int evtchn;
	int gntdev;
	struct xen_ring *rings;
};

static void ring_notify(void *opaque)
{
	struct xen_ring *r = opaque;
	struct ioctl_evtchn_notify n = { .port = (unsigned int)r->local_port };

	ioctl(r->be->evtchn, IOCTL_EVTCHN_NOTIFY, &n);
}

static void ring_release(void *opaque)
{
	struct xen_ring *r = opaque, **pp;
	struct ioctl_evtchn_unbind ub = { .port = (unsigned int)r->local_port };
	struct ioctl_gntdev_unmap_grant_ref um = { .index = r->gnt_index,
						   .count = 1 };

	for (pp = &r->be->rings; *pp; pp = &(*pp)->next) {
		if (*pp == r) {
			*pp = r->next;
			break;
		}
	}
	if (r->local_port >= 0)
		ioctl(r->be->evtchn, IOCTL_EVTCHN_UNBIND, &ub);
	if (r->page)
		munmap(r->page, PAGE);
	if (r->gnt_index != ~0ull)
		ioctl(r->be->gntdev, IOCTL_GNTDEV_UNMAP_GRANT_REF, &um);
	xs_log(XS_LOG_INFO, "domain %u: ring closed", r->domid);
	free(r);
}

/* Bind the port and start serving the mapped page. */
static struct xs_conn *start_ring(struct xen_be *be, struct xen_ring *r,
				  uint32_t port)
{
	struct ioctl_evtchn_bind_interdomain bind = { .remote_domain = r->domid,
						      .remote_port = port };

	r->be = be;
	r->local_port = ioctl(be->evtchn, IOCTL_EVTCHN_BIND_INTERDOMAIN, &bind);
	if (r->local_port < 0) {
		xs_log(XS_LOG_ERROR, "domain %u: bind port %u: %s", r->domid,
		       port, strerror(errno));
		r->ring.opaque = r;
		ring_release(r);
		return NULL;
	}
	r->ring.intf = r->page;
	r->ring.notify = ring_notify;
	r->ring.release = ring_release;
	r->ring.opaque = r;
	r->conn = xs_ring_conn_new(&be->srv->st, r->domid, &r->ring);
	if (!r->conn) {
		ring_release(r);
		return NULL;
	}
	r->next = be->rings;
	be->rings = r;
	ring_notify(r); /* pick up anything sent before we came */
	return r->conn;
}

static struct xs_conn *connect_domain(void *opaque, uint32_t domid,
				      uint64_t mfn, uint32_t port)
{
	struct xen_be *be = opaque;
	struct {
		struct ioctl_gntdev_map_grant_ref m;
		struct ioctl_gntdev_grant_ref extra[1];
	} map = { 0 };
	struct xen_ring *r;

	(void)mfn; /* foreign mapping by frame number is not supported */
	if (be->gntdev < 0)
		return NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->domid = domid;
	r->local_port = -1;
	r->gnt_index = ~0ull;
	map.m.count = 1;
	map.m.refs[0].domid = domid;
	map.m.refs[0].ref = GNTTAB_RESERVED_XENSTORE;
	if (ioctl(be->gntdev, IOCTL_GNTDEV_MAP_GRANT_REF, &map.m)) {
		xs_log(XS_LOG_ERROR, "domain %u: map grant: %s", domid,
		       strerror(errno));
		free(r);
		return NULL;
	}
	r->gnt_index = map.m.index;
	r->page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED,
		       be->gntdev, (off_t)map.m.index);
	if (r->page == MAP_FAILED) {
		r->page = NULL;
		xs_log(XS_LOG_ERROR, "domain %u: mmap ring: %s", domid,
		       strerror(errno));
		r->ring.opaque = r;
		ring_release(r);
		return NULL;
	}
	return start_ring(be, r, port);
}

static int attach_dom0(struct xen_be *be)
{
	struct xen_ring *r;
	unsigned int port;
	FILE *f;
	int fd;

	f = fopen("/proc/xen/xsd_port", "r");
	if (!f)
		return 0; /* dom0's store lives elsewhere: nothing to serve */
	if (fscanf(f, "%u", &port) != 1) {
		fclose(f);
		return -1;
	}
	fclose(f);
	fd = open("/proc/xen/xsd_kva", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -1;
	r = calloc(1, sizeof(*r));
	if (!r) {
		close(fd);
		return -1;
	}
	r->domid = 0;
	r->local_port = -1;
	r->gnt_index = ~0ull;
	r->page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (r->page == MAP_FAILED) {
		free(r);
		return -1;
	}
	return start_ring(be, r, port) ? 0 : -1;
}

/* The event channel device says which ports fired; serve those rings. */
static void on_event(void *opaque)
{
	struct xen_be *be = opaque;
	unsigned int ports[64];
	struct xen_ring *r;
	ssize_t n;
	int i;

	n = read(be->evtchn, ports, sizeof(ports));
	if (n <= 0)
		return;
	for (i = 0; i < n / (ssize_t)sizeof(ports[0]); i++) {
		for (r = be->rings; r; r = r->next)
			if (r->local_port == (int)ports[i] &&
			    xs_conn_wants_input(r->conn))
				xs_conn_process(r->conn, 32);
		/* Writing the port back unmasks it. */
		if (write(be->evtchn, &ports[i], sizeof(ports[i])) < 0)
			xs_log(XS_LOG_WARN, "unmask port %u: %s", ports[i],
			       strerror(errno));
	}
}

int hvs_xen_init(struct hvs_server *srv)
{
	struct xen_be *be = calloc(1, sizeof(*be));

	if (!be)
		return -1;
	be->srv = srv;
	be->evtchn = open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC | O_NONBLOCK);
	if (be->evtchn < 0) {
		xs_log(XS_LOG_ERROR, "--xen: /dev/xen/evtchn: %s",
		       strerror(errno));
		free(be);
		return -1;
	}
	be->gntdev = open("/dev/xen/gntdev", O_RDWR | O_CLOEXEC);
	if (be->gntdev < 0)
		xs_log(XS_LOG_WARN,
		       "--xen: /dev/xen/gntdev: %s; guests "
		       "cannot be served",
		       strerror(errno));
	if (hvs_add_fd(srv, be->evtchn, on_event, be)) {
		close(be->evtchn);
		free(be);
		return -1;
	}
	srv->st.dom_ops.connect = connect_domain;
	srv->st.dom_ops.opaque = be;
	if (attach_dom0(be)) {
		xs_log(XS_LOG_ERROR, "--xen: cannot serve dom0's own ring");
		return -1;
	}
	return 0;
}
