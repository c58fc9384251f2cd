// SPDX-License-Identifier: GPL-2.0
/*
 * FIFO event channels: event words, per-vCPU queues and control blocks in
 * guest pages (Xen's public/event_channel.h). All hv-side state here is
 * protected by the owning domain's evtchn lock (evtchn.c holds it around
 * every call), so one queue cannot be linked from two CPUs at once; only
 * the guest races with us, and only through atomic operations on the
 * words it shares with us.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/evtchn_fifo.h>
#include <hv/frame.h>
#include <hv/mm.h>
#include <hv/physmap.h>
#include <hv/string.h>
#include <asm/page.h>

#define WORDS_PER_PAGE (PAGE_SIZE / sizeof(event_word_t))
#define MAX_PAGES (EVTCHN_FIFO_NR_CHANNELS / WORDS_PER_PAGE)

#define BIT32(n) (1U << (n))

struct fifo_vcpu {
	struct evtchn_fifo_control_block *cb; /* NULL: not registered */
	mfn_t frame; /* referenced while cb is set */
	u32 tail[EVTCHN_FIFO_MAX_QUEUES]; /* 0: empty (port 0 never queues) */
};

struct evtchn_fifo {
	unsigned int nr_pages;
	event_word_t *page[MAX_PAGES];
	mfn_t frame[MAX_PAGES]; /* each referenced, below nr_pages */
	struct fifo_vcpu vcpu[MAX_VCPUS];
};

struct evtchn_fifo *evtchn_fifo_alloc(void)
{
	return xzalloc(sizeof(struct evtchn_fifo));
}

/* last_* stay: a queue tail may still name the port from its last use. */
void evtchn_fifo_port_init(struct evtchn_fifo_port *fp)
{
	fp->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
	fp->pending = 0;
}

static event_word_t *word_of(struct evtchn_fifo *f, u32 port)
{
	u32 n = __atomic_load_n(&f->nr_pages, __ATOMIC_ACQUIRE);
	event_word_t *page;

	if (port / WORDS_PER_PAGE >= n)
		return NULL;
	/* NULL only to a lock-free reader racing with evtchn_fifo_clear. */
	page = READ_ONCE(f->page[port / WORDS_PER_PAGE]);
	return page ? page + port % WORDS_PER_PAGE : NULL;
}

static bool test_and_set(u32 *w, unsigned int bit)
{
	return __atomic_fetch_or(w, BIT32(bit), __ATOMIC_SEQ_CST) & BIT32(bit);
}

static bool test(u32 *w, unsigned int bit)
{
	return __atomic_load_n(w, __ATOMIC_SEQ_CST) & BIT32(bit);
}

static void clear(u32 *w, unsigned int bit)
{
	__atomic_fetch_and(w, ~BIT32(bit), __ATOMIC_SEQ_CST);
}

/* --- Frames -------------------------------------------------------- */

/* A frame of d's RAM, referenced (frame.h) so that it stays ours to
 * write however the guest rearranges its memory, until the clear. */
static void *map_frame(struct domain *d, u64 gfn, mfn_t *held)
{
	mfn_t mfn;

	if (physmap_lookup(d, gfn, &mfn, NULL) != PHYSMAP_RAM ||
	    !frame_get(mfn, d))
		return NULL;
	*held = mfn;
	return __va(mfn << PAGE_SHIFT);
}

void evtchn_fifo_clear(struct evtchn_fifo *f)
{
	unsigned int n = f->nr_pages;

	/* Lock-free readers check nr_pages first: drop it before the pages. */
	__atomic_store_n(&f->nr_pages, 0, __ATOMIC_RELEASE);
	for (unsigned int i = 0; i < n; i++)
		frame_put(f->frame[i]);
	for (unsigned int i = 0; i < MAX_VCPUS; i++)
		if (f->vcpu[i].cb)
			frame_put(f->vcpu[i].frame);
	memset(f->page, 0, sizeof(f->page));
	memset(f->frame, 0, sizeof(f->frame));
	memset(f->vcpu, 0, sizeof(f->vcpu));
}

int evtchn_fifo_map_control(struct evtchn_fifo *f, struct domain *d,
			    unsigned int vcpu, u64 gfn, u32 offset)
{
	struct fifo_vcpu *fv = &f->vcpu[vcpu];
	u8 *page;

	if (fv->cb)
		return -EINVAL;
	page = map_frame(d, gfn, &fv->frame);
	if (!page)
		return -EINVAL;
	memset(fv->tail, 0, sizeof(fv->tail));
	fv->cb = (void *)(page + offset);
	return 0;
}

int evtchn_fifo_add_page(struct evtchn_fifo *f, struct domain *d, u64 gfn)
{
	unsigned int n = f->nr_pages;

	if (n >= MAX_PAGES)
		return -ENOSPC;
	f->page[n] = map_frame(d, gfn, &f->frame[n]);
	if (!f->page[n])
		return -EINVAL;
	__atomic_store_n(&f->nr_pages, n + 1, __ATOMIC_RELEASE);
	return n * WORDS_PER_PAGE;
}

/* --- Queues -------------------------------------------------------- */

/*
 * Point the LINKED word w at port, if it is still LINKED: the guest may
 * meanwhile have consumed it (cleared LINKED), in which case the queue is
 * empty and the caller starts it afresh. The guest may also flip MASKED
 * or clear PENDING under us, so retry; BUSY stops it from unmasking the
 * word while we try, which bounds the retries.
 */
static bool set_link(event_word_t *w, u32 port)
{
	u32 old = __atomic_load_n(w, __ATOMIC_SEQ_CST);
	bool busy = false;

	for (unsigned int try = 0; try < 8; try++) {
		/* The new value drops BUSY too: one write ends our claim. */
		u32 new = (old &
			   ~(BIT32(EVTCHN_FIFO_BUSY) | EVTCHN_FIFO_LINK_MASK)) |
			  port;

		if (!(old & BIT32(EVTCHN_FIFO_LINKED))) {
			if (busy)
				clear(w, EVTCHN_FIFO_BUSY);
			return false;
		}
		if (__atomic_compare_exchange_n(w, &old, new, false,
						__ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST))
			return true;
		if (!busy) {
			test_and_set(w, EVTCHN_FIFO_BUSY);
			busy = true;
			old = __atomic_load_n(w, __ATOMIC_SEQ_CST);
		}
	}
	/* A guest that keeps changing the word loses this event, as in Xen;
	 * "linked" keeps the queue it walks intact. */
	clear(w, EVTCHN_FIFO_BUSY);
	return true;
}

/*
 * Xen's evtchn_fifo_set_pending: set PENDING; if unmasked and not yet
 * LINKED, append the port to the queue of (vcpu, priority), and report
 * whether the queue went from empty to ready.
 */
__hot unsigned int evtchn_fifo_raise(struct evtchn_fifo *f, unsigned int vcpu,
				     u32 port, struct evtchn_fifo_port *fp)
{
	event_word_t *w = word_of(f, port);
	struct fifo_vcpu *fv = &f->vcpu[vcpu];
	unsigned int ret = 0;
	unsigned int prio;
	u32 *tail;
	bool linked;

	if (unlikely(!w)) {
		fp->pending = 1; /* raised when expand_array brings the page */
		return 0;
	}
	/* The guest unmasks nothing before its control block exists. */
	if (unlikely(!fv->cb))
		return 0;
	if (!test_and_set(w, EVTCHN_FIFO_PENDING))
		ret |= FIFO_NEWLY_PENDING;
	if (test(w, EVTCHN_FIFO_MASKED) || test_and_set(w, EVTCHN_FIFO_LINKED))
		return ret;

	/* The guest consumed the port since it was last linked: a queue
	 * whose tail still names it is empty, and must not link through it. */
	tail = &f->vcpu[fp->last_vcpu].tail[fp->last_priority];
	if (*tail == port)
		*tail = 0;
	prio = fp->priority;
	fp->last_vcpu = vcpu;
	fp->last_priority = prio;

	tail = &fv->tail[prio];
	linked = *tail && set_link(word_of(f, *tail), port);
	if (!linked)
		__atomic_store_n(&fv->cb->head[prio], port, __ATOMIC_SEQ_CST);
	*tail = port;
	if (!linked && !test_and_set(&fv->cb->ready, prio))
		ret |= FIFO_UPCALL;
	return ret;
}

/* No unlinking: the guest skips linked words that are not pending. */
void evtchn_fifo_clear_pending(struct evtchn_fifo *f, u32 port,
			       struct evtchn_fifo_port *fp)
{
	event_word_t *w = word_of(f, port);

	fp->pending = 0;
	if (w)
		clear(w, EVTCHN_FIFO_PENDING);
}

bool evtchn_fifo_unmask(struct evtchn_fifo *f, u32 port)
{
	event_word_t *w = word_of(f, port);

	if (!w)
		return false;
	clear(w, EVTCHN_FIFO_MASKED);
	return test(w, EVTCHN_FIFO_PENDING);
}

bool evtchn_fifo_is_linked(struct evtchn_fifo *f, u32 port)
{
	event_word_t *w = word_of(f, port);

	return w && test(w, EVTCHN_FIFO_LINKED);
}

bool evtchn_fifo_is_pending(struct evtchn_fifo *f, u32 port)
{
	event_word_t *w = word_of(f, port);

	return w && test(w, EVTCHN_FIFO_PENDING);
}
