// SPDX-License-Identifier: GPL-2.0
/*
 * The blkif ring (Xen's io/blkif.h, io/ring.h): requests copied off the
 * shared ring before they are looked at (the frontend may change them
 * under us), checked, their data pages mapped, read or written with
 * io_uring at the request's sector, answered in the order they complete.
 *
 * What a frontend gets for breaking the protocol (an unknown operation,
 * a segment count or sector range outside its page, a grant it did not
 * give, a producer index more than a ring ahead) is the device
 * disconnected (dev_fail), never a crash: the other devices go on. A
 * request past the end of the disk is an I/O error, as in blkback.
 *
 * Each response is published as soon as it is written, so that a
 * restarted hvblkd can take up the ring where the responses end: the
 * requests after them are done again, which for reads and writes of the
 * same pages is harmless (xenbus.c, dev_connect).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "hvblkd.h"

#define SECT 512u
#define SEGS_PER_INDIRECT_PAGE (4096 / sizeof(struct blkif_request_segment))

/* A persistent grant's slot: open addressing on the grant reference. */
static struct pgrant *pg_slot(struct dev *d, grant_ref_t gref)
{
	unsigned int n = 2 * MAX_PGRANTS;

	for (unsigned int i = 0, h = gref % n; i < n; i++, h = (h + 1) % n)
		if (d->pg[h].gref == gref || !d->pg[h].gref)
			return &d->pg[h];
	return NULL;
}

/* A persistent grant's mapping, mapped now if it is new and there is
 * room: the page, or NULL (then the caller maps it for this request). */
static void *pg_get(struct hvblkd *b, struct dev *d, grant_ref_t gref,
		    const char **why)
{
	struct pgrant *p = d->persistent && gref ? pg_slot(d, gref) : NULL;

	if (!p || (!p->gref && d->npg >= MAX_PGRANTS))
		return NULL;
	if (p->gref) {
		d->n.pg_hits++;
		return p->addr;
	}
	/* Read-write: the next request may go the other way. */
	p->addr = xengnttab_map_grant_ref(b->xgt, d->domid, gref,
					  PROT_READ | PROT_WRITE);
	if (!p->addr) {
		*why = "a grant reference it did not give";
		return NULL;
	}
	p->gref = gref;
	d->npg++;
	d->n.pg_maps++;
	return p->addr;
}

/*
 * Map the request's segments: persistent grants (the frontend keeps
 * granting the same pages) are mapped once and kept, up to MAX_PGRANTS;
 * others are mapped together and unmapped when the request is done.
 * iov[i] is then the bytes segment i covers. 0, or -1 with *why.
 */
static int map_segments(struct hvblkd *b, struct dev *d, struct req *r,
			const struct blkif_request_segment *seg,
			const char **why)
{
	grant_ref_t refs[MAX_INDIRECT_SEGS];
	unsigned int idx[MAX_INDIRECT_SEGS], nb = 0;
	int prot = r->rw == BLKIF_OP_READ ? PROT_READ | PROT_WRITE : PROT_READ;

	for (unsigned int i = 0; i < r->nseg; i++) {
		const struct blkif_request_segment *s = &seg[i];
		void *addr;

		if (s->first_sect > s->last_sect ||
		    s->last_sect >= 4096 / SECT) {
			*why = "a segment whose sectors lie outside its page";
			return -1;
		}
		r->iov[i].iov_len = (s->last_sect - s->first_sect + 1) * SECT;
		r->bytes += r->iov[i].iov_len;
		addr = pg_get(b, d, s->gref, why);
		if (*why)
			return -1;
		if (addr) {
			r->iov[i].iov_base =
				(char *)addr + s->first_sect * SECT;
			continue;
		}
		idx[nb] = i;
		refs[nb++] = s->gref;
	}
	if (!nb)
		return 0;
	r->batch = xengnttab_map_domain_grant_refs(b->xgt, nb, d->domid, refs,
						   prot);
	if (!r->batch) {
		*why = "a grant reference it did not give";
		return -1;
	}
	r->nbatch = nb;
	d->n.maps += nb;
	for (unsigned int j = 0; j < nb; j++)
		r->iov[idx[j]].iov_base = (char *)r->batch + j * 4096 +
					  seg[idx[j]].first_sect * SECT;
	return 0;
}

/*
 * The segments of an indirect request, out of its pages. blkfront takes
 * those from its persistent grants too when the backend keeps them, so
 * they are looked up there first; others are mapped read-only for the
 * copy.
 */
static int indirect_segments(struct hvblkd *b, struct dev *d,
			     const blkif_request_indirect_t *ind,
			     struct blkif_request_segment *seg,
			     const char **why)
{
	unsigned int pages = (ind->nr_segments + SEGS_PER_INDIRECT_PAGE - 1) /
			     SEGS_PER_INDIRECT_PAGE;

	for (unsigned int i = 0; i < pages; i++) {
		unsigned int n = ind->nr_segments - i * SEGS_PER_INDIRECT_PAGE;
		grant_ref_t gref = ind->indirect_grefs[i];
		void *page = pg_get(b, d, gref, why);

		if (n > SEGS_PER_INDIRECT_PAGE)
			n = SEGS_PER_INDIRECT_PAGE;
		if (*why)
			return -1;
		if (page) {
			memcpy(seg + i * SEGS_PER_INDIRECT_PAGE, page,
			       n * sizeof(*seg));
			continue;
		}
		page = xengnttab_map_grant_ref(b->xgt, d->domid, gref,
					       PROT_READ);
		if (!page) {
			*why = "an indirect page's grant reference it did not "
			       "give";
			return -1;
		}
		memcpy(seg + i * SEGS_PER_INDIRECT_PAGE, page,
		       n * sizeof(*seg));
		xengnttab_unmap(b->xgt, page, 1);
	}
	return 0;
}

static void respond(struct hvblkd *b, struct dev *d, uint64_t id, uint8_t op,
		    int16_t status)
{
	blkif_response_t *rsp;
	int notify;

	rsp = RING_GET_RESPONSE(&d->ring, d->ring.rsp_prod_pvt);
	rsp->id = id;
	rsp->operation = op;
	rsp->status = status;
	d->ring.rsp_prod_pvt++;
	RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&d->ring, notify);
	if (status != BLKIF_RSP_OKAY)
		d->n.errors++;
	if (notify) {
		xenevtchn_notify(b->xce, d->port);
		d->n.notifies++;
	}
}

static void req_free(struct hvblkd *b, struct req *r)
{
	if (r->batch)
		xengnttab_unmap(b->xgt, r->batch, r->nbatch);
	free(r);
}

/* One request, copied off the ring: submitted, answered, or the device
 * failed. */
static void handle(struct hvblkd *b, struct dev *d, const blkif_request_t *q)
{
	struct blkif_request_segment iseg[MAX_INDIRECT_SEGS];
	const struct blkif_request_segment *seg = q->seg;
	const char *why = NULL;
	struct io_uring_sqe *sqe;
	uint64_t sector = q->sector_number;
	struct req *r = calloc(1, sizeof(*r));

	if (!r) {
		respond(b, d, q->id, q->operation, BLKIF_RSP_ERROR);
		return;
	}
	r->d = d;
	r->id = q->id;
	r->rw = q->operation;
	switch (q->operation) {
	case BLKIF_OP_READ:
	case BLKIF_OP_WRITE:
		r->nseg = q->nr_segments;
		if (!r->nseg || r->nseg > BLKIF_MAX_SEGMENTS_PER_REQUEST)
			why = "a request with no or too many segments";
		break;
	case BLKIF_OP_INDIRECT: {
		const blkif_request_indirect_t *ind = (const void *)q;

		r->rw = ind->indirect_op;
		r->nseg = ind->nr_segments;
		sector = ind->sector_number;
		if (r->rw != BLKIF_OP_READ && r->rw != BLKIF_OP_WRITE)
			why = "an indirect request that neither reads nor "
			      "writes";
		else if (!r->nseg || r->nseg > MAX_INDIRECT_SEGS)
			why = "an indirect request with no or too many "
			      "segments";
		else if (!indirect_segments(b, d, ind, iseg, &why))
			seg = iseg;
		break;
	}
	case BLKIF_OP_FLUSH_DISKCACHE:
		break;
	default:
		why = "an operation it was not offered";
	}
	if (!why && r->nseg)
		map_segments(b, d, r, seg, &why); /* sets why if it fails */
	if (why) {
		dev_fail(b, d, "%s (operation %u, id %#llx)", why, q->operation,
			 (unsigned long long)q->id);
		req_free(b, r);
		return;
	}
	if (r->rw == BLKIF_OP_WRITE && d->readonly) {
		respond(b, d, r->id, r->rw, BLKIF_RSP_ERROR);
		req_free(b, r);
		return;
	}
	if (r->nseg &&
	    (sector > d->sectors || r->bytes / SECT > d->sectors - sector)) {
		/* Past the end: an I/O error, as blkback answers. */
		respond(b, d, r->id, r->rw, BLKIF_RSP_ERROR);
		req_free(b, r);
		return;
	}
	sqe = io_uring_get_sqe(&b->uring);
	if (!sqe) {
		io_uring_submit(&b->uring);
		sqe = io_uring_get_sqe(&b->uring);
	}
	if (!sqe) {
		respond(b, d, r->id, r->rw, BLKIF_RSP_ERROR);
		req_free(b, r);
		return;
	}
	if (r->rw == BLKIF_OP_READ)
		io_uring_prep_readv(sqe, d->fd, r->iov, r->nseg, sector * SECT);
	else if (r->rw == BLKIF_OP_WRITE)
		io_uring_prep_writev(sqe, d->fd, r->iov, r->nseg,
				     sector * SECT);
	else
		io_uring_prep_fsync(sqe, d->fd, IORING_FSYNC_DATASYNC);
	io_uring_sqe_set_data(sqe, r);
	d->inflight++;
	d->n.reqs++;
	d->n.segs += r->nseg;
	d->n.bytes += r->bytes;
}

void ring_kick(struct hvblkd *b, struct dev *d)
{
	int more;

	d->n.kicks++;
	do {
		RING_IDX rc = d->ring.req_cons, rp = d->ring.sring->req_prod;

		xen_rmb(); /* the requests up to rp, not older copies */
		if (rp - rc > RING_SIZE(&d->ring)) {
			dev_fail(b, d,
				 "a ring producer index (%u) more than a ring "
				 "(%u) ahead of its consumer (%u)",
				 rp, RING_SIZE(&d->ring), rc);
			return;
		}
		while (rc != rp && !d->broken &&
		       !RING_REQUEST_CONS_OVERFLOW(&d->ring, rc)) {
			blkif_request_t q;

			RING_COPY_REQUEST(&d->ring, rc, &q);
			d->ring.req_cons = ++rc;
			handle(b, d, &q);
		}
		if (d->broken)
			return;
		RING_FINAL_CHECK_FOR_REQUESTS(&d->ring, more);
	} while (more);
	io_uring_submit(&b->uring);
}

void ring_complete(struct hvblkd *b)
{
	struct io_uring_cqe *cqe;
	unsigned int head, seen = 0;

	io_uring_for_each_cqe(&b->uring, head, cqe)
	{
		struct req *r = io_uring_cqe_get_data(cqe);
		struct dev *d = r->d;
		bool ok = r->rw == BLKIF_OP_FLUSH_DISKCACHE ?
				  cqe->res == 0 :
				  cqe->res >= 0 &&
					  (uint64_t)cqe->res == r->bytes;

		seen++;
		if (!ok && d->n.errors < 8)
			logmsg("domain %u disk %u: %s of %llu bytes: %s",
			       d->domid, d->devid,
			       r->rw == BLKIF_OP_READ ?
				       "read" :
				       (r->rw == BLKIF_OP_WRITE ? "write" :
								  "flush"),
			       (unsigned long long)r->bytes,
			       cqe->res < 0 ? strerror(-cqe->res) : "short");
		/* A device closing waits for its last request: look again. */
		if (!--d->inflight && (d->broken || !d->sring))
			b->rescan = true;
		if (!d->broken && d->sring)
			respond(b, d, r->id, r->rw,
				ok ? BLKIF_RSP_OKAY : BLKIF_RSP_ERROR);
		req_free(b, r);
	}
	io_uring_cq_advance(&b->uring, seen);
	/* Requests the frontend queued meanwhile. */
	for (struct dev *d = b->devs; d; d = d->next)
		if (d->sring && !d->broken &&
		    RING_HAS_UNCONSUMED_REQUESTS(&d->ring))
			ring_kick(b, d);
}

void ring_release(struct hvblkd *b, struct dev *d)
{
	for (unsigned int i = 0; d->pg && i < 2 * MAX_PGRANTS; i++)
		if (d->pg[i].gref) {
			xengnttab_unmap(b->xgt, d->pg[i].addr, 1);
			d->pg[i].gref = 0;
		}
	d->npg = 0;
}
