// SPDX-License-Identifier: GPL-2.0
/*
 * The hv's memcpy, memset and memmove (hv/lib/string.c), built under
 * other names beside the host's: every length up to a few lines and past
 * them, at every alignment of source and destination, against a byte
 * loop, and not a byte written outside the range.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#define memcpy hv_memcpy
#define memmove hv_memmove
#define memset hv_memset
#define memcmp hv_memcmp
#define memchr hv_memchr
#define strlen hv_strlen
#define strnlen hv_strnlen
#define strcmp hv_strcmp
#define strncmp hv_strncmp
#define strchr hv_strchr
#define strlcpy hv_strlcpy
#include "../../hv/lib/string.c"
#undef memcpy
#undef memmove
#undef memset

#define LEN 700 /* ten lines and a tail */
#define PAD 80

static unsigned char src[LEN + 2 * PAD], dst[LEN + 2 * PAD],
	want[LEN + 2 * PAD];

static void fill(unsigned char *p, size_t n, unsigned int seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 131 + seed * 7 + 1);
}

static void test_memcpy(void **state)
{
	fill(src, sizeof(src), 1);
	for (size_t n = 0; n <= LEN; n += n < 200 ? 1 : 37)
		for (size_t so = 0; so < 8; so++)
			for (size_t dof = 0; dof < 8; dof++) {
				fill(dst, sizeof(dst), 2);
				fill(want, sizeof(want), 2);
				for (size_t i = 0; i < n; i++)
					want[PAD + dof + i] = src[PAD + so + i];
				assert_ptr_equal(hv_memcpy(dst + PAD + dof,
							   src + PAD + so, n),
						 dst + PAD + dof);
				assert_memory_equal(dst, want, sizeof(dst));
			}
}

static void test_memset(void **state)
{
	for (size_t n = 0; n <= LEN; n += n < 200 ? 1 : 37)
		for (size_t off = 0; off < 8; off++) {
			fill(dst, sizeof(dst), 3);
			fill(want, sizeof(want), 3);
			for (size_t i = 0; i < n; i++)
				want[PAD + off + i] = 0xa5;
			assert_ptr_equal(hv_memset(dst + PAD + off, 0x1a5, n),
					 dst + PAD + off);
			assert_memory_equal(dst, want, sizeof(dst));
		}
}

/* Overlapping both ways, as memmove's callers do. */
static void test_memmove(void **state)
{
	for (size_t n = 0; n <= 300; n += 7)
		for (int shift = -70; shift <= 70; shift += 5) {
			fill(dst, sizeof(dst), 4);
			memcpy(want, dst, sizeof(want));
			memmove(want + PAD + 70 + shift, want + PAD + 70, n);
			hv_memmove(dst + PAD + 70 + shift, dst + PAD + 70, n);
			assert_memory_equal(dst, want, sizeof(dst));
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memcpy),
		cmocka_unit_test(test_memset),
		cmocka_unit_test(test_memmove),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
