/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel heap on top of a page source. Small blocks (up to 2048 bytes) come
 * from one-page slabs of power-of-two size classes, naturally aligned;
 * larger ones, or alignments the classes cannot give, from page runs with
 * a header. No locking: the hv wraps one instance with a lock.
 *
 * Misuse that can be detected (double free, a pointer not from this heap or
 * inside a block, a corrupted header) makes heap_free return -EINVAL and
 * call heap_report(). With CONFIG_DEBUG_POISON, freed small blocks are
 * filled with POISON_FREE and checked when handed out again, so a write
 * after free is reported too.
 */
#ifndef HV_HEAP_H
#define HV_HEAP_H

#include <hv/types.h>

#define HEAP_NR_CLASSES 8 /* 16, 32, ..., 2048 */
#define HEAP_MAX_ORDER 18
#define POISON_FREE 0x6b

struct heap_slab;

struct heap {
	/*
	 * get_pages returns 2^order pages aligned to at least PAGE_SIZE, or
	 * NULL; put_pages takes them back.
	 */
	void *(*get_pages)(unsigned int order, void *ctx);
	void (*put_pages)(void *p, unsigned int order, void *ctx);
	void *ctx;
	struct heap_slab *partial[HEAP_NR_CLASSES]; /* slabs with room */
	size_t bytes_in_use; /* small blocks count their class size */
	u64 pages_held; /* pages taken from get_pages, not returned */
};

/* Implemented by the user of the heap (a warning in the hv). */
void heap_report(const char *msg, void *p);

void heap_init(struct heap *h,
	       void *(*get_pages)(unsigned int order, void *ctx),
	       void (*put_pages)(void *p, unsigned int order, void *ctx),
	       void *ctx);

/*
 * size bytes aligned to align (a power of two up to PAGE_SIZE; 0 means
 * 16, and blocks are always at least 16-aligned). NULL for size 0, a bad
 * alignment, a size too big, or when get_pages fails.
 */
void *heap_alloc(struct heap *h, size_t size, size_t align);

/*
 * 0 (also for NULL), or -EINVAL for detectable misuse, after a report. To
 * tell, it reads the end of p's page and the 64 bytes before p, so p must
 * at least point into mapped memory with a mapped page before it.
 */
int heap_free(struct heap *h, void *p);

size_t heap_bytes_in_use(const struct heap *h);
u64 heap_pages_held(const struct heap *h);

#endif
