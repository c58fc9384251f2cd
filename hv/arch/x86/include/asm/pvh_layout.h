/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A PVH domain's guest-physical layout and the tables of its special area
 * (start info, module list, memory map, command line, ACPI), worked out
 * without touching guest memory. The hv's builder (pvh.c) and dom0's
 * (dom0-tools/hvctl) both use it, so a guest sees the same machine
 * whoever built it. Layout:
 *
 *   0          - mem        RAM, with the kernel at its p_paddr (anywhere:
 *                           Xen's builder takes any placement) and the
 *                           initrd right after it
 *   0xa0000    - 0x100000   reserved in the map (backed by zeroed RAM),
 *                           unless the kernel or initrd lies there
 *   special    - +SPECIAL   reserved: start info, memory map, command line,
 *                           ACPI tables, console ring, xenstore ring
 *
 * The special area goes at the top of the first GiB (Linux reads start
 * info, the memory map and the module list through its first-GiB
 * mapping), or, where the kernel or initrd is, right below or above them.
 * Like the rest of guest RAM it is populated; it is typed reserved.
 */
#ifndef ASM_PVH_LAYOUT_H
#define ASM_PVH_LAYOUT_H

#include <hv/types.h>

#define PVH_SPECIAL_PAGES 64
#define PVH_SPECIAL_SIZE (PVH_SPECIAL_PAGES * 4096ULL)
#define PVH_MIN_MEM (4ULL << 20)
#define PVH_CMDLINE_MAX 2048 /* with its NUL: Linux's limit */
/* Offsets in the special area. */
#define PVH_SP_START_INFO 0x0000
#define PVH_SP_MODLIST 0x0100
#define PVH_SP_MEMMAP 0x0200
#define PVH_SP_CMDLINE 0x1000
#define PVH_SP_ACPI 0x2000 /* 4 pages */
#define PVH_SP_CONSOLE 0x6000
#define PVH_SP_XENSTORE 0x7000
/* What pvh_special_fill writes: everything before the rings. */
#define PVH_SP_TABLES 0x6000
#define PVH_E820_MAX 8

/* A memory map entry (the ABI's e820 entry and hvm_memmap_table_entry
 * carry the same; this header is free of the ABI's, which dom0 tools
 * get from Xen's own headers). */
struct pvh_e820 {
	u64 addr, size;
	u32 type; /* 1 RAM, 2 reserved */
};

struct pvh_layout {
	u64 mem; /* guest RAM in bytes, pages [0, mem) all populated */
	u64 special; /* the special area's guest-physical address */
	u64 hole_lo, hole_hi; /* the legacy hole, empty if the image uses it */
	u64 initrd_gpa, initrd_size; /* size 0: no initrd */
	struct pvh_e820 e820[PVH_E820_MAX];
	unsigned int nr_e820;
};

/*
 * Plan a domain of mem bytes (rounded down to pages) whose kernel spans
 * guest-physical [kernel_lo, kernel_hi), entering at entry, with an initrd
 * of initrd_size bytes (0: none) and a command line of cmdline_len bytes
 * without its NUL. 0, or -EINVAL with *why naming what does not fit.
 */
int pvh_layout_plan(struct pvh_layout *l, u64 mem, u64 kernel_lo,
		    u64 kernel_hi, u64 entry, u64 initrd_size,
		    size_t cmdline_len, const char **why);

/*
 * Write the first PVH_SP_TABLES bytes of the special area, as the guest
 * will see them at l->special: start info (flags SIF_*), the module list
 * (the initrd), the memory map, the command line (NULL: none) and the ACPI
 * tables for nr_vcpus (1 to 32). area is zeroed first.
 */
void pvh_special_fill(const struct pvh_layout *l, u8 *area, u32 flags,
		      const char *cmdline, unsigned int nr_vcpus);

/* vacpi.c: the ACPI tables (RSDP first) for the guest-physical address
 * gpa, into buf of size bytes. 0 or -ENOSPC. */
int vacpi_tables(u8 *buf, u64 gpa, size_t size, unsigned int nr_vcpus);

#endif
