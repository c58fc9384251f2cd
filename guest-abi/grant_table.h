/* SPDX-License-Identifier: MIT */
/*
 * HYPERVISOR_grant_table_op(cmd, uop, count): grant tables, the way a
 * domain lets another domain map or copy some of its pages.
 *
 * The granting domain fills an entry of its grant table (an array of
 * grant_entry_v1 in pages it maps with XENMEM_add_to_physmap /
 * XENMAPSPACE_grant_table) and passes the entry's index, a grant
 * reference, to its peer. The peer then maps (GNTTABOP_map_grant_ref) or
 * copies (GNTTABOP_copy) through that reference.
 *
 * @uop points to an array of @count op structures. The hypercall itself
 * returns 0 or a negated XEN_E* value (bad cmd, bad @uop address); the
 * outcome of each element is in its own @status field as a GNTST_* code.
 */
#ifndef HVLAB_GUEST_ABI_GRANT_TABLE_H
#define HVLAB_GUEST_ABI_GRANT_TABLE_H

#include "xen.h"

typedef uint32_t grant_ref_t;

/*
 * Version 1 grant entry (8 bytes). The granter writes @domid and @frame,
 * then (after a write barrier) @flags; the hypervisor sets GTF_reading /
 * GTF_writing while the grant is in use.
 */
struct grant_entry_v1 {
	uint16_t flags;		/* GTF_* */
	domid_t domid;		/* domain being granted access */
	uint32_t frame;		/* granter's frame number */
};
typedef struct grant_entry_v1 grant_entry_v1_t;

/* Entries reserved for the toolstack's use at the start of the table. */
#define GNTTAB_NR_RESERVED_ENTRIES	8
#define GNTTAB_RESERVED_CONSOLE		0
#define GNTTAB_RESERVED_XENSTORE	1

/* Entry type, in the low two bits of @flags. */
#define GTF_invalid		(0U << 0)	/* unused entry */
#define GTF_permit_access	(1U << 0)	/* @domid may map/copy @frame */
#define GTF_accept_transfer	(2U << 0)	/* @domid may transfer a page */
#define GTF_transitive		(3U << 0)	/* v2 only */
#define GTF_type_mask		(3U << 0)

/* Flags for GTF_permit_access entries. */
#define _GTF_readonly		(2)
#define GTF_readonly		(1U << _GTF_readonly)	/* read-only access */
#define _GTF_reading		(3)
#define GTF_reading		(1U << _GTF_reading)	/* set by hv: in use */
#define _GTF_writing		(4)
#define GTF_writing		(1U << _GTF_writing)	/* set by hv: writable use */
#define _GTF_PWT		(5)
#define GTF_PWT			(1U << _GTF_PWT)	/* cache attributes */
#define _GTF_PCD		(6)
#define GTF_PCD			(1U << _GTF_PCD)
#define _GTF_PAT		(7)
#define GTF_PAT			(1U << _GTF_PAT)
#define _GTF_sub_page		(8)
#define GTF_sub_page		(1U << _GTF_sub_page)	/* v2 only */

/* Flags for GTF_accept_transfer entries. */
#define _GTF_transfer_committed	(2)
#define GTF_transfer_committed	(1U << _GTF_transfer_committed)
#define _GTF_transfer_completed	(3)
#define GTF_transfer_completed	(1U << _GTF_transfer_completed)

/*
 * Version 2 entries (16 bytes), with a separate status array of
 * grant_status_t. hvlab implements version 1; these are here for layout
 * agreement only.
 */
struct grant_entry_header {
	uint16_t flags;
	domid_t domid;
};
typedef struct grant_entry_header grant_entry_header_t;

union grant_entry_v2 {
	grant_entry_header_t hdr;
	struct {
		grant_entry_header_t hdr;
		uint32_t pad0;
		uint64_t frame;
	} full_page;
	struct {
		grant_entry_header_t hdr;
		uint16_t page_off;
		uint16_t length;
		uint64_t frame;
	} sub_page;
	struct {
		grant_entry_header_t hdr;
		domid_t trans_domid;
		uint16_t pad0;
		grant_ref_t gref;
	} transitive;
	uint32_t __spacer[4];
};
typedef union grant_entry_v2 grant_entry_v2_t;
typedef uint16_t grant_status_t;

#define GNTTABOP_map_grant_ref		0
#define GNTTABOP_unmap_grant_ref	1
#define GNTTABOP_setup_table		2
#define GNTTABOP_dump_table		3
#define GNTTABOP_transfer		4
#define GNTTABOP_copy			5
#define GNTTABOP_query_size		6
#define GNTTABOP_unmap_and_replace	7
#define GNTTABOP_set_version		8
#define GNTTABOP_get_status_frames	9
#define GNTTABOP_get_version		10
#define GNTTABOP_swap_grant_ref		11
#define GNTTABOP_cache_flush		12

/* Names one mapping made by GNTTABOP_map_grant_ref. */
typedef uint32_t grant_handle_t;

/*
 * GNTTABOP_map_grant_ref: map grant @ref of domain @dom. For an HVM guest
 * (GNTMAP_host_map) @host_addr is the guest physical address where the
 * granted frame appears.
 *   IN: host_addr, flags (GNTMAP_*), ref, dom.
 *   OUT: status (GNTST_*), handle (for unmap), dev_bus_addr.
 */
struct gnttab_map_grant_ref {
	uint64_t host_addr;
	uint32_t flags;
	grant_ref_t ref;
	domid_t dom;
	int16_t status;
	grant_handle_t handle;
	uint64_t dev_bus_addr;
};
typedef struct gnttab_map_grant_ref gnttab_map_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_map_grant_ref_t);

/*
 * GNTTABOP_unmap_grant_ref: undo a mapping.
 *   IN: host_addr and/or dev_bus_addr as mapped (0 = ignore), handle.
 *   OUT: status (GNTST_bad_handle, ...).
 */
struct gnttab_unmap_grant_ref {
	uint64_t host_addr;
	uint64_t dev_bus_addr;
	grant_handle_t handle;
	int16_t status;
};
typedef struct gnttab_unmap_grant_ref gnttab_unmap_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_unmap_grant_ref_t);

/*
 * GNTTABOP_setup_table: grow domain @dom's grant table to @nr_frames
 * frames and (PV) list their frame numbers. HVM guests map the frames
 * with XENMEM_add_to_physmap instead.
 *   IN: dom, nr_frames, frame_list (room for nr_frames entries).
 *   OUT: status (GNTST_general_error if nr_frames > the maximum), frame_list.
 */
struct gnttab_setup_table {
	domid_t dom;
	uint32_t nr_frames;
	int16_t status;
	XEN_GUEST_HANDLE(xen_pfn_t) frame_list;
};
typedef struct gnttab_setup_table gnttab_setup_table_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_setup_table_t);

/*
 * GNTTABOP_dump_table: print domain @dom's grant table on the hypervisor
 * console (debugging).  IN: dom.  OUT: status.
 */
struct gnttab_dump_table {
	domid_t dom;
	int16_t status;
};
typedef struct gnttab_dump_table gnttab_dump_table_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_dump_table_t);

/*
 * GNTTABOP_transfer: give page @mfn to domain @domid through its
 * GTF_accept_transfer entry @ref (PV only).
 *   IN: mfn, domid, ref.  OUT: status.
 */
struct gnttab_transfer {
	xen_pfn_t mfn;
	domid_t domid;
	grant_ref_t ref;
	int16_t status;
};
typedef struct gnttab_transfer gnttab_transfer_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_transfer_t);

/*
 * GNTTABOP_copy: copy @len bytes between two pages, each named either by
 * a grant reference of domain @domid (GNTCOPY_*_gref set) or by a frame
 * of the calling domain. Neither side may cross a page boundary.
 *   IN: source, dest, len, flags.
 *   OUT: status (GNTST_bad_copy_arg if a side crosses a page, ...).
 */
#define _GNTCOPY_source_gref	(0)
#define GNTCOPY_source_gref	(1 << _GNTCOPY_source_gref)
#define _GNTCOPY_dest_gref	(1)
#define GNTCOPY_dest_gref	(1 << _GNTCOPY_dest_gref)

struct gnttab_copy {
	struct gnttab_copy_ptr {
		union {
			grant_ref_t ref;	/* with GNTCOPY_*_gref */
			xen_pfn_t gmfn;		/* without: own frame */
		} u;
		domid_t domid;
		uint16_t offset;		/* byte offset in the page */
	} source, dest;
	uint16_t len;
	uint16_t flags;		/* GNTCOPY_* */
	int16_t status;
};
typedef struct gnttab_copy gnttab_copy_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_copy_t);

/*
 * GNTTABOP_query_size: current and maximum size, in frames, of domain
 * @dom's grant table.
 *   IN: dom.  OUT: nr_frames, max_nr_frames, status.
 */
struct gnttab_query_size {
	domid_t dom;
	uint32_t nr_frames;
	uint32_t max_nr_frames;
	int16_t status;
};
typedef struct gnttab_query_size gnttab_query_size_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_query_size_t);

/*
 * GNTTABOP_unmap_and_replace: unmap the grant at @host_addr and move the
 * mapping at @new_addr there (PV only).
 *   IN: host_addr, new_addr, handle.  OUT: status.
 */
struct gnttab_unmap_and_replace {
	uint64_t host_addr;
	uint64_t new_addr;
	grant_handle_t handle;
	int16_t status;
};
typedef struct gnttab_unmap_and_replace gnttab_unmap_and_replace_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_unmap_and_replace_t);

/*
 * GNTTABOP_set_version: choose the grant entry format. Only allowed
 * while no grant is in use.
 *   IN: version (1 or 2).  OUT: version (the one now in force).
 *   Errors (hypercall result): -XEN_EINVAL unsupported version,
 *   -XEN_EBUSY grants in use.
 */
struct gnttab_set_version {
	uint32_t version;
};
typedef struct gnttab_set_version gnttab_set_version_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_set_version_t);

/*
 * GNTTABOP_get_status_frames: frames of the v2 status array.
 *   IN: nr_frames, dom, frame_list.  OUT: status, frame_list.
 */
struct gnttab_get_status_frames {
	uint32_t nr_frames;
	domid_t dom;
	int16_t status;
	XEN_GUEST_HANDLE(uint64_t) frame_list;
};
typedef struct gnttab_get_status_frames gnttab_get_status_frames_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_get_status_frames_t);

/*
 * GNTTABOP_get_version: grant entry format of domain @dom.
 *   IN: dom.  OUT: version.
 *   Errors (hypercall result): -XEN_ESRCH, -XEN_EPERM.
 */
struct gnttab_get_version {
	domid_t dom;
	uint16_t pad;
	uint32_t version;
};
typedef struct gnttab_get_version gnttab_get_version_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_get_version_t);

/*
 * GNTTABOP_swap_grant_ref: exchange two entries of the caller's table.
 *   IN: ref_a, ref_b.  OUT: status.
 */
struct gnttab_swap_grant_ref {
	grant_ref_t ref_a;
	grant_ref_t ref_b;
	int16_t status;
};
typedef struct gnttab_swap_grant_ref gnttab_swap_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_swap_grant_ref_t);

/*
 * GNTTABOP_cache_flush: clean/invalidate caches for part of a page
 * (architectures without coherent DMA; a no-op on x86).
 *   IN: a, offset, length, op (GNTTAB_CACHE_*).
 */
struct gnttab_cache_flush {
	union {
		uint64_t dev_bus_addr;
		grant_ref_t ref;
	} a;
	uint16_t offset;
	uint16_t length;
#define GNTTAB_CACHE_CLEAN		(1u << 0)
#define GNTTAB_CACHE_INVAL		(1u << 1)
#define GNTTAB_CACHE_SOURCE_GREF	(1u << 31)
	uint32_t op;
};
typedef struct gnttab_cache_flush gnttab_cache_flush_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_cache_flush_t);

/* Flags of gnttab_map_grant_ref.flags. */
#define _GNTMAP_device_map	(0)
#define GNTMAP_device_map	(1 << _GNTMAP_device_map)	/* for DMA */
#define _GNTMAP_host_map	(1)
#define GNTMAP_host_map		(1 << _GNTMAP_host_map)		/* CPU mapping */
#define _GNTMAP_readonly	(2)
#define GNTMAP_readonly		(1 << _GNTMAP_readonly)
#define _GNTMAP_application_map	(3)
#define GNTMAP_application_map	(1 << _GNTMAP_application_map)	/* PV user */
#define _GNTMAP_contains_pte	(4)
#define GNTMAP_contains_pte	(1 << _GNTMAP_contains_pte)	/* PV */
/* Bits 16 and up are left for the guest's own use. */
#define _GNTMAP_guest_avail0	(16)
#define GNTMAP_guest_avail_mask	((uint32_t)~0 << _GNTMAP_guest_avail0)

/* Per-element result codes (the @status fields). */
#define GNTST_okay		(0)
#define GNTST_general_error	(-1)	/* undefined error */
#define GNTST_bad_domain	(-2)	/* unrecognised domain id */
#define GNTST_bad_gntref	(-3)	/* invalid grant reference */
#define GNTST_bad_handle	(-4)	/* invalid mapping handle */
#define GNTST_bad_virt_addr	(-5)	/* invalid host address */
#define GNTST_bad_dev_addr	(-6)	/* invalid device address */
#define GNTST_no_device_space	(-7)	/* no slot in the I/O MMU */
#define GNTST_permission_denied	(-8)	/* not granted, or read-only */
#define GNTST_bad_page		(-9)	/* bad page */
#define GNTST_bad_copy_arg	(-10)	/* copy crosses a page boundary */
#define GNTST_address_too_big	(-11)	/* frame address too large */
#define GNTST_eagain		(-12)	/* not done yet, try again */
#define GNTST_no_space		(-13)	/* out of space */

#endif /* HVLAB_GUEST_ABI_GRANT_TABLE_H */
