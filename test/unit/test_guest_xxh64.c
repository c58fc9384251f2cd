// SPDX-License-Identifier: MIT
/*
 * The test guests hash buffers with their own XXH64 and compare digests
 * with host tools that use libxxhash, so the two must agree bit for bit:
 * every length around the 4-, 8- and 32-byte steps, unaligned starts,
 * several seeds, and one large buffer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <xxhash.h>

#include "../guests/lib/xxh64.h"

static const uint64_t seeds[] = {
	0, 1, 0x9e3779b97f4a7c15ULL, 11400714785074694791ULL, UINT64_MAX,
};

/* Deterministic bytes (xorshift64), so a failure can be reproduced. */
static void fill(uint8_t *buf, size_t len, uint64_t x)
{
	for (size_t i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		buf[i] = (uint8_t)x;
	}
}

static void test_known_value(void **state)
{
	(void)state;
	/* The published digest of the empty input with seed 0. */
	assert_int_equal(xxh64("", 0, 0), 0xef46db3751d8e999ULL);
	assert_int_equal(xxh64("", 0, 0), XXH64("", 0, 0));
}

static void test_lengths_and_seeds(void **state)
{
	static uint8_t buf[512 + 8];

	(void)state;
	fill(buf, sizeof(buf), 0x1234567887654321ULL);
	for (size_t s = 0; s < sizeof(seeds) / sizeof(seeds[0]); s++)
		for (size_t len = 0; len <= 512; len++) {
			uint64_t want = XXH64(buf, len, seeds[s]);
			uint64_t got = xxh64(buf, len, seeds[s]);

			if (got != want)
				fail_msg("len %zu seed %#llx: got %#llx want %#llx",
					 len, (unsigned long long)seeds[s],
					 (unsigned long long)got,
					 (unsigned long long)want);
		}
}

static void test_unaligned(void **state)
{
	static uint8_t buf[256 + 8];

	(void)state;
	fill(buf, sizeof(buf), 42);
	for (size_t off = 1; off < 8; off++)
		for (size_t len = 0; len <= 256; len += 3)
			assert_int_equal(xxh64(buf + off, len, off),
					 XXH64(buf + off, len, off));
}

static void test_large_and_uniform(void **state)
{
	size_t len = 1 << 20;
	uint8_t *buf = malloc(len);

	(void)state;
	assert_non_null(buf);
	fill(buf, len, 7);
	assert_int_equal(xxh64(buf, len, 0), XXH64(buf, len, 0));
	assert_int_equal(xxh64(buf, len - 13, 99), XXH64(buf, len - 13, 99));
	/* A zeroed page, the usual content of a fresh guest frame. */
	memset(buf, 0, 4096);
	assert_int_equal(xxh64(buf, 4096, 0), XXH64(buf, 4096, 0));
	memset(buf, 0xff, 4096);
	assert_int_equal(xxh64(buf, 4096, 0), XXH64(buf, 4096, 0));
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_value),
		cmocka_unit_test(test_lengths_and_seeds),
		cmocka_unit_test(test_unaligned),
		cmocka_unit_test(test_large_and_uniform),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
