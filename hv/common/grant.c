// SPDX-License-Identifier: GPL-2.0
/*
 * Grant tables, version 1, with Xen's semantics and status codes (Xen
 * 4.17 common/grant_table.c and arch/x86/hvm/grant_table.c are the
 * reference; deviations are marked "Xen:").
 *
 * A domain's table is a set of hv pages ("shared frames") that the guest
 * maps with XENMEM_add_to_physmap and fills with grant_entry_v1. Next to
 * each entry the hv keeps an active entry: who has it pinned, how many
 * times, and which frame. Pinning an entry sets GTF_reading (and
 * GTF_writing for writable use) in the shared entry with a cmpxchg, as
 * the guest writes the same word concurrently; the granter can revoke an
 * entry only while those bits are clear (its own cmpxchg of flags to 0),
 * and from then on the hv never touches the frame through that entry.
 *
 * A mapping (map_grant_ref) is recorded in the mapper's maptrack: the
 * granter (with a reference held until unmap, so the granter's struct,
 * table and memory stay), the entry, the frame and where it was mapped
 * (PHYSMAP_FOREIGN, read-only for GNTMAP_readonly). While an entry is
 * pinned its active entry holds a reference on the frame (frame.h), so a
 * granter that lets go of a mapped frame (balloon, remove_from_physmap)
 * only drops its own reference and the frame stays until the last
 * mapping goes. A copy (GNTTABOP_copy) pins its entries, or takes a
 * frame reference for a local gmfn, for the length of the copy and copies
 * through the direct map.
 *
 * Locking: one spinlock per table, gt->lock. It protects everything in
 * struct grant_table: nr_frames and the frame arrays, the active entries,
 * the maptrack and its free list, and `released`; the hv's updates of the
 * shared entries (atomic ops, the guest writes them too) happen under it.
 * When two tables are needed (a mapping or copy between two domains) both
 * are locked in domain-id order. Nothing else is taken inside except the
 * physmap's locks and the heap's (frame references are lock-free).
 * Callers may hold d->lock (memory.c's add_to_physmap does) but never
 * inside gt->lock.
 */
#include <hv/compiler.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/evtchn.h>
#include <hv/grant.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/mm.h>
#include <hv/printk.h>
#include <hv/sched.h>
#include <hv/string.h>
#include <hv/timer.h>
#include <grant_table.h>
#include <memory.h>
#include <hv/frame.h>
#include <hv/physmap.h>
#include <asm/page.h>
#include "grant_internal.h"

__hot void grant_lock_two(struct domain *a, struct domain *b)
{
	if (a == b) {
		spin_lock(&a->grant->lock);
	} else if (a->id < b->id) {
		spin_lock(&a->grant->lock);
		spin_lock(&b->grant->lock);
	} else {
		spin_lock(&b->grant->lock);
		spin_lock(&a->grant->lock);
	}
}

__hot void grant_unlock_two(struct domain *a, struct domain *b)
{
	spin_unlock(&a->grant->lock);
	if (a != b)
		spin_unlock(&b->grant->lock);
}

/* Direct-map copy, 8 bytes at a time (rep movsb costs 8x the iterations
 * under TCG); memmove order when both sides are one frame. */
__hot void grant_copy_bytes(u8 *dst, const u8 *src, size_t n)
{
	size_t q = n / 8, r = n % 8;

	if (dst > src && dst < src + n) {
		memmove(dst, src, n);
		return;
	}
	__asm__ __volatile__("rep movsq"
			     : "+D"(dst), "+S"(src), "+c"(q)
			     :
			     : "memory");
	__asm__ __volatile__("rep movsb"
			     : "+D"(dst), "+S"(src), "+c"(r)
			     :
			     : "memory");
}

/* ---- shared entry status ---------------------------------------------- */

/*
 * Set GTF_reading (and GTF_writing) in the shared entry, checking it still
 * grants access to ldomid (unless already pinned). Xen's _set_status_v1:
 * a bounded number of cmpxchg retries, as the guest can change the word
 * faster than we can; mappings also refuse GTF_sub_page.
 */
__hot int grant_set_status(grant_entry_v1_t *e, const struct active_entry *act,
			   bool readonly, domid_t ldomid, bool map)
{
	u32 *raw = (u32 *)e; /* flags in bits 0-15, domid in 16-31 */
	u32 cur = __atomic_load_n(raw, __ATOMIC_ACQUIRE);
	u16 mask = GTF_type_mask | (map ? GTF_sub_page : 0);

	BUILD_BUG_ON(__builtin_offsetof(grant_entry_v1_t, flags) != 0 ||
		     __builtin_offsetof(grant_entry_v1_t, domid) != 2);
	for (int tries = 0;; tries++) {
		u16 flags = cur & 0xffff;
		u32 next = cur | GTF_reading;

		if (!pinned(act) && ((flags & mask) != GTF_permit_access ||
				     (domid_t)(cur >> 16) != ldomid))
			return GNTST_general_error;
		if (!readonly) {
			if (flags & GTF_readonly)
				return GNTST_general_error;
			next |= GTF_writing;
		}
		if (__atomic_compare_exchange_n(raw, &cur, next, false,
						__ATOMIC_SEQ_CST,
						__ATOMIC_ACQUIRE))
			return GNTST_okay;
		if (tries == 4)
			return GNTST_general_error; /* entry unstable */
	}
}

/* Clear the status bits the pins no longer justify (Xen's
 * reduce_status_for_pin): reading when unpinned, writing when this was
 * a writable use and no writable one is left. */
__hot void grant_reduce_status(grant_entry_v1_t *e,
			       const struct active_entry *act, bool readonly)
{
	u16 clear = pinned(act) ? 0 : GTF_reading;

	if (!readonly && !write_pinned(act))
		clear |= GTF_writing;
	if (clear)
		__atomic_fetch_and(&e->flags, (u16)~clear, __ATOMIC_SEQ_CST);
}

/* A frame of d's own RAM (a grant's frame, or a copy's local gmfn), with
 * a reference the caller drops with frame_put(). Foreign and hv frames
 * are refused (Xen: get_paged_frame). */
__hot int grant_get_frame(struct domain *d, u64 gfn, bool readonly, mfn_t *mfn)
{
	bool ro = false;

	if (physmap_lookup(d, gfn, mfn, &ro) != PHYSMAP_RAM ||
	    (!readonly && ro) || !frame_get(*mfn, d))
		return GNTST_bad_page;
	return GNTST_okay;
}

/* Drop one host-mapping pin of entry ref (gt locked); the last pin of
 * any kind drops the entry's frame reference. */
static void unpin_map(struct grant_table *gt, u32 ref, bool readonly)
{
	struct active_entry *act = active_entry(gt, ref);

	if (readonly)
		act->map_rd--;
	else
		act->map_wr--;
	grant_reduce_status(shared_entry(gt, ref), act, readonly);
	if (!pinned(act))
		frame_put(act->mfn);
}

/* ---- physmap helpers ------------------------------------------------------ */

/*
 * Remove gfn from d's physmap if it still holds (type, mfn). If another vCPU
 * of d changed gfn between our look and the removal, put back what we
 * took (its own RAM or an hv page; a grant mapping stays removed, which
 * only makes its later unmap fail).
 */
static bool remove_exact(struct domain *d, u64 gfn, enum physmap_type type,
			 mfn_t mfn)
{
	enum physmap_type t;
	mfn_t m;

	if (physmap_lookup(d, gfn, &m, NULL) != type || m != mfn)
		return false;
	t = physmap_remove(d, gfn, &m);
	if (t == type && m == mfn)
		return true;
	if ((t == PHYSMAP_RAM || t == PHYSMAP_HV || t == PHYSMAP_FOREIGN_MAP) &&
	    physmap_add(d, gfn, m, 0, t) && t != PHYSMAP_HV) {
		if (t == PHYSMAP_RAM)
			__atomic_fetch_sub(&d->tot_pages, 1, __ATOMIC_SEQ_CST);
		frame_put(m);
	}
	return false;
}

/* ---- table set-up ------------------------------------------------------ */

/* Grow gt to nr frames (gt locked). 0 or -ENOMEM (keeping what it got). */
int grant_grow_table(struct grant_table *gt, unsigned int nr)
{
	while (gt->nr_frames < nr) {
		unsigned int i = gt->nr_frames;
		grant_entry_v1_t *s = alloc_page_zeroed();
		struct active_entry *a =
			xzalloc(ENTRIES_PER_FRAME * sizeof(*a));

		if (!s || !a) {
			if (s)
				free_pages(s, 0);
			xfree(a);
			return -ENOMEM;
		}
		/* The domain's, so a foreign mapping of it (acquire_resource)
		 * holds a reference that outlives the table. */
		frame_assign(__pa(s) >> PAGE_SHIFT, 0, gt->d);
		gt->shared[i] = s;
		gt->active[i] = a;
		gt->frame_gfn[i] = INVALID_GFN;
		WRITE_ONCE(gt->nr_frames, i + 1);
	}
	return 0;
}

int grant_domain_init(struct domain *d)
{
	struct grant_table *gt = xzalloc(sizeof(*gt));

	if (!gt)
		return -ENOMEM;
	gt->d = d;
	d->grant = gt;
	return grant_grow_table(gt, GRANT_INITIAL_FRAMES);
}

void grant_domain_release(struct domain *d)
{
	struct grant_table *gt = d->grant;

	if (!gt)
		return;
	spin_lock(&gt->lock);
	gt->released = true;
	spin_unlock(&gt->lock);
	/*
	 * d's vCPUs are off their pCPUs, so no map or unmap of d's runs
	 * concurrently and the maptrack only shrinks here (an entry left in
	 * MT_UNMAPPING belongs to an unmap still finishing; it is skipped).
	 */
	for (u32 h = 0; h < READ_ONCE(gt->mt_limit); h++) {
		struct maptrack *mt = mt_entry(gt, h);
		struct domain *rd = READ_ONCE(mt->rd);
		bool done = false;

		if (!rd || (mt->flags & MT_UNMAPPING))
			continue;
		grant_lock_two(d, rd);
		if (mt->rd == rd && !(mt->flags & MT_UNMAPPING)) {
			remove_exact(d, mt->gfn, PHYSMAP_FOREIGN, mt->mfn);
			unpin_map(rd->grant, mt->ref,
				  mt->flags & GNTMAP_readonly);
			mt->rd = NULL;
			mt->flags = 0;
			mt->next_free = gt->mt_free;
			gt->mt_free = h + 1;
			done = true;
		}
		grant_unlock_two(d, rd);
		if (done)
			domain_put(rd);
	}
}

void grant_domain_destroy(struct domain *d)
{
	struct grant_table *gt = d->grant;

	if (!gt)
		return;
	grant_domain_release(d);
	for (unsigned int i = 0; i < gt->nr_frames; i++) {
		for (unsigned int j = 0; j < ENTRIES_PER_FRAME; j++)
			if (pinned(&gt->active[i][j]))
				pr_warn("hv: d%u grant %u still pinned at destroy\n",
					d->id,
					i * (unsigned int)ENTRIES_PER_FRAME +
						j);
		frame_put(__pa(gt->shared[i]) >> PAGE_SHIFT);
		xfree(gt->active[i]);
	}
	for (unsigned int i = 0; i < MT_CHUNKS; i++)
		xfree(gt->mt[i]);
	d->grant = NULL;
	xfree(gt);
}

int grant_map_frame(struct domain *d, unsigned long idx, u64 gfn)
{
	struct grant_table *gt = d->grant;
	enum physmap_type t;
	mfn_t mfn, m;
	u64 old;
	int rc;

	/* v1: no status frames; Xen fails XENMAPIDX_grant_table_status
	 * like any other index beyond the maximum. */
	if (!gt || idx >= GRANT_MAX_FRAMES)
		return -EINVAL;
	spin_lock(&gt->lock);
	if (idx >= gt->nr_frames) {
		grant_grow_table(gt, idx + 1);
		if (idx >= gt->nr_frames) {
			spin_unlock(&gt->lock);
			return -EINVAL; /* Xen: whatever made growth fail */
		}
	}
	mfn = __pa(gt->shared[idx]) >> PAGE_SHIFT;
	old = gt->frame_gfn[idx];

	/* What gfn holds goes (Xen's xenmem_add_to_physmap_one): a grant
	 * mapping may not be replaced this way, RAM is freed, hv pages are
	 * unhooked. */
	t = physmap_lookup(d, gfn, &m, NULL);
	if (t == PHYSMAP_FOREIGN) {
		spin_unlock(&gt->lock);
		return -ENXIO;
	}
	vcpu_info_released(d, gfn);
	t = physmap_remove(d, gfn, &m);
	if (t == PHYSMAP_RAM) {
		__atomic_fetch_sub(&d->tot_pages, 1, __ATOMIC_SEQ_CST);
		frame_put(m);
	} else if (t == PHYSMAP_FOREIGN_MAP) {
		frame_put(m);
	} else if (t == PHYSMAP_HV) {
		for (unsigned int i = 0; i < gt->nr_frames; i++)
			if (gt->frame_gfn[i] == gfn)
				gt->frame_gfn[i] = INVALID_GFN;
		if (d->shared_info_gfn == gfn) /* d->lock held by memory.c */
			d->shared_info_gfn = ~0ULL;
	}
	if (old != INVALID_GFN && old != gfn)
		remove_exact(d, old, PHYSMAP_HV, mfn);
	gt->frame_gfn[idx] = INVALID_GFN;
	rc = physmap_add(d, gfn, mfn, 0, PHYSMAP_HV);
	if (!rc)
		gt->frame_gfn[idx] = gfn;
	spin_unlock(&gt->lock);
	return rc == -EEXIST ? -EBUSY : rc;
}

unsigned int grant_resource_frames(const struct domain *d, unsigned int id)
{
	/* v1 has no status frames. */
	return id == XENMEM_resource_grant_table_id_shared ? GRANT_MAX_FRAMES :
							     0;
}

int grant_resource_frame(struct domain *d, unsigned int id, unsigned int frame,
			 mfn_t *mfn)
{
	struct grant_table *gt = d->grant;
	int rc = -EINVAL;

	if (!gt || frame >= grant_resource_frames(d, id))
		return -EINVAL;
	spin_lock(&gt->lock);
	if (gt->released)
		goto out; /* dying: its frames are on their way out */
	if (frame >= gt->nr_frames && grant_grow_table(gt, frame + 1)) {
		rc = -ENOMEM;
		goto out;
	}
	*mfn = __pa(gt->shared[frame]) >> PAGE_SHIFT;
	rc = frame_get(*mfn, d) ? 0 : -EINVAL;
out:
	spin_unlock(&gt->lock);
	return rc;
}

void grant_seed(struct domain *d, grant_ref_t ref, domid_t to, u64 gfn)
{
	struct grant_table *gt = d->grant;
	grant_entry_v1_t *e = &gt->shared[0][ref];

	e->domid = to;
	e->frame = (u32)gfn;
	__atomic_store_n(&e->flags, GTF_permit_access, __ATOMIC_RELEASE);
}

/* ---- maptrack ------------------------------------------------------------ */

/* A free handle (gt locked), growing the maptrack; false when full. */
static bool mt_alloc(struct grant_table *gt, u32 *handle)
{
	if (!gt->mt_free) {
		unsigned int c = gt->mt_limit / MT_PER_CHUNK;
		struct maptrack *chunk;

		if (c >= MT_CHUNKS)
			return false;
		chunk = xzalloc(MT_PER_CHUNK * sizeof(*chunk));
		if (!chunk)
			return false;
		gt->mt[c] = chunk;
		for (u32 i = 0; i < MT_PER_CHUNK; i++)
			chunk[i].next_free =
				i + 1 < MT_PER_CHUNK ? gt->mt_limit + i + 2 : 0;
		gt->mt_free = gt->mt_limit + 1;
		WRITE_ONCE(gt->mt_limit, gt->mt_limit + MT_PER_CHUNK);
	}
	*handle = gt->mt_free - 1;
	gt->mt_free = mt_entry(gt, *handle)->next_free;
	return true;
}

static void mt_release(struct grant_table *gt, u32 handle)
{
	struct maptrack *mt = mt_entry(gt, handle);

	mt->rd = NULL;
	mt->flags = 0;
	mt->next_free = gt->mt_free;
	gt->mt_free = handle + 1;
}

/* ---- GNTTABOP_map_grant_ref ------------------------------------------- */

void grant_map_one(struct domain *ld, struct gnttab_map_grant_ref *op)
{
	bool ro = op->flags & GNTMAP_readonly;
	u64 gfn = op->host_addr >> PAGE_SHIFT;
	struct grant_table *lgt = ld->grant, *rgt;
	struct active_entry *act;
	grant_entry_v1_t *e;
	struct domain *rd;
	struct maptrack *mt;
	bool was_pinned;
	u32 handle;
	mfn_t mfn;
	int rc;

	if (!(op->flags & (GNTMAP_host_map | GNTMAP_device_map))) {
		op->status = GNTST_bad_gntref; /* Xen: "bad flags" */
		return;
	}
	/* HVM: no device, application or PTE mappings. */
	if (op->flags & (GNTMAP_device_map | GNTMAP_application_map |
			 GNTMAP_contains_pte)) {
		op->status = GNTST_general_error;
		return;
	}
	/* Xen looks dom up by id: DOMID_SELF is not one. */
	rd = op->dom == DOMID_SELF ? NULL : domain_get(op->dom);
	if (!rd) {
		op->status = GNTST_bad_domain;
		return;
	}
	rgt = rd->grant;
	grant_lock_two(ld, rd);
	rc = GNTST_general_error;
	if (lgt->released)
		goto unlock;
	rc = GNTST_no_space;
	if (!mt_alloc(lgt, &handle))
		goto unlock;
	rc = GNTST_bad_gntref;
	if (op->ref >= nr_entries(rgt))
		goto free_handle;
	e = shared_entry(rgt, op->ref);
	act = active_entry(rgt, op->ref);
	was_pinned = pinned(act);
	rc = GNTST_general_error;
	if (was_pinned && (act->domid != ld->id ||
			   (ro ? act->map_rd : act->map_wr) >= PIN_MAX))
		goto free_handle;
	if (!was_pinned || (!ro && !write_pinned(act))) {
		rc = grant_set_status(e, act, ro, ld->id, true);
		if (rc != GNTST_okay)
			goto free_handle;
		if (!was_pinned) {
			rc = grant_get_frame(rd, READ_ONCE(e->frame), ro, &mfn);
			if (rc != GNTST_okay)
				goto clear;
			act->mfn = mfn; /* with grant_get_frame's reference */
			act->domid = ld->id;
		}
	}
	/* Xen's create_grant_p2m_mapping: host_map (readonly or not) and
	 * no other flag; the entry's cache attributes only matter for
	 * device memory, which is never granted here. Unlike Xen the gfn
	 * must be free: Xen displaces RAM there (docs/abi-status.md). */
	rc = GNTST_general_error;
	if ((op->flags & ~GNTMAP_readonly) != GNTMAP_host_map)
		goto put;
	if (physmap_add(ld, gfn, act->mfn, 0,
			PHYSMAP_FOREIGN | (ro ? PHYSMAP_RO : 0)))
		goto put;
	if (ro)
		act->map_rd++;
	else
		act->map_wr++;
	mt = mt_entry(lgt, handle);
	mt->rd = rd; /* keeps the reference from domain_get */
	mt->mfn = act->mfn;
	mt->gfn = gfn;
	mt->ref = op->ref;
	mt->flags = GNTMAP_host_map | (ro ? GNTMAP_readonly : 0);
	grant_unlock_two(ld, rd);
	op->handle = handle;
	/* Xen returns the machine address; a guest has no use for it. */
	op->dev_bus_addr = 0;
	op->status = GNTST_okay;
	return;

put:
	if (!was_pinned)
		frame_put(act->mfn);
clear:
	grant_reduce_status(e, act, ro);
free_handle:
	mt_release(lgt, handle);
unlock:
	grant_unlock_two(ld, rd);
	domain_put(rd);
	op->status = rc;
}

/* ---- GNTTABOP_unmap_grant_ref ------------------------------------------- */

s16 grant_unmap_one(struct domain *ld, u64 host_addr, u32 handle)
{
	struct grant_table *lgt = ld->grant;
	struct maptrack *mt;
	struct domain *rd;
	bool ro;
	s16 rc;

	spin_lock(&lgt->lock);
	if (handle >= lgt->mt_limit || !mt_entry(lgt, handle)->rd ||
	    (mt_entry(lgt, handle)->flags & MT_UNMAPPING)) {
		spin_unlock(&lgt->lock);
		return GNTST_bad_handle;
	}
	mt = mt_entry(lgt, handle);
	rd = mt->rd;
	domain_hold(rd);
	spin_unlock(&lgt->lock);

	grant_lock_two(ld, rd);
	rc = GNTST_bad_handle;
	if (mt->rd != rd || (mt->flags & MT_UNMAPPING))
		goto out; /* another vCPU unmapped it meanwhile */
	rc = GNTST_okay;
	if (!host_addr)
		goto out; /* Xen: nothing to do, the mapping stays */
	/* Xen's replace_grant_p2m_mapping: the gfn must hold this grant's
	 * frame as a grant mapping. */
	rc = GNTST_general_error;
	if (!remove_exact(ld, host_addr >> PAGE_SHIFT, PHYSMAP_FOREIGN,
			  mt->mfn))
		goto out;
	ro = mt->flags & GNTMAP_readonly;
	if (ld->nr_vcpus > 1) {
		mt->flags |= MT_UNMAPPING;
		grant_unlock_two(ld, rd);
		physmap_flush_sync(ld);
		grant_lock_two(ld, rd);
	}
	unpin_map(rd->grant, mt->ref, ro);
	mt_release(lgt, handle);
	domain_put(rd); /* the mapping's reference; ours is dropped below */
	rc = GNTST_okay;
out:
	grant_unlock_two(ld, rd);
	domain_put(rd);
	return rc;
}
