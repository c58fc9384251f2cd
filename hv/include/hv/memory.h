/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memory_op's sub-operations on structures already copied in, so that
 * the 64-bit handler (memory.c) and the 32-bit one (compat_memory.c)
 * share one implementation.
 */
#ifndef HV_MEMORY_H
#define HV_MEMORY_H

#include <hv/types.h>
#include <memory.h>

#define MEMOP_CMD_MASK 0x3f /* the rest of cmd: where to restart */
#define MEMOP_EXTENT_SHIFT 6

struct domain;

/* Extents done from start on; the list holds pfn_size-byte numbers. */
long memory_reservation(struct domain *cur, unsigned int op, u64 start,
			const struct xen_memory_reservation *r,
			unsigned int pfn_size);
long memory_add_to_physmap(struct domain *cur,
			   const struct xen_add_to_physmap *x);
long memory_remove_from_physmap(struct domain *cur,
				const struct xen_remove_from_physmap *x);
long memory_map_copy(struct domain *d, u64 buffer, unsigned int room);

/* Pages claimed (XENMEM_claim_pages) and not yet populated, all domains
 * (physinfo's outstanding_pages); a domain's claim goes with it. */
u64 memory_claimed(void);
void memory_domain_release(struct domain *d);

#endif
