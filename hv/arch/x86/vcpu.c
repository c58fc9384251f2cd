// SPDX-License-Identifier: GPL-2.0
/*
 * The x86 vCPU: creation, the run loop around VMRUN, FPU and ASID
 * switching, and kicking other pCPUs.
 *
 * ASIDs: each pCPU hands out ASIDs 1..max; when they run out it starts a
 * new generation and flushes its whole TLB once. A vCPU keeps its ASID
 * while it stays on the same pCPU in the same generation; when its
 * domain's p2m loses an entry (tlb_gen moves) it takes a fresh ASID, which
 * on real hardware is how stale nested translations are dropped. (QEMU's
 * TCG flushes everything on every world switch, so none of this shows
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
#include <asm/page.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/svm.h>
#include <asm/traps.h>
#include <asm/vcpu.h>
#include <asm/vmcb.h>
#include <hvm/hvm_vcpu.h>

#define XSAVE_AREA_ORDER 0 /* 4 KiB: EPYC's area is 0x340 bytes */

struct asid_cpu {
	u32 next;
	u64 gen;
	paddr_t host_save_pa; /* VMSAVE area with this pCPU's own state */
	struct vcpu *fpu_owner;
};

static struct asid_cpu asid_cpus[CONFIG_NR_CPUS];
static u32 asid_max;
static bool have_xsave;

static void kick_interrupt(struct cpu_regs *regs)
{
	/* Nothing to do: taking it forced the exit from the guest. */
}

int arch_virt_init(void)
{
	u32 a, b, c, d;

	cpuid(0x8000000a, &a, &b, &c, &d);
	asid_max = b - 1;
	have_xsave = cpuid_ecx(1) & (1U << 26);
	set_irq_handler(VEC_IPI_KICK, kick_interrupt);
	return svm_maps_init();
}

/* Per pCPU: FPU/XSAVE enabled in CR4, and a host state page for VMLOAD. */
int arch_virt_cpu_init(void)
{
	struct asid_cpu *ac = &asid_cpus[smp_processor_id()];
	void *host = alloc_page_zeroed();
	unsigned long cr4 = read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;

	if (!host)
		return -1;
	if (have_xsave)
		cr4 |= X86_CR4_OSXSAVE;
	write_cr4(cr4);
	ac->host_save_pa = __pa(host);
	ac->gen = 1;
	ac->next = 1;
	__asm__ __volatile__("vmsave %0" ::"a"(ac->host_save_pa) : "memory");
	return 0;
}

int arch_vcpu_init(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;

	a->vmcb = alloc_page_zeroed();
	a->fpu = alloc_page_zeroed();
	if (!a->vmcb || !a->fpu)
		return -1;
	a->vmcb_pa = __pa(a->vmcb);
	vmcb_init(a->vmcb, v->domain->arch.p2m.root_pa);
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
	free_pages(v->arch.vmcb, 0);
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

/* Give v an ASID valid on this pCPU, flushing when one must be reused. */
static __hot void asid_assign(struct vcpu *v)
{
	struct asid_cpu *ac = &asid_cpus[smp_processor_id()];
	struct arch_vcpu *a = &v->arch;
	struct vmcb *vmcb = a->vmcb;
	u64 tlb_gen = READ_ONCE(v->domain->arch.p2m.tlb_gen);

	vmcb->ctl.tlb_control = SVM_TLB_FLUSH_NONE;
	if (a->asid_cpu == (int)smp_processor_id() && a->asid_gen == ac->gen &&
	    a->tlb_gen == tlb_gen)
		return;
	if (ac->next > asid_max) {
		ac->gen++;
		ac->next = 1;
		vmcb->ctl.tlb_control = SVM_TLB_FLUSH_ALL;
	}
	a->asid = ac->next++;
	a->asid_cpu = smp_processor_id();
	a->asid_gen = ac->gen;
	a->tlb_gen = tlb_gen;
	vmcb->ctl.asid = a->asid;
}

__hot void arch_vcpu_run(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;
	struct asid_cpu *ac = &asid_cpus[smp_processor_id()];

	for (;;) {
		local_irq_disable();
		if (sched_should_yield())
			break;
		asid_assign(v);
		svm_inject_events(v);
		a->vmcb->save.rax = a->gprs.rax;
		a->vmcb->save.rsp = a->gprs.rsp;
		svm_vmrun(&a->gprs, a->vmcb_pa, ac->host_save_pa);
		a->gprs.rax = a->vmcb->save.rax;
		a->gprs.rsp = a->vmcb->save.rsp;
		a->nr_exits++;
		local_irq_enable();
		svm_handle_exit(v);
	}
}

void arch_kick_cpu(unsigned int cpu)
{
	if (cpus[cpu])
		apic_send_ipi(cpus[cpu]->apic_id,
			      APIC_ICR_FIXED | VEC_IPI_KICK);
}

void arch_vcpu_set_pvh_entry(struct vcpu *v, u64 entry, u64 start_info)
{
	memset(&v->arch.gprs, 0, sizeof(v->arch.gprs));
	v->arch.gprs.rbx = start_info;
	vmcb_set_pvh_state(v->arch.vmcb, entry);
	v->initialised = true;
}

/* VMX-style access rights (hvm_vcpu.h) to the VMCB's packed form. */
static u16 ar_to_attr(u16 ar)
{
	return (ar & 0xff) | ((ar >> 4) & 0xf00);
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
	struct vmcb_save *s = &v->arch.vmcb->save;
	struct guest_gprs *g = &v->arch.gprs;

	if (initial_state_check(v, ctx))
		return -EINVAL;
	memset(g, 0, sizeof(*g));
	vmcb_set_pvh_state(v->arch.vmcb, 0);
	if (ctx->mode == VCPU_HVM_MODE_32B) {
		const struct vcpu_hvm_x86_32 *r = &ctx->cpu_regs.x86_32;

		g->rax = r->eax, g->rcx = r->ecx, g->rdx = r->edx;
		g->rbx = r->ebx, g->rsp = r->esp, g->rbp = r->ebp;
		g->rsi = r->esi, g->rdi = r->edi;
		s->rip = r->eip;
		s->rflags = r->eflags | 2;
		s->cr0 = r->cr0, s->cr3 = r->cr3, s->cr4 = r->cr4;
		s->efer = (r->efer & (EFER_SCE | EFER_LME | EFER_NXE)) |
			  EFER_SVME;
		s->cs.base = r->cs_base, s->cs.limit = r->cs_limit;
		s->cs.attr = ar_to_attr(r->cs_ar);
		s->ds.base = r->ds_base, s->ds.limit = r->ds_limit;
		s->ds.attr = ar_to_attr(r->ds_ar);
		s->ss.base = r->ss_base, s->ss.limit = r->ss_limit;
		s->ss.attr = ar_to_attr(r->ss_ar);
		s->es.base = r->es_base, s->es.limit = r->es_limit;
		s->es.attr = ar_to_attr(r->es_ar);
		s->tr.base = r->tr_base, s->tr.limit = r->tr_limit;
		s->tr.attr = ar_to_attr(r->tr_ar);
	} else if (ctx->mode == VCPU_HVM_MODE_64B) {
		const struct vcpu_hvm_x86_64 *r = &ctx->cpu_regs.x86_64;

		g->rax = r->rax, g->rcx = r->rcx, g->rdx = r->rdx;
		g->rbx = r->rbx, g->rsp = r->rsp, g->rbp = r->rbp;
		g->rsi = r->rsi, g->rdi = r->rdi;
		s->rip = r->rip;
		s->rflags = r->rflags | 2;
		s->cr0 = r->cr0, s->cr3 = r->cr3, s->cr4 = r->cr4;
		s->efer = (r->efer & (EFER_SCE | EFER_LME | EFER_NXE)) |
			  EFER_LMA | EFER_SVME;
		s->cs.attr = 0xa9b; /* 64-bit code: L=1, G=1 */
		s->cs.sel = 0x08;
	}
	s->cpl = s->ss.attr >> 5 & 3; /* QEMU takes the CPL from SS.DPL */
	v->initialised = true;
	return 0;
}

void arch_vcpu_send_nmi(struct vcpu *v)
{
	v->arch.nmi_pending = true;
	vcpu_kick(v);
}
