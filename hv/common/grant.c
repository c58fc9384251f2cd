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

#define ENTRIES_PER_FRAME (PAGE_SIZE / sizeof(grant_entry_v1_t))
#define MT_PER_CHUNK 256
#define MT_CHUNKS (GRANT_MAX_MAPTRACK / MT_PER_CHUNK)
#define PIN_HASH 64
#define PIN_MAX 128 /* Xen: 8-bit counters, refused once the top bit is set */
#define INVALID_GFN (~0ULL)

/* Maptrack flag: an unmap is waiting for other vCPUs' TLBs (not usable). */
#define MT_UNMAPPING 0x80000000U

struct active_entry {
	mfn_t mfn; /* the frame pinned, valid while pinned */
	u32 hnext; /* pin hash chain: next ref + 1, 0 = end */
	domid_t domid; /* the domain it is pinned for */
	u8 map_rd, map_wr; /* host mappings: read-only, writable */
	u8 copy_rd, copy_wr; /* copies in progress (only under the lock) */
	bool orphan; /* granter dropped mfn: free it at the last unpin */
};

struct maptrack {
	struct domain *rd; /* granter, referenced; NULL: free slot */
	mfn_t mfn;
	u64 gfn; /* where it is mapped in the mapper's p2m */
	grant_ref_t ref;
	u32 flags; /* GNTMAP_host_map [| GNTMAP_readonly] | MT_* */
	u32 next_free; /* free list: handle + 1, 0 = end */
};

struct grant_table {
	spinlock_t lock;
	struct domain *d;
	bool released; /* grant_domain_release ran: no new mappings */
	unsigned int nr_frames;
	grant_entry_v1_t *shared[GRANT_MAX_FRAMES];
	u64 frame_gfn[GRANT_MAX_FRAMES]; /* INVALID_GFN: not in the p2m */
	struct active_entry *active[GRANT_MAX_FRAMES];
	u32 pin_hash[PIN_HASH]; /* entries with host mappings, by mfn */
	struct maptrack *mt[MT_CHUNKS];
	unsigned int mt_limit; /* handles with storage */
	u32 mt_free; /* free list head: handle + 1, 0 = empty */
};

/* ---- small helpers ---------------------------------------------------- */

static unsigned int nr_entries(const struct grant_table *gt)
{
	return gt->nr_frames * ENTRIES_PER_FRAME;
}

static grant_entry_v1_t *shared_entry(struct grant_table *gt, u32 ref)
{
	return &gt->shared[ref / ENTRIES_PER_FRAME][ref % ENTRIES_PER_FRAME];
}

static struct active_entry *active_entry(struct grant_table *gt, u32 ref)
{
	return &gt->active[ref / ENTRIES_PER_FRAME][ref % ENTRIES_PER_FRAME];
}

static bool pinned(const struct active_entry *a)
{
	return a->map_rd || a->map_wr || a->copy_rd || a->copy_wr;
}

static bool map_pinned(const struct active_entry *a)
{
	return a->map_rd || a->map_wr;
}

static bool write_pinned(const struct active_entry *a)
{
	return a->map_wr || a->copy_wr;
}

static struct maptrack *mt_entry(struct grant_table *gt, u32 handle)
{
	return &gt->mt[handle / MT_PER_CHUNK][handle % MT_PER_CHUNK];
}

static void lock_two(struct domain *a, struct domain *b)
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

static void unlock_two(struct domain *a, struct domain *b)
{
	spin_unlock(&a->grant->lock);
	if (a != b)
		spin_unlock(&b->grant->lock);
}

/* Direct-map copy, 8 bytes at a time (rep movsb costs 8x the iterations
 * under TCG); memmove order when both sides are one frame. */
static void copy_bytes(u8 *dst, const u8 *src, size_t n)
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
static int set_status(grant_entry_v1_t *e, const struct active_entry *act,
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
static void reduce_status(grant_entry_v1_t *e, const struct active_entry *act,
			  bool readonly)
{
	u16 clear = pinned(act) ? 0 : GTF_reading;

	if (!readonly && !write_pinned(act))
		clear |= GTF_writing;
	if (clear)
		__atomic_fetch_and(&e->flags, (u16)~clear, __ATOMIC_SEQ_CST);
}

/* A frame of d's own RAM (a grant's frame, or a copy's local gmfn).
 * Foreign and hv frames are refused (Xen: get_paged_frame). */
static int get_frame(struct domain *d, u64 gfn, bool readonly, mfn_t *mfn)
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
	reduce_status(shared_entry(gt, ref), act, readonly);
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
static int grow_table(struct grant_table *gt, unsigned int nr)
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
	return grow_table(gt, GRANT_INITIAL_FRAMES);
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
		lock_two(d, rd);
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
		unlock_two(d, rd);
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
		grow_table(gt, idx + 1);
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

static void map_one(struct domain *ld, struct gnttab_map_grant_ref *op)
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
	lock_two(ld, rd);
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
		rc = set_status(e, act, ro, ld->id, true);
		if (rc != GNTST_okay)
			goto free_handle;
		if (!was_pinned) {
			rc = get_frame(rd, READ_ONCE(e->frame), ro, &mfn);
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
	unlock_two(ld, rd);
	op->handle = handle;
	/* Xen returns the machine address; a guest has no use for it. */
	op->dev_bus_addr = 0;
	op->status = GNTST_okay;
	return;

clear:
	reduce_status(e, act, ro);
free_handle:
	mt_release(lgt, handle);
unlock:
	unlock_two(ld, rd);
	domain_put(rd);
	op->status = rc;
}

/* ---- GNTTABOP_unmap_grant_ref ------------------------------------------- */

static s16 unmap_one(struct domain *ld, u64 host_addr, u32 handle)
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

	lock_two(ld, rd);
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
		unlock_two(ld, rd);
		arch_domain_flush_tlbs_sync(ld);
		lock_two(ld, rd);
	}
	unpin_map(rd->grant, mt->ref, ro);
	mt_release(lgt, handle);
	domain_put(rd); /* the mapping's reference; ours is dropped below */
	rc = GNTST_okay;
out:
	unlock_two(ld, rd);
	domain_put(rd);
	return rc;
}

/* ---- GNTTABOP_copy ------------------------------------------------------- */

/* Domains of consecutive copies, kept referenced across a batch. */
struct copy_dom {
	domid_t id;
	struct domain *d; /* NULL: none; ld itself is not referenced */
};

static struct domain *copy_dom_get(struct copy_dom *c, struct domain *ld,
				   domid_t id)
{
	if (id == DOMID_SELF || id == ld->id)
		return ld;
	if (c->d && c->id == id)
		return c->d;
	if (c->d)
		domain_put(c->d);
	c->d = domain_get(id);
	c->id = id;
	return c->d;
}

static void copy_dom_put(struct copy_dom *c)
{
	if (c->d)
		domain_put(c->d);
	c->d = NULL;
}

/*
 * One side of a copy: a frame of d through grant ref (pinned for the copy
 * only; Xen's acquire_grant_for_copy) or d's own gmfn. Tables locked.
 */
static int copy_claim(struct domain *d, const struct gnttab_copy_ptr *ptr,
		      bool gref, bool ro, domid_t ldomid, mfn_t *mfn)
{
	struct grant_table *gt = d->grant;
	struct active_entry *act;
	grant_entry_v1_t *e;
	bool was_pinned;
	int rc;

	if (!gref)
		return get_frame(d, ptr->u.gmfn, ro, mfn);
	if (ptr->u.ref >= nr_entries(gt))
		return GNTST_bad_gntref;
	e = shared_entry(gt, ptr->u.ref);
	act = active_entry(gt, ptr->u.ref);
	was_pinned = pinned(act);
	if (was_pinned && (act->domid != ldomid ||
			   (ro ? act->copy_rd : act->copy_wr) >= PIN_MAX))
		return GNTST_general_error;
	if (!was_pinned || (!ro && !write_pinned(act))) {
		rc = set_status(e, act, ro, ldomid, false);
		if (rc != GNTST_okay)
			return rc;
		if (!was_pinned) {
			rc = get_frame(d, READ_ONCE(e->frame), ro, mfn);
			if (rc != GNTST_okay) {
				reduce_status(e, act, ro);
				return rc;
			}
			act->mfn = *mfn;
			act->domid = ldomid;
			act->orphan = false;
		}
	}
	if (ro)
		act->copy_rd++;
	else
		act->copy_wr++;
	*mfn = act->mfn;
	return GNTST_okay;
}

static void copy_release(struct domain *d, grant_ref_t ref, bool ro)
{
	struct grant_table *gt = d->grant;
	struct active_entry *act = active_entry(gt, ref);

	if (ro)
		act->copy_rd--;
	else
		act->copy_wr--;
	reduce_status(shared_entry(gt, ref), act, ro);
}

static s16 copy_one(struct domain *ld, const struct gnttab_copy *op,
		    struct copy_dom *cs, struct copy_dom *cd)
{
	bool sg = op->flags & GNTCOPY_source_gref;
	bool dg = op->flags & GNTCOPY_dest_gref;
	struct domain *sd, *dd;
	mfn_t smfn, dmfn;
	int rc;

	/* len 0 is no shortcut: Xen runs every check below for it too. */
	/* Only DOMID_SELF may name a frame directly. */
	if (!sg && op->source.domid != DOMID_SELF)
		return GNTST_permission_denied;
	sd = copy_dom_get(cs, ld, op->source.domid);
	if (!sd)
		return GNTST_bad_domain;
	if (!dg && op->dest.domid != DOMID_SELF)
		return GNTST_permission_denied;
	dd = copy_dom_get(cd, ld, op->dest.domid);
	if (!dd)
		return GNTST_bad_domain;

	lock_two(sd, dd);
	rc = copy_claim(sd, &op->source, sg, true, ld->id, &smfn);
	if (rc != GNTST_okay)
		goto unlock;
	rc = copy_claim(dd, &op->dest, dg, false, ld->id, &dmfn);
	if (rc != GNTST_okay)
		goto release_src;
	if (op->source.offset + op->len > PAGE_SIZE ||
	    op->dest.offset + op->len > PAGE_SIZE) {
		rc = GNTST_bad_copy_arg;
	} else {
		copy_bytes((u8 *)__va(dmfn << PAGE_SHIFT) + op->dest.offset,
			   (const u8 *)__va(smfn << PAGE_SHIFT) +
				   op->source.offset,
			   op->len);
		rc = GNTST_okay;
	}
	if (dg)
		copy_release(dd, op->dest.u.ref, false);
release_src:
	if (sg)
		copy_release(sd, op->source.u.ref, true);
unlock:
	unlock_two(sd, dd);
	return rc;
}

/* ---- the hypercall ------------------------------------------------------- */

/* Between batch elements: restart the rest later if we ran long. */
static bool batch_preempted(unsigned int i, u64 uop, size_t size,
			    unsigned int count)
{
	if (!i || !hypercall_preempt_check())
		return false;
	hypercall_continue(1, uop + (u64)i * size);
	hypercall_continue(2, count - i);
	return true;
}

/*
 * Access to a batch's op array: copy_{from,to}_guest semantics (-EFAULT),
 * but the translation of the array's current page is walked once and
 * reused for the ops in it, like a TLB would (the frame itself is still
 * checked in the p2m on every access). A batch op costs two p2m lookups
 * instead of ten; it matters for GNTTABOP_copy's throughput.
 */
struct uop_cursor {
	struct vcpu *v;
	unsigned int access;
	u64 page[2]; /* [write]: linear page translated, ~0: none */
	u64 gpa[2];
};

static void cursor_init(struct uop_cursor *c)
{
	c->v = current_vcpu();
	c->access = guest_cpl(c->v) == 3 ? GA_USER : 0;
	c->page[0] = c->page[1] = ~0ULL;
}

static int cursor_copy(struct uop_cursor *c, u64 gva, void *buf, size_t n,
		       bool write)
{
	u64 page = gva & PAGE_MASK;

	if ((gva & ~PAGE_MASK) + n > PAGE_SIZE)
		return write ? copy_to_guest(gva, buf, n) :
			       copy_from_guest(buf, gva, n);
	if (c->page[write] != page) {
		u64 gpa;

		if (guest_linear_to_gpa(c->v, page,
					c->access | (write ? GA_WRITE : 0),
					&gpa))
			return -EFAULT;
		c->page[write] = page;
		c->gpa[write] = gpa & PAGE_MASK;
	}
	return gpa_access(c->v->domain, c->gpa[write] | (gva & ~PAGE_MASK), buf,
			  n, write) ?
		       -EFAULT :
		       0;
}

#define GET_OP(c, a, op) cursor_copy(c, a, &(op), sizeof(op), false)
#define PUT_OP_FIELD(c, a, op, field)                                   \
	cursor_copy(c, (a) + __builtin_offsetof(__typeof__(op), field), \
		    &(op).field, sizeof((op).field), true)
#define PUT_FIELD(uop, op, field)                                        \
	copy_to_guest((uop) + __builtin_offsetof(__typeof__(op), field), \
		      &(op).field, sizeof((op).field))

/*
 * The batch ops that work on one entry at a time: read each op, do it,
 * write its result back (the whole op, or out_len bytes at out_off),
 * restarting through a continuation when the batch runs long.
 */
struct batch_kind {
	size_t size, out_off, out_len;
	void (*one)(struct domain *d, void *op);
};

#define BATCH_OP_MAX 32 /* the largest op, struct gnttab_map_grant_ref */

static long run_batch(struct domain *d, u64 uop, unsigned int count,
		      const struct batch_kind *k)
{
	struct uop_cursor c;
	u64 op[BATCH_OP_MAX / 8]; /* aligned for the structs */

	cursor_init(&c);
	for (unsigned int i = 0; i < count; i++) {
		u64 a = uop + (u64)i * k->size;

		if (batch_preempted(i, uop, k->size, count))
			return 0;
		if (cursor_copy(&c, a, op, k->size, false))
			return -EFAULT;
		k->one(d, op);
		if (cursor_copy(&c, a + k->out_off, (u8 *)op + k->out_off,
				k->out_len, true))
			return -EFAULT; /* Xen: what was done stays done */
	}
	return 0;
}

static void map_op(struct domain *d, void *p)
{
	map_one(d, p);
}

static void unmap_op(struct domain *d, void *p)
{
	struct gnttab_unmap_grant_ref *op = p;

	op->status = unmap_one(d, op->host_addr, op->handle);
}

static s16 swap_one(struct domain *d, grant_ref_t a, grant_ref_t b);

static void swap_op(struct domain *d, void *p)
{
	struct gnttab_swap_grant_ref *op = p;

	op->status = swap_one(d, op->ref_a, op->ref_b);
}

#define BATCH_STATUS(type, fn)                                                \
	{                                                                     \
		sizeof(struct type), __builtin_offsetof(struct type, status), \
			sizeof(((struct type *)0)->status), fn                \
	}

static const struct batch_kind map_batch = {
	sizeof(struct gnttab_map_grant_ref), 0,
	sizeof(struct gnttab_map_grant_ref), map_op
};
static const struct batch_kind unmap_batch =
	BATCH_STATUS(gnttab_unmap_grant_ref, unmap_op);
static const struct batch_kind swap_batch =
	BATCH_STATUS(gnttab_swap_grant_ref, swap_op);

BUILD_BUG_ON(sizeof(struct gnttab_map_grant_ref) > BATCH_OP_MAX);
BUILD_BUG_ON(sizeof(struct gnttab_unmap_grant_ref) > BATCH_OP_MAX);
BUILD_BUG_ON(sizeof(struct gnttab_swap_grant_ref) > BATCH_OP_MAX);

static void copy_read_native(const void *raw, struct gnttab_copy *op)
{
	memcpy(op, raw, sizeof(*op));
}

static const struct grant_copy_layout native_copy = {
	sizeof(struct gnttab_copy),
	__builtin_offsetof(struct gnttab_copy, status), copy_read_native
};

/* GNTTABOP_copy over an array of ops in layout l (64- or 32-bit). */
long grant_copy(struct domain *d, u64 uop, unsigned int count,
		const struct grant_copy_layout *l)
{
	struct copy_dom cs = { 0 }, cd = { 0 };
	struct uop_cursor c;
	long rc = 0;

	cursor_init(&c);
	for (unsigned int i = 0; i < count; i++) {
		u64 raw[GRANT_COPY_OP_MAX / 8];
		struct gnttab_copy op;
		u64 a = uop + (u64)i * l->size;

		if (batch_preempted(i, uop, l->size, count))
			break;
		if (cursor_copy(&c, a, raw, l->size, false)) {
			rc = -EFAULT;
			break;
		}
		l->read(raw, &op);
		op.status = copy_one(d, &op, &cs, &cd);
		if (cursor_copy(&c, a + l->status_off, &op.status,
				sizeof(op.status), true)) {
			rc = -EFAULT;
			break;
		}
	}
	copy_dom_put(&cs);
	copy_dom_put(&cd);
	return rc;
}
BUILD_BUG_ON(sizeof(struct gnttab_copy) > GRANT_COPY_OP_MAX);

/*
 * The domain a table query is about, which the caller may look at (XSM's
 * dummy policy for XSM_TARGET: itself, or anyone when privileged), with a
 * reference; or NULL and the GNTST_* status saying why.
 */
static struct domain *query_target(struct domain *d, domid_t dom,
				   int16_t *status)
{
	long rc = 0;
	struct domain *t = domain_get_target(d, dom, &rc);

	if (!t)
		*status = rc == -ESRCH ? GNTST_bad_domain :
					 GNTST_permission_denied;
	return t;
}

/*
 * GNTTABOP_setup_table, its argument copied in: reports in frame_list
 * (pfn_size-byte numbers) where each frame is mapped; the status.
 */
s16 grant_setup_table(struct domain *d, u16 dom, u32 nr_frames, u64 frame_list,
		      unsigned int pfn_size)
{
	struct grant_table *gt;
	struct domain *t;
	s16 status;

	t = query_target(d, dom, &status);
	if (!t)
		return status;
	gt = t->grant;
	spin_lock(&gt->lock);
	if (nr_frames > GRANT_MAX_FRAMES ||
	    (nr_frames > gt->nr_frames && grow_table(gt, nr_frames))) {
		status = GNTST_general_error;
	} else {
		/* Translated guests: where each frame is mapped. */
		status = GNTST_okay;
		for (u32 i = 0; i < nr_frames; i++) {
			u64 gfn = gt->frame_gfn[i];

			/* Little-endian: a 4-byte list takes the low half. */
			if (copy_to_guest(frame_list + (u64)i * pfn_size, &gfn,
					  pfn_size)) {
				status = GNTST_bad_virt_addr;
				break;
			}
		}
	}
	spin_unlock(&gt->lock);
	domain_put(t);
	return status;
}

static long gnttab_setup_table(struct domain *d, u64 uop, unsigned int count)
{
	struct gnttab_setup_table op;

	if (count != 1)
		return -EINVAL;
	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	op.status = grant_setup_table(d, op.dom, op.nr_frames, op.frame_list.q,
				      sizeof(xen_pfn_t));
	return PUT_FIELD(uop, op, status) ? -EFAULT : 0;
}

static long gnttab_query_size(struct domain *d, u64 uop, unsigned int count)
{
	struct gnttab_query_size op;
	struct domain *t;

	if (count != 1)
		return -EINVAL;
	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	t = query_target(d, op.dom, &op.status);
	if (t) {
		op.nr_frames = READ_ONCE(t->grant->nr_frames);
		op.max_nr_frames = GRANT_MAX_FRAMES;
		op.status = GNTST_okay;
		domain_put(t);
	}
	return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : 0;
}

static long gnttab_set_version(u64 uop)
{
	struct gnttab_set_version op;
	long rc = 0;

	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	if (op.version != 1 && op.version != 2)
		rc = -EINVAL;
	else if (op.version == 2)
		rc = -ENOSYS; /* Xen with max_version 1 */
	op.version = 1;
	return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : rc;
}

static long gnttab_get_version(struct domain *d, u64 uop)
{
	struct gnttab_get_version op;
	struct domain *t;
	int16_t status;

	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	t = query_target(d, op.dom, &status);
	if (!t)
		return status == GNTST_bad_domain ? -ESRCH : -EPERM;
	domain_put(t);
	op.version = 1;
	return PUT_FIELD(uop, op, version) ? -EFAULT : 0;
}

static s16 swap_one(struct domain *d, grant_ref_t a, grant_ref_t b)
{
	struct grant_table *gt = d->grant;
	s16 rc = GNTST_okay;

	spin_lock(&gt->lock);
	if (a >= nr_entries(gt) || b >= nr_entries(gt)) {
		rc = GNTST_bad_gntref;
	} else if (a != b) {
		if (pinned(active_entry(gt, a)) ||
		    pinned(active_entry(gt, b))) {
			rc = GNTST_eagain;
		} else {
			u64 *ea = (u64 *)shared_entry(gt, a);
			u64 *eb = (u64 *)shared_entry(gt, b);
			u64 x = READ_ONCE(*ea);

			WRITE_ONCE(*ea, READ_ONCE(*eb));
			WRITE_ONCE(*eb, x);
		}
	}
	spin_unlock(&gt->lock);
	return rc;
}

/* The checks every grant_table_op makes first, in Xen's order. */
long grant_op_check(struct domain *d, u64 cmd64, u64 count64, unsigned int *cmd)
{
	/* Xen's hvm_grant_table_op: what an HVM guest may call, judged on
	 * the whole command (continuation bits included), before anything
	 * else. The rest (unmap_and_replace, get_status_frames, transfer,
	 * dump_table, cache_flush) is PV-only or unaudited: -ENOSYS. */
	*cmd = (u32)cmd64;
	switch (*cmd) {
	case GNTTABOP_map_grant_ref:
	case GNTTABOP_unmap_grant_ref:
	case GNTTABOP_setup_table:
	case GNTTABOP_copy:
	case GNTTABOP_query_size:
	case GNTTABOP_set_version:
	case GNTTABOP_get_version:
	case GNTTABOP_swap_grant_ref:
		break;
	default:
		return -ENOSYS;
	}
	if ((int)(u32)count64 < 0)
		return -EINVAL;
	if (!d->grant)
		return -ENOSYS;
	return 0;
}

long do_grant_table_op(u64 cmd64, u64 uop, u64 count64, u64 a4, u64 a5)
{
	unsigned int cmd, count = (u32)count64;
	struct domain *d = current_domain();
	long rc = grant_op_check(d, cmd64, count64, &cmd);

	if (rc)
		return rc;

	switch (cmd) {
	case GNTTABOP_map_grant_ref:
		return run_batch(d, uop, count, &map_batch);
	case GNTTABOP_unmap_grant_ref:
		return run_batch(d, uop, count, &unmap_batch);
	case GNTTABOP_setup_table:
		return gnttab_setup_table(d, uop, count);
	case GNTTABOP_copy:
		return grant_copy(d, uop, count, &native_copy);
	case GNTTABOP_query_size:
		return gnttab_query_size(d, uop, count);
	case GNTTABOP_set_version:
		return gnttab_set_version(uop);
	case GNTTABOP_get_version:
		return gnttab_get_version(d, uop);
	case GNTTABOP_swap_grant_ref:
		return run_batch(d, uop, count, &swap_batch);
	}
	return -ENOSYS; /* not reached: grant_op_check let it through */
}
