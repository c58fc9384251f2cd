/* SPDX-License-Identifier: MIT */
/*
 * The PVH boot protocol's start info. A PVH kernel's 32-bit entry point
 * (XEN_ELFNOTE_PHYS32_ENTRY, see ../elfnote.h) is entered with
 *   - flat 32-bit protected mode, paging off, interrupts off,
 *     cs/ds/es/ss flat 4GiB segments (cs execute/read, others read/write),
 *     tr a valid 32-bit TSS-busy descriptor of limit 0x67,
 *   - ebx = guest physical address of a struct hvm_start_info,
 *   - all other registers and flags undefined.
 * Everything the structure points to lies in guest RAM, at physical
 * addresses, and is reserved in the memory map.
 */
#ifndef HVLAB_GUEST_ABI_HVM_START_INFO_H
#define HVLAB_GUEST_ABI_HVM_START_INFO_H

#include <stdint.h>

/* hvm_start_info.magic: "xEn3" with the top bit of the 'E' cleared. */
#define XEN_HVM_START_MAGIC_VALUE	0x336ec578

/*
 * Version 0 has everything up to and including rsdp_paddr; version 1
 * adds the memory map (memmap_paddr, memmap_entries).
 */
struct hvm_start_info {
	uint32_t magic;		/* XEN_HVM_START_MAGIC_VALUE */
	uint32_t version;	/* 0 or 1 */
	uint32_t flags;		/* SIF_* (../xen.h) */
	uint32_t nr_modules;	/* entries at modlist_paddr */
	uint64_t modlist_paddr;	/* array of struct hvm_modlist_entry */
	uint64_t cmdline_paddr;	/* NUL-terminated kernel command line, or 0 */
	uint64_t rsdp_paddr;	/* ACPI RSDP, or 0 (then search for it) */
	/* Version 1: */
	uint64_t memmap_paddr;	/* array of struct hvm_memmap_table_entry */
	uint32_t memmap_entries;
	uint32_t reserved;	/* must be zero */
};

/* One boot module (e.g. an initrd). */
struct hvm_modlist_entry {
	uint64_t paddr;		/* start of the module */
	uint64_t size;		/* bytes */
	uint64_t cmdline_paddr;	/* NUL-terminated module command line, or 0 */
	uint64_t reserved;
};

/* One range of the guest's memory map (version 1). */
struct hvm_memmap_table_entry {
	uint64_t addr;		/* start of the range */
	uint64_t size;		/* bytes */
	uint32_t type;		/* XEN_HVM_MEMMAP_TYPE_* (e820 numbering) */
	uint32_t reserved;	/* must be zero */
};

#define XEN_HVM_MEMMAP_TYPE_RAM		1
#define XEN_HVM_MEMMAP_TYPE_RESERVED	2
#define XEN_HVM_MEMMAP_TYPE_ACPI	3
#define XEN_HVM_MEMMAP_TYPE_NVS		4
#define XEN_HVM_MEMMAP_TYPE_UNUSABLE	5
#define XEN_HVM_MEMMAP_TYPE_DISABLED	6
#define XEN_HVM_MEMMAP_TYPE_PMEM	7

#endif /* HVLAB_GUEST_ABI_HVM_START_INFO_H */
