// SPDX-License-Identifier: MIT
/*
 * Connections: framing of the byte stream into messages, and the queue of
 * replies and events waiting to be written. Transports (Unix socket in
 * server.c, shared ring in ring.c) only move bytes; nothing here blocks.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xs.h"

#define HDR_LEN ((uint32_t)sizeof(struct xsd_sockmsg))

struct xs_conn *xs_conn_new(struct xs_store *st, uint32_t domid,
			    const struct xs_transport *tp, void *tp_data)
{
	struct xs_conn *c = calloc(1, sizeof(*c));
	struct xs_domain *d;

	if (!c)
		return NULL;
	c->st = st;
	c->id = ++st->next_conn_id;
	c->domid = domid;
	c->privileged = domid == 0;
	c->target = XS_DOMID_INVALID;
	d = xs_domain_get(st, domid, false);
	if (d)
		c->target = d->target;
	snprintf(c->home, sizeof(c->home), "/local/domain/%u", domid);
	c->tp = tp;
	c->tp_data = tp_data;
	c->fd = -1;
	c->out_tail = &c->out;
	c->next = st->conns;
	st->conns = c;
	return c;
}

static void out_pop(struct xs_conn *c)
{
	struct xs_outbuf *b = c->out;

	c->out = b->next;
	if (!c->out)
		c->out_tail = &c->out;
	if (b->event)
		c->out_events--;
	else
		c->out_replies--;
	free(b);
}

void xs_conn_free(struct xs_conn *c)
{
	struct xs_conn **pp;
	struct xs_domain *d;

	for (pp = &c->st->conns; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	for (d = c->st->domains; d; d = d->next)
		if (d->conn == c)
			d->conn = NULL;
	xs_watch_free_all(c);
	xs_tx_free_all(c);
	while (c->out)
		out_pop(c);
	if (c->tp && c->tp->close)
		c->tp->close(c);
	free(c);
}

bool xs_conn_wants_input(const struct xs_conn *c)
{
	return !c->dead && !c->closing &&
	       c->out_replies < c->st->quota.outstanding;
}

int xs_conn_queue2(struct xs_conn *c, uint32_t type, uint32_t req_id,
		   uint32_t tx_id, const void *d1, uint32_t l1, const void *d2,
		   uint32_t l2)
{
	struct xsd_sockmsg hdr = { type, req_id, tx_id, l1 + l2 };
	struct xs_outbuf *b;

	if ((uint64_t)l1 + l2 > XENSTORE_PAYLOAD_MAX)
		return -E2BIG;
	b = malloc(sizeof(*b) + HDR_LEN + l1 + l2);
	if (!b)
		return -ENOMEM;
	b->next = NULL;
	b->len = HDR_LEN + l1 + l2;
	b->off = 0;
	b->event = type == XS_WATCH_EVENT;
	memcpy(b->data, &hdr, HDR_LEN);
	if (l1)
		memcpy(b->data + HDR_LEN, d1, l1);
	if (l2)
		memcpy(b->data + HDR_LEN + l1, d2, l2);
	*c->out_tail = b;
	c->out_tail = &b->next;
	if (b->event)
		c->out_events++;
	else
		c->out_replies++;
	return 0;
}

int xs_conn_queue(struct xs_conn *c, uint32_t type, uint32_t req_id,
		  uint32_t tx_id, const void *data, uint32_t len)
{
	return xs_conn_queue2(c, type, req_id, tx_id, data, len, NULL, 0);
}

int xs_conn_flush(struct xs_conn *c)
{
	struct xs_outbuf *b;
	ssize_t r;

	while ((b = c->out)) {
		if (c->dead)
			return -1;
		if (!c->tp || !c->tp->write)
			return 1;
		r = c->tp->write(c, b->data + b->off, b->len - b->off);
		if (r < 0) {
			c->dead = true;
			return -1;
		}
		if (r == 0)
			return 1;
		b->off += (uint32_t)r;
		if (b->off == b->len)
			out_pop(c);
	}
	return 0;
}

typedef ssize_t (*read_fn)(struct xs_conn *c, void *buf, size_t len);

/*
 * Read exactly what the current message still lacks, so that nothing past
 * it is ever buffered here: the transport keeps the rest, and level-
 * triggered polling tells us when to come back.
 */
static int process(struct xs_conn *c, read_fn rd, int budget)
{
	int handled = 0;
	uint32_t want;
	ssize_t r;
	char *dst;

	while (handled < budget && xs_conn_wants_input(c)) {
		if (c->in_got < HDR_LEN) {
			dst = (char *)&c->in_hdr + c->in_got;
			want = HDR_LEN - c->in_got;
		} else {
			dst = c->in_body + (c->in_got - HDR_LEN);
			want = HDR_LEN + c->in_hdr.len - c->in_got;
		}
		if (want) {
			r = rd(c, dst, want);
			if (r < 0) {
				c->dead = true;
				break;
			}
			if (r == 0)
				break;
			c->in_got += (uint32_t)r;
			if (c->in_got == HDR_LEN &&
			    c->in_hdr.len > XENSTORE_PAYLOAD_MAX) {
				/*
				 * The stream cannot be trusted any more:
				 * say why, then hang up once that is sent.
				 */
				xs_log(XS_LOG_WARN,
				       "conn %u dom %u: message length %u too big",
				       c->id, c->domid, c->in_hdr.len);
				xs_conn_queue(c, XS_ERROR, c->in_hdr.req_id,
					      c->in_hdr.tx_id, "E2BIG", 6);
				c->closing = true;
				break;
			}
			if (c->in_got < HDR_LEN + c->in_hdr.len ||
			    c->in_got < HDR_LEN)
				continue;
		}
		c->in_body[c->in_hdr.len] = 0;
		c->in_got = 0;
		xs_handle(c, &c->in_hdr, c->in_body);
		handled++;
	}
	return handled;
}

static ssize_t tp_read(struct xs_conn *c, void *buf, size_t len)
{
	return c->tp->read(c, buf, len);
}

int xs_conn_process(struct xs_conn *c, int budget)
{
	if (!c->tp || !c->tp->read)
		return 0;
	return process(c, tp_read, budget);
}

/* Memory "transport" for xs_conn_feed: a cursor over the caller's bytes. */
struct feed {
	const uint8_t *p;
	size_t left;
};

static __thread struct feed *cur_feed;

static ssize_t feed_read(struct xs_conn *c, void *buf, size_t len)
{
	struct feed *f = cur_feed;

	if (len > f->left)
		len = f->left;
	if (!len)
		return 0;
	memcpy(buf, f->p, len);
	f->p += len;
	f->left -= len;
	return (ssize_t)len;
}

int xs_conn_feed(struct xs_conn *c, const void *data, size_t len)
{
	struct feed f = { data, len };

	cur_feed = &f;
	process(c, feed_read, 1 << 30);
	cur_feed = NULL;
	return (int)(len - f.left);
}
