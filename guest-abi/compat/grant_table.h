/* SPDX-License-Identifier: MIT */
/*
 * grant_table_op structures of 32-bit guests (see compat/xen.h).
 * map/unmap_grant_ref, query_size, swap and set/get_version are shared:
 * their 64-bit fields already sit at 8-byte offsets.
 */
#ifndef HVLAB_GUEST_ABI_COMPAT_GRANT_TABLE_H
#define HVLAB_GUEST_ABI_COMPAT_GRANT_TABLE_H

#include "xen.h"
#include "../grant_table.h"

struct compat_gnttab_setup_table {
	domid_t dom;
	uint32_t nr_frames;
	int16_t status;
	compat_handle_t frame_list; /* compat_pfn_t[nr_frames] */
};

struct compat_gnttab_copy_ptr {
	union {
		grant_ref_t ref;
		compat_pfn_t gmfn;
	} u;
	domid_t domid;
	uint16_t offset;
};

struct compat_gnttab_copy {
	struct compat_gnttab_copy_ptr source, dest;
	uint16_t len;
	uint16_t flags;
	int16_t status;
};

#endif
