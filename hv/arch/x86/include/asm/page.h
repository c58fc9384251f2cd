/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_PAGE_H
#define ASM_PAGE_H

#include <hv/types.h>
#include <asm/layout.h>

#define _PAGE_PRESENT (1UL << 0)
#define _PAGE_RW (1UL << 1)
#define _PAGE_USER (1UL << 2)
#define _PAGE_PWT (1UL << 3)
#define _PAGE_PCD (1UL << 4)
#define _PAGE_ACCESSED (1UL << 5)
#define _PAGE_DIRTY (1UL << 6)
#define _PAGE_PSE (1UL << 7)
#define _PAGE_GLOBAL (1UL << 8)
#define _PAGE_NX (1UL << 63)
#define PTE_ADDR_MASK 0x000ffffffffff000UL

#define L1_SHIFT 12
#define L2_SHIFT 21
#define L3_SHIFT 30
#define L4_SHIFT 39
#define LARGE_PAGE_SIZE (1UL << L2_SHIFT)
#define pt_index(va, shift) (((unsigned long)(va) >> (shift)) & 511)

/* The direct map covers all RAM, so physical <-> virtual is an offset. */
static inline void *__va(paddr_t pa)
{
	return (void *)(pa + DIRECTMAP_BASE);
}

static inline paddr_t __pa(const void *va)
{
	unsigned long v = (unsigned long)va;

	if (v >= HV_VIRT_BASE)
		return v - HV_VIRT_BASE;
	return v - DIRECTMAP_BASE;
}

#endif
