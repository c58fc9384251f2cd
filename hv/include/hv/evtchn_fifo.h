/* SPDX-License-Identifier: GPL-2.0 */
/*
 * FIFO event channels (evtchn_fifo.c): the data structure in guest memory.
 * Each port has an event word in a page of the guest's event array; each
 * vCPU has a control block (queue heads and the READY bitmap) in a guest
 * page, and the hv keeps the queue tails. evtchn.c owns the ports and the
 * ABI; it calls these with the domain's evtchn lock held, which also
 * serialises every write the hv makes to those guest pages.
 *
 * The hv holds on to every frame it maps here: a frame the guest frees
 * (balloon, add_to_physmap over it) stays allocated, no longer the
 * guest's, until the FIFO state goes (EVTCHNOP_reset, domain death), as
 * Xen's page references keep it.
 */
#ifndef HV_EVTCHN_FIFO_H
#define HV_EVTCHN_FIFO_H

#include <hv/types.h>
#include <event_channel.h>

struct domain;
struct evtchn_fifo;

/* Per-port FIFO state, kept in evtchn.c's port table. */
struct evtchn_fifo_port {
	u8 priority; /* the queue of the next link */
	u8 last_vcpu; /* the queue it was last linked on... */
	u8 last_priority; /* ...whose tail may still name it */
	u8 pending; /* raised while its event-array page was missing */
};

/* What evtchn_fifo_raise() asks the caller to do. */
#define FIFO_NEWLY_PENDING 1 /* wake a vCPU polling the port */
#define FIFO_UPCALL 2 /* the queue became ready: raise the upcall */

struct evtchn_fifo *evtchn_fifo_alloc(void);
/* Forget every control block and array page, dropping the references
 * held on their frames. */
void evtchn_fifo_clear(struct evtchn_fifo *f);
/* -EINVAL: already registered for vcpu, or gfn not RAM of d. */
int evtchn_fifo_map_control(struct evtchn_fifo *f, struct domain *d,
			    unsigned int vcpu, u64 gfn, u32 offset);
/* The first port of the page added, -ENOSPC (array full), -EINVAL. */
int evtchn_fifo_add_page(struct evtchn_fifo *f, struct domain *d, u64 gfn);

void evtchn_fifo_port_init(struct evtchn_fifo_port *fp);
unsigned int evtchn_fifo_raise(struct evtchn_fifo *f, unsigned int vcpu,
			       u32 port, struct evtchn_fifo_port *fp);
void evtchn_fifo_clear_pending(struct evtchn_fifo *f, u32 port,
			       struct evtchn_fifo_port *fp);
/* Clear MASKED; true if the port is pending (the caller re-raises it). */
bool evtchn_fifo_unmask(struct evtchn_fifo *f, u32 port);
/* A LINKED port is still on a queue: Xen does not reuse it yet. */
bool evtchn_fifo_is_linked(struct evtchn_fifo *f, u32 port);
/* Lock-free (SCHEDOP_poll): may read a stale word, or one of a frame
 * freed meanwhile through the direct map, never an unmapped address. */
bool evtchn_fifo_is_pending(struct evtchn_fifo *f, u32 port);

#endif
