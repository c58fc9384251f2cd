/* SPDX-License-Identifier: MIT */
/*
 * Helpers for the hvstored unit tests: connections without a transport,
 * requests pushed through the real framing code (xs_conn_feed), replies
 * and events popped from the connection's output queue.
 */
#ifndef TEST_XS_HELPERS_H
#define TEST_XS_HELPERS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "xs.h"

struct xs_reply {
	struct xsd_sockmsg hdr;
	char body[XENSTORE_PAYLOAD_MAX + 1]; /* NUL-terminated for strcmp */
};

static inline struct xs_conn *xt_conn(struct xs_store *st, uint32_t domid)
{
	struct xs_conn *c = xs_conn_new(st, domid, NULL, NULL);

	assert_non_null(c);
	return c;
}

/* Pop the first queued message that is (events) or is not an event. */
static inline bool xt_pop(struct xs_conn *c, bool events, struct xs_reply *r)
{
	struct xs_outbuf **pp, *b;

	for (pp = &c->out; (b = *pp); pp = &b->next) {
		if (b->event != events)
			continue;
		memcpy(&r->hdr, b->data, sizeof(r->hdr));
		memcpy(r->body, b->data + sizeof(r->hdr), r->hdr.len);
		r->body[r->hdr.len] = 0;
		*pp = b->next;
		if (c->out_tail == &b->next)
			c->out_tail = pp;
		if (b->event)
			c->out_events--;
		else
			c->out_replies--;
		free(b);
		return true;
	}
	return false;
}

/* Send one message (body of len bytes) and return its reply. */
static inline void xt_req(struct xs_conn *c, uint32_t type, uint32_t tx,
			  const void *body, uint32_t len, struct xs_reply *r)
{
	static uint32_t req_id = 100;
	struct xsd_sockmsg h = { type, ++req_id, tx, len };
	char buf[sizeof(h) + XENSTORE_PAYLOAD_MAX];

	assert_true(len <= XENSTORE_PAYLOAD_MAX);
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), body, len);
	assert_int_equal(xs_conn_feed(c, buf, sizeof(h) + len),
			 sizeof(h) + len);
	assert_true(xt_pop(c, false, r));
	assert_int_equal(r->hdr.req_id, h.req_id);
	assert_int_equal(r->hdr.tx_id, tx);
}

/*
 * Build a body from NUL-terminated strings: xt_args(buf, "a", "b", NULL)
 * gives "a\0b\0". Returns the length.
 */
static inline uint32_t xt_args(char *buf, ...)
{
	uint32_t len = 0;
	const char *s;
	va_list ap;

	va_start(ap, buf);
	while ((s = va_arg(ap, const char *))) {
		strcpy(buf + len, s);
		len += (uint32_t)strlen(s) + 1;
	}
	va_end(ap);
	return len;
}

/* Type of the reply, and its body through r. */
static inline uint32_t xt_op(struct xs_conn *c, uint32_t type, uint32_t tx,
			     struct xs_reply *r, ...)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	uint32_t len = 0;
	const char *s;
	va_list ap;

	va_start(ap, r);
	while ((s = va_arg(ap, const char *))) {
		strcpy(buf + len, s);
		len += (uint32_t)strlen(s) + 1;
	}
	va_end(ap);
	xt_req(c, type, tx, buf, len, r);
	return r->hdr.type;
}

static inline uint32_t xt_write(struct xs_conn *c, uint32_t tx,
				const char *path, const char *val,
				struct xs_reply *r)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	uint32_t pl = (uint32_t)strlen(path) + 1, vl = (uint32_t)strlen(val);

	memcpy(buf, path, pl);
	memcpy(buf + pl, val, vl);
	xt_req(c, XS_WRITE, tx, buf, pl + vl, r);
	return r->hdr.type;
}

#define assert_ok(c, type, tx, ...)                                          \
	do {                                                                 \
		struct xs_reply r_;                                          \
		assert_int_equal(xt_op(c, type, tx, &r_, __VA_ARGS__, NULL), \
				 type);                                      \
	} while (0)

#define assert_err(c, type, tx, name, ...)                                   \
	do {                                                                 \
		struct xs_reply r_;                                          \
		assert_int_equal(xt_op(c, type, tx, &r_, __VA_ARGS__, NULL), \
				 XS_ERROR);                                  \
		assert_string_equal(r_.body, name);                          \
	} while (0)

static inline void assert_write(struct xs_conn *c, uint32_t tx,
				const char *path, const char *val)
{
	struct xs_reply r;

	assert_int_equal(xt_write(c, tx, path, val, &r), XS_WRITE);
	assert_string_equal(r.body, "OK");
}

static inline void assert_read(struct xs_conn *c, uint32_t tx, const char *path,
			       const char *val)
{
	struct xs_reply r;

	assert_int_equal(xt_op(c, XS_READ, tx, &r, path, NULL), XS_READ);
	assert_int_equal(r.hdr.len, strlen(val));
	assert_string_equal(r.body, val);
}

/* Next watch event must be path/token. */
static inline void assert_event(struct xs_conn *c, const char *path,
				const char *token)
{
	struct xs_reply r;

	assert_true(xt_pop(c, true, &r));
	assert_int_equal(r.hdr.type, XS_WATCH_EVENT);
	assert_string_equal(r.body, path);
	assert_string_equal(r.body + strlen(path) + 1, token);
}

static inline void assert_no_event(struct xs_conn *c)
{
	struct xs_reply r;

	if (xt_pop(c, true, &r))
		fail_msg("unexpected event %s", r.body);
}

#endif
