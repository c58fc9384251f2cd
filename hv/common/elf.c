// SPDX-License-Identifier: GPL-2.0
/*
 * PVH kernel image parser and loader; see hv/elf.h.
 *
 * Every field is read byte by byte in little-endian order, so the image may
 * sit at any alignment, and every offset and size from the file is checked
 * against the file size with arithmetic that cannot wrap.
 */
#include <elfnote.h>
#include <hv/compiler.h>
#include <hv/elf.h>
#include <hv/errno.h>
#include <hv/string.h>

#define EI_CLASS 4
#define EI_DATA 5
#define EI_VERSION 6
#define ELFCLASS32 1
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define EV_CURRENT 1

#define PT_LOAD 1
#define PT_NOTE 4
#define SHT_NOTE 7

#define EHDR32_SIZE 52
#define EHDR64_SIZE 64
#define PHDR32_SIZE 32
#define PHDR64_SIZE 56
#define SHDR32_SIZE 40
#define SHDR64_SIZE 64
#define NOTE_HDR_SIZE 12

/* The header fields we use, whatever the class. */
struct ehdr {
	u64 entry, phoff, shoff;
	u16 phentsize, phnum, shentsize, shnum;
};

struct phdr {
	u32 type, flags;
	u64 offset, vaddr, paddr, filesz, memsz, align;
};

static u16 get16(const u8 *p)
{
	return (u16)(p[0] | p[1] << 8);
}

static u32 get32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static u64 get64(const u8 *p)
{
	return get32(p) | (u64)get32(p + 4) << 32;
}

static bool in_file(const struct elf_image *img, u64 off, u64 len)
{
	return off <= img->size && len <= img->size - off;
}

/*
 * Messages with a number in them are assembled in img->msg from pieces:
 * strings and decimal numbers, cut short if they do not fit.
 */
static void msg_str(struct elf_image *img, const char *s)
{
	size_t len = strlen(img->msg);

	while (*s && len + 1 < sizeof(img->msg))
		img->msg[len++] = *s++;
	img->msg[len] = '\0';
}

static void msg_num(struct elf_image *img, u64 n)
{
	char digits[21];
	int i = sizeof(digits) - 1;

	digits[i] = '\0';
	do {
		digits[--i] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	msg_str(img, digits + i);
}

/* "<a><n><b>" in img->msg; the usual shape of a numbered message. */
static const char *msg_fmt(struct elf_image *img, const char *a, u64 n,
			   const char *b)
{
	img->msg[0] = '\0';
	msg_str(img, a);
	msg_num(img, n);
	msg_str(img, b);
	return img->msg;
}

static int check_ident(const u8 *d, const char **why)
{
	if (memcmp(d, "\177ELF", 4)) {
		*why = "ELF: bad magic, not an ELF file";
		return -ENOEXEC;
	}
	if (d[EI_CLASS] != ELFCLASS32 && d[EI_CLASS] != ELFCLASS64) {
		*why = "ELF: unsupported class (neither ELFCLASS32 nor ELFCLASS64)";
		return -ENOEXEC;
	}
	if (d[EI_DATA] != ELFDATA2LSB) {
		*why = "ELF: unsupported data encoding (not little-endian)";
		return -ENOEXEC;
	}
	if (d[EI_VERSION] != EV_CURRENT || get32(d + 20) != EV_CURRENT) {
		*why = "ELF: unsupported ELF version (not EV_CURRENT)";
		return -ENOEXEC;
	}
	return 0;
}

static void read_ehdr(const struct elf_image *img, struct ehdr *eh)
{
	const u8 *d = img->data;

	if (img->is64) {
		eh->entry = get64(d + 24);
		eh->phoff = get64(d + 32);
		eh->shoff = get64(d + 40);
		eh->phentsize = get16(d + 54);
		eh->phnum = get16(d + 56);
		eh->shentsize = get16(d + 58);
		eh->shnum = get16(d + 60);
	} else {
		eh->entry = get32(d + 24);
		eh->phoff = get32(d + 28);
		eh->shoff = get32(d + 32);
		eh->phentsize = get16(d + 42);
		eh->phnum = get16(d + 44);
		eh->shentsize = get16(d + 46);
		eh->shnum = get16(d + 48);
	}
}

static int parse_ehdr(struct elf_image *img, struct ehdr *eh, const char **why)
{
	size_t need;
	int ret;

	if (img->size < EHDR32_SIZE) {
		*why = msg_fmt(img, "ELF: file is ", img->size,
			       " bytes, shorter than an ELF header");
		return -EINVAL;
	}
	ret = check_ident(img->data, why);
	if (ret)
		return ret;
	img->is64 = img->data[EI_CLASS] == ELFCLASS64;
	need = img->is64 ? EHDR64_SIZE : EHDR32_SIZE;
	if (img->size < need) {
		*why = msg_fmt(img, "ELF: file is ", img->size,
			       " bytes, shorter than an ELF header");
		return -EINVAL;
	}

	/* 32-bit containers of 64-bit code exist, so ELF32 takes either. */
	img->machine = get16(img->data + 18);
	if (img->machine != ELF_EM_X86_64 &&
	    (img->is64 || img->machine != ELF_EM_386)) {
		*why = msg_fmt(
			img, "ELF: wrong machine ", img->machine,
			img->is64 ? ", expected EM_X86_64 (62)" :
				    ", expected EM_386 (3) or EM_X86_64 (62)");
		return -ENOEXEC;
	}

	read_ehdr(img, eh);
	img->entry = eh->entry;
	return 0;
}

static int check_phdr_table(struct elf_image *img, const struct ehdr *eh,
			    const char **why)
{
	u16 want = img->is64 ? PHDR64_SIZE : PHDR32_SIZE;

	if (!eh->phnum) {
		*why = "ELF: no program headers, so no PT_LOAD segment";
		return -EINVAL;
	}
	if (eh->phentsize != want) {
		*why = msg_fmt(img, "ELF: e_phentsize is ", eh->phentsize,
			       img->is64 ? ", expected 56 for ELF64" :
					   ", expected 32 for ELF32");
		return -EINVAL;
	}
	if (!in_file(img, eh->phoff, (u64)eh->phnum * eh->phentsize)) {
		*why = "ELF: program header table lies outside the file";
		return -EINVAL;
	}
	return 0;
}

static void read_phdr(const struct elf_image *img, const struct ehdr *eh,
		      unsigned int i, struct phdr *ph)
{
	const u8 *p = img->data + eh->phoff + (u64)i * eh->phentsize;

	ph->type = get32(p);
	if (img->is64) {
		ph->flags = get32(p + 4);
		ph->offset = get64(p + 8);
		ph->vaddr = get64(p + 16);
		ph->paddr = get64(p + 24);
		ph->filesz = get64(p + 32);
		ph->memsz = get64(p + 40);
		ph->align = get64(p + 48);
	} else {
		ph->offset = get32(p + 4);
		ph->vaddr = get32(p + 8);
		ph->paddr = get32(p + 12);
		ph->filesz = get32(p + 16);
		ph->memsz = get32(p + 20);
		ph->flags = get32(p + 24);
		ph->align = get32(p + 28);
	}
}

/* Check one PT_LOAD (program header number i) and record it. */
static int add_load(struct elf_image *img, const struct phdr *ph,
		    unsigned int i, const char **why)
{
	/* ELF32 addresses are 32-bit: a segment may end at 4 GiB, not past. */
	u64 limit = img->is64 ? ~0ULL : 1ULL << 32;
	struct elf_segment *s;

	if (ph->filesz > ph->memsz) {
		*why = msg_fmt(img, "ELF: PT_LOAD (program header ", i,
			       ") has filesz > memsz");
		return -EINVAL;
	}
	/* An empty segment places nothing; skip it rather than count it. */
	if (!ph->memsz)
		return 0;
	if (ph->filesz && !in_file(img, ph->offset, ph->filesz)) {
		*why = msg_fmt(img, "ELF: PT_LOAD (program header ", i,
			       ") file range lies outside the file");
		return -EINVAL;
	}
	if (ph->paddr > limit || ph->memsz > limit - ph->paddr) {
		*why = msg_fmt(img, "ELF: PT_LOAD (program header ", i,
			       ") paddr + memsz overflows");
		return -EINVAL;
	}
	if (img->nr_seg == ELF_MAX_SEGMENTS) {
		*why = "ELF: too many PT_LOAD segments (more than 16)";
		return -E2BIG;
	}
	s = &img->seg[img->nr_seg++];
	s->paddr = ph->paddr;
	s->vaddr = ph->vaddr;
	s->offset = ph->offset;
	s->filesz = ph->filesz;
	s->memsz = ph->memsz;
	s->flags = ph->flags;
	return 0;
}

/* Segments are few (at most 16), so compare every pair. */
static int check_overlaps(struct elf_image *img, const char **why)
{
	unsigned int i, j;

	for (i = 0; i < img->nr_seg; i++) {
		const struct elf_segment *a = &img->seg[i];

		for (j = i + 1; j < img->nr_seg; j++) {
			const struct elf_segment *b = &img->seg[j];

			if (a->paddr < b->paddr + b->memsz &&
			    b->paddr < a->paddr + a->memsz) {
				*why = msg_fmt(img, "ELF: PT_LOAD segments ", i,
					       " and ");
				msg_num(img, j);
				msg_str(img, " overlap (by paddr)");
				return -EINVAL;
			}
		}
	}
	return 0;
}

static void compute_span(struct elf_image *img)
{
	unsigned int i;

	img->paddr_lo = ~0ULL;
	img->paddr_hi = 0;
	for (i = 0; i < img->nr_seg; i++) {
		img->paddr_lo = MIN(img->paddr_lo, img->seg[i].paddr);
		img->paddr_hi = MAX(img->paddr_hi,
				    img->seg[i].paddr + img->seg[i].memsz);
	}
}

static int parse_loads(struct elf_image *img, const struct ehdr *eh,
		       const char **why)
{
	struct phdr ph;
	unsigned int i;
	int ret;

	ret = check_phdr_table(img, eh, why);
	if (ret)
		return ret;
	for (i = 0; i < eh->phnum; i++) {
		read_phdr(img, eh, i, &ph);
		if (ph.type != PT_LOAD)
			continue;
		ret = add_load(img, &ph, i, why);
		if (ret)
			return ret;
	}
	if (!img->nr_seg) {
		*why = "ELF: no PT_LOAD segment with a non-zero memsz";
		return -EINVAL;
	}
	ret = check_overlaps(img, why);
	if (ret)
		return ret;
	compute_span(img);
	return 0;
}

static int note_phys32(struct elf_image *img, const u8 *desc, u32 descsz,
		       const char **why)
{
	u64 val;

	if (descsz == 4) {
		val = get32(desc);
	} else if (descsz == 8) {
		val = get64(desc);
	} else {
		*why = msg_fmt(img, "ELF: XEN_ELFNOTE_PHYS32_ENTRY desc is ",
			       descsz, " bytes, expected 4 or 8");
		return -EINVAL;
	}
	if (img->has_phys32_entry && img->phys32_entry != val) {
		*why = "ELF: two XEN_ELFNOTE_PHYS32_ENTRY notes disagree";
		return -EINVAL;
	}
	img->has_phys32_entry = true;
	img->phys32_entry = val;
	return 0;
}

/* The string need not be NUL-terminated within desc; truncate to fit. */
static void note_guest_os(struct elf_image *img, const u8 *desc, u32 descsz)
{
	size_t n = 0;

	while (n < descsz && n + 1 < sizeof(img->guest_os) && desc[n]) {
		img->guest_os[n] = (char)desc[n];
		n++;
	}
	img->guest_os[n] = '\0';
}

static int handle_note(struct elf_image *img, u32 type, const u8 *name,
		       u32 namesz, const u8 *desc, u32 descsz, const char **why)
{
	if (namesz != 4 || memcmp(name, "Xen", 4))
		return 0;
	if (type == XEN_ELFNOTE_PHYS32_ENTRY)
		return note_phys32(img, desc, descsz, why);
	if (type == XEN_ELFNOTE_GUEST_OS)
		note_guest_os(img, desc, descsz);
	return 0;
}

/*
 * Walk the notes in data[off, off + len), already known to be in the file.
 * Name and desc are padded to align (4, or 8 for 8-aligned note segments);
 * padding missing at the very end is tolerated, a short name or desc is
 * not. Every note consumes its 12-byte header, so the walk always ends.
 */
static int scan_notes(struct elf_image *img, u64 off, u64 len, u64 align,
		      const char **why)
{
	const u8 *base = img->data + off;
	u64 pos = 0;
	u32 namesz, descsz, type;
	const u8 *name;
	int ret;

	while (pos < len) {
		if (len - pos < NOTE_HDR_SIZE) {
			*why = "ELF: note header runs past the end of its segment";
			return -EINVAL;
		}
		namesz = get32(base + pos);
		descsz = get32(base + pos + 4);
		type = get32(base + pos + 8);
		pos += NOTE_HDR_SIZE;
		if (namesz > len - pos) {
			*why = "ELF: note name runs past the end of its segment";
			return -EINVAL;
		}
		name = base + pos;
		/* Padding aligns the offset, not the size: with 8-byte notes
		 * the desc after "GNU\0" starts at 16, not at 12 + 8. */
		pos = MIN(len, ALIGN_UP(pos + namesz, align));
		if (descsz > len - pos) {
			*why = "ELF: note desc runs past the end of its segment";
			return -EINVAL;
		}
		ret = handle_note(img, type, name, namesz, base + pos, descsz,
				  why);
		if (ret)
			return ret;
		pos = MIN(len, ALIGN_UP(pos + descsz, align));
	}
	return 0;
}

static u64 note_align(u64 align)
{
	return align == 8 ? 8 : 4;
}

/* Returns the number of PT_NOTE segments seen, or a negative error. */
static int notes_from_phdrs(struct elf_image *img, const struct ehdr *eh,
			    const char **why)
{
	struct phdr ph;
	unsigned int i;
	int seen = 0, ret;

	for (i = 0; i < eh->phnum; i++) {
		read_phdr(img, eh, i, &ph);
		if (ph.type != PT_NOTE)
			continue;
		seen++;
		if (!in_file(img, ph.offset, ph.filesz)) {
			*why = msg_fmt(img, "ELF: PT_NOTE (program header ", i,
				       ") lies outside the file");
			return -EINVAL;
		}
		ret = scan_notes(img, ph.offset, ph.filesz,
				 note_align(ph.align), why);
		if (ret)
			return ret;
	}
	return seen;
}

/* Fallback for images whose notes are only in SHT_NOTE sections. */
static int notes_from_sections(struct elf_image *img, const struct ehdr *eh,
			       const char **why)
{
	u16 want = img->is64 ? SHDR64_SIZE : SHDR32_SIZE;
	const u8 *sh;
	u64 off, size, align;
	unsigned int i;
	int ret;

	/* shnum 0 is also the escape for huge tables; neither has notes. */
	if (!eh->shnum)
		return 0;
	if (eh->shentsize != want) {
		*why = msg_fmt(img, "ELF: e_shentsize is ", eh->shentsize,
			       img->is64 ? ", expected 64 for ELF64" :
					   ", expected 40 for ELF32");
		return -EINVAL;
	}
	if (!in_file(img, eh->shoff, (u64)eh->shnum * eh->shentsize)) {
		*why = "ELF: section header table lies outside the file";
		return -EINVAL;
	}
	for (i = 0; i < eh->shnum; i++) {
		sh = img->data + eh->shoff + (u64)i * eh->shentsize;
		if (get32(sh + 4) != SHT_NOTE)
			continue;
		off = img->is64 ? get64(sh + 24) : get32(sh + 16);
		size = img->is64 ? get64(sh + 32) : get32(sh + 20);
		align = img->is64 ? get64(sh + 48) : get32(sh + 32);
		if (!in_file(img, off, size)) {
			*why = msg_fmt(img, "ELF: SHT_NOTE section ", i,
				       " lies outside the file");
			return -EINVAL;
		}
		ret = scan_notes(img, off, size, note_align(align), why);
		if (ret)
			return ret;
	}
	return 0;
}

static int parse_notes(struct elf_image *img, const struct ehdr *eh,
		       const char **why)
{
	int ret;

	ret = notes_from_phdrs(img, eh, why);
	if (ret == 0)
		ret = notes_from_sections(img, eh, why);
	if (ret < 0)
		return ret;
	if (!img->has_phys32_entry) {
		*why = "ELF: no XEN_ELFNOTE_PHYS32_ENTRY note: not a PVH kernel";
		return -ENOEXEC;
	}
	return 0;
}

int elf_parse(const void *data, size_t size, struct elf_image *img,
	      const char **why)
{
	const char *dummy;
	struct ehdr eh;
	int ret;

	if (!why)
		why = &dummy;
	if (!data || !img) {
		*why = "ELF: no image (NULL argument)";
		return -EINVAL;
	}
	memset(img, 0, sizeof(*img));
	img->data = data;
	img->size = size;

	ret = parse_ehdr(img, &eh, why);
	if (!ret)
		ret = parse_loads(img, &eh, why);
	if (!ret)
		ret = parse_notes(img, &eh, why);
	if (!ret)
		*why = "ELF: ok";
	return ret;
}

int elf_load(const struct elf_image *img,
	     int (*copy)(u64 gpa, const void *src, size_t len, void *ctx),
	     int (*zero)(u64 gpa, size_t len, void *ctx), void *ctx)
{
	const struct elf_segment *s;
	unsigned int i;
	int ret;

	if (!img || !img->data || !copy || !zero)
		return -EINVAL;
	for (i = 0; i < img->nr_seg && i < ELF_MAX_SEGMENTS; i++) {
		s = &img->seg[i];
		if (s->filesz) {
			ret = copy(s->paddr, img->data + s->offset,
				   (size_t)s->filesz, ctx);
			if (ret)
				return ret;
		}
		if (s->memsz > s->filesz) {
			ret = zero(s->paddr + s->filesz,
				   (size_t)(s->memsz - s->filesz), ctx);
			if (ret)
				return ret;
		}
	}
	return 0;
}
