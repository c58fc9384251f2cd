// SPDX-License-Identifier: GPL-2.0
/* Unit tests for the multiboot2 information parser (hv/arch/x86/boot/mb2.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/bootinfo.h>
#include <hv/errno.h>

/* A multiboot2 information structure under construction. */
struct mbi {
	uint64_t buf[8192]; /* 64 KiB, 8-byte aligned */
	uint32_t off;
};

static uint8_t *bytes(struct mbi *m)
{
	return (uint8_t *)m->buf;
}

static void mb_begin(struct mbi *m)
{
	memset(m, 0, sizeof(*m));
	m->off = 8;
}

/* Append a tag; size is the header's claim (0: the true size). */
static void mb_tag_sized(struct mbi *m, uint32_t type, const void *p,
			 uint32_t len, uint32_t size)
{
	uint32_t hdr[2] = { type, size ? size : 8 + len };

	assert_true(m->off + 8 + len + 8 <= sizeof(m->buf));
	memcpy(bytes(m) + m->off, hdr, 8);
	memcpy(bytes(m) + m->off + 8, p, len);
	m->off += (8 + len + 7) & ~7u;
}

static void mb_tag(struct mbi *m, uint32_t type, const void *p, uint32_t len)
{
	mb_tag_sized(m, type, p, len, 0);
}

static void mb_str(struct mbi *m, uint32_t type, const char *s)
{
	mb_tag(m, type, s, strlen(s) + 1);
}

static void mb_module(struct mbi *m, uint32_t start, uint32_t end,
		      const char *s)
{
	uint8_t p[600];
	size_t n = strlen(s) + 1;

	memcpy(p, &start, 4);
	memcpy(p + 4, &end, 4);
	memcpy(p + 8, s, n);
	mb_tag(m, 3, p, 8 + n);
}

struct mmap_ent {
	uint64_t base, len;
	uint32_t type, zero;
};

static void mb_mmap(struct mbi *m, const struct mmap_ent *e, unsigned int n)
{
	static uint8_t p[8 + 200 * sizeof(*e)];
	uint32_t hdr[2] = { sizeof(*e), 0 };

	memcpy(p, hdr, 8);
	memcpy(p + 8, e, n * sizeof(*e));
	mb_tag(m, 6, p, 8 + n * sizeof(*e));
}

/* End tag, then total_size. Returns total_size. */
static uint32_t mb_end(struct mbi *m)
{
	uint32_t hdr[2] = { 0, 8 };

	memcpy(bytes(m) + m->off, hdr, 8);
	m->off += 8;
	memcpy(bytes(m), &m->off, 4);
	return m->off;
}

/*
 * Parse a copy in an allocation of exactly `mapped` bytes, so ASan flags
 * any read beyond what the caller said was mapped.
 */
static int parse(struct mbi *m, size_t mapped, struct boot_info *bi,
		 const char **why)
{
	void *p = malloc(mapped ? mapped : 1);
	int rc;

	memcpy(p, m->buf, mapped);
	rc = mb2_parse(p, mapped, bi, why);
	free(p);
	if (rc)
		assert_non_null(*why);
	else
		assert_null(*why);
	return rc;
}

static struct boot_info bi;
static struct mbi m;

static void expect_fail(size_t mapped, const char *msg)
{
	const char *why;

	if (parse(&m, mapped, &bi, &why) != -EINVAL)
		fail_msg("expected failure: %s", msg);
	assert_non_null(strstr(why, msg));
	assert_int_equal(bi.nr_mmap, 0);
	assert_int_equal(bi.cmdline[0], 0);
}

static void test_good_full(void **state)
{
	static const struct mmap_ent e[] = {
		{ 0, 0x9fc00, 1, 0 },
		{ 0x9fc00, 0x400, 2, 0 },
		{ 0x100000, 0x7fee0000, 1, 0 },
		{ 0x7ffe0000, 0x20000, 3, 0 },
		{ 0xfffc0000, 0, 1, 0 },	/* empty: skipped */
		{ 0xfec00000, 0x1000, 7, 0 },	/* unknown: reserved */
		{ 0xfed00000, 0x1000, 4, 0 },
		{ 0x100000000, 0x1000, 5, 0 },
	};
	uint8_t rsdp1[20] = "RSD PTR old", rsdp2[36] = "RSD PTR new";
	uint32_t meminfo[2] = { 639, 2096000 };
	const char *why;
	uint32_t total;

	mb_begin(&m);
	mb_tag(&m, 14, rsdp1, sizeof(rsdp1));
	mb_str(&m, 1, "loglvl=debug dom0_mem=512M");
	mb_str(&m, 2, "GRUB 2.06-13+deb12u1");
	mb_tag(&m, 4, meminfo, sizeof(meminfo));
	mb_module(&m, 0x1000000, 0x1400000, "vmlinuz console=hvc0");
	mb_module(&m, 0x1400000, 0x1400000, "");
	mb_str(&m, 99, "unknown tag is ignored");
	mb_mmap(&m, e, 8);
	mb_tag(&m, 15, rsdp2, sizeof(rsdp2));
	total = mb_end(&m);

	bi.mbi_pa = 0x12345000;
	assert_int_equal(parse(&m, total, &bi, &why), 0);
	assert_int_equal(bi.mbi_pa, 0x12345000);
	assert_int_equal(bi.mbi_size, total);
	assert_string_equal(bi.cmdline, "loglvl=debug dom0_mem=512M");
	assert_string_equal(bi.loader_name, "GRUB 2.06-13+deb12u1");
	assert_true(bi.has_meminfo);
	assert_int_equal(bi.mem_upper_kb, 2096000);
	assert_int_equal(bi.nr_mod, 2);
	assert_int_equal(bi.mod[0].start, 0x1000000);
	assert_int_equal(bi.mod[0].end, 0x1400000);
	assert_string_equal(bi.mod[0].string, "vmlinuz console=hvc0");
	assert_string_equal(bi.mod[1].string, "");
	assert_int_equal(bi.nr_mmap, 7);
	assert_int_equal(bi.mmap[2].base, 0x100000);
	assert_int_equal(bi.mmap[2].len, 0x7fee0000);
	assert_int_equal(bi.mmap[3].type, 3);
	assert_int_equal(bi.mmap[4].base, 0xfec00000);
	assert_int_equal(bi.mmap[4].type, 2);
	assert_int_equal(bi.mmap[5].type, 4);
	assert_int_equal(bi.mmap[6].base, 0x100000000);
	assert_int_equal(bi.mmap[6].type, 5);
	assert_int_equal(bi.rsdp_len, 36);
	assert_memory_equal(bi.rsdp, rsdp2, 36);

	/* Larger mapping than total_size is fine. */
	assert_int_equal(parse(&m, total + 100, &bi, &why), 0);
}

static void test_rsdp_preference(void **state)
{
	uint8_t rsdp1[24] = "RSD PTR old", rsdp2[40] = "RSD PTR new";
	const char *why;
	uint32_t total;

	mb_begin(&m);
	mb_tag(&m, 15, rsdp2, sizeof(rsdp2));
	mb_tag(&m, 14, rsdp1, sizeof(rsdp1));
	total = mb_end(&m);
	assert_int_equal(parse(&m, total, &bi, &why), 0);
	assert_int_equal(bi.rsdp_len, 36);
	assert_memory_equal(bi.rsdp, rsdp2, 36);

	mb_begin(&m);
	mb_tag(&m, 14, rsdp1, sizeof(rsdp1));
	total = mb_end(&m);
	assert_int_equal(parse(&m, total, &bi, &why), 0);
	assert_int_equal(bi.rsdp_len, 20);
	assert_memory_equal(bi.rsdp, rsdp1, 20);

	mb_begin(&m);
	mb_tag(&m, 14, rsdp1, 19);
	total = mb_end(&m);
	expect_fail(total, "old RSDP tag shorter");
	mb_begin(&m);
	mb_tag(&m, 15, rsdp2, 35);
	total = mb_end(&m);
	expect_fail(total, "new RSDP tag shorter");
}

static void test_minimal_and_header(void **state)
{
	const char *why;
	uint32_t total;

	mb_begin(&m);
	total = mb_end(&m);
	assert_int_equal(total, 16);
	assert_int_equal(parse(&m, 16, &bi, &why), 0);
	assert_int_equal(bi.nr_mmap + bi.nr_mod + bi.rsdp_len, 0);
	assert_string_equal(bi.cmdline, "");

	assert_int_equal(mb2_parse(NULL, 100, &bi, &why), -EINVAL);
	assert_int_equal(mb2_parse((uint8_t *)m.buf + 4, 100, &bi, &why),
			 -EINVAL);
	assert_non_null(strstr(why, "aligned"));
	expect_fail(15, "less than 16 bytes mapped");
	expect_fail(0, "less than 16 bytes mapped");

	/* total_size lies: larger than mapped, or too small. */
	mb_begin(&m);
	mb_str(&m, 1, "x");
	total = mb_end(&m);
	expect_fail(total - 8, "total_size larger than the mapped area");
	memcpy(m.buf, &(uint32_t){ 8 }, 4);
	expect_fail(total, "total_size < 16");
	memcpy(m.buf, &(uint32_t){ 0xffffffff }, 4);
	expect_fail(total, "total_size larger");
	/* total_size shorter than the tags: the end tag is cut off. */
	memcpy(m.buf, &(uint32_t){ total - 8 }, 4);
	expect_fail(total, "no end tag");
	memcpy(m.buf, &(uint32_t){ total - 4 }, 4);
	expect_fail(total, "no end tag");
}

static void test_bad_tag_sizes(void **state)
{
	uint32_t total;

	mb_begin(&m);
	mb_str(&m, 1, "abc");
	mb_tag_sized(&m, 99, "", 0, 4); /* size < 8 */
	total = mb_end(&m);
	expect_fail(total, "tag size < 8");
	assert_int_equal(bi.bad_tag_off, 24);

	mb_begin(&m);
	mb_tag(&m, 99, "", 0);
	memset(bytes(&m) + 12, 0, 4); /* size 0 would loop forever */
	total = mb_end(&m);
	expect_fail(total, "tag size < 8");

	mb_begin(&m);
	mb_tag_sized(&m, 99, "abcdefgh", 8, 0x1000);
	total = mb_end(&m);
	expect_fail(total, "tag runs past total_size");

	mb_begin(&m);
	mb_tag_sized(&m, 99, "abcdefgh", 8, 0xfffffff9);
	total = mb_end(&m);
	expect_fail(total, "tag runs past total_size");

	/* Tag whose size exactly fills total: no room for the end tag. */
	mb_begin(&m);
	mb_tag(&m, 99, "abcdefgh", 8);
	memcpy(m.buf, &m.off, 4);
	expect_fail(m.off, "no end tag");

	/* Odd size rounds up past total_size. */
	mb_begin(&m);
	mb_tag(&m, 99, "abc", 3);
	memcpy(m.buf, &(uint32_t){ 8 + 11 }, 4);
	expect_fail(m.off, "no end tag");

	mb_begin(&m);
	mb_tag_sized(&m, 0, "12345678", 8, 16);
	memcpy(m.buf, &m.off, 4);
	expect_fail(m.off, "end tag size is not 8");
}

static void test_strings(void **state)
{
	char s[700];
	const char *why;
	uint32_t total;

	mb_begin(&m);
	mb_tag(&m, 1, "no terminator", 13);
	total = mb_end(&m);
	expect_fail(total, "command line tag not NUL-terminated");

	mb_begin(&m);
	mb_tag(&m, 1, "", 0);
	total = mb_end(&m);
	expect_fail(total, "command line tag not NUL-terminated");

	memset(s, 'a', sizeof(s));
	s[511] = '\0';
	mb_begin(&m);
	mb_str(&m, 1, s);
	total = mb_end(&m);
	assert_int_equal(parse(&m, total, &bi, &why), 0);
	assert_int_equal(strlen(bi.cmdline), 511);

	s[511] = 'a';
	s[512] = '\0';
	mb_begin(&m);
	mb_str(&m, 1, s);
	total = mb_end(&m);
	expect_fail(total, "longer than 511");

	mb_begin(&m);
	mb_str(&m, 2, s);
	total = mb_end(&m);
	assert_int_equal(parse(&m, total, &bi, &why), 0);
	assert_int_equal(strlen(bi.loader_name), 63);

	mb_begin(&m);
	mb_tag(&m, 2, "GRUB", 4);
	total = mb_end(&m);
	expect_fail(total, "boot loader name tag not NUL-terminated");
}

static void test_modules(void **state)
{
	char s[300];
	const char *why;
	uint32_t total, i;

	mb_begin(&m);
	mb_module(&m, 0x2000, 0x1000, "backwards");
	total = mb_end(&m);
	expect_fail(total, "module tag has end < start");

	mb_begin(&m);
	mb_tag(&m, 3, "\0\0\0\0\1\0\0\0abc", 11);
	total = mb_end(&m);
	expect_fail(total, "module tag string not NUL-terminated");

	mb_begin(&m);
	mb_tag(&m, 3, "\0\0\0\0\1\0", 6);
	total = mb_end(&m);
	expect_fail(total, "module tag too short");

	memset(s, 'm', sizeof(s));
	s[256] = '\0';
	mb_begin(&m);
	mb_module(&m, 0, 1, s);
	total = mb_end(&m);
	expect_fail(total, "module string longer than 255");

	mb_begin(&m);
	for (i = 0; i < 16; i++)
		mb_module(&m, i << 20, (i + 1) << 20, "m");
	total = mb_end(&m);
	assert_int_equal(parse(&m, total, &bi, &why), 0);
	assert_int_equal(bi.nr_mod, 16);
	assert_int_equal(bi.mod[15].end, 16 << 20);

	mb_begin(&m);
	for (i = 0; i < 17; i++)
		mb_module(&m, i << 20, (i + 1) << 20, "m");
	total = mb_end(&m);
	expect_fail(total, "more than 16 module tags");
	assert_int_equal(bi.nr_mod, 0);
}

static void test_mmap(void **state)
{
	static struct mmap_ent e[200];
	uint8_t p[8 + 3 * 32];
	const char *why;
	uint32_t total, i;

	for (i = 0; i < 200; i++)
		e[i] = (struct mmap_ent){ (uint64_t)i << 20, 1 << 20, 1, 0 };
	mb_begin(&m);
	mb_mmap(&m, e, 128);
	total = mb_end(&m);
	assert_int_equal(parse(&m, total, &bi, &why), 0);
	assert_int_equal(bi.nr_mmap, 128);

	mb_begin(&m);
	mb_mmap(&m, e, 129);
	total = mb_end(&m);
	expect_fail(total, "more than 128 entries");

	e[0] = (struct mmap_ent){ 0xfffffffffffff000, 0x2000, 1, 0 };
	mb_begin(&m);
	mb_mmap(&m, e, 1);
	total = mb_end(&m);
	expect_fail(total, "wraps");

	/* entry_size of 32 (a newer loader's bigger entries) is accepted. */
	memset(p, 0, sizeof(p));
	memcpy(p, &(uint32_t){ 32 }, 4);
	memcpy(p + 8 + 32, &(uint64_t){ 0x5000 }, 8);
	memcpy(p + 8 + 32 + 8, &(uint64_t){ 0x1000 }, 8);
	memcpy(p + 8 + 32 + 16, &(uint32_t){ 1 }, 4);
	mb_begin(&m);
	mb_tag(&m, 6, p, sizeof(p));
	total = mb_end(&m);
	assert_int_equal(parse(&m, total, &bi, &why), 0);
	assert_int_equal(bi.nr_mmap, 1);
	assert_int_equal(bi.mmap[0].base, 0x5000);

	memcpy(p, &(uint32_t){ 20 }, 4);
	mb_begin(&m);
	mb_tag(&m, 6, p, 8 + 60);
	total = mb_end(&m);
	expect_fail(total, "entry_size < 24");

	memcpy(p, &(uint32_t){ 28 }, 4);
	mb_begin(&m);
	mb_tag(&m, 6, p, 8 + 56);
	total = mb_end(&m);
	expect_fail(total, "entry_size < 24 or not a multiple of 8");

	memcpy(p, &(uint32_t){ 0 }, 4);
	mb_begin(&m);
	mb_tag(&m, 6, p, 8);
	total = mb_end(&m);
	expect_fail(total, "entry_size");

	memcpy(p, &(uint32_t){ 24 }, 4);
	mb_begin(&m);
	mb_tag(&m, 6, p, 8 + 30);
	total = mb_end(&m);
	expect_fail(total, "not a whole number of entries");

	mb_begin(&m);
	mb_tag(&m, 6, p, 4);
	total = mb_end(&m);
	expect_fail(total, "memory map tag too short");
}

static void test_duplicates(void **state)
{
	static const struct mmap_ent e = { 0, 0x1000, 1, 0 };
	uint32_t total;

	mb_begin(&m);
	mb_str(&m, 1, "a");
	mb_str(&m, 1, "b");
	total = mb_end(&m);
	expect_fail(total, "duplicated");

	mb_begin(&m);
	mb_mmap(&m, &e, 1);
	mb_mmap(&m, &e, 1);
	total = mb_end(&m);
	expect_fail(total, "duplicated");
}

/* Every truncation of a valid structure fails cleanly, without overreads. */
static void test_truncations(void **state)
{
	static const struct mmap_ent e[] = { { 0, 0x9fc00, 1, 0 },
					     { 0x100000, 0x1000000, 1, 0 } };
	struct boot_info bi2;
	const char *why;
	uint32_t total, len;

	mb_begin(&m);
	mb_str(&m, 1, "loglvl=debug");
	mb_module(&m, 0x1000000, 0x1400000, "dom0");
	mb_mmap(&m, e, 2);
	total = mb_end(&m);
	for (len = 0; len < total; len++)
		assert_int_equal(parse(&m, len, &bi2, &why), -EINVAL);
	/* And with total_size itself shrunk to match. */
	for (len = 16; len < total; len++) {
		memcpy(m.buf, &len, 4);
		assert_int_equal(parse(&m, len, &bi2, &why), -EINVAL);
	}
}

/* Random corruption must never crash or overread; it passes or fails. */
static void test_random_corruption(void **state)
{
	static const struct mmap_ent e[] = { { 0, 0x9fc00, 1, 0 },
					     { 0x100000, 0x1000000, 1, 0 } };
	struct mbi *orig = malloc(sizeof(*orig));
	struct boot_info bi2;
	uint8_t rsdp[36] = "RSD PTR ";
	const char *why;
	uint32_t total;
	int i, j;

	mb_begin(orig);
	mb_str(orig, 1, "loglvl=debug");
	mb_str(orig, 2, "GRUB");
	mb_module(orig, 0x1000000, 0x1400000, "dom0");
	mb_mmap(orig, e, 2);
	mb_tag(orig, 15, rsdp, sizeof(rsdp));
	total = mb_end(orig);
	srand(4242);
	for (i = 0; i < 20000; i++) {
		memcpy(&m, orig, sizeof(m));
		for (j = 0; j < 1 + rand() % 4; j++)
			bytes(&m)[rand() % total] = rand() & 0xff;
		if (parse(&m, total, &bi2, &why) == 0) {
			assert_true(bi2.nr_mmap <= BOOT_MMAP_MAX);
			assert_true(bi2.nr_mod <= BOOT_MOD_MAX);
			assert_true(strlen(bi2.cmdline) < BOOT_CMDLINE_MAX);
		}
	}
	free(orig);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_full),
		cmocka_unit_test(test_rsdp_preference),
		cmocka_unit_test(test_minimal_and_header),
		cmocka_unit_test(test_bad_tag_sizes),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_modules),
		cmocka_unit_test(test_mmap),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_truncations),
		cmocka_unit_test(test_random_corruption),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
