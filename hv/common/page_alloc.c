// SPDX-License-Identifier: GPL-2.0
/*
 * Binary buddy allocator over page frames; see hv/page_alloc.h.
 *
 * Each frame has a state byte. Before seal it holds the PRE_* flags so that
 * add_range and reserve_range commute. After seal it is one of:
 *   ST_RESERVED          never allocatable,
 *   ST_FREE | order      head of a free block (on free_head[order]),
 *   ST_ALLOC | order     head of an allocated block,
 *   ST_TAIL              any other frame of a free or allocated block.
 * Only heads change on split and merge, so alloc and free are O(orders).
 */
#include <hv/compiler.h>
#include <hv/errno.h>
#include <hv/page_alloc.h>

#define NIL 0xffffffffu

#define PRE_ADDED 0x01
#define PRE_RESV 0x02

#define ST_RESERVED 0x00
#define ST_TAIL 0x40
#define ST_FREE 0x80
#define ST_ALLOC 0xc0
#define ST_KIND 0xc0
#define ST_ORDER 0x1f

#define META_PER_FRAME (2 * sizeof(u32) + sizeof(u8))

size_t page_alloc_meta_size(u64 nr_frames)
{
	if (nr_frames == 0 || nr_frames > PAGE_ALLOC_MAX_FRAMES)
		return 0;
	return (size_t)nr_frames * META_PER_FRAME;
}

int page_alloc_init(struct page_alloc *pa, u64 nr_frames, void *meta,
		    size_t meta_size)
{
	size_t need = page_alloc_meta_size(nr_frames);
	unsigned int i;

	__builtin_memset(pa, 0, sizeof(*pa));
	if (!need) {
		pa->why = "page_alloc: bad number of frames";
		return -EINVAL;
	}
	if (!meta || meta_size < need || !IS_ALIGNED((uintptr_t)meta, 4)) {
		pa->why = "page_alloc: metadata area missing, short or "
			  "misaligned";
		return -EINVAL;
	}
	pa->nr_frames = nr_frames;
	pa->next = meta;
	pa->prev = pa->next + nr_frames;
	pa->state = (u8 *)(pa->prev + nr_frames);
	__builtin_memset(pa->state, 0, nr_frames);
	for (i = 0; i <= PAGE_ALLOC_MAX_ORDER; i++)
		pa->free_head[i] = NIL;
	return 0;
}

static void set_flag(struct page_alloc *pa, u64 sf, u64 ef, u8 flag)
{
	if (ef > pa->nr_frames)
		ef = pa->nr_frames;
	for (; sf < ef; sf++)
		pa->state[sf] |= flag;
}

int page_alloc_add_range(struct page_alloc *pa, u64 start, u64 end)
{
	if (pa->sealed) {
		pa->why = "page_alloc: add_range after seal ignored";
		return -EBUSY;
	}
	if (end <= start)
		return 0;
	/* Inward: only whole pages inside [start, end) are RAM. */
	set_flag(pa, (start >> PAGE_SHIFT) + !!(start & ~PAGE_MASK),
		 end >> PAGE_SHIFT, PRE_ADDED);
	return 0;
}

int page_alloc_reserve_range(struct page_alloc *pa, u64 start, u64 end)
{
	if (pa->sealed) {
		pa->why = "page_alloc: reserve_range after seal ignored";
		return -EBUSY;
	}
	if (end <= start)
		return 0;
	/* Outward: any page touched by [start, end) is off limits. */
	set_flag(pa, start >> PAGE_SHIFT,
		 (end >> PAGE_SHIFT) + !!(end & ~PAGE_MASK), PRE_RESV);
	return 0;
}

static void list_push(struct page_alloc *pa, unsigned int order, u32 f)
{
	u32 head = pa->free_head[order];

	pa->next[f] = head;
	pa->prev[f] = NIL;
	if (head != NIL)
		pa->prev[head] = f;
	pa->free_head[order] = f;
	pa->state[f] = ST_FREE | order;
}

static void list_del(struct page_alloc *pa, unsigned int order, u32 f)
{
	u32 n = pa->next[f], p = pa->prev[f];

	if (p != NIL)
		pa->next[p] = n;
	else
		pa->free_head[order] = n;
	if (n != NIL)
		pa->prev[n] = p;
	pa->state[f] = ST_TAIL;
}

static bool usable(const struct page_alloc *pa, u64 f)
{
	return (pa->state[f] & (PRE_ADDED | PRE_RESV)) == PRE_ADDED;
}

/* Largest aligned block starting at f that fits in [f, end). */
static unsigned int carve_order(u64 f, u64 end)
{
	unsigned int o = 0;

	while (o < PAGE_ALLOC_MAX_ORDER && !(f & (1ULL << o)) &&
	       f + (2ULL << o) <= end)
		o++;
	return o;
}

static void seal_run(struct page_alloc *pa, u64 f, u64 end)
{
	while (f < end) {
		unsigned int o = carve_order(f, end);
		u64 i;

		for (i = 1; i < (1ULL << o); i++)
			pa->state[f + i] = ST_TAIL;
		list_push(pa, o, (u32)f);
		pa->free_frames += 1ULL << o;
		f += 1ULL << o;
	}
}

int page_alloc_seal(struct page_alloc *pa)
{
	u64 f = 0, end;

	if (pa->sealed || !pa->state) {
		pa->why = "page_alloc: seal twice or before init";
		return -EBUSY;
	}
	while (f < pa->nr_frames) {
		if (!usable(pa, f)) {
			pa->state[f++] = ST_RESERVED;
			continue;
		}
		for (end = f + 1; end < pa->nr_frames && usable(pa, end); end++)
			;
		seal_run(pa, f, end);
		f = end;
	}
	pa->total_frames = pa->free_frames;
	pa->sealed = true;
	return 0;
}

/* Take free block f of order k, split it down to order, keep the low part. */
static u64 take(struct page_alloc *pa, u32 f, unsigned int k,
		unsigned int order)
{
	list_del(pa, k, f);
	while (k > order) {
		k--;
		list_push(pa, k, f + (1u << k));
	}
	pa->state[f] = ST_ALLOC | order;
	pa->free_frames -= 1ULL << order;
	return (u64)f << PAGE_SHIFT;
}

u64 page_alloc_alloc(struct page_alloc *pa, unsigned int order)
{
	unsigned int k;

	if (!pa->sealed || order > PAGE_ALLOC_MAX_ORDER)
		return PAGE_ALLOC_FAIL;
	for (k = order; k <= PAGE_ALLOC_MAX_ORDER; k++)
		if (pa->free_head[k] != NIL)
			return take(pa, pa->free_head[k], k, order);
	return PAGE_ALLOC_FAIL;
}

u64 page_alloc_alloc_below(struct page_alloc *pa, unsigned int order, u64 limit)
{
	unsigned int k;
	u32 f;

	if (!pa->sealed || order > PAGE_ALLOC_MAX_ORDER)
		return PAGE_ALLOC_FAIL;
	/* take() keeps the low end of the block, so only its start matters. */
	for (k = order; k <= PAGE_ALLOC_MAX_ORDER; k++)
		for (f = pa->free_head[k]; f != NIL; f = pa->next[f])
			if (((u64)f + (1ULL << order)) << PAGE_SHIFT <= limit)
				return take(pa, f, k, order);
	return PAGE_ALLOC_FAIL;
}

static const char *check_free(const struct page_alloc *pa, u64 addr,
			      unsigned int order)
{
	u64 f = addr >> PAGE_SHIFT;
	u8 st;

	if (!pa->sealed)
		return "page_alloc: free before seal";
	if (order > PAGE_ALLOC_MAX_ORDER)
		return "page_alloc: free with order too large";
	if (addr & ~PAGE_MASK || f & ((1ULL << order) - 1))
		return "page_alloc: free of a misaligned address";
	if (f >= pa->nr_frames || (1ULL << order) > pa->nr_frames - f)
		return "page_alloc: free of an address out of range";
	st = pa->state[f];
	switch (st & ST_KIND) {
	case ST_RESERVED:
		return "page_alloc: free of a reserved frame";
	case ST_FREE:
		return "page_alloc: double free";
	case ST_TAIL:
		return "page_alloc: free of a frame that does not start an "
		       "allocation (double free or interior pointer)";
	}
	if ((st & ST_ORDER) != order)
		return "page_alloc: free with an order different from the "
		       "allocation's";
	return NULL;
}

int page_alloc_free(struct page_alloc *pa, u64 addr, unsigned int order)
{
	const char *why = check_free(pa, addr, order);
	u32 f = (u32)(addr >> PAGE_SHIFT), b;

	if (why) {
		pa->why = why;
		return -EINVAL;
	}
	pa->free_frames += 1ULL << order;
	pa->state[f] = ST_TAIL;
	for (; order < PAGE_ALLOC_MAX_ORDER; order++) {
		b = f ^ (1u << order);
		if (b >= pa->nr_frames || pa->state[b] != (ST_FREE | order))
			break;
		list_del(pa, order, b);
		f = MIN(f, b);
	}
	list_push(pa, order, f);
	return 0;
}

int page_alloc_split(struct page_alloc *pa, u64 addr, unsigned int order)
{
	const char *why = check_free(pa, addr, order);
	u32 f = (u32)(addr >> PAGE_SHIFT);

	if (why) {
		pa->why = why;
		return -EINVAL;
	}
	for (u32 i = 0; i < (1u << order); i++)
		pa->state[f + i] = ST_ALLOC | 0;
	return 0;
}

u64 page_alloc_free_frames(const struct page_alloc *pa)
{
	return pa->free_frames;
}

u64 page_alloc_total_frames(const struct page_alloc *pa)
{
	return pa->total_frames;
}
