/* SPDX-License-Identifier: GPL-2.0 */
/* Vendor-neutral x86 vCPU services used by the exit handlers. */
#ifndef ASM_VCPU_H
#define ASM_VCPU_H

#include <hv/arch.h>
#include <hv/compiler.h>
#include <hv/types.h>
#include <asm/percpu.h>
#include <asm/processor.h>

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
/*
 * The guest entry's own steps, inline because under QEMU every return is
 * an indirect jump, looked up again after each world switch.
 *
 * Before entering a guest after kicking another pCPU: a PAUSE, so that
 * the kicked CPU runs now. On hardware it is a few cycles. Under QEMU's
 * single-threaded TCG the pCPUs take turns on one host thread and the
 * turn passes only when the running one halts, pauses or a host timer
 * fires: without it a vCPU woken by a guest that keeps running (an
 * iperf3 sender, a backend with more to do) waited for the next tick,
 * up to 10 ms (ping between two domains: 10.0 ms; hvctl perf: guest
 * and dom0 vCPUs runnable 3-4 ms per 4 KiB read). Then the mark of the
 * kick protocol: interrupts are off, and what the caller looks at next
 * (sched_should_yield, the events to inject, the ASID's TLB generation)
 * a kicker wrote before testing the mark, or it sends an IPI.
 */
static inline void vcpu_entry_begin(void)
{
	struct pcpu *c = this_cpu();

	if (c->kicked) {
		c->kicked = false;
		cpu_relax();
	}
	WRITE_ONCE(c->in_guest, true);
	smp_mb();
}

/* Back from the guest, or not entering after all: kicks need no IPI. */
static inline void vcpu_entry_end(void)
{
	WRITE_ONCE(this_cpu()->in_guest, false);
}

/*
 * QEMU flushes its whole soft TLB and jump cache when a CR4 load changes
 * PGE, PSE, SMEP or SMAP (cpu_x86_update_cr4), and every world switch
 * loads CR4: VMRUN the guest's, #VMEXIT the host's. A host CR4 that
 * differs from the guest's in these bits cost a second flush in each
 * direction, beside CR3's: a Linux guest sets PSE, SMEP and SMAP, the
 * hv had PGE only. None of them matter to the hv (long mode ignores PSE,
 * no hv mapping is a user one, which is what SMEP and SMAP guard, PGE only
 * keeps the hv's mappings over CR3 loads), so the host takes the guest's
 * before each entry: a write when the guest changed them or another
 * guest runs here, a compare otherwise (on hardware, too). cr4_follow
 * holds the bits this CPU has, so nothing a guest state says can make
 * the write fault.
 */
static inline void vcpu_host_cr4_follow(u64 guest_cr4)
{
	struct pcpu *c = this_cpu();
	unsigned long want = (c->cr4 & ~c->cr4_follow) |
			     (guest_cr4 & c->cr4_follow);

	if (want != c->cr4) {
		write_cr4(want);
		c->cr4 = want;
	}
}

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
