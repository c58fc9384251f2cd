/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the files of the hypercalls guest: time from the
 * pvclock, our own upcall handler (it follows vcpu_info when it moves),
 * and page-table tricks for the bad-pointer checks.
 */
#ifndef HYPERCALLS_COMMON_H
#define HYPERCALLS_COMMON_H

#include "guest.h"

/* The vcpu_info the hypervisor currently uses for vCPU 0. */
extern struct vcpu_info *vi;

/* Per-port hit counts from upcall(); ports >= NR_COUNTED are ignored. */
#define NR_COUNTED	128
extern volatile unsigned long port_hits[NR_COUNTED];
extern volatile unsigned long upcalls;
void upcall(struct cpu_regs *regs);

/* System time in ns from vi->time (the pvclock protocol). */
uint64_t pvclock_ns(void);

/* Busy-waits with interrupts on until @cond or @ms milliseconds passed. */
#define wait_until(cond, ms)                                              \
	({                                                                \
		uint64_t __end = pvclock_ns() + (uint64_t)(ms) * 1000000; \
		bool __ok;                                                \
		local_irq_enable();                                       \
		while (!(__ok = (cond)) && pvclock_ns() < __end)          \
			cpu_relax();                                      \
		local_irq_disable();                                      \
		__ok;                                                     \
	})

void wait_ms(unsigned int ms);

/* mem.c, badptr.c, vcpu.c, errno.c */
void test_memory(void);
void test_errno(void);
void test_console_sources(void);
void test_bad_pointers(void);
void test_vcpu_op(void);
void test_vcpu_info_move(void);

#endif
