/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The AMD SVM virtual machine control block (AMD64 APM vol. 2, appendix B):
 * a control area (intercepts, exit information, event injection, nested
 * paging) followed at 0x400 by the guest state save area.
 */
#ifndef ASM_VMCB_H
#define ASM_VMCB_H

#include <hv/compiler.h>
#include <hv/types.h>

/* intercept_misc1 */
#define SVM_INTERCEPT_INTR (1U << 0)
#define SVM_INTERCEPT_NMI (1U << 1)
#define SVM_INTERCEPT_SMI (1U << 2)
#define SVM_INTERCEPT_INIT (1U << 3)
#define SVM_INTERCEPT_VINTR (1U << 4)
#define SVM_INTERCEPT_CPUID (1U << 18)
#define SVM_INTERCEPT_INVD (1U << 22)
#define SVM_INTERCEPT_HLT (1U << 24)
#define SVM_INTERCEPT_INVLPGA (1U << 26)
#define SVM_INTERCEPT_IOIO (1U << 27)
#define SVM_INTERCEPT_MSR (1U << 28)
#define SVM_INTERCEPT_TASK_SWITCH (1U << 29)
#define SVM_INTERCEPT_SHUTDOWN (1U << 31)
/* intercept_misc2 */
#define SVM_INTERCEPT_VMRUN (1U << 0)
#define SVM_INTERCEPT_VMMCALL (1U << 1)
#define SVM_INTERCEPT_VMLOAD (1U << 2)
#define SVM_INTERCEPT_VMSAVE (1U << 3)
#define SVM_INTERCEPT_STGI (1U << 4)
#define SVM_INTERCEPT_CLGI (1U << 5)
#define SVM_INTERCEPT_SKINIT (1U << 6)
#define SVM_INTERCEPT_RDTSCP (1U << 7)
#define SVM_INTERCEPT_ICEBP (1U << 8)
#define SVM_INTERCEPT_WBINVD (1U << 9)
#define SVM_INTERCEPT_MONITOR (1U << 10)
#define SVM_INTERCEPT_MWAIT (1U << 11)
#define SVM_INTERCEPT_XSETBV (1U << 13)

#define SVM_TLB_FLUSH_NONE 0
#define SVM_TLB_FLUSH_ALL 1
#define SVM_TLB_FLUSH_ASID 3

/* int_state: an STI or MOV SS interrupt shadow covers the next insn */
#define SVM_INT_STATE_SHADOW (1ULL << 0)

/* int_ctl */
#define SVM_V_TPR_MASK 0xff
#define SVM_V_IRQ (1U << 8)
#define SVM_V_INTR_PRIO_SHIFT 16
#define SVM_V_IGN_TPR (1U << 20)
#define SVM_V_INTR_MASKING (1U << 24)

#define SVM_NESTED_CTL_NP_ENABLE 1

/* event_inj / exit_int_info */
#define SVM_EVTINJ_VEC_MASK 0xff
#define SVM_EVTINJ_TYPE_SHIFT 8
#define SVM_EVTINJ_TYPE_INTR (0 << 8)
#define SVM_EVTINJ_TYPE_NMI (2 << 8)
#define SVM_EVTINJ_TYPE_EXEPT (3 << 8)
#define SVM_EVTINJ_TYPE_SOFT (4 << 8)
#define SVM_EVTINJ_TYPE_MASK (7 << 8)
#define SVM_EVTINJ_VALID_ERR (1U << 11)
#define SVM_EVTINJ_VALID (1U << 31)

/* Exit codes (compare as 32 bits: QEMU zero-extends VMEXIT_INVALID). */
#define SVM_EXIT_READ_CR0 0x000
#define SVM_EXIT_WRITE_CR0 0x010
#define SVM_EXIT_WRITE_CR4 0x014
/* intercept_cr: reads in bits 0-15, writes in 16-31 */
#define SVM_INTERCEPT_CR_WRITE(n) (1U << (16 + (n)))
#define SVM_EXIT_EXCP_BASE 0x040
#define SVM_EXIT_INTR 0x060
#define SVM_EXIT_NMI 0x061
#define SVM_EXIT_SMI 0x062
#define SVM_EXIT_INIT 0x063
#define SVM_EXIT_VINTR 0x064
#define SVM_EXIT_RDTSC 0x06e
#define SVM_EXIT_CPUID 0x072
#define SVM_EXIT_IRET 0x074
#define SVM_EXIT_INTN 0x075
#define SVM_EXIT_INVD 0x076
#define SVM_EXIT_PAUSE 0x077
#define SVM_EXIT_HLT 0x078
#define SVM_EXIT_INVLPG 0x079
#define SVM_EXIT_INVLPGA 0x07a
#define SVM_EXIT_IOIO 0x07b
#define SVM_EXIT_MSR 0x07c
#define SVM_EXIT_TASK_SWITCH 0x07d
#define SVM_EXIT_SHUTDOWN 0x07f
#define SVM_EXIT_VMRUN 0x080
#define SVM_EXIT_VMMCALL 0x081
#define SVM_EXIT_VMLOAD 0x082
#define SVM_EXIT_VMSAVE 0x083
#define SVM_EXIT_STGI 0x084
#define SVM_EXIT_CLGI 0x085
#define SVM_EXIT_SKINIT 0x086
#define SVM_EXIT_RDTSCP 0x087
#define SVM_EXIT_ICEBP 0x088
#define SVM_EXIT_WBINVD 0x089
#define SVM_EXIT_MONITOR 0x08a
#define SVM_EXIT_MWAIT 0x08b
#define SVM_EXIT_XSETBV 0x08d
#define SVM_EXIT_NPF 0x400
#define SVM_EXIT_INVALID 0xffffffffU

/* IOIO exit_info_1 */
#define SVM_IOIO_IN (1U << 0)
#define SVM_IOIO_STR (1U << 2)
#define SVM_IOIO_REP (1U << 3)
#define SVM_IOIO_SIZE_SHIFT 4
#define SVM_IOIO_SIZE_MASK (7U << 4)

/* NPF exit_info_1 */
#define SVM_NPF_PRESENT (1ULL << 0)
#define SVM_NPF_WRITE (1ULL << 1)
#define SVM_NPF_USER (1ULL << 2)
#define SVM_NPF_RSVD (1ULL << 3)
#define SVM_NPF_FETCH (1ULL << 4)
#define SVM_NPF_FINAL_GPA (1ULL << 32)
#define SVM_NPF_GUEST_PT (1ULL << 33)

struct vmcb_seg {
	u16 sel;
	u16 attr; /* type:4 s:1 dpl:2 p:1 avl:1 l:1 db:1 g:1 */
	u32 limit;
	u64 base;
} __packed;

struct vmcb_control {
	u32 intercept_cr;
	u32 intercept_dr;
	u32 intercept_exceptions;
	u32 intercept_misc1;
	u32 intercept_misc2;
	u32 intercept_misc3;
	u8 reserved1[0x3c - 0x18];
	u16 pause_filter_thresh;
	u16 pause_filter_count;
	u64 iopm_base_pa;
	u64 msrpm_base_pa;
	u64 tsc_offset;
	u32 asid;
	u8 tlb_control;
	u8 reserved2[3];
	u32 int_ctl;
	u32 int_vector;
	u64 int_state;
	u64 exit_code;
	u64 exit_info_1;
	u64 exit_info_2;
	u64 exit_int_info;
	u64 nested_ctl;
	u64 avic_vapic_bar;
	u64 ghcb_gpa;
	u64 event_inj;
	u64 nested_cr3;
	u64 virt_ext;
	u32 clean;
	u32 reserved3;
	u64 next_rip;
	u8 insn_len;
	u8 insn_bytes[15];
	u8 reserved4[0x400 - 0xe0];
} __packed;

struct vmcb_save {
	struct vmcb_seg es, cs, ss, ds, fs, gs, gdtr, ldtr, idtr, tr;
	u8 reserved1[0x4ca - 0x4a0];
	u8 vmpl;
	u8 cpl;
	u8 reserved2[4];
	u64 efer;
	u8 reserved3[0x548 - 0x4d8];
	u64 cr4, cr3, cr0, dr7, dr6, rflags, rip;
	u8 reserved4[0x5d8 - 0x580];
	u64 rsp;
	u64 s_cet, ssp, isst_addr;
	u64 rax;
	u64 star, lstar, cstar, sfmask, kernel_gs_base;
	u64 sysenter_cs, sysenter_esp, sysenter_eip;
	u64 cr2;
	u8 reserved5[0x668 - 0x648];
	u64 g_pat;
	u64 dbgctl;
	u64 br_from, br_to, last_excp_from, last_excp_to;
} __packed;

struct vmcb {
	struct vmcb_control ctl;
	struct vmcb_save save;
} __aligned(4096);

#define VMCB_SAVE_OFF(f) (0x400 + __builtin_offsetof(struct vmcb_save, f))
BUILD_BUG_ON(sizeof(struct vmcb_control) != 0x400);
BUILD_BUG_ON(__builtin_offsetof(struct vmcb_control, event_inj) != 0xa8);
BUILD_BUG_ON(__builtin_offsetof(struct vmcb_control, next_rip) != 0xc8);
BUILD_BUG_ON(VMCB_SAVE_OFF(efer) != 0x4d0);
BUILD_BUG_ON(VMCB_SAVE_OFF(cr4) != 0x548);
BUILD_BUG_ON(VMCB_SAVE_OFF(rip) != 0x578);
BUILD_BUG_ON(VMCB_SAVE_OFF(rsp) != 0x5d8);
BUILD_BUG_ON(VMCB_SAVE_OFF(rax) != 0x5f8);
BUILD_BUG_ON(VMCB_SAVE_OFF(cr2) != 0x640);
BUILD_BUG_ON(VMCB_SAVE_OFF(g_pat) != 0x668);

#endif
