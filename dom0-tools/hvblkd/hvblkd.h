/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvblkd: a block backend in dom0's user space (issue 14;
 * docs/split-drivers.md), beside the kernel's blkback. It serves the
 * blkif protocol (Xen's io/blkif.h) from one single-threaded poll loop:
 *
 *   xenbus.c  devices under /local/domain/0/backend/hvblkd/D/V: open the
 *             backing file, announce features, connect to the frontend's
 *             ring and event channel, close
 *   ring.c    requests off the ring: checked, their grants mapped (or
 *             found among the persistent ones), read or written with
 *             io_uring, answered
 *   main.c    the loop: xenstore watches, event channels, io_uring
 *
 * On Debian's libxenstore, libxengnttab, libxenevtchn and liburing.
 */
#ifndef HVBLKD_H
#define HVBLKD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <liburing.h>
#include <xenevtchn.h>
#include <xengnttab.h>
#include <xenstore.h>

/* The ring's barriers (io/ring.h leaves them to its user), for x86-64:
 * loads are not reordered with loads nor stores with stores, so those
 * need only the compiler's; a store then a load needs a fence. */
#define xen_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define xen_rmb() __asm__ __volatile__("" ::: "memory")
#define xen_wmb() __asm__ __volatile__("" ::: "memory")
#include <xen/io/blkif.h>
#include <xen/io/protocols.h>

#define HVBLKD_BASE "/local/domain/0/backend/hvblkd"
#define HVBLKD_RUN "/run/hvblkd" /* D-V while a device is held */
#define PATH_MAX_LEN 256

/* What hvblkd offers; blkfront takes what it wants of it. */
#define MAX_RING_ORDER 4 /* 16 pages of ring */
#define MAX_INDIRECT_SEGS 256 /* 1 MiB per request */
#define MAX_PGRANTS 1056 /* persistent grants kept per device, as blkback */

struct pgrant {
	grant_ref_t gref; /* 0: a free slot (never a data grant) */
	void *addr;
};

/* A request between the ring and its response. */
struct req {
	struct dev *d;
	uint64_t id;
	/* BLKIF_OP_READ, _WRITE or _FLUSH_DISKCACHE: what is done, and
	 * (an indirect request's indirect_op) what the response says, as
	 * blkfront checks. */
	uint8_t rw;
	unsigned int nseg;
	void *batch; /* non-persistent grants, mapped as one */
	unsigned int nbatch;
	uint64_t bytes;
	struct iovec iov[MAX_INDIRECT_SEGS];
};

struct counters {
	uint64_t reqs, segs, bytes, errors, notifies, kicks, pg_hits, pg_maps,
		maps;
};

struct dev {
	struct dev *next;
	uint32_t domid, devid;
	char bdir[PATH_MAX_LEN], fdir[PATH_MAX_LEN], params[PATH_MAX_LEN];
	int state; /* the backend's, XenbusState* */
	int fd; /* the backing file or device */
	bool readonly, odirect;
	uint64_t sectors;
	/* Connected: */
	void *sring;
	unsigned int ring_pages;
	blkif_back_ring_t ring;
	evtchn_port_t port; /* ours, bound to the frontend's */
	bool persistent;
	struct pgrant *pg;
	unsigned int npg;
	unsigned int inflight;
	bool broken; /* the frontend misbehaved: no more requests taken */
	struct counters n;
};

struct hvblkd {
	struct xs_handle *xs;
	xenevtchn_handle *xce;
	xengnttab_handle *xgt;
	struct io_uring uring;
	struct dev *devs;
	bool verbose;
	bool rescan; /* a device's state may move on: xenbus_scan */
};

/* main.c */
void logmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* xenbus.c */
/* Look at every device under HVBLKD_BASE and act on its and its
 * frontend's state. */
void xenbus_scan(struct hvblkd *b);
/* Give up on d (a misbehaving frontend): log why, Closing. */
void dev_fail(struct hvblkd *b, struct dev *d, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
struct dev *dev_by_port(struct hvblkd *b, evtchn_port_t port);

/* ring.c */
/* Take the requests the frontend has published. */
void ring_kick(struct hvblkd *b, struct dev *d);
/* Answer the requests io_uring has completed. */
void ring_complete(struct hvblkd *b);
/* Drop d's mapped grants (all requests done). */
void ring_release(struct hvblkd *b, struct dev *d);

#endif
