// SPDX-License-Identifier: GPL-2.0
/*
 * The frame table (hv/common/frame.c): a frame is its owner's alone to
 * reference, the last reference frees it (once), a freed or hv frame
 * cannot be referenced again, and the hv's own misuse (a put too many,
 * a frame assigned twice, an mfn beyond RAM) panics rather than going on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/domain.h>
#include <hv/frame.h>
#include <hv/mm.h>
#include <asm/page.h>

#define NR 64
static u64 storage[NR];
static mfn_t freed[NR];
static unsigned int nr_freed;
static jmp_buf on_panic;

void free_pages(void *va, unsigned int order)
{
	assert_int_equal(order, 0);
	freed[nr_freed++] = __pa(va) >> PAGE_SHIFT;
}

void panic(const char *fmt, ...)
{
	longjmp(on_panic, 1);
}

static struct domain d1 = { .id = 1 }, d2 = { .id = 2 };

static int setup(void **state)
{
	frame_table_init(storage, NR);
	nr_freed = 0;
	return 0;
}

static void test_owner_refs(void **state)
{
	frame_assign(8, 2, &d1); /* frames 8-11 */
	assert_int_equal(frame_refs(8), 1);
	assert_int_equal(frame_refs(11), 1);
	assert_int_equal(frame_refs(12), 0);
	assert_true(frame_get(9, &d1));
	assert_false(frame_get(9, &d2)); /* not d2's */
	assert_false(frame_get(12, &d1)); /* nobody's (free or the hv's) */
	assert_false(frame_get(NR, &d1)); /* beyond RAM: refused, no panic */
	assert_false(frame_get(~0ULL, &d1));
	assert_int_equal(frame_refs(9), 2);
	frame_put(9); /* the peer's */
	assert_int_equal(nr_freed, 0);
	frame_put(9); /* the owner's: freed */
	assert_int_equal(nr_freed, 1);
	assert_int_equal(freed[0], 9);
	assert_false(frame_get(9, &d1)); /* gone, even for its old owner */
}

/* The owner lets go first; the last peer frees it. */
static void test_peer_outlives_owner(void **state)
{
	frame_assign(20, 0, &d2);
	assert_true(frame_get(20, &d2));
	assert_true(frame_get(20, &d2));
	frame_put(20); /* owner balloons it out */
	frame_put(20);
	assert_int_equal(nr_freed, 0);
	assert_false(frame_get(20, &d1));
	frame_put(20);
	assert_int_equal(nr_freed, 1);
	assert_int_equal(freed[0], 20);
	/* Free again: it may be handed to another domain. */
	frame_assign(20, 0, &d1);
	assert_true(frame_get(20, &d1));
	assert_false(frame_get(20, &d2));
}

static void test_misuse_panics(void **state)
{
	if (!setjmp(on_panic)) {
		frame_put(30); /* never assigned */
		fail_msg("put of a free frame went on");
	}
	frame_assign(31, 0, &d1);
	if (!setjmp(on_panic)) {
		frame_assign(31, 0, &d2);
		fail_msg("assigned twice");
	}
	if (!setjmp(on_panic)) {
		frame_put(NR + 5);
		fail_msg("put beyond RAM went on");
	}
	assert_int_equal(nr_freed, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_owner_refs, setup),
		cmocka_unit_test_setup(test_peer_outlives_owner, setup),
		cmocka_unit_test_setup(test_misuse_panics, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
