/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parser and loader for PVH guest kernel images (ELF, x86).
 *
 * elf_parse() checks a whole image held in memory and describes it; nothing
 * is copied. elf_load() then places the PT_LOAD segments through callbacks,
 * by physical address (p_paddr), so the domain builder decides how guest
 * memory is reached.
 *
 * Accepted: little-endian ELF64 (EM_X86_64) and ELF32 (EM_386 or
 * EM_X86_64: 32-bit containers of 64-bit code exist), with at most
 * ELF_MAX_SEGMENTS non-empty PT_LOAD segments that do not overlap, and the
 * Xen note XEN_ELFNOTE_PHYS32_ENTRY, the mark of a PVH kernel.
 *
 * The same file builds into the hv, the host unit tests and dom0 tools
 * (mkpvh): it is pure logic over a byte buffer, with no alignment
 * assumptions about that buffer.
 */
#ifndef HV_ELF_H
#define HV_ELF_H

#include <hv/types.h>

#define ELF_MAX_SEGMENTS 16

#define ELF_EM_386 3
#define ELF_EM_X86_64 62

/* p_flags bits */
#define ELF_PF_X 1
#define ELF_PF_W 2
#define ELF_PF_R 4

struct elf_segment {
	u64 paddr, vaddr, offset, filesz, memsz;
	u32 flags;
};

struct elf_image {
	const u8 *data;
	size_t size;
	bool is64;
	u16 machine;
	struct elf_segment seg[ELF_MAX_SEGMENTS]; /* PT_LOAD, file order */
	unsigned int nr_seg;
	bool has_phys32_entry;
	u64 phys32_entry; /* valid if has_phys32_entry; 0 is a value */
	u64 entry; /* e_entry */
	u64 paddr_lo, paddr_hi; /* [lo, hi) span of all PT_LOAD memsz */
	char guest_os[32]; /* XEN_ELFNOTE_GUEST_OS, "" if absent */
	/* Messages that carry a number are built here; see elf_parse(). */
	char msg[96];
};

/*
 * Check the image data[0..size) and fill *img. Returns 0, or:
 *   -ENOEXEC  not an image we can run: bad magic, class, byte order,
 *             version or machine, or no PHYS32_ENTRY note;
 *   -E2BIG    more than ELF_MAX_SEGMENTS PT_LOAD segments;
 *   -EINVAL   malformed (tables or segments outside the file, overflows,
 *             overlaps, bad notes) or NULL arguments.
 * On error *why (if why is not NULL) names the problem, e.g.
 * "ELF: no XEN_ELFNOTE_PHYS32_ENTRY note: not a PVH kernel". It is a
 * static string or points into img->msg, so it lives as long as *img.
 * img->data keeps pointing at data: the buffer must outlive *img.
 */
int elf_parse(const void *data, size_t size, struct elf_image *img,
	      const char **why);

/*
 * Place the image: for each PT_LOAD, copy(p_paddr, its file bytes, filesz)
 * then zero(p_paddr + filesz, memsz - filesz); calls with a zero length
 * are skipped. Stops at, and returns, the first non-zero callback result.
 * Returns -EINVAL for NULL arguments.
 */
int elf_load(const struct elf_image *img,
	     int (*copy)(u64 gpa, const void *src, size_t len, void *ctx),
	     int (*zero)(u64 gpa, size_t len, void *ctx), void *ctx);

#endif
