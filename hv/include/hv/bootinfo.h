/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the hv keeps from the boot loader's information, copied out of the
 * multiboot2 structure by mb2_parse() so the original can be reclaimed.
 */
#ifndef HV_BOOTINFO_H
#define HV_BOOTINFO_H

#include <hv/types.h>

#define BOOT_CMDLINE_MAX 512
#define BOOT_LOADER_NAME_MAX 64
#define BOOT_MMAP_MAX 128
#define BOOT_MOD_MAX 16
#define BOOT_MOD_STRING_MAX 256
#define BOOT_RSDP_MAX 36

/* Memory map types, E820 numbering. Unknown types become RESERVED. */
#define E820_USABLE 1
#define E820_RESERVED 2
#define E820_ACPI 3
#define E820_NVS 4
#define E820_BAD 5

struct boot_mmap_entry {
	u64 base;
	u64 len;
	u32 type;
};

struct boot_module {
	u64 start; /* physical, [start, end) */
	u64 end;
	char string[BOOT_MOD_STRING_MAX];
};

struct boot_info {
	char cmdline[BOOT_CMDLINE_MAX];
	char loader_name[BOOT_LOADER_NAME_MAX]; /* truncated if longer */
	struct boot_mmap_entry mmap[BOOT_MMAP_MAX];
	u32 nr_mmap;
	struct boot_module mod[BOOT_MOD_MAX];
	u32 nr_mod;
	u8 rsdp[BOOT_RSDP_MAX];
	u32 rsdp_len; /* 0: the boot loader passed no RSDP */
	bool has_meminfo;
	u32 mem_lower_kb; /* basic memory info, tag 4 */
	u32 mem_upper_kb;
	u64 mbi_pa; /* kept by mb2_parse: filled by the caller */
	u32 mbi_size; /* total_size, filled by mb2_parse */
	u32 bad_tag_off; /* on failure: offset of the offending tag */
};

/*
 * Parse the multiboot2 information at mbi, of which the caller can safely
 * read `mapped` bytes. Clears *bi except mbi_pa. Returns 0, or -EINVAL with
 * *why set to a static message (and bi->bad_tag_off to the tag's offset).
 */
int mb2_parse(const void *mbi, size_t mapped, struct boot_info *bi,
	      const char **why);

#endif
