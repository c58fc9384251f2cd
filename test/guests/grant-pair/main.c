// SPDX-License-Identifier: MIT
/*
 * Grants between two domains, one guest per role:
 *
 *	role=granter self=1 peer=2	grants pages to the peer
 *	role=mapper self=2 peer=1	maps and copies them
 *
 * No event channels: the two meet in the granted page itself (ref 8,
 * mapped by the mapper): word 0 is written by the mapper, word 1 by the
 * granter, both spun on with a timeout. The data are deterministic
 * patterns, so each side can recompute the xxHash64 the other should see.
 *
 * Granter's refs:
 *	8	page P, read-write: the meeting page, data from byte 64
 *	9	page R, read-only
 *	10	page C, read-write, copy destination
 *	11	page S, granted to a third domain id (never to the mapper)
 *	12	page Z, read-write: mapped when the granter exits
 * The mapper checks what it must not be able to do as well: map or copy
 * ref 11, write through ref 9, name the granter's frames directly.
 * The granter exits while ref 12 is still mapped: the mapper must still
 * read the page, then unmap it (the hv frees the granter afterwards).
 */
#include "guest.h"

#define HOLE_1		0x40000000UL
#define HOLE_2		0x40001000UL
#define HOLE_3		0x40002000UL
#define M_VERIFIED	0x4d41505045524f4bULL	/* mapper -> granter */
#define G_ACK		0x4752414e5445524bULL	/* granter -> mapper */
#define TIMEOUT_NS	60000000000ULL
#define DATA		64	/* pattern bytes start here in P */

static uint8_t table_page[PAGE_SIZE] __aligned(PAGE_SIZE);
static grant_entry_v1_t *gt;
static uint8_t page_p[PAGE_SIZE] __aligned(PAGE_SIZE);
static uint8_t page_r[PAGE_SIZE] __aligned(PAGE_SIZE);
static uint8_t page_c[PAGE_SIZE] __aligned(PAGE_SIZE);
static uint8_t page_s[PAGE_SIZE] __aligned(PAGE_SIZE);
static uint8_t page_z[PAGE_SIZE] __aligned(PAGE_SIZE);
static uint8_t local[PAGE_SIZE] __aligned(PAGE_SIZE);
static uint8_t scratch[PAGE_SIZE] __aligned(PAGE_SIZE);

static domid_t self, peer;

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

/* xxHash64 of the data part of pattern seed. */
static uint64_t pattern_hash(uint64_t seed)
{
	fill(scratch, seed);
	return xxh64(scratch + DATA, PAGE_SIZE - DATA, 0);
}

static uint64_t data_hash(const volatile void *page)
{
	return xxh64((const uint8_t *)page + DATA, PAGE_SIZE - DATA, 0);
}

/* ns from the pvclock in shared_info (0 without it). */
static uint64_t now(void)
{
	return shared_info ? pvclock_ns_of(&vcpu0_info()->time) : 0;
}

static bool timed_out(uint64_t start)
{
	xen_yield();
	return now() - start > TIMEOUT_NS;
}

static long gnttab(unsigned int cmd, void *op, unsigned int count)
{
	return HYPERVISOR_grant_table_op(cmd, op, count);
}

static int16_t map1(uint64_t addr, uint32_t flags, grant_ref_t ref,
		    domid_t dom, grant_handle_t *h)
{
	struct gnttab_map_grant_ref op = {
		.host_addr = addr, .flags = flags, .ref = ref, .dom = dom,
		.status = 99,
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
		.host_addr = addr, .handle = h, .status = 99,
	};
	long rc = gnttab(GNTTABOP_unmap_grant_ref, &op, 1);

	return rc ? (int16_t)(1000 + rc) : op.status;
}

static void set_copy(struct gnttab_copy *op, uint16_t flags, uint64_t s,
		     domid_t sd, uint64_t d, domid_t dd, uint16_t len)
{
	memset(op, 0, sizeof(*op));
	op->flags = flags;
	if (flags & GNTCOPY_source_gref)
		op->source.u.ref = (grant_ref_t)s;
	else
		op->source.u.gmfn = s;
	if (flags & GNTCOPY_dest_gref)
		op->dest.u.ref = (grant_ref_t)d;
	else
		op->dest.u.gmfn = d;
	op->source.domid = sd;
	op->dest.domid = dd;
	op->len = len;
	op->status = 99;
}

static int16_t copy1(uint16_t flags, uint64_t s, domid_t sd, uint64_t d,
		     domid_t dd, uint16_t len)
{
	struct gnttab_copy op;
	long rc;

	set_copy(&op, flags, s, sd, d, dd, len);
	rc = gnttab(GNTTABOP_copy, &op, 1);
	return rc ? (int16_t)(1000 + rc) : op.status;
}

/* ---- granter ----------------------------------------------------------- */

static void grant(unsigned int ref, domid_t dom, const void *page,
		  uint16_t flags)
{
	WRITE_ONCE(gt[ref].flags, 0);
	barrier();
	gt[ref].domid = dom;
	gt[ref].frame = gfn_of(page);
	barrier();
	WRITE_ONCE(gt[ref].flags, flags);
}

static void granter(void)
{
	struct xen_add_to_physmap x = {
		.domid = DOMID_SELF, .space = XENMAPSPACE_grant_table,
		.idx = 0, .gpfn = gfn_of(table_page),
	};
	volatile uint64_t *w = (volatile uint64_t *)page_p;
	uint64_t start;

	if (!check_rc(HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x), 0,
		      "granter/table"))
		return;
	gt = (grant_entry_v1_t *)table_page;
	fill(page_p, 1);
	w[0] = w[1] = 0;
	fill(page_r, 2);
	memset(page_c, 0, PAGE_SIZE);
	fill(page_s, 7);
	fill(page_z, 9);
	grant(9, peer, page_r, GTF_permit_access | GTF_readonly);
	grant(10, peer, page_c, GTF_permit_access);
	grant(11, peer + 5, page_s, GTF_permit_access);
	grant(12, peer, page_z, GTF_permit_access);
	grant(8, peer, page_p, GTF_permit_access);
	printf("granted refs 8-12 to d%u\n", peer);

	start = now();
	while (READ_ONCE(w[0]) != M_VERIFIED)
		if (timed_out(start))
			test_fatal("granter/wait-mapper", "word 0 is %#lx",
				   READ_ONCE(w[0]));
	test_pass("granter/mapper-verified");
	check_eq(READ_ONCE(gt[8].flags),
		 GTF_permit_access | GTF_reading | GTF_writing,
		 "granter/in-use-flags");
	check(!__sync_bool_compare_and_swap(&gt[8].flags, GTF_permit_access, 0),
	      "granter/revoke-refused-while-mapped");
	check_eq(data_hash(page_p), pattern_hash(5), "granter/mapper-wrote");
	fill(scratch, 3);
	check(!memcmp(page_c, scratch, PAGE_SIZE), "granter/copy-arrived");
	check_eq(READ_ONCE(gt[10].flags), GTF_permit_access,
		 "granter/copy-flags-clear");
	check_eq(data_hash(page_s), pattern_hash(7), "granter/secret-intact");
	check_eq(data_hash(page_r), pattern_hash(2), "granter/readonly-intact");
	w[1] = G_ACK;

	/* The mapper unmaps: GTF_reading/writing go; then we revoke, as
	 * Linux does: only while neither is set (the mapper keeps trying to
	 * map it again, so this may take a few rounds). */
	start = now();
	for (;;) {
		uint16_t f = READ_ONCE(gt[8].flags);

		if (!(f & (GTF_reading | GTF_writing)) &&
		    __sync_bool_compare_and_swap(&gt[8].flags, f, 0))
			break;
		if (timed_out(start))
			test_fatal("granter/revoke", "flags %#x", f);
	}
	test_pass("granter/revoke-after-unmap");

	/* Exit while the mapper has ref 12 mapped. */
	start = now();
	while (!(READ_ONCE(gt[12].flags) & GTF_reading))
		if (timed_out(start))
			test_fatal("granter/wait-map-12", "flags %#x",
				   READ_ONCE(gt[12].flags));
	test_pass("granter/exits-while-mapped");
}

/* ---- mapper ------------------------------------------------------------ */

static void bench_batch(struct gnttab_copy *ops, unsigned int b,
			unsigned int n, uint16_t len, unsigned int *bad)
{
	uint64_t t0, t1;

	for (unsigned int i = 1; i < b; i++)
		ops[i] = ops[0];
	for (unsigned int i = 0; i < b; i++) {
		ops[i].len = len;
		ops[i].source.offset = 0;
	}
	t0 = now();
	for (unsigned int i = 0; i < n / b; i++)
		if (gnttab(GNTTABOP_copy, ops, b))
			(*bad)++;
	t1 = now();
	for (unsigned int i = 0; i < b; i++)
		if (ops[i].status)
			(*bad)++;
	printf("bench: grant copy %u bytes, %u per call: %lu ns per copy\n",
	       len, b, (t1 - t0) / (n / b * b));
}

/* Map and unmap the granter's ref 8 at a spare hole, as a backend does
 * per request without persistent grants. */
static void bench_map(unsigned int *bad)
{
	enum { N = 512 };
	uint64_t t0, t1;

	t0 = now();
	for (int i = 0; i < N; i++) {
		grant_handle_t h;

		if (map1(HOLE_3, GNTMAP_host_map, 8, peer, &h) != GNTST_okay ||
		    unmap1(HOLE_3, h) != GNTST_okay)
			(*bad)++;
	}
	t1 = now();
	printf("bench: grant map+unmap: %lu ns per pair\n", (t1 - t0) / N);
}

static void bench_copy(void)
{
	enum { N = 1024, B = 64 };
	static struct gnttab_copy ops[B];
	uint64_t t0, t1;
	unsigned int bad = 0;

	t0 = now();
	for (int i = 0; i < N; i++)
		HYPERVISOR_xen_version(XENVER_version, NULL);
	t1 = now();
	printf("bench: null hypercall: %lu ns\n", (t1 - t0) / N);

	set_copy(&ops[0], GNTCOPY_source_gref, 8, peer, gfn_of(local),
		 DOMID_SELF, PAGE_SIZE - DATA);
	ops[0].source.offset = DATA;
	t0 = now();
	for (int i = 0; i < N; i++) {
		ops[0].status = 99;
		if (gnttab(GNTTABOP_copy, ops, 1) || ops[0].status)
			bad++;
	}
	t1 = now();
	printf("bench: grant copy 4 KiB, 1 per call: %lu ns per copy\n",
	       (t1 - t0) / N);
	bench_map(&bad);
	bench_batch(ops, 16, N, 8, &bad);
	bench_batch(ops, 16, N, PAGE_SIZE, &bad);
	bench_batch(ops, 64, N, PAGE_SIZE, &bad);
	bench_batch(ops, 16, N, PAGE_SIZE, &bad);
	check_eq(bad, 0, "mapper/bench-copies");
}

static void mapper(void)
{
	volatile uint64_t *w = (volatile uint64_t *)HOLE_1;
	struct gnttab_query_size q;
	grant_handle_t h = ~0U, h2, h3 = ~0U;
	uint64_t start;
	int16_t st;

	/* Map ref 8 as soon as the granter has set it up. */
	start = now();
	while ((st = map1(HOLE_1, GNTMAP_host_map, 8, peer, &h)) != GNTST_okay)
		if (timed_out(start))
			test_fatal("mapper/map", "status %d", st);
	test_pass("mapper/map");
	check_eq(data_hash((const void *)HOLE_1), pattern_hash(1),
		 "mapper/xxh64-of-granted-page");

	/* Read-only grant: no writable mapping, a read-only one is fine. */
	check_eq(map1(HOLE_2, GNTMAP_host_map, 9, peer, NULL),
		 GNTST_general_error, "mapper/readonly-grant-for-write");
	if (check_eq(map1(HOLE_2, GNTMAP_host_map | GNTMAP_readonly, 9, peer,
			  &h2), GNTST_okay, "mapper/readonly-map")) {
		check_eq(data_hash((const void *)HOLE_2), pattern_hash(2),
			 "mapper/readonly-data");
		check_eq(unmap1(HOLE_2, h2), GNTST_okay,
			 "mapper/readonly-unmap");
	}

	/* Isolation: what was not granted to us stays out of reach. */
	check_eq(map1(HOLE_2, GNTMAP_host_map | GNTMAP_readonly, 11, peer,
		      NULL), GNTST_general_error, "isolation/map-other-domid");
	check_eq(copy1(GNTCOPY_source_gref, 11, peer, gfn_of(local),
		       DOMID_SELF, 64), GNTST_general_error,
		 "isolation/copy-other-domid");
	check_eq(copy1(0, gfn_of(page_s), peer, gfn_of(local), DOMID_SELF, 64),
		 GNTST_permission_denied, "isolation/copy-foreign-gmfn");
	check_eq(copy1(0, gfn_of(local), DOMID_SELF, gfn_of(page_s), peer, 64),
		 GNTST_permission_denied,
		 "isolation/copy-to-foreign-gmfn");
	check_eq(copy1(GNTCOPY_source_gref, 7, peer, gfn_of(local), DOMID_SELF,
		       64), GNTST_general_error, "isolation/copy-unused-ref");
	check_eq(map1(HOLE_2, GNTMAP_host_map, 600, peer, NULL),
		 GNTST_bad_gntref, "isolation/map-beyond-table");
	check_eq(copy1(GNTCOPY_dest_gref, gfn_of(local), DOMID_SELF, 9, peer,
		       64), GNTST_general_error, "isolation/copy-to-readonly");
	q = (struct gnttab_query_size){ .dom = peer };
	gnttab(GNTTABOP_query_size, &q, 1);
	check_eq(q.status, GNTST_permission_denied, "isolation/query-peer");

	/* Copies between the two domains. */
	memset(local, 0, PAGE_SIZE);
	check_eq(copy1(GNTCOPY_source_gref, 8, peer, gfn_of(local), DOMID_SELF,
		       PAGE_SIZE), GNTST_okay, "mapper/copy-from-granter");
	check_eq(data_hash(local), pattern_hash(1), "mapper/copy-from-data");
	fill(local, 3);
	check_eq(copy1(GNTCOPY_dest_gref, gfn_of(local), DOMID_SELF, 10, peer,
		       PAGE_SIZE), GNTST_okay, "mapper/copy-to-granter");
	bench_copy();

	/* Write back through the mapping, then tell the granter. */
	fill(scratch, 5);
	memcpy((void *)(HOLE_1 + DATA), scratch + DATA, PAGE_SIZE - DATA);
	barrier();
	w[0] = M_VERIFIED;
	start = now();
	while (w[1] != G_ACK)
		if (timed_out(start))
			test_fatal("mapper/wait-ack", "word 1 is %#lx", w[1]);
	test_pass("mapper/granter-acked");
	check_eq(unmap1(HOLE_1, h), GNTST_okay, "mapper/unmap");
	check_eq(unmap1(HOLE_1, h), GNTST_bad_handle, "mapper/unmap-twice");

	/* The granter revokes ref 8: mapping it again must then fail. */
	start = now();
	for (;;) {
		st = map1(HOLE_1, GNTMAP_host_map, 8, peer, &h);
		if (st != GNTST_okay)
			break;
		unmap1(HOLE_1, h);
		if (timed_out(start))
			break;
	}
	check_eq(st, GNTST_general_error, "mapper/map-after-revoke");

	/* Keep ref 12 mapped while the granter goes away. */
	if (!check_eq(map1(HOLE_3, GNTMAP_host_map, 12, peer, &h3), GNTST_okay,
		      "mapper/map-12"))
		return;
	start = now();
	for (;;) {
		q = (struct gnttab_query_size){ .dom = peer };
		gnttab(GNTTABOP_query_size, &q, 1);
		if (q.status == GNTST_bad_domain)
			break;
		if (timed_out(start))
			test_fatal("mapper/wait-granter-exit", "status %d",
				   q.status);
	}
	test_pass("mapper/granter-gone");
	check_eq(data_hash((const void *)HOLE_3), pattern_hash(9),
		 "mapper/page-of-dead-granter");
	((volatile uint8_t *)HOLE_3)[100] = 1;
	check_eq(copy1(GNTCOPY_source_gref, 12, peer, gfn_of(local),
		       DOMID_SELF, 64), GNTST_bad_domain,
		 "mapper/copy-from-dead-granter");
	check_eq(map1(HOLE_2, GNTMAP_host_map, 12, peer, NULL),
		 GNTST_bad_domain, "mapper/map-from-dead-granter");
	check_eq(unmap1(HOLE_3, h3), GNTST_okay, "mapper/unmap-dead-granter");
}

void test_main(void)
{
	const char *role = cmdline_get("role");

	if (!xen_present())
		test_fatal("xen", "no Xen CPUID leaves");
	self = cmdline_get_ulong("self", 0);
	peer = cmdline_get_ulong("peer", 0);
	if (!role || !self || !peer)
		test_fatal("cmdline", "need role=granter|mapper self=N peer=N");
	if (!check_rc(map_shared_info(), 0, "shared-info"))
		return;
	if (!strcmp(role, "granter"))
		granter();
	else if (!strcmp(role, "mapper"))
		mapper();
	else
		test_fatal("cmdline", "role=%s", role);
}
