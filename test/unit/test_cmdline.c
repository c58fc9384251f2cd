// SPDX-License-Identifier: GPL-2.0
/* Unit tests for the hv command line parser (hv/common/cmdline.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/cmdline.h>
#include <hv/errno.h>
#include <hv/symbols.h>

/* vsprintf.c is linked for kstrtoul and needs this. */
const char *symbols_lookup(unsigned long addr, unsigned long *offset,
			   unsigned long *size)
{
	return NULL;
}

static const char *const cl =
	"  loglvl=debug\tnosmp xloglvl=0 dom0_mem=512M "
	"console=\"com1 vga\" com1=115200,8n1 empty= noapic\n"
	"hex=0x1f oct=017 big=18446744073709551615 huge=18446744073709551616 "
	"bad=12a neg=-1 sp=\" 5\" quoted=\"42\" mid=a\"b c\"d "
	"k=4K t=2t g=3G over=17179869184G loglvl=warn last";

static void test_find(void **state)
{
	char v[64];

	assert_true(cmdline_find(cl, "loglvl", v, sizeof(v)));
	assert_string_equal(v, "warn"); /* the last one wins */
	assert_true(cmdline_find(cl, "xloglvl", v, sizeof(v)));
	assert_string_equal(v, "0");
	assert_true(cmdline_find(cl, "nosmp", v, sizeof(v)));
	assert_string_equal(v, "");
	assert_true(cmdline_find(cl, "console", v, sizeof(v)));
	assert_string_equal(v, "com1 vga");
	assert_true(cmdline_find(cl, "com1", v, sizeof(v)));
	assert_string_equal(v, "115200,8n1");
	assert_true(cmdline_find(cl, "empty", v, sizeof(v)));
	assert_string_equal(v, "");
	assert_true(cmdline_find(cl, "mid", v, sizeof(v)));
	assert_string_equal(v, "ab cd");
	assert_true(cmdline_find(cl, "noapic", v, sizeof(v)));
	assert_true(cmdline_find(cl, "last", v, sizeof(v)));
	assert_true(cmdline_find(cl, "last", NULL, 0));

	/* Whole words only. */
	assert_false(cmdline_find(cl, "log", v, sizeof(v)));
	assert_false(cmdline_find(cl, "loglvl=debug", v, sizeof(v)));
	assert_false(cmdline_find(cl, "lvl", v, sizeof(v)));
	assert_false(cmdline_find(cl, "vga", v, sizeof(v)));
	assert_false(cmdline_find(cl, "vga\"", v, sizeof(v)));
	assert_false(cmdline_find(cl, "", v, sizeof(v)));
	assert_false(cmdline_find(cl, NULL, v, sizeof(v)));
	assert_false(cmdline_find(NULL, "loglvl", v, sizeof(v)));
	assert_false(cmdline_find("", "loglvl", v, sizeof(v)));
	assert_false(cmdline_find("   ", "loglvl", v, sizeof(v)));
}

static void test_truncation(void **state)
{
	char v[5];

	memset(v, 'X', sizeof(v));
	assert_true(cmdline_find(cl, "console", v, sizeof(v)));
	assert_string_equal(v, "com1");
	assert_true(cmdline_find(cl, "console", v, 1));
	assert_string_equal(v, "");
	v[0] = 'X';
	assert_true(cmdline_find(cl, "console", v, 0));
	assert_int_equal(v[0], 'X');
}

static void test_has(void **state)
{
	assert_true(cmdline_has(cl, "nosmp"));
	assert_true(cmdline_has(cl, "loglvl"));
	assert_true(cmdline_has(cl, "empty"));
	assert_false(cmdline_has(cl, "smp"));
	assert_false(cmdline_has(cl, "nosmpx"));
	assert_false(cmdline_has("nosmpx", "nosmp"));
	assert_true(cmdline_has("nosmp", "nosmp"));
	assert_true(cmdline_has("a=1\tnosmp\r\n", "nosmp"));
}

static void test_uint(void **state)
{
	unsigned long v = 7;

	assert_int_equal(cmdline_get_uint(cl, "xloglvl", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(cmdline_get_uint(cl, "hex", &v), 0);
	assert_int_equal(v, 0x1f);
	assert_int_equal(cmdline_get_uint(cl, "oct", &v), 0);
	assert_int_equal(v, 15);
	assert_int_equal(cmdline_get_uint(cl, "big", &v), 0);
	assert_int_equal(v, ULONG_MAX);
	assert_int_equal(cmdline_get_uint(cl, "quoted", &v), 0);
	assert_int_equal(v, 42);
	v = 7;
	assert_int_equal(cmdline_get_uint(cl, "absent", &v), -ENOENT);
	assert_int_equal(cmdline_get_uint(cl, "nosmp", &v), -EINVAL);
	assert_int_equal(cmdline_get_uint(cl, "empty", &v), -EINVAL);
	assert_int_equal(cmdline_get_uint(cl, "huge", &v), -EINVAL);
	assert_int_equal(cmdline_get_uint(cl, "bad", &v), -EINVAL);
	assert_int_equal(cmdline_get_uint(cl, "neg", &v), -EINVAL);
	assert_int_equal(cmdline_get_uint(cl, "sp", &v), -EINVAL);
	assert_int_equal(cmdline_get_uint(cl, "loglvl", &v), -EINVAL);
	assert_int_equal(cmdline_get_uint(cl, "dom0_mem", &v), -EINVAL);
	assert_int_equal(v, 7); /* untouched on failure */
	/* A value too long for any number must not be silently cut. */
	assert_int_equal(cmdline_get_uint("n=000000000000000000000000000000001",
					  "n", &v), -EINVAL);
}

static void test_size(void **state)
{
	u64 v = 7;

	assert_int_equal(cmdline_get_size(cl, "dom0_mem", &v), 0);
	assert_int_equal(v, 512ULL << 20);
	assert_int_equal(cmdline_get_size(cl, "k", &v), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(cmdline_get_size(cl, "g", &v), 0);
	assert_int_equal(v, 3ULL << 30);
	assert_int_equal(cmdline_get_size(cl, "t", &v), 0);
	assert_int_equal(v, 2ULL << 40);
	assert_int_equal(cmdline_get_size(cl, "hex", &v), 0);
	assert_int_equal(v, 0x1f);
	assert_int_equal(cmdline_get_size(cl, "over", &v), -EINVAL);
	assert_int_equal(cmdline_get_size(cl, "empty", &v), -EINVAL);
	assert_int_equal(cmdline_get_size("m=M", "m", &v), -EINVAL);
	assert_int_equal(cmdline_get_size("m=1MM", "m", &v), -EINVAL);
	assert_int_equal(cmdline_get_size("m=1X", "m", &v), -EINVAL);
	assert_int_equal(cmdline_get_size(cl, "nosmp", &v), -EINVAL);
	assert_int_equal(cmdline_get_size(cl, "absent", &v), -ENOENT);
}

static void test_bool(void **state)
{
	static const char *const b =
		"a b=1 c=yes d=on e=true f=0 g=no h=off i=false j=maybe "
		"k=truefalse l=";
	bool v;

	for (const char *k = "abcde"; *k; k++) {
		char key[2] = { *k };

		v = false;
		assert_int_equal(cmdline_get_bool(b, key, &v), 0);
		assert_true(v);
	}
	for (const char *k = "fghi"; *k; k++) {
		char key[2] = { *k };

		v = true;
		assert_int_equal(cmdline_get_bool(b, key, &v), 0);
		assert_false(v);
	}
	assert_int_equal(cmdline_get_bool(b, "j", &v), -EINVAL);
	assert_int_equal(cmdline_get_bool(b, "k", &v), -EINVAL);
	assert_int_equal(cmdline_get_bool(b, "l", &v), -EINVAL);
	assert_int_equal(cmdline_get_bool(b, "m", &v), -ENOENT);
}

static void test_quotes(void **state)
{
	char v[64];

	/* Unterminated quote: the value runs to the end of the line. */
	assert_true(cmdline_find("a=\"x y z b=1", "a", v, sizeof(v)));
	assert_string_equal(v, "x y z b=1");
	assert_false(cmdline_has("a=\"x y z b=1", "b"));
	/* Quote characters in a key do not start a quoted string. */
	assert_true(cmdline_has("\"a b\"", "\"a"));
	assert_true(cmdline_has("\"a b\"", "b\""));
	assert_true(cmdline_find("x=\"\"", "x", v, sizeof(v)));
	assert_string_equal(v, "");
	assert_true(cmdline_find("x==", "x", v, sizeof(v)));
	assert_string_equal(v, "=");
	assert_true(cmdline_find("=v x", "x", v, sizeof(v)));
	assert_string_equal(v, "");
}

/* Random garbage never crashes and never reads past the NUL. */
static void test_random(void **state)
{
	static const char alphabet[] = "ab= \"\t01x";
	char v[8] = "";
	unsigned long u;
	u64 s;
	bool b;

	srand(7);
	for (int i = 0; i < 20000; i++) {
		int n = rand() % 24;
		char *line = malloc(n + 1);

		for (int j = 0; j < n; j++)
			line[j] = alphabet[rand() % (sizeof(alphabet) - 1)];
		line[n] = '\0';
		cmdline_find(line, "a", v, sizeof(v));
		assert_true(strlen(v) < sizeof(v));
		cmdline_get_uint(line, "b", &u);
		cmdline_get_size(line, "a", &s);
		cmdline_get_bool(line, "ab", &b);
		free(line);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_has),
		cmocka_unit_test(test_uint),
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_bool),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
