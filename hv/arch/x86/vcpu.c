// SPDX-License-Identifier: GPL-2.0
/*
 * The x86 vCPU, vendor-neutral: creation, FPU switching, start states,
 * and kicking other pCPUs. The entry/exit loop and ASIDs are the vendor's
 * (svm/run.c); this file reaches them through asm/hvm.h. (QEMU's TCG
 * flushes every TLB on every world switch, so ASID reuse never shows
 * there.)
 */
#include <hv/compiler.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/mm.h>
#include <hv/printk.h>
#include <hv/sched.h>
#include <hv/smp.h>
#include <hv/string.h>
#include <asm/apic.h>
#include <asm/hvm.h>
#include <asm/page.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <asm/vcpu.h>
#include <hvm/hvm_vcpu.h>

#define XSAVE_AREA_ORDER 0 /* 4 KiB: EPYC's area is 0x340 bytes */

static bool have_xsave;
static u32 mxcsr_mask; /* the MXCSR bits the CPU has (FXSAVE's mask) */

static void kick_interrupt(struct cpu_regs *regs)
{
	/* Nothing to do: taking it forced the exit from the guest. */
}

int arch_virt_init(void)
{
	have_xsave = cpuid_ecx(1) & (1U << 26);
	set_irq_handler(VEC_IPI_KICK, kick_interrupt);
	return virt->init();
}

/* Per pCPU: FPU/XSAVE enabled in CR4 (the vendor's part is cpu_enable). */
int arch_virt_cpu_init(void)
{
	unsigned long cr4 = read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;
	struct pcpu *c = this_cpu();
	u32 a, b, cx, d;

	if (have_xsave)
		cr4 |= X86_CR4_OSXSAVE;
	c->cr4_follow = X86_CR4_PGE;
	if (cpuid_edx(1) & (1U << 3))
		c->cr4_follow |= X86_CR4_PSE;
	cpuid(0, &a, &b, &cx, &d);
	if (a >= 7) {
		cpuid_count(7, 0, &a, &b, &cx, &d);
		if (b & (1U << 7))
			c->cr4_follow |= X86_CR4_SMEP;
		if (b & (1U << 20))
			c->cr4_follow |= X86_CR4_SMAP;
	}
	write_cr4(cr4);
	c->cr4 = cr4;
	if (!mxcsr_mask) {
		u8 img[512] __aligned(16);

		__asm__ __volatile__("fxsave64 %0" : "=m"(img));
		memcpy(&mxcsr_mask, img + 28, sizeof(mxcsr_mask));
		if (!mxcsr_mask)
			mxcsr_mask = 0xffbf; /* the architectural default */
	}
	return 0;
}

/*
 * v's x87 and SSE state from an FXSAVE image, the rest of its XSAVE
 * state as after reset; or (img NULL) all of it as after reset, MXCSR
 * at its default. v is not running. -EINVAL for MXCSR bits the CPU
 * lacks: restoring them would fault in the hv.
 */
int vcpu_fpu_set_legacy(struct vcpu *v, const void *img)
{
	u8 *area = v->arch.fpu;
	u32 mxcsr = 0x1f80;
	u16 fcw = 0x37f;

	if (img) {
		memcpy(&mxcsr, (const u8 *)img + 24, sizeof(mxcsr));
		if (mxcsr & ~mxcsr_mask)
			return -EINVAL;
	}
	memset(area, 0, 512 + 64); /* legacy region and XSAVE header */
	if (img) {
		memcpy(area, img, 512);
		if (have_xsave)
			area[512] = 3; /* XSTATE_BV: x87 and SSE as given */
	} else {
		memcpy(area, &fcw, sizeof(fcw));
		memcpy(area + 24, &mxcsr, sizeof(mxcsr));
	}
	return 0;
}

int arch_vcpu_init(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;

	a->fpu = alloc_page_zeroed();
	if (!a->fpu || virt->vcpu_init(v))
		return -1;
	a->xcr0 = 1; /* x87 only, the reset value */
	a->asid_cpu = -1;
	a->sipi_vector = ~0U;
	a->msr_apic_base = 0xfee00000 | (1UL << 11) | (1UL << 10) |
			   (v->id == 0 ? 1UL << 8 : 0);
	vlapic_init(v);
	return 0;
}

void arch_vcpu_destroy(struct vcpu *v)
{
	vlapic_destroy(v);
	if (v->arch.vmc)
		virt->vcpu_destroy(v);
	free_pages(v->arch.fpu, 0);
}

static inline void xsetbv(u32 idx, u64 v)
{
	__asm__ __volatile__("xsetbv" ::"c"(idx), "a"((u32)v),
			     "d"((u32)(v >> 32)));
}

static inline u64 xgetbv(u32 idx)
{
	u32 lo, hi;

	__asm__ __volatile__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(idx));
	return ((u64)hi << 32) | lo;
}

/*
 * The hv never touches FPU/SSE registers, so a vCPU's FPU state only has
 * to move when another vCPU takes its pCPU; we save it whenever it stops
 * running, as it may resume on another pCPU.
 */
void arch_vcpu_switch_from(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;

	if (have_xsave) {
		a->xcr0 = xgetbv(0);
		__asm__ __volatile__("xsave64 (%0)" ::"r"(a->fpu), "a"(~0U),
				     "d"(~0U)
				     : "memory");
	} else {
		__asm__ __volatile__("fxsave64 (%0)" ::"r"(a->fpu) : "memory");
	}
}

void arch_vcpu_switch_to(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;

	if (have_xsave) {
		xsetbv(0, a->xcr0);
		__asm__ __volatile__("xrstor64 (%0)" ::"r"(a->fpu), "a"(~0U),
				     "d"(~0U)
				     : "memory");
	} else {
		__asm__ __volatile__("fxrstor64 (%0)" ::"r"(a->fpu) : "memory");
	}
}

__hot void arch_vcpu_run(struct vcpu *v)
{
	virt->run(v);
}

bool arch_vcpu_has_pending(struct vcpu *v)
{
	return virt->has_pending(v);
}

/*
 * The kick protocol, as KVM's vcpu->mode: a pCPU marks itself in_guest,
 * then (after a full barrier) looks at its vCPU's state and events and
 * enters; a kicker writes state or events, then (after a full barrier)
 * sends an IPI only if the pCPU is marked. Either the pCPU's look sees the
 * write, or the kicker sees the mark. Without the test every event for a
 * running vCPU cost an IPI, and one that reached a pCPU on its way in (it
 * had already seen the event) forced an exit right after VMRUN: about one
 * exit in three of a 4 KiB read through blkback (docs/performance.md).
 */
static void send_kick(unsigned int cpu)
{
	apic_send_ipi(cpus[cpu]->apic_id, APIC_ICR_FIXED | VEC_IPI_KICK);
}

bool arch_kick_cpu(unsigned int cpu)
{
	bool ipi;

	if (!cpus[cpu])
		return false;
	smp_mb();
	ipi = READ_ONCE(cpus[cpu]->in_guest);
	if (ipi)
		send_kick(cpu);
	/* Either way it has work: let it have the turn (vcpu_entry_begin). */
	this_cpu()->kicked = true;
	return ipi;
}

void arch_wake_cpu(unsigned int cpu)
{
	if (!cpus[cpu])
		return;
	send_kick(cpu);
	this_cpu()->kicked = true;
}

void arch_vcpu_set_pvh_entry(struct vcpu *v, u64 entry, u64 start_info)
{
	memset(&v->arch.gprs, 0, sizeof(v->arch.gprs));
	v->arch.gprs.rbx = start_info;
	virt->set_pvh_state(v, entry);
	v->initialised = true;
}

/*
 * Xen's arch_set_info_hvm_guest refuses with -EINVAL what the CPU would
 * refuse: the control registers go through the same checks as a guest's
 * own writes (cr.c), as if written in that order from reset. All of it
 * before anything of v's changes.
 */
static int initial_state_check(struct vcpu *v,
			       const struct vcpu_hvm_context *ctx)
{
	struct cr_state st = { 0 };
	u64 cr0, cr3, cr4, efer;
	bool lm = ctx->mode == VCPU_HVM_MODE_64B;

	if (ctx->mode == VCPU_HVM_MODE_32B) {
		const struct vcpu_hvm_x86_32 *r = &ctx->cpu_regs.x86_32;

		cr0 = r->cr0, cr3 = r->cr3, cr4 = r->cr4, efer = r->efer;
		/* Long mode is for VCPU_HVM_MODE_64B. */
		if ((efer & EFER_LMA) ||
		    ((efer & EFER_LME) && (cr0 & X86_CR0_PG)))
			return -EINVAL;
	} else if (lm) {
		const struct vcpu_hvm_x86_64 *r = &ctx->cpu_regs.x86_64;

		cr0 = r->cr0, cr3 = r->cr3, cr4 = r->cr4, efer = r->efer;
		if (!(efer & EFER_LME) || !(cr0 & X86_CR0_PG) ||
		    !(cr4 & X86_CR4_PAE))
			return -EINVAL;
	} else {
		return -EINVAL;
	}
	efer &= ~EFER_LMA; /* LMA is the CPU's to set */
	if (efer_check(v, &st, efer))
		return -EINVAL;
	st.efer = efer;
	st.cr3 = cr3;
	if (cr4_check(v, &st, cr4))
		return -EINVAL;
	st.cr4 = cr4;
	if (cr0_check(v, &st, cr0))
		return -EINVAL;
	/* CR3 beyond the guest's physical address width: reserved. */
	if (cr3 >> (lm || (cr4 & X86_CR4_PAE) ? 40 : 32))
		return -EINVAL;
	return 0;
}

int arch_vcpu_initialise(struct vcpu *v, const struct vcpu_hvm_context *ctx)
{
	struct guest_gprs *g = &v->arch.gprs;

	if (initial_state_check(v, ctx))
		return -EINVAL;
	memset(g, 0, sizeof(*g));
	if (ctx->mode == VCPU_HVM_MODE_32B) {
		const struct vcpu_hvm_x86_32 *r = &ctx->cpu_regs.x86_32;

		g->rax = r->eax, g->rcx = r->ecx, g->rdx = r->edx;
		g->rbx = r->ebx, g->rsp = r->esp, g->rbp = r->ebp;
		g->rsi = r->esi, g->rdi = r->edi;
	} else {
		const struct vcpu_hvm_x86_64 *r = &ctx->cpu_regs.x86_64;

		g->rax = r->rax, g->rcx = r->rcx, g->rdx = r->rdx;
		g->rbx = r->rbx, g->rsp = r->rsp, g->rbp = r->rbp;
		g->rsi = r->rsi, g->rdi = r->rdi;
	}
	virt->load_context(v, ctx);
	v->initialised = true;
	return 0;
}

void arch_vcpu_send_nmi(struct vcpu *v)
{
	v->arch.nmi_pending = true;
	vcpu_kick(v);
}
