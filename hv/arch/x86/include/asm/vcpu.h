/* SPDX-License-Identifier: GPL-2.0 */
/* Vendor-neutral x86 vCPU services used by the exit handlers. */
#ifndef ASM_VCPU_H
#define ASM_VCPU_H

#include <hv/arch.h>
#include <hv/types.h>

struct vcpu;
struct domain;

int arch_virt_init(void);
int arch_virt_cpu_init(void);
/* Set up v to start at a PVH entry point (32-bit, paging off). */
void arch_vcpu_set_pvh_entry(struct vcpu *v, u64 entry, u64 start_info);

/* Exit handlers, shared by SVM and (later) VMX. Each returns 0 when the
 * instruction was handled and RIP must move past it. */
void vcpu_cpuid(struct vcpu *v);
/* The CPUID leaf the guest sees, into r[0..3] = EAX, EBX, ECX, EDX. */
void guest_cpuid(struct vcpu *v, u32 leaf, u32 sub, u32 r[4]);
/* v's FPU state from a 512-byte FXSAVE image, or reset (NULL). */
int vcpu_fpu_set_legacy(struct vcpu *v, const void *img);

/*
 * cr.c: whether the virtual CPU accepts a new CR0, CR4, EFER or XCR0
 * value, given the control state it has now and the CPUID it offers.
 * 0, or the exception the write raises in the guest (X86_EXC_GP or
 * X86_EXC_UD). The vendor code applies an accepted value.
 */
struct cr_state {
	u64 cr0, cr3, cr4, efer;
	bool cs_long; /* CS.L in long mode: 64-bit code */
	unsigned int cpl;
};
#define X86_EXC_UD 6
#define X86_EXC_GP 13
int cr0_check(struct vcpu *v, const struct cr_state *s, u64 val);
int cr4_check(struct vcpu *v, const struct cr_state *s, u64 val);
int efer_check(struct vcpu *v, const struct cr_state *s, u64 val);
int xcr_check(struct vcpu *v, const struct cr_state *s, u32 idx, u64 val);
/* Changing these bits invalidates the guest's TLB, as on hardware. */
#define CR0_TLB_BITS (X86_CR0_PG | X86_CR0_WP | X86_CR0_PE)
#define CR4_TLB_BITS                                               \
	(X86_CR4_PSE | X86_CR4_PAE | X86_CR4_PGE | X86_CR4_PCIDE | \
	 X86_CR4_SMEP | X86_CR4_SMAP | X86_CR4_PKE | X86_CR4_LA57)
int vcpu_rdmsr(struct vcpu *v, u32 msr, u64 *val);
int vcpu_wrmsr(struct vcpu *v, u32 msr, u64 val);
void vcpu_io(struct vcpu *v, u16 port, unsigned int size, bool in, u64 *val);
/* INS/OUTS; false if a fault or the per-exit limit stopped it early. */
bool vcpu_io_string(struct vcpu *v, u16 port, unsigned int size, bool in,
		    bool rep);
/* A nested page fault at gpa; guest_pt: while walking the guest's own
 * page tables (not emulable). */
void vcpu_npf(struct vcpu *v, u64 gpa, bool guest_pt);
struct insn;
/* Fetch and decode the instruction at the guest's RIP (guest_walk.c). */
int vcpu_decode_at_rip(struct vcpu *v, struct insn *in);
void guest_walk_dump(struct vcpu *v, const char *what, u64 la);
bool vcpu_mode64(const struct vcpu *v);
/* False when preempted: the vendor leaves RIP on the call to rerun it. */
bool vcpu_hypercall(struct vcpu *v);
void vcpu_halt(struct vcpu *v);
/* Around a guest entry: the kick protocol's mark (vcpu.c). */
void vcpu_entry_begin(void);
void vcpu_entry_end(void);
/* Before an entry: the host CR4's paging bits as the guest's (vcpu.c). */
void vcpu_host_cr4_follow(u64 guest_cr4);

/* vlapic.c: the emulated x2APIC. */
void vlapic_init(struct vcpu *v);
void vlapic_destroy(struct vcpu *v);
int vlapic_rdmsr(struct vcpu *v, u32 msr, u64 *val);
int vlapic_wrmsr(struct vcpu *v, u32 msr, u64 val);
/* Highest-priority deliverable vector, or -1. */
int vlapic_pending(struct vcpu *v);
void vlapic_ack(struct vcpu *v, int vector);
void vlapic_set_irq(struct vcpu *v, u8 vector);
/* IA32_TSC_DEADLINE: reads 0 and ignores writes outside that timer mode. */
u64 vlapic_tdt_read(struct vcpu *v);
void vlapic_tdt_write(struct vcpu *v, u64 val);

#endif
