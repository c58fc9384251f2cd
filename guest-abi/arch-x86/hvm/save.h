/* SPDX-License-Identifier: MIT */
/*
 * x86 records of an HVM domain's saved state (Xen 4.17's
 * public/arch-x86/hvm/save.h): the ones hvlab writes and reads. Segment
 * attributes ("arbytes") are in the packed 12-bit form: type, S, DPL, P
 * in bits 0-7, AVL, L, D/B, G in bits 8-11 (0xc9b: flat 32-bit code).
 */
#ifndef HVLAB_GUEST_ABI_ARCH_X86_HVM_SAVE_H
#define HVLAB_GUEST_ABI_ARCH_X86_HVM_SAVE_H

#include "../../xen.h"

/* HEADER (typecode 1), the first record. */
#define HVM_FILE_MAGIC		0x54381286
#define HVM_FILE_VERSION	0x00000001
#define HVM_SAVE_CODE_HEADER	1
struct hvm_save_header {
	uint32_t magic; /* HVM_FILE_MAGIC */
	uint32_t version; /* HVM_FILE_VERSION */
	uint64_t changeset; /* of the hypervisor that saved it */
	uint32_t cpuid; /* CPUID leaf 1 EAX of the saving machine */
	uint32_t gtsc_khz; /* the guest's TSC rate */
};

/* CPU (typecode 2), one per vCPU: its registers. */
#define HVM_SAVE_CODE_CPU	2
struct hvm_hw_cpu {
	uint8_t fpu_regs[512]; /* FXSAVE image */

	uint64_t rax;
	uint64_t rbx;
	uint64_t rcx;
	uint64_t rdx;
	uint64_t rbp;
	uint64_t rsi;
	uint64_t rdi;
	uint64_t rsp;
	uint64_t r8;
	uint64_t r9;
	uint64_t r10;
	uint64_t r11;
	uint64_t r12;
	uint64_t r13;
	uint64_t r14;
	uint64_t r15;

	uint64_t rip;
	uint64_t rflags;

	uint64_t cr0;
	uint64_t cr2;
	uint64_t cr3;
	uint64_t cr4;

	uint64_t dr0;
	uint64_t dr1;
	uint64_t dr2;
	uint64_t dr3;
	uint64_t dr6;
	uint64_t dr7;

	uint32_t cs_sel;
	uint32_t ds_sel;
	uint32_t es_sel;
	uint32_t fs_sel;
	uint32_t gs_sel;
	uint32_t ss_sel;
	uint32_t tr_sel;
	uint32_t ldtr_sel;

	uint32_t cs_limit;
	uint32_t ds_limit;
	uint32_t es_limit;
	uint32_t fs_limit;
	uint32_t gs_limit;
	uint32_t ss_limit;
	uint32_t tr_limit;
	uint32_t ldtr_limit;
	uint32_t idtr_limit;
	uint32_t gdtr_limit;

	uint64_t cs_base;
	uint64_t ds_base;
	uint64_t es_base;
	uint64_t fs_base;
	uint64_t gs_base;
	uint64_t ss_base;
	uint64_t tr_base;
	uint64_t ldtr_base;
	uint64_t idtr_base;
	uint64_t gdtr_base;

	uint32_t cs_arbytes;
	uint32_t ds_arbytes;
	uint32_t es_arbytes;
	uint32_t fs_arbytes;
	uint32_t gs_arbytes;
	uint32_t ss_arbytes;
	uint32_t tr_arbytes;
	uint32_t ldtr_arbytes;

	uint64_t sysenter_cs;
	uint64_t sysenter_esp;
	uint64_t sysenter_eip;

	uint64_t shadow_gs; /* KERNEL_GS_BASE */

	uint64_t msr_flags; /* obsolete, ignored */
	uint64_t msr_lstar;
	uint64_t msr_star;
	uint64_t msr_cstar;
	uint64_t msr_syscall_mask;
	uint64_t msr_efer;
	uint64_t msr_tsc_aux;

	uint64_t tsc; /* what RDTSC would return */

	/* An event being delivered: vector, type, error code valid, valid
	 * (bit 31). */
	uint32_t pending_event;
	uint32_t error_code;

#define _XEN_X86_FPU_INITIALISED	0
#define XEN_X86_FPU_INITIALISED		(1U << _XEN_X86_FPU_INITIALISED)
	uint32_t flags;
	uint32_t pad0;
};

/* MTRR (typecode 14), one per vCPU: PAT and the MTRR MSRs. */
#define HVM_SAVE_CODE_MTRR	14
#define MTRR_VCNT		8
#define NUM_FIXED_MSR		11
struct hvm_hw_mtrr {
	uint64_t msr_pat_cr;
	uint64_t msr_mtrr_var[MTRR_VCNT * 2]; /* base and mask pairs */
	uint64_t msr_mtrr_fixed[NUM_FIXED_MSR];
	uint64_t msr_mtrr_cap;
	uint64_t msr_mtrr_def_type;
};

#endif /* HVLAB_GUEST_ABI_ARCH_X86_HVM_SAVE_H */
