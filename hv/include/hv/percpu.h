/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hot per-CPU state of the common subsystems, one block per CPU, so
 * that a world switch and its exit handling touch one page of it instead
 * of one page per subsystem (under QEMU's TCG every page touched after a
 * world switch is a TLB refill). Each member belongs to the file named
 * beside it; nothing else touches it. The arch keeps its own per-CPU
 * structure (asm/percpu.h) for what the CPU itself needs (GDT, TSS,
 * stacks).
 */
#ifndef HV_PERCPU_H
#define HV_PERCPU_H

#include <hv/compiler.h>
#include <hv/perfc.h>
#include <hv/smp.h>
#include <hv/spinlock.h>
#include <hv/timer.h>

struct vcpu;
struct hypercall_args;

/* sched.c */
struct sched_cpu {
	struct vcpu *curr;
	bool need_resched;
	bool preempted; /* curr was cut short for a woken vCPU */
	bool idle;
};

/* timer.c */
struct timer_cpu {
	spinlock_t lock; /* the list and every timer on it */
	struct timer *head;
	struct timer *running; /* whose callback runs now (unlocked) */
};

struct percpu {
	struct sched_cpu sched; /* sched.c */
	struct timer_cpu timer; /* timer.c */
	struct hypercall_args *hypercall; /* hypercall.c: the call running */
	struct timer tick; /* arch time.c: the periodic tick */
	u32 perfc_hypercalls[PERFC_NR_HYPERCALLS]; /* perfc.c */
} __aligned(64);

extern struct percpu percpu[CONFIG_NR_CPUS];

static inline struct percpu *this_percpu(void)
{
	return &percpu[smp_processor_id()];
}

#endif
