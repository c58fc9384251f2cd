// SPDX-License-Identifier: MIT
/*
 * hvstored: the message parser and framing, error replies, the outstanding
 * request quota, CONTROL, and the shared-ring transport over a ring in
 * ordinary memory.
 */
#include "test_xs_helpers.h"

static int setup(void **state)
{
	struct xs_store *st = calloc(1, sizeof(*st));

	assert_int_equal(xs_store_init(st), 0);
	*state = st;
	return 0;
}

static int teardown(void **state)
{
	xs_store_destroy(*state);
	free(*state);
	return 0;
}

static uint32_t msg(char *buf, uint32_t type, uint32_t id, uint32_t tx,
		    const void *body, uint32_t len)
{
	struct xsd_sockmsg h = { type, id, tx, len };

	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), body, len);
	return (uint32_t)sizeof(h) + len;
}

static void byte_by_byte(void **state)
{
	struct xs_conn *c = xt_conn(*state, 0);
	char buf[256];
	struct xs_reply r;
	uint32_t n, i;

	n = msg(buf, XS_WRITE, 7, 0, "/bb\0val", 7);
	n += msg(buf + n, XS_READ, 0xdeadbeef, 0, "/bb", 4);
	for (i = 0; i < n; i++)
		assert_int_equal(xs_conn_feed(c, buf + i, 1), 1);
	assert_true(xt_pop(c, false, &r));
	assert_int_equal(r.hdr.type, XS_WRITE);
	assert_int_equal(r.hdr.req_id, 7);
	assert_true(xt_pop(c, false, &r));
	assert_int_equal(r.hdr.type, XS_READ);
	assert_int_equal(r.hdr.req_id, 0xdeadbeef);
	assert_int_equal(r.hdr.len, 3);
	assert_memory_equal(r.body, "val", 3);
	assert_false(xt_pop(c, false, &r));
}

static void malformed(void **state)
{
	struct xs_conn *c = xt_conn(*state, 0);
	struct xs_reply r;

	/* Types without a handler: ENOSYS, as Xen's process_message. */
	xt_req(c, 999, 0, "", 0, &r);
	assert_int_equal(r.hdr.type, XS_ERROR);
	assert_string_equal(r.body, "ENOSYS");
	xt_req(c, XS_WATCH_EVENT, 0, "a\0b", 4, &r);
	assert_string_equal(r.body, "ENOSYS");
	xt_req(c, XS_ERROR, 0, "EIO", 4, &r);
	assert_string_equal(r.body, "ENOSYS");
	xt_req(c, XS_READ, 0, "/no-nul", 7, &r); /* unterminated */
	assert_string_equal(r.body, "EINVAL");
	xt_req(c, XS_READ, 0, "/a\0junk", 7, &r); /* trailing bytes */
	assert_string_equal(r.body, "EINVAL");
	xt_req(c, XS_READ, 0, "/a\0/b", 6, &r); /* two args */
	assert_string_equal(r.body, "EINVAL");
	xt_req(c, XS_READ, 0, "", 0, &r);
	assert_string_equal(r.body, "EINVAL");
	xt_req(c, XS_WRITE, 0, "no-terminator", 13, &r);
	assert_string_equal(r.body, "EINVAL");
	/* Error replies are the name plus a NUL, as libxenstore expects. */
	assert_int_equal(r.hdr.len, 7);
	assert_string_equal(xs_errname(12345), "EIO");
	assert_string_equal(xs_errname(22), "EINVAL");
	assert_string_equal(xs_errname(1), "EPERM");
}

static void too_long(void **state)
{
	struct xs_conn *c = xt_conn(*state, 0);
	struct xsd_sockmsg h = { XS_READ, 5, 0, XENSTORE_PAYLOAD_MAX + 1 };
	struct xs_reply r;

	/* The header is consumed; the stream is then abandoned. */
	assert_int_equal(xs_conn_feed(c, &h, sizeof(h)), sizeof(h));
	assert_true(xt_pop(c, false, &r));
	assert_int_equal(r.hdr.type, XS_ERROR);
	assert_int_equal(r.hdr.req_id, 5);
	assert_string_equal(r.body, "E2BIG");
	assert_true(c->closing);
	assert_int_equal(xs_conn_feed(c, "more", 4), 0);
}

static void outstanding(void **state)
{
	struct xs_store *st = *state;
	struct xs_conn *c = xt_conn(st, 0);
	static char buf[64 * 40];
	struct xs_reply r;
	uint32_t n = 0, one, i;
	int used;

	for (i = 0; i < 40; i++)
		n += one = msg(buf + n, XS_READ, i, 0, "/", 2);
	/* Reading stops once `outstanding` replies wait to be sent. */
	used = xs_conn_feed(c, buf, n);
	assert_int_equal(used, (int)(one * st->quota.outstanding));
	assert_false(xs_conn_wants_input(c));
	assert_true(xt_pop(c, false, &r));
	assert_true(xs_conn_wants_input(c));
	assert_int_equal(xs_conn_feed(c, buf + used, n - (uint32_t)used),
			 (int)one);
	/* Watch events do not count against it. */
	assert_int_equal(c->out_replies, st->quota.outstanding);
}

static void ids_echoed(void **state)
{
	struct xs_conn *c = xt_conn(*state, 0);
	char buf[64];
	struct xs_reply r;
	uint32_t n;

	n = msg(buf, XS_TRANSACTION_START, 0x12345678, 0, "", 1);
	xs_conn_feed(c, buf, n);
	assert_true(xt_pop(c, false, &r));
	assert_int_equal(r.hdr.req_id, 0x12345678);
	n = msg(buf, XS_READ, 42, (uint32_t)atoi(r.body), "/", 2);
	xs_conn_feed(c, buf, n);
	assert_true(xt_pop(c, false, &r));
	assert_int_equal(r.hdr.req_id, 42);
	assert_int_equal(r.hdr.tx_id, (uint32_t)atoi("1"));
}

static void control(void **state)
{
	struct xs_store *st = *state;
	struct xs_conn *c = xt_conn(st, 0);
	struct xs_reply r;
	int lvl = xs_log_level;

	assert_int_equal(xt_op(c, XS_CONTROL, 0, &r, "help", NULL), XS_CONTROL);
	assert_non_null(strstr(r.body, "quota"));
	assert_ok(c, XS_CONTROL, 0, "quota", "set", "watches", "3");
	assert_int_equal(st->quota.watches, 3);
	assert_err(c, XS_CONTROL, 0, "EINVAL", "quota", "set", "watches", "0");
	assert_err(c, XS_CONTROL, 0, "EINVAL", "quota", "set", "bogus", "1");
	assert_int_equal(xt_op(c, XS_CONTROL, 0, &r, "quota", NULL),
			 XS_CONTROL);
	assert_non_null(strstr(r.body, "watches            3\n"));
	assert_int_equal(xt_op(c, XS_CONTROL, 0, &r, "quota", "0", NULL),
			 XS_CONTROL);
	assert_non_null(strstr(r.body, "domain 0: nodes 4"));
	assert_ok(c, XS_CONTROL, 0, "log", "on");
	assert_int_equal(xs_log_level, XS_LOG_DEBUG);
	assert_ok(c, XS_CONTROL, 0, "log-level", "warn");
	assert_int_equal(xs_log_level, XS_LOG_WARN);
	assert_err(c, XS_CONTROL, 0, "EINVAL", "log-level", "loud");
	assert_ok(c, XS_CONTROL, 0, "print", "hello");
	assert_ok(c, XS_CONTROL, 0, "stats");
	assert_err(c, XS_CONTROL, 0, "EINVAL", "frobnicate");
	xs_log_level = lvl;
}

/* ---------------------------------------------------------- the ring */

static unsigned int notifications;

static void notify(void *opaque)
{
	notifications++;
}

/* What a guest's xenbus driver does: copy into req, bump req_prod. */
static void guest_send(struct xenstore_domain_interface *intf, const char *data,
		       uint32_t len)
{
	uint32_t i;

	for (i = 0; i < len; i++)
		intf->req[MASK_XENSTORE_IDX(intf->req_prod + i)] = data[i];
	__atomic_thread_fence(__ATOMIC_RELEASE);
	intf->req_prod += len;
}

static uint32_t guest_recv(struct xenstore_domain_interface *intf, char *out,
			   uint32_t max)
{
	uint32_t n = 0;

	while (intf->rsp_cons != intf->rsp_prod && n < max)
		out[n++] = intf->rsp[MASK_XENSTORE_IDX(intf->rsp_cons++)];
	return n;
}

static void ring(void **state)
{
	struct xs_store *st = *state;
	struct xenstore_domain_interface *intf = calloc(1, sizeof(*intf));
	struct xs_ring rg = { .intf = intf, .notify = notify };
	struct xs_conn *c;
	char buf[2048], out[8192];
	struct xsd_sockmsg h;
	uint32_t n, got, i;

	/* Start near the index wrap so that both rings wrap. */
	intf->req_prod = intf->req_cons = 0xfffffff0u;
	intf->rsp_prod = intf->rsp_cons = 0xfffffff8u;
	c = xs_ring_conn_new(st, 0, &rg);
	assert_non_null(c);
	assert_int_equal(intf->server_features, XENSTORE_SERVER_FEATURE_ERROR);

	n = msg(buf, XS_WRITE, 1, 0, "/ring\0hello", 11);
	guest_send(intf, buf, n);
	assert_int_equal(xs_conn_process(c, 10), 1);
	assert_int_equal(xs_conn_flush(c), 0);
	assert_true(notifications > 0);
	got = guest_recv(intf, out, sizeof(out));
	assert_int_equal(got, sizeof(h) + 3);
	memcpy(&h, out, sizeof(h));
	assert_int_equal(h.type, XS_WRITE);
	assert_string_equal(out + sizeof(h), "OK");

	/* A reply bigger than the ring goes out in pieces. */
	memset(buf, 'z', sizeof(buf));
	memcpy(buf, "/big", 5);
	n = msg(out, XS_WRITE, 2, 0, buf, 2000);
	for (i = 0; i < n; i += 500) {
		guest_send(intf, out + i, n - i < 500 ? n - i : 500);
		xs_conn_process(c, 10);
	}
	xs_conn_flush(c);
	guest_recv(intf, out, sizeof(out));
	n = msg(buf, XS_READ, 3, 0, "/big", 5);
	guest_send(intf, buf, n);
	xs_conn_process(c, 10);
	assert_int_equal(xs_conn_flush(c), 1); /* ring full */
	got = guest_recv(intf, out, sizeof(out));
	assert_int_equal(got, XENSTORE_RING_SIZE);
	assert_int_equal(xs_conn_flush(c), 0);
	got += guest_recv(intf, out + got, sizeof(out) - got);
	assert_int_equal(got, sizeof(h) + 2000 - 5);
	memcpy(&h, out, sizeof(h));
	assert_int_equal(h.req_id, 3);
	assert_int_equal(out[sizeof(h) + 1000], 'z');

	/* A guest lying about its indexes gets an error, not a crash. */
	intf->req_prod = intf->req_cons + XENSTORE_RING_SIZE + 1;
	xs_conn_process(c, 10);
	assert_true(c->dead);
	assert_int_equal(intf->error, XENSTORE_ERROR_RINGIDX);
	xs_conn_free(c);
	free(intf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(byte_by_byte, setup, teardown),
		cmocka_unit_test_setup_teardown(malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(too_long, setup, teardown),
		cmocka_unit_test_setup_teardown(outstanding, setup, teardown),
		cmocka_unit_test_setup_teardown(ids_echoed, setup, teardown),
		cmocka_unit_test_setup_teardown(control, setup, teardown),
		cmocka_unit_test_setup_teardown(ring, setup, teardown),
	};

	return cmocka_run_group_tests_name("xs_proto", tests, NULL, NULL);
}
