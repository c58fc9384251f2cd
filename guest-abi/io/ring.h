/* SPDX-License-Identifier: MIT */
/*
 * Shared request/response rings, the transport of the split device
 * drivers (blkif, netif, ...).
 *
 * A ring lives in one or more pages shared by a frontend (which produces
 * requests and consumes responses) and a backend (the reverse). The shared
 * part, struct NAME_sring, is a 64-byte header of four free-running 32-bit
 * indexes followed by an array of slots, each big enough for a request or
 * a response; the number of slots is the largest power of two that fits.
 * Indexes only grow (wrapping at 2^32) and are reduced modulo the ring
 * size when used, so producer - consumer is always the number of
 * outstanding entries.
 *
 * Each side also keeps private state (struct NAME_front_ring /
 * NAME_back_ring): its private producer index, advanced while it fills
 * slots and published with RING_PUSH_*, and its consumer index.
 *
 * Notification avoidance: a side that wants an event when the other side
 * produces past index N sets req_event / rsp_event to N + 1; the producer
 * sends an event only if its push moved the producer index across that
 * value (RING_PUSH_*_AND_CHECK_NOTIFY). RING_FINAL_CHECK_FOR_* re-arms the
 * event and re-checks, closing the race with a producer that pushed just
 * before.
 *
 * Memory barriers: define xen_mb(), xen_rmb() and xen_wmb() before
 * including this file to use your own; the defaults suit x86-64 (loads
 * and stores are each ordered by the CPU, only a store followed by a load
 * needs a fence).
 *
 * The macros use GNU C statement expressions and __typeof__ (gcc, clang).
 */
#ifndef HVLAB_GUEST_ABI_IO_RING_H
#define HVLAB_GUEST_ABI_IO_RING_H

#include <stdint.h>

#if defined(__x86_64__) || defined(__i386__)
#ifndef xen_mb
#define xen_mb()	__asm__ __volatile__("mfence" ::: "memory")
#endif
#ifndef xen_rmb
#define xen_rmb()	__asm__ __volatile__("" ::: "memory")
#endif
#ifndef xen_wmb
#define xen_wmb()	__asm__ __volatile__("" ::: "memory")
#endif
#else
#ifndef xen_mb
#define xen_mb()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
#endif
#ifndef xen_rmb
#define xen_rmb()	__atomic_thread_fence(__ATOMIC_ACQUIRE)
#endif
#ifndef xen_wmb
#define xen_wmb()	__atomic_thread_fence(__ATOMIC_RELEASE)
#endif
#endif

typedef uint32_t RING_IDX;

/* Round a 32-bit value down to a power of two (0 stays 0). */
#define __RD2(x)	(((x) & 0x00000002U) ? 0x2 : ((x) & 0x1))
#define __RD4(x)	(((x) & 0x0000000cU) ? __RD2((x) >> 2) << 2 : __RD2(x))
#define __RD8(x)	(((x) & 0x000000f0U) ? __RD4((x) >> 4) << 4 : __RD4(x))
#define __RD16(x)	(((x) & 0x0000ff00U) ? __RD8((x) >> 8) << 8 : __RD8(x))
#define __RD32(x)	(((x) & 0xffff0000U) ? __RD16((x) >> 16) << 16 : \
			 __RD16(x))

/*
 * Number of slots of a NAME ring occupying @sz bytes, as a constant
 * expression (from the type) or through a pointer @s to the shared ring.
 */
#define __CONST_RING_SIZE(name, sz)					\
	(__RD32(((sz) - __builtin_offsetof(struct name##_sring, ring)) / \
		sizeof(((struct name##_sring *)0)->ring[0])))
#define __RING_SIZE(s, sz)						\
	(__RD32(((sz) - (long)(s)->ring + (long)(s)) / sizeof((s)->ring[0])))

/*
 * DEFINE_RING_TYPES(NAME, request type, response type) declares
 * union NAME_sring_entry, struct NAME_sring (shared) and
 * struct NAME_front_ring / NAME_back_ring (private to each side), plus
 * NAME_sring_t, NAME_front_ring_t and NAME_back_ring_t.
 */
#define DEFINE_RING_TYPES(name, req_t, rsp_t)				\
union name##_sring_entry {						\
	req_t req;							\
	rsp_t rsp;							\
};									\
									\
struct name##_sring {							\
	RING_IDX req_prod, req_event;					\
	RING_IDX rsp_prod, rsp_event;					\
	uint8_t __pad[48];						\
	union name##_sring_entry ring[1]; /* really RING_SIZE slots */	\
};									\
									\
struct name##_front_ring {						\
	RING_IDX req_prod_pvt;	/* requests filled, maybe not pushed */	\
	RING_IDX rsp_cons;	/* responses consumed */		\
	uint32_t nr_ents;						\
	struct name##_sring *sring;					\
};									\
									\
struct name##_back_ring {						\
	RING_IDX rsp_prod_pvt;	/* responses filled, maybe not pushed */\
	RING_IDX req_cons;	/* requests consumed */			\
	uint32_t nr_ents;						\
	struct name##_sring *sring;					\
};									\
									\
typedef struct name##_sring name##_sring_t;				\
typedef struct name##_front_ring name##_front_ring_t;			\
typedef struct name##_back_ring name##_back_ring_t

/* Initialise a fresh shared ring (done by the frontend). */
#define SHARED_RING_INIT(s) do {					\
	(s)->req_prod = (s)->rsp_prod = 0;				\
	(s)->req_event = (s)->rsp_event = 1;				\
	(void)__builtin_memset((s)->__pad, 0, sizeof((s)->__pad));	\
} while (0)

/* Attach a side to shared ring @s of @size bytes, resuming at index @i. */
#define FRONT_RING_ATTACH(r, s, i, size) do {				\
	(r)->req_prod_pvt = (i);					\
	(r)->rsp_cons = (i);						\
	(r)->nr_ents = __RING_SIZE(s, size);				\
	(r)->sring = (s);						\
} while (0)
#define FRONT_RING_INIT(r, s, size)	FRONT_RING_ATTACH(r, s, 0, size)
/* Initialise the shared ring and attach the frontend to it. */
#define XEN_FRONT_RING_INIT(r, s, size) do {				\
	SHARED_RING_INIT(s);						\
	FRONT_RING_INIT(r, s, size);					\
} while (0)

#define BACK_RING_ATTACH(r, s, i, size) do {				\
	(r)->rsp_prod_pvt = (i);					\
	(r)->req_cons = (i);						\
	(r)->nr_ents = __RING_SIZE(s, size);				\
	(r)->sring = (s);						\
} while (0)
#define BACK_RING_INIT(r, s, size)	BACK_RING_ATTACH(r, s, 0, size)

/* Number of slots. */
#define RING_SIZE(r)	((r)->nr_ents)

/* Frontend: slots free for new requests. */
#define RING_FREE_REQUESTS(r)	\
	(RING_SIZE(r) - ((r)->req_prod_pvt - (r)->rsp_cons))

/* Either side: no room to produce (front: requests, back: responses). */
#define RING_FULL(r)	(RING_FREE_REQUESTS(r) == 0)

/* Frontend: responses published but not yet consumed. */
#define XEN_RING_NR_UNCONSUMED_RESPONSES(r)	\
	((r)->sring->rsp_prod - (r)->rsp_cons)

/*
 * Backend: requests published but not yet consumed, bounded by the free
 * response slots so that a misbehaving frontend cannot make us overrun.
 */
#define XEN_RING_NR_UNCONSUMED_REQUESTS(r) ({				\
	uint32_t __req = (r)->sring->req_prod - (r)->req_cons;		\
	uint32_t __rsp = RING_SIZE(r) -					\
			 ((r)->req_cons - (r)->rsp_prod_pvt);		\
	__req < __rsp ? __req : __rsp;					\
})

#define RING_HAS_UNCONSUMED_RESPONSES(r) \
	(!!XEN_RING_NR_UNCONSUMED_RESPONSES(r))
#define RING_HAS_UNCONSUMED_REQUESTS(r) \
	(!!XEN_RING_NR_UNCONSUMED_REQUESTS(r))

/* Slot of request / response number @idx (a free-running index). */
#define RING_GET_REQUEST(r, idx) \
	(&((r)->sring->ring[(idx) & (RING_SIZE(r) - 1)].req))
#define RING_GET_RESPONSE(r, idx) \
	(&((r)->sring->ring[(idx) & (RING_SIZE(r) - 1)].rsp))

/*
 * Copy a request / response out of the shared slot in one go, so that the
 * other side changing it later cannot affect checks already made on the
 * copy (a backend must validate only its private copy).
 */
#define RING_COPY_REQUEST(r, idx, dst) do {				\
	*(dst) = *(volatile __typeof__(dst))RING_GET_REQUEST(r, idx);	\
} while (0)
#define RING_COPY_RESPONSE(r, idx, dst) do {				\
	*(dst) = *(volatile __typeof__(dst))RING_GET_RESPONSE(r, idx);	\
} while (0)

/* Backend: would consuming request @cons overrun our responses? */
#define RING_REQUEST_CONS_OVERFLOW(r, cons) \
	(((cons) - (r)->rsp_prod_pvt) >= RING_SIZE(r))

/* Backend: does @prod claim more requests than the ring can hold? */
#define RING_REQUEST_PROD_OVERFLOW(r, prod) \
	(((prod) - (r)->rsp_prod_pvt) > RING_SIZE(r))

/* Frontend: does @prod claim more responses than we have requests? */
#define RING_RESPONSE_PROD_OVERFLOW(r, prod) \
	(((prod) - (r)->rsp_cons) > RING_SIZE(r))

/* Publish filled slots: the other side must see their contents first. */
#define RING_PUSH_REQUESTS(r) do {					\
	xen_wmb();							\
	(r)->sring->req_prod = (r)->req_prod_pvt;			\
} while (0)

#define RING_PUSH_RESPONSES(r) do {					\
	xen_wmb();							\
	(r)->sring->rsp_prod = (r)->rsp_prod_pvt;			\
} while (0)

/*
 * Publish and set @notify if the other side asked for an event within the
 * range just pushed. The full barrier orders our index store before the
 * load of the other side's event index.
 */
#define RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(r, notify) do {		\
	RING_IDX __old = (r)->sring->req_prod;				\
	RING_IDX __new = (r)->req_prod_pvt;				\
	xen_wmb();							\
	(r)->sring->req_prod = __new;					\
	xen_mb();							\
	(notify) = ((RING_IDX)(__new - (r)->sring->req_event) <	\
		    (RING_IDX)(__new - __old));				\
} while (0)

#define RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(r, notify) do {		\
	RING_IDX __old = (r)->sring->rsp_prod;				\
	RING_IDX __new = (r)->rsp_prod_pvt;				\
	xen_wmb();							\
	(r)->sring->rsp_prod = __new;					\
	xen_mb();							\
	(notify) = ((RING_IDX)(__new - (r)->sring->rsp_event) <	\
		    (RING_IDX)(__new - __old));				\
} while (0)

/*
 * Before going idle: if nothing is pending, ask for an event at the next
 * item and look once more, so an item pushed meanwhile is not missed.
 * @work is set non-zero if there is something to do.
 */
#define RING_FINAL_CHECK_FOR_REQUESTS(r, work) do {			\
	(work) = RING_HAS_UNCONSUMED_REQUESTS(r);			\
	if (work)							\
		break;							\
	(r)->sring->req_event = (r)->req_cons + 1;			\
	xen_mb();							\
	(work) = RING_HAS_UNCONSUMED_REQUESTS(r);			\
} while (0)

#define RING_FINAL_CHECK_FOR_RESPONSES(r, work) do {			\
	(work) = RING_HAS_UNCONSUMED_RESPONSES(r);			\
	if (work)							\
		break;							\
	(r)->sring->rsp_event = (r)->rsp_cons + 1;			\
	xen_mb();							\
	(work) = RING_HAS_UNCONSUMED_RESPONSES(r);			\
} while (0)

#endif /* HVLAB_GUEST_ABI_IO_RING_H */
