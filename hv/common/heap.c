// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel heap; see hv/heap.h.
 *
 * A slab is one page: objects of its class size from offset 0 (so each is
 * aligned to its size), and the struct heap_slab header in the last bytes
 * of the page, where an object pointer finds it by rounding down. A large
 * block is a page run with a struct heap_large just before the data. Both
 * headers carry a magic mixed with their own address and the heap's, so a
 * stray pointer or a copied header is not mistaken for a live one.
 */
#include <hv/compiler.h>
#include <hv/errno.h>
#include <hv/heap.h>
#include <hv/string.h>

#define MIN_SHIFT 4 /* 16-byte class */
#define SLAB_WORDS 4 /* bitmap words: 4096 / 16 objects at most */
#define SLAB_MAGIC 0x51ab51ab51ab51abULL
#define LARGE_MAGIC 0x1a26e1a26e1a26e1ULL
#define LARGE_MIN_OFF 64

#ifdef CONFIG_DEBUG_POISON
#define POISON 1
#else
#define POISON 0
#endif

struct heap_slab {
	u64 magic;
	struct heap_slab *next, *prev; /* on heap->partial[cls] */
	u16 cls;
	u16 nr_objs;
	u16 nr_free;
	u16 unused;
	u64 used[SLAB_WORDS]; /* bit set: object handed out */
};

struct heap_large {
	u64 magic;
	void *base; /* start of the page run */
	size_t size;
	u32 order;
	u32 unused;
};

BUILD_BUG_ON(sizeof(struct heap_large) > LARGE_MIN_OFF);
BUILD_BUG_ON(PAGE_SIZE >> MIN_SHIFT > 64 * SLAB_WORDS);

static size_t class_size(unsigned int cls)
{
	return (size_t)1 << (cls + MIN_SHIFT);
}

static u64 slab_magic(const struct heap *h, const struct heap_slab *s)
{
	return SLAB_MAGIC ^ (uintptr_t)h ^ (uintptr_t)s;
}

static u64 large_magic(const struct heap *h, const struct heap_large *l)
{
	return LARGE_MAGIC ^ (uintptr_t)h ^ (uintptr_t)l;
}

static void *slab_base(const struct heap_slab *s)
{
	return (void *)ALIGN_DOWN((uintptr_t)s, PAGE_SIZE);
}

static struct heap_slab *slab_of(const void *p)
{
	return (struct heap_slab *)(ALIGN_DOWN((uintptr_t)p, PAGE_SIZE) +
				    PAGE_SIZE - sizeof(struct heap_slab));
}

void heap_init(struct heap *h,
	       void *(*get_pages)(unsigned int order, void *ctx),
	       void (*put_pages)(void *p, unsigned int order, void *ctx),
	       void *ctx)
{
	memset(h, 0, sizeof(*h));
	h->get_pages = get_pages;
	h->put_pages = put_pages;
	h->ctx = ctx;
}

/* Pages from the source, which must honour page alignment. */
static void *get_pages(struct heap *h, unsigned int order)
{
	void *p = h->get_pages(order, h->ctx);

	if (p && !IS_ALIGNED((uintptr_t)p, PAGE_SIZE)) {
		heap_report("heap: get_pages returned an unaligned page", p);
		h->put_pages(p, order, h->ctx);
		return NULL;
	}
	if (p)
		h->pages_held += 1ULL << order;
	return p;
}

static void put_pages(struct heap *h, void *p, unsigned int order)
{
	h->put_pages(p, order, h->ctx);
	h->pages_held -= 1ULL << order;
}

/* Slab lists */

static void slab_link(struct heap *h, struct heap_slab *s)
{
	s->prev = NULL;
	s->next = h->partial[s->cls];
	if (s->next)
		s->next->prev = s;
	h->partial[s->cls] = s;
}

static void slab_unlink(struct heap *h, struct heap_slab *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		h->partial[s->cls] = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->next = s->prev = NULL;
}

static struct heap_slab *slab_new(struct heap *h, unsigned int cls)
{
	void *page = get_pages(h, 0);
	struct heap_slab *s;

	if (!page)
		return NULL;
	s = slab_of(page);
	memset(s, 0, sizeof(*s));
	s->magic = slab_magic(h, s);
	s->cls = cls;
	s->nr_objs = (PAGE_SIZE - sizeof(*s)) / class_size(cls);
	s->nr_free = s->nr_objs;
	/* Poisoned from the start, so every hand-out can be checked. */
	if (POISON)
		memset(page, POISON_FREE, s->nr_objs * class_size(cls));
	slab_link(h, s);
	return s;
}

static unsigned int slab_find_free(const struct heap_slab *s)
{
	unsigned int w;

	for (w = 0; w < SLAB_WORDS; w++)
		if (~s->used[w])
			return w * 64 + __builtin_ctzll(~s->used[w]);
	return ~0u; /* not reached: nr_free said there was room */
}

static void check_poison(void *p, size_t size)
{
	const u8 *b = p;

	for (size_t i = 0; i < size; i++) {
		if (b[i] != POISON_FREE) {
			heap_report("heap: freed block was written to (use "
				    "after free)",
				    p);
			return;
		}
	}
}

static void *slab_alloc(struct heap *h, unsigned int cls)
{
	struct heap_slab *s = h->partial[cls];
	unsigned int i;
	void *p;

	if (!s)
		s = slab_new(h, cls);
	if (!s)
		return NULL;
	i = slab_find_free(s);
	if (i >= s->nr_objs) {
		heap_report("heap: slab header corrupted", s);
		slab_unlink(h, s);
		return NULL;
	}
	s->used[i / 64] |= 1ULL << (i % 64);
	if (!--s->nr_free)
		slab_unlink(h, s);
	p = (u8 *)slab_base(s) + i * class_size(cls);
	if (POISON)
		check_poison(p, class_size(cls));
	h->bytes_in_use += class_size(cls);
	return p;
}

static int slab_free(struct heap *h, struct heap_slab *s, void *p)
{
	size_t off = (u8 *)p - (u8 *)slab_base(s), size;
	unsigned int i;

	if (s->cls >= HEAP_NR_CLASSES || s->nr_free > s->nr_objs) {
		heap_report("heap: slab header corrupted", p);
		return -EINVAL;
	}
	size = class_size(s->cls);
	i = off / size;
	if (off % size || i >= s->nr_objs) {
		heap_report("heap: free of a pointer inside a block", p);
		return -EINVAL;
	}
	if (!(s->used[i / 64] & (1ULL << (i % 64)))) {
		heap_report("heap: double free", p);
		return -EINVAL;
	}
	s->used[i / 64] &= ~(1ULL << (i % 64));
	if (POISON)
		memset(p, POISON_FREE, size);
	h->bytes_in_use -= size;
	if (!s->nr_free++)
		slab_link(h, s);
	/* Keep one slab per class with room; give back other empty ones. */
	if (s->nr_free == s->nr_objs && (s->prev || s->next)) {
		slab_unlink(h, s);
		s->magic = 0;
		put_pages(h, slab_base(s), 0);
	}
	return 0;
}

/* Large blocks */

static unsigned int order_for(size_t bytes)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < bytes && order <= HEAP_MAX_ORDER)
		order++;
	return order;
}

static void *large_alloc(struct heap *h, size_t size, size_t align)
{
	size_t off = MAX(align, (size_t)LARGE_MIN_OFF);
	struct heap_large *l;
	unsigned int order;
	u8 *base;

	if (size > ((size_t)PAGE_SIZE << HEAP_MAX_ORDER) - off)
		return NULL;
	order = order_for(off + size);
	base = get_pages(h, order);
	if (!base)
		return NULL;
	l = (struct heap_large *)(base + off) - 1;
	l->magic = large_magic(h, l);
	l->base = base;
	l->size = size;
	l->order = order;
	h->bytes_in_use += size;
	return base + off;
}

/* The large header for p, if p can be a large block of this heap. */
static struct heap_large *large_of(const struct heap *h, void *p)
{
	uintptr_t off = (uintptr_t)p & (PAGE_SIZE - 1);
	struct heap_large *l = (struct heap_large *)p - 1;
	uintptr_t d;

	/* Data starts 64, 128, ... 4096 bytes into the run. */
	if (off && off < LARGE_MIN_OFF)
		return NULL;
	if (l->magic != large_magic(h, l) || l->order > HEAP_MAX_ORDER)
		return NULL;
	d = (uintptr_t)p - (uintptr_t)l->base;
	if (d < LARGE_MIN_OFF || d > PAGE_SIZE || (d & (d - 1)))
		return NULL;
	return l;
}

static void large_free(struct heap *h, struct heap_large *l)
{
	l->magic = 0;
	h->bytes_in_use -= l->size;
	put_pages(h, l->base, l->order);
}

void *heap_alloc(struct heap *h, size_t size, size_t align)
{
	size_t need;
	unsigned int cls = 0;

	if (!align)
		align = 1;
	if (!size || align > PAGE_SIZE || (align & (align - 1)))
		return NULL;
	need = MAX(size, align);
	if (need > class_size(HEAP_NR_CLASSES - 1))
		return large_alloc(h, size, align);
	while (class_size(cls) < need)
		cls++;
	return slab_alloc(h, cls);
}

int heap_free(struct heap *h, void *p)
{
	struct heap_slab *s;
	struct heap_large *l;

	if (!p)
		return 0;
	if (!IS_ALIGNED((uintptr_t)p, 1u << MIN_SHIFT)) {
		heap_report("heap: free of a misaligned pointer", p);
		return -EINVAL;
	}
	s = slab_of(p);
	if (s->magic == slab_magic(h, s) && (void *)p < (void *)s)
		return slab_free(h, s, p);
	l = large_of(h, p);
	if (l) {
		large_free(h, l);
		return 0;
	}
	heap_report("heap: free of a pointer not from this heap, or a "
		    "double free",
		    p);
	return -EINVAL;
}

size_t heap_bytes_in_use(const struct heap *h)
{
	return h->bytes_in_use;
}

u64 heap_pages_held(const struct heap *h)
{
	return h->pages_held;
}
