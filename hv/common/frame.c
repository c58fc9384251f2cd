// SPDX-License-Identifier: GPL-2.0
/*
 * The frame table (hv/frame.h). One 64-bit word per host frame, so that
 * "is it d's, and still alive?" and "one more reference" are a single
 * compare-and-swap, with no lock: count in bits 0-31, owner's domain id
 * in 32-47, FRAME_OWNED in bit 48. A word of 0 is a frame with no owner
 * (free, or the hv's). A frame whose last reference went waits to be
 * cleared before the allocator gets it back: its word is FRAME_DIRTY and
 * the next dirty frame's number in bits 0-31. A free frame the hv
 * cleared is FRAME_ZERO until it is allocated again, so that a guest's
 * allocation need not read it to know (frame_take_zero).
 *
 * The owner is named by domain id, not pointer, to fit the word. An id is
 * reused only after its domain is gone, and a frame still referenced by
 * then keeps the old id; frame_get() callers find frames through the
 * new domain's physmap, which cannot contain such a frame, so the id
 * check is a second line, not the only one.
 */
#include <hv/compiler.h>
#include <hv/domain.h>
#include <hv/frame.h>
#include <hv/mm.h>
#include <hv/printk.h>
#include <hv/spinlock.h>
#include <asm/page.h>

#define COUNT_MASK 0xffffffffULL
#define OWNER_SHIFT 32
#define FRAME_OWNED (1ULL << 48)
#define FRAME_DIRTY (1ULL << 49)
#define FRAME_ZERO (1ULL << 50)
#define DIRTY_END COUNT_MASK /* the last dirty frame's link */

static u64 *table; /* written once at boot, then only through atomics */
static u64 nr_table;
static u64 nr_owned; /* frames with an owner, atomically */

/*
 * Frames a domain let go of, with its data still in them. Clearing them
 * when they are freed would put a guest's whole memory on the path of
 * its destroy, and clearing them when they are allocated on the path of
 * the next create (under QEMU a page a guest ran code from costs 8 us to
 * clear: 0.4 s of a 256 MiB create). Xen clears freed pages in idle
 * time and so does the hv: idle pCPUs take them off this list
 * (sched_loop), and an allocation that finds nothing free clears some
 * itself (mm.c's alloc_block). They count as free memory meanwhile.
 */
static DEFINE_SPINLOCK(dirty_lock);
static u64 dirty_head = DIRTY_END; /* dirty_lock */
static u64 nr_dirty; /* listed or being cleared, atomically */

size_t frame_table_size(u64 nr_frames)
{
	return nr_frames * sizeof(u64);
}

void frame_table_init(void *storage, u64 nr_frames)
{
	table = storage;
	nr_table = nr_frames;
	for (u64 i = 0; i < nr_frames; i++)
		table[i] = 0;
}

static u64 *word(mfn_t mfn)
{
	if (mfn >= nr_table)
		panic("frame table: mfn %#lx beyond RAM", (unsigned long)mfn);
	return &table[mfn];
}

void frame_assign(mfn_t mfn, unsigned int order, const struct domain *d)
{
	u64 w = FRAME_OWNED | ((u64)d->id << OWNER_SHIFT) | 1;

	for (u64 i = 0; i < 1ULL << order; i++) {
		u64 *p = word(mfn + i);

		if (__atomic_load_n(p, __ATOMIC_RELAXED))
			panic("frame table: mfn %#lx assigned twice",
			      (unsigned long)(mfn + i));
		__atomic_store_n(p, w, __ATOMIC_RELEASE);
	}
	__atomic_fetch_add(&nr_owned, 1ULL << order, __ATOMIC_RELAXED);
}

__hot bool frame_get(mfn_t mfn, const struct domain *d)
{
	u64 *p, cur;

	if (mfn >= nr_table)
		return false;
	p = &table[mfn];
	cur = __atomic_load_n(p, __ATOMIC_ACQUIRE);
	do {
		if (!(cur & FRAME_OWNED) ||
		    (domid_t)(cur >> OWNER_SHIFT) != d->id ||
		    (cur & COUNT_MASK) == 0 || (cur & COUNT_MASK) == COUNT_MASK)
			return false;
	} while (!__atomic_compare_exchange_n(
		p, &cur, cur + 1, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
	return true;
}

__hot void frame_put(mfn_t mfn)
{
	u64 *p = word(mfn);
	u64 old = __atomic_fetch_sub(p, 1, __ATOMIC_ACQ_REL);
	unsigned long flags;

	if (!(old & FRAME_OWNED) || !(old & COUNT_MASK))
		panic("frame table: put of unreferenced mfn %#lx (%#lx)",
		      (unsigned long)mfn, (unsigned long)old);
	if ((old & COUNT_MASK) != 1)
		return;
	/* Last reference: nobody can take another (count 0 refuses), so
	 * the word can lose its owner and become a link. */
	__atomic_fetch_sub(&nr_owned, 1, __ATOMIC_RELAXED);
	flags = spin_lock_irqsave(&dirty_lock);
	__atomic_store_n(p, FRAME_DIRTY | dirty_head, __ATOMIC_RELEASE);
	dirty_head = mfn;
	__atomic_fetch_add(&nr_dirty, 1, __ATOMIC_RELAXED);
	spin_unlock_irqrestore(&dirty_lock, flags);
}

u64 frame_scrub(u64 max)
{
	u64 done;

	for (done = 0; done < max; done++) {
		unsigned long flags = spin_lock_irqsave(&dirty_lock);
		mfn_t mfn = dirty_head;

		if (mfn != DIRTY_END)
			dirty_head = table[mfn] & COUNT_MASK;
		spin_unlock_irqrestore(&dirty_lock, flags);
		if (mfn == DIRTY_END)
			break;
		clear_pages(__va(mfn << PAGE_SHIFT), 0);
		__atomic_store_n(&table[mfn], FRAME_ZERO, __ATOMIC_RELEASE);
		free_pages(__va(mfn << PAGE_SHIFT), 0);
		__atomic_fetch_sub(&nr_dirty, 1, __ATOMIC_RELAXED);
	}
	return done;
}

bool frame_take_zero(mfn_t mfn)
{
	u64 *p = word(mfn);

	if (__atomic_load_n(p, __ATOMIC_ACQUIRE) != FRAME_ZERO)
		return false;
	__atomic_store_n(p, 0, __ATOMIC_RELAXED);
	return true;
}

u64 frames_dirty(void)
{
	return __atomic_load_n(&nr_dirty, __ATOMIC_RELAXED);
}

u64 frames_owned(void)
{
	return __atomic_load_n(&nr_owned, __ATOMIC_RELAXED);
}

u32 frame_refs(mfn_t mfn)
{
	u64 w;

	if (mfn >= nr_table)
		return 0;
	w = __atomic_load_n(&table[mfn], __ATOMIC_ACQUIRE);
	return w & FRAME_OWNED ? w & COUNT_MASK : 0;
}
