/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Event channels (evtchn.c). The port table is per domain (d->evtchn).
 * Under the 2-level ABI the pending and mask bitmaps live in the domain's
 * shared_info; under FIFO (evtchn_fifo.c, from the guest's first
 * EVTCHNOP_init_control) in guest pages. The guest changes both
 * concurrently, so the hv only uses atomic operations on them.
 */
#ifndef HV_EVTCHN_H
#define HV_EVTCHN_H

#include <hv/types.h>
#include <xen.h>

struct domain;
struct vcpu;

/* Ports per domain under 2-level (port 0 never used); FIFO has
 * EVTCHN_FIFO_NR_CHANNELS. */
#define EVTCHN_2L_PORTS 1024

int evtchn_domain_init(struct domain *d);
void evtchn_domain_destroy(struct domain *d);

/* Raise a per-vCPU VIRQ (VIRQ_TIMER...) on v, if it bound one. */
void evtchn_send_virq(struct vcpu *v, unsigned int virq);
/* Raise a global VIRQ on the privileged domain, if it bound one. */
void evtchn_send_global_virq(unsigned int virq);
void evtchn_notify_dom_exc(void);

/* A port of d whose sends call fn in the hv (a service like the console),
 * and the hv's way to signal the guest on it. */
typedef void (*evtchn_hv_fn)(struct domain *d, u32 port);
int evtchn_bind_hv(struct domain *d, evtchn_hv_fn fn);
void evtchn_raise(struct domain *d, u32 port);

/* For the domain builder: an unbound port of d for remote. */
int evtchn_alloc_unbound_port(struct domain *d, domid_t remote);

bool evtchn_port_valid(struct domain *d, u32 port);

/* Is one of the ports v polls (SCHEDOP_poll) pending? Lock-free. */
bool evtchn_poll_ready(struct vcpu *v);
/* SCHEDOP_poll on one port: -EINVAL if not usable, else 1 if pending. */
int evtchn_port_poll(struct domain *d, u32 port);
/* 2-level state in the 32-bit shared_info layout (compat) or not. */
void evtchn_shinfo_layout(struct domain *d, bool compat);

#endif
