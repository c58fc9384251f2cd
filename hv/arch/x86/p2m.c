// SPDX-License-Identifier: GPL-2.0
/*
 * Nested page tables. QEMU's nested walk runs as a user access and counts
 * guest page-table reads as writes (qemu-tcg-svm.md section 5), so every
 * entry is present, user and writable except read-only leaves.
 */
#include <hv/compiler.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/mm.h>
#include <hv/printk.h>
#include <hv/string.h>
#include <asm/p2m.h>
#include <asm/page.h>

#define NPT_TABLE (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED)
#define NPT_LEAF (NPT_TABLE | _PAGE_DIRTY)
#define NPT_TYPE_SHIFT 9
#define NPT_TYPE_MASK (7UL << NPT_TYPE_SHIFT)
#define GFN_MAX (1ULL << 28) /* 40-bit guest-physical space */

static enum physmap_type pte_type(u64 e)
{
	return (e & NPT_TYPE_MASK) >> NPT_TYPE_SHIFT;
}

static u64 make_leaf(mfn_t mfn, unsigned int type_flags, bool large)
{
	u64 e = (mfn << PAGE_SHIFT) | NPT_LEAF |
		((u64)(type_flags & 7) << NPT_TYPE_SHIFT);

	if (type_flags & PHYSMAP_RO)
		e &= ~_PAGE_RW;
	return large ? e | _PAGE_PSE : e;
}

int p2m_init(struct p2m *p)
{
	memset(p, 0, sizeof(*p));
	p->root = alloc_page_zeroed();
	if (!p->root)
		return -ENOMEM;
	p->root_pa = __pa(p->root);
	p->nr_tables = 1;
	return 0;
}

/* A new table page, within the toolstack's paging pool (lock held). */
static u64 *table_alloc(struct p2m *p)
{
	u64 *t;

	if (p->max_tables && p->nr_tables >= p->max_tables)
		return NULL;
	t = alloc_page_zeroed();
	if (t)
		p->nr_tables++;
	return t;
}

/* Next table below t[i], created if alloc is set. */
static __hot u64 *walk_next(struct p2m *p, u64 *t, unsigned int i, bool alloc)
{
	u64 *n;

	if (t[i] & _PAGE_PRESENT)
		return __va(t[i] & PTE_ADDR_MASK);
	if (!alloc)
		return NULL;
	n = table_alloc(p);
	if (n)
		t[i] = __pa(n) | NPT_TABLE;
	return n;
}

/* Replace the 2 MiB leaf at *e by a table of 512 equivalent 4 KiB leaves. */
static int split_large(struct p2m *p, u64 *e)
{
	u64 *t = table_alloc(p);
	u64 base = *e & ~(_PAGE_PSE | 0x1fffffUL);

	if (!t)
		return -ENOMEM;
	for (unsigned int i = 0; i < 512; i++)
		t[i] = (base + ((u64)i << PAGE_SHIFT)) |
		       (*e & 0xfff & ~_PAGE_PSE);
	*e = __pa(t) | NPT_TABLE;
	return 0;
}

/* The level-2 table covering gfn (creating tables if alloc). */
static __hot u64 *l2_table(struct p2m *p, u64 gfn, bool alloc)
{
	u64 gpa = gfn << PAGE_SHIFT;
	u64 *l3 = walk_next(p, p->root, pt_index(gpa, L4_SHIFT), alloc);

	return l3 ? walk_next(p, l3, pt_index(gpa, L3_SHIFT), alloc) : NULL;
}

int physmap_add(struct domain *d, u64 gfn, mfn_t mfn, unsigned int order,
		unsigned int type_flags)
{
	struct p2m *p = &d->arch.p2m;
	u64 gpa = gfn << PAGE_SHIFT;
	u64 *l2, *l1;
	int rc = -ENOMEM;

	if (gfn >= GFN_MAX || (order != 0 && order != 9) ||
	    !IS_ALIGNED(gfn, 1UL << order))
		return -EINVAL;
	spin_lock(&p->lock);
	l2 = l2_table(p, gfn, true);
	if (!l2)
		goto out;
	if (order == 9) {
		u64 *e = &l2[pt_index(gpa, L2_SHIFT)];

		rc = -EEXIST;
		if (*e & _PAGE_PRESENT)
			goto out; /* a table or leaf already there */
		*e = make_leaf(mfn, type_flags, true);
	} else {
		u64 *e = &l2[pt_index(gpa, L2_SHIFT)];

		rc = -EEXIST;
		if ((*e & _PAGE_PSE) && (*e & _PAGE_PRESENT))
			goto out;
		rc = -ENOMEM;
		l1 = walk_next(p, l2, pt_index(gpa, L2_SHIFT), true);
		if (!l1)
			goto out;
		rc = -EEXIST;
		if (l1[pt_index(gpa, L1_SHIFT)] & _PAGE_PRESENT)
			goto out;
		l1[pt_index(gpa, L1_SHIFT)] = make_leaf(mfn, type_flags, false);
	}
	if ((type_flags & 7) == PHYSMAP_RAM)
		p->nr_ram += 1UL << order;
	rc = 0;
out:
	spin_unlock(&p->lock);
	return rc;
}

enum physmap_type physmap_remove(struct domain *d, u64 gfn, mfn_t *mfn)
{
	struct p2m *p = &d->arch.p2m;
	u64 gpa = gfn << PAGE_SHIFT;
	enum physmap_type type = PHYSMAP_NONE;
	u64 *l2, *e;

	if (gfn >= GFN_MAX)
		return PHYSMAP_NONE;
	spin_lock(&p->lock);
	l2 = l2_table(p, gfn, false);
	if (!l2)
		goto out;
	e = &l2[pt_index(gpa, L2_SHIFT)];
	if ((*e & _PAGE_PRESENT) && (*e & _PAGE_PSE) && split_large(p, e))
		goto out; /* no memory to split: leave it mapped */
	if (!(*e & _PAGE_PRESENT))
		goto out;
	e = (u64 *)__va(*e & PTE_ADDR_MASK) + pt_index(gpa, L1_SHIFT);
	if (!(*e & _PAGE_PRESENT))
		goto out;
	type = pte_type(*e);
	*mfn = (*e & PTE_ADDR_MASK) >> PAGE_SHIFT;
	*e = 0;
	if (type == PHYSMAP_RAM)
		p->nr_ram--;
	p->tlb_gen++;
out:
	spin_unlock(&p->lock);
	return type;
}

__hot enum physmap_type p2m_lookup_locked(struct p2m *p, u64 gfn, mfn_t *mfn,
					  bool *ro)
{
	u64 gpa = gfn << PAGE_SHIFT;
	u64 *l2, e;

	if (gfn >= GFN_MAX)
		return PHYSMAP_NONE;
	l2 = l2_table(p, gfn, false);
	if (!l2)
		return PHYSMAP_NONE;
	e = l2[pt_index(gpa, L2_SHIFT)];
	if (!(e & _PAGE_PRESENT))
		return PHYSMAP_NONE;
	if (e & _PAGE_PSE) {
		*mfn = ((e & PTE_ADDR_MASK & ~0x1fffffUL) >> PAGE_SHIFT) +
		       (gfn & 511);
	} else {
		e = ((u64 *)__va(e & PTE_ADDR_MASK))[pt_index(gpa, L1_SHIFT)];
		if (!(e & _PAGE_PRESENT))
			return PHYSMAP_NONE;
		*mfn = (e & PTE_ADDR_MASK) >> PAGE_SHIFT;
	}
	if (ro)
		*ro = !(e & _PAGE_RW);
	return pte_type(e);
}

enum physmap_type physmap_lookup(struct domain *d, u64 gfn, mfn_t *mfn,
				 bool *ro)
{
	struct p2m *p = &d->arch.p2m;
	enum physmap_type t;

	spin_lock(&p->lock);
	t = p2m_lookup_locked(p, gfn, mfn, ro);
	spin_unlock(&p->lock);
	return t;
}

/* Under the p2m lock, so the frame cannot be removed (and freed) while
 * we copy; with no reference taken, the fast path stays two atomics. */
__hot int physmap_copy(struct domain *d, u64 gpa, void *buf, size_t n,
		       bool write)
{
	struct p2m *p = &d->arch.p2m;
	enum physmap_type t;
	mfn_t mfn;
	bool ro;
	int rc = -EFAULT;

	if ((gpa & (PAGE_SIZE - 1)) + n > PAGE_SIZE)
		return -EFAULT;
	spin_lock(&p->lock);
	t = p2m_lookup_locked(p, gpa >> PAGE_SHIFT, &mfn, &ro);
	if (t != PHYSMAP_NONE && !(write && ro)) {
		u8 *va =
			(u8 *)__va(mfn << PAGE_SHIFT) + (gpa & (PAGE_SIZE - 1));

		if (write)
			memcpy(va, buf, n);
		else
			memcpy(buf, va, n);
		rc = 0;
	}
	spin_unlock(&p->lock);
	return rc;
}

int physmap_populate(struct domain *d, u64 gfn, u64 nr)
{
	u64 end = gfn + nr;

	while (gfn < end) {
		unsigned int order = 0;
		void *va = NULL;
		int rc;

		if (IS_ALIGNED(gfn, 512) && end - gfn >= 512) {
			va = alloc_pages_zeroed(9);
			order = va ? 9 : 0;
		}
		if (!va)
			va = alloc_pages_zeroed(0);
		if (!va)
			return -ENOMEM;
		/* Each frame is freed on its own when its last reference
		 * goes (frame.h), whatever the mapping's size. */
		if (order)
			split_pages(va, order);
		frame_assign(__pa(va) >> PAGE_SHIFT, order, d);
		rc = physmap_add(d, gfn, __pa(va) >> PAGE_SHIFT, order,
				 PHYSMAP_RAM);
		if (rc) {
			for (u64 i = 0; i < 1ULL << order; i++)
				frame_put((__pa(va) >> PAGE_SHIFT) + i);
			return rc;
		}
		gfn += 1UL << order;
	}
	return 0;
}

/* Free a table and drop the references its leaves hold: the allocation
 * reference of RAM frames, a foreign map's own. */
static void free_level(u64 *t, int level)
{
	for (unsigned int i = 0; i < 512; i++) {
		u64 e = t[i];

		if (!(e & _PAGE_PRESENT))
			continue;
		if (level == 1 || (e & _PAGE_PSE)) {
			mfn_t mfn = (e & PTE_ADDR_MASK) >> PAGE_SHIFT;

			/* A foreign map holds one reference, 4 KiB only. */
			if (pte_type(e) == PHYSMAP_FOREIGN_MAP)
				frame_put(mfn);
			if (pte_type(e) != PHYSMAP_RAM)
				continue;
			if (level == 2)
				for (unsigned int j = 0; j < 512; j++)
					frame_put((mfn & ~511ULL) + j);
			else
				frame_put(mfn);
			continue;
		}
		free_level(__va(e & PTE_ADDR_MASK), level - 1);
	}
	free_pages(t, 0);
}

int physmap_pool_set(struct domain *d, u64 pages)
{
	struct p2m *p = &d->arch.p2m;

	spin_lock(&p->lock);
	p->max_tables = pages;
	spin_unlock(&p->lock);
	return 0;
}

u64 physmap_pool_size(struct domain *d)
{
	struct p2m *p = &d->arch.p2m;

	return READ_ONCE(p->max_tables) ?: READ_ONCE(p->nr_tables);
}

void p2m_destroy(struct p2m *p)
{
	if (p->root)
		free_level(p->root, 4);
	p->root = NULL;
}
