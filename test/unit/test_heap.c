// SPDX-License-Identifier: GPL-2.0
/* Unit tests for the kernel heap (hv/common/heap.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/errno.h>
#include <hv/heap.h>

/*
 * The page source: one big page-aligned pool, like the hv's direct map, so
 * the page before any page handed out is readable. Runs given back are
 * only reused for the same order, so a stale pointer still points into
 * memory that holds what the heap last wrote there.
 */
#define POOL_PAGES 16384

struct run {
	char *p;
	unsigned int order;
	bool live;
};

static char *pool;
static long pool_next; /* first never-used page; page 0 is a guard */
static struct run runs[4096];
static int nr_runs;
static long budget; /* pages that may still be handed out */
static bool misalign_next;

static void *fake_get(unsigned int order, void *ctx)
{
	char *p;

	assert_ptr_equal(ctx, &budget);
	if (budget < (1L << order))
		return NULL;
	budget -= 1L << order;
	for (int i = 0; i < nr_runs && !misalign_next; i++) {
		if (!runs[i].live && runs[i].order == order &&
		    !((uintptr_t)runs[i].p & (PAGE_SIZE - 1))) {
			runs[i].live = true;
			return runs[i].p;
		}
	}
	assert_true(nr_runs < 4096);
	assert_true(pool_next + (1L << order) <= POOL_PAGES);
	p = pool + pool_next * PAGE_SIZE;
	pool_next += 1L << order;
	if (misalign_next) {
		misalign_next = false;
		p += 64;
	}
	runs[nr_runs++] = (struct run){ p, order, true };
	return p;
}

static void fake_put(void *p, unsigned int order, void *ctx)
{
	for (int i = 0; i < nr_runs; i++) {
		if (runs[i].p == p && runs[i].live) {
			assert_int_equal(runs[i].order, order);
			runs[i].live = false;
			budget += 1L << order;
			return;
		}
	}
	fail_msg("put_pages of %p that the heap did not get", p);
}

static int live_runs(void)
{
	int n = 0;

	for (int i = 0; i < nr_runs; i++)
		n += runs[i].live;
	return n;
}

static const char *last_report;
static void *last_report_p;
static int nr_reports;

void heap_report(const char *msg, void *p)
{
	last_report = msg;
	last_report_p = p;
	nr_reports++;
}

static struct heap heap;

#ifdef CONFIG_DEBUG_POISON
#define CONFIG_POISON_ON 1
#else
#define CONFIG_POISON_ON 0
#endif

static int setup(void **state)
{
	pool = aligned_alloc(PAGE_SIZE, POOL_PAGES * PAGE_SIZE);
	pool_next = 1;
	nr_runs = 0;
	budget = 1L << 20;
	nr_reports = 0;
	last_report = NULL;
	heap_init(&heap, fake_get, fake_put, &budget);
	return 0;
}

static int teardown(void **state)
{
	free(pool);
	return 0;
}

static void expect_report(const char *msg)
{
	assert_non_null(last_report);
	if (!strstr(last_report, msg))
		fail_msg("report \"%s\", expected \"%s\"", last_report, msg);
	last_report = NULL;
}

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((void *const *)a)[0];
	uintptr_t y = (uintptr_t)((void *const *)b)[0];

	return x < y ? -1 : x > y;
}

struct blk {
	void *p;
	size_t size;
};

static void test_sizes_alignments(void **state)
{
	static const size_t sizes[] = { 1, 15, 16, 17, 31, 64, 100, 255, 256,
					1000, 1024, 2000, 2048, 2049, 4000,
					4096, 5000, 12345, 70000 };
	static struct blk b[19 * 14];
	int n = 0;

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		for (size_t a = 0; a <= PAGE_SIZE; a = a ? a * 2 : 1) {
			size_t want = a > 16 ? a : 16;
			void *p = heap_alloc(&heap, sizes[i], a);

			assert_non_null(p);
			assert_int_equal((uintptr_t)p & (want - 1), 0);
			memset(p, n & 0xff, sizes[i]);
			b[n++] = (struct blk){ p, sizes[i] };
		}
	}
	qsort(b, n, sizeof(b[0]), cmp_ptr);
	for (int i = 1; i < n; i++)
		assert_true((char *)b[i - 1].p + b[i - 1].size <=
			    (char *)b[i].p);
	for (int i = 0; i < n; i++)
		assert_int_equal(heap_free(&heap, b[i].p), 0);
	assert_int_equal(heap_bytes_in_use(&heap), 0);
	/* At most one cached slab per class stays. */
	assert_true(heap_pages_held(&heap) <= HEAP_NR_CLASSES);
	assert_int_equal(live_runs(), heap_pages_held(&heap));
	assert_int_equal(nr_reports, 0);
}

static void test_bad_args(void **state)
{
	assert_null(heap_alloc(&heap, 0, 0));
	assert_null(heap_alloc(&heap, 16, 3));
	assert_null(heap_alloc(&heap, 16, 48));
	assert_null(heap_alloc(&heap, 16, 8192));
	assert_null(heap_alloc(&heap, SIZE_MAX, 0));
	assert_null(heap_alloc(&heap, SIZE_MAX - 10, 4096));
	assert_null(heap_alloc(&heap, ((size_t)PAGE_SIZE << HEAP_MAX_ORDER),
			       16));
	assert_int_equal(heap_free(&heap, NULL), 0);
	assert_int_equal(heap_pages_held(&heap), 0);
	assert_int_equal(nr_reports, 0);
}

static void test_double_free(void **state)
{
	void *a = heap_alloc(&heap, 40, 0);
	void *b = heap_alloc(&heap, 40, 0);
	void *big = heap_alloc(&heap, 10000, 0);
	void *pg = heap_alloc(&heap, 3000, 4096);

	assert_int_equal(heap_free(&heap, a), 0);
	assert_int_equal(heap_free(&heap, a), -EINVAL);
	expect_report("double free");
	assert_ptr_equal(last_report_p, a);
	assert_int_equal(heap_free(&heap, big), 0);
	assert_int_equal(heap_free(&heap, big), -EINVAL);
	expect_report("double free");
	assert_int_equal(heap_free(&heap, pg), 0);
	assert_int_equal(heap_free(&heap, pg), -EINVAL);
	assert_int_equal(heap_free(&heap, b), 0);
	assert_int_equal(heap_bytes_in_use(&heap), 0);
}

static void test_foreign_pointers(void **state)
{
	char *buf = aligned_alloc(PAGE_SIZE, 2 * PAGE_SIZE);
	struct heap other;
	char *p, *q;

	memset(buf, 0, 2 * PAGE_SIZE);
	assert_int_equal(heap_free(&heap, buf + PAGE_SIZE + 64), -EINVAL);
	expect_report("not from this heap");
	assert_int_equal(heap_free(&heap, buf + PAGE_SIZE), -EINVAL);
	assert_int_equal(heap_free(&heap, buf + 32), -EINVAL);

	p = heap_alloc(&heap, 64, 0);
	assert_int_equal(heap_free(&heap, p + 1), -EINVAL);
	expect_report("misaligned");
	assert_int_equal(heap_free(&heap, p + 16), -EINVAL);
	expect_report("inside a block");
	/* The slab header area at the end of the page. */
	q = (char *)((uintptr_t)p | (PAGE_SIZE - 16));
	assert_int_equal(heap_free(&heap, q), -EINVAL);

	/*
	 * A block of one heap is foreign to another. (Not p: at offset 0 of
	 * its page, the check would read the page before, outside the test's
	 * allocation; the hv's direct map has it.)
	 */
	heap_init(&other, fake_get, fake_put, &budget);
	q = heap_alloc(&heap, 64, 0);
	assert_int_equal(heap_free(&other, q), -EINVAL);
	assert_int_equal(heap_free(&heap, q), 0);
	q = heap_alloc(&heap, 9000, 0);
	assert_int_equal(heap_free(&other, q), -EINVAL);
	assert_int_equal(heap_free(&heap, q + 64), -EINVAL);
	assert_int_equal(heap_free(&heap, q), 0);
	assert_int_equal(heap_free(&heap, p), 0);
	free(buf);
}

static void test_corrupted_headers(void **state)
{
	char *big = heap_alloc(&heap, 10000, 0);
	char *small = heap_alloc(&heap, 100, 0);
	char *hdr;
	char save[64];

	/* The large header sits just before the data. */
	memcpy(save, big - 64, 64);
	memset(big - 16, 0x55, 16);
	memset(big - 48, 0x55, 8);
	assert_int_equal(heap_free(&heap, big), -EINVAL);
	memcpy(big - 64, save, 64);
	assert_int_equal(heap_free(&heap, big), 0);

	/* The slab header's magic, at the end of the page. */
	hdr = (char *)((uintptr_t)small & ~(uintptr_t)(PAGE_SIZE - 1)) +
	      PAGE_SIZE - 64;
	hdr[0] ^= 1;
	assert_int_equal(heap_free(&heap, small), -EINVAL);
	hdr[0] ^= 1;
	assert_int_equal(heap_free(&heap, small), 0);
}

static void test_poison(void **state)
{
	unsigned char *p, *q;

	if (!CONFIG_POISON_ON)
		skip();
	p = heap_alloc(&heap, 200, 0);
	memset(p, 0, 200);
	assert_int_equal(heap_free(&heap, p), 0);
	for (int i = 0; i < 256; i++)
		assert_int_equal(p[i], POISON_FREE);
	p[100] = 1; /* write after free */
	q = heap_alloc(&heap, 200, 0);
	assert_ptr_equal(q, p); /* the freed slot is reused first */
	expect_report("use after free");
	assert_ptr_equal(last_report_p, p);
	/* An untouched reuse reports nothing. */
	assert_int_equal(heap_free(&heap, q), 0);
	nr_reports = 0;
	q = heap_alloc(&heap, 200, 0);
	assert_int_equal(nr_reports, 0);
	assert_int_equal(heap_free(&heap, q), 0);
}

static void test_exhaustion(void **state)
{
	static void *p[2000];
	int n = 0;

	budget = 3;
	while (n < 2000 && (p[n] = heap_alloc(&heap, 16, 0)))
		n++;
	assert_int_equal(n, 3 * ((PAGE_SIZE - 64) / 16));
	assert_null(heap_alloc(&heap, 10000, 0));
	assert_null(heap_alloc(&heap, 2048, 0));
	assert_int_equal(heap_pages_held(&heap), 3);
	for (int i = 0; i < n; i++)
		assert_int_equal(heap_free(&heap, p[i]), 0);
	assert_int_equal(heap_pages_held(&heap), 1);
	assert_int_equal(budget, 2);
	assert_non_null(p[0] = heap_alloc(&heap, 5000, 0));
	assert_int_equal(heap_free(&heap, p[0]), 0);
	assert_int_equal(nr_reports, 0);
}

static void test_unaligned_source(void **state)
{
	misalign_next = true;
	assert_null(heap_alloc(&heap, 32, 0));
	expect_report("unaligned");
	assert_int_equal(heap_pages_held(&heap), 0);
	assert_non_null(heap_alloc(&heap, 32, 0));
}

static size_t charged(size_t size, size_t align)
{
	size_t need = size > align ? size : align, c = 16;

	if (need > 2048)
		return size;
	while (c < need)
		c *= 2;
	return c;
}

/* Random alloc/free; each block holds its own byte, checked on free. */
static void test_random_stress(void **state)
{
	enum { SLOTS = 1000 };
	static struct blk b[SLOTS];
	static size_t al[SLOTS];
	size_t in_use = 0;

	srand(31337);
	for (int i = 0; i < 200000; i++) {
		int s = rand() % SLOTS;

		if (!b[s].p) {
			size_t size = rand() % 4 ? 1 + rand() % 300
						 : 1 + rand() % 20000;
			size_t align = rand() % 3 ? 0 : 1u << (rand() % 13);

			b[s].p = heap_alloc(&heap, size, align);
			assert_non_null(b[s].p);
			assert_int_equal((uintptr_t)b[s].p % (align ?: 1), 0);
			b[s].size = size;
			al[s] = align;
			memset(b[s].p, s & 0xff, size);
			in_use += charged(size, align);
		} else {
			unsigned char *c = b[s].p;

			for (size_t k = 0; k < b[s].size; k++)
				if (c[k] != (s & 0xff))
					fail_msg("block %d overwritten", s);
			assert_int_equal(heap_free(&heap, b[s].p), 0);
			in_use -= charged(b[s].size, al[s]);
			b[s].p = NULL;
		}
		assert_int_equal(heap_bytes_in_use(&heap), in_use);
	}
	for (int s = 0; s < SLOTS; s++)
		if (b[s].p)
			assert_int_equal(heap_free(&heap, b[s].p), 0);
	assert_int_equal(heap_bytes_in_use(&heap), 0);
	assert_true(heap_pages_held(&heap) <= HEAP_NR_CLASSES);
	assert_int_equal(nr_reports, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sizes_alignments, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bad_args, setup, teardown),
		cmocka_unit_test_setup_teardown(test_double_free, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_foreign_pointers, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_corrupted_headers, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_poison, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exhaustion, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unaligned_source, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_random_stress, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
