// SPDX-License-Identifier: MIT
/*
 * Bad input through the 32-bit layouts: structures and the lists they
 * point to in unbacked guest memory, and counts no guest could fill.
 * Each must fail the one call cleanly (-EFAULT, a short count, a status)
 * and leave the hypervisor and this domain running.
 */
#include "compat32.h"

/* Guest-physical space with no RAM behind it (domains have 16 MiB). */
#define HOLE 0x40000000u

void test_bad_input(void)
{
	void *hole = (void *)HOLE;
	compat_pfn_t frame = 0;
	struct compat_memory_reservation r = { .extent_start = HOLE,
					       .nr_extents = 1,
					       .domid = DOMID_SELF };
	struct compat_memory_map m = { .nr_entries = 8, .buffer = HOLE };
	struct compat_gnttab_setup_table s = { .dom = DOMID_SELF,
					       .nr_frames = 1,
					       .frame_list = HOLE };
	struct compat_sched_poll p = { .ports = HOLE, .nr_ports = 1 };
	struct compat_multicall_entry mc = { .op = __HYPERVISOR_xen_version };

	check_rc(HYPERVISOR_memory_op(XENMEM_add_to_physmap, hole), -XEN_EFAULT,
		 "bad/add-to-physmap-arg");
	check_rc(HYPERVISOR_memory_op(XENMEM_populate_physmap, &r), 0,
		 "bad/reservation-list");
	r.extent_start = (uintptr_t)&frame;
	r.nr_extents = 0xffffffff;
	check_rc(HYPERVISOR_memory_op(XENMEM_populate_physmap, &r), 0,
		 "bad/reservation-huge-count");
	check_rc(HYPERVISOR_memory_op(XENMEM_memory_map, &m), -XEN_EFAULT,
		 "bad/memory-map-buffer");
	check_rc(HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &s, 1), 0,
		 "bad/setup-table-rc");
	check_eq(s.status, GNTST_bad_virt_addr, "bad/setup-table-frame-list");
	check_rc(HYPERVISOR_grant_table_op(GNTTABOP_copy, hole, 0x7fffffff),
		 -XEN_EFAULT, "bad/copy-huge-count");
	check_rc(HYPERVISOR_sched_op(SCHEDOP_poll, &p), -XEN_EFAULT,
		 "bad/poll-ports");
	check_rc(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, hole),
		 -XEN_EFAULT, "bad/runstate");
	check_rc(hypercall2(__HYPERVISOR_multicall, hole, 0xffffffff),
		 -XEN_EFAULT, "bad/multicall-huge-count");
	/* And the next good call is served as ever. */
	check_rc(hypercall2(__HYPERVISOR_multicall, &mc, 1), 0,
		 "bad/multicall-good-after");
	check_eq(mc.result, 0x40011, "bad/multicall-good-result");
}
