// SPDX-License-Identifier: GPL-2.0
/*
 * The grant-table hypercall: GNTTABOP_copy and the batch machinery that
 * map, unmap and swap share (reading each op from the guest, writing its
 * status back, restarting a long batch), and the table queries. The
 * entries, pins and mappings themselves are grant.c's.
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
#include <asm/page.h>
#include "grant_internal.h"

/* ---- GNTTABOP_copy ------------------------------------------------------- */

/* Domains of consecutive copies, kept referenced across a batch. */
struct copy_dom {
	domid_t id;
	struct domain *d; /* NULL: none; ld itself is not referenced */
};

__hot static struct domain *copy_dom_get(struct copy_dom *c, struct domain *ld,
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

__hot static void copy_dom_put(struct copy_dom *c)
{
	if (c->d)
		domain_put(c->d);
	c->d = NULL;
}

/*
 * One side of a copy: a frame of d through grant ref (pinned for the copy
 * only; Xen's acquire_grant_for_copy) or d's own gmfn (referenced for the
 * copy only). Tables locked; copy_release undoes it.
 */
__hot static int copy_claim(struct domain *d, const struct gnttab_copy_ptr *ptr,
			    bool gref, bool ro, domid_t ldomid, mfn_t *mfn)
{
	struct grant_table *gt = d->grant;
	struct active_entry *act;
	grant_entry_v1_t *e;
	bool was_pinned;
	int rc;

	if (!gref)
		return grant_get_frame(d, ptr->u.gmfn, ro, mfn);
	if (ptr->u.ref >= nr_entries(gt))
		return GNTST_bad_gntref;
	e = shared_entry(gt, ptr->u.ref);
	act = active_entry(gt, ptr->u.ref);
	was_pinned = pinned(act);
	if (was_pinned && (act->domid != ldomid ||
			   (ro ? act->copy_rd : act->copy_wr) >= PIN_MAX))
		return GNTST_general_error;
	if (!was_pinned || (!ro && !write_pinned(act))) {
		rc = grant_set_status(e, act, ro, ldomid, false);
		if (rc != GNTST_okay)
			return rc;
		if (!was_pinned) {
			rc = grant_get_frame(d, READ_ONCE(e->frame), ro, mfn);
			if (rc != GNTST_okay) {
				grant_reduce_status(e, act, ro);
				return rc;
			}
			act->mfn = *mfn; /* with its frame reference */
			act->domid = ldomid;
		}
	}
	if (ro)
		act->copy_rd++;
	else
		act->copy_wr++;
	*mfn = act->mfn;
	return GNTST_okay;
}

__hot static void copy_release(struct domain *d,
			       const struct gnttab_copy_ptr *ptr, bool gref,
			       bool ro, mfn_t mfn)
{
	struct grant_table *gt = d->grant;
	struct active_entry *act;

	if (!gref) {
		frame_put(mfn);
		return;
	}
	act = active_entry(gt, ptr->u.ref);
	if (ro)
		act->copy_rd--;
	else
		act->copy_wr--;
	grant_reduce_status(shared_entry(gt, ptr->u.ref), act, ro);
	if (!pinned(act))
		frame_put(act->mfn);
}

__hot static s16 copy_one(struct domain *ld, const struct gnttab_copy *op,
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

	grant_lock_two(sd, dd);
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
		grant_copy_bytes((u8 *)__va(dmfn << PAGE_SHIFT) +
					 op->dest.offset,
				 (const u8 *)__va(smfn << PAGE_SHIFT) +
					 op->source.offset,
				 op->len);
		rc = GNTST_okay;
	}
	copy_release(dd, &op->dest, dg, false, dmfn);
release_src:
	copy_release(sd, &op->source, sg, true, smfn);
unlock:
	grant_unlock_two(sd, dd);
	return rc;
}

/* ---- the hypercall ------------------------------------------------------- */

/* Between batch elements: restart the rest later if we ran long. */
__hot static bool batch_preempted(unsigned int i, u64 uop, size_t size,
				  unsigned int count)
{
	if (!i || !hypercall_preempt_check())
		return false;
	hypercall_continue(1, uop + (u64)i * size);
	hypercall_continue(2, count - i);
	return true;
}

#define GET_OP(c, a, op) guest_cursor_copy(c, a, &(op), sizeof(op), false)
#define PUT_OP_FIELD(c, a, op, field)                                         \
	guest_cursor_copy(c, (a) + __builtin_offsetof(__typeof__(op), field), \
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
	struct guest_cursor c;
	u64 op[BATCH_OP_MAX / 8]; /* aligned for the structs */

	guest_cursor_init(&c);
	for (unsigned int i = 0; i < count; i++) {
		u64 a = uop + (u64)i * k->size;

		if (batch_preempted(i, uop, k->size, count))
			return 0;
		if (guest_cursor_copy(&c, a, op, k->size, false))
			return -EFAULT;
		k->one(d, op);
		if (guest_cursor_copy(&c, a + k->out_off, (u8 *)op + k->out_off,
				      k->out_len, true))
			return -EFAULT; /* Xen: what was done stays done */
	}
	return 0;
}

static void map_op(struct domain *d, void *p)
{
	perfc_inc(current_vcpu(), grant_map);
	grant_map_one(d, p);
}

static void unmap_op(struct domain *d, void *p)
{
	struct gnttab_unmap_grant_ref *op = p;

	perfc_inc(current_vcpu(), grant_unmap);
	op->status = grant_unmap_one(d, op->host_addr, op->handle);
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

__hot static void copy_read_native(const void *raw, struct gnttab_copy *op)
{
	memcpy(op, raw, sizeof(*op));
}

static const struct grant_copy_layout native_copy = {
	sizeof(struct gnttab_copy),
	__builtin_offsetof(struct gnttab_copy, status), copy_read_native
};

/* GNTTABOP_copy over an array of ops in layout l (64- or 32-bit). */
__hot long grant_copy(struct domain *d, u64 uop, unsigned int count,
		      const struct grant_copy_layout *l)
{
	struct copy_dom cs = { 0 }, cd = { 0 };
	struct guest_cursor c;
	long rc = 0;

	guest_cursor_init(&c);
	for (unsigned int i = 0; i < count; i++) {
		u64 raw[GRANT_COPY_OP_MAX / 8];
		struct gnttab_copy op;
		u64 a = uop + (u64)i * l->size;

		if (batch_preempted(i, uop, l->size, count))
			break;
		if (guest_cursor_copy(&c, a, raw, l->size, false)) {
			rc = -EFAULT;
			break;
		}
		l->read(raw, &op);
		perfc_inc(current_vcpu(), grant_copy);
		op.status = copy_one(d, &op, &cs, &cd);
		if (guest_cursor_copy(&c, a + l->status_off, &op.status,
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
	    (nr_frames > gt->nr_frames && grant_grow_table(gt, nr_frames))) {
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
__hot long grant_op_check(struct domain *d, u64 cmd64, u64 count64,
			  unsigned int *cmd)
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

__hot long do_grant_table_op(u64 cmd64, u64 uop, u64 count64, u64 a4, u64 a5)
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
