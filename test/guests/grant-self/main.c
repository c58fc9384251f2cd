// SPDX-License-Identifier: MIT
/*
 * Grant tables inside one domain: query_size, get/set_version, table
 * frames through add_to_physmap and setup_table, copies gmfn<->gmfn and
 * gref<->gmfn with DOMID_SELF, maps of our own grants, and every bad
 * argument we can think of, each with Xen's status code. Batches long
 * enough to be preempted must restart and complete; huge counts with bad
 * pointers must fail fast with -EFAULT.
 *
 * Command line: self=<our domain id> (default 1: the first domain).
 */
#include "guest.h"

#define NR_REFS_FRAME (PAGE_SIZE / sizeof(grant_entry_v1_t))
/* Guest-physical addresses with nothing behind them (RAM is 16 MiB). */
#define HOLE_A 0x40000000UL
#define HOLE_B 0x40001000UL
#define HOLE_C 0x40002000UL
#define HOLE_D 0x40003000UL

/* Table frames go over these pages of our own RAM (the hv frees it). */
static uint8_t table_pages[3][PAGE_SIZE] __aligned(PAGE_SIZE);
static grant_entry_v1_t *gt; /* frame 0 then 1: refs 0..1023 */

static uint8_t src[PAGE_SIZE] __aligned(PAGE_SIZE);
static uint8_t dst[PAGE_SIZE] __aligned(PAGE_SIZE);
static uint8_t other[PAGE_SIZE] __aligned(PAGE_SIZE);

#define NR_BATCH 3000
static struct gnttab_copy batch[NR_BATCH];

static domid_t self;

static uint64_t gfn_of(const void *p)
{
	return (uintptr_t)p >> PAGE_SHIFT;
}

static void fill(void *buf, uint64_t seed)
{
	uint64_t *q = buf, x = seed * 0x9e3779b97f4a7c15ULL + 1;

	for (unsigned int i = 0; i < PAGE_SIZE / 8; i++) {
		x ^= x >> 31;
		x *= 0xbf58476d1ce4e5b9ULL;
		x ^= x >> 29;
		q[i] = x + i;
	}
}

static void grant(unsigned int ref, domid_t dom, uint64_t frame, uint16_t flags)
{
	WRITE_ONCE(gt[ref].flags, 0);
	barrier();
	gt[ref].domid = dom;
	gt[ref].frame = (uint32_t)frame;
	barrier();
	WRITE_ONCE(gt[ref].flags, flags);
}

static uint16_t gflags(unsigned int ref)
{
	return READ_ONCE(gt[ref].flags);
}

static long gnttab(unsigned int cmd, void *op, unsigned int count)
{
	return HYPERVISOR_grant_table_op(cmd, op, count);
}

static long add_frame(unsigned long idx, uint64_t gpfn)
{
	struct xen_add_to_physmap x = {
		.domid = DOMID_SELF,
		.space = XENMAPSPACE_grant_table,
		.idx = idx,
		.gpfn = gpfn,
	};

	return HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x);
}

/* ---------------------------------------------------------------------- */

static void test_query_version(void)
{
	struct gnttab_query_size q = { .dom = DOMID_SELF };
	struct gnttab_set_version sv;
	struct gnttab_get_version gv;

	check_rc(gnttab(GNTTABOP_query_size, &q, 1), 0, "query-size/rc");
	check_eq(q.status, GNTST_okay, "query-size/status");
	check_eq(q.nr_frames, 1, "query-size/initial-frames");
	check_eq(q.max_nr_frames, 64, "query-size/max-frames");
	q = (struct gnttab_query_size){ .dom = self };
	gnttab(GNTTABOP_query_size, &q, 1);
	check_eq(q.status, GNTST_okay, "query-size/own-id");
	q = (struct gnttab_query_size){ .dom = 55 };
	check_rc(gnttab(GNTTABOP_query_size, &q, 1), 0,
		 "query-size/bad-dom-rc");
	check_eq(q.status, GNTST_bad_domain, "query-size/bad-dom");
	q = (struct gnttab_query_size){ .dom = DOMID_IO };
	gnttab(GNTTABOP_query_size, &q, 1);
	check_eq(q.status, GNTST_bad_domain, "query-size/domid-io");
	check_rc(gnttab(GNTTABOP_query_size, &q, 2), -XEN_EINVAL,
		 "query-size/count-2");
	check_rc(gnttab(GNTTABOP_query_size, (void *)HOLE_A, 1), -XEN_EFAULT,
		 "query-size/bad-pointer");

	sv.version = 1;
	check_rc(gnttab(GNTTABOP_set_version, &sv, 1), 0, "set-version/1");
	check_eq(sv.version, 1, "set-version/1-out");
	sv.version = 2;
	check_rc(gnttab(GNTTABOP_set_version, &sv, 1), -XEN_ENOSYS,
		 "set-version/2");
	check_eq(sv.version, 1, "set-version/2-out");
	sv.version = 3;
	check_rc(gnttab(GNTTABOP_set_version, &sv, 1), -XEN_EINVAL,
		 "set-version/3");
	sv.version = 0;
	check_rc(gnttab(GNTTABOP_set_version, &sv, 1), -XEN_EINVAL,
		 "set-version/0");

	gv = (struct gnttab_get_version){ .dom = DOMID_SELF };
	check_rc(gnttab(GNTTABOP_get_version, &gv, 1), 0, "get-version/rc");
	check_eq(gv.version, 1, "get-version/version");
	gv = (struct gnttab_get_version){ .dom = 60 };
	check_rc(gnttab(GNTTABOP_get_version, &gv, 1), -XEN_ESRCH,
		 "get-version/bad-dom");
}

static void test_frames(void)
{
	struct gnttab_query_size q = { .dom = DOMID_SELF };
	struct gnttab_setup_table st;
	xen_pfn_t frames[4];

	check_rc(add_frame(0, gfn_of(table_pages[0])), 0, "frames/map-0");
	gt = (grant_entry_v1_t *)table_pages[0];
	check(gt[0].flags == 0 && gt[100].frame == 0, "frames/zeroed");
	/* Frame 1 first at the third page, then moved to the second. */
	check_rc(add_frame(1, gfn_of(table_pages[2])), 0, "frames/map-1");
	gnttab(GNTTABOP_query_size, &q, 1);
	check_eq(q.nr_frames, 2, "frames/grown");
	((grant_entry_v1_t *)table_pages[2])[5].frame = 0x12345;
	check_rc(add_frame(1, gfn_of(table_pages[1])), 0, "frames/move-1");
	check_eq(((grant_entry_v1_t *)table_pages[1])[5].frame, 0x12345,
		 "frames/moved-content");
	check_rc(add_frame(64, HOLE_D >> PAGE_SHIFT), -XEN_EINVAL,
		 "frames/idx-64");
	check_rc(add_frame(XENMAPIDX_grant_table_status, HOLE_D >> PAGE_SHIFT),
		 -XEN_EINVAL, "frames/status-frame-v1");
	check_rc(add_frame(~0UL, HOLE_D >> PAGE_SHIFT), -XEN_EINVAL,
		 "frames/idx-huge");

	memset(frames, 0xaa, sizeof(frames));
	st = (struct gnttab_setup_table){ .dom = DOMID_SELF, .nr_frames = 3 };
	set_xen_guest_handle(st.frame_list, frames);
	check_rc(gnttab(GNTTABOP_setup_table, &st, 1), 0, "setup-table/rc");
	check_eq(st.status, GNTST_okay, "setup-table/status");
	check_eq(frames[0], gfn_of(table_pages[0]), "setup-table/frame-0");
	check_eq(frames[1], gfn_of(table_pages[1]), "setup-table/frame-1");
	check_eq(frames[2], ~0ULL, "setup-table/frame-2-unmapped");
	gnttab(GNTTABOP_query_size, &q, 1);
	check_eq(q.nr_frames, 3, "setup-table/grew");
	st.nr_frames = 65;
	gnttab(GNTTABOP_setup_table, &st, 1);
	check_eq(st.status, GNTST_general_error, "setup-table/too-many");
	st.nr_frames = 2;
	set_xen_guest_handle(st.frame_list, (void *)HOLE_A);
	check_rc(gnttab(GNTTABOP_setup_table, &st, 1), 0,
		 "setup-table/bad-list-rc");
	check_eq(st.status, GNTST_bad_virt_addr, "setup-table/bad-list");
	st.dom = 44;
	gnttab(GNTTABOP_setup_table, &st, 1);
	check_eq(st.status, GNTST_bad_domain, "setup-table/bad-dom");
	check_rc(gnttab(GNTTABOP_setup_table, &st, 0), -XEN_EINVAL,
		 "setup-table/count-0");
}

/* One copy op; returns its status. */
static int16_t copy1(uint16_t flags, uint64_t s, domid_t sd, uint16_t soff,
		     uint64_t d, domid_t dd, uint16_t doff, uint16_t len)
{
	struct gnttab_copy op = {
		.source = { .domid = sd, .offset = soff },
		.dest = { .domid = dd, .offset = doff },
		.len = len,
		.flags = flags,
		.status = 99,
	};
	long rc;

	if (flags & GNTCOPY_source_gref)
		op.source.u.ref = (grant_ref_t)s;
	else
		op.source.u.gmfn = s;
	if (flags & GNTCOPY_dest_gref)
		op.dest.u.ref = (grant_ref_t)d;
	else
		op.dest.u.gmfn = d;
	rc = gnttab(GNTTABOP_copy, &op, 1);
	if (rc)
		return (int16_t)(1000 + rc); /* shows up in the check */
	return op.status;
}

#define S GNTCOPY_source_gref
#define D GNTCOPY_dest_gref

static void test_copy(void)
{
	uint8_t expect[PAGE_SIZE];

	fill(src, 1);
	memset(dst, 0, PAGE_SIZE);
	check_eq(copy1(0, gfn_of(src), DOMID_SELF, 100, gfn_of(dst), DOMID_SELF,
		       300, 200),
		 GNTST_okay, "copy/gmfn-gmfn");
	memset(expect, 0, PAGE_SIZE);
	memcpy(expect + 300, src + 100, 200);
	check(!memcmp(dst, expect, PAGE_SIZE), "copy/gmfn-gmfn-data");

	check_eq(copy1(0, gfn_of(src), DOMID_SELF, 0, gfn_of(dst), DOMID_SELF,
		       0, PAGE_SIZE),
		 GNTST_okay, "copy/full-page");
	check(!memcmp(dst, src, PAGE_SIZE), "copy/full-page-data");

	/* gref -> gmfn, read-only grant as a source is fine. */
	grant(10, self, gfn_of(src), GTF_permit_access | GTF_readonly);
	fill(src, 2);
	memset(dst, 0, PAGE_SIZE);
	check_eq(copy1(S, 10, DOMID_SELF, 8, gfn_of(dst), DOMID_SELF, 16, 1000),
		 GNTST_okay, "copy/gref-gmfn");
	check(!memcmp(dst + 16, src + 8, 1000), "copy/gref-gmfn-data");
	check_eq(gflags(10), GTF_permit_access | GTF_readonly,
		 "copy/gref-flags-restored");
	/* Our own numeric id works as well as DOMID_SELF for a gref. */
	check_eq(copy1(S, 10, self, 0, gfn_of(dst), DOMID_SELF, 0, 64),
		 GNTST_okay, "copy/gref-own-id");

	/* gmfn -> gref. */
	grant(11, self, gfn_of(dst), GTF_permit_access);
	fill(src, 3);
	check_eq(copy1(D, gfn_of(src), DOMID_SELF, 0, 11, DOMID_SELF, 0,
		       PAGE_SIZE),
		 GNTST_okay, "copy/gmfn-gref");
	check(!memcmp(dst, src, PAGE_SIZE), "copy/gmfn-gref-data");
	check_eq(gflags(11), GTF_permit_access, "copy/gmfn-gref-flags");

	/* gref -> gref, and within one granted page (overlapping). */
	fill(src, 4);
	check_eq(copy1(S | D, 10, DOMID_SELF, 0, 11, DOMID_SELF, 0, PAGE_SIZE),
		 GNTST_okay, "copy/gref-gref");
	check(!memcmp(dst, src, PAGE_SIZE), "copy/gref-gref-data");
	memcpy(expect, dst, PAGE_SIZE);
	memmove(expect + 8, expect, 2048);
	check_eq(copy1(S | D, 11, DOMID_SELF, 0, 11, DOMID_SELF, 8, 2048),
		 GNTST_okay, "copy/same-ref-overlap");
	check(!memcmp(dst, expect, PAGE_SIZE), "copy/same-ref-overlap-data");

	/* len 0 is checked like any other length (Xen). */
	check_eq(copy1(S | D, 999999, 777, 5000, 999999, 777, 5000, 0),
		 GNTST_bad_domain, "copy/len-0-bad-domain");
	check_eq(copy1(0, gfn_of(src), DOMID_SELF, 0, gfn_of(dst), DOMID_SELF,
		       0, 0),
		 GNTST_okay, "copy/len-0");

	/* Bad arguments. */
	check_eq(copy1(0, gfn_of(src), self, 0, gfn_of(dst), DOMID_SELF, 0, 8),
		 GNTST_permission_denied, "copy/gmfn-numeric-domid");
	check_eq(copy1(0, gfn_of(src), DOMID_SELF, 0, gfn_of(dst), 3, 0, 8),
		 GNTST_permission_denied, "copy/gmfn-foreign-dest");
	check_eq(copy1(S, 10, 77, 0, gfn_of(dst), DOMID_SELF, 0, 8),
		 GNTST_bad_domain, "copy/nonexistent-domid");
	check_eq(copy1(S, 10, DOMID_XEN, 0, gfn_of(dst), DOMID_SELF, 0, 8),
		 GNTST_bad_domain, "copy/domid-xen");
	check_eq(copy1(D, gfn_of(src), DOMID_SELF, 0, 11, 0x7ff4, 0, 8),
		 GNTST_bad_domain, "copy/dest-domid-invalid");
	check_eq(copy1(S, 1024 * 3 + 5, DOMID_SELF, 0, gfn_of(dst), DOMID_SELF,
		       0, 8),
		 GNTST_bad_gntref, "copy/ref-out-of-range");
	check_eq(copy1(S, 0xffffffffU, DOMID_SELF, 0, gfn_of(dst), DOMID_SELF,
		       0, 8),
		 GNTST_bad_gntref, "copy/ref-huge");
	grant(12, self, gfn_of(src), 0);
	check_eq(copy1(S, 12, DOMID_SELF, 0, gfn_of(dst), DOMID_SELF, 0, 8),
		 GNTST_general_error, "copy/unpermitted");
	grant(13, self + 1, gfn_of(src), GTF_permit_access);
	check_eq(copy1(S, 13, DOMID_SELF, 0, gfn_of(dst), DOMID_SELF, 0, 8),
		 GNTST_general_error, "copy/granted-to-other");
	grant(14, self, gfn_of(src), GTF_accept_transfer);
	check_eq(copy1(S, 14, DOMID_SELF, 0, gfn_of(dst), DOMID_SELF, 0, 8),
		 GNTST_general_error, "copy/transfer-entry");
	check_eq(copy1(D, gfn_of(src), DOMID_SELF, 0, 10, DOMID_SELF, 0, 8),
		 GNTST_general_error, "copy/readonly-dest");
	check_eq(gflags(10), GTF_permit_access | GTF_readonly,
		 "copy/readonly-dest-flags");
	check_eq(copy1(0, gfn_of(src), DOMID_SELF, 4000, gfn_of(dst),
		       DOMID_SELF, 0, 200),
		 GNTST_bad_copy_arg, "copy/source-crosses-page");
	check_eq(copy1(0, gfn_of(src), DOMID_SELF, 0, gfn_of(dst), DOMID_SELF,
		       3900, 197),
		 GNTST_bad_copy_arg, "copy/dest-crosses-page");
	check_eq(copy1(S | D, 10, DOMID_SELF, 0, 11, DOMID_SELF, 1, PAGE_SIZE),
		 GNTST_bad_copy_arg, "copy/gref-crosses-page");
	check_eq(gflags(11), GTF_permit_access, "copy/bad-arg-flags");
	check_eq(copy1(0, HOLE_A >> PAGE_SHIFT, DOMID_SELF, 0, gfn_of(dst),
		       DOMID_SELF, 0, 8),
		 GNTST_bad_page, "copy/unpopulated-gmfn");
	check_eq(copy1(0, gfn_of(src), DOMID_SELF, 0, 1ULL << 40, DOMID_SELF, 0,
		       8),
		 GNTST_bad_page, "copy/huge-gmfn");
	check_eq(copy1(0, gfn_of(gt), DOMID_SELF, 0, gfn_of(dst), DOMID_SELF, 0,
		       8),
		 GNTST_bad_page, "copy/hv-frame-gmfn");
	grant(15, self, HOLE_B >> PAGE_SHIFT, GTF_permit_access);
	check_eq(copy1(S, 15, DOMID_SELF, 0, gfn_of(dst), DOMID_SELF, 0, 8),
		 GNTST_bad_page, "copy/gref-unpopulated");
	check_eq(gflags(15), GTF_permit_access, "copy/bad-page-flags");
	/* A grant of one of our grant-table frames is refused too. */
	grant(16, self, gfn_of(gt), GTF_permit_access);
	check_eq(copy1(S, 16, DOMID_SELF, 0, gfn_of(dst), DOMID_SELF, 0, 8),
		 GNTST_bad_page, "copy/gref-hv-frame");
	/* Refs in the second frame work. */
	grant(NR_REFS_FRAME + 7, self, gfn_of(src), GTF_permit_access);
	check_eq(copy1(S, NR_REFS_FRAME + 7, DOMID_SELF, 0, gfn_of(dst),
		       DOMID_SELF, 0, 8),
		 GNTST_okay, "copy/second-frame-ref");
}

static void test_copy_batches(void)
{
	struct gnttab_copy ops[3];
	unsigned int bad = 0, wrong = 0;
	uint64_t t0;
	long rc;

	/* Several statuses in one call. */
	memset(ops, 0, sizeof(ops));
	for (int i = 0; i < 3; i++) {
		ops[i].source.u.gmfn = gfn_of(src);
		ops[i].source.domid = DOMID_SELF;
		ops[i].dest.u.gmfn = gfn_of(dst);
		ops[i].dest.domid = DOMID_SELF;
		ops[i].len = 64;
		ops[i].status = 99;
	}
	ops[1].source.offset = 4095;
	ops[2].flags = GNTCOPY_source_gref;
	ops[2].source.u.ref = 12; /* unpermitted */
	check_rc(gnttab(GNTTABOP_copy, ops, 3), 0, "copy-batch/rc");
	check(ops[0].status == GNTST_okay &&
		      ops[1].status == GNTST_bad_copy_arg &&
		      ops[2].status == GNTST_general_error,
	      "copy-batch/statuses", "%d %d %d", ops[0].status, ops[1].status,
	      ops[2].status);

	/* A batch long enough to be preempted and continued. */
	fill(src, 5);
	memset(dst, 0, PAGE_SIZE);
	for (int i = 0; i < NR_BATCH; i++) {
		struct gnttab_copy *op = &batch[i];
		unsigned int off = (i * 8) % PAGE_SIZE;

		memset(op, 0, sizeof(*op));
		op->flags = (i & 1) ? GNTCOPY_source_gref : 0;
		if (i & 1)
			op->source.u.ref = NR_REFS_FRAME + 7;
		else
			op->source.u.gmfn = gfn_of(src);
		op->source.domid = DOMID_SELF;
		op->source.offset = off;
		op->dest.u.gmfn = gfn_of(dst);
		op->dest.domid = DOMID_SELF;
		op->dest.offset = off;
		op->len = 8;
		op->status = 99;
	}
	t0 = rdtsc_ordered();
	rc = gnttab(GNTTABOP_copy, batch, NR_BATCH);
	/* The hv restarts calls after 1 ms: this one is usually longer. */
	printf("%u copies in one call: %lu TSC cycles\n", NR_BATCH,
	       rdtsc_ordered() - t0);
	check_rc(rc, 0, "copy-batch/long-rc");
	for (int i = 0; i < NR_BATCH; i++)
		if (batch[i].status != GNTST_okay)
			bad++;
	check_eq(bad, 0, "copy-batch/long-all-okay");
	for (unsigned int i = 0; i < PAGE_SIZE; i++)
		if (dst[i] != src[i])
			wrong++;
	check_eq(wrong, 0, "copy-batch/long-data");

	/* Huge counts: a bad pointer fails at once, no hang. */
	check_rc(hypercall3(__HYPERVISOR_grant_table_op, GNTTABOP_copy, HOLE_A,
			    0x7fffffffU),
		 -XEN_EFAULT, "copy/huge-count-bad-ptr");
	check_rc(hypercall3(__HYPERVISOR_grant_table_op, GNTTABOP_copy,
			    0x8000000000000000UL, 0x7fffffffU),
		 -XEN_EFAULT, "copy/huge-count-noncanonical");
	check_rc(hypercall3(__HYPERVISOR_grant_table_op, GNTTABOP_map_grant_ref,
			    HOLE_A, 0x7fffffffU),
		 -XEN_EFAULT, "map/huge-count-bad-ptr");
	check_rc(hypercall3(__HYPERVISOR_grant_table_op,
			    GNTTABOP_unmap_grant_ref, HOLE_A, 0x7fffffffU),
		 -XEN_EFAULT, "unmap/huge-count-bad-ptr");
	check_rc(hypercall3(__HYPERVISOR_grant_table_op, GNTTABOP_copy, ops,
			    0xffffffffU),
		 -XEN_EINVAL, "copy/negative-count");
	check_eq(gnttab(GNTTABOP_copy, ops, 0), 0, "copy/count-0");
}

static int16_t map1(uint64_t addr, uint32_t flags, grant_ref_t ref, domid_t dom,
		    grant_handle_t *h)
{
	struct gnttab_map_grant_ref op = {
		.host_addr = addr,
		.flags = flags,
		.ref = ref,
		.dom = dom,
		.status = 99,
		.handle = 0xdeadbeef,
	};
	long rc = gnttab(GNTTABOP_map_grant_ref, &op, 1);

	if (rc)
		return (int16_t)(1000 + rc);
	if (h)
		*h = op.handle;
	return op.status;
}

static int16_t unmap1(uint64_t addr, grant_handle_t h)
{
	struct gnttab_unmap_grant_ref op = {
		.host_addr = addr,
		.handle = h,
		.status = 99,
	};
	long rc = gnttab(GNTTABOP_unmap_grant_ref, &op, 1);

	return rc ? (int16_t)(1000 + rc) : op.status;
}

static void test_map(void)
{
	const uint32_t HM = GNTMAP_host_map, RO = GNTMAP_readonly;
	volatile uint8_t *a = (volatile uint8_t *)HOLE_A;
	grant_handle_t h = ~0U, h2 = ~0U, h3 = ~0U;
	struct gnttab_swap_grant_ref sw;
	struct gnttab_unmap_and_replace ur;

	fill(other, 6);
	grant(20, self, gfn_of(other), GTF_permit_access);
	check_eq(map1(HOLE_A, HM, 20, self, &h), GNTST_okay, "map/self");
	check(a[0] == other[0] && a[4095] == other[4095], "map/reads-granted");
	a[17] = 0x5a;
	check_eq(other[17], 0x5a, "map/writes-through");
	check_eq(gflags(20), GTF_permit_access | GTF_reading | GTF_writing,
		 "map/flags-set");
	/* The granter cannot end access while it is mapped. */
	check(!__sync_bool_compare_and_swap(&gt[20].flags, GTF_permit_access,
					    0),
	      "map/revoke-refused");
	/* A second, read-only mapping of the same entry. */
	check_eq(map1(HOLE_B, HM | RO, 20, self, &h2), GNTST_okay,
		 "map/second-readonly");
	check_eq(((volatile uint8_t *)HOLE_B)[17], 0x5a, "map/second-reads");
	/* Bad ones. */
	check_eq(map1(HOLE_C, HM, 20, DOMID_SELF, NULL), GNTST_bad_domain,
		 "map/domid-self");
	check_eq(map1(HOLE_C, HM, 20, 50, NULL), GNTST_bad_domain,
		 "map/nonexistent-domid");
	check_eq(map1(HOLE_C, HM, 5000, self, NULL), GNTST_bad_gntref,
		 "map/ref-out-of-range");
	check_eq(map1(HOLE_C, 0, 20, self, NULL), GNTST_bad_gntref,
		 "map/no-flags");
	check_eq(map1(HOLE_C, GNTMAP_device_map, 20, self, NULL),
		 GNTST_general_error, "map/device-map");
	check_eq(map1(HOLE_C, HM | GNTMAP_contains_pte, 20, self, NULL),
		 GNTST_general_error, "map/contains-pte");
	check_eq(map1(HOLE_C, HM, 12, self, NULL), GNTST_general_error,
		 "map/unpermitted");
	check_eq(map1(HOLE_C, HM, 13, self, NULL), GNTST_general_error,
		 "map/granted-to-other");
	check_eq(map1(HOLE_C, HM, 10, self, NULL), GNTST_general_error,
		 "map/readonly-for-write");
	check_eq(gflags(10), GTF_permit_access | GTF_readonly,
		 "map/readonly-for-write-flags");
	check_eq(map1(HOLE_C, HM, 15, self, NULL), GNTST_bad_page,
		 "map/unpopulated-frame");
	check_eq(map1(HOLE_C, HM, 16, self, NULL), GNTST_bad_page,
		 "map/hv-frame");
	/* Re-granting a frame we only have mapped is refused. */
	grant(21, self, HOLE_A >> PAGE_SHIFT, GTF_permit_access);
	check_eq(map1(HOLE_C, HM, 21, self, NULL), GNTST_bad_page,
		 "map/foreign-frame");
	check_eq(copy1(S, 21, DOMID_SELF, 0, gfn_of(dst), DOMID_SELF, 0, 8),
		 GNTST_bad_page, "copy/foreign-frame");
	check_eq(copy1(0, HOLE_A >> PAGE_SHIFT, DOMID_SELF, 0, gfn_of(dst),
		       DOMID_SELF, 0, 8),
		 GNTST_bad_page, "copy/foreign-gmfn");
	/* Cache attributes only matter for device memory: RAM maps. */
	grant(22, self, gfn_of(src), GTF_permit_access | GTF_PCD);
	check_eq(map1(HOLE_C, HM, 22, self, &h3), GNTST_okay, "map/cache-attr");
	check_eq(gflags(22),
		 GTF_permit_access | GTF_PCD | GTF_reading | GTF_writing,
		 "map/cache-attr-flags");
	check_eq(unmap1(HOLE_C, h3), GNTST_okay, "map/cache-attr-unmap");
	/* Any flag beyond host_map and readonly: general_error, after the
	 * entry checks (so a bad ref still says bad_gntref). */
	check_eq(map1(HOLE_C, HM | (1U << 5), 22, self, NULL),
		 GNTST_general_error, "map/extra-flag");
	check_eq(gflags(22), GTF_permit_access | GTF_PCD,
		 "map/extra-flag-no-status-left");
	check_eq(map1(HOLE_C, HM | (1U << 20), 99999, self, NULL),
		 GNTST_bad_gntref, "map/extra-flag-bad-ref");
	grant(23, self, gfn_of(src), GTF_permit_access);
	check_eq(map1((uintptr_t)dst, HM, 23, self, NULL), GNTST_general_error,
		 "map/over-ram");
	check_eq(map1(HOLE_A, HM, 23, self, NULL), GNTST_general_error,
		 "map/over-mapping");
	check_eq(gflags(23), GTF_permit_access, "map/over-flags");
	check_rc(add_frame(2, HOLE_A >> PAGE_SHIFT), -XEN_ENXIO,
		 "frames/over-grant-mapping");

	/* Swap: pinned entries cannot move. */
	sw = (struct gnttab_swap_grant_ref){ .ref_a = 20, .ref_b = 24 };
	gnttab(GNTTABOP_swap_grant_ref, &sw, 1);
	check_eq(sw.status, GNTST_eagain, "swap/pinned");
	grant(24, self, 0x1111, GTF_permit_access);
	grant(25, self, 0x2222, GTF_permit_access | GTF_readonly);
	sw = (struct gnttab_swap_grant_ref){ .ref_a = 24, .ref_b = 25 };
	gnttab(GNTTABOP_swap_grant_ref, &sw, 1);
	check(sw.status == GNTST_okay && gt[24].frame == 0x2222 &&
		      gt[25].frame == 0x1111 && gt[24].flags & GTF_readonly,
	      "swap/swapped");
	sw = (struct gnttab_swap_grant_ref){ .ref_a = 24, .ref_b = 99999 };
	gnttab(GNTTABOP_swap_grant_ref, &sw, 1);
	check_eq(sw.status, GNTST_bad_gntref, "swap/bad-ref");

	/* Unmap. */
	check_eq(unmap1(HOLE_A, 12345), GNTST_bad_handle, "unmap/bad-handle");
	check_eq(unmap1(HOLE_A, 0xffffffffU), GNTST_bad_handle,
		 "unmap/handle-huge");
	check_eq(unmap1((uintptr_t)dst, h), GNTST_general_error,
		 "unmap/wrong-addr-ram");
	check_eq(unmap1(HOLE_C, h), GNTST_general_error,
		 "unmap/wrong-addr-hole");
	check_eq(unmap1(0, h), GNTST_okay, "unmap/addr-0-noop");
	ur = (struct gnttab_unmap_and_replace){ .host_addr = HOLE_A,
						.new_addr = HOLE_C,
						.handle = h,
						.status = 99 };
	/* PV-only: Xen's HVM filter answers -ENOSYS, status untouched. */
	check_rc(gnttab(GNTTABOP_unmap_and_replace, &ur, 1), -XEN_ENOSYS,
		 "unmap-replace/hvm-enosys");
	check_eq(ur.status, 99, "unmap-replace/status-untouched");
	check_eq(a[17], 0x5a, "unmap/still-mapped");
	check_eq(unmap1(HOLE_A, h), GNTST_okay, "unmap/okay");
	check_eq(gflags(20), GTF_permit_access | GTF_reading,
		 "unmap/writing-cleared");
	check_eq(unmap1(HOLE_A, h), GNTST_bad_handle, "unmap/twice");
	check_eq(unmap1(HOLE_B, h2), GNTST_okay, "unmap/second");
	check_eq(gflags(20), GTF_permit_access, "unmap/all-cleared");
	check(__sync_bool_compare_and_swap(&gt[20].flags, GTF_permit_access, 0),
	      "unmap/revoke-works");
	check_eq(map1(HOLE_A, HM, 20, self, NULL), GNTST_general_error,
		 "map/after-revoke");
	/* The hole can be reused, and a frame moved out from under a
	 * mapping's entry does not matter: the mapping keeps its frame. */
	grant(26, self, gfn_of(other), GTF_permit_access);
	check_eq(map1(HOLE_A, HM, 26, self, &h3), GNTST_okay, "map/again");
	grant(26, self, gfn_of(src),
	      GTF_permit_access | GTF_reading | GTF_writing);
	check_eq(a[17], 0x5a, "map/keeps-frame");
	check_eq(unmap1(HOLE_A, h3), GNTST_okay, "unmap/again");
	check_eq(gflags(26) & (GTF_reading | GTF_writing), 0,
		 "unmap/again-cleared");
	/* Unknown ops. */
	check_rc(gnttab(GNTTABOP_dump_table, &sw, 1), -XEN_ENOSYS,
		 "op/dump-table");
	check_rc(gnttab(GNTTABOP_transfer, &sw, 1), -XEN_ENOSYS, "op/transfer");
	check_rc(gnttab(GNTTABOP_cache_flush, &sw, 1), -XEN_ENOSYS,
		 "op/cache-flush");
	check_rc(gnttab(13, &sw, 1), -XEN_ENOSYS, "op/13");
	/* The HVM filter sees the whole command, continuation bits too. */
	check_rc(gnttab(GNTTABOP_copy | (1 << 12), &sw, 1), -XEN_ENOSYS,
		 "op/opaque-bits");
}

/* Leave a mapping behind: domain teardown must clean it up. */
static void test_leave_mapped(void)
{
	grant_handle_t h;

	grant(30, self, gfn_of(other), GTF_permit_access);
	check_eq(map1(HOLE_D, GNTMAP_host_map, 30, self, &h), GNTST_okay,
		 "map/left-for-teardown");
}

void test_main(void)
{
	if (!xen_present())
		test_fatal("xen", "no Xen CPUID leaves");
	self = cmdline_get_ulong("self", 1);
	test_query_version();
	test_frames();
	if (!gt)
		test_fatal("frames", "no grant table");
	test_copy();
	test_copy_batches();
	test_map();
	test_leave_mapped();
}
