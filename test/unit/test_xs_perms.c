// SPDX-License-Identifier: MIT
/* hvstored: Xen's permission model (owner, n/r/w/b, ACLs, dom0, targets). */
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

static void assert_perms(struct xs_conn *c, const char *path, const char *want,
			 uint32_t wlen)
{
	struct xs_reply r;

	assert_int_equal(xt_op(c, XS_GET_PERMS, 0, &r, path, NULL),
			 XS_GET_PERMS);
	assert_int_equal(r.hdr.len, wlen);
	assert_memory_equal(r.body, want, wlen);
}

static void defaults(void **state)
{
	struct xs_conn *d0 = xt_conn(*state, 0), *g = xt_conn(*state, 5);

	assert_perms(d0, "/", "n0", 3);
	assert_err(g, XS_READ, 0, "EACCES", "/");
	assert_err(g, XS_WRITE, 0, "EACCES", "/x", "1");
	assert_err(g, XS_MKDIR, 0, "EACCES", "/x");
	assert_err(g, XS_DIRECTORY, 0, "EACCES", "/");
	assert_err(g, XS_GET_PERMS, 0, "EACCES", "/");
	assert_write(d0, 0, "/x", "1");
	assert_err(g, XS_RM, 0, "EACCES", "/x");
	assert_err(g, XS_SET_PERMS, 0, "EACCES", "/x", "b5");
}

static void hidden_existence(void **state)
{
	struct xs_conn *d0 = xt_conn(*state, 0), *g = xt_conn(*state, 5);

	assert_write(d0, 0, "/priv/exists", "x");
	assert_write(d0, 0, "/pub/exists", "x");
	assert_ok(d0, XS_SET_PERMS, 0, "/pub", "r0");
	/* Under an unreadable node, missing and present look the same. */
	assert_err(g, XS_READ, 0, "EACCES", "/priv/missing");
	assert_err(g, XS_READ, 0, "EACCES", "/priv/exists");
	assert_err(g, XS_READ, 0, "EACCES", "/priv/a/b/c");
	assert_err(g, XS_DIRECTORY, 0, "EACCES", "/priv/missing");
	assert_err(g, XS_RM, 0, "EACCES", "/priv/missing");
	/* Where it may look, it gets the truth. */
	assert_err(g, XS_READ, 0, "ENOENT", "/pub/missing");
	assert_err(g, XS_READ, 0, "ENOENT", "/pub/a/b");
	assert_err(d0, XS_READ, 0, "ENOENT", "/priv/missing");
}

static void acl(void **state)
{
	struct xs_conn *d0 = xt_conn(*state, 0), *g5 = xt_conn(*state, 5),
		       *g6 = xt_conn(*state, 6), *g7 = xt_conn(*state, 7);

	assert_write(d0, 0, "/shared", "data");
	/* Owner 7, default read, domain 6 may write only, 5 nothing. */
	assert_ok(d0, XS_SET_PERMS, 0, "/shared", "r7", "w6", "n5");
	assert_perms(d0, "/shared", "r7\0w6\0n5", 9);
	assert_read(g7, 0, "/shared", "data"); /* owner: everything */
	assert_write(g7, 0, "/shared", "seven");
	assert_err(g5, XS_READ, 0, "EACCES", "/shared");
	assert_err(g6, XS_READ, 0, "EACCES", "/shared");
	assert_write(g6, 0, "/shared", "six");
	assert_read(d0, 0, "/shared", "six");
	/* A domain not listed gets the owner entry's letter: read. */
	assert_read(xt_conn(*state, 9), 0, "/shared", "six");
	assert_err(xt_conn(*state, 9), XS_WRITE, 0, "EACCES", "/shared", "");
}

static void inherit_and_own(void **state)
{
	struct xs_conn *d0 = xt_conn(*state, 0), *g = xt_conn(*state, 5);

	assert_ok(d0, XS_MKDIR, 0, "/home");
	assert_ok(d0, XS_SET_PERMS, 0, "/home", "n0", "b5", "r6");
	/* Guest-created nodes belong to the guest, keep the parent's ACL. */
	assert_write(g, 0, "/home/a/b", "x");
	assert_perms(d0, "/home/a/b", "n5\0b5\0r6", 9);
	/* dom0-created nodes just inherit. */
	assert_write(d0, 0, "/home/c", "y");
	assert_perms(d0, "/home/c", "n0\0b5\0r6", 9);
	/* The owner may change its ACL but not give the node away. */
	assert_ok(g, XS_SET_PERMS, 0, "/home/a/b", "r5", "b6");
	assert_err(g, XS_SET_PERMS, 0, "EPERM", "/home/a/b", "b6");
	assert_ok(d0, XS_SET_PERMS, 0, "/home/a/b", "b6");
	assert_err(g, XS_SET_PERMS, 0, "EACCES", "/home/a/b", "b5");
}

static void bad_perms(void **state)
{
	struct xs_conn *d0 = xt_conn(*state, 0), *g = xt_conn(*state, 5);

	assert_write(d0, 0, "/p", "");
	assert_err(d0, XS_SET_PERMS, 0, "EINVAL", "/p", "x0");
	assert_err(d0, XS_SET_PERMS, 0, "EINVAL", "/p", "r");
	assert_err(d0, XS_SET_PERMS, 0, "EINVAL", "/p", "r1a");
	assert_err(d0, XS_SET_PERMS, 0, "EINVAL", "/p", "r99999999");
	assert_err(d0, XS_SET_PERMS, 0, "EINVAL", "/p", "r-1");
	assert_err(d0, XS_SET_PERMS, 0, "EINVAL", "/p", "");
	assert_err(d0, XS_SET_PERMS, 0, "EINVAL", "/p");
	assert_err(d0, XS_SET_PERMS, 0, "ENOENT", "/nope", "b0");
	/* Long ACLs are for dom0 only. */
	assert_ok(d0, XS_SET_PERMS, 0, "/p", "b5", "r1", "r2", "r3", "r4", "r6",
		  "r7");
	assert_err(g, XS_SET_PERMS, 0, "ENOSPC", "/p", "b5", "r1", "r2", "r3",
		   "r4", "r6");
	assert_ok(g, XS_SET_PERMS, 0, "/p", "b5", "r1", "r2", "r3", "r4");
}

static void target(void **state)
{
	struct xs_conn *d0 = xt_conn(*state, 0), *dm = xt_conn(*state, 8);

	assert_write(d0, 0, "/vm7", "secret");
	assert_ok(d0, XS_SET_PERMS, 0, "/vm7", "n7");
	assert_err(dm, XS_READ, 0, "EACCES", "/vm7");
	assert_err(dm, XS_SET_TARGET, 0, "EACCES", "8", "7");
	assert_ok(d0, XS_SET_TARGET, 0, "8", "7");
	/* Domain 8 (a device model) now acts with 7's rights. */
	assert_read(dm, 0, "/vm7", "secret");
	assert_read(xt_conn(*state, 8), 0, "/vm7", "secret");
	assert_err(d0, XS_SET_TARGET, 0, "EINVAL", "8");
	assert_err(d0, XS_SET_TARGET, 0, "EINVAL", "8", "x");
}

static void privileged_only(void **state)
{
	struct xs_conn *g = xt_conn(*state, 5);

	assert_err(g, XS_INTRODUCE, 0, "EACCES", "3", "100", "4");
	assert_err(g, XS_RELEASE, 0, "EACCES", "3");
	assert_err(g, XS_RESUME, 0, "EACCES", "3");
	assert_err(g, XS_CONTROL, 0, "EACCES", "help");
	assert_err(g, XS_SET_TARGET, 0, "EACCES", "3", "4");
	assert_err(g, XS_IS_DOMAIN_INTRODUCED, 0, "EACCES", "0");
	assert_err(g, XS_SET_PERMS, 0, "EACCES", "@releaseDomain", "r5");
	/* Xen's order: privilege before the transaction id. */
	assert_err(g, XS_INTRODUCE, 77, "EACCES", "3", "100", "4");
}

/* The dispatcher's own answers, in Xen's order (xenstored's wire_funcs). */
static void dispatch(void **state)
{
	struct xs_conn *c = xt_conn(*state, 0);
	struct xs_reply r;
	uint32_t t;

	/* No handler: WATCH_EVENT and ERROR are replies, 99 does not exist. */
	assert_err(c, XS_WATCH_EVENT, 0, "ENOSYS", "");
	assert_err(c, XS_ERROR, 0, "ENOSYS", "");
	assert_err(c, 99, 0, "ENOSYS", "");
	/* A stale transaction id: ENOENT, TRANSACTION_START included... */
	assert_err(c, XS_READ, 77, "ENOENT", "/");
	assert_err(c, XS_TRANSACTION_START, 77, "ENOENT", "");
	/* ...but WATCH and UNWATCH ignore it. */
	assert_ok(c, XS_WATCH, 77, "/w", "tok");
	assert_ok(c, XS_UNWATCH, 77, "/w", "tok");
	assert_int_equal(xt_op(c, XS_TRANSACTION_START, 0, &r, "", NULL),
			 XS_TRANSACTION_START);
	t = (uint32_t)strtoul(r.body, NULL, 10);
	assert_err(c, XS_TRANSACTION_START, t, "EBUSY", "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(hidden_existence, setup,
						teardown),
		cmocka_unit_test_setup_teardown(acl, setup, teardown),
		cmocka_unit_test_setup_teardown(inherit_and_own, setup,
						teardown),
		cmocka_unit_test_setup_teardown(bad_perms, setup, teardown),
		cmocka_unit_test_setup_teardown(target, setup, teardown),
		cmocka_unit_test_setup_teardown(dispatch, setup, teardown),
		cmocka_unit_test_setup_teardown(privileged_only, setup,
						teardown),
	};

	return cmocka_run_group_tests_name("xs_perms", tests, NULL, NULL);
}
