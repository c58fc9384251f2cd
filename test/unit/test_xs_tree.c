// SPDX-License-Identifier: MIT
/* hvstored: node database through READ/WRITE/MKDIR/RM/DIRECTORY(_PART). */
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

static void write_read(void **state)
{
	struct xs_conn *c = xt_conn(*state, 0);

	assert_write(c, 0, "/a/b/c", "hello");
	assert_read(c, 0, "/a/b/c", "hello");
	assert_read(c, 0, "/a/b", ""); /* parents made empty */
	assert_write(c, 0, "/a/b/c", "again");
	assert_read(c, 0, "/a/b/c", "again");
	assert_write(c, 0, "/a/b/c", "");
	assert_read(c, 0, "/a/b/c", "");
	assert_err(c, XS_READ, 0, "ENOENT", "/nope");
}

static void binary_values(void **state)
{
	struct xs_conn *c = xt_conn(*state, 0);
	char body[32] = "/bin";
	struct xs_reply r;

	memcpy(body + 5, "a\0b\xff", 4);
	xt_req(c, XS_WRITE, 0, body, 9, &r);
	assert_int_equal(r.hdr.type, XS_WRITE);
	assert_int_equal(xt_op(c, XS_READ, 0, &r, "/bin", NULL), XS_READ);
	assert_int_equal(r.hdr.len, 4);
	assert_memory_equal(r.body, "a\0b\xff", 4);
}

static void mkdir_rm(void **state)
{
	struct xs_conn *c = xt_conn(*state, 0);
	struct xs_reply r;

	assert_ok(c, XS_MKDIR, 0, "/d/e");
	assert_read(c, 0, "/d/e", "");
	assert_write(c, 0, "/d/e", "v");
	assert_ok(c, XS_MKDIR, 0, "/d/e"); /* exists: no change */
	assert_read(c, 0, "/d/e", "v");
	assert_write(c, 0, "/d/e/f/g", "1");
	assert_ok(c, XS_RM, 0, "/d");
	assert_err(c, XS_READ, 0, "ENOENT", "/d/e/f/g");
	assert_err(c, XS_READ, 0, "ENOENT", "/d");
	assert_ok(c, XS_RM, 0, "/d"); /* gone, parent exists: fine */
	assert_err(c, XS_RM, 0, "ENOENT", "/d/e/f");
	assert_err(c, XS_RM, 0, "EINVAL", "/");
	assert_int_equal(xt_op(c, XS_DIRECTORY, 0, &r, "/", NULL),
			 XS_DIRECTORY);
	assert_int_equal(r.hdr.len, strlen("local") + strlen("tool") + 2);
}

static void directory(void **state)
{
	struct xs_conn *c = xt_conn(*state, 0);
	struct xs_reply r;

	assert_write(c, 0, "/dir/x", "1");
	assert_write(c, 0, "/dir/y", "2");
	assert_write(c, 0, "/dir/z", "3");
	assert_ok(c, XS_RM, 0, "/dir/y");
	assert_int_equal(xt_op(c, XS_DIRECTORY, 0, &r, "/dir", NULL),
			 XS_DIRECTORY);
	assert_int_equal(r.hdr.len, 4);
	assert_memory_equal(r.body, "x\0z\0", 4);
	assert_int_equal(xt_op(c, XS_DIRECTORY, 0, &r, "/dir/x", NULL),
			 XS_DIRECTORY);
	assert_int_equal(r.hdr.len, 0);
	assert_err(c, XS_DIRECTORY, 0, "ENOENT", "/nodir");
}

/* Reassemble a directory with DIRECTORY_PART the way libxenstore does. */
static unsigned int list_by_parts(struct xs_conn *c, const char *path,
				  char *names, uint32_t *total)
{
	char gen[32] = "", off[16];
	unsigned int rounds = 0;
	struct xs_reply r;
	uint32_t o = 0, gl, l;

	for (;;) {
		snprintf(off, sizeof(off), "%u", o);
		assert_int_equal(xt_op(c, XS_DIRECTORY_PART, 0, &r, path, off,
				       NULL),
				 XS_DIRECTORY_PART);
		if (!rounds)
			strcpy(gen, r.body);
		assert_string_equal(gen, r.body);
		gl = (uint32_t)strlen(r.body) + 1;
		l = r.hdr.len - gl;
		memcpy(names + o, r.body + gl, l);
		o += l;
		rounds++;
		if (o <= 1 || names[o - 2] == 0)
			break;
	}
	*total = o - 1; /* drop the terminating empty name */
	return rounds;
}

static void directory_part(void **state)
{
	struct xs_conn *c = xt_conn(*state, 0);
	static char names[65536];
	char path[64];
	struct xs_reply r;
	uint32_t total, i, n = 0;
	const char *p;

	for (i = 0; i < 500; i++) {
		snprintf(path, sizeof(path), "/big/entry-number-%u", i);
		assert_write(c, 0, path, "x");
	}
	assert_err(c, XS_DIRECTORY, 0, "E2BIG", "/big");
	assert_true(list_by_parts(c, "/big", names, &total) > 1);
	for (p = names; p < names + total; p += strlen(p) + 1) {
		snprintf(path, sizeof(path), "entry-number-%u", n++);
		assert_string_equal(p, path);
	}
	assert_int_equal(n, 500);

	/* Small directory: one round, list ends with an empty name. */
	assert_write(c, 0, "/small/a", "");
	assert_int_equal(list_by_parts(c, "/small", names, &total), 1);
	assert_int_equal(total, 2);
	/* Past the end: just the generation and the empty name. */
	assert_int_equal(xt_op(c, XS_DIRECTORY_PART, 0, &r, "/small", "999",
			       NULL),
			 XS_DIRECTORY_PART);
	assert_int_equal(r.hdr.len, strlen(r.body) + 2);
	assert_err(c, XS_DIRECTORY_PART, 0, "EINVAL", "/small", "-1");
	assert_err(c, XS_DIRECTORY_PART, 0, "EINVAL", "/small");
}

static void paths(void **state)
{
	struct xs_conn *c = xt_conn(*state, 0), *g = xt_conn(*state, 7);
	char longp[XENSTORE_ABS_PATH_MAX + 2];
	char rel[XENSTORE_REL_PATH_MAX + 2];

	assert_err(c, XS_WRITE, 0, "EINVAL", "/a//b", "");
	assert_err(c, XS_WRITE, 0, "EINVAL", "/a/b/", "");
	assert_err(c, XS_WRITE, 0, "EINVAL", "/a b", "");
	assert_err(c, XS_WRITE, 0, "EINVAL", "/a\xc3\xa9", "");
	assert_err(c, XS_READ, 0, "EINVAL", "");
	assert_err(c, XS_READ, 0, "EINVAL", "@introduceDomain");
	assert_write(c, 0, "/ok/A-z_0@9", "fine");

	/* Relative paths live under /local/domain/<domid>. */
	assert_write(c, 0, "rel/x", "0");
	assert_read(c, 0, "/local/domain/0/rel/x", "0");
	assert_ok(c, XS_SET_PERMS, 0, "/local/domain", "r0");
	assert_ok(c, XS_MKDIR, 0, "/local/domain/7");
	assert_ok(c, XS_SET_PERMS, 0, "/local/domain/7", "b7");
	assert_write(g, 0, "device/vif", "1");
	assert_read(c, 0, "/local/domain/7/device/vif", "1");

	/* Longest absolute path passes, one more character fails. */
	memset(longp, 'p', sizeof(longp));
	longp[0] = '/';
	longp[XENSTORE_ABS_PATH_MAX] = 0;
	assert_write(c, 0, longp, "edge");
	assert_read(c, 0, longp, "edge");
	longp[XENSTORE_ABS_PATH_MAX] = 'p';
	longp[XENSTORE_ABS_PATH_MAX + 1] = 0;
	{
		struct xs_reply r;
		char body[XENSTORE_PAYLOAD_MAX];
		uint32_t l = xt_args(body, longp, NULL);

		xt_req(c, XS_READ, 0, body, l, &r);
		assert_int_equal(r.hdr.type, XS_ERROR);
		assert_string_equal(r.body, "EINVAL");
	}
	memset(rel, 'r', sizeof(rel));
	rel[XENSTORE_REL_PATH_MAX + 1] = 0;
	assert_err(g, XS_READ, 0, "EINVAL", rel);
}

static void limits(void **state)
{
	struct xs_conn *c = xt_conn(*state, 0);
	static char val[XENSTORE_PAYLOAD_MAX];
	uint32_t vl = XENSTORE_PAYLOAD_MAX - 3; /* "/v\0" + value */
	char body[XENSTORE_PAYLOAD_MAX];
	struct xs_reply r;

	memset(val, 'v', vl);
	memcpy(body, "/v", 3);
	memcpy(body + 3, val, vl);
	xt_req(c, XS_WRITE, 0, body, XENSTORE_PAYLOAD_MAX, &r);
	assert_int_equal(r.hdr.type, XS_WRITE);
	assert_int_equal(xt_op(c, XS_READ, 0, &r, "/v", NULL), XS_READ);
	assert_int_equal(r.hdr.len, vl);
	assert_memory_equal(r.body, val, vl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(write_read, setup, teardown),
		cmocka_unit_test_setup_teardown(binary_values, setup, teardown),
		cmocka_unit_test_setup_teardown(mkdir_rm, setup, teardown),
		cmocka_unit_test_setup_teardown(directory, setup, teardown),
		cmocka_unit_test_setup_teardown(directory_part, setup,
						teardown),
		cmocka_unit_test_setup_teardown(paths, setup, teardown),
		cmocka_unit_test_setup_teardown(limits, setup, teardown),
	};

	return cmocka_run_group_tests_name("xs_tree", tests, NULL, NULL);
}
