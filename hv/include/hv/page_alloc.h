/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Physical page-frame allocator: a binary buddy allocator over frames
 * [0, nr_frames). Pure logic, no locking: the hv wraps one instance with a
 * lock. All bookkeeping lives in a caller-provided metadata area, never in
 * the free pages, so a stray write into a freed page cannot corrupt it and
 * the host unit tests need no real memory.
 *
 * Life cycle: init (every frame reserved), any number of add_range and
 * reserve_range calls in any order (reserve always wins), seal (builds the
 * free lists), then alloc/free.
 */
#ifndef HV_PAGE_ALLOC_H
#define HV_PAGE_ALLOC_H

#include <hv/types.h>

#define PAGE_ALLOC_MAX_ORDER 18 /* 1 GiB blocks */
#define PAGE_ALLOC_FAIL (~0ULL)
/* Frame indices are u32 with one value kept as the list terminator. */
#define PAGE_ALLOC_MAX_FRAMES 0xffffffffULL

struct page_alloc {
	u64 nr_frames;
	u32 *next; /* free-list links, valid for free block heads */
	u32 *prev;
	u8 *state; /* per-frame PA_* state, see page_alloc.c */
	u32 free_head[PAGE_ALLOC_MAX_ORDER + 1];
	u64 free_frames;
	u64 total_frames; /* frames handed to the free lists at seal */
	bool sealed;
	const char *why; /* reason for the last rejected call, for logging */
};

/* Bytes of metadata needed for nr_frames, or 0 if nr_frames is too big. */
size_t page_alloc_meta_size(u64 nr_frames);

/* 0, or -EINVAL if nr_frames is 0/too big or meta is NULL/too small. */
int page_alloc_init(struct page_alloc *pa, u64 nr_frames, void *meta,
		    size_t meta_size);

/*
 * Usable RAM [start, end) in bytes, rounded inward to whole pages and
 * clipped to nr_frames. Returns 0, or -EBUSY after seal (ignored).
 */
int page_alloc_add_range(struct page_alloc *pa, u64 start, u64 end);

/* Never hand out [start, end): rounded outward. -EBUSY after seal. */
int page_alloc_reserve_range(struct page_alloc *pa, u64 start, u64 end);

/* Build the free lists. 0, or -EBUSY if already sealed. */
int page_alloc_seal(struct page_alloc *pa);

/* Physical address aligned to its size, or PAGE_ALLOC_FAIL. */
u64 page_alloc_alloc(struct page_alloc *pa, unsigned int order);

/* As page_alloc_alloc, but the whole block lies below limit (bytes). */
u64 page_alloc_alloc_below(struct page_alloc *pa, unsigned int order,
			   u64 limit);

/*
 * 0, or -EINVAL (pa->why says why) for a misaligned or out-of-range address,
 * a reserved frame, a frame that is not allocated (double free) or an order
 * different from the allocation's. A rejected free changes nothing.
 */
int page_alloc_free(struct page_alloc *pa, u64 addr, unsigned int order);

/*
 * Turn the allocated block at addr (of that order) into 2^order separate
 * order-0 allocations, each to be freed on its own. Same checks and
 * errors as page_alloc_free.
 */
int page_alloc_split(struct page_alloc *pa, u64 addr, unsigned int order);

u64 page_alloc_free_frames(const struct page_alloc *pa);
u64 page_alloc_total_frames(const struct page_alloc *pa);

#endif
