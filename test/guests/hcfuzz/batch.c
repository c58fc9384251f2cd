// SPDX-License-Identifier: MIT
/*
 * The calls that take arrays or can free and replace our frames: grant
 * batches and memory reservations, add/remove_from_physmap. Their arrays
 * live in the batch area and end at its guard; every frame number they
 * carry comes from pick_gfn_safe() (victims, holes, far away, our grant
 * and shared_info frames), so nothing we run on is ever given back.
 */
#include "fuzz.h"

#define MEMOP_EXTENT_SHIFT 6
#define MAX_NR_EXTENTS (~0U >> MEMOP_EXTENT_SHIFT)

static uint8_t *batch_end(struct fz *f)
{
	return f->batch + BATCH_PAGES * 4096;
}

/* An array of n elements of size sz ending at the guard; the batch area
 * serves one call at a time (one per multicall, see gen_call). */
static void *batch_array(struct fz *f, struct call *c, unsigned int n,
			 unsigned int sz, unsigned int status_off)
{
	uint8_t *a = batch_end(f) - (size_t)n * sz;

	f->batch_used = true;
	memset(a, 0, (size_t)n * sz);
	c->ops = a;
	c->nops = n;
	c->op_size = sz;
	c->status_off = status_off;
	return a;
}

static unsigned int pick_built(struct fz *f)
{
	return fz_one_in(f, 8) ? 1 + fz_below(f, 64) : 1 + fz_below(f, 6);
}

/* ---- grant table ------------------------------------------------------ */

static uint64_t pick_host_addr(struct fz *f)
{
	uint64_t gfn;

	switch (fz_below(f, 8)) {
	case 0:
		gfn = pick_gfn_any(f); /* occupied: must be refused */
		break;
	case 1 ... 3:
		gfn = 0xa0 + fz_below(f, 0x60); /* RAM unless given back */
		break;
	default:
		gfn = fz_ram_top_gfn + fz_below(f, 64);
		break;
	}
	return gfn << 12;
}

static domid_t pick_grant_dom(struct fz *f)
{
	return fz_below(f, 4) ? fz_self : pick_domid(f);
}

static uint32_t pick_map_flags(struct fz *f)
{
	static const uint32_t bad[] = {
		0, GNTMAP_device_map, GNTMAP_host_map | GNTMAP_contains_pte,
		GNTMAP_host_map | GNTMAP_application_map, 0xffffffff
	};

	if (fz_one_in(f, 10))
		return bad[fz_below(f, sizeof(bad) / sizeof(bad[0]))];
	return GNTMAP_host_map | (fz_below(f, 2) ? GNTMAP_readonly : 0);
}

static void gen_map(struct fz *f, struct call *c, unsigned int n)
{
	struct gnttab_map_grant_ref *op =
		batch_array(f, c, n, sizeof(*op),
			    offsetof(struct gnttab_map_grant_ref, status));

	for (unsigned int i = 0; i < n; i++) {
		op[i].host_addr = pick_host_addr(f);
		op[i].flags = pick_map_flags(f);
		op[i].ref = pick_ref(f);
		op[i].dom = pick_grant_dom(f);
	}
	c->is_map = true;
}

static void gen_unmap(struct fz *f, struct call *c, unsigned int n)
{
	struct gnttab_unmap_grant_ref *op =
		batch_array(f, c, n, sizeof(*op),
			    offsetof(struct gnttab_unmap_grant_ref, status));

	for (unsigned int i = 0; i < n; i++) {
		if (f->nmaps && fz_below(f, 4)) {
			/* One of ours, taken off the ring for good. */
			unsigned int k = fz_below(f, f->nmaps);

			op[i].handle = f->maps[k].handle;
			op[i].host_addr = fz_one_in(f, 8) ? 0 : f->maps[k].addr;
			f->maps[k] = f->maps[--f->nmaps];
		} else {
			op[i].handle = fz_one_in(f, 2) ? fz_below(f, 8) :
							 (uint32_t)fz_next(f);
			op[i].host_addr = pick_host_addr(f);
		}
		if (fz_one_in(f, 16))
			op[i].dev_bus_addr = fz_next(f);
	}
	c->is_unmap = true;
}

static void copy_ptr(struct fz *f, struct gnttab_copy_ptr *p, bool gref,
		     bool src)
{
	static const uint16_t off[] = { 0, 1, 8, 2048, 4088, 4095, 4096 };

	if (gref) {
		p->u.ref = pick_ref(f);
		p->domid = pick_grant_dom(f);
	} else {
		p->u.gmfn = src ? pick_gfn_any(f) : pick_gfn_safe(f);
		p->domid = fz_below(f, 8) ? DOMID_SELF : pick_domid(f);
	}
	p->offset = fz_below(f, 2) ? 0 : off[fz_below(f, 7)];
}

static void gen_copy(struct fz *f, struct call *c, unsigned int n)
{
	struct gnttab_copy *op = batch_array(
		f, c, n, sizeof(*op), offsetof(struct gnttab_copy, status));

	for (unsigned int i = 0; i < n; i++) {
		uint16_t flags = fz_below(f, 4);

		copy_ptr(f, &op[i].source, flags & GNTCOPY_source_gref, true);
		copy_ptr(f, &op[i].dest, flags & GNTCOPY_dest_gref, false);
		if (fz_one_in(f, 16))
			flags |= fz_next(f) & 0xfffc;
		op[i].flags = flags;
		switch (fz_below(f, 6)) {
		case 0:
			op[i].len = 0;
			break;
		case 1:
			op[i].len = 4096 - op[i].dest.offset + fz_below(f, 2);
			break;
		default:
			op[i].len = 1 + fz_below(f, 256);
			break;
		}
	}
}

static void gen_swap(struct fz *f, struct call *c, unsigned int n)
{
	struct gnttab_swap_grant_ref *op =
		batch_array(f, c, n, sizeof(*op),
			    offsetof(struct gnttab_swap_grant_ref, status));

	for (unsigned int i = 0; i < n; i++) {
		op[i].ref_a = pick_ref(f);
		op[i].ref_b = pick_ref(f);
	}
}

static unsigned long grant_single(struct fz *f, unsigned int cmd)
{
	static const uint32_t frames[] = { 0, 1, 2, 63, 64, 65, 0xffffffff };

	if (cmd == GNTTABOP_setup_table) {
		struct gnttab_setup_table *s = out_alloc(f, sizeof(*s));

		s->dom = pick_domid(f);
		s->nr_frames = fz_below(f, 2) ? 1 : frames[fz_below(f, 7)];
		s->frame_list.q = pick_out(f, 65 * 8);
		return (unsigned long)s;
	}
	if (cmd == GNTTABOP_set_version) {
		struct gnttab_set_version *s = out_alloc(f, sizeof(*s));

		s->version = fz_below(f, 2) ? 1 : fz_below(f, 4);
		return (unsigned long)s;
	}
	/* query_size, get_version, dump_table: a domain in, results out. */
	{
		struct gnttab_query_size *q = out_alloc(f, sizeof(*q));

		q->dom = pick_domid(f);
		return (unsigned long)q;
	}
}

void gen_grant(struct fz *f, struct call *c)
{
	static const uint8_t other[] = {
		GNTTABOP_setup_table, GNTTABOP_query_size,
		GNTTABOP_get_version, GNTTABOP_set_version,
		GNTTABOP_dump_table,  GNTTABOP_get_status_frames,
		GNTTABOP_transfer,    GNTTABOP_unmap_and_replace,
		GNTTABOP_cache_flush, 13,
	};
	unsigned int n = pick_built(f), cmd, r = fz_below(f, 20);

	c->nr = __HYPERVISOR_grant_table_op;
	if (f->batch_used)
		r = 19; /* the batch area is taken in this multicall */
	if (r < 5) {
		cmd = GNTTABOP_map_grant_ref;
		gen_map(f, c, n);
	} else if (r < 9) {
		cmd = GNTTABOP_unmap_grant_ref;
		gen_unmap(f, c, n);
	} else if (r < 14) {
		cmd = GNTTABOP_copy;
		gen_copy(f, c, n);
	} else if (r < 15) {
		cmd = GNTTABOP_swap_grant_ref;
		gen_swap(f, c, n);
	} else {
		/* Mostly the implemented ones (the first four). */
		cmd = other[fz_below(f, 2) ? fz_below(f, 4) :
					     fz_below(f, sizeof(other))];
		c->a[1] = grant_single(f, cmd);
		c->a[2] = fz_below(f, 4) ? 1 : pick_count(f, 1);
	}
	if (c->ops) {
		c->a[1] = fz_one_in(f, 16) ? pick_wild(f) :
					     (unsigned long)c->ops;
		c->a[2] = pick_count(f, n);
	}
	c->a[0] = cmd;
	if (fz_one_in(f, 32))
		c->a[0] |= fz_next(f) << 32; /* Xen reads an int */
	else if (fz_one_in(f, 64))
		c->a[0] |= 1U << (12 + fz_below(f, 20)); /* -EINVAL */
	if (fz_one_in(f, 32))
		c->a[2] |= fz_next(f) << 32; /* and so is the count */
}

/* ---- memory_op --------------------------------------------------------- */

static unsigned int pick_order(struct fz *f)
{
	static const uint32_t edge[] = { 7, 9, 10, 18, 19, 0xffffffff };

	switch (fz_below(f, 10)) {
	case 0 ... 5:
		return 0;
	case 6 ... 8:
		return 1 + fz_below(f, 6);
	default:
		return edge[fz_below(f, 6)];
	}
}

static unsigned long gen_reservation(struct fz *f, struct call *c,
				     unsigned int op)
{
	unsigned int order = pick_order(f), n = pick_built(f);
	struct xen_memory_reservation *r = (void *)f->batch;
	uint64_t *ext = batch_array(f, c, n, 8, 0);
	uint64_t start = 0;

	c->ops = NULL; /* no per-op status */
	for (unsigned int i = 0; i < n; i++)
		ext[i] = fz_below(f, 8) ?
				 pick_victim_gfn(f, order < 7 ? order : 0) :
				 pick_gfn_safe(f);
	memset(r, 0, sizeof(*r));
	r->extent_start.q = (uintptr_t)ext;
	r->extent_order = order;
	r->domid = fz_below(f, 8) ? DOMID_SELF : pick_domid(f);
	switch (fz_below(f, 12)) {
	case 0:
		r->nr_extents = MAX_NR_EXTENTS + fz_below(f, 2);
		break;
	case 1:
		r->nr_extents = fz_next(f);
		break;
	default:
		r->nr_extents = pick_count(f, n);
		break;
	}
	/* A continuation's start: inside what was built or at the guard,
	 * never beyond it (the out area is mapped further on). */
	if (fz_one_in(f, 8))
		start = fz_below(f, n + 2);
	c->a[1] = fz_one_in(f, 16) ? pick_wild(f) : (unsigned long)r;
	return op | (start << MEMOP_EXTENT_SHIFT);
}

static unsigned long gen_physmap(struct fz *f, unsigned int op)
{
	static const uint64_t idx[] = { 0,
					1,
					3,
					31,
					32,
					XENMAPIDX_grant_table_status,
					0xffffffffffffffffULL };

	if (op == XENMEM_remove_from_physmap) {
		struct xen_remove_from_physmap *x = out_alloc(f, sizeof(*x));

		x->domid = pick_domid(f);
		x->gpfn = pick_gfn_safe(f);
		return (unsigned long)x;
	}
	{
		struct xen_add_to_physmap *x = out_alloc(f, sizeof(*x));

		x->domid = pick_domid(f);
		x->space = fz_below(f, 5) ? fz_below(f, 2) : fz_below(f, 7);
		x->size = fz_below(f, 4);
		x->idx = fz_below(f, 2) ? fz_below(f, 2) : idx[fz_below(f, 7)];
		x->gpfn = pick_gfn_safe(f);
		return (unsigned long)x;
	}
}

void gen_memory(struct fz *f, struct call *c)
{
	static const uint8_t unimpl[] = { 2,  5,  10, 11, 12, 13, 16,
					  23, 24, 26, 27, 28, 63 };
	unsigned int r = fz_below(f, 20), op;

	c->nr = __HYPERVISOR_memory_op;
	if (f->batch_used && r < 8)
		r = 8;
	if (r < 8) {
		static const uint8_t res[] = { XENMEM_increase_reservation,
					       XENMEM_decrease_reservation,
					       XENMEM_populate_physmap,
					       XENMEM_decrease_reservation };

		c->a[0] = gen_reservation(f, c, res[fz_below(f, 4)]);
		return;
	}
	if (r < 12) {
		static const uint8_t q[] = { XENMEM_current_reservation,
					     XENMEM_maximum_reservation,
					     XENMEM_maximum_gpfn };
		domid_t *d = out_alloc(f, sizeof(*d));

		*d = pick_domid(f);
		op = q[fz_below(f, 3)];
		c->a[1] = fz_one_in(f, 8) ? pick_wild(f) : (unsigned long)d;
	} else if (r < 17) {
		op = fz_below(f, 2) ? XENMEM_add_to_physmap :
				      XENMEM_remove_from_physmap;
		/* These replace what is at a frame: never a struct from
		 * memory we do not control (no pick_out). */
		c->a[1] = fz_one_in(f, 16) ? pick_wild(f) : gen_physmap(f, op);
	} else if (r < 19) {
		struct xen_memory_map *m = out_alloc(f, sizeof(*m));
		static const uint32_t nr[] = { 0, 1, 3, 64, 0xffffffff };

		op = XENMEM_memory_map;
		m->nr_entries = nr[fz_below(f, 5)];
		m->buffer.q = pick_out(f, 64 * 24); /* 24: an e820 entry */
		c->a[1] = fz_one_in(f, 10) ? pick_wild(f) : (unsigned long)m;
	} else {
		op = unimpl[fz_below(f, sizeof(unimpl))];
		c->a[1] = pick_wild(f);
	}
	c->a[0] = op;
}
