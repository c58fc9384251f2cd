// SPDX-License-Identifier: GPL-2.0
/*
 * The frame table (hv/common/frame.c): a frame is its owner's alone to
 * reference, the last reference frees it (once), a freed frame reaches
 * the allocator only cleared, a freed or hv frame cannot be referenced
 * again, and the hv's own misuse (a put too many, a frame assigned
 * twice, an mfn beyond RAM) panics rather than going on.
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
static bool cleared[NR];
static jmp_buf on_panic;

void clear_pages(void *va, unsigned int order)
{
	assert_int_equal(order, 0);
	cleared[__pa(va) >> PAGE_SHIFT] = true;
}

/* The allocator: only cleared frames, each once. */
void free_pages(void *va, unsigned int order)
{
	mfn_t mfn = __pa(va) >> PAGE_SHIFT;

	assert_int_equal(order, 0);
	assert_true(cleared[mfn]);
	cleared[mfn] = false;
	freed[nr_freed++] = mfn;
}

void panic(const char *fmt, ...)
{
	longjmp(on_panic, 1);
}

static struct domain d1 = { .id = 1 }, d2 = { .id = 2 };

static int setup(void **state)
{
	while (frame_scrub(NR)) /* the last test's leftovers */
		;
	frame_table_init(storage, NR);
	memset(cleared, 0, sizeof(cleared));
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
	assert_int_equal(frames_dirty(), 0);
	frame_put(9); /* the owner's: freed, waiting to be cleared */
	assert_int_equal(frames_dirty(), 1);
	assert_int_equal(frame_refs(9), 0);
	assert_false(frame_get(9, &d1)); /* gone, even for its old owner */
	assert_int_equal(nr_freed, 0);
	assert_int_equal(frame_scrub(5), 1);
	assert_int_equal(nr_freed, 1);
	assert_int_equal(freed[0], 9);
	assert_int_equal(frames_dirty(), 0);
	assert_int_equal(frame_scrub(5), 0);
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
	assert_int_equal(frames_dirty(), 1);
	assert_int_equal(frame_scrub(1), 1);
	assert_int_equal(freed[0], 20);
	/* Free again: it may be handed to another domain, once the
	 * allocation has taken its cleared mark. */
	assert_true(frame_take_zero(20));
	frame_assign(20, 0, &d1);
	assert_true(frame_get(20, &d1));
	assert_false(frame_get(20, &d2));
}

/* Frames freed in any order are each cleared and freed once; a bounded
 * scrub stops at its bound and the rest wait. */
static void test_scrub_list(void **state)
{
	bool seen[NR] = { false };

	frame_assign(32, 3, &d1); /* frames 32-39 */
	frame_assign(40, 0, &d2);
	for (mfn_t m = 39; m >= 32; m--)
		frame_put(m);
	frame_put(40);
	assert_int_equal(frames_dirty(), 9);
	assert_int_equal(frame_refs(40), 0); /* a link is not a count */
	assert_int_equal(frame_scrub(4), 4);
	assert_int_equal(frames_dirty(), 5);
	assert_int_equal(frame_scrub(100), 5);
	assert_int_equal(frames_dirty(), 0);
	assert_int_equal(nr_freed, 9);
	for (unsigned int i = 0; i < nr_freed; i++) {
		assert_false(seen[freed[i]]);
		seen[freed[i]] = true;
	}
	for (mfn_t m = 32; m <= 40; m++)
		assert_true(seen[m]);
	/* Cleared frames are known zero until allocated again, once. */
	assert_true(frame_take_zero(33));
	assert_false(frame_take_zero(33));
	assert_false(frame_take_zero(50)); /* never a guest's: unknown */
	frame_assign(33, 0, &d2); /* the mark is gone: no "twice" panic */
	assert_int_equal(frame_refs(33), 1);
	/* A dirty frame is not the allocator's yet. */
	frame_assign(41, 0, &d1);
	frame_put(41);
	if (!setjmp(on_panic)) {
		frame_assign(41, 0, &d2);
		fail_msg("a dirty frame was assigned");
	}
	assert_int_equal(frame_scrub(1), 1);
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
		cmocka_unit_test_setup(test_scrub_list, setup),
		cmocka_unit_test_setup(test_misuse_panics, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
