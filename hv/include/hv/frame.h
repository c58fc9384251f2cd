/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The frame table: for every host page frame, which domain owns it and
 * how many references keep it allocated (Xen's struct page_info, reduced
 * to what a translated-guest-only hv needs).
 *
 * A domain's RAM frame starts with one reference, its allocation
 * reference, held by the domain's physmap entry (physmap.h). Whoever
 * else uses the frame while the owner might let go of it takes its own
 * reference with frame_get(): a grant mapping or copy (grant.c), the
 * FIFO event-channel pages the hv writes (evtchn_fifo.c), and, for a
 * privileged domain, a foreign mapping. The frame is freed when the last
 * reference is dropped, whoever drops it: the owner ballooning it out or
 * dying no longer has to ask who still maps it. It reaches the allocator
 * once it is cleared, in idle time or when memory runs short.
 *
 * A domain's grant table frames are its frames too, held by the table
 * (grant.c): dom0 may map them (acquire_resource). Frames the hv keeps
 * for itself (its own data, shared_info) have no owner here: frame_get()
 * refuses them.
 */
#ifndef HV_FRAME_H
#define HV_FRAME_H

#include <hv/types.h>

struct domain;

/* Give the table its storage: nr_frames entries of frame_table_size(). */
size_t frame_table_size(u64 nr_frames);
void frame_table_init(void *storage, u64 nr_frames);

/* Make 2^order freshly allocated frames d's, each with its allocation
 * reference (they must be separately freeable: split_pages()). */
void frame_assign(mfn_t mfn, unsigned int order, const struct domain *d);

/* Take a reference on mfn if d owns it: false if d does not (any more). */
bool frame_get(mfn_t mfn, const struct domain *d);

/* Drop a reference; the last one frees the frame, to be cleared before
 * the allocator has it again (frame_scrub). */
void frame_put(mfn_t mfn);

/* Clear up to max freed frames and give them to the allocator; how many
 * it did (0: none were waiting). */
u64 frame_scrub(u64 max);

/*
 * For a frame just allocated: true if it holds zeroes because the hv
 * cleared it when it was freed; either way it is now the caller's to
 * write and no longer known to be zero. Every allocation asks
 * (alloc_pages_below, alloc_pages_zeroed), so the mark never outlives it.
 */
bool frame_take_zero(mfn_t mfn);

/* Freed frames not yet cleared: free memory the allocator lacks. */
u64 frames_dirty(void);

/* References held on mfn (0: not a domain's), for checks and tests. */
u32 frame_refs(mfn_t mfn);

/* Frames some domain owns; 0 once the last domain is gone, or a leak. */
u64 frames_owned(void);

#endif
