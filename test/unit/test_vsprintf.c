// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for hv/lib/vsprintf.c and hv/lib/strtox.c. snprintf is renamed
 * hv_snprintf on the command line; __builtin_snprintf is libc's, used as
 * the reference for everything C99 defines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <cmocka.h>

#include <hv/errno.h>
#include <hv/lib.h>
#include <hv/symbols.h>

/* The fake symbol table: two functions. */
static char text[0x300];

const char *symbols_lookup(unsigned long addr, unsigned long *offset,
			   unsigned long *size)
{
	unsigned long base = (unsigned long)text;

	if (addr >= base && addr < base + 0x100) {
		*offset = addr - base;
		*size = 0x100;
		return "hv_start";
	}
	if (addr >= base + 0x100 && addr < base + 0x280) {
		*offset = addr - base - 0x100;
		*size = 0x180;
		return "do_trap";
	}
	return NULL;
}

#define CHECK(fmt, ...)                                                     \
	do {                                                                \
		char a_[256], b_[256];                                      \
		int ra_ = hv_snprintf(a_, sizeof(a_), fmt, __VA_ARGS__);   \
		int rb_ = __builtin_snprintf(b_, sizeof(b_), fmt,          \
					     __VA_ARGS__);                  \
		if (strcmp(a_, b_) || ra_ != rb_)                           \
			fail_msg("format \"%s\": got \"%s\" (%d), libc "    \
				 "\"%s\" (%d)", fmt, a_, ra_, b_, rb_);     \
	} while (0)

static void test_ints_vs_libc(void **state)
{
	static const int iv[] = { 0, 1, -1, 42, -42, 1000000, INT_MAX,
				  INT_MIN };
	static const char *const ifmt[] = {
		"%d", "%i", "%5d", "%-5d|", "%05d", "%+d", "% d", "%+05d",
		"%-+6d|", "% 05d", "%.3d", "%8.3d", "%-8.3d|", "%08.3d",
		"%.0d", "%+.0d", "% .0d", "%5.0d", "%u", "%x", "%X", "%#x",
		"%#X", "%#08x", "%#-8x|", "%#.4x", "%08X", "%o", "%#o",
		"%#.0o", "%#5o", "%#.3o", "%.0x", "%#.0x", "%0-6d|", "%1d",
		"%20.15d", "%-020d|", "%+u", "% x",
	};
	size_t i, j;

	for (i = 0; i < sizeof(ifmt) / sizeof(ifmt[0]); i++)
		for (j = 0; j < sizeof(iv) / sizeof(iv[0]); j++)
			CHECK(ifmt[i], iv[j]);
}

static void test_lengths_vs_libc(void **state)
{
	CHECK("%ld", LONG_MIN);
	CHECK("%ld", LONG_MAX);
	CHECK("%lu", ULONG_MAX);
	CHECK("%lx", 0xdeadbeefcafef00dUL);
	CHECK("%#lX", 0xdeadbeefcafef00dUL);
	CHECK("%lo", ULONG_MAX);
	CHECK("%lld", LLONG_MIN);
	CHECK("%llu", ULLONG_MAX);
	CHECK("%llx", 0x123456789abcdefULL);
	CHECK("%zu", SIZE_MAX);
	CHECK("%zd", (ssize_t)-5);
	CHECK("%zx", (size_t)0xfff);
	CHECK("%td", (ptrdiff_t)-77);
	CHECK("%jd", INTMAX_MIN);
	CHECK("%ju", UINTMAX_MAX);
	CHECK("%hd", 70000);
	CHECK("%hu", 70000);
	CHECK("%hx", -1);
	CHECK("%hhd", 300);
	CHECK("%hhu", 300);
	CHECK("%hhx", -1);
	CHECK("%hhd", -129);
	CHECK("%lu %d %llx", 1UL, 2, 3ULL);
}

static void test_star_vs_libc(void **state)
{
	CHECK("%*d", 6, 42);
	CHECK("%-*d|", 6, 42);
	CHECK("%*d|", -6, 42);
	CHECK("%*d|", 0, 42);
	CHECK("%.*d", 4, 42);
	CHECK("%.*d", -1, 42);
	CHECK("%.*d", 0, 0);
	CHECK("%*.*x", 10, 6, 0xabc);
	CHECK("%-*.*s|", 8, 2, "hello");
	CHECK("%.*s", -3, "hello");
}

static void test_chars_strings_vs_libc(void **state)
{
	static const char *const sfmt[] = { "%s", "%10s", "%-10s|", "%.3s",
					     "%10.3s", "%.0s", "%-3.10s|",
					     "%1s" };
	static const char *const sv[] = { "", "a", "hello", "hello world" };
	size_t i, j;

	for (i = 0; i < sizeof(sfmt) / sizeof(sfmt[0]); i++)
		for (j = 0; j < sizeof(sv) / sizeof(sv[0]); j++)
			CHECK(sfmt[i], sv[j]);
	CHECK("%c", 'A');
	CHECK("%5c|", 'A');
	CHECK("%-5c|", 'A');
	CHECK("%c%c%c", 'a', 'b', 'c');
	CHECK("%%%d%%", 5);
	CHECK("100%% %s", "done");
	CHECK("a%db%sc%xd%ce", -1, "mid", 255, '!');
	CHECK("%s", "no conversion follows");
}

/* Random integer conversions, built to be valid C, compared with libc. */
static void test_random_ints_vs_libc(void **state)
{
	static const char *const lens[] = { "", "hh", "h", "l", "ll", "z",
					    "t", "j" };
	static const char convs[] = "diuxXo";
	char fmt[64];
	int i;

	srand(99);
	for (i = 0; i < 20000; i++) {
		int li = rand() % 8, n = 0;
		unsigned long long v = ((unsigned long long)rand() << 33) ^
				       ((unsigned long long)rand() << 2) ^
				       rand();

		fmt[n++] = '<';
		fmt[n++] = '%';
		for (const char *f = "-0+ #"; *f; f++)
			if (rand() % 4 == 0)
				fmt[n++] = *f;
		if (rand() % 2)
			n += __builtin_sprintf(fmt + n, "%d", rand() % 25);
		if (rand() % 2)
			n += __builtin_sprintf(fmt + n, ".%d", rand() % 25);
		n += __builtin_sprintf(fmt + n, "%s%c>", lens[li],
				       convs[rand() % 6]);
		if (rand() % 3 == 0)
			v >>= rand() % 64;
		if (li < 3)
			CHECK(fmt, (int)v);
		else if (li < 4 || li > 4)
			CHECK(fmt, (long)v);
		else
			CHECK(fmt, (long long)v);
	}
}

static void expect(const char *want, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = hv_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	assert_string_equal(buf, want);
	assert_int_equal(n, strlen(want));
}

static void test_hv_specific(void **state)
{
	const char *fmt;

	expect("(null)", "%s", (char *)NULL);
	expect("[  (null)]", "[%8s]", (char *)NULL);
	expect("0x0000000000000000", "%p", NULL);
	expect("0xffff800000001000", "%p", (void *)0xffff800000001000UL);
	expect("[  0x0000000000000010]", "[%20p]", (void *)0x10);
	expect("[0x0000000000000010  ]", "[%-20p]", (void *)0x10);
	expect("at hv_start+0x0/0x100", "at %pS", text);
	expect("do_trap+0x17f/0x180!", "%pS!", text + 0x27f);
	expect("do_trap", "%ps", text + 0x100);
	expect("0x0000000000000001", "%pS", (void *)1);
	expect("0x0000000000000001 x", "%ps x", (void *)1);
	/* Formats the compiler would reject are kept out of its sight. */
	fmt = "%y %d";
	expect("%y 7", fmt, 7);
	fmt = "%n%d";
	expect("%n3", fmt, 3);
	fmt = "50%";
	expect("50%", fmt);
	fmt = "%-";
	expect("%", fmt);
	fmt = "%l";
	expect("%", fmt);
}

static void test_truncation(void **state)
{
	char buf[16];
	char unterminated[3] = { 'a', 'b', 'c' };

	memset(buf, 'X', sizeof(buf));
	assert_int_equal(hv_snprintf(buf, 5, "hello %s", "world"), 11);
	assert_string_equal(buf, "hell");
	assert_int_equal(buf[5], 'X');

	memset(buf, 'X', sizeof(buf));
	assert_int_equal(hv_snprintf(buf, 1, "%d", 12345), 5);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], 'X');

	memset(buf, 'X', sizeof(buf));
	assert_int_equal(hv_snprintf(buf, 0, "%s", "abc"), 3);
	assert_int_equal(buf[0], 'X');
	assert_int_equal(hv_snprintf(NULL, 0, "%08x", 1), 8);

	/* Truncated exactly at the end and inside padding. */
	assert_int_equal(hv_snprintf(buf, 4, "abc"), 3);
	assert_string_equal(buf, "abc");
	assert_int_equal(hv_snprintf(buf, 4, "%10d", 1), 10);
	assert_string_equal(buf, "   ");
	assert_int_equal(hv_snprintf(buf, 4, "%p", NULL), 18);
	assert_string_equal(buf, "0x0");

	/* Precision bounds the read: ASan would catch a read past 'c'. */
	assert_int_equal(hv_snprintf(buf, sizeof(buf), "%.3s|", unterminated),
			 4);
	assert_string_equal(buf, "abc|");
}

static void test_huge_width(void **state)
{
	/* Not literals, so the compiler does not reject them. */
	const char *wide = "%999999999d", *star = "%*d";
	const char *prec = "%.999999999d", *pstar = "%.*d";
	volatile int min = INT_MIN;
	char buf[8];

	/* Widths are capped at 4096 rather than spinning for ages. */
	assert_int_equal(hv_snprintf(buf, sizeof(buf), wide, 1), 4096);
	assert_int_equal(hv_snprintf(buf, sizeof(buf), star, min, 1),
			 4096);
	assert_string_equal(buf, "1      ");
	assert_int_equal(hv_snprintf(buf, sizeof(buf), prec, 1), 4096);
	assert_string_equal(buf, "0000000");
	assert_int_equal(hv_snprintf(buf, sizeof(buf), pstar, INT_MAX, 1),
			 4096);
}

static void test_strtoul(void **state)
{
	const char *end;
	unsigned long v;

	assert_int_equal(simple_strtoul("123abc", &end, 10), 123);
	assert_string_equal(end, "abc");
	assert_int_equal(simple_strtoul("0x1fz", &end, 0), 0x1f);
	assert_string_equal(end, "z");
	assert_int_equal(simple_strtoul("0x1f", &end, 16), 0x1f);
	assert_int_equal(simple_strtoul("1f", &end, 16), 0x1f);
	assert_int_equal(simple_strtoul("017", &end, 0), 017);
	assert_int_equal(simple_strtoul("0", &end, 0), 0);
	assert_string_equal(end, "");
	assert_int_equal(simple_strtoul("0x", &end, 0), 0);
	assert_string_equal(end, "x");
	assert_int_equal(simple_strtoul("  +42", &end, 0), 42);
	assert_int_equal(simple_strtoul("xyz", &end, 10), 0);
	assert_string_equal(end, "xyz");
	assert_int_equal(simple_strtoul("-1", &end, 10), 0);
	assert_string_equal(end, "-1");
	assert_int_equal(simple_strtoul("12", &end, 1), 0);
	assert_int_equal(simple_strtoul("12", &end, 37), 0);
	assert_int_equal(simple_strtoul("101", NULL, 2), 5);
	assert_int_equal(simple_strtoul("99999999999999999999999", &end, 10),
			 ULONG_MAX);
	assert_string_equal(end, "");

	assert_int_equal(kstrtoul("18446744073709551615", 10, &v), 0);
	assert_int_equal(v, ULONG_MAX);
	assert_int_equal(kstrtoul("18446744073709551616", 10, &v), -ERANGE);
	assert_int_equal(kstrtoul("0x10000000000000000", 0, &v), -ERANGE);
	assert_int_equal(kstrtoul("0xffffffffffffffff", 0, &v), 0);
	assert_int_equal(v, ULONG_MAX);
	assert_int_equal(kstrtoul("0x10", 0, &v), 0);
	assert_int_equal(v, 16);
	assert_int_equal(kstrtoul("010", 0, &v), 0);
	assert_int_equal(v, 8);
	assert_int_equal(kstrtoul("010", 10, &v), 0);
	assert_int_equal(v, 10);
	assert_int_equal(kstrtoul("0", 0, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(kstrtoul("", 10, &v), -EINVAL);
	assert_int_equal(kstrtoul(NULL, 10, &v), -EINVAL);
	assert_int_equal(kstrtoul(" 1", 10, &v), -EINVAL);
	assert_int_equal(kstrtoul("+1", 10, &v), -EINVAL);
	assert_int_equal(kstrtoul("-1", 10, &v), -EINVAL);
	assert_int_equal(kstrtoul("12a", 10, &v), -EINVAL);
	assert_int_equal(kstrtoul("0x", 0, &v), -EINVAL);
	assert_int_equal(kstrtoul("08", 0, &v), -EINVAL);
	assert_int_equal(kstrtoul("12", 99, &v), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ints_vs_libc),
		cmocka_unit_test(test_lengths_vs_libc),
		cmocka_unit_test(test_star_vs_libc),
		cmocka_unit_test(test_chars_strings_vs_libc),
		cmocka_unit_test(test_random_ints_vs_libc),
		cmocka_unit_test(test_hv_specific),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_huge_width),
		cmocka_unit_test(test_strtoul),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
