/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86's side of the physmap contract (hv/physmap.h): a domain's
 * guest-physical to host-physical map kept as the nested page tables the
 * CPU walks (AMD NPT: the long-mode format, U=1 everywhere). Each leaf
 * carries its enum physmap_type in software bits 9-11. Only arch code
 * sees struct p2m; common code uses physmap_*().
 */
#ifndef ASM_P2M_H
#define ASM_P2M_H

#include <hv/physmap.h>
#include <hv/spinlock.h>
#include <hv/types.h>

struct p2m {
	spinlock_t lock; /* the tables */
	u64 *root;
	paddr_t root_pa;
	u64 tlb_gen; /* bumped when an entry is removed or weakened */
	u64 nr_ram; /* PHYSMAP_RAM pages mapped */
	u64 nr_tables; /* table pages, the root included */
	u64 max_tables; /* the toolstack's paging pool in pages; 0: no limit */
};

int p2m_init(struct p2m *p);
/* Free the tables and drop every PHYSMAP_RAM frame's reference. */
void p2m_destroy(struct p2m *p);
/* The guest page walk's lookup, with p->lock held. */
enum physmap_type p2m_lookup_locked(struct p2m *p, u64 gfn, mfn_t *mfn,
				    bool *ro);

#endif
