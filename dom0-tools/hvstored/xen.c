// SPDX-License-Identifier: MIT
/*
 * Xen device backend for rings (enabled by --xen, dom0 only), on Debian's
 * libxenevtchn and libxengnttab (what Xen's own xenstored uses):
 *  - dom0's own xenstore page, which the dom0 kernel allocates when the
 *    store runs in dom0, is /proc/xen/xsd_kva, its port /proc/xen/xsd_port;
 *  - a guest's page is mapped on INTRODUCE through the reserved xenstore
 *    grant reference (the domain builder seeds it);
 *  - event channels: bind interdomain, notify, and the pending ports read
 *    from the handle's descriptor (each unmasked once served);
 *  - VIRQ_DOM_EXC: a domain shut down or went; libxenctrl's getdomaininfo
 *    says which, and xs_domains_check lets the gone ones go.
 * This needs a hypervisor and is not covered by the host tests; the ring
 * protocol itself (ring.c) is.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xenctrl.h>
#include <xenevtchn.h>
#include <xengnttab.h>

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
	bool granted; /* page from xengnttab; else dom0's xsd_kva mmap */
};

struct xen_be {
	struct hvs_server *srv;
	xenevtchn_handle *evtchn;
	xengnttab_handle *gnttab;
	xc_interface *xch; /* NULL: dead domains wait for XS_RELEASE */
	int dom_exc_port; /* VIRQ_DOM_EXC's, -1 if not bound */
	struct xen_ring *rings;
};

/* What the hypervisor says of domid (xenstored's check_domains). */
static enum xs_dom_state dom_state(void *opaque, uint32_t domid)
{
	struct xen_be *be = opaque;
	xc_domaininfo_t info;

	if (xc_domain_getinfolist(be->xch, domid, 1, &info) != 1 ||
	    info.domain != domid || (info.flags & XEN_DOMINF_dying))
		return XS_DOM_DYING;
	return info.flags & XEN_DOMINF_shutdown ? XS_DOM_SHUTDOWN :
						  XS_DOM_RUNNING;
}

static void ring_notify(void *opaque)
{
	struct xen_ring *r = opaque;

	xenevtchn_notify(r->be->evtchn, (evtchn_port_t)r->local_port);
}

static void ring_release(void *opaque)
{
	struct xen_ring *r = opaque, **pp;

	for (pp = &r->be->rings; *pp; pp = &(*pp)->next) {
		if (*pp == r) {
			*pp = r->next;
			break;
		}
	}
	if (r->local_port >= 0)
		xenevtchn_unbind(r->be->evtchn, (evtchn_port_t)r->local_port);
	if (r->page && r->granted)
		xengnttab_unmap(r->be->gnttab, r->page, 1);
	else if (r->page)
		munmap(r->page, PAGE);
	xs_log(XS_LOG_INFO, "domain %u: ring closed", r->domid);
	free(r);
}

/* Bind the port and start serving the mapped page. */
static struct xs_conn *start_ring(struct xen_be *be, struct xen_ring *r,
				  uint32_t port)
{
	r->be = be;
	r->local_port = xenevtchn_bind_interdomain(be->evtchn, r->domid, port);
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
	struct xen_ring *r;

	(void)mfn; /* foreign mapping by frame number is not supported */
	if (!be->gnttab)
		return NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->be = be;
	r->domid = domid;
	r->local_port = -1;
	r->page = xengnttab_map_grant_ref(be->gnttab, domid,
					  GNTTAB_RESERVED_XENSTORE,
					  PROT_READ | PROT_WRITE);
	if (!r->page) {
		xs_log(XS_LOG_ERROR, "domain %u: map grant %d: %s", domid,
		       GNTTAB_RESERVED_XENSTORE, strerror(errno));
		free(r);
		return NULL;
	}
	r->granted = true;
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
	r->page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (r->page == MAP_FAILED) {
		free(r);
		return -1;
	}
	return start_ring(be, r, port) ? 0 : -1;
}

/* The event channel handle says which ports fired; serve those rings. */
static void on_event(void *opaque)
{
	struct xen_be *be = opaque;
	xenevtchn_port_or_error_t port = xenevtchn_pending(be->evtchn);
	struct xen_ring *r;

	if (port < 0)
		return;
	if (port == be->dom_exc_port)
		xs_domains_check(&be->srv->st, dom_state, be);
	for (r = be->rings; r; r = r->next)
		if (r->local_port == port && xs_conn_wants_input(r->conn))
			xs_conn_process(r->conn, 32);
	if (xenevtchn_unmask(be->evtchn, (evtchn_port_t)port) < 0)
		xs_log(XS_LOG_WARN, "unmask port %d: %s", port,
		       strerror(errno));
}

int hvs_xen_init(struct hvs_server *srv)
{
	struct xen_be *be = calloc(1, sizeof(*be));
	int fd;

	if (!be)
		return -1;
	be->srv = srv;
	be->evtchn = xenevtchn_open(NULL, 0);
	if (!be->evtchn) {
		xs_log(XS_LOG_ERROR, "--xen: xenevtchn_open: %s",
		       strerror(errno));
		free(be);
		return -1;
	}
	be->gnttab = xengnttab_open(NULL, 0);
	if (!be->gnttab)
		xs_log(XS_LOG_WARN,
		       "--xen: xengnttab_open: %s; guests cannot be served",
		       strerror(errno));
	/* Pending ports are read only when the descriptor is readable. */
	fd = xenevtchn_fd(be->evtchn);
	if (fd < 0 || hvs_add_fd(srv, fd, on_event, be)) {
		xenevtchn_close(be->evtchn);
		if (be->gnttab)
			xengnttab_close(be->gnttab);
		free(be);
		return -1;
	}
	srv->st.dom_ops.connect = connect_domain;
	srv->st.dom_ops.opaque = be;
	be->dom_exc_port = -1;
	be->xch = xc_interface_open(NULL, NULL, 0);
	if (be->xch)
		be->dom_exc_port =
			xenevtchn_bind_virq(be->evtchn, VIRQ_DOM_EXC);
	if (be->dom_exc_port < 0)
		xs_log(XS_LOG_WARN,
		       "--xen: no VIRQ_DOM_EXC (%s): dead domains stay until "
		       "XS_RELEASE",
		       strerror(errno));
	if (attach_dom0(be)) {
		xs_log(XS_LOG_ERROR, "--xen: cannot serve dom0's own ring");
		return -1;
	}
	return 0;
}
