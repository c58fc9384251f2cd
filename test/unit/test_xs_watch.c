// SPDX-License-Identifier: MIT
/* hvstored: watches, special watches, and the domain messages. */
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

static void fires(void **state)
{
	struct xs_conn *c = xt_conn(*state, 0), *w = xt_conn(*state, 0);

	assert_ok(w, XS_WATCH, 0, "/a", "t1");
	assert_event(w, "/a", "t1"); /* on registration, node or not */
	assert_no_event(w);
	assert_write(c, 0, "/a/b/c", "1");
	assert_event(w, "/a/b/c", "t1");
	assert_write(c, 0, "/ab", "1"); /* a sibling that shares a prefix */
	assert_write(c, 0, "/x", "1");
	assert_no_event(w);
	assert_ok(c, XS_SET_PERMS, 0, "/a/b", "b0");
	assert_event(w, "/a/b", "t1");
	assert_ok(c, XS_MKDIR, 0, "/a/b"); /* no change, no event */
	assert_no_event(w);
	/* The writer hears nothing unless it watches too. */
	assert_no_event(c);
}

static void removal(void **state)
{
	struct xs_conn *c = xt_conn(*state, 0), *w = xt_conn(*state, 0);

	assert_write(c, 0, "/r/a/b", "1");
	assert_ok(w, XS_WATCH, 0, "/r/a/b", "deep");
	assert_event(w, "/r/a/b", "deep");
	assert_ok(w, XS_WATCH, 0, "/r", "top");
	assert_event(w, "/r", "top");
	assert_ok(w, XS_WATCH, 0, "/r/a/b/none", "never");
	assert_event(w, "/r/a/b/none", "never");
	assert_ok(c, XS_RM, 0, "/r/a");
	/* Removed nodes fire their own watches; ancestors hear of the rm. */
	assert_event(w, "/r/a/b", "deep");
	assert_event(w, "/r/a", "top");
	assert_no_event(w);
}

static void relative(void **state)
{
	struct xs_conn *d0 = xt_conn(*state, 0), *g = xt_conn(*state, 3);

	assert_ok(d0, XS_MKDIR, 0, "/local/domain/3");
	assert_ok(d0, XS_SET_PERMS, 0, "/local/domain/3", "b3");
	assert_ok(g, XS_WATCH, 0, "device", "rel");
	assert_event(g, "device", "rel");
	assert_ok(g, XS_WATCH, 0, "/local/domain/3/device", "abs");
	assert_event(g, "/local/domain/3/device", "abs");
	assert_write(d0, 0, "/local/domain/3/device/vif/0", "x");
	/* Newest watch first: both orders are fine for clients. */
	assert_event(g, "/local/domain/3/device/vif/0", "abs");
	assert_event(g, "device/vif/0", "rel");
	assert_ok(g, XS_UNWATCH, 0, "device", "rel");
	assert_write(d0, 0, "/local/domain/3/device/vif/0", "y");
	assert_event(g, "/local/domain/3/device/vif/0", "abs");
	assert_no_event(g);
}

static void management(void **state)
{
	struct xs_store *st = *state;
	struct xs_conn *c = xt_conn(st, 0), *g = xt_conn(st, 4);
	char tok[16];
	uint32_t i;

	assert_ok(c, XS_WATCH, 0, "/m", "t");
	assert_err(c, XS_WATCH, 0, "EEXIST", "/m", "t");
	assert_ok(c, XS_WATCH, 0, "/m", "t2"); /* other token: fine */
	assert_err(c, XS_UNWATCH, 0, "ENOENT", "/m", "nope");
	assert_err(c, XS_WATCH, 0, "EINVAL", "/m");
	assert_err(c, XS_WATCH, 0, "EINVAL", "/m//x", "t");
	assert_err(c, XS_WATCH, 0, "EINVAL", "@nonsense", "t");
	assert_ok(c, XS_UNWATCH, 0, "/m", "t");
	assert_ok(c, XS_RESET_WATCHES, 0, "");
	assert_int_equal(c->nwatches, 0);

	for (i = 0; i < st->quota.watches; i++) {
		snprintf(tok, sizeof(tok), "%u", i);
		assert_ok(g, XS_WATCH, 0, "/q", tok);
	}
	assert_err(g, XS_WATCH, 0, "E2BIG", "/q", "over");
	assert_ok(c, XS_WATCH, 0, "/q", "dom0-has-no-limit");
}

static void permission_filter(void **state)
{
	struct xs_conn *d0 = xt_conn(*state, 0), *g = xt_conn(*state, 6);

	assert_ok(g, XS_WATCH, 0, "/", "all");
	assert_event(g, "/", "all");
	assert_write(d0, 0, "/private", "x"); /* n0: not readable by 6 */
	assert_no_event(g);
	assert_ok(d0, XS_SET_PERMS, 0, "/private", "n0", "r6");
	assert_event(g, "/private", "all");
	assert_ok(d0, XS_RM, 0, "/private"); /* uses the perms it had */
	assert_event(g, "/private", "all");
}

static void event_queue_limit(void **state)
{
	struct xs_store *st = *state;
	struct xs_conn *c = xt_conn(st, 0), *w = xt_conn(st, 0);
	uint32_t i;

	st->quota.events = 4;
	assert_ok(w, XS_WATCH, 0, "/flood", "t");
	for (i = 0; i < 10; i++)
		assert_write(c, 0, "/flood", "x");
	assert_int_equal(w->out_events, 4);
	assert_int_equal(w->events_dropped, 7);
}

static void special(void **state)
{
	struct xs_conn *d0 = xt_conn(*state, 0), *g = xt_conn(*state, 2),
		       *w = xt_conn(*state, 0);
	struct xs_reply r;

	assert_ok(w, XS_WATCH, 0, "@introduceDomain", "in");
	assert_event(w, "@introduceDomain", "in");
	assert_ok(w, XS_WATCH, 0, "@releaseDomain", "out");
	assert_event(w, "@releaseDomain", "out");
	assert_ok(g, XS_WATCH, 0, "@releaseDomain", "g");
	assert_event(g, "@releaseDomain", "g");

	assert_ok(d0, XS_INTRODUCE, 0, "9", "4096", "3");
	assert_event(w, "@introduceDomain", "in");
	assert_no_event(w);
	assert_ok(d0, XS_INTRODUCE, 0, "9", "4096", "3"); /* same: no-op */
	assert_no_event(w);
	assert_err(d0, XS_INTRODUCE, 0, "EEXIST", "9", "4097", "3");
	assert_int_equal(xt_op(d0, XS_IS_DOMAIN_INTRODUCED, 0, &r, "9", NULL),
			 XS_IS_DOMAIN_INTRODUCED);
	assert_memory_equal(r.body, "T", 2);
	assert_ok(d0, XS_RESUME, 0, "9");
	assert_ok(d0, XS_RELEASE, 0, "9");
	assert_event(w, "@releaseDomain", "out");
	assert_no_event(g); /* not allowed to see it */
	assert_int_equal(xt_op(d0, XS_IS_DOMAIN_INTRODUCED, 0, &r, "9", NULL),
			 XS_IS_DOMAIN_INTRODUCED);
	assert_memory_equal(r.body, "F", 2);
	assert_err(d0, XS_RELEASE, 0, "ENOENT", "9");
	assert_err(d0, XS_RESUME, 0, "ENOENT", "9");

	/* Let domain 2 see releases, as a toolstack domain would. */
	assert_ok(d0, XS_SET_PERMS, 0, "@releaseDomain", "n0", "r2");
	assert_int_equal(xt_op(d0, XS_GET_PERMS, 0, &r, "@releaseDomain", NULL),
			 XS_GET_PERMS);
	assert_memory_equal(r.body, "n0\0r2", 6);
	assert_ok(d0, XS_INTRODUCE, 0, "10", "1", "1");
	assert_ok(d0, XS_RELEASE, 0, "10");
	assert_event(g, "@releaseDomain", "g");
}

static void domain_messages(void **state)
{
	struct xs_conn *c = xt_conn(*state, 0), *g = xt_conn(*state, 5);
	struct xs_reply r;

	assert_int_equal(xt_op(g, XS_GET_DOMAIN_PATH, 0, &r, "12", NULL),
			 XS_GET_DOMAIN_PATH);
	assert_string_equal(r.body, "/local/domain/12");
	assert_int_equal(r.hdr.len, strlen(r.body) + 1);
	assert_err(c, XS_GET_DOMAIN_PATH, 0, "EINVAL", "12x");
	assert_err(c, XS_GET_DOMAIN_PATH, 0, "EINVAL", "");
	assert_err(c, XS_GET_DOMAIN_PATH, 0, "EINVAL", "65535");
	assert_int_equal(xt_op(c, XS_IS_DOMAIN_INTRODUCED, 0, &r, "0", NULL),
			 XS_IS_DOMAIN_INTRODUCED);
	assert_memory_equal(r.body, "T", 2);
	assert_err(c, XS_INTRODUCE, 0, "EINVAL", "1", "2");
	assert_err(c, XS_INTRODUCE, 0, "EINVAL", "1", "x", "2");
	assert_err(c, XS_INTRODUCE, 0, "EINVAL", "1", "2", "99999999999");
	assert_err(c, XS_INTRODUCE, 0, "EINVAL", "32752", "2", "3");
}

static void release_forgets(void **state)
{
	struct xs_conn *d0 = xt_conn(*state, 0), *w = xt_conn(*state, 0);
	struct xs_reply r;

	assert_write(d0, 0, "/local/domain/9/device/vif", "1");
	assert_ok(d0, XS_SET_PERMS, 0, "/local/domain/9", "b9");
	assert_write(d0, 0, "/local/domain/9/name", "nine");
	assert_write(d0, 0, "/shared", "s");
	assert_ok(d0, XS_SET_PERMS, 0, "/shared", "n0", "r9", "r3");
	assert_write(d0, 0, "/kept/by-zero", "z");
	assert_ok(d0, XS_INTRODUCE, 0, "9", "1", "1");
	assert_ok(w, XS_WATCH, 0, "/local/domain/9/name", "t");
	assert_event(w, "/local/domain/9/name", "t");
	assert_ok(d0, XS_RELEASE, 0, "9");
	/* Its nodes are gone and watchers heard of it. */
	assert_err(d0, XS_READ, 0, "ENOENT", "/local/domain/9");
	assert_event(w, "/local/domain/9/name", "t");
	/* Its ACL entries are gone, the rest stays. */
	assert_int_equal(xt_op(d0, XS_GET_PERMS, 0, &r, "/shared", NULL),
			 XS_GET_PERMS);
	assert_memory_equal(r.body, "n0\0r3", 6);
	assert_read(d0, 0, "/kept/by-zero", "z");
	/* Everything under a removed node goes, whoever owned it. */
	assert_err(d0, XS_READ, 0, "ENOENT", "/local/domain/9/device/vif");
}

/* The dom0 integration's hook is called on INTRODUCE. */
static struct xs_conn *fake_connect(void *opaque, uint32_t domid, uint64_t mfn,
				    uint32_t port)
{
	struct xs_store *st = opaque;

	if (mfn == 666)
		return NULL; /* mapping failed */
	return xs_conn_new(st, domid, NULL, NULL);
}

static void introduce_hook(void **state)
{
	struct xs_store *st = *state;
	struct xs_conn *c = xt_conn(st, 0);
	struct xs_domain *d;

	st->dom_ops.connect = fake_connect;
	st->dom_ops.opaque = st;
	assert_err(c, XS_INTRODUCE, 0, "EINVAL", "3", "666", "1");
	assert_ok(c, XS_INTRODUCE, 0, "3", "4", "1");
	d = xs_domain_get(st, 3, false);
	assert_non_null(d);
	assert_non_null(d->conn);
	assert_int_equal(d->conn->domid, 3);
	assert_false(d->conn->privileged);
	assert_ok(c, XS_RELEASE, 0, "3");
	assert_null(d->conn);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(fires, setup, teardown),
		cmocka_unit_test_setup_teardown(removal, setup, teardown),
		cmocka_unit_test_setup_teardown(relative, setup, teardown),
		cmocka_unit_test_setup_teardown(management, setup, teardown),
		cmocka_unit_test_setup_teardown(permission_filter, setup,
						teardown),
		cmocka_unit_test_setup_teardown(event_queue_limit, setup,
						teardown),
		cmocka_unit_test_setup_teardown(special, setup, teardown),
		cmocka_unit_test_setup_teardown(domain_messages, setup,
						teardown),
		cmocka_unit_test_setup_teardown(introduce_hook, setup,
						teardown),
		cmocka_unit_test_setup_teardown(release_forgets, setup,
						teardown),
	};

	return cmocka_run_group_tests_name("xs_watch", tests, NULL, NULL);
}
