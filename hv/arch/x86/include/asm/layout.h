/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Virtual memory layout of the hypervisor (shared by C, assembly and the
 * linker script, so only plain constants here).
 *
 *   0xffff800000000000  direct map of all physical memory (PML4 slot 256)
 *   0xffffffff80000000  the hv image, linked at HV_VIRT_BASE + HV_PHYS_BASE
 *                       (-2 GiB, so -mcmodel=kernel addressing works)
 */
#ifndef ASM_LAYOUT_H
#define ASM_LAYOUT_H

#define DIRECTMAP_BASE 0xffff800000000000
#define HV_VIRT_BASE 0xffffffff80000000
/* GRUB loads the image at 2 MiB: above the legacy low megabyte, and 2 MiB
 * aligned so the early tables can use large pages for it. */
#define HV_PHYS_BASE 0x200000

/* Where the AP start-up trampoline is copied (below 1 MiB, SIPI vector 8). */
#define TRAMPOLINE_PA 0x8000

#define STACK_ORDER 2 /* 16 KiB per-CPU stacks */
#define STACK_SIZE (4096 << STACK_ORDER)
#define IST_STACK_SIZE 4096

#define GDT_CS64 0x08
#define GDT_DS 0x10
#define GDT_TSS 0x18 /* 16-byte descriptor */

#endif
