// SPDX-License-Identifier: GPL-2.0
/*
 * Multiboot2 boot information parser. The structure comes from the boot
 * loader and is trusted no further than `mapped` bytes: every length is
 * checked before it is used, and everything kept is copied into boot_info.
 */
#include <hv/bootinfo.h>
#include <hv/compiler.h>
#include <hv/errno.h>
#include <hv/string.h>

#define MB2_TAG_END 0
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_LOADER_NAME 2
#define MB2_TAG_MODULE 3
#define MB2_TAG_MEMINFO 4
#define MB2_TAG_MMAP 6
#define MB2_TAG_ACPI_OLD 14
#define MB2_TAG_ACPI_NEW 15

/* Tags that may appear at most once. */
#define SINGLE_TAGS                                                            \
	(1u << MB2_TAG_CMDLINE | 1u << MB2_TAG_LOADER_NAME |                   \
	 1u << MB2_TAG_MEMINFO | 1u << MB2_TAG_MMAP | 1u << MB2_TAG_ACPI_OLD | \
	 1u << MB2_TAG_ACPI_NEW)

#define RSDP_V1_LEN 20

struct mb2_tag {
	u32 type;
	const u8 *data; /* payload after the 8-byte tag header */
	u32 len; /* payload length */
};

static u32 rd32(const u8 *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static u64 rd64(const u8 *p)
{
	u64 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Length of the NUL-terminated string at p within len bytes, or -1. */
static long str_within(const u8 *p, u32 len)
{
	const u8 *nul = memchr(p, 0, len);

	return nul ? nul - p : -1;
}

static const char *parse_cmdline(const struct mb2_tag *t, struct boot_info *bi)
{
	long n = str_within(t->data, t->len);

	if (n < 0)
		return "multiboot2: command line tag not NUL-terminated";
	if (n >= BOOT_CMDLINE_MAX)
		return "multiboot2: command line longer than 511 characters";
	memcpy(bi->cmdline, t->data, n + 1);
	return NULL;
}

static const char *parse_loader_name(const struct mb2_tag *t,
				     struct boot_info *bi)
{
	long n = str_within(t->data, t->len);

	if (n < 0)
		return "multiboot2: boot loader name tag not NUL-terminated";
	n = MIN(n, BOOT_LOADER_NAME_MAX - 1);
	memcpy(bi->loader_name, t->data, n);
	bi->loader_name[n] = '\0';
	return NULL;
}

static const char *parse_module(const struct mb2_tag *t, struct boot_info *bi)
{
	struct boot_module *m;
	long n;

	if (t->len < 8)
		return "multiboot2: module tag too short";
	n = str_within(t->data + 8, t->len - 8);
	if (n < 0)
		return "multiboot2: module tag string not NUL-terminated";
	if (n >= BOOT_MOD_STRING_MAX)
		return "multiboot2: module string longer than 255 characters";
	if (rd32(t->data + 4) < rd32(t->data))
		return "multiboot2: module tag has end < start";
	if (bi->nr_mod >= BOOT_MOD_MAX)
		return "multiboot2: more than 16 module tags";
	m = &bi->mod[bi->nr_mod++];
	m->start = rd32(t->data);
	m->end = rd32(t->data + 4);
	memcpy(m->string, t->data + 8, n + 1);
	return NULL;
}

static const char *parse_meminfo(const struct mb2_tag *t, struct boot_info *bi)
{
	if (t->len < 8)
		return "multiboot2: basic meminfo tag too short";
	bi->has_meminfo = true;
	bi->mem_lower_kb = rd32(t->data);
	bi->mem_upper_kb = rd32(t->data + 4);
	return NULL;
}

static u32 e820_type(u32 mb2_type)
{
	/* multiboot2 uses the E820 numbers; anything unknown is reserved. */
	return mb2_type >= E820_USABLE && mb2_type <= E820_BAD ? mb2_type :
								 E820_RESERVED;
}

static const char *parse_mmap_entry(const u8 *e, struct boot_info *bi)
{
	u64 base = rd64(e), len = rd64(e + 8);
	struct boot_mmap_entry *m;

	if (!len)
		return NULL;
	if (base + len < base)
		return "multiboot2: memory map entry wraps around 2^64";
	if (bi->nr_mmap >= BOOT_MMAP_MAX)
		return "multiboot2: memory map has more than 128 entries";
	m = &bi->mmap[bi->nr_mmap++];
	m->base = base;
	m->len = len;
	m->type = e820_type(rd32(e + 16));
	return NULL;
}

static const char *parse_mmap(const struct mb2_tag *t, struct boot_info *bi)
{
	u32 esize, off;
	const char *why;

	if (t->len < 8)
		return "multiboot2: memory map tag too short";
	esize = rd32(t->data);
	if (esize < 24 || esize % 8)
		return "multiboot2: memory map entry_size < 24 or not a "
		       "multiple of 8";
	if ((t->len - 8) % esize)
		return "multiboot2: memory map tag size is not a whole "
		       "number of entries";
	for (off = 8; off < t->len; off += esize) {
		why = parse_mmap_entry(t->data + off, bi);
		if (why)
			return why;
	}
	return NULL;
}

static const char *parse_rsdp(const struct mb2_tag *t, struct boot_info *bi)
{
	if (t->type == MB2_TAG_ACPI_NEW) {
		if (t->len < BOOT_RSDP_MAX)
			return "multiboot2: ACPI new RSDP tag shorter than 36 "
			       "bytes";
		memcpy(bi->rsdp, t->data, BOOT_RSDP_MAX);
		bi->rsdp_len = BOOT_RSDP_MAX;
		return NULL;
	}
	if (t->len < RSDP_V1_LEN)
		return "multiboot2: ACPI old RSDP tag shorter than 20 bytes";
	/* The new (ACPI 2.0+) RSDP is preferred, whichever tag comes first. */
	if (bi->rsdp_len != BOOT_RSDP_MAX) {
		memcpy(bi->rsdp, t->data, RSDP_V1_LEN);
		bi->rsdp_len = RSDP_V1_LEN;
	}
	return NULL;
}

static const char *parse_tag(const struct mb2_tag *t, struct boot_info *bi)
{
	switch (t->type) {
	case MB2_TAG_CMDLINE:
		return parse_cmdline(t, bi);
	case MB2_TAG_LOADER_NAME:
		return parse_loader_name(t, bi);
	case MB2_TAG_MODULE:
		return parse_module(t, bi);
	case MB2_TAG_MEMINFO:
		return parse_meminfo(t, bi);
	case MB2_TAG_MMAP:
		return parse_mmap(t, bi);
	case MB2_TAG_ACPI_OLD:
	case MB2_TAG_ACPI_NEW:
		return parse_rsdp(t, bi);
	}
	return NULL; /* tags the hv does not use */
}

/* Walk the tags in [8, total). Returns NULL on success or why it failed. */
static const char *walk_tags(const u8 *base, u32 total, struct boot_info *bi)
{
	u32 seen = 0, off = 8;
	struct mb2_tag t;
	u32 size;
	const char *why;

	for (;;) {
		bi->bad_tag_off = off;
		if (off > total || total - off < 8)
			return "multiboot2: no end tag before total_size";
		t.type = rd32(base + off);
		size = rd32(base + off + 4);
		if (size < 8)
			return "multiboot2: tag size < 8";
		if (size > total - off)
			return "multiboot2: tag runs past total_size";
		if (t.type == MB2_TAG_END)
			return size == 8 ? NULL :
					   "multiboot2: end tag size is not 8";
		if (t.type < 32 && (SINGLE_TAGS & seen & (1u << t.type)))
			return "multiboot2: duplicated single-instance tag";
		if (t.type < 32)
			seen |= 1u << t.type;
		t.data = base + off + 8;
		t.len = size - 8;
		why = parse_tag(&t, bi);
		if (why)
			return why;
		/* u64: a size near 4 GiB must not wrap the offset. */
		if ((u64)off + ALIGN_UP((u64)size, 8) > total)
			off = total;
		else
			off += ALIGN_UP(size, 8);
	}
}

int mb2_parse(const void *mbi, size_t mapped, struct boot_info *bi,
	      const char **why)
{
	u64 mbi_pa = bi->mbi_pa;
	const u8 *base = mbi;
	u32 total;

	memset(bi, 0, sizeof(*bi));
	bi->mbi_pa = mbi_pa;
	*why = NULL;
	if (!mbi || (uintptr_t)mbi % 8)
		*why = "multiboot2: information structure missing or not "
		       "8-byte aligned";
	else if (mapped < 16)
		*why = "multiboot2: less than 16 bytes mapped";
	if (*why)
		return -EINVAL;
	total = rd32(base);
	if (total < 16)
		*why = "multiboot2: total_size < 16";
	else if (total > mapped)
		*why = "multiboot2: total_size larger than the mapped area";
	else
		*why = walk_tags(base, total, bi);
	if (*why) {
		/* Keep nothing from a structure we rejected. */
		u32 off = bi->bad_tag_off;

		memset(bi, 0, sizeof(*bi));
		bi->mbi_pa = mbi_pa;
		bi->bad_tag_off = off;
		return -EINVAL;
	}
	bi->mbi_size = total;
	return 0;
}
