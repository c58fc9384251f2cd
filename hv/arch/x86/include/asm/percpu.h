/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU data. Each CPU's GS base points at its struct pcpu, whose first
 * field points at itself, so this_cpu() is one load from %gs:0.
 */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

#include <hv/types.h>
#include <hv/compiler.h>

struct tss64 {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __packed;

enum { IST_NONE, IST_DF, IST_NMI, IST_MC, NR_IST = IST_MC };

struct pcpu {
	struct pcpu *self; /* must stay first: read as %gs:0 */
	unsigned int id; /* dense logical number, BSP = 0 */
	u32 apic_id;
	volatile bool online;
	volatile u64 ticks; /* timer interrupts taken on this CPU */
	unsigned long stack_base, stack_top;
	paddr_t hsave_pa; /* SVM host save area */
	bool kicked; /* sent a kick since it last entered a guest (vcpu.c) */
	/* From its last look at pending work to the exit (vcpu.c). */
	volatile bool in_guest;
	unsigned long cr4; /* as last written (vcpu_host_cr4_follow) */
	unsigned long cr4_follow; /* CR4 bits taken from the guest's */
	u64 gdt[5] __aligned(16);
	struct tss64 tss __aligned(16);
};

static inline struct pcpu *this_cpu(void)
{
	struct pcpu *p;

	__asm__ __volatile__("movq %%gs:0, %0" : "=r"(p));
	return p;
}

extern struct pcpu *cpus[CONFIG_NR_CPUS];
extern unsigned int nr_cpus_online;
/* The MADT's CPUs the hv could run (at most CONFIG_NR_CPUS), online or
 * not: Xen's nr_cpu_ids, physinfo's max_cpu_id + 1. */
extern unsigned int nr_cpus_possible;

#endif
