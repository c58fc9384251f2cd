/* SPDX-License-Identifier: MIT */
/*
 * HYPERVISOR_memory_op(cmd, arg): a domain's memory: growing and shrinking
 * its allocation (reservation ops), placing special pages in its physical
 * address space (add_to_physmap) and reading its memory map.
 *
 * Unless said otherwise the result is 0 or a negated XEN_E* value.
 */
#ifndef HVLAB_GUEST_ABI_MEMORY_H
#define HVLAB_GUEST_ABI_MEMORY_H

#include "xen.h"

/*
 * XENMEM_increase_reservation, XENMEM_decrease_reservation,
 * XENMEM_populate_physmap: arg is a struct xen_memory_reservation.
 *   increase: allocate @nr_extents extents of 2^@extent_order pages (PV:
 *     frame numbers written to @extent_start).
 *   decrease: free the extents whose guest frame numbers are listed in
 *     @extent_start (balloon out).
 *   populate_physmap: back the guest frames listed in @extent_start with
 *     fresh memory (balloon in, HVM).
 *   Result: the number of extents done, never an error: fewer than
 *   @nr_extents means the rest failed (a bad argument, a domain that does
 *   not exist or may not be touched, an order above the caller's limit:
 *   9, or 18 for the control domain, or a fault reading the list).
 */
#define XENMEM_increase_reservation	0
#define XENMEM_decrease_reservation	1
#define XENMEM_populate_physmap		6

/* Encodings of xen_memory_reservation.mem_flags. */
#define XENMEMF_address_bits(x)		(x)	/* max address width, 0 = any */
#define XENMEMF_get_address_bits(x)	((x) & 0xffu)
#define XENMEMF_node(x)			(((x) + 1) << 8)	/* NUMA node */
#define XENMEMF_get_node(x)		((((x) >> 8) - 1) & 0xffu)
#define XENMEMF_populate_on_demand	(1 << 16)
#define XENMEMF_exact_node_request	(1 << 17)
#define XENMEMF_exact_node(n)	(XENMEMF_node(n) | XENMEMF_exact_node_request)
#define XENMEMF_vnode			(1 << 18)

struct xen_memory_reservation {
	/* IN/OUT: guest frame numbers, one per extent. */
	XEN_GUEST_HANDLE(xen_pfn_t) extent_start;
	xen_ulong_t nr_extents;		/* IN */
	uint32_t extent_order;		/* IN: log2 pages per extent */
	uint32_t mem_flags;		/* IN: XENMEMF_* */
	domid_t domid;			/* IN: DOMID_SELF, or a domain (priv) */
};
typedef struct xen_memory_reservation xen_memory_reservation_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_reservation_t);

/*
 * XENMEM_exchange: trade the extents in @in for new ones described by
 * @out (e.g. to get memory below 4GiB), atomically per extent.
 *   OUT: nr_exchanged (input extents done).  Errors: -XEN_EINVAL, ...
 */
#define XENMEM_exchange			11
struct xen_memory_exchange {
	struct xen_memory_reservation in;
	struct xen_memory_reservation out;
	xen_ulong_t nr_exchanged;
};
typedef struct xen_memory_exchange xen_memory_exchange_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_exchange_t);

/*
 * XENMEM_maximum_ram_page: arg NULL; returns the highest machine frame
 * number of any RAM page.
 * XENMEM_current_reservation / XENMEM_maximum_reservation: arg points to
 * a domid_t; returns that domain's current / maximum number of pages.
 * XENMEM_maximum_gpfn: arg points to a domid_t; returns the highest guest
 * frame number in use by that domain.
 *   Errors: -XEN_ESRCH no such domain, -XEN_EPERM not allowed.
 */
#define XENMEM_maximum_ram_page		2
#define XENMEM_current_reservation	3
#define XENMEM_maximum_reservation	4
#define XENMEM_maximum_gpfn		14

/* Argument used by the toolstack for ops taking just a domain. */
struct xen_memory_domain {
	domid_t domid;
};

/*
 * XENMEM_machphys_mfn_list: (PV) frames holding the machine-to-physical
 * table.
 *   IN: max_extents, extent_start.  OUT: nr_extents.
 */
#define XENMEM_machphys_mfn_list	5
struct xen_machphys_mfn_list {
	uint32_t max_extents;
	XEN_GUEST_HANDLE(xen_pfn_t) extent_start;
	uint32_t nr_extents;
};
typedef struct xen_machphys_mfn_list xen_machphys_mfn_list_t;
DEFINE_XEN_GUEST_HANDLE(xen_machphys_mfn_list_t);

#define XENMEM_machphys_compat_mfn_list	25

/*
 * XENMEM_machphys_mapping: (PV) where the machine-to-physical table is
 * mapped.  OUT: v_start, v_end, max_mfn.
 */
#define XENMEM_machphys_mapping		12
struct xen_machphys_mapping {
	xen_ulong_t v_start;
	xen_ulong_t v_end;
	xen_ulong_t max_mfn;
};
typedef struct xen_machphys_mapping xen_machphys_mapping_t;
DEFINE_XEN_GUEST_HANDLE(xen_machphys_mapping_t);

/* What XENMEM_add_to_physmap maps (xen_add_to_physmap.space). */
#define XENMAPSPACE_shared_info		0	/* the shared_info page */
#define XENMAPSPACE_grant_table		1	/* grant table frame @idx */
#define XENMAPSPACE_gmfn		2	/* move guest frame @idx */
#define XENMAPSPACE_gmfn_range		3	/* @size frames from @idx */
#define XENMAPSPACE_gmfn_foreign	4	/* frame of another domain */
#define XENMAPSPACE_dev_mmio		5	/* device MMIO (Arm) */

/*
 * XENMEM_add_to_physmap: make a page appear at guest frame @gpfn of
 * domain @domid. This is how an HVM guest maps its shared_info page and
 * its grant table frames.
 *   IN: domid, size (gmfn_range only), space, idx, gpfn.
 *   Errors: -XEN_ENOSYS gmfn_foreign (use add_to_physmap_batch), then
 *           -XEN_ESRCH, -XEN_EPERM, -XEN_EACCES dev_mmio but for the
 *           hardware domain itself, -XEN_EINVAL bad space or idx,
 *           -XEN_ENOMEM.
 */
#define XENMEM_add_to_physmap		7
struct xen_add_to_physmap {
	domid_t domid;
	uint16_t size;
	uint32_t space;		/* XENMAPSPACE_* */
/* In @idx with XENMAPSPACE_grant_table: the v2 status frames. */
#define XENMAPIDX_grant_table_status	0x80000000U
	xen_ulong_t idx;
	xen_pfn_t gpfn;
};
typedef struct xen_add_to_physmap xen_add_to_physmap_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_t);

/*
 * XENMEM_add_to_physmap_batch: add_to_physmap for @size pages at once,
 * with a per-page result in @errs. (Linux calls it add_to_physmap_range.)
 *   IN: domid, space, size, u.foreign_domid (gmfn_foreign), idxs, gpfns.
 *   OUT: errs (0 or negated XEN_E* per page).
 */
#define XENMEM_add_to_physmap_batch	23
#define XENMEM_add_to_physmap_range	XENMEM_add_to_physmap_batch
struct xen_add_to_physmap_batch {
	domid_t domid;
	uint16_t space;
	uint16_t size;
	union xen_add_to_physmap_batch_extra {
		domid_t foreign_domid;	/* XENMAPSPACE_gmfn_foreign */
		uint16_t res0;		/* otherwise: zero */
	} u;
	XEN_GUEST_HANDLE(xen_ulong_t) idxs;
	XEN_GUEST_HANDLE(xen_pfn_t) gpfns;
	XEN_GUEST_HANDLE(int) errs;
};
typedef struct xen_add_to_physmap_batch xen_add_to_physmap_batch_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_batch_t);

/*
 * XENMEM_remove_from_physmap: unmap whatever is at guest frame @gpfn.
 *   IN: domid, gpfn.  Errors: -XEN_EINVAL, -XEN_ESRCH.
 */
#define XENMEM_remove_from_physmap	15
struct xen_remove_from_physmap {
	domid_t domid;
	xen_pfn_t gpfn;
};
typedef struct xen_remove_from_physmap xen_remove_from_physmap_t;
DEFINE_XEN_GUEST_HANDLE(xen_remove_from_physmap_t);

/*
 * XENMEM_memory_map: the guest's own (pseudo-)physical memory map, as an
 * array of struct xen_e820_entry.
 *   IN: nr_entries (room in @buffer), buffer.
 *   OUT: nr_entries (entries written).
 *   Errors: -XEN_EFAULT, -XEN_ENOENT no map set.
 * XENMEM_machine_memory_map: the same for host memory (dom0 only).
 * XENMEM_set_memory_map: the toolstack sets a domain's map
 *   (struct xen_foreign_memory_map).
 */
#define XENMEM_memory_map		9
#define XENMEM_machine_memory_map	10
#define XENMEM_set_memory_map		13
struct xen_memory_map {
	uint32_t nr_entries;
	XEN_GUEST_HANDLE(void) buffer;
};
typedef struct xen_memory_map xen_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_map_t);

struct xen_foreign_memory_map {
	domid_t domid;
	struct xen_memory_map map;
};
typedef struct xen_foreign_memory_map xen_foreign_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_foreign_memory_map_t);

/*
 * One entry of the XENMEM_memory_map buffer: the BIOS e820 format, 20
 * bytes, packed (hvlab's name; Linux uses struct e820_entry).
 */
struct xen_e820_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;		/* XEN_E820_* */
} __attribute__((__packed__));
#define XEN_E820_RAM		1
#define XEN_E820_RESERVED	2
#define XEN_E820_ACPI		3
#define XEN_E820_NVS		4
#define XEN_E820_UNUSABLE	5

/* XENMEM_set_pod_target / get_pod_target: populate-on-demand (toolstack). */
#define XENMEM_set_pod_target		16
#define XENMEM_get_pod_target		17
struct xen_pod_target {
	uint64_t target_pages;
	uint64_t tot_pages;
	uint64_t pod_cache_pages;
	uint64_t pod_entries;
	domid_t domid;
};
typedef struct xen_pod_target xen_pod_target_t;

/* XENMEM_claim_pages: reserve pages for a domain being built (toolstack). */
#define XENMEM_claim_pages		24

/* XENMEM_get_vnumainfo: the guest's virtual NUMA layout. */
#define XENMEM_get_vnumainfo		26

/* XENMEM_reserved_device_memory_map: regions reserved for devices. */
#define XENMEM_reserved_device_memory_map 27

/*
 * XENMEM_acquire_resource: map frames of a resource of domain @domid
 * (ioreq server pages, grant table frames) into the caller.
 *   IN: domid, type, id, nr_frames, frame, frame_list.
 *   OUT: nr_frames (with nr_frames == 0 on input: the resource's size).
 *   Errors: -XEN_EINVAL, -XEN_EOPNOTSUPP unknown type, -XEN_ESRCH.
 */
#define XENMEM_acquire_resource		28
struct xen_mem_acquire_resource {
	domid_t domid;
	uint16_t type;
#define XENMEM_resource_ioreq_server	0
#define XENMEM_resource_grant_table	1
#define XENMEM_resource_vmtrace_buf	2
	uint32_t id;
#define XENMEM_resource_grant_table_id_shared	0
#define XENMEM_resource_grant_table_id_status	1
	uint32_t nr_frames;
	/* Must be zero (once XENMEM_rsrc_acq_caller_owned, now retired). */
	uint32_t flags;
#define _XENMEM_rsrc_acq_caller_owned	0
#define XENMEM_rsrc_acq_caller_owned	(1u << _XENMEM_rsrc_acq_caller_owned)
	uint64_t frame;		/* first frame of the resource wanted */
#define XENMEM_resource_ioreq_server_frame_bufioreq	0
#define XENMEM_resource_ioreq_server_frame_ioreq(n)	(1 + (n))
	XEN_GUEST_HANDLE(xen_pfn_t) frame_list;
};
typedef struct xen_mem_acquire_resource xen_mem_acquire_resource_t;
DEFINE_XEN_GUEST_HANDLE(xen_mem_acquire_resource_t);

#endif /* HVLAB_GUEST_ABI_MEMORY_H */

/* Pass a hosted program's <memory.h> through to the C library (see errno.h). */
#if defined(__STDC_HOSTED__) && __STDC_HOSTED__ && defined(__has_include_next)
#if __has_include_next(<memory.h>)
#include_next <memory.h>
#endif
#endif
