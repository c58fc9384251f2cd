// SPDX-License-Identifier: MIT
/*
 * memory_op with the 32-bit layouts: reservations with a list of 4-byte
 * frame numbers, remove_from_physmap, memory_map; the domid_t sub-ops.
 */
#include "compat32.h"

static uint8_t scratch[2][PAGE_SIZE] __aligned(PAGE_SIZE);

static long reservation(unsigned int op, compat_pfn_t *list, unsigned int nr)
{
	struct compat_memory_reservation r = {
		.extent_start = (uintptr_t)list,
		.nr_extents = nr,
		.extent_order = 0,
		.domid = DOMID_SELF,
	};

	_Static_assert(sizeof(r) == 20, "compat_memory_reservation");
	return HYPERVISOR_memory_op(op, &r);
}

static long pages(unsigned int op)
{
	domid_t me = DOMID_SELF;

	return HYPERVISOR_memory_op(op, &me);
}

static void test_memory_map(void)
{
	/* One entry more than fits is a sentinel that must stay. */
	struct xen_e820_entry map[9];
	struct compat_memory_map m = { .nr_entries = 8,
				       .buffer = (uintptr_t)map };
	bool covers = false;

	memset(map, 0xa5, sizeof(map));
	if (!check_rc(HYPERVISOR_memory_op(XENMEM_memory_map, &m), 0,
		      "memory-map/rc"))
		return;
	check(m.nr_entries >= 1 && m.nr_entries <= 8, "memory-map/nr",
	      "%u entries", m.nr_entries);
	for (unsigned int i = 0; i < m.nr_entries && i < 8; i++)
		if (map[i].type == XEN_E820_RAM &&
		    map[i].addr <= (uintptr_t)scratch &&
		    map[i].addr + map[i].size >= (uintptr_t)(scratch + 2))
			covers = true;
	check(covers, "memory-map/ram-covers-image");
	check(map[8].type == 0xa5a5a5a5, "memory-map/no-overrun");
}

void test_memory(void)
{
	compat_pfn_t list[3] = {
		(uintptr_t)scratch[0] >> PAGE_SHIFT,
		(uintptr_t)scratch[1] >> PAGE_SHIFT,
		0xa5a5a5a5, /* beyond nr_extents: never read */
	};
	long cur = pages(XENMEM_current_reservation);
	long max = pages(XENMEM_maximum_reservation);
	struct compat_remove_from_physmap rm = { .domid = DOMID_SELF,
						 .gpfn = list[0] };

	check(cur > 0 && cur <= max, "reservation/current-vs-maximum",
	      "current %ld maximum %ld", cur, max);
	check_eq(pages(XENMEM_maximum_gpfn), max - 1, "memory/maximum-gpfn");
	test_memory_map();

	scratch[0][0] = scratch[1][0] = 0x5a;
	check_eq(reservation(XENMEM_decrease_reservation, list, 2), 2,
		 "reservation/decrease-2");
	check_eq(pages(XENMEM_current_reservation), cur - 2,
		 "reservation/decrease-counted");
	/* Unbacked guest memory reads all-ones (docs/abi-status.md). */
	check_eq(READ_ONCE(scratch[0][0]), 0xff, "reservation/decrease-gone");
	check_eq(reservation(XENMEM_populate_physmap, list, 2), 2,
		 "reservation/populate-2");
	check(READ_ONCE(scratch[0][0]) == 0 && READ_ONCE(scratch[1][0]) == 0,
	      "reservation/populate-zeroed");
	check_eq(pages(XENMEM_current_reservation), cur,
		 "reservation/populate-counted");

	check_rc(HYPERVISOR_memory_op(XENMEM_remove_from_physmap, &rm), 0,
		 "remove-from-physmap/rc");
	check_eq(pages(XENMEM_current_reservation), cur - 1,
		 "remove-from-physmap/counted");
	check_eq(reservation(XENMEM_populate_physmap, list, 1), 1,
		 "remove-from-physmap/populate-back");
}
