/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the grant-table code (grant.c: tables, pins, map and unmap;
 * grant_op.c: copy and the hypercall): the hv's bookkeeping next to the
 * guest's shared entries. See grant.c for the design and the locking.
 */
#ifndef GRANT_INTERNAL_H
#define GRANT_INTERNAL_H

#include <hv/domain.h>
#include <hv/grant.h>
#include <grant_table.h>
#include <asm/page.h>

#define ENTRIES_PER_FRAME (PAGE_SIZE / sizeof(grant_entry_v1_t))
#define MT_PER_CHUNK 256
#define MT_CHUNKS (GRANT_MAX_MAPTRACK / MT_PER_CHUNK)
#define PIN_MAX 128 /* Xen: 8-bit counters, refused once the top bit is set */
#define INVALID_GFN (~0ULL)

/* Maptrack flag: an unmap is waiting for other vCPUs' TLBs (not usable). */
#define MT_UNMAPPING 0x80000000U

struct active_entry {
	mfn_t mfn; /* the frame pinned, referenced while pinned (frame.h) */
	domid_t domid; /* the domain it is pinned for */
	u8 map_rd, map_wr; /* host mappings: read-only, writable */
	u8 copy_rd, copy_wr; /* copies in progress (only under the lock) */
};

struct maptrack {
	struct domain *rd; /* granter, referenced; NULL: free slot */
	mfn_t mfn;
	u64 gfn; /* where it is mapped in the mapper's p2m */
	grant_ref_t ref;
	u32 flags; /* GNTMAP_host_map [| GNTMAP_readonly] | MT_* */
	u32 next_free; /* free list: handle + 1, 0 = end */
};

struct grant_table {
	spinlock_t lock;
	struct domain *d;
	bool released; /* grant_domain_release ran: no new mappings */
	unsigned int nr_frames;
	grant_entry_v1_t *shared[GRANT_MAX_FRAMES];
	u64 frame_gfn[GRANT_MAX_FRAMES]; /* INVALID_GFN: not in the p2m */
	struct active_entry *active[GRANT_MAX_FRAMES];
	struct maptrack *mt[MT_CHUNKS];
	unsigned int mt_limit; /* handles with storage */
	u32 mt_free; /* free list head: handle + 1, 0 = empty */
};

/* ---- small helpers ---------------------------------------------------- */

static inline unsigned int nr_entries(const struct grant_table *gt)
{
	return gt->nr_frames * ENTRIES_PER_FRAME;
}

static inline grant_entry_v1_t *shared_entry(struct grant_table *gt, u32 ref)
{
	return &gt->shared[ref / ENTRIES_PER_FRAME][ref % ENTRIES_PER_FRAME];
}

static inline struct active_entry *active_entry(struct grant_table *gt, u32 ref)
{
	return &gt->active[ref / ENTRIES_PER_FRAME][ref % ENTRIES_PER_FRAME];
}

static inline bool pinned(const struct active_entry *a)
{
	return a->map_rd || a->map_wr || a->copy_rd || a->copy_wr;
}

static inline bool map_pinned(const struct active_entry *a)
{
	return a->map_rd || a->map_wr;
}

static inline bool write_pinned(const struct active_entry *a)
{
	return a->map_wr || a->copy_wr;
}

static inline struct maptrack *mt_entry(struct grant_table *gt, u32 handle)
{
	return &gt->mt[handle / MT_PER_CHUNK][handle % MT_PER_CHUNK];
}

/* grant.c, for grant_op.c */
void grant_lock_two(struct domain *a, struct domain *b);
void grant_unlock_two(struct domain *a, struct domain *b);
void grant_copy_bytes(u8 *dst, const u8 *src, size_t n);
int grant_set_status(grant_entry_v1_t *e, const struct active_entry *act,
		      bool readonly, domid_t ldomid, bool map);
void grant_reduce_status(grant_entry_v1_t *e, const struct active_entry *act,
			  bool readonly);
int grant_get_frame(struct domain *d, u64 gfn, bool readonly, mfn_t *mfn);
int grant_grow_table(struct grant_table *gt, unsigned int nr);
void grant_map_one(struct domain *ld, struct gnttab_map_grant_ref *op);
s16 grant_unmap_one(struct domain *ld, u64 host_addr, u32 handle);

#endif
