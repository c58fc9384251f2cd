/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scheduler: one global round-robin run queue shared by all pCPUs,
 * time slices of SCHED_SLICE_NS, an idle loop per pCPU. vCPU state moves
 * only under the scheduler lock:
 *
 *   DOWN --vcpu_up--> RUNNABLE --pick--> RUNNING --slice/yield--> RUNNABLE
 *                                         |  ^
 *                              block/poll v  | wake (event, timer)
 *                                       BLOCKED
 */
#ifndef HV_SCHED_H
#define HV_SCHED_H

#include <hv/types.h>

#define SCHED_SLICE_NS 10000000ULL

struct vcpu;
struct sched_poll;

/* The pCPU's loop: run vCPUs forever, idle in hlt when none is ready. */
void __attribute__((noreturn)) sched_loop(void);
/* sched_loop's two halves, also driven by the host build (test/host):
 * make the next queued vCPU this pCPU's current one (NULL: none waits,
 * the pCPU is idle), and, once it has stopped running, requeue, park or
 * drop it (the last vCPU of a stopped domain out destroys it).
 * Interrupts off. */
struct vcpu *sched_pick(void);
void sched_put_back(struct vcpu *v);
/* Housekeeping tick on this pCPU (interrupt context). */
void sched_tick(void);

void vcpu_up(struct vcpu *v); /* DOWN -> RUNNABLE */
void vcpu_down(struct vcpu *v); /* -> DOWN when it next stops running */
/*
 * The toolstack's pause (domctl pausedomain/unpausedomain; a domain
 * created by createdomain starts paused once). Pauses nest. While
 * paused, a domain's vCPUs keep their state but none runs: domain_pause
 * returns once none is on a pCPU; the caller must not be one of them.
 * As in Xen, at most 255 pauses nest (-EOVERFLOW), and domain_unpause
 * is -EINVAL when the domain is not paused.
 */
struct domain;
int domain_pause(struct domain *d);
int domain_unpause(struct domain *d);
bool domain_paused(const struct domain *d);

/*
 * The pCPUs v may run on (hard, enforced: bit n is pCPU n) and prefers
 * (soft: recorded for the toolstack; the run queue has no preference).
 * -EINVAL for an empty hard set. The caller intersects with the online
 * pCPUs.
 */
int vcpu_set_affinity(struct vcpu *v, u64 hard, u64 soft);

/* Block the current vCPU unless an event is already pending for it. */
void vcpu_block(struct vcpu *v);
/* Wake a blocked vCPU, or make a running one look at its events now. */
void vcpu_kick(struct vcpu *v);
void vcpu_yield(struct vcpu *v);
bool vcpu_is_up(const struct vcpu *v);
/* SCHEDOP_poll on an argument already copied in (schedop.c). */
long sched_poll(struct vcpu *v, const struct sched_poll *p);

/* Arch: does v have an interrupt or event it should take now? */
bool arch_vcpu_has_pending(struct vcpu *v);
/* SCHEDOP_watchdog's timers: set up with the domain, stopped before it
 * is freed (schedop.c). */
struct domain;
void sched_watchdog_init(struct domain *d);
void sched_watchdog_stop(struct domain *d);
/* Arch: run v until it must be descheduled (returns with IRQs off). */
void arch_vcpu_run(struct vcpu *v);
/* Arch: v leaves/joins this pCPU (FPU state, ASID). */
void arch_vcpu_switch_from(struct vcpu *v);
void arch_vcpu_switch_to(struct vcpu *v);
/*
 * Arch: make pCPU cpu re-check its vCPU's events and state (call after
 * writing them). An IPI only if it is in a guest: elsewhere it will look
 * before its next entry. True if an IPI went.
 */
bool arch_kick_cpu(unsigned int cpu);
/* Arch: wake pCPU cpu from its idle halt (an IPI, always). */
void arch_wake_cpu(unsigned int cpu);

/* True if this pCPU should stop running its current vCPU. */
bool sched_should_yield(void);

#endif
