// SPDX-License-Identifier: GPL-2.0
/*
 * Guest writes of CR0, CR4 and XCR0 under SVM. With nested paging the
 * guest owns its control registers, but what it writes lands in the VMCB
 * and VMRUN refuses a state real hardware would never have let the guest
 * reach. So CR0 and CR4 writes exit (not only the selective CR0 one: QEMU
 * drops CR0's upper half silently where hardware raises #GP), and XSETBV
 * exits on hardware (QEMU cannot intercept it: its own XSETBV checks
 * against the host's XCR0 mask). Linux writes neither register on a hot
 * path. cr.c decides; this file applies.
 *
 * QEMU also raises VMEXIT_INVALID straight from a guest MOV to CR3 with
 * bits at or above 40 set (real hardware raises #GP): svm_invalid_exit
 * turns that back into the #GP the guest would have had.
 */
#include <hv/domain.h>
#include <hv/printk.h>
#include <asm/insn.h>
#include <asm/processor.h>
#include <asm/regs.h>
#include <asm/vcpu.h>
#include "svm.h"

/* The address of the VMRUN instruction, which a failed VMRUN leaves in
 * the save area's RIP (entry.S). */
extern const char svm_vmrun_insn[];

__hot void svm_cr_state(const struct vcpu *v, struct cr_state *cs)
{
	const struct vmcb_save *s = &to_vmcb(v)->save;

	cs->cr0 = s->cr0;
	cs->cr3 = s->cr3;
	cs->cr4 = s->cr4;
	cs->efer = s->efer & ~EFER_SVME;
	cs->cs_long = (s->efer & EFER_LMA) && (s->cs.attr & 0x200);
	cs->cpl = s->cpl & 3;
}

static u64 *gpr(struct vcpu *v, unsigned int n)
{
	return &((u64 *)&v->arch.gprs)[n & 15];
}

/* A new ASID gives the vCPU an empty TLB, as the real write would. */
static void flush_guest_tlb(struct vcpu *v)
{
	v->arch.asid_cpu = -1;
}

static int set_cr0(struct vcpu *v, u64 val)
{
	struct vmcb_save *s = &to_vmcb(v)->save;
	struct cr_state cs;
	int exc;

	svm_cr_state(v, &cs);
	exc = cr0_check(v, &cs, val);
	if (exc)
		return exc;
	val |= X86_CR0_ET; /* hardwired to 1 */
	/* EFER.LMA follows LME and CR0.PG. */
	if ((val & X86_CR0_PG) && (s->efer & EFER_LME))
		s->efer |= EFER_LMA;
	else if (!(val & X86_CR0_PG))
		s->efer &= ~EFER_LMA;
	if ((val ^ s->cr0) & CR0_TLB_BITS)
		flush_guest_tlb(v);
	s->cr0 = val;
	return 0;
}

static int set_cr4(struct vcpu *v, u64 val)
{
	struct vmcb_save *s = &to_vmcb(v)->save;
	struct cr_state cs;
	int exc;

	svm_cr_state(v, &cs);
	exc = cr4_check(v, &cs, val);
	if (exc)
		return exc;
	if ((val ^ s->cr4) & CR4_TLB_BITS)
		flush_guest_tlb(v);
	s->cr4 = val;
	return 0;
}

/* SVM_EXIT_WRITE_CR0 (MOV, LMSW, CLTS) and _CR4 (MOV): emulate it. */
void svm_exit_cr_write(struct vcpu *v)
{
	struct insn in;
	u64 val;
	int exc;

	if (vcpu_decode_at_rip(v, &in)) {
		domain_crash(v->domain,
			     "vCPU%u: cannot decode the control "
			     "register write at rip %lx",
			     v->id, (unsigned long)to_vmcb(v)->save.rip);
		return;
	}
	val = *gpr(v, in.rm);
	if (in.kind == INSN_MOV_TO_CR && in.opsize == 4)
		val = (u32)val;
	if (in.kind == INSN_CLTS) {
		exc = set_cr0(v, to_vmcb(v)->save.cr0 & ~X86_CR0_TS);
	} else if (in.kind == INSN_LMSW) {
		/* LMSW writes PE, MP, EM and TS, and cannot clear PE. */
		u64 cr0 = to_vmcb(v)->save.cr0;

		val = (cr0 & ~0xeULL) | (val & 0xf) | (cr0 & X86_CR0_PE);
		exc = set_cr0(v, val);
	} else if (in.kind == INSN_MOV_TO_CR && in.reg == 0) {
		exc = set_cr0(v, val);
	} else if (in.kind == INSN_MOV_TO_CR && in.reg == 4) {
		exc = set_cr4(v, val);
	} else {
		domain_crash(v->domain,
			     "vCPU%u: %s at rip %lx exited as a "
			     "control register write",
			     v->id, insn_kind_name(in.kind),
			     (unsigned long)to_vmcb(v)->save.rip);
		return;
	}
	if (exc)
		svm_inject_exception(v, exc, exc == X86_EXC_GP, 0);
	else
		svm_skip_insn(v, in.len);
}

/* SVM_EXIT_XSETBV (hardware only; QEMU checks XSETBV itself). */
void svm_exit_xsetbv(struct vcpu *v)
{
	struct guest_gprs *r = &v->arch.gprs;
	u64 val = (r->rdx << 32) | (u32)r->rax;
	struct cr_state cs;
	int exc;

	svm_cr_state(v, &cs);
	exc = xcr_check(v, &cs, (u32)r->rcx, val);
	if (exc) {
		svm_inject_exception(v, exc, exc == X86_EXC_GP, 0);
		return;
	}
	v->arch.xcr0 = val;
	svm_skip_insn(v, 3);
}

/*
 * VMEXIT_INVALID. A VMRUN that failed leaves the VMRUN's own address in
 * RIP; anything else is QEMU refusing a guest MOV to CR3/CR4 on the spot,
 * which hardware answers with #GP.
 */
bool svm_invalid_exit(struct vcpu *v)
{
	struct insn in;

	if (to_vmcb(v)->save.rip == (u64)svm_vmrun_insn)
		return false;
	if (vcpu_decode_at_rip(v, &in) || in.kind != INSN_MOV_TO_CR)
		return false;
	svm_inject_exception(v, X86_EXC_GP, true, 0);
	return true;
}
