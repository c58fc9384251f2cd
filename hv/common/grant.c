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
 * (P2M_FOREIGN, read-only for GNTMAP_readonly). Mapped frames are also in
 * the granter's pin hash, so that when the granter lets go of such a
 * frame (balloon, remove_from_physmap) grant_free_ram() keeps it until
 * the last mapping goes ("orphan"), instead of freeing a page a peer still
 * maps. A copy (GNTTABOP_copy) pins its entries only for the length of
 * the copy and copies through the direct map with the tables locked, so
 * neither frame can be freed under it.
 *
 * Locking: one spinlock per table, gt->lock. It protects everything in
 * struct grant_table: nr_frames and the frame arrays, the active entries
 * and the pin hash, the maptrack and its free list, and `released`; the
 * hv's updates of the shared entries (atomic ops, the guest writes them
 * too) happen under it. When two tables are needed (a mapping or copy
 * between two domains) both are locked in domain-id order. Nothing else
 * is taken inside except p2m locks and the heap's. Callers may hold
 * d->lock (memory.c's add_to_physmap does) but never inside gt->lock.
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
#include <asm/p2m.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/vcpu.h>
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

/* A frame of d's own RAM (a grant's frame, or a copy's local gmfn).
 * Foreign and hv frames are refused (Xen: get_paged_frame). */
__hot int grant_get_frame(struct domain *d, u64 gfn, bool readonly, mfn_t *mfn)
{
	bool ro = false;

	if (p2m_lookup(&d->arch.p2m, gfn, mfn, &ro) != P2M_RAM ||
	    (!readonly && ro))
		return GNTST_bad_page;
	return GNTST_okay;
}

/* ---- pin hash and orphans ---------------------------------------------- */

static unsigned int pin_bucket(mfn_t mfn)
{
	return (mfn ^ (mfn >> 6) ^ (mfn >> 12)) & (PIN_HASH - 1);
}

static void pin_hash_add(struct grant_table *gt, u32 ref)
{
	struct active_entry *act = active_entry(gt, ref);
	u32 *head = &gt->pin_hash[pin_bucket(act->mfn)];

	act->hnext = *head;
	*head = ref + 1;
}

static void pin_hash_del(struct grant_table *gt, u32 ref)
{
	struct active_entry *act = active_entry(gt, ref);
	u32 *p = &gt->pin_hash[pin_bucket(act->mfn)];

	while (*p && *p != ref + 1)
		p = &active_entry(gt, *p - 1)->hnext;
	if (*p)
		*p = act->hnext;
	act->hnext = 0;
}

/* Is mfn still mapped through some entry of gt? (gt locked) */
static bool mfn_mapped(struct grant_table *gt, mfn_t mfn)
{
	for (u32 i = gt->pin_hash[pin_bucket(mfn)]; i;) {
		struct active_entry *a = active_entry(gt, i - 1);

		if (a->mfn == mfn)
			return true;
		i = a->hnext;
	}
	return false;
}

/* grant_free_ram with gt (d's table) locked. */
static void free_ram_locked(struct grant_table *gt, mfn_t mfn)
{
	bool keep = false;

	for (u32 i = gt->pin_hash[pin_bucket(mfn)]; i;) {
		struct active_entry *a = active_entry(gt, i - 1);

		if (a->mfn == mfn) {
			a->orphan = true;
			keep = true;
		}
		i = a->hnext;
	}
	if (!keep && !evtchn_keeps_ram(gt->d, mfn))
		free_pages(__va(mfn << PAGE_SHIFT), 0);
}

void grant_free_ram(struct domain *d, mfn_t mfn)
{
	struct grant_table *gt = d->grant;

	if (!gt) {
		if (!evtchn_keeps_ram(d, mfn))
			free_pages(__va(mfn << PAGE_SHIFT), 0);
		return;
	}
	spin_lock(&gt->lock);
	free_ram_locked(gt, mfn);
	spin_unlock(&gt->lock);
}

/* Drop one host-mapping pin of entry ref (gt locked). */
static void unpin_map(struct grant_table *gt, u32 ref, bool readonly)
{
	struct active_entry *act = active_entry(gt, ref);

	if (readonly)
		act->map_rd--;
	else
		act->map_wr--;
	grant_reduce_status(shared_entry(gt, ref), act, readonly);
	if (map_pinned(act))
		return;
	pin_hash_del(gt, ref);
	if (act->orphan) {
		act->orphan = false;
		if (!mfn_mapped(gt, act->mfn) &&
		    !evtchn_keeps_ram(gt->d, act->mfn))
			free_pages(__va(act->mfn << PAGE_SHIFT), 0);
	}
}

/* ---- p2m helpers ------------------------------------------------------ */

/*
 * Remove gfn from d's p2m if it still holds (type, mfn). If another vCPU
 * of d changed gfn between our look and the removal, put back what we
 * took (its own RAM or an hv page; a grant mapping stays removed, which
 * only makes its later unmap fail). gt_locked: d's table is locked.
 */
static bool p2m_remove_exact(struct domain *d, u64 gfn, enum p2m_type type,
			     mfn_t mfn, bool gt_locked)
{
	struct p2m *p = &d->arch.p2m;
	enum p2m_type t;
	mfn_t m;

	if (p2m_lookup(p, gfn, &m, NULL) != type || m != mfn)
		return false;
	t = p2m_unmap(p, gfn, &m);
	if (t == type && m == mfn)
		return true;
	if ((t == P2M_RAM || t == P2M_HV) && p2m_map(p, gfn, m, 0, t) &&
	    t == P2M_RAM) {
		__atomic_fetch_sub(&d->tot_pages, 1, __ATOMIC_SEQ_CST);
		if (gt_locked)
			free_ram_locked(d->grant, m);
		else
			grant_free_ram(d, m);
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
			p2m_remove_exact(d, mt->gfn, P2M_FOREIGN, mt->mfn,
					 true);
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
		free_pages(gt->shared[i], 0);
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
	struct p2m *p = &d->arch.p2m;
	enum p2m_type t;
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
	t = p2m_lookup(p, gfn, &m, NULL);
	if (t == P2M_FOREIGN) {
		spin_unlock(&gt->lock);
		return -ENXIO;
	}
	vcpu_info_released(d, gfn);
	t = p2m_unmap(p, gfn, &m);
	if (t == P2M_RAM) {
		__atomic_fetch_sub(&d->tot_pages, 1, __ATOMIC_SEQ_CST);
		free_ram_locked(gt, m);
	} else if (t == P2M_HV) {
		for (unsigned int i = 0; i < gt->nr_frames; i++)
			if (gt->frame_gfn[i] == gfn)
				gt->frame_gfn[i] = INVALID_GFN;
		if (d->shared_info_gfn == gfn) /* d->lock held by memory.c */
			d->shared_info_gfn = ~0ULL;
	}
	if (old != INVALID_GFN && old != gfn)
		p2m_remove_exact(d, old, P2M_HV, mfn, true);
	gt->frame_gfn[idx] = INVALID_GFN;
	rc = p2m_map(p, gfn, mfn, 0, P2M_HV);
	if (!rc)
		gt->frame_gfn[idx] = gfn;
	spin_unlock(&gt->lock);
	return rc == -EEXIST ? -EBUSY : rc;
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
			act->mfn = mfn;
			act->domid = ld->id;
			act->orphan = false;
		}
	}
	/* Xen's create_grant_p2m_mapping: host_map (readonly or not) and
	 * no other flag; the entry's cache attributes only matter for
	 * device memory, which is never granted here. Unlike Xen the gfn
	 * must be free: Xen displaces RAM there (docs/abi-status.md). */
	rc = GNTST_general_error;
	if ((op->flags & ~GNTMAP_readonly) != GNTMAP_host_map)
		goto clear;
	if (p2m_map(&ld->arch.p2m, gfn, act->mfn, 0,
		    P2M_FOREIGN | (ro ? P2M_RO : 0)))
		goto clear;
	if (ro)
		act->map_rd++;
	else
		act->map_wr++;
	if (!was_pinned)
		pin_hash_add(rgt, op->ref);
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
	if (!p2m_remove_exact(ld, host_addr >> PAGE_SHIFT, P2M_FOREIGN, mt->mfn,
			      true))
		goto out;
	ro = mt->flags & GNTMAP_readonly;
	if (ld->nr_vcpus > 1) {
		mt->flags |= MT_UNMAPPING;
		grant_unlock_two(ld, rd);
		arch_domain_flush_tlbs_sync(ld);
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
