// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the PVH kernel image parser and loader (hv/common/elf.c).
 * Images are assembled in memory, ELF64 and ELF32, good and broken; a real
 * vmlinux is checked too when one is at hand (see test_real_vmlinux).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <elfnote.h>
#include <hv/elf.h>
#include <hv/errno.h>

#define PT_LOAD 1
#define PT_NOTE 4
#define SHT_NOTE 7
#define SHT_STRTAB 3
#define MAX_PH 24
#define BASE 0x1000000ULL

/* An image under construction: header, room for MAX_PH program headers,
 * then whatever is appended. */
struct bld {
	u8 b[32768];
	size_t len;
	bool is64;
	unsigned int phnum;
};

static void put16(u8 *p, u64 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
}

static void put32(u8 *p, u64 v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

static void put64(u8 *p, u64 v)
{
	put32(p, v);
	put32(p + 4, v >> 32);
}

static size_t ehsize(const struct bld *t)
{
	return t->is64 ? 64 : 52;
}

static size_t phentsize(const struct bld *t)
{
	return t->is64 ? 56 : 32;
}

static void bld_init(struct bld *t, bool is64, u16 machine)
{
	u8 *e = t->b;

	memset(t, 0, sizeof(*t));
	t->is64 = is64;
	memcpy(e, "\177ELF", 4);
	e[4] = is64 ? 2 : 1;
	e[5] = 1;
	e[6] = 1;
	put16(e + 16, 2); /* ET_EXEC */
	put16(e + 18, machine);
	put32(e + 20, 1);
	if (is64) {
		put64(e + 24, BASE + 0x40);	/* e_entry */
		put64(e + 32, 64);		/* e_phoff */
		put16(e + 52, 64);
		put16(e + 54, 56);
		put16(e + 58, 64);
	} else {
		put32(e + 24, BASE + 0x40);
		put32(e + 28, 52);
		put16(e + 40, 52);
		put16(e + 42, 32);
		put16(e + 46, 40);
	}
	t->len = ehsize(t) + MAX_PH * phentsize(t);
}

static void set_phnum(struct bld *t, unsigned int n)
{
	put16(t->b + (t->is64 ? 56 : 44), n);
}

static void add_phdr(struct bld *t, u32 type, u64 off, u64 paddr, u64 filesz,
		     u64 memsz, u64 align)
{
	u8 *p = t->b + ehsize(t) + t->phnum * phentsize(t);

	assert_true(t->phnum < MAX_PH);
	put32(p, type);
	if (t->is64) {
		put32(p + 4, 5);
		put64(p + 8, off);
		put64(p + 16, paddr + 0xffffffff80000000ULL);
		put64(p + 24, paddr);
		put64(p + 32, filesz);
		put64(p + 40, memsz);
		put64(p + 48, align);
	} else {
		put32(p + 4, off);
		put32(p + 8, paddr);
		put32(p + 12, paddr);
		put32(p + 16, filesz);
		put32(p + 20, memsz);
		put32(p + 24, 5);
		put32(p + 28, align);
	}
	set_phnum(t, ++t->phnum);
}

/* Append len bytes at a 8-aligned offset; returns that offset. */
static size_t append(struct bld *t, const void *src, size_t len)
{
	size_t off = (t->len + 7) & ~(size_t)7;

	assert_true(off + len <= sizeof(t->b));
	memset(t->b + t->len, 0, off - t->len);
	memcpy(t->b + off, src, len);
	t->len = off + len;
	return off;
}

/* One note in out; name and desc padded to 4. Returns its length. */
static size_t note(u8 *out, const char *name, u32 type, const void *desc,
		   u32 descsz)
{
	u32 namesz = name ? strlen(name) + 1 : 0;
	size_t n = 12;

	put32(out, namesz);
	put32(out + 4, descsz);
	put32(out + 8, type);
	memset(out + n, 0, (namesz + 3) & ~3u);
	if (name)
		memcpy(out + n, name, namesz);
	n += (namesz + 3) & ~3u;
	memset(out + n, 0, (descsz + 3) & ~3u);
	if (descsz)
		memcpy(out + n, desc, descsz);
	return n + ((descsz + 3) & ~3u);
}

static size_t phys32_note(u8 *out, u64 val, u32 descsz)
{
	u8 d[16] = { 0 };

	put64(d, val);
	return note(out, "Xen", XEN_ELFNOTE_PHYS32_ENTRY, d, descsz);
}

/* The usual notes: XEN_VERSION, GUEST_OS "linux", a GNU one, PHYS32. */
static size_t std_notes(u8 *out, u64 val, u32 descsz)
{
	size_t n = 0;

	n += note(out + n, "Xen", XEN_ELFNOTE_XEN_VERSION, "xen-3.0", 8);
	n += note(out + n, "Xen", XEN_ELFNOTE_GUEST_OS, "linux", 6);
	n += note(out + n, "GNU", XEN_ELFNOTE_PHYS32_ENTRY, "\1\2\3\4", 4);
	n += phys32_note(out + n, val, descsz);
	return n;
}

static u8 code[0x300];

/* A PVH image: one code segment (0x300 bytes, memsz 0x2000) at BASE. */
static void bld_code(struct bld *t, bool is64, u16 machine)
{
	size_t off;
	size_t i;

	for (i = 0; i < sizeof(code); i++)
		code[i] = (u8)(i * 7 + 1);
	bld_init(t, is64, machine);
	off = append(t, code, sizeof(code));
	add_phdr(t, PT_LOAD, off, BASE, sizeof(code), 0x2000, 0x1000);
}

static void bld_std(struct bld *t, bool is64, u16 machine, u64 val,
		    u32 descsz)
{
	u8 notes[256];
	size_t n, off;

	bld_code(t, is64, machine);
	n = std_notes(notes, val, descsz);
	off = append(t, notes, n);
	add_phdr(t, PT_NOTE, off, 0, n, n, 4);
}

/* Parse, expecting failure err with message want (or any message). */
static void expect_fail(const struct bld *t, int err, const char *want)
{
	struct elf_image img;
	const char *why = NULL;

	assert_int_equal(elf_parse(t->b, t->len, &img, &why), err);
	assert_non_null(why);
	assert_true(strncmp(why, "ELF: ", 5) == 0);
	if (want)
		assert_string_equal(why, want);
}

static void expect_ok(const struct bld *t, struct elf_image *img)
{
	const char *why = NULL;
	int ret = elf_parse(t->b, t->len, img, &why);

	if (ret)
		fail_msg("elf_parse: %d %s", ret, why);
}

static void test_elf64_ok(void **state)
{
	struct bld t;
	struct elf_image img;

	bld_std(&t, true, ELF_EM_X86_64, BASE + 0x40, 8);
	expect_ok(&t, &img);
	assert_true(img.is64);
	assert_int_equal(img.machine, ELF_EM_X86_64);
	assert_int_equal(img.nr_seg, 1);
	assert_int_equal(img.seg[0].paddr, BASE);
	assert_int_equal(img.seg[0].vaddr, BASE + 0xffffffff80000000ULL);
	assert_int_equal(img.seg[0].filesz, sizeof(code));
	assert_int_equal(img.seg[0].memsz, 0x2000);
	assert_int_equal(img.seg[0].flags, ELF_PF_R | ELF_PF_X);
	assert_true(img.has_phys32_entry);
	assert_int_equal(img.phys32_entry, BASE + 0x40);
	assert_int_equal(img.entry, BASE + 0x40);
	assert_int_equal(img.paddr_lo, BASE);
	assert_int_equal(img.paddr_hi, BASE + 0x2000);
	assert_string_equal(img.guest_os, "linux");
	assert_ptr_equal(img.data, t.b);
	assert_int_equal(img.size, t.len);
}

static void test_elf32_ok(void **state)
{
	struct bld t;
	struct elf_image img;

	bld_std(&t, false, ELF_EM_386, 0x100000c, 4);
	expect_ok(&t, &img);
	assert_false(img.is64);
	assert_int_equal(img.machine, ELF_EM_386);
	assert_int_equal(img.seg[0].vaddr, BASE);
	assert_int_equal(img.phys32_entry, 0x100000c);
	assert_string_equal(img.guest_os, "linux");

	/* A 32-bit container of x86-64 code, with an 8-byte desc. */
	bld_std(&t, false, ELF_EM_X86_64, 0x1000010, 8);
	expect_ok(&t, &img);
	assert_int_equal(img.machine, ELF_EM_X86_64);
	assert_int_equal(img.phys32_entry, 0x1000010);
}

static void test_desc_sizes(void **state)
{
	struct bld t;
	struct elf_image img;

	/* 4 bytes: only the low half of the value is read. */
	bld_std(&t, true, ELF_EM_X86_64, 0xaabbccdd01000850ULL, 4);
	expect_ok(&t, &img);
	assert_int_equal(img.phys32_entry, 0x01000850);
	bld_std(&t, true, ELF_EM_X86_64, 0xaabbccdd01000850ULL, 8);
	expect_ok(&t, &img);
	assert_int_equal(img.phys32_entry, 0xaabbccdd01000850ULL);

	bld_std(&t, true, ELF_EM_X86_64, 1, 2);
	expect_fail(&t, -EINVAL,
		    "ELF: XEN_ELFNOTE_PHYS32_ENTRY desc is 2 bytes, expected 4 or 8");
	bld_std(&t, true, ELF_EM_X86_64, 1, 0);
	expect_fail(&t, -EINVAL,
		    "ELF: XEN_ELFNOTE_PHYS32_ENTRY desc is 0 bytes, expected 4 or 8");
	bld_std(&t, false, ELF_EM_386, 1, 16);
	expect_fail(&t, -EINVAL, NULL);
}

/* The note's presence is what matters: 0 is a value like any other. */
static void test_entry_zero(void **state)
{
	struct bld t;
	struct elf_image img;

	bld_std(&t, true, ELF_EM_X86_64, 0, 8);
	expect_ok(&t, &img);
	assert_true(img.has_phys32_entry);
	assert_int_equal(img.phys32_entry, 0);
	bld_std(&t, false, ELF_EM_386, 0, 4);
	expect_ok(&t, &img);
	assert_true(img.has_phys32_entry);
	assert_int_equal(img.phys32_entry, 0);
}

static void test_no_note(void **state)
{
	static const char msg[] =
		"ELF: no XEN_ELFNOTE_PHYS32_ENTRY note: not a PVH kernel";
	struct bld t;
	u8 notes[128];
	size_t n, off;

	bld_code(&t, true, ELF_EM_X86_64);
	expect_fail(&t, -ENOEXEC, msg);
	bld_code(&t, false, ELF_EM_386);
	expect_fail(&t, -ENOEXEC, msg);

	/* Notes, but not this one; and the right type under another owner. */
	bld_code(&t, true, ELF_EM_X86_64);
	n = note(notes, "Xen", XEN_ELFNOTE_GUEST_OS, "linux", 6);
	n += note(notes + n, "GNU", XEN_ELFNOTE_PHYS32_ENTRY, "\0\0\0\1", 4);
	n += note(notes + n, "Xenx", XEN_ELFNOTE_PHYS32_ENTRY, "\0\0\0\1", 4);
	off = append(&t, notes, n);
	add_phdr(&t, PT_NOTE, off, 0, n, n, 4);
	expect_fail(&t, -ENOEXEC, msg);
}

/*
 * Add a section header table: a null section, a string table, and one
 * SHT_NOTE section over [noff, noff + nlen).
 */
static void add_sections(struct bld *t, size_t noff, size_t nlen)
{
	u8 sh[3][64];
	size_t sz = t->is64 ? 64 : 40, off, i;
	u8 tab[3 * 64];

	memset(sh, 0, sizeof(sh));
	if (t->is64) {
		put32(sh[1] + 4, SHT_STRTAB);
		put32(sh[2] + 4, SHT_NOTE);
		put64(sh[2] + 24, noff);
		put64(sh[2] + 32, nlen);
		put64(sh[2] + 48, 4);
	} else {
		put32(sh[1] + 4, SHT_STRTAB);
		put32(sh[2] + 4, SHT_NOTE);
		put32(sh[2] + 16, noff);
		put32(sh[2] + 20, nlen);
		put32(sh[2] + 32, 4);
	}
	for (i = 0; i < 3; i++)
		memcpy(tab + i * sz, sh[i], sz);
	off = append(t, tab, 3 * sz);
	if (t->is64) {
		put64(t->b + 40, off);
		put16(t->b + 60, 3);
	} else {
		put32(t->b + 32, off);
		put16(t->b + 48, 3);
	}
}

static void test_section_notes(void **state)
{
	struct bld t;
	struct elf_image img;
	u8 notes[256];
	size_t n, off;
	int is64;

	for (is64 = 0; is64 < 2; is64++) {
		bld_code(&t, is64, ELF_EM_X86_64);
		n = std_notes(notes, 0x1000123, 4);
		off = append(&t, notes, n);
		add_sections(&t, off, n);
		expect_ok(&t, &img);
		assert_int_equal(img.phys32_entry, 0x1000123);
		assert_string_equal(img.guest_os, "linux");

		/* Section contents outside the file. */
		add_sections(&t, 0xfffffff0, n);
		expect_fail(&t, -EINVAL, "ELF: SHT_NOTE section 2 lies outside the file");

		/* The table itself outside the file. */
		add_sections(&t, off, n);
		t.len -= 8;
		expect_fail(&t, -EINVAL,
			    "ELF: section header table lies outside the file");
	}

	/* Wrong e_shentsize. */
	bld_code(&t, true, ELF_EM_X86_64);
	n = std_notes(notes, 0x1000123, 4);
	off = append(&t, notes, n);
	add_sections(&t, off, n);
	put16(t.b + 58, 40);
	expect_fail(&t, -EINVAL, "ELF: e_shentsize is 40, expected 64 for ELF64");

	/* With a PT_NOTE present, sections are not looked at. */
	bld_code(&t, true, ELF_EM_X86_64);
	off = append(&t, notes, n);
	add_sections(&t, off, n);
	n = note(notes, "Xen", XEN_ELFNOTE_GUEST_OS, "linux", 6);
	off = append(&t, notes, n);
	add_phdr(&t, PT_NOTE, off, 0, n, n, 4);
	expect_fail(&t, -ENOEXEC, NULL);
}

static void test_guest_os(void **state)
{
	static const char longname[] =
		"a-very-long-guest-os-name-that-does-not-fit";
	struct bld t;
	struct elf_image img;
	u8 notes[256];
	size_t n, off;

	bld_code(&t, true, ELF_EM_X86_64);
	n = note(notes, "Xen", XEN_ELFNOTE_GUEST_OS, longname,
		 sizeof(longname));
	/* Not NUL-terminated within its desc. */
	n += note(notes + n, "Xen", XEN_ELFNOTE_GUEST_VERSION, "2.6", 3);
	n += phys32_note(notes + n, BASE, 4);
	off = append(&t, notes, n);
	add_phdr(&t, PT_NOTE, off, 0, n, n, 4);
	expect_ok(&t, &img);
	assert_int_equal(strlen(img.guest_os), sizeof(img.guest_os) - 1);
	assert_memory_equal(img.guest_os, longname, sizeof(img.guest_os) - 1);

	bld_code(&t, true, ELF_EM_X86_64);
	n = note(notes, "Xen", XEN_ELFNOTE_GUEST_OS, "abc", 3);
	n += phys32_note(notes + n, BASE, 4);
	off = append(&t, notes, n);
	add_phdr(&t, PT_NOTE, off, 0, n, n, 4);
	expect_ok(&t, &img);
	assert_string_equal(img.guest_os, "abc");

	/* Absent: empty string. */
	bld_code(&t, true, ELF_EM_X86_64);
	n = phys32_note(notes, BASE, 4);
	off = append(&t, notes, n);
	add_phdr(&t, PT_NOTE, off, 0, n, n, 4);
	expect_ok(&t, &img);
	assert_string_equal(img.guest_os, "");
}

static void test_header_errors(void **state)
{
	struct bld t;
	const char *why = NULL;
	struct elf_image img;

	bld_std(&t, true, ELF_EM_X86_64, BASE, 8);
	assert_int_equal(elf_parse(t.b, 12, &img, &why), -EINVAL);
	assert_string_equal(why, "ELF: file is 12 bytes, shorter than an ELF header");
	assert_int_equal(elf_parse(t.b, 0, &img, &why), -EINVAL);
	assert_string_equal(why, "ELF: file is 0 bytes, shorter than an ELF header");
	/* Long enough for ELF32, not for the ELF64 it claims to be. */
	assert_int_equal(elf_parse(t.b, 60, &img, &why), -EINVAL);
	assert_string_equal(why, "ELF: file is 60 bytes, shorter than an ELF header");

	assert_int_equal(elf_parse(NULL, 100, &img, &why), -EINVAL);
	assert_int_equal(elf_parse(t.b, t.len, NULL, &why), -EINVAL);
	/* why may be NULL. */
	assert_int_equal(elf_parse(t.b, 12, &img, NULL), -EINVAL);
	assert_int_equal(elf_parse(t.b, t.len, &img, NULL), 0);

	t.b[1] = 'e';
	expect_fail(&t, -ENOEXEC, "ELF: bad magic, not an ELF file");
	bld_std(&t, true, ELF_EM_X86_64, BASE, 8);
	t.b[4] = 3;
	expect_fail(&t, -ENOEXEC,
		    "ELF: unsupported class (neither ELFCLASS32 nor ELFCLASS64)");
	t.b[4] = 0;
	expect_fail(&t, -ENOEXEC, NULL);
	bld_std(&t, true, ELF_EM_X86_64, BASE, 8);
	t.b[5] = 2;
	expect_fail(&t, -ENOEXEC,
		    "ELF: unsupported data encoding (not little-endian)");
	bld_std(&t, true, ELF_EM_X86_64, BASE, 8);
	t.b[6] = 0;
	expect_fail(&t, -ENOEXEC, "ELF: unsupported ELF version (not EV_CURRENT)");
	bld_std(&t, true, ELF_EM_X86_64, BASE, 8);
	put32(t.b + 20, 2);
	expect_fail(&t, -ENOEXEC, "ELF: unsupported ELF version (not EV_CURRENT)");

	bld_std(&t, true, 40 /* EM_ARM */, BASE, 8);
	expect_fail(&t, -ENOEXEC, "ELF: wrong machine 40, expected EM_X86_64 (62)");
	bld_std(&t, true, ELF_EM_386, BASE, 8);
	expect_fail(&t, -ENOEXEC, "ELF: wrong machine 3, expected EM_X86_64 (62)");
	bld_std(&t, false, 183 /* EM_AARCH64 */, BASE, 8);
	expect_fail(&t, -ENOEXEC,
		    "ELF: wrong machine 183, expected EM_386 (3) or EM_X86_64 (62)");
}

static void test_phdr_table_errors(void **state)
{
	struct bld t;

	bld_std(&t, true, ELF_EM_X86_64, BASE, 8);
	put64(t.b + 32, t.len - 56);	/* phoff: two entries, one fits */
	expect_fail(&t, -EINVAL, "ELF: program header table lies outside the file");
	put64(t.b + 32, ~0ULL - 8);
	expect_fail(&t, -EINVAL, "ELF: program header table lies outside the file");

	bld_std(&t, false, ELF_EM_386, BASE, 4);
	put32(t.b + 28, 0xffffffff);
	expect_fail(&t, -EINVAL, "ELF: program header table lies outside the file");

	bld_std(&t, true, ELF_EM_X86_64, BASE, 8);
	put16(t.b + 54, 64);
	expect_fail(&t, -EINVAL, "ELF: e_phentsize is 64, expected 56 for ELF64");
	bld_std(&t, false, ELF_EM_386, BASE, 4);
	put16(t.b + 42, 56);
	expect_fail(&t, -EINVAL, "ELF: e_phentsize is 56, expected 32 for ELF32");

	bld_std(&t, true, ELF_EM_X86_64, BASE, 8);
	set_phnum(&t, 0);
	expect_fail(&t, -EINVAL, "ELF: no program headers, so no PT_LOAD segment");
}

static void test_too_many_segments(void **state)
{
	struct bld t;
	struct elf_image img;
	u8 notes[64];
	size_t n, off;
	unsigned int i;

	bld_init(&t, true, ELF_EM_X86_64);
	n = phys32_note(notes, BASE, 8);
	off = append(&t, notes, n);
	add_phdr(&t, PT_NOTE, off, 0, n, n, 4);
	for (i = 0; i < ELF_MAX_SEGMENTS; i++)
		add_phdr(&t, PT_LOAD, 0, BASE + i * 0x1000, 0x10, 0x1000, 0);
	/* Empty ones do not count. */
	add_phdr(&t, PT_LOAD, 0, 0, 0, 0, 0);
	expect_ok(&t, &img);
	assert_int_equal(img.nr_seg, ELF_MAX_SEGMENTS);
	assert_int_equal(img.paddr_lo, BASE);
	assert_int_equal(img.paddr_hi, BASE + ELF_MAX_SEGMENTS * 0x1000);

	add_phdr(&t, PT_LOAD, 0, BASE + 0x100000, 0x10, 0x1000, 0);
	expect_fail(&t, -E2BIG, "ELF: too many PT_LOAD segments (more than 16)");
}

/* A standard image plus one extra PT_LOAD (program header 2). */
static void bld_extra_load(struct bld *t, bool is64, u64 off, u64 paddr,
			   u64 filesz, u64 memsz)
{
	bld_std(t, is64, is64 ? ELF_EM_X86_64 : ELF_EM_386, BASE, 4);
	add_phdr(t, PT_LOAD, off, paddr, filesz, memsz, 0x1000);
}

static void test_load_errors(void **state)
{
	struct bld t;
	struct elf_image img;
	int is64;

	for (is64 = 0; is64 < 2; is64++) {
		bld_extra_load(&t, is64, 0x100, BASE + 0x10000, 0x100, 0x100);
		expect_ok(&t, &img);
		assert_int_equal(img.nr_seg, 2);
		assert_int_equal(img.paddr_hi, BASE + 0x10100);

		bld_extra_load(&t, is64, t.len - 0x10, BASE + 0x10000, 0x20,
			       0x100);
		expect_fail(&t, -EINVAL,
			    "ELF: PT_LOAD (program header 2) file range lies outside the file");
		bld_extra_load(&t, is64, t.len + 1, BASE + 0x10000, 0, 0x100);
		expect_ok(&t, &img); /* nothing read from the file */
		bld_extra_load(&t, is64, 0xffffff00, BASE + 0x10000, 0x200,
			       0x200);
		expect_fail(&t, -EINVAL, NULL);

		bld_extra_load(&t, is64, 0, BASE + 0x10000, 0x200, 0x100);
		expect_fail(&t, -EINVAL,
			    "ELF: PT_LOAD (program header 2) has filesz > memsz");

		/* Overlaps: any shared byte; adjacent is fine. */
		bld_extra_load(&t, is64, 0, BASE + 0x1fff, 0, 0x10);
		expect_fail(&t, -EINVAL,
			    "ELF: PT_LOAD segments 0 and 1 overlap (by paddr)");
		bld_extra_load(&t, is64, 0, BASE - 0x10, 0, 0x11);
		expect_fail(&t, -EINVAL, NULL);
		bld_extra_load(&t, is64, 0, BASE + 0x100, 0, 0x10);
		expect_fail(&t, -EINVAL, NULL);
		bld_extra_load(&t, is64, 0, BASE - 0x10, 0, 0x10000);
		expect_fail(&t, -EINVAL, NULL);
		bld_extra_load(&t, is64, 0, BASE + 0x2000, 0, 0x10);
		expect_ok(&t, &img);
		bld_extra_load(&t, is64, 0, BASE - 0x10, 0, 0x10);
		expect_ok(&t, &img);
		assert_int_equal(img.paddr_lo, BASE - 0x10);
		assert_int_equal(img.paddr_hi, BASE + 0x2000);
	}

	/* File offset + filesz wrapping around. */
	bld_extra_load(&t, true, ~0ULL - 0xf, BASE + 0x10000, 0x20, 0x20);
	expect_fail(&t, -EINVAL,
		    "ELF: PT_LOAD (program header 2) file range lies outside the file");

	/* paddr + memsz overflow: 64-bit, and past 4 GiB for ELF32. */
	bld_extra_load(&t, true, 0, ~0ULL - 0xff, 0, 0x200);
	expect_fail(&t, -EINVAL,
		    "ELF: PT_LOAD (program header 2) paddr + memsz overflows");
	bld_extra_load(&t, true, 0, 0xfffff000, 0, 0x2000);
	expect_ok(&t, &img);
	assert_int_equal(img.paddr_hi, 0x100001000ULL);
	bld_extra_load(&t, false, 0, 0xfffff000, 0, 0x2000);
	expect_fail(&t, -EINVAL,
		    "ELF: PT_LOAD (program header 2) paddr + memsz overflows");
	bld_extra_load(&t, false, 0, 0xfffff000, 0, 0x1000);
	expect_ok(&t, &img);
	assert_int_equal(img.paddr_hi, 0x100000000ULL);
}

static void test_no_load(void **state)
{
	struct bld t;
	u8 notes[64];
	size_t n, off;

	bld_init(&t, true, ELF_EM_X86_64);
	n = phys32_note(notes, BASE, 8);
	off = append(&t, notes, n);
	add_phdr(&t, PT_NOTE, off, 0, n, n, 4);
	expect_fail(&t, -EINVAL, "ELF: no PT_LOAD segment with a non-zero memsz");
	add_phdr(&t, PT_LOAD, 0, BASE, 0, 0, 0);
	expect_fail(&t, -EINVAL, "ELF: no PT_LOAD segment with a non-zero memsz");
}

/* A standard image with a PT_NOTE of nlen bytes holding notes[]. */
static void bld_notes(struct bld *t, const u8 *notes, size_t n, size_t nlen,
		      u64 align)
{
	size_t off;

	bld_code(t, true, ELF_EM_X86_64);
	off = append(t, notes, n);
	add_phdr(t, PT_NOTE, off, 0, nlen, nlen, align);
}

static void test_note_errors(void **state)
{
	struct bld t;
	struct elf_image img;
	u8 notes[4096];
	size_t n, i;

	n = std_notes(notes, BASE, 8);
	/* PT_NOTE shorter than its last note's header, name, desc. */
	bld_notes(&t, notes, n, n - 24 + 6, 4);
	expect_fail(&t, -EINVAL, "ELF: note header runs past the end of its segment");
	bld_notes(&t, notes, n, n - 8 + 2, 4);
	expect_fail(&t, -EINVAL, "ELF: note desc runs past the end of its segment");
	bld_notes(&t, notes, n, n - 8 - 4 + 2, 4);
	expect_fail(&t, -EINVAL, "ELF: note name runs past the end of its segment");

	/* Huge sizes must not wrap the walk. */
	n = phys32_note(notes, BASE, 8);
	put32(notes, 0xffffffff);
	bld_notes(&t, notes, n, n, 4);
	expect_fail(&t, -EINVAL, "ELF: note name runs past the end of its segment");
	n = phys32_note(notes, BASE, 8);
	put32(notes + 4, 0xfffffffd);
	bld_notes(&t, notes, n, n, 4);
	expect_fail(&t, -EINVAL, "ELF: note desc runs past the end of its segment");

	/* The PT_NOTE itself outside the file, or wrapping. */
	n = phys32_note(notes, BASE, 8);
	bld_notes(&t, notes, n, n + 64, 4);
	expect_fail(&t, -EINVAL, "ELF: PT_NOTE (program header 1) lies outside the file");
	bld_notes(&t, notes, n, ~0ULL - 8, 4);
	expect_fail(&t, -EINVAL, "ELF: PT_NOTE (program header 1) lies outside the file");

	/* Zero-size notes (all-zero segment): the walk ends, no entry found. */
	memset(notes, 0, sizeof(notes));
	bld_notes(&t, notes, 12 * 300, 12 * 300, 4);
	expect_fail(&t, -ENOEXEC, NULL);
	/* ... and before a real one. */
	n = 0;
	for (i = 0; i < 10; i++)
		n += note(notes + n, NULL, 0, NULL, 0);
	n += phys32_note(notes + n, BASE + 4, 8);
	bld_notes(&t, notes, n, n, 4);
	expect_ok(&t, &img);
	assert_int_equal(img.phys32_entry, BASE + 4);

	/* Two that disagree; two that agree. */
	n = phys32_note(notes, BASE, 8);
	n += phys32_note(notes + n, BASE + 1, 8);
	bld_notes(&t, notes, n, n, 4);
	expect_fail(&t, -EINVAL, "ELF: two XEN_ELFNOTE_PHYS32_ENTRY notes disagree");
	n = phys32_note(notes, BASE, 8);
	n += phys32_note(notes + n, BASE, 4);
	bld_notes(&t, notes, n, n, 4);
	expect_ok(&t, &img);

	/* Missing padding after the last desc is tolerated. */
	n = phys32_note(notes, BASE, 4);
	n += note(notes + n, "Xen", XEN_ELFNOTE_GUEST_OS, "ab", 3);
	bld_notes(&t, notes, n, n - 1, 4);
	expect_ok(&t, &img);
	assert_string_equal(img.guest_os, "ab");
}

/*
 * A PT_NOTE aligned to 8 (like .note.gnu.property) pads the offsets of
 * name end and desc end to 8: after a 12-byte header and "GNU\0" the desc
 * starts at 16. A GNU property note (desc 16) comes first, as in any
 * distribution binary, then the Xen note at 16 + 16 = 32.
 */
static void test_note_align8(void **state)
{
	struct bld t;
	struct elf_image img;
	u8 notes[64] = { 0 };

	put32(notes, 4);
	put32(notes + 4, 16);
	put32(notes + 8, 5); /* NT_GNU_PROPERTY_TYPE_0 */
	memcpy(notes + 12, "GNU", 4);
	put32(notes + 32, 4);
	put32(notes + 36, 4);
	put32(notes + 40, XEN_ELFNOTE_PHYS32_ENTRY);
	memcpy(notes + 44, "Xen", 4);
	put32(notes + 48, 0x1000abc); /* desc at 32 + 16 */
	bld_notes(&t, notes, 56, 56, 8);
	expect_ok(&t, &img);
	assert_int_equal(img.phys32_entry, 0x1000abc);
	/* The GNU note alone: well-formed, and not PVH. */
	bld_notes(&t, notes, 32, 32, 8);
	expect_fail(&t, -ENOEXEC, NULL);
}

/* Every truncation and many corruptions: no crash, no hang (ASan/UBSan). */
static void test_robustness(void **state)
{
	struct bld t, c;
	struct elf_image img;
	const char *why;
	size_t len, i;
	int ret;

	bld_std(&t, true, ELF_EM_X86_64, BASE, 8);
	add_sections(&t, 0, 0);
	for (len = 0; len < t.len; len++) {
		u8 *copy = malloc(len ? len : 1);

		memcpy(copy, t.b, len);
		ret = elf_parse(copy, len, &img, &why);
		free(copy);
		if (len < 0x700) /* the code segment is cut */
			assert_true(ret < 0);
	}
	srand(1);
	for (i = 0; i < 20000; i++) {
		c = t;
		c.b[rand() % 0x200] = (u8)rand();
		c.b[rand() % 0xd00] ^= (u8)(1 << (rand() % 8));
		ret = elf_parse(c.b, c.len, &img, &why);
		assert_non_null(why);
		if (!ret)
			assert_true(img.nr_seg >= 1 && img.nr_seg <= 16);
	}
}

struct rec {
	int calls;
	u64 gpa[8];
	size_t len[8];
	bool is_zero[8];
	u8 mem[0x3000];
	int fail_at;
	int err;
};

static int rec_copy(u64 gpa, const void *src, size_t len, void *ctx)
{
	struct rec *r = ctx;
	int n = r->calls++;

	r->gpa[n] = gpa;
	r->len[n] = len;
	r->is_zero[n] = false;
	if (gpa >= BASE && gpa - BASE + len <= sizeof(r->mem))
		memcpy(r->mem + (gpa - BASE), src, len);
	return n == r->fail_at ? r->err : 0;
}

static int rec_zero(u64 gpa, size_t len, void *ctx)
{
	struct rec *r = ctx;
	int n = r->calls++;

	r->gpa[n] = gpa;
	r->len[n] = len;
	r->is_zero[n] = true;
	if (gpa >= BASE && gpa - BASE + len <= sizeof(r->mem))
		memset(r->mem + (gpa - BASE), 0, len);
	return n == r->fail_at ? r->err : 0;
}

static void test_load(void **state)
{
	struct bld t;
	struct elf_image img;
	struct rec r;
	u8 b[0x40];

	/* Segment 0: code with bss; segment 1: all file; 2: all bss. */
	bld_std(&t, true, ELF_EM_X86_64, BASE, 8);
	memset(b, 0xab, sizeof(b));
	add_phdr(&t, PT_LOAD, append(&t, b, sizeof(b)), BASE + 0x2000,
		 sizeof(b), sizeof(b), 0);
	add_phdr(&t, PT_LOAD, 0, BASE + 0x2800, 0, 0x100, 0);
	expect_ok(&t, &img);

	memset(&r, 0x5a, sizeof(r));
	r.calls = 0;
	r.fail_at = -1;
	assert_int_equal(elf_load(&img, rec_copy, rec_zero, &r), 0);
	assert_int_equal(r.calls, 4);
	assert_false(r.is_zero[0]);
	assert_int_equal(r.gpa[0], BASE);
	assert_int_equal(r.len[0], sizeof(code));
	assert_true(r.is_zero[1]);
	assert_int_equal(r.gpa[1], BASE + sizeof(code));
	assert_int_equal(r.len[1], 0x2000 - sizeof(code));
	assert_false(r.is_zero[2]);
	assert_int_equal(r.gpa[2], BASE + 0x2000);
	assert_int_equal(r.len[2], sizeof(b));
	assert_true(r.is_zero[3]);
	assert_int_equal(r.gpa[3], BASE + 0x2800);
	assert_int_equal(r.len[3], 0x100);
	assert_memory_equal(r.mem, code, sizeof(code));
	assert_int_equal(r.mem[sizeof(code)], 0);
	assert_int_equal(r.mem[0x1fff], 0);
	assert_memory_equal(r.mem + 0x2000, b, sizeof(b));
	assert_int_equal(r.mem[0x28ff], 0);
	assert_int_equal(r.mem[0x2900], 0x5a);

	/* The first callback error stops the load and is returned. */
	r.calls = 0;
	r.fail_at = 1;
	r.err = -ENOMEM;
	assert_int_equal(elf_load(&img, rec_copy, rec_zero, &r), -ENOMEM);
	assert_int_equal(r.calls, 2);
	r.calls = 0;
	r.fail_at = 2;
	r.err = -EFAULT;
	assert_int_equal(elf_load(&img, rec_copy, rec_zero, &r), -EFAULT);
	assert_int_equal(r.calls, 3);

	assert_int_equal(elf_load(NULL, rec_copy, rec_zero, &r), -EINVAL);
	assert_int_equal(elf_load(&img, NULL, rec_zero, &r), -EINVAL);
	assert_int_equal(elf_load(&img, rec_copy, NULL, &r), -EINVAL);
}

struct sum {
	u64 copied, zeroed;
};

static int sum_copy(u64 gpa, const void *src, size_t len, void *ctx)
{
	((struct sum *)ctx)->copied += len;
	return 0;
}

static int sum_zero(u64 gpa, size_t len, void *ctx)
{
	((struct sum *)ctx)->zeroed += len;
	return 0;
}

/* Where a real vmlinux with the PVH note may be: see mkpvh's `make kernel`. */
static const char *real_vmlinux_path(char *buf, size_t size)
{
	const char *p = getenv("HVLAB_TEST_VMLINUX");
	const char *cache = getenv("HVLAB_KERNEL_CACHE");
	const char *home = getenv("HOME");

	if (p)
		return p;
	if (cache)
		snprintf(buf, size, "%s/vmlinux-pvh", cache);
	else if (home)
		snprintf(buf, size, "%s/.cache/hvlab/vmlinux-pvh", home);
	else
		return NULL;
	return buf;
}

static void test_real_vmlinux(void **state)
{
	char path[4096];
	const char *name = real_vmlinux_path(path, sizeof(path));
	struct elf_image img;
	struct sum s = { 0, 0 };
	const char *why;
	FILE *f = name ? fopen(name, "rb") : NULL;
	u8 *data;
	long size;
	u64 memsz = 0;
	unsigned int i;

	if (!f) {
		printf("# no vmlinux at %s (set HVLAB_TEST_VMLINUX, or make kernel)\n",
		       name ? name : "(no path)");
		skip();
	}
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	assert_true(size > 0);
	rewind(f);
	data = malloc(size);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, size, f), (size_t)size);
	fclose(f);

	if (elf_parse(data, size, &img, &why))
		fail_msg("%s: %s", name, why);
	printf("# %s: PVH entry %#llx, load [%#llx, %#llx), %u segments, "
	       "guest_os \"%s\"\n", name, (unsigned long long)img.phys32_entry,
	       (unsigned long long)img.paddr_lo,
	       (unsigned long long)img.paddr_hi, img.nr_seg, img.guest_os);
	assert_true(img.has_phys32_entry);
	assert_true(img.paddr_lo >= 0x100000);
	assert_true(img.phys32_entry >= img.paddr_lo &&
		    img.phys32_entry < img.paddr_hi);
	for (i = 0; i < img.nr_seg; i++)
		memsz += img.seg[i].memsz;
	assert_int_equal(elf_load(&img, sum_copy, sum_zero, &s), 0);
	assert_int_equal(s.copied + s.zeroed, memsz);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_elf64_ok),
		cmocka_unit_test(test_elf32_ok),
		cmocka_unit_test(test_desc_sizes),
		cmocka_unit_test(test_entry_zero),
		cmocka_unit_test(test_no_note),
		cmocka_unit_test(test_section_notes),
		cmocka_unit_test(test_guest_os),
		cmocka_unit_test(test_header_errors),
		cmocka_unit_test(test_phdr_table_errors),
		cmocka_unit_test(test_too_many_segments),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_no_load),
		cmocka_unit_test(test_note_errors),
		cmocka_unit_test(test_note_align8),
		cmocka_unit_test(test_robustness),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_real_vmlinux),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
