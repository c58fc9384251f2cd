/* SPDX-License-Identifier: GPL-2.0 */
/* The x86 parts of a domain and a vCPU. */
#ifndef ASM_DOMAIN_H
#define ASM_DOMAIN_H

#include <hv/types.h>
#include <asm/p2m.h>
#include <asm/vlapic.h>

struct cpu_policy;

struct arch_domain {
	struct p2m p2m;
	struct cpu_policy *cpuid; /* what its CPUID says (cpu_policy.c) */
};

/* Guest registers, in x86 register number order as the instruction decoder
 * uses them. The vendor keeps any it holds in its control block (SVM: rax,
 * rsp) in sync around exit handling (asm/hvm.h). */
struct guest_gprs {
	u64 rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi;
	u64 r8, r9, r10, r11, r12, r13, r14, r15;
};

struct arch_vcpu {
	struct guest_gprs gprs;
	/* The vendor's control block (SVM: the VMCB), opaque outside svm/. */
	void *vmc;
	paddr_t vmc_pa;
	void *fpu; /* XSAVE area, 64-byte aligned */
	u64 xcr0;
	u32 asid; /* ASID (VMX: VPID), valid on asid_cpu while asid_gen matches */
	int asid_cpu;
	u64 asid_gen;
	u64 tlb_gen; /* p2m.tlb_gen this vCPU's TLB has seen */
	u64 msr_apic_base;
	u64 msr_tsc_aux;
	u64 mtrr_def_type;
	u64 mtrr_var[16];
	struct vlapic vlapic;
	bool nmi_pending;
	int virq_vector; /* vector offered through V_IRQ, -1 if none */
	u64 shadow_rip; /* RIP of the last exit if in an interrupt shadow, else ~0 */
	u32 sipi_vector; /* -1 when no SIPI is waiting */
	bool wait_for_sipi;
	/* Statistics: exits by reason, for `make bench` and debugging. */
	u64 nr_exits;
	/* The last exits, printed when the guest dies of a fault, with
	 * what the entry before each injected (EVENTINJ, V_IRQ vector). */
	u64 entry_inj;
	int entry_virq;
	struct exit_trace {
		u64 rip, intinfo, inj;
		u32 code, int_ctl;
		s16 virq;
		u16 cpu;
	} exit_trace[8];
	unsigned int exit_trace_pos;
};

#endif
