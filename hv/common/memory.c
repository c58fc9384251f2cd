// SPDX-License-Identifier: GPL-2.0
/*
 * memory_op: a domain's view of its own physical memory. Guests are
 * translated (auto_translated_physmap): every frame number here is a
 * guest frame number, and the p2m is the whole truth.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/grant.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/mm.h>
#include <hv/time.h>
#include <asm/page.h>
#include <asm/p2m.h>
#include <asm/vcpu.h>

#define MEMOP_CMD_MASK 0x3f /* the rest of cmd: where to restart */
#define MEMOP_EXTENT_SHIFT 6
#define MAX_EXTENT_ORDER 9

/*
 * Drop whatever is mapped at gfn; RAM goes back to the hv once no vCPU
 * of d can still reach it. A grant mapping stays: it is undone only by
 * unmap_grant_ref (-ENXIO, as in Xen).
 */
static int unmap_gfn(struct domain *d, u64 gfn)
{
	mfn_t mfn;

	if (p2m_lookup(&d->arch.p2m, gfn, &mfn, NULL) == P2M_FOREIGN)
		return -ENXIO;
	vcpu_info_released(d, gfn);
	if (p2m_unmap(&d->arch.p2m, gfn, &mfn) == P2M_RAM) {
		arch_domain_flush_tlbs_sync(d);
		grant_free_ram(d, mfn); /* later, if a peer has it mapped */
		__atomic_fetch_sub(&d->tot_pages, 1, __ATOMIC_SEQ_CST);
	}
	return 0;
}

static bool range_backed(struct domain *d, u64 gfn, u64 n)
{
	mfn_t mfn;

	for (u64 j = 0; j < n; j++)
		if (p2m_lookup(&d->arch.p2m, gfn + j, &mfn, NULL) == P2M_NONE)
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
		mfn_t mfn;

		p2m_unmap(&d->arch.p2m, d->shared_info_gfn, &mfn);
		d->shared_info_gfn = ~0ULL;
	}
	rc = unmap_gfn(d, gfn);
	if (rc)
		return rc;
	rc = p2m_map(&d->arch.p2m, gfn, __pa(d->shared_info) >> PAGE_SHIFT, 0,
		     P2M_HV);
	if (rc)
		return rc;
	d->shared_info_gfn = gfn;
	domain_update_wallclock(d);
	for (unsigned int i = 0; i < d->nr_vcpus; i++)
		vcpu_update_time(d->vcpu[i]);
	return 0;
}

static long add_to_physmap(struct domain *d, u64 arg)
{
	struct xen_add_to_physmap x;
	long rc;

	if (copy_from_guest(&x, arg, sizeof(x)))
		return -EFAULT;
	if (x.domid != DOMID_SELF && x.domid != d->id)
		return -EPERM; /* foreign physmaps: dom0 toolstack work */
	spin_lock(&d->lock);
	switch (x.space) {
	case XENMAPSPACE_shared_info:
		rc = x.idx ? -EINVAL : map_shared_info(d, x.gpfn);
		break;
	case XENMAPSPACE_grant_table:
		rc = grant_map_frame(d, x.idx, x.gpfn);
		break;
	default:
		rc = -ENOSYS;
		break;
	}
	spin_unlock(&d->lock);
	return rc;
}

static long reservation(struct domain *d, unsigned int op, u64 start, u64 arg)
{
	struct xen_memory_reservation r;
	u64 i;

	if (copy_from_guest(&r, arg, sizeof(r)))
		return -EFAULT;
	if (r.domid != DOMID_SELF && r.domid != d->id)
		return -EPERM;
	if (r.extent_order > MAX_EXTENT_ORDER || start > r.nr_extents)
		return -EINVAL;
	for (i = start; i < r.nr_extents; i++) {
		u64 gfn, n = 1ULL << r.extent_order;

		if (i > start && hypercall_preempt_check()) {
			hypercall_continue(0, op | (i << MEMOP_EXTENT_SHIFT));
			return 0;
		}
		if (copy_from_guest(&gfn, r.extent_start.q + i * 8, 8))
			return i ? (long)i : -EFAULT;
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
		if (unmap_range(d, gfn, n) ||
		    p2m_populate(&d->arch.p2m, gfn, n))
			break;
		__atomic_fetch_add(&d->tot_pages, n, __ATOMIC_SEQ_CST);
	}
	return i;
}

static long memory_map(struct domain *d, u64 arg)
{
	struct xen_memory_map m;

	if (copy_from_guest(&m, arg, sizeof(m)))
		return -EFAULT;
	/* As many entries as fit; nr_entries says how many that was. */
	m.nr_entries = MIN(m.nr_entries, d->nr_e820);
	if (copy_to_guest(m.buffer.q, d->e820,
			  m.nr_entries * sizeof(d->e820[0])))
		return -EFAULT;
	return copy_to_guest(arg, &m, sizeof(m)) ? -EFAULT : 0;
}

static long domain_pages(struct domain *d, unsigned int op, u64 arg)
{
	domid_t id;
	struct domain *t;
	long rc;

	if (copy_from_guest(&id, arg, sizeof(id)))
		return -EFAULT;
	if (id != DOMID_SELF && id != d->id && !d->privileged)
		return -EPERM;
	t = domain_get(id);
	if (!t)
		return -ESRCH;
	rc = op == XENMEM_current_reservation ? (long)t->tot_pages :
						(long)t->max_pages;
	domain_put(t);
	return rc;
}

long do_memory_op(u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5)
{
	struct domain *d = current_domain();
	unsigned int op = cmd & MEMOP_CMD_MASK;
	u64 start = cmd >> MEMOP_EXTENT_SHIFT;

	switch (op) {
	case XENMEM_increase_reservation:
	case XENMEM_populate_physmap:
	case XENMEM_decrease_reservation:
		return reservation(d, op, start, arg);
	case XENMEM_current_reservation:
	case XENMEM_maximum_reservation:
		return domain_pages(d, op, arg);
	case XENMEM_maximum_gpfn:
		return d->max_pages - 1;
	case XENMEM_add_to_physmap:
		return add_to_physmap(d, arg);
	case XENMEM_remove_from_physmap: {
		struct xen_remove_from_physmap x;

		if (copy_from_guest(&x, arg, sizeof(x)))
			return -EFAULT;
		if (x.domid != DOMID_SELF && x.domid != d->id)
			return -EPERM;
		return unmap_gfn(d, x.gpfn);
	}
	case XENMEM_memory_map:
		return memory_map(d, arg);
	}
	return -ENOSYS;
}
