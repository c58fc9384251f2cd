// SPDX-License-Identifier: GPL-2.0
/*
 * The frame table (hv/frame.h). One 64-bit word per host frame, so that
 * "is it d's, and still alive?" and "one more reference" are a single
 * compare-and-swap, with no lock: count in bits 0-31, owner's domain id
 * in 32-47, FRAME_OWNED in bit 48. A word of 0 is a frame with no owner
 * (free, or the hv's).
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
#include <asm/page.h>

#define COUNT_MASK 0xffffffffULL
#define OWNER_SHIFT 32
#define FRAME_OWNED (1ULL << 48)

static u64 *table; /* written once at boot, then only through atomics */
static u64 nr_table;
static u64 nr_owned; /* frames with an owner, atomically */

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

	if (!(old & FRAME_OWNED) || !(old & COUNT_MASK))
		panic("frame table: put of unreferenced mfn %#lx (%#lx)",
		      (unsigned long)mfn, (unsigned long)old);
	if ((old & COUNT_MASK) != 1)
		return;
	/* Last reference: nobody can take another (count 0 refuses), so
	 * the owner can be cleared before the frame goes back. */
	__atomic_store_n(p, 0, __ATOMIC_RELEASE);
	__atomic_fetch_sub(&nr_owned, 1, __ATOMIC_RELAXED);
	free_pages(__va(mfn << PAGE_SHIFT), 0);
}

u64 frames_owned(void)
{
	return __atomic_load_n(&nr_owned, __ATOMIC_RELAXED);
}

u32 frame_refs(mfn_t mfn)
{
	if (mfn >= nr_table)
		return 0;
	return __atomic_load_n(&table[mfn], __ATOMIC_ACQUIRE) & COUNT_MASK;
}
