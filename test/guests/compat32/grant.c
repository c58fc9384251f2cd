// SPDX-License-Identifier: MIT
/*
 * grant_table_op with the 32-bit layouts: setup_table (4-byte frame
 * list), copy (24-byte ops, 4-byte gmfn) in a batch of two, and the
 * sub-ops whose structures are shared (query_size, get/set_version,
 * map/unmap, swap). The
 * table's frame 0 is mapped with add_to_physmap's 32-bit layout.
 */
#include "compat32.h"

static uint8_t table[PAGE_SIZE] __aligned(PAGE_SIZE);
static uint8_t src[PAGE_SIZE] __aligned(PAGE_SIZE);
static uint8_t dst[2][PAGE_SIZE] __aligned(PAGE_SIZE);

static compat_pfn_t gfn_of(const void *p)
{
	return (uintptr_t)p >> PAGE_SHIFT;
}

static void test_setup_and_query(void)
{
	compat_pfn_t frames[2] = { 0, 0xa5a5a5a5 };
	struct compat_gnttab_setup_table s = {
		.dom = DOMID_SELF,
		.nr_frames = 1,
		.frame_list = (uintptr_t)frames,
		.status = 1,
	};
	struct gnttab_query_size q = { .dom = DOMID_SELF };
	struct gnttab_get_version v = { .dom = DOMID_SELF };

	_Static_assert(sizeof(s) == 16, "compat_gnttab_setup_table");
	check_rc(HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &s, 1), 0,
		 "setup-table/rc");
	check_eq(s.status, GNTST_okay, "setup-table/status");
	check_eq(frames[0], gfn_of(table), "setup-table/frame-where-mapped");
	check_eq(frames[1], 0xa5a5a5a5, "setup-table/4-byte-frames");
	check_rc(HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 1), 0,
		 "query-size/rc");
	check(q.status == GNTST_okay && q.nr_frames >= 1 &&
		      q.max_nr_frames == 64,
	      "query-size/values", "status %d nr %u max %u", q.status,
	      q.nr_frames, q.max_nr_frames);
	check_rc(HYPERVISOR_grant_table_op(GNTTABOP_get_version, &v, 1), 0,
		 "get-version/rc");
	check_eq(v.version, 1, "get-version/1");
}

static void test_copy(void)
{
	grant_entry_v1_t *gt = (grant_entry_v1_t *)table;
	struct compat_gnttab_copy op[2] = {
		{ /* through grant 10 of ours to dst[0] */
		  .source = { .u.ref = 10, .domid = self, .offset = 8 },
		  .dest = { .u.gmfn = gfn_of(dst[0]), .domid = DOMID_SELF },
		  .len = 64,
		  .flags = GNTCOPY_source_gref,
		  .status = 1 },
		{ /* frame to frame */
		  .source = { .u.gmfn = gfn_of(src), .domid = DOMID_SELF },
		  .dest = { .u.gmfn = gfn_of(dst[1]),
			    .domid = DOMID_SELF,
			    .offset = 100 },
		  .len = 16,
		  .status = 1 },
	};

	_Static_assert(sizeof(op[0]) == 24, "compat_gnttab_copy");
	for (unsigned int i = 0; i < PAGE_SIZE; i++)
		src[i] = i * 7 + 1;
	gt[10].domid = self;
	gt[10].frame = gfn_of(src);
	__atomic_store_n(&gt[10].flags, GTF_permit_access | GTF_readonly,
			 __ATOMIC_SEQ_CST);
	check_rc(HYPERVISOR_grant_table_op(GNTTABOP_copy, op, 2), 0, "copy/rc");
	check_eq(op[0].status, GNTST_okay, "copy/gref-status");
	check_eq(op[1].status, GNTST_okay, "copy/gmfn-status");
	check(!memcmp(dst[0], src + 8, 64) && dst[0][64] == 0,
	      "copy/gref-data");
	check(!memcmp(dst[1] + 100, src, 16) && dst[1][99] == 0 &&
		      dst[1][116] == 0,
	      "copy/gmfn-data");
	check_eq(gt[10].flags, GTF_permit_access | GTF_readonly,
		 "copy/unpinned-after");
}

/*
 * map/unmap_grant_ref and swap_grant_ref: structures of one layout, whose
 * 64-bit fields (host_addr, dev_bus_addr) sit at 8-byte offsets anyway.
 * Our own grant mapped over a hole in our physical memory.
 */
#define MAP_AT 0x40001000u

static void test_map_and_swap(void)
{
	grant_entry_v1_t *gt = (grant_entry_v1_t *)table;
	volatile uint8_t *at = (volatile uint8_t *)MAP_AT;
	struct gnttab_map_grant_ref m = {
		.host_addr = MAP_AT,
		.flags = GNTMAP_host_map,
		.ref = 11,
		.dom = self,
		.status = 1,
		.handle = ~0u,
	};
	struct gnttab_unmap_grant_ref u = { .host_addr = MAP_AT, .status = 1 };
	struct gnttab_swap_grant_ref sw = { .ref_a = 11, .ref_b = 12 };
	struct gnttab_set_version sv = { .version = 1 };

	_Static_assert(sizeof(m) == 32 && sizeof(u) == 24, "one layout");
	gt[11].domid = self;
	gt[11].frame = gfn_of(src);
	__atomic_store_n(&gt[11].flags, GTF_permit_access, __ATOMIC_SEQ_CST);
	check_rc(HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &m, 1), 0,
		 "map/rc");
	check_eq(m.status, GNTST_okay, "map/status");
	check(at[5] == src[5], "map/reads-granted-page");
	at[6] = 0x77;
	check_eq(READ_ONCE(src[6]), 0x77, "map/writes-granted-page");
	check(gt[11].flags & GTF_writing, "map/entry-pinned");
	u.handle = m.handle;
	check_rc(HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &u, 1), 0,
		 "unmap/rc");
	check_eq(u.status, GNTST_okay, "unmap/status");
	check_eq(gt[11].flags, GTF_permit_access, "unmap/entry-unpinned");
	check_eq(at[5], 0xff, "unmap/hole-again");

	gt[12] = (grant_entry_v1_t){ .flags = 0, .domid = 7, .frame = 9 };
	check_rc(HYPERVISOR_grant_table_op(GNTTABOP_swap_grant_ref, &sw, 1), 0,
		 "swap/rc");
	check(sw.status == GNTST_okay && gt[11].frame == 9 &&
		      gt[12].frame == gfn_of(src),
	      "swap/swapped", "status %d", sw.status);
	check_rc(HYPERVISOR_grant_table_op(GNTTABOP_set_version, &sv, 1), 0,
		 "set-version/1");
}

void test_grant(void)
{
	struct compat_add_to_physmap x = {
		.domid = DOMID_SELF,
		.space = XENMAPSPACE_grant_table,
		.idx = 0,
		.gpfn = gfn_of(table),
	};

	if (!check_rc(HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x), 0,
		      "grant/map-frame-0"))
		return;
	test_setup_and_query();
	test_copy();
	test_map_and_swap();
}
