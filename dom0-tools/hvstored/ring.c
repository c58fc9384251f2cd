// SPDX-License-Identifier: MIT
/*
 * The shared-ring transport: a domain's xenstore_domain_interface page.
 * The domain produces requests on req[] and consumes replies from rsp[];
 * we do the opposite. The page is shared with a possibly hostile guest,
 * so every index is read once, checked, and never trusted twice.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xs.h"

#define READ_ONCE(x) (*(volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

static void ring_error(struct xs_ring *r, uint32_t err)
{
	WRITE_ONCE(r->intf->error, err);
	xs_log(XS_LOG_WARN, "ring error %u", err);
}

static ssize_t ring_read(struct xs_conn *c, void *buf, size_t len)
{
	struct xs_ring *r = c->tp_data;
	struct xenstore_domain_interface *intf = r->intf;
	XENSTORE_RING_IDX cons, prod, avail, off, chunk;

	cons = READ_ONCE(intf->req_cons);
	prod = READ_ONCE(intf->req_prod);
	__atomic_thread_fence(__ATOMIC_ACQUIRE); /* indexes before data */
	avail = prod - cons;
	if (avail > XENSTORE_RING_SIZE) {
		ring_error(r, XENSTORE_ERROR_RINGIDX);
		return -1;
	}
	if (len > avail)
		len = avail;
	if (!len)
		return 0;
	off = MASK_XENSTORE_IDX(cons);
	chunk = XENSTORE_RING_SIZE - off;
	if (chunk > len)
		chunk = (XENSTORE_RING_IDX)len;
	memcpy(buf, intf->req + off, chunk);
	memcpy((char *)buf + chunk, intf->req, len - chunk);
	__atomic_thread_fence(__ATOMIC_SEQ_CST); /* data before index */
	WRITE_ONCE(intf->req_cons, cons + (XENSTORE_RING_IDX)len);
	if (r->notify)
		r->notify(r->opaque);
	return (ssize_t)len;
}

static ssize_t ring_write(struct xs_conn *c, const void *buf, size_t len)
{
	struct xs_ring *r = c->tp_data;
	struct xenstore_domain_interface *intf = r->intf;
	XENSTORE_RING_IDX cons, prod, space, off, chunk;

	cons = READ_ONCE(intf->rsp_cons);
	prod = READ_ONCE(intf->rsp_prod);
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	if (prod - cons > XENSTORE_RING_SIZE) {
		ring_error(r, XENSTORE_ERROR_RINGIDX);
		return -1;
	}
	space = XENSTORE_RING_SIZE - (prod - cons);
	if (len > space)
		len = space;
	if (!len)
		return 0;
	off = MASK_XENSTORE_IDX(prod);
	chunk = XENSTORE_RING_SIZE - off;
	if (chunk > len)
		chunk = (XENSTORE_RING_IDX)len;
	memcpy(intf->rsp + off, buf, chunk);
	memcpy(intf->rsp, (const char *)buf + chunk, len - chunk);
	__atomic_thread_fence(__ATOMIC_RELEASE); /* data before index */
	WRITE_ONCE(intf->rsp_prod, prod + (XENSTORE_RING_IDX)len);
	if (r->notify)
		r->notify(r->opaque);
	return (ssize_t)len;
}

static void ring_close(struct xs_conn *c)
{
	struct xs_ring *r = c->tp_data;

	if (r->release)
		r->release(r->opaque);
}

const struct xs_transport xs_ring_transport = {
	.read = ring_read,
	.write = ring_write,
	.close = ring_close,
};

struct xs_conn *xs_ring_conn_new(struct xs_store *st, uint32_t domid,
				 struct xs_ring *ring)
{
	struct xs_conn *c;

	c = xs_conn_new(st, domid, &xs_ring_transport, ring);
	if (!c)
		return NULL;
	/* We report errors in the page; reconnection is not offered yet. */
	WRITE_ONCE(ring->intf->server_features, XENSTORE_SERVER_FEATURE_ERROR);
	WRITE_ONCE(ring->intf->error, XENSTORE_ERROR_NONE);
	return c;
}
