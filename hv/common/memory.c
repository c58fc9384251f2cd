// SPDX-License-Identifier: GPL-2.0
/*
 * memory_op: a domain's view of its own physical memory. Guests are
 * translated (auto_translated_physmap): every frame number here is a
 * guest frame number, and the physmap (hv/physmap.h) is the whole truth.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/grant.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/memory.h>
#include <hv/mm.h>
#include <hv/spinlock.h>
#include <hv/time.h>
#include <hv/frame.h>
#include <hv/physmap.h>
#include <asm/page.h>

#define MAX_NR_EXTENTS (~0U >> MEMOP_EXTENT_SHIFT)

/* Xen's max_order(): the control domain may ask for 1 GiB extents. */
static unsigned int max_extent_order(const struct domain *cur)
{
	return cur->privileged ? 18 : 9;
}

/*
 * Drop whatever is mapped at gfn; RAM goes back to the hv once no vCPU
 * of d can still reach it. A grant mapping stays: it is undone only by
 * unmap_grant_ref (-ENXIO, as in Xen); a foreign map is undone and its
 * reference dropped.
 */
static int unmap_gfn(struct domain *d, u64 gfn)
{
	enum physmap_type t;
	mfn_t mfn;

	if (physmap_lookup(d, gfn, &mfn, NULL) == PHYSMAP_FOREIGN)
		return -ENXIO;
	vcpu_info_released(d, gfn);
	t = physmap_remove(d, gfn, &mfn);
	if (t == PHYSMAP_RAM || t == PHYSMAP_FOREIGN_MAP) {
		physmap_flush_sync(d);
		frame_put(mfn); /* freed now, or by the last peer mapping it */
		if (t == PHYSMAP_RAM)
			__atomic_fetch_sub(&d->tot_pages, 1, __ATOMIC_SEQ_CST);
	}
	return 0;
}

static bool range_backed(struct domain *d, u64 gfn, u64 n)
{
	mfn_t mfn;

	for (u64 j = 0; j < n; j++)
		if (physmap_lookup(d, gfn + j, &mfn, NULL) == PHYSMAP_NONE)
			return false;
	return true;
}

static int unmap_range(struct domain *d, u64 gfn, u64 n)
{
	for (u64 j = 0; j < n; j++)
		if (unmap_gfn(d, gfn + j))
			return -ENXIO;
	return 0;
}

static int map_shared_info(struct domain *d, u64 gfn)
{
	int rc;

	if (d->shared_info_gfn != ~0ULL) {
		mfn_t si = __pa(d->shared_info) >> PAGE_SHIFT, mfn;

		/* Only if it is still there (Xen: guest_physmap_remove_page
		 * with the frame): the guest may have put RAM or a grant
		 * mapping over it since, and unmapping that would leak it. */
		if (physmap_lookup(d, d->shared_info_gfn, &mfn, NULL) ==
			    PHYSMAP_HV &&
		    mfn == si)
			physmap_remove(d, d->shared_info_gfn, &mfn);
		d->shared_info_gfn = ~0ULL;
	}
	rc = unmap_gfn(d, gfn);
	if (rc)
		return rc;
	rc = physmap_add(d, gfn, __pa(d->shared_info) >> PAGE_SHIFT, 0,
			 PHYSMAP_HV);
	if (rc)
		return rc;
	d->shared_info_gfn = gfn;
	domain_update_wallclock(d);
	for (unsigned int i = 0; i < d->nr_vcpus; i++)
		vcpu_update_time(d->vcpu[i]);
	return 0;
}

/*
 * Xen's order: foreign frames are add_to_physmap_batch's alone (-ENOSYS,
 * before the lookup), then the domain, then the space: device MMIO is the
 * hardware domain's own (-EACCES), and a space with no mapping is -EINVAL.
 */
long memory_add_to_physmap(struct domain *cur,
			   const struct xen_add_to_physmap *xp)
{
	struct xen_add_to_physmap x = *xp;
	struct domain *d;
	long rc = 0;

	if (x.space == XENMAPSPACE_gmfn_foreign)
		return -ENOSYS;
	d = domain_get_target(cur, x.domid, &rc);
	if (!d)
		return rc;
	if (x.space == XENMAPSPACE_dev_mmio && (!cur->privileged || d != cur)) {
		domain_put(d);
		return -EACCES;
	}
	spin_lock(&d->lock);
	switch (x.space) {
	case XENMAPSPACE_shared_info:
		rc = x.idx ? -EINVAL : map_shared_info(d, x.gpfn);
		break;
	case XENMAPSPACE_grant_table:
		rc = grant_map_frame(d, x.idx, x.gpfn);
		break;
	case XENMAPSPACE_gmfn:
	case XENMAPSPACE_gmfn_range:
		rc = -ENOSYS; /* not yet: docs/abi-status.md */
		break;
	default:
		rc = -EINVAL;
		break;
	}
	spin_unlock(&d->lock);
	domain_put(d);
	return rc;
}

/*
 * Claims (XENMEM_claim_pages; Xen's domain_set_outstanding_pages): a
 * domain's claim sets free memory aside for it, so that a toolstack
 * knows before it builds a domain that the memory will be there. Pages
 * populated for the domain use its claim up; no other domain's
 * allocation may dip into what is claimed.
 */
static DEFINE_SPINLOCK(claim_lock);
static u64 claimed; /* pages claimed by all domains; claim_lock */

/* May d be given n more pages now? They come off its claim first. */
static bool claim_take(struct domain *d, u64 n)
{
	unsigned long flags = spin_lock_irqsave(&claim_lock);
	u64 mine = d->outstanding_pages;
	bool ok = claimed + n <= mm_free_pages() + mine;

	if (ok) {
		u64 use = MIN(n, mine);

		d->outstanding_pages -= use;
		claimed -= use;
	}
	spin_unlock_irqrestore(&claim_lock, flags);
	return ok;
}

/* Xen's order and errors: 0 cancels; one claim at a time (-EINVAL); it
 * must exceed what the domain has and not exceed its maximum (-EINVAL);
 * what the domain lacks must be free and unclaimed (-ENOMEM). */
static long claim_set(struct domain *d, u64 pages)
{
	unsigned long flags = spin_lock_irqsave(&claim_lock);
	u64 tot = READ_ONCE(d->tot_pages);
	long rc = 0;

	if (!pages) {
		claimed -= d->outstanding_pages;
		d->outstanding_pages = 0;
	} else if (d->outstanding_pages || pages <= tot ||
		   pages > READ_ONCE(d->max_pages)) {
		rc = -EINVAL;
	} else if (pages - tot >
		   mm_free_pages() - MIN(claimed, mm_free_pages())) {
		rc = -ENOMEM;
	} else {
		d->outstanding_pages = pages - tot;
		claimed += pages - tot;
	}
	spin_unlock_irqrestore(&claim_lock, flags);
	return rc;
}

u64 memory_claimed(void)
{
	return READ_ONCE(claimed);
}

void memory_domain_release(struct domain *d)
{
	claim_set(d, 0);
}

/* Xen's order and errors, -EINVAL for a missing domain included. */
static long claim_pages(struct domain *cur, u64 arg, u64 start)
{
	struct xen_memory_reservation r;
	struct domain *d;
	long rc;

	if (start)
		return -EINVAL;
	if (copy_from_guest(&r, arg, sizeof(r)))
		return -EFAULT;
	if (r.extent_start.q || r.extent_order || r.mem_flags)
		return -EINVAL;
	d = domain_get(r.domid);
	if (!d)
		return -EINVAL;
	/* Xen's XSM_PRIV: the control domain's alone, itself included. */
	rc = cur->privileged ? claim_set(d, r.nr_extents) : -EPERM;
	domain_put(d);
	return rc;
}

/*
 * increase/decrease_reservation and populate_physmap return how many
 * extents were done, never an error: a bad argument, a domain that does
 * not exist or may not be touched, or a fault all stop at start.
 */
long memory_reservation(struct domain *cur, unsigned int op, u64 start,
			const struct xen_memory_reservation *rp,
			unsigned int pfn_size)
{
	struct xen_memory_reservation r = *rp;
	struct domain *d;
	long rc = 0;
	u64 i;

	if (r.nr_extents > MAX_NR_EXTENTS || start >= r.nr_extents)
		return start;
	d = domain_get_target(cur, r.domid, &rc);
	if (!d)
		return start;
	if (r.extent_order > max_extent_order(cur)) {
		domain_put(d);
		return start;
	}
	for (i = start; i < r.nr_extents; i++) {
		u64 gfn = 0, n = 1ULL << r.extent_order;

		if (i > start && hypercall_preempt_check()) {
			hypercall_continue(0, op | (i << MEMOP_EXTENT_SHIFT));
			break;
		}
		/* Little-endian: a 4-byte frame number fills the low half. */
		if (copy_from_guest(&gfn, r.extent_start.q + i * pfn_size,
				    pfn_size))
			break;
		if (!IS_ALIGNED(gfn, n))
			break;
		if (op == XENMEM_decrease_reservation) {
			/* Xen stops at a frame with nothing behind it. */
			if (!range_backed(d, gfn, n) || unmap_range(d, gfn, n))
				break;
			continue;
		}
		if (READ_ONCE(d->tot_pages) + n > d->max_pages)
			break; /* over the domain's allowance */
		if (!claim_take(d, n))
			break; /* what is free is claimed by others */
		if (unmap_range(d, gfn, n) || physmap_populate(d, gfn, n))
			break;
		__atomic_fetch_add(&d->tot_pages, n, __ATOMIC_SEQ_CST);
	}
	domain_put(d);
	return i;
}

/* As many entries as fit in room: how many that was, or -EFAULT. */
long memory_map_copy(struct domain *d, u64 buffer, unsigned int room)
{
	unsigned int n = MIN(room, d->nr_e820);

	if (copy_to_guest(buffer, d->e820, n * sizeof(d->e820[0])))
		return -EFAULT;
	return n;
}

static long memory_map(struct domain *d, u64 arg)
{
	struct xen_memory_map m;
	long n;

	if (copy_from_guest(&m, arg, sizeof(m)))
		return -EFAULT;
	n = memory_map_copy(d, m.buffer.q, m.nr_entries);
	if (n < 0)
		return n;
	m.nr_entries = n;
	return copy_to_guest(arg, &m, sizeof(m)) ? -EFAULT : 0;
}

/* current/maximum_reservation and maximum_gpfn of a domain. */
static long domain_pages(struct domain *cur, unsigned int op, u64 arg)
{
	domid_t id;
	struct domain *t;
	long rc = 0;

	if (copy_from_guest(&id, arg, sizeof(id)))
		return -EFAULT;
	t = domain_get_target(cur, id, &rc);
	if (!t)
		return rc;
	if (op == XENMEM_current_reservation)
		rc = t->tot_pages;
	else if (op == XENMEM_maximum_reservation)
		rc = t->max_pages;
	else
		rc = t->max_pages - 1;
	domain_put(t);
	return rc;
}

long memory_remove_from_physmap(struct domain *cur,
				const struct xen_remove_from_physmap *x)
{
	struct domain *d;
	long rc = 0;

	d = domain_get_target(cur, x->domid, &rc);
	if (!d)
		return rc;
	rc = unmap_gfn(d, x->gpfn);
	domain_put(d);
	return rc;
}

/* Map another domain's frame, on which the caller holds a reference, at
 * d's gfn: what gfn held goes first (RAM is freed), as in Xen; the entry
 * keeps the reference, which is dropped here if the mapping fails. */
static int map_foreign_frame(struct domain *d, u64 gfn, mfn_t mfn)
{
	int rc = unmap_gfn(d, gfn);

	if (!rc)
		rc = physmap_add(d, gfn, mfn, 0, PHYSMAP_FOREIGN_MAP);
	if (rc)
		frame_put(mfn);
	return rc;
}

/*
 * One frame of another domain's RAM into d's physmap at gpfn, for the
 * privileged domain (Xen's p2m_add_foreign, with its errors, each of
 * which goes to the page's errs[] entry): the new entry holds a frame
 * reference, so the frame outlives its owner until it is unmapped.
 */
static int map_foreign_one(struct domain *cur, struct domain *d, domid_t fid,
			   u64 fgfn, u64 gpfn)
{
	struct domain *fd;
	mfn_t mfn;
	int rc;

	if (!cur->privileged)
		return -EPERM; /* Xen: the hardware domain's alone */
	fd = domain_get(fid);
	if (!fd)
		return -ESRCH;
	rc = -EINVAL;
	if (fd == d)
		goto out;
	rc = -EPERM;
	if (!domain_controls(cur, fd))
		goto out;
	rc = -EINVAL;
	if (physmap_lookup(fd, fgfn, &mfn, NULL) != PHYSMAP_RAM ||
	    !frame_get(mfn, fd))
		goto out;
	rc = map_foreign_frame(d, gpfn, mfn);
out:
	domain_put(fd);
	return rc;
}

/*
 * XENMEM_add_to_physmap_batch: add_to_physmap for each (idx, gpfn) pair
 * with the error of each page in errs[], never a whole-call failure for
 * one page (Linux's privcmd maps foreign pages this way, one call per
 * page). Restarted from the next page when it runs long.
 */
static long add_to_physmap_batch(struct domain *cur, u64 arg, u64 start)
{
	struct xen_add_to_physmap_batch b;
	struct domain *d;
	long rc = 0;

	if (copy_from_guest(&b, arg, sizeof(b)))
		return -EFAULT;
	if (b.space == XENMAPSPACE_gmfn_range)
		return -EOPNOTSUPP;
	d = domain_get_target(cur, b.domid, &rc);
	if (!d)
		return rc;
	if (start > b.size || (start == b.size && start)) {
		domain_put(d);
		return -EILSEQ;
	}
	for (u64 i = start; i < b.size; i++) {
		xen_ulong_t idx;
		xen_pfn_t gpfn;
		int err;

		if (copy_from_guest(&idx, b.idxs.q + i * sizeof(idx),
				    sizeof(idx)) ||
		    copy_from_guest(&gpfn, b.gpfns.q + i * sizeof(gpfn),
				    sizeof(gpfn))) {
			rc = -EFAULT;
			break;
		}
		if (gpfn == ~(xen_pfn_t)0) {
			rc = -EINVAL;
			break;
		}
		if (b.space == XENMAPSPACE_gmfn_foreign) {
			err = map_foreign_one(cur, d, b.u.foreign_domid, idx,
					      gpfn);
		} else {
			struct xen_add_to_physmap x = { .domid = b.domid,
							.space = b.space,
							.idx = idx,
							.gpfn = gpfn };

			err = memory_add_to_physmap(cur, &x);
		}
		if (copy_to_guest(b.errs.q + i * sizeof(err), &err,
				  sizeof(err))) {
			rc = -EFAULT;
			break;
		}
		if (i + 1 < b.size && hypercall_preempt_check()) {
			hypercall_continue(0, XENMEM_add_to_physmap_batch |
						      ((i + 1)
						       << MEMOP_EXTENT_SHIFT));
			break;
		}
	}
	domain_put(d);
	return rc;
}

/*
 * XENMEM_acquire_resource, Xen's order: the argument (-EFAULT), flags
 * (-EINVAL), frame range within 32 bits (-EINVAL), the domain (-ESRCH;
 * -EPERM for oneself or without control), the type (-EOPNOTSUPP), then
 * a null frame_list asks for the size. Each frame goes to the caller's
 * gfn from frame_list as a foreign mapping holding a frame reference;
 * a failure after the first frame is -EIO, as in Xen. Grant table frames
 * only: hvlab has no ioreq servers or vmtrace buffers yet.
 */
static long acquire_resource(struct domain *cur, u64 arg)
{
	struct xen_mem_acquire_resource x;
	unsigned int max;
	struct domain *d;
	long rc = 0;

	if (copy_from_guest(&x, arg, sizeof(x)))
		return -EFAULT;
	if (x.flags || (x.frame >> 32) || ((x.frame + x.nr_frames) >> 32))
		return -EINVAL;
	d = domain_get(x.domid);
	if (!d)
		return -ESRCH;
	if (d == cur || !domain_controls(cur, d)) {
		rc = -EPERM;
		goto out;
	}
	if (x.type != XENMEM_resource_grant_table) {
		rc = -EOPNOTSUPP;
		goto out;
	}
	max = grant_resource_frames(d, x.id);
	if (!max) {
		rc = -EINVAL;
		goto out;
	}
	if (!x.frame_list.q) {
		/* The size: nr_frames must come in as 0. */
		if (x.nr_frames) {
			rc = -EINVAL;
			goto out;
		}
		x.nr_frames = max;
		rc = copy_to_guest(arg + __builtin_offsetof(typeof(x),
							    nr_frames),
				   &x.nr_frames, sizeof(x.nr_frames)) ?
			     -EFAULT :
			     0;
		goto out;
	}
	if (!x.nr_frames) {
		rc = -EINVAL;
		goto out;
	}
	for (u32 i = 0; i < x.nr_frames && !rc; i++) {
		xen_pfn_t gfn;
		mfn_t mfn;

		if (copy_from_guest(&gfn, x.frame_list.q + (u64)i * sizeof(gfn),
				    sizeof(gfn))) {
			rc = -EFAULT;
		} else {
			rc = grant_resource_frame(d, x.id, x.frame + i, &mfn);
			if (!rc)
				rc = map_foreign_frame(cur, gfn, mfn);
		}
		if (rc && i)
			rc = -EIO;
	}
out:
	domain_put(d);
	return rc;
}

long do_memory_op(u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5)
{
	struct domain *d = current_domain();
	unsigned int op = cmd & MEMOP_CMD_MASK;
	u64 start = cmd >> MEMOP_EXTENT_SHIFT;

	union {
		struct xen_memory_reservation r;
		struct xen_add_to_physmap a;
		struct xen_remove_from_physmap rm;
	} u;

	switch (op) {
	case XENMEM_increase_reservation:
	case XENMEM_populate_physmap:
	case XENMEM_decrease_reservation:
		/* A fault stops at start, like every other failure. */
		if (copy_from_guest(&u.r, arg, sizeof(u.r)))
			return start;
		return memory_reservation(d, op, start, &u.r,
					  sizeof(xen_pfn_t));
	case XENMEM_current_reservation:
	case XENMEM_maximum_reservation:
	case XENMEM_maximum_gpfn:
		return domain_pages(d, op, arg);
	case XENMEM_add_to_physmap:
		if (copy_from_guest(&u.a, arg, sizeof(u.a)))
			return -EFAULT;
		return memory_add_to_physmap(d, &u.a);
	case XENMEM_remove_from_physmap:
		if (copy_from_guest(&u.rm, arg, sizeof(u.rm)))
			return -EFAULT;
		return memory_remove_from_physmap(d, &u.rm);
	case XENMEM_memory_map:
		return memory_map(d, arg);
	case XENMEM_add_to_physmap_batch:
		return add_to_physmap_batch(d, arg, start);
	case XENMEM_acquire_resource:
		return acquire_resource(d, arg);
	case XENMEM_claim_pages:
		return claim_pages(d, arg, start);
	}
	return -ENOSYS;
}
