/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A domain's guest-physical to host-physical map, kept as the nested page
 * tables the CPU walks (AMD NPT: the long-mode format, U=1 everywhere).
 * Each leaf carries a type in software bits 9-11, which says who owns the
 * frame behind it and so whether tearing the domain down frees it.
 */
#ifndef ASM_P2M_H
#define ASM_P2M_H

#include <hv/spinlock.h>
#include <hv/types.h>

enum p2m_type {
	P2M_NONE, /* no entry */
	P2M_RAM, /* guest RAM, owned: freed with the domain */
	P2M_FOREIGN, /* another domain's frame, mapped through a grant */
	P2M_HV, /* an hv-owned page (shared_info, grant frames) */
};

#define P2M_RO 0x8 /* flag: map read-only */

struct p2m {
	spinlock_t lock; /* the tables */
	u64 *root;
	paddr_t root_pa;
	u64 tlb_gen; /* bumped when an entry is removed or weakened */
	u64 nr_ram; /* P2M_RAM pages mapped */
};

struct domain;

int p2m_init(struct p2m *p);
/* Free the tables and every P2M_RAM frame. */
void p2m_destroy(struct p2m *p);
/* Map 2^order frames (order 0 or 9) of type at gfn. -EEXIST if taken. */
int p2m_map(struct p2m *p, u64 gfn, mfn_t mfn, unsigned int order,
	    unsigned int type_flags);
/* Remove the 4 KiB entry at gfn (splitting a 2 MiB one); returns its
 * old type and sets *mfn, or P2M_NONE. */
enum p2m_type p2m_unmap(struct p2m *p, u64 gfn, mfn_t *mfn);
/* Look gfn up: its type (P2M_NONE if unbacked), frame and read-only bit. */
enum p2m_type p2m_lookup(struct p2m *p, u64 gfn, mfn_t *mfn, bool *ro);
enum p2m_type p2m_lookup_locked(struct p2m *p, u64 gfn, mfn_t *mfn, bool *ro);
/* Back [gfn, gfn + nr) with fresh zeroed RAM, 2 MiB pages where aligned. */
int p2m_populate(struct p2m *p, u64 gfn, u64 nr);

#endif
