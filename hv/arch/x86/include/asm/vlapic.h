/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The emulated local APIC a guest sees, in x2APIC mode only (MSRs
 * 0x800-0x8ff): QEMU's SVM gives no decode assists, so an MMIO xAPIC would
 * need a full instruction emulator on every access.
 */
#ifndef ASM_VLAPIC_H
#define ASM_VLAPIC_H

#include <hv/spinlock.h>
#include <hv/types.h>
#include <hv/timer.h>

struct vlapic {
	/*
	 * IRR is set by any CPU (IPIs, timer callbacks) with atomic ops;
	 * ISR and TMR change only on the owning vCPU.
	 */
	u32 irr[8], isr[8], tmr[8];
	u32 tpr, svr, ldr;
	u32 esr; /* errors latched by the last ESR write */
	u32 esr_pending; /* errors since then (atomic: any CPU adds) */
	u64 icr;
	/*
	 * lock: the LVTs, the timer state below and the arming of timer;
	 * taken with interrupts off (the timer callback takes it too), before
	 * the timer list locks.
	 */
	spinlock_t lock;
	u32 lvt[7]; /* CMCI, timer, thermal, perf, LINT0, LINT1, error */
	u32 timer_init, timer_div;
	bool counting; /* one-shot/periodic count loaded and not expired */
	bool dead; /* vCPU being destroyed: never re-arm */
	u64 timer_start; /* system time (ns) the count was loaded */
	u64 timer_due; /* when timer should deliver; 0: nothing armed */
	u64 tdt; /* IA32_TSC_DEADLINE (guest TSC), 0: disarmed */
	struct timer timer;
};

#endif
