/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The physmap contract: what common code may do with a domain's
 * guest-physical address space. Guests are translated, so a guest frame
 * number (gfn) means nothing until this map gives it a host frame (mfn).
 * The architecture implements it (x86: nested page tables, p2m.c); common
 * code never sees the tables.
 *
 * Each entry has a type saying who owns the frame behind it:
 *	PHYSMAP_RAM	the domain's own RAM. The entry holds the frame's
 *			allocation reference (frame.h); removing the entry
 *			hands that reference to the caller, who drops it
 *			with frame_put() once no vCPU can reach the frame.
 *	PHYSMAP_FOREIGN	another domain's frame, mapped through a grant; the
 *			mapping's owner (grant.c's maptrack) holds the
 *			reference.
 *	PHYSMAP_HV	an hv page the domain may see (shared_info, grant
 *			frames): owned by the hv, never freed through here.
 *	PHYSMAP_FOREIGN_MAP another domain's RAM frame mapped by a privileged
 *			domain (XENMAPSPACE_gmfn_foreign): the entry holds
 *			its own frame reference, dropped when the entry goes
 *			(memory.c) or with the mapping domain (p2m teardown).
 *
 * Locking is the implementation's: every call is atomic with respect to
 * the others. Removing or weakening an entry does not stop other vCPUs of
 * the domain using a stale translation: call physmap_flush_sync() before
 * freeing or reusing the frame.
 */
#ifndef HV_PHYSMAP_H
#define HV_PHYSMAP_H

#include <hv/types.h>

struct domain;

enum physmap_type {
	PHYSMAP_NONE, /* no entry */
	PHYSMAP_RAM,
	PHYSMAP_FOREIGN,
	PHYSMAP_HV,
	PHYSMAP_FOREIGN_MAP,
};

#define PHYSMAP_RO 0x8 /* flag for physmap_add: map read-only */

/* Map 2^order frames (order 0 or 9) of a type at gfn, which must be
 * free: 0, -EEXIST, -EINVAL (gfn out of range or misaligned), -ENOMEM. */
int physmap_add(struct domain *d, u64 gfn, mfn_t mfn, unsigned int order,
		unsigned int type_flags);

/* Remove the 4 KiB entry at gfn: its old type (PHYSMAP_NONE if there was
 * none) with *mfn set. */
enum physmap_type physmap_remove(struct domain *d, u64 gfn, mfn_t *mfn);

/* The type at gfn, its frame and (if ro) whether it is read-only. */
enum physmap_type physmap_lookup(struct domain *d, u64 gfn, mfn_t *mfn,
				 bool *ro);

/* Copy n bytes within one guest page at gpa, to (write) or from buf,
 * atomically with respect to removal: -EFAULT if nothing is there, the
 * copy crosses a page, or the page is read-only for a write. The bottom
 * of every guest-memory access (hv/guest_access.h). */
int physmap_copy(struct domain *d, u64 gpa, void *buf, size_t n, bool write);

/* Back [gfn, gfn + nr) with fresh zeroed RAM that d owns (frame.h),
 * in 2 MiB pages where aligned. 0, -EEXIST, -EINVAL or -ENOMEM (what was
 * populated before the failure stays). */
int physmap_populate(struct domain *d, u64 gfn, u64 nr);

/* Make sure no vCPU of d other than the caller still reaches a frame
 * removed from its physmap. Called with no lock held. */
void physmap_flush_sync(struct domain *d);

/*
 * The toolstack's paging pool (XEN_DOMCTL_set/get_paging_mempool_size):
 * at most pages page-table pages for d's physmap from now on (0: no
 * limit, as for domains the hv builds); a mapping that needs a table
 * beyond it fails as if memory had run out. Tables already made stay.
 * The size is the limit, or without one the tables in use.
 */
int physmap_pool_set(struct domain *d, u64 pages);
u64 physmap_pool_size(struct domain *d);

#endif
