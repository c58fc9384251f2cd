// SPDX-License-Identifier: MIT
/*
 * The test guests format every PASS/FAIL line with their own vsnprintf
 * (test/guests/lib/printf.c, renamed guest_* here); libc's snprintf is
 * the reference for each conversion, flag, width and length it supports.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

int guest_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((__format__(__printf__, 3, 4)));

/* printf.c's console_io path refers to it; never called here. */
bool hypercall_use_vmcall;

#define SAME(...)							\
	do {								\
		char want[256], got[256];				\
		int nw = snprintf(want, sizeof(want), __VA_ARGS__);	\
		int ng = guest_snprintf(got, sizeof(got), __VA_ARGS__);	\
		assert_string_equal(got, want);				\
		assert_int_equal(ng, nw);				\
	} while (0)

static void test_integers(void **state)
{
	static const long long vals[] = {
		0, 1, -1, 7, -42, 255, 4096, 2147483647, -2147483647 - 1,
		0x123456789abcdefLL, INT64_MAX, INT64_MIN,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		long long v = vals[i];

		SAME("%d|%i|%u|%x|%X|%o", (int)v, (int)v, (unsigned int)v,
		     (unsigned int)v, (unsigned int)v, (unsigned int)v);
		SAME("%ld|%lu|%lx|%lld|%llu|%llx", (long)v, (unsigned long)v,
		     (unsigned long)v, v, (unsigned long long)v,
		     (unsigned long long)v);
		SAME("%hhd|%hhu|%hd|%hu|%hx", (int)v, (int)v, (int)v, (int)v,
		     (int)v);
		SAME("%zu|%zx|%jd", (size_t)v, (size_t)v, (intmax_t)v);
		SAME("[%8d][%-8d][%08d][%+d][% d][%.5d][%8.3d][%-+6d]", (int)v,
		     (int)v, (int)v, (int)v, (int)v, (int)v, (int)v, (int)v);
		SAME("[%#x][%#o][%#08x][%016llx][%-#10llx]", (unsigned int)v,
		     (unsigned int)v, (unsigned int)v, (unsigned long long)v,
		     (unsigned long long)v);
		SAME("[%*d][%-*d][%.*d]", 6, (int)v, 6, (int)v, 4, (int)v);
	}
	SAME("[%.0d][%.0x][%5.0d]", 0, 0U, 0);
}

static void test_strings_chars_pointers(void **state)
{
	int x;

	(void)state;
	SAME("%s|%10s|%-10s|%.3s|%.*s|%5.1s", "hello", "hi", "hi", "hello", 2,
	     "hello", "abc");
	SAME("%c|%3c|%-3c|%%", 'a', 'b', 'c');
	SAME("%p|%p", (void *)&x, (void *)0x1000);
	SAME("no conversions at all");
	SAME("%s", "");
}

static void test_truncation(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(guest_snprintf(buf, 5, "%s", "abcdefgh"), 8);
	assert_string_equal(buf, "abcd");
	assert_int_equal(buf[5], 'x');
	assert_int_equal(guest_snprintf(buf, 1, "%d", 12345), 5);
	assert_string_equal(buf, "");
	assert_int_equal(guest_snprintf(NULL, 0, "%d", -12345), 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_strings_chars_pointers),
		cmocka_unit_test(test_truncation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
