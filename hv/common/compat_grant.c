// SPDX-License-Identifier: GPL-2.0
/*
 * grant_table_op from 32-bit guests. setup_table (a 4-byte frame list
 * handle and 4-byte frame numbers) and copy (4-byte gmfn: a 24-byte op,
 * not 40) are translated into grant.c's one implementation; map, unmap,
 * query_size, swap and set/get_version have one layout in both modes.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/grant.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <compat/grant_table.h>

static void copy_ptr(const struct compat_gnttab_copy_ptr *c,
		     struct gnttab_copy_ptr *p, bool gref)
{
	/* ref and gmfn share the first 4 bytes; gmfn zero-extends. */
	if (gref)
		p->u.ref = c->u.ref;
	else
		p->u.gmfn = c->u.gmfn;
	p->domid = c->domid;
	p->offset = c->offset;
}

static void copy_read_compat(const void *raw, struct gnttab_copy *op)
{
	const struct compat_gnttab_copy *c = raw;

	*op = (struct gnttab_copy){ .len = c->len, .flags = c->flags };
	copy_ptr(&c->source, &op->source, c->flags & GNTCOPY_source_gref);
	copy_ptr(&c->dest, &op->dest, c->flags & GNTCOPY_dest_gref);
}

static const struct grant_copy_layout compat_copy = {
	sizeof(struct compat_gnttab_copy),
	__builtin_offsetof(struct compat_gnttab_copy, status), copy_read_compat
};

static long setup_table(struct domain *d, u64 uop, unsigned int count)
{
	struct compat_gnttab_setup_table op;

	if (count != 1)
		return -EINVAL;
	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	op.status = grant_setup_table(d, op.dom, op.nr_frames, op.frame_list,
				      sizeof(compat_pfn_t));
	return copy_to_guest(uop + __builtin_offsetof(typeof(op), status),
			     &op.status, sizeof(op.status)) ?
		       -EFAULT :
		       0;
}

long compat_grant_table_op(u64 cmd64, u64 uop, u64 count64, u64 a4, u64 a5)
{
	struct domain *d = current_domain();
	unsigned int cmd;
	long rc = grant_op_check(d, cmd64, count64, &cmd);

	if (rc)
		return rc;
	switch (cmd) {
	case GNTTABOP_setup_table:
		return setup_table(d, uop, (u32)count64);
	case GNTTABOP_copy:
		return grant_copy(d, uop, (u32)count64, &compat_copy);
	}
	return do_grant_table_op(cmd64, uop, count64, a4, a5);
}
