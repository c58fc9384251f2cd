/* SPDX-License-Identifier: MIT */
/*
 * memory_op structures of 32-bit guests (see compat/xen.h). The extent
 * list of a reservation holds 4-byte frame numbers (compat_pfn_t); the
 * memory map's entries are struct xen_e820_entry, packed, as in 64-bit.
 */
#ifndef HVLAB_GUEST_ABI_COMPAT_MEMORY_H
#define HVLAB_GUEST_ABI_COMPAT_MEMORY_H

#include "xen.h"

struct compat_memory_reservation {
	compat_handle_t extent_start; /* compat_pfn_t[nr_extents] */
	compat_ulong_t nr_extents;
	uint32_t extent_order;
	uint32_t mem_flags;
	domid_t domid;
};

struct compat_add_to_physmap {
	domid_t domid;
	uint16_t size;
	uint32_t space;
	compat_ulong_t idx;
	compat_pfn_t gpfn;
};

struct compat_remove_from_physmap {
	domid_t domid;
	compat_pfn_t gpfn;
};

struct compat_memory_map {
	uint32_t nr_entries;
	compat_handle_t buffer; /* struct xen_e820_entry[nr_entries] */
};

#endif
