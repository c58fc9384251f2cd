/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hv's memory: one page allocator over all usable RAM (page_alloc.c
 * holds the logic, mm.c the global instance and its lock) and the heap.
 * Pages are returned as direct-map addresses.
 */
#ifndef HV_MM_H
#define HV_MM_H

#include <hv/types.h>

struct boot_info;

/* Hand all usable RAM in bi's memory map to the allocator, except the hv
 * image, the boot modules, the boot information and the low megabyte. */
void mm_init(const struct boot_info *bi);

/* paging.c calls this once all RAM is in the direct map. */
void mm_direct_map_ready(void);

void *alloc_pages(unsigned int order);
void *alloc_pages_below(unsigned int order, paddr_t limit);
/* 2^order pages holding zeroes (a guest's RAM, tables the hv reads). */
void *alloc_pages_zeroed(unsigned int order);
void *alloc_page_zeroed(void);
/* Zero 2^order pages at va, writing only those not all zero already. */
void clear_pages(void *va, unsigned int order);
void free_pages(void *va, unsigned int order);
/* Make an allocation of 2^order pages freeable page by page. */
void split_pages(void *va, unsigned int order);
/* Free memory, counting the freed frames not yet cleared (frame.h). */
u64 mm_free_pages(void);
u64 mm_total_pages(void);
/* Highest physical address of RAM, for the direct map. */
paddr_t mm_ram_end(void);

void *xmalloc(size_t size);
void *xzalloc(size_t size);
void xfree(void *p);

#endif
