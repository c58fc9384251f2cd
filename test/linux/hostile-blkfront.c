// SPDX-License-Identifier: GPL-2.0
/*
 * hostile-blkfront VDEV MODE: a block frontend that breaks the protocol,
 * run in a test guest (test/linux/init-check.sh, hvlab.hostile=) in place
 * of xen-blkfront, from user space: the ring page shared with
 * /dev/xen/gntalloc, the event channel from /dev/xen/evtchn, xenstore
 * through /dev/xen/xenbus (Debian's static libxengnttab, libxenevtchn,
 * libxenstore). It connects to the backend of device/vbd/VDEV as blkfront
 * would, then sends what MODE says:
 *   badop     a request with an operation nobody offered
 *   badgref   a read into a grant reference it never gave
 *   badsect   a segment whose sectors lie outside its page
 *   ahead     a producer index far more than a ring ahead
 * and reports on stdout, one line: "HOSTILE VDEV MODE backend-state=N
 * responses=N status=S" (status of the first response, or none), after
 * the backend closed (Closing, 5) or 5 s passed. Exit 0 if it could do
 * its part, whatever the backend did; the host judges.
 */
#include <sys/mman.h>

#include <xenevtchn.h>
#include <xengnttab.h>

#define xen_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define xen_rmb() __asm__ __volatile__("" ::: "memory")
#define xen_wmb() __asm__ __volatile__("" ::: "memory")
#include <xen/io/blkif.h>
#include <xen/io/protocols.h>
#include <xen/io/xenbus.h>

#include "hostile.h"

int main(int argc, char **argv)
{
	char fdir[64], p[96], *bdir;
	xengntshr_handle *xgs;
	xenevtchn_handle *xce;
	blkif_front_ring_t ring;
	blkif_sring_t *s;
	blkif_request_t *q;
	uint32_t gref;
	int port, st, notify, responses = 0, status = 99;
	const char *mode;

	if (argc != 3) {
		fprintf(stderr, "usage: hostile-blkfront VDEV-NUMBER MODE\n");
		return 2;
	}
	mode = argv[2];
	xs = xs_open(0);
	xgs = xengntshr_open(NULL, 0);
	xce = xenevtchn_open(NULL, 0);
	if (!xs || !xgs || !xce)
		die("opening /dev/xen/xenbus, gntalloc or evtchn");
	snprintf(fdir, sizeof(fdir), "device/vbd/%s", argv[1]);
	bdir = rd(fdir, "backend");
	if (!bdir)
		die("reading the device's backend");
	if (wait_state(bdir, XenbusStateInitWait, 5) != XenbusStateInitWait)
		die("waiting for the backend's InitWait");
	s = xengntshr_share_pages(xgs, 0, 1, &gref, 1);
	port = xenevtchn_bind_unbound_port(xce, 0);
	if (!s || port < 0)
		die("sharing the ring or allocating its channel");
	SHARED_RING_INIT(s);
	FRONT_RING_INIT(&ring, s, 4096);
	snprintf(p, sizeof(p), "%s/protocol", fdir);
	if (wr(fdir, "ring-ref", "%ld", gref) ||
	    wr(fdir, "event-channel", "%ld", port) ||
	    !xs_write(xs, XBT_NULL, p, XEN_IO_PROTO_ABI_X86_64,
		      strlen(XEN_IO_PROTO_ABI_X86_64)) ||
	    wr(fdir, "state", "%ld", XenbusStateInitialised))
		die("writing the ring's keys");
	if (wait_state(bdir, XenbusStateConnected, 5) != XenbusStateConnected)
		die("waiting for the backend's Connected");
	q = RING_GET_REQUEST(&ring, ring.req_prod_pvt);
	memset(q, 0, sizeof(*q));
	q->id = 0x4242;
	q->operation = BLKIF_OP_READ;
	q->nr_segments = 1;
	q->sector_number = 0;
	q->seg[0].gref = gref; /* the ring page itself: granted, at least */
	q->seg[0].first_sect = 0;
	q->seg[0].last_sect = 7;
	if (!strcmp(mode, "badop"))
		q->operation = 42;
	else if (!strcmp(mode, "badgref"))
		q->seg[0].gref = 0x7ffff; /* never granted */
	else if (!strcmp(mode, "badsect"))
		q->seg[0].first_sect = 5, q->seg[0].last_sect = 9;
	else if (strcmp(mode, "ahead")) {
		fprintf(stderr, "hostile-blkfront: unknown mode %s\n", mode);
		return 2;
	}
	ring.req_prod_pvt++;
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&ring, notify);
	if (!strcmp(mode, "ahead")) {
		s->req_prod += 1000;
		xen_wmb();
	}
	xenevtchn_notify(xce, port);
	st = wait_state(bdir, XenbusStateClosing, 5);
	if (s->rsp_prod != ring.rsp_cons) {
		responses = s->rsp_prod - ring.rsp_cons;
		status = RING_GET_RESPONSE(&ring, ring.rsp_cons)->status;
	}
	printf("HOSTILE %s %s backend-state=%d responses=%d status=%d\n",
	       argv[1], mode, st, responses, status);
	/* Let the backend finish with us: Closed, as blkfront would. */
	wr(fdir, "state", "%ld", XenbusStateClosed);
	(void)notify;
	return 0;
}
