/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One-shot software timers on per-CPU lists, driven by the local APIC
 * timer in one-shot mode (tickless: no interrupt unless something is due).
 * A timer fires on the CPU it was set on; its function runs in interrupt
 * context with interrupts off and must not sleep or take long.
 */
#ifndef HV_TIMER_H
#define HV_TIMER_H

#include <hv/spinlock.h>
#include <hv/types.h>

struct timer {
	u64 expires; /* system time, ns */
	void (*fn)(void *data);
	void *data;
	struct timer *next;
	int cpu; /* list it is on, -1 if inactive */
	/* Serialises timer_set and timer_stop of this timer: a callback
	 * re-arming itself on one CPU while a hypercall sets it on another
	 * would otherwise put it on two lists. Taken before a list lock. */
	spinlock_t lock;
};

/* System time: ns since the hv started, the same on every CPU. */
u64 now_ns(void);

void timer_init(struct timer *t, void (*fn)(void *), void *data);
/* (Re)arm t for expires on this CPU; a time in the past fires at once. */
void timer_set(struct timer *t, u64 expires);
void timer_stop(struct timer *t);
bool timer_active(const struct timer *t);
/* Run expired timers and program the next interrupt (interrupt context). */
void timers_run(void);

/* Arch: interrupt this CPU at (or soon after) system time at. */
void arch_timer_program(u64 at);

#endif
