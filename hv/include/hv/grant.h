/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Grant tables, version 1 (common/grant.c): how a domain lets another
 * map (GNTTABOP_map_grant_ref) or copy (GNTTABOP_copy) some of its pages.
 *
 * Each domain has a struct grant_table in d->grant: its shared frames
 * (hv pages the guest maps with XENMEM_add_to_physmap /
 * XENMAPSPACE_grant_table and fills with grant_entry_v1), the hv's own
 * state per entry (pins, the frame pinned), and the maptrack: the
 * mappings this domain holds of other domains' grants. A mapping holds a
 * reference on the granting domain (so its memory stays) and a pin on
 * the entry (so GTF_reading/GTF_writing stay set for the granter to see).
 *
 * Life cycle, as domain.c must call it:
 *	grant_domain_init(d)	at creation
 *	grant_domain_release(d)	when d dies (its vCPUs are off their pCPUs):
 *				drops every mapping d holds of others' grants
 *				and the references they hold, which breaks
 *				reference cycles between domains that map
 *				each other's grants
 *	grant_domain_destroy(d)	at the last domain_put(): frees the table
 *				(calls grant_domain_release if it was not)
 *
 * A pinned entry holds a reference on its frame (frame.h): a frame a peer
 * has mapped through a grant stays allocated until the last mapping of it
 * goes, whatever its owner does with it meanwhile.
 */
#ifndef HV_GRANT_H
#define HV_GRANT_H

#include <hv/types.h>
#include <grant_table.h>

struct domain;

/* Shared frames per domain (v1: 512 entries each); query_size reports it.
 * Xen's default (gnttab_max_frames, xl's max_grant_frames). */
#define GRANT_MAX_FRAMES 64
/* Frames a new domain starts with (Xen: INITIAL_NR_GRANT_FRAMES). */
#define GRANT_INITIAL_FRAMES 1
/* Mappings one domain may hold at once (maptrack handles). */
#define GRANT_MAX_MAPTRACK 65536

int grant_domain_init(struct domain *d);
void grant_domain_release(struct domain *d);
void grant_domain_destroy(struct domain *d);

/*
 * XENMEM_add_to_physmap(XENMAPSPACE_grant_table): map shared frame idx of
 * d's table at gfn (type PHYSMAP_HV), growing the table up to idx + 1 frames.
 * A frame mapped elsewhere before moves; whatever gfn held is dropped
 * (RAM is freed). 0, -EINVAL (idx beyond GRANT_MAX_FRAMES, or a v2 status
 * frame: XENMAPIDX_grant_table_status), -ENXIO (gfn holds a grant
 * mapping), -ENOMEM.
 */
int grant_map_frame(struct domain *d, unsigned long idx, u64 gfn);

/*
 * XENMEM_acquire_resource of d's grant table: how many frames resource id
 * has (shared: GRANT_MAX_FRAMES; status: 0, v1 has none), and frame
 * number frame of it, growing the table to it, with a frame reference
 * the caller drops when it unmaps. -EINVAL (beyond the resource, or d
 * dying), -ENOMEM.
 */
unsigned int grant_resource_frames(const struct domain *d, unsigned int id);
int grant_resource_frame(struct domain *d, unsigned int id, unsigned int frame,
			 mfn_t *mfn);

/*
 * The domain builder's reserved entries (Xen's xc_dom_gnttab_seed):
 * entry ref of d's table grants domain to access to gfn, writable. For
 * GNTTAB_RESERVED_CONSOLE and GNTTAB_RESERVED_XENSTORE only, before d
 * runs (the guest never allocates them).
 */
void grant_seed(struct domain *d, grant_ref_t ref, domid_t to, u64 gfn);

/*
 * grant_table_op's parts that 32-bit callers (compat_grant.c) reach with
 * their own layouts; the rest of the sub-ops have one layout.
 */
struct gnttab_copy;
#define GRANT_COPY_OP_MAX 40 /* the larger op: struct gnttab_copy */
struct grant_copy_layout {
	size_t size, status_off; /* of one op in guest memory */
	void (*read)(const void *raw, struct gnttab_copy *op);
};
long grant_op_check(struct domain *d, u64 cmd64, u64 count64,
		    unsigned int *cmd);
s16 grant_setup_table(struct domain *d, u16 dom, u32 nr_frames, u64 frame_list,
		      unsigned int pfn_size);
long grant_copy(struct domain *d, u64 uop, unsigned int count,
		const struct grant_copy_layout *l);

#endif
