/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vendor interface: everything the vendor-neutral x86 code (exit
 * handlers, instruction emulation, the guest page walk, vCPU set-up) may
 * ask of a vCPU's hardware-virtualization state. svm/ implements it
 * (svm_ops); a VMX port adds vmx/ with its own table, chosen in setup.c
 * from CPUID, and touches nothing else. Only svm/ knows the VMCB.
 *
 * The vendor owns the entry/exit loop (run) and calls the neutral exit
 * handlers (asm/vcpu.h) with the exit decoded. Guest GPRs live in
 * v->arch.gprs for both vendors: the vendor copies any it keeps in its
 * control block (SVM: RAX, RSP) in after an exit and out before entry.
 */
#ifndef ASM_HVM_H
#define ASM_HVM_H

#include <hv/types.h>
#include <asm/percpu.h>

struct vcpu;
struct cr_state;
struct vcpu_hvm_context;

/* A segment register; attr is packed as type:4 s:1 dpl:2 p:1 avl:1 l:1
 * db:1 g:1 (Xen's segment_register layout, for both vendors). */
struct seg_reg {
	u16 sel;
	u16 attr;
	u32 limit;
	u64 base;
};
#define SEG_ATTR_DB 0x400

enum seg_name {
	SEG_ES,
	SEG_CS,
	SEG_SS,
	SEG_DS,
	SEG_FS,
	SEG_GS,
	SEG_TR,
	SEG_LDTR,
	SEG_GDTR, /* base and limit only */
	SEG_IDTR, /* base and limit only */
};

struct virt_ops {
	const char *name;
	/* Can this machine run guests? If not, *why says what is missing. */
	bool (*probe)(const char **why);
	/* Once, after probe: shared tables (permission maps). 0 or -errno. */
	int (*init)(void);
	/* Turn virtualization on for the calling CPU. 0 or -errno. */
	int (*cpu_enable)(struct pcpu *c);

	/* A vCPU's control block, in the reset state; and its end. */
	int (*vcpu_init)(struct vcpu *v);
	void (*vcpu_destroy)(struct vcpu *v);
	/* Enter v and handle its exits until the scheduler wants the pCPU
	 * back; returns with interrupts off. */
	void (*run)(struct vcpu *v);

	/* Guest state outside v->arch.gprs. */
	u64 (*get_rip)(const struct vcpu *v);
	void (*set_rip)(struct vcpu *v, u64 rip);
	u64 (*get_rflags)(const struct vcpu *v);
	void (*set_rflags)(struct vcpu *v, u64 rflags);
	void (*get_seg)(const struct vcpu *v, enum seg_name s,
			struct seg_reg *r);
	/* CR0, CR3, CR4, EFER as the guest sees them, CS.L in long mode and
	 * the CPL: what cr.c checks a new value against. */
	void (*get_cr_state)(const struct vcpu *v, struct cr_state *s);
	unsigned int (*get_cpl)(const struct vcpu *v);
	/* An EFER value the caller has checked (efer_check). */
	void (*set_efer)(struct vcpu *v, u64 efer);
	u64 (*get_pat)(const struct vcpu *v);
	void (*set_pat)(struct vcpu *v, u64 pat);
	/* Guest TSC = host TSC + offset. */
	u64 (*get_tsc_offset)(const struct vcpu *v);

	/* Has v an event it can take now (one that ends a halt)? */
	bool (*has_pending)(struct vcpu *v);

	/* Architectural start states: the PVH entry (flat 32-bit, paging
	 * off), real mode after INIT-SIPI, and VCPUOP_initialise's context
	 * (checked by the caller). */
	void (*set_pvh_state)(struct vcpu *v, u64 entry);
	void (*set_sipi_state)(struct vcpu *v, u8 vector);
	void (*load_context)(struct vcpu *v,
			     const struct vcpu_hvm_context *ctx);
};

extern const struct virt_ops svm_ops;
/* The vendor in use, set once at boot: callers write virt->get_rip(v). */
extern const struct virt_ops *virt;

#endif
