// SPDX-License-Identifier: MIT
/* hvstored: transactions, isolation and conflict detection (EAGAIN). */
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

static uint32_t tx_start(struct xs_conn *c)
{
	struct xs_reply r;

	assert_int_equal(xt_op(c, XS_TRANSACTION_START, 0, &r, "", NULL),
			 XS_TRANSACTION_START);
	assert_int_equal(r.hdr.len, strlen(r.body) + 1);
	return (uint32_t)strtoul(r.body, NULL, 10);
}

static uint32_t tx_end(struct xs_conn *c, uint32_t tx, bool commit,
		       struct xs_reply *r)
{
	return xt_op(c, XS_TRANSACTION_END, tx, r, commit ? "T" : "F", NULL);
}

static void commit_abort(void **state)
{
	struct xs_conn *c = xt_conn(*state, 0), *o = xt_conn(*state, 0);
	struct xs_reply r;
	uint32_t t;

	assert_write(c, 0, "/k", "old");
	t = tx_start(c);
	assert_true(t != 0);
	assert_write(c, t, "/k", "new");
	assert_write(c, t, "/n/deep", "made");
	assert_read(c, t, "/k", "new");
	assert_read(c, t, "/n/deep", "made");
	assert_read(o, 0, "/k", "old"); /* not visible outside yet */
	assert_err(o, XS_READ, 0, "ENOENT", "/n/deep");
	assert_int_equal(tx_end(c, t, true, &r), XS_TRANSACTION_END);
	assert_string_equal(r.body, "OK");
	assert_read(o, 0, "/k", "new");
	assert_read(o, 0, "/n/deep", "made");
	assert_err(c, XS_READ, t, "ENOENT", "/k"); /* transaction is gone */

	t = tx_start(c);
	assert_write(c, t, "/k", "discarded");
	assert_ok(c, XS_RM, t, "/n");
	assert_err(c, XS_READ, t, "ENOENT", "/n/deep");
	assert_int_equal(tx_end(c, t, false, &r), XS_TRANSACTION_END);
	assert_read(o, 0, "/k", "new");
	assert_read(o, 0, "/n/deep", "made");
}

static void rm_in_tx(void **state)
{
	struct xs_conn *c = xt_conn(*state, 0);
	struct xs_reply r;
	uint32_t t;

	assert_write(c, 0, "/t/a/b", "1");
	assert_write(c, 0, "/t/a/c", "2");
	assert_write(c, 0, "/t/z", "3");
	t = tx_start(c);
	assert_ok(c, XS_RM, t, "/t/a");
	assert_int_equal(xt_op(c, XS_DIRECTORY, t, &r, "/t", NULL),
			 XS_DIRECTORY);
	assert_memory_equal(r.body, "z\0", 2);
	assert_write(c, t, "/t/a/b", "again"); /* recreate in the same tx */
	assert_int_equal(tx_end(c, t, true, &r), XS_TRANSACTION_END);
	assert_read(c, 0, "/t/a/b", "again");
	assert_err(c, XS_READ, 0, "ENOENT", "/t/a/c");
}

static void conflict(void **state)
{
	struct xs_conn *a = xt_conn(*state, 0), *b = xt_conn(*state, 0);
	struct xs_reply r;
	uint32_t t, u;

	assert_write(a, 0, "/x", "0");
	assert_write(a, 0, "/y", "0");

	/* Read-then-changed: EAGAIN, nothing applied. */
	t = tx_start(a);
	assert_read(a, t, "/x", "0");
	assert_write(a, t, "/y", "from-tx");
	assert_write(b, 0, "/x", "1");
	assert_int_equal(tx_end(a, t, true, &r), XS_ERROR);
	assert_string_equal(r.body, "EAGAIN");
	assert_read(b, 0, "/y", "0");
	assert_err(a, XS_TRANSACTION_END, t, "ENOENT", "T");

	/* Disjoint nodes: both commit. */
	t = tx_start(a);
	assert_write(a, t, "/x", "tx");
	assert_write(b, 0, "/y", "outside");
	assert_int_equal(tx_end(a, t, true, &r), XS_TRANSACTION_END);
	assert_read(b, 0, "/x", "tx");

	/* Two transactions creating siblings touch the same parent. */
	t = tx_start(a);
	u = tx_start(b);
	assert_write(a, t, "/p/one", "1");
	assert_write(b, u, "/p/two", "2");
	assert_int_equal(tx_end(a, t, true, &r), XS_TRANSACTION_END);
	assert_int_equal(tx_end(b, u, true, &r), XS_ERROR);
	assert_string_equal(r.body, "EAGAIN");

	/* A node seen absent and created meanwhile also conflicts. */
	t = tx_start(a);
	assert_err(a, XS_READ, t, "ENOENT", "/late");
	assert_write(b, 0, "/late", "here");
	assert_int_equal(tx_end(a, t, true, &r), XS_ERROR);
	assert_string_equal(r.body, "EAGAIN");
}

static void errors(void **state)
{
	struct xs_conn *c = xt_conn(*state, 0), *g = xt_conn(*state, 5);
	struct xs_reply r;
	uint32_t t, i;

	assert_err(c, XS_READ, 999, "ENOENT", "/");
	assert_err(c, XS_TRANSACTION_END, 0, "ENOENT", "T");
	t = tx_start(c);
	assert_err(c, XS_TRANSACTION_START, t, "EBUSY", "");
	assert_err(c, XS_TRANSACTION_END, t, "EINVAL", "X");
	assert_err(c, XS_TRANSACTION_END, t, "EINVAL", "T", "F");
	/* Transactions are per connection. */
	assert_err(xt_conn(*state, 0), XS_READ, t, "ENOENT", "/");
	assert_int_equal(tx_end(c, t, true, &r), XS_TRANSACTION_END);

	/* Unprivileged: at most `transactions` open at once. */
	for (i = 0; i < ((struct xs_store *)*state)->quota.transactions; i++)
		tx_start(g);
	assert_err(g, XS_TRANSACTION_START, 0, "ENOSPC", "");
	/* RESET_WATCHES drops them all. */
	assert_ok(g, XS_RESET_WATCHES, 0, "");
	tx_start(g);
}

static void tx_node_limit(void **state)
{
	struct xs_store *st = *state;
	struct xs_conn *c = xt_conn(st, 5), *d0 = xt_conn(st, 0);
	char path[32];
	uint32_t t, i;

	st->quota.tx_nodes = 8;
	assert_ok(d0, XS_SET_PERMS, 0, "/", "r0");
	t = tx_start(c);
	for (i = 0; i < 6; i++) {
		snprintf(path, sizeof(path), "/n%u", i);
		assert_err(c, XS_READ, t, "ENOENT", path);
	}
	/* Six nodes and their parent "/" seen so far: one more fits. */
	assert_err(c, XS_READ, t, "ENOENT", "/n6");
	assert_err(c, XS_READ, t, "ENOSPC", "/n7");
	assert_err(c, XS_WRITE, t, "ENOSPC", "/n9", "x");
	/* dom0's transactions are not limited. */
	t = tx_start(d0);
	for (i = 0; i < 20; i++) {
		snprintf(path, sizeof(path), "/m%u", i);
		assert_write(d0, t, path, "x");
	}
}

static void events_on_commit(void **state)
{
	struct xs_conn *c = xt_conn(*state, 0), *w = xt_conn(*state, 0);
	struct xs_reply r;
	uint32_t t;

	assert_ok(w, XS_WATCH, 0, "/ev", "tok");
	assert_event(w, "/ev", "tok");
	t = tx_start(c);
	assert_write(c, t, "/ev/a", "1");
	assert_write(c, t, "/ev/a", "2"); /* one event per path */
	assert_no_event(w);
	assert_int_equal(tx_end(c, t, true, &r), XS_TRANSACTION_END);
	assert_event(w, "/ev/a", "tok");
	assert_no_event(w);
	t = tx_start(c);
	assert_write(c, t, "/ev/b", "1");
	assert_int_equal(tx_end(c, t, false, &r), XS_TRANSACTION_END);
	assert_no_event(w);
}

static void quota_in_tx(void **state)
{
	struct xs_store *st = *state;
	struct xs_conn *d0 = xt_conn(st, 0), *g = xt_conn(st, 5);
	struct xs_reply r;
	uint32_t t;

	st->quota.nodes = 3;
	assert_ok(d0, XS_MKDIR, 0, "/g");
	assert_ok(d0, XS_SET_PERMS, 0, "/g", "b5");
	/* /g itself is 5's now: two more fit. */
	t = tx_start(g);
	assert_write(g, t, "/g/a", "");
	assert_write(g, t, "/g/b", "");
	assert_err(g, XS_WRITE, t, "ENOSPC", "/g/c", "");
	assert_int_equal(tx_end(g, t, true, &r), XS_TRANSACTION_END);
	assert_err(g, XS_WRITE, 0, "ENOSPC", "/g/c", "");
	assert_ok(g, XS_RM, 0, "/g/a");
	assert_write(g, 0, "/g/c", "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(commit_abort, setup, teardown),
		cmocka_unit_test_setup_teardown(rm_in_tx, setup, teardown),
		cmocka_unit_test_setup_teardown(conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(errors, setup, teardown),
		cmocka_unit_test_setup_teardown(tx_node_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(events_on_commit, setup,
						teardown),
		cmocka_unit_test_setup_teardown(quota_in_tx, setup, teardown),
	};

	return cmocka_run_group_tests_name("xs_txn", tests, NULL, NULL);
}
