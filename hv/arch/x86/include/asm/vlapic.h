/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The emulated local APIC a guest sees, in x2APIC mode only (MSRs
 * 0x800-0x8ff): QEMU's SVM gives no decode assists, so an MMIO xAPIC would
 * need a full instruction emulator on every access.
 */
#ifndef ASM_VLAPIC_H
#define ASM_VLAPIC_H

#include <hv/types.h>
#include <hv/timer.h>

struct vlapic {
	u32 irr[8], isr[8], tmr[8];
	u32 tpr, svr, ldr, esr;
	u32 lvt[7]; /* CMCI, timer, thermal, perf, LINT0, LINT1, error */
	u32 timer_init, timer_div;
	u64 timer_start; /* ns */
	struct timer timer;
};

#endif
