// SPDX-License-Identifier: GPL-2.0
/*
 * memory_op from 32-bit guests: the sub-ops whose structures have other
 * layouts are translated into the 64-bit ones and handed to memory.c;
 * the rest (current/maximum_reservation, maximum_gpfn: a domid_t) are
 * the same bytes and go to do_memory_op unchanged.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/memory.h>
#include <compat/memory.h>

static long reservation(struct domain *d, unsigned int op, u64 start, u64 arg)
{
	struct compat_memory_reservation c;
	struct xen_memory_reservation r = { 0 };

	if (copy_from_guest(&c, arg, sizeof(c)))
		return start;
	r.extent_start.q = c.extent_start;
	r.nr_extents = c.nr_extents;
	r.extent_order = c.extent_order;
	r.mem_flags = c.mem_flags;
	r.domid = c.domid;
	return memory_reservation(d, op, start, &r, sizeof(compat_pfn_t));
}

static long add_to_physmap(struct domain *d, u64 arg)
{
	struct compat_add_to_physmap c;
	struct xen_add_to_physmap x = { 0 };

	if (copy_from_guest(&c, arg, sizeof(c)))
		return -EFAULT;
	x.domid = c.domid;
	x.size = c.size;
	x.space = c.space;
	x.idx = c.idx;
	x.gpfn = c.gpfn;
	return memory_add_to_physmap(d, &x);
}

static long remove_from_physmap(struct domain *d, u64 arg)
{
	struct compat_remove_from_physmap c;
	struct xen_remove_from_physmap x = { 0 };

	if (copy_from_guest(&c, arg, sizeof(c)))
		return -EFAULT;
	x.domid = c.domid;
	x.gpfn = c.gpfn;
	return memory_remove_from_physmap(d, &x);
}

static long memory_map(struct domain *d, u64 arg)
{
	struct compat_memory_map m;
	long n;

	if (copy_from_guest(&m, arg, sizeof(m)))
		return -EFAULT;
	n = memory_map_copy(d, m.buffer, m.nr_entries);
	if (n < 0)
		return n;
	m.nr_entries = n;
	return copy_to_guest(arg, &m, sizeof(m)) ? -EFAULT : 0;
}

long compat_memory_op(u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5)
{
	struct domain *d = current_domain();
	unsigned int op = cmd & MEMOP_CMD_MASK;

	switch (op) {
	case XENMEM_increase_reservation:
	case XENMEM_populate_physmap:
	case XENMEM_decrease_reservation:
		return reservation(d, op, cmd >> MEMOP_EXTENT_SHIFT, arg);
	case XENMEM_add_to_physmap:
		return add_to_physmap(d, arg);
	case XENMEM_remove_from_physmap:
		return remove_from_physmap(d, arg);
	case XENMEM_memory_map:
		return memory_map(d, arg);
	case XENMEM_add_to_physmap_batch:
		/* Its 32-bit layout (4-byte handles) is not translated: the
		 * toolstack is 64-bit (docs/abi-status.md). */
		return -ENOSYS;
	}
	return do_memory_op(cmd, arg, a3, a4, a5);
}
