// SPDX-License-Identifier: GPL-2.0
/* Unit tests for the buddy page-frame allocator (hv/common/page_alloc.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/compiler.h>
#include <hv/errno.h>
#include <hv/page_alloc.h>

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)
#define FAIL PAGE_ALLOC_FAIL

struct fixture {
	struct page_alloc pa;
	void *meta;
};

static struct page_alloc *setup_pa(struct fixture *fx, u64 nr_frames)
{
	size_t sz = page_alloc_meta_size(nr_frames);

	assert_true(sz > 0);
	fx->meta = malloc(sz);
	assert_non_null(fx->meta);
	assert_int_equal(page_alloc_init(&fx->pa, nr_frames, fx->meta, sz), 0);
	return &fx->pa;
}

static void teardown_pa(struct fixture *fx)
{
	free(fx->meta);
}

static void test_init_errors(void **state)
{
	struct page_alloc pa;
	static u32 meta[64];

	assert_int_equal(page_alloc_meta_size(0), 0);
	assert_int_equal(page_alloc_meta_size(1ULL << 40), 0);
	assert_int_equal(page_alloc_init(&pa, 0, meta, sizeof(meta)), -EINVAL);
	assert_int_equal(page_alloc_init(&pa, 16, NULL, 1024), -EINVAL);
	assert_int_equal(page_alloc_init(&pa, 16, meta, 16), -EINVAL);
	assert_non_null(pa.why);
	assert_int_equal(page_alloc_init(&pa, 16, (char *)meta + 1,
					 sizeof(meta) - 1), -EINVAL);
	assert_int_equal(page_alloc_init(&pa, 16, meta, sizeof(meta)), 0);
	/* Unsealed allocator hands out nothing; all frames start reserved. */
	assert_int_equal(page_alloc_alloc(&pa, 0), FAIL);
	assert_int_equal(page_alloc_seal(&pa), 0);
	assert_int_equal(page_alloc_total_frames(&pa), 0);
	assert_int_equal(page_alloc_alloc(&pa, 0), FAIL);
}

static void test_lifecycle_errors(void **state)
{
	struct fixture fx;
	struct page_alloc *pa = setup_pa(&fx, 64);

	assert_int_equal(page_alloc_add_range(pa, 0, 64 * PAGE_SIZE), 0);
	assert_int_equal(page_alloc_free(pa, 0, 0), -EINVAL); /* not sealed */
	assert_int_equal(page_alloc_seal(pa), 0);
	assert_int_equal(page_alloc_seal(pa), -EBUSY);
	assert_int_equal(page_alloc_add_range(pa, 0, PAGE_SIZE), -EBUSY);
	assert_int_equal(page_alloc_reserve_range(pa, 0, PAGE_SIZE), -EBUSY);
	assert_int_equal(page_alloc_total_frames(pa), 64);
	assert_int_equal(page_alloc_alloc(pa, PAGE_ALLOC_MAX_ORDER + 1), FAIL);
	assert_int_equal(page_alloc_alloc(pa, 7), FAIL); /* 128 > 64 frames */
	assert_int_equal(page_alloc_alloc(pa, 6), 0);
	assert_int_equal(page_alloc_free_frames(pa), 0);
	teardown_pa(&fx);
}

static void test_rounding_and_clipping(void **state)
{
	struct fixture fx;
	struct page_alloc *pa = setup_pa(&fx, 16);

	/* Inward: frames 2, 3, 4. Outward reserve: frames 3, 4. */
	page_alloc_add_range(pa, 0x1001, 0x5fff);
	page_alloc_reserve_range(pa, 0x3fff, 0x4001);
	/* Empty and inverted ranges do nothing. */
	page_alloc_add_range(pa, 0x9000, 0x9000);
	page_alloc_add_range(pa, 0xa000, 0x9000);
	/* Past the end: clipped, and ~0 must not overflow. */
	page_alloc_add_range(pa, 14 * PAGE_SIZE, ~0ULL);
	page_alloc_reserve_range(pa, ~0ULL - 5, ~0ULL);
	page_alloc_add_range(pa, ~0ULL - 5, ~0ULL);
	page_alloc_seal(pa);
	assert_int_equal(page_alloc_total_frames(pa), 3);
	assert_int_equal(page_alloc_alloc(pa, 1), 14 * PAGE_SIZE);
	assert_int_equal(page_alloc_alloc(pa, 0), 2 * PAGE_SIZE);
	assert_int_equal(page_alloc_alloc(pa, 0), FAIL);
	teardown_pa(&fx);
}

static void test_alignment_every_order(void **state)
{
	struct fixture fx;
	u64 nr = 3 * GiB / PAGE_SIZE;
	struct page_alloc *pa = setup_pa(&fx, nr);
	unsigned int o;

	/* Odd start so the allocator has to split and align. */
	page_alloc_add_range(pa, 0x7000, 3 * GiB);
	page_alloc_seal(pa);
	assert_int_equal(page_alloc_total_frames(pa), nr - 7);
	for (o = 0; o <= PAGE_ALLOC_MAX_ORDER; o++) {
		u64 a = page_alloc_alloc(pa, o);

		assert_int_not_equal(a, FAIL);
		assert_int_equal(a & ((PAGE_SIZE << o) - 1), 0);
		assert_true(a + (PAGE_SIZE << o) <= 3 * GiB);
		assert_true(a >= 0x7000);
	}
	/* The guest-memory case: 2 MiB aligned 2 MiB chunks. */
	for (o = 0; o < 100; o++) {
		u64 a = page_alloc_alloc(pa, 9);

		assert_int_not_equal(a, FAIL);
		assert_int_equal(a & (2 * MiB - 1), 0);
	}
	teardown_pa(&fx);
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static void test_exhaustion(void **state)
{
	struct fixture fx;
	u64 nr = 1024, total, i, n = 0;
	struct page_alloc *pa = setup_pa(&fx, nr);
	u64 *got = calloc(nr, sizeof(*got));

	page_alloc_add_range(pa, 0, 300 * PAGE_SIZE);
	page_alloc_add_range(pa, 301 * PAGE_SIZE, 1024 * PAGE_SIZE);
	page_alloc_seal(pa);
	total = page_alloc_total_frames(pa);
	assert_int_equal(total, 1023);
	while ((got[n] = page_alloc_alloc(pa, 0)) != FAIL)
		n++;
	assert_int_equal(n, total);
	assert_int_equal(page_alloc_free_frames(pa), 0);
	assert_int_equal(page_alloc_alloc(pa, 0), FAIL);
	assert_int_equal(page_alloc_alloc_below(pa, 0, ~0ULL), FAIL);
	qsort(got, n, sizeof(*got), cmp_u64);
	for (i = 1; i < n; i++)
		assert_true(got[i] > got[i - 1]);
	assert_int_not_equal(got[300], 300 * PAGE_SIZE); /* the hole */
	/* Free in a scrambled order; merging must rebuild big blocks. */
	for (i = 0; i < n; i += 2)
		assert_int_equal(page_alloc_free(pa, got[i], 0), 0);
	for (i = 1; i < n; i += 2)
		assert_int_equal(page_alloc_free(pa, got[i], 0), 0);
	assert_int_equal(page_alloc_free_frames(pa), total);
	/* [0,300) holds a 256-frame block; [301,1024) holds 512 at 512. */
	assert_int_equal(page_alloc_alloc(pa, 9), 512 * PAGE_SIZE);
	assert_int_equal(page_alloc_alloc(pa, 8), 0);
	assert_int_equal(page_alloc_alloc(pa, 9), FAIL);
	free(got);
	teardown_pa(&fx);
}

static void test_bad_frees(void **state)
{
	struct fixture fx;
	struct page_alloc *pa = setup_pa(&fx, 256);
	u64 a, b, freeb;

	page_alloc_add_range(pa, 0, 256 * PAGE_SIZE);
	page_alloc_reserve_range(pa, 0, 1); /* frame 0 */
	page_alloc_reserve_range(pa, 100 * PAGE_SIZE, 101 * PAGE_SIZE);
	page_alloc_seal(pa);
	a = page_alloc_alloc(pa, 2);
	b = page_alloc_alloc(pa, 0);
	assert_int_not_equal(a, FAIL);
	assert_int_not_equal(b, FAIL);
	freeb = page_alloc_free_frames(pa);

	assert_int_equal(page_alloc_free(pa, a + 1, 2), -EINVAL);
	assert_string_equal(pa->why,
			    "page_alloc: free of a misaligned address");
	assert_int_equal(page_alloc_free(pa, a + PAGE_SIZE, 0), -EINVAL);
	assert_int_equal(page_alloc_free(pa, a + 2 * PAGE_SIZE, 1), -EINVAL);
	assert_int_equal(page_alloc_free(pa, a, 1), -EINVAL);
	assert_non_null(strstr(pa->why, "order different"));
	assert_int_equal(page_alloc_free(pa, a, 3), -EINVAL);
	assert_int_equal(page_alloc_free(pa, a, 19), -EINVAL);
	assert_int_equal(page_alloc_free(pa, 0, 0), -EINVAL);
	assert_non_null(strstr(pa->why, "reserved"));
	assert_int_equal(page_alloc_free(pa, 100 * PAGE_SIZE, 0), -EINVAL);
	assert_int_equal(page_alloc_free(pa, 256 * PAGE_SIZE, 0), -EINVAL);
	assert_non_null(strstr(pa->why, "out of range"));
	assert_int_equal(page_alloc_free(pa, 192 * PAGE_SIZE, 7), -EINVAL);
	assert_int_equal(page_alloc_free(pa, ~0ULL & PAGE_MASK, 0), -EINVAL);
	/* A frame that was never allocated. */
	assert_int_equal(page_alloc_free(pa, 200 * PAGE_SIZE, 0), -EINVAL);
	assert_int_equal(page_alloc_free_frames(pa), freeb);

	assert_int_equal(page_alloc_free(pa, a, 2), 0);
	assert_int_equal(page_alloc_free(pa, a, 2), -EINVAL);
	assert_int_equal(page_alloc_free(pa, b, 0), 0);
	assert_int_equal(page_alloc_free(pa, b, 0), -EINVAL);
	assert_int_equal(page_alloc_free(pa, a, 0), -EINVAL);
	assert_int_equal(page_alloc_free_frames(pa), 254);
	teardown_pa(&fx);
}

/* Reserved ranges (frame 0, hv image, modules) are never handed out. */
static void check_reserved_never_given(bool reserve_first)
{
	struct fixture fx;
	u64 nr = 16 * MiB / PAGE_SIZE, a, n = 0;
	struct page_alloc *pa = setup_pa(&fx, nr);
	static const u64 resv[][2] = {
		{ 0, 1 },				/* frame 0 */
		{ 0x9f000, 0x100000 },			/* legacy hole */
		{ 0x100000, 0x100000 + 1234567 },	/* hv image */
		{ 0x800123, 0x8a0000 },			/* module */
		{ 0xfff000, 0x1000001 },		/* past the end */
	};
	unsigned int i;

	if (!reserve_first)
		page_alloc_add_range(pa, 0, 16 * MiB);
	for (i = 0; i < ARRAY_SIZE(resv); i++)
		page_alloc_reserve_range(pa, resv[i][0], resv[i][1]);
	if (reserve_first)
		page_alloc_add_range(pa, 0, 16 * MiB);
	page_alloc_seal(pa);
	while ((a = page_alloc_alloc(pa, 0)) != FAIL) {
		for (i = 0; i < ARRAY_SIZE(resv); i++)
			assert_false(a + PAGE_SIZE > resv[i][0] &&
				     a < resv[i][1]);
		n++;
	}
	assert_int_equal(n, nr - 1 - (0x100 - 0x9f) - 302 - 0xa0 - 1);
	teardown_pa(&fx);
}

static void test_reserved_after_add(void **state)
{
	check_reserved_never_given(false);
}

static void test_reserved_before_add(void **state)
{
	check_reserved_never_given(true);
}

static void test_alloc_below(void **state)
{
	struct fixture fx;
	struct page_alloc *pa = setup_pa(&fx, 4096);
	u64 a;
	int n = 0;

	page_alloc_add_range(pa, 0x1000, 4096 * PAGE_SIZE);
	page_alloc_seal(pa);
	while ((a = page_alloc_alloc_below(pa, 0, 1 * MiB)) != FAIL) {
		assert_true(a + PAGE_SIZE <= 1 * MiB);
		n++;
	}
	assert_int_equal(n, 255);
	assert_int_equal(page_alloc_alloc_below(pa, 0, 0), FAIL);
	assert_int_equal(page_alloc_alloc_below(pa, 0, 1 * MiB), FAIL);
	a = page_alloc_alloc_below(pa, 4, 2 * MiB);
	assert_true(a >= 1 * MiB && a + 16 * PAGE_SIZE <= 2 * MiB);
	assert_int_equal(a & (16 * PAGE_SIZE - 1), 0);
	assert_int_equal(page_alloc_alloc_below(pa, 19, ~0ULL), FAIL);
	teardown_pa(&fx);
}

/* A split block frees page by page, in any order, and merges back whole. */
static void test_split(void **state)
{
	struct fixture fx;
	struct page_alloc *pa = setup_pa(&fx, 4096);
	u64 a, total;

	page_alloc_add_range(pa, 0, 4096 * PAGE_SIZE);
	page_alloc_seal(pa);
	total = page_alloc_free_frames(pa);
	a = page_alloc_alloc(pa, 9);
	assert_int_not_equal(a, FAIL);
	assert_int_equal(page_alloc_split(pa, a + PAGE_SIZE, 9), -EINVAL);
	assert_int_equal(page_alloc_split(pa, a, 8), -EINVAL);
	assert_int_equal(page_alloc_split(pa, a, 9), 0);
	assert_int_equal(page_alloc_free(pa, a, 9), -EINVAL);
	for (int i = 511; i >= 0; i--)
		assert_int_equal(page_alloc_free(pa, a + i * PAGE_SIZE, 0), 0);
	assert_int_equal(page_alloc_free(pa, a + 7 * PAGE_SIZE, 0), -EINVAL);
	assert_int_equal(page_alloc_free_frames(pa), total);
	assert_int_equal(page_alloc_alloc(pa, 12), 0); /* merged back whole */
	teardown_pa(&fx);
}

/* Random alloc/free against a shadow map of owners: no overlap, no leak. */
static void test_random_stress(void **state)
{
	enum { NR = 8192, SLOTS = 512 };
	struct fixture fx;
	struct page_alloc *pa = setup_pa(&fx, NR);
	static int owner[NR];
	static u64 slot_addr[SLOTS];
	static unsigned int slot_order[SLOTS];
	u64 total, used = 0, f;
	int i, s;

	srand(12345);
	page_alloc_add_range(pa, 0, NR * PAGE_SIZE);
	page_alloc_reserve_range(pa, 0, 3 * PAGE_SIZE);
	page_alloc_reserve_range(pa, 1000 * PAGE_SIZE, 1003 * PAGE_SIZE + 1);
	page_alloc_reserve_range(pa, 5000 * PAGE_SIZE, 6000 * PAGE_SIZE);
	page_alloc_seal(pa);
	total = page_alloc_total_frames(pa);
	for (f = 0; f < NR; f++)
		owner[f] = -1;
	for (s = 0; s < SLOTS; s++)
		slot_addr[s] = FAIL;
	for (i = 0; i < 200000; i++) {
		s = rand() % SLOTS;
		if (slot_addr[s] == FAIL) {
			unsigned int o = rand() % 8;
			u64 a = page_alloc_alloc(pa, o);

			if (a == FAIL)
				continue;
			assert_int_equal(a & ((PAGE_SIZE << o) - 1), 0);
			for (f = a / PAGE_SIZE; f < a / PAGE_SIZE + (1u << o);
			     f++) {
				assert_int_equal(owner[f], -1);
				assert_false(f < 3 || (f >= 1000 && f < 1004) ||
					     (f >= 5000 && f < 6000));
				owner[f] = s;
			}
			slot_addr[s] = a;
			slot_order[s] = o;
			used += 1u << o;
		} else {
			u64 a = slot_addr[s];
			unsigned int o = slot_order[s];

			assert_int_equal(page_alloc_free(pa, a, o), 0);
			for (f = a / PAGE_SIZE; f < a / PAGE_SIZE + (1u << o);
			     f++)
				owner[f] = -1;
			slot_addr[s] = FAIL;
			used -= 1u << o;
		}
		assert_int_equal(page_alloc_free_frames(pa), total - used);
	}
	for (s = 0; s < SLOTS; s++)
		if (slot_addr[s] != FAIL)
			assert_int_equal(page_alloc_free(pa, slot_addr[s],
							 slot_order[s]), 0);
	assert_int_equal(page_alloc_free_frames(pa), total);
	/* Fully merged again: [4096, 5000) still yields a 512-frame block. */
	assert_int_equal(page_alloc_alloc(pa, 12), FAIL);
	assert_int_not_equal(page_alloc_alloc(pa, 11), FAIL);
	teardown_pa(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_errors),
		cmocka_unit_test(test_lifecycle_errors),
		cmocka_unit_test(test_rounding_and_clipping),
		cmocka_unit_test(test_alignment_every_order),
		cmocka_unit_test(test_exhaustion),
		cmocka_unit_test(test_bad_frees),
		cmocka_unit_test(test_reserved_after_add),
		cmocka_unit_test(test_reserved_before_add),
		cmocka_unit_test(test_alloc_below),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_random_stress),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
