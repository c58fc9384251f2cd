// SPDX-License-Identifier: GPL-2.0
/*
 * Glue between the page allocator's logic and the running hv: the global
 * instance, its lock, where its metadata lives, and debug poisoning.
 */
#include <hv/bootinfo.h>
#include <hv/compiler.h>
#include <hv/frame.h>
#include <hv/heap.h>
#include <hv/mm.h>
#include <hv/page_alloc.h>
#include <hv/printk.h>
#include <hv/spinlock.h>
#include <hv/string.h>
#include <asm/page.h>

#define LOW_MEM_END 0x100000ULL
/* The early page tables map only the first 4 GiB at DIRECTMAP_BASE. */
#define EARLY_MAP_END 0x100000000ULL

extern char _start_image[], _end[];

static struct page_alloc frames; /* protected by frames_lock */
static DEFINE_SPINLOCK(frames_lock);
static paddr_t ram_end;

struct range {
	u64 start, end;
};

static bool overlaps(u64 s, u64 e, const struct range *r, int n)
{
	for (int i = 0; i < n; i++)
		if (s < r[i].end && r[i].start < e)
			return true;
	return false;
}

/*
 * Find room for the allocator's metadata in usable RAM below 4 GiB that
 * touches none of the reserved ranges. Candidates: the start of each usable
 * region and the end of each reserved range.
 */
static u64 find_meta_home(const struct boot_info *bi, size_t size,
			  const struct range *rsv, int nr)
{
	for (u32 i = 0; i < bi->nr_mmap; i++) {
		const struct boot_mmap_entry *m = &bi->mmap[i];
		u64 end = MIN(m->base + m->len, EARLY_MAP_END);

		if (m->type != E820_USABLE)
			continue;
		for (int c = -1; c < nr; c++) {
			u64 s = ALIGN_UP(c < 0 ? m->base : rsv[c].end,
					 PAGE_SIZE);

			if (s < m->base || s + size > end)
				continue;
			if (!overlaps(s, s + size, rsv, nr))
				return s;
		}
	}
	return 0;
}

void mm_init(const struct boot_info *bi)
{
	struct range rsv[BOOT_MOD_MAX + 4];
	int nr = 0;
	size_t meta_size, pa_size;
	u64 meta, nr_frames;

	for (u32 i = 0; i < bi->nr_mmap; i++)
		if (bi->mmap[i].type == E820_USABLE)
			ram_end = MAX(ram_end,
				      bi->mmap[i].base + bi->mmap[i].len);
	if (!ram_end)
		panic("no usable RAM in the boot memory map");

	rsv[nr++] = (struct range){ 0, LOW_MEM_END };
	rsv[nr++] = (struct range){ __pa(_start_image), __pa(_end) };
	rsv[nr++] = (struct range){ bi->mbi_pa, bi->mbi_pa + bi->mbi_size };
	for (u32 i = 0; i < bi->nr_mod; i++)
		rsv[nr++] = (struct range){ bi->mod[i].start, bi->mod[i].end };

	/* One region holds the allocator's metadata and the frame table. */
	nr_frames = ram_end >> PAGE_SHIFT;
	pa_size = page_alloc_meta_size(nr_frames);
	meta_size = pa_size ? ALIGN_UP(ALIGN_UP(pa_size, 8) +
					       frame_table_size(nr_frames),
				       PAGE_SIZE) :
			      0;
	meta = find_meta_home(bi, meta_size, rsv, nr);
	if (!meta_size || !meta)
		panic("no room below 4 GiB for %lu bytes of page allocator "
		      "metadata and frame table",
		      (unsigned long)meta_size);
	rsv[nr++] = (struct range){ meta, meta + meta_size };

	if (page_alloc_init(&frames, nr_frames, __va(meta), pa_size))
		panic("page allocator: %s", frames.why);
	frame_table_init(__va(meta + ALIGN_UP(pa_size, 8)), nr_frames);
	for (u32 i = 0; i < bi->nr_mmap; i++)
		if (bi->mmap[i].type == E820_USABLE)
			page_alloc_add_range(&frames, bi->mmap[i].base,
					     bi->mmap[i].base +
						     bi->mmap[i].len);
	for (int i = 0; i < nr; i++)
		page_alloc_reserve_range(&frames, rsv[i].start, rsv[i].end);
	page_alloc_seal(&frames);
	pr_info("hv: %lu MiB free of %lu MiB RAM (allocator metadata and frame table %lu KiB)\n",
		(unsigned long)(page_alloc_free_frames(&frames) >> 8),
		(unsigned long)(ram_end >> 20), (unsigned long)meta_size >> 10);
}

/*
 * When nothing fits, clear some of the frames domains freed (frame.h) and
 * try again: at least a 2 MiB block's worth, the size populate asks for,
 * so that the freed frames can coalesce into one.
 */
static u64 alloc_block(unsigned int order, paddr_t limit)
{
	for (;;) {
		unsigned long flags = spin_lock_irqsave(&frames_lock);
		u64 pa = page_alloc_alloc_below(&frames, order, limit);

		spin_unlock_irqrestore(&frames_lock, flags);
		if (pa != PAGE_ALLOC_FAIL)
			return pa;
		if (!frame_scrub(1ULL << MAX(order, 9U)))
			return PAGE_ALLOC_FAIL;
	}
}

void *alloc_pages_below(unsigned int order, paddr_t limit)
{
	u64 pa = alloc_block(order, limit);

	if (pa == PAGE_ALLOC_FAIL)
		return NULL;
	for (u64 i = 0; i < 1ULL << order; i++)
		frame_take_zero((pa >> PAGE_SHIFT) + i);
	return __va(pa);
}

/*
 * Until paging.c has mapped all RAM, only the first 4 GiB are reachable,
 * so every allocation stays below that; afterwards it is a plain limit.
 */
static paddr_t alloc_limit = EARLY_MAP_END;

void mm_direct_map_ready(void)
{
	alloc_limit = ~0ULL;
}

void *alloc_pages(unsigned int order)
{
	return alloc_pages_below(order, alloc_limit);
}

/*
 * Zero 2^order pages, writing only those that hold something. Most free
 * frames are still all zeroes from power-on (or were cleared when last
 * written), and a read is much cheaper than a write for an emulator that
 * backs guest RAM lazily: QEMU's first write to a page costs a host page
 * fault, a fresh host page and its own dirty tracking, so checking first
 * made populating 256 MiB 10 times faster (docs/performance.md). On
 * hardware a dirty page costs a few extra reads.
 */
void clear_pages(void *va, unsigned int order)
{
	u8 *p = va;

	for (unsigned long pg = 0; pg < 1UL << order; pg++, p += PAGE_SIZE) {
		const u64 *q = (const u64 *)p;

		for (unsigned int i = 0; i < PAGE_SIZE / 8; i += 8) {
			if (q[i] | q[i + 1] | q[i + 2] | q[i + 3] | q[i + 4] |
			    q[i + 5] | q[i + 6] | q[i + 7]) {
				memset(p, 0, PAGE_SIZE);
				break;
			}
		}
	}
}

/* Frames the hv cleared when a guest freed them are not read again. */
void *alloc_pages_zeroed(unsigned int order)
{
	u64 pa = alloc_block(order, alloc_limit);
	u8 *p;

	if (pa == PAGE_ALLOC_FAIL)
		return NULL;
	p = __va(pa);
	for (u64 i = 0; i < 1ULL << order; i++)
		if (!frame_take_zero((pa >> PAGE_SHIFT) + i))
			clear_pages(p + i * PAGE_SIZE, 0);
	return p;
}

void *alloc_page_zeroed(void)
{
	return alloc_pages_zeroed(0);
}

void free_pages(void *va, unsigned int order)
{
	unsigned long flags;
	int rc;

	if (!va)
		return;
	flags = spin_lock_irqsave(&frames_lock);
	rc = page_alloc_free(&frames, __pa(va), order);
	spin_unlock_irqrestore(&frames_lock, flags);
	if (rc)
		panic("free_pages(%p, %u): %s", va, order, frames.why);
}

void split_pages(void *va, unsigned int order)
{
	unsigned long flags = spin_lock_irqsave(&frames_lock);
	int rc = page_alloc_split(&frames, __pa(va), order);

	spin_unlock_irqrestore(&frames_lock, flags);
	if (rc)
		panic("split_pages(%p, %u): %s", va, order, frames.why);
}

u64 mm_free_pages(void)
{
	return page_alloc_free_frames(&frames) + frames_dirty();
}

u64 mm_total_pages(void)
{
	return page_alloc_total_frames(&frames);
}

paddr_t mm_ram_end(void)
{
	return ram_end;
}

/*
 * The heap: heap.c's logic over alloc_pages, one instance under one lock.
 * Misuse (double free, foreign pointer) is a hv bug: report and carry on,
 * leaking the block rather than corrupting the heap.
 */
static struct heap hv_heap; /* protected by heap_lock */
static DEFINE_SPINLOCK(heap_lock);

static void *heap_get_pages(unsigned int order, void *ctx)
{
	return alloc_pages(order);
}

static void heap_put_pages(void *p, unsigned int order, void *ctx)
{
	free_pages(p, order);
}

void heap_report(const char *msg, void *p)
{
	pr_err("hv: heap: %s (%p)\n", msg, p);
}

void *xmalloc(size_t size)
{
	unsigned long flags = spin_lock_irqsave(&heap_lock);
	void *p;

	if (!hv_heap.get_pages)
		heap_init(&hv_heap, heap_get_pages, heap_put_pages, NULL);
	p = heap_alloc(&hv_heap, size, 0);
	spin_unlock_irqrestore(&heap_lock, flags);
	return p;
}

void *xzalloc(size_t size)
{
	void *p = xmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void xfree(void *p)
{
	unsigned long flags = spin_lock_irqsave(&heap_lock);

	heap_free(&hv_heap, p);
	spin_unlock_irqrestore(&heap_lock, flags);
}
