// SPDX-License-Identifier: GPL-2.0
/*
 * The vendor interface's register and start-state operations (asm/hvm.h)
 * over the VMCB's save area.
 */
#include <hv/domain.h>
#include <hv/mm.h>
#include <hv/string.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/vcpu.h>
#include <hvm/hvm_vcpu.h>
#include "svm.h"

int svm_vcpu_init(struct vcpu *v)
{
	struct vmcb *vmcb = alloc_page_zeroed();

	if (!vmcb)
		return -1;
	v->arch.vmc = vmcb;
	v->arch.vmc_pa = __pa(vmcb);
	v->arch.shadow_rip = ~0ULL;
	vmcb_init(vmcb, v->domain->arch.p2m.root_pa);
	return 0;
}

void svm_vcpu_destroy(struct vcpu *v)
{
	free_pages(v->arch.vmc, 0);
	v->arch.vmc = NULL;
}

__hot u64 svm_get_rip(const struct vcpu *v)
{
	return to_vmcb(v)->save.rip;
}

__hot void svm_set_rip(struct vcpu *v, u64 rip)
{
	to_vmcb(v)->save.rip = rip;
}

__hot u64 svm_get_rflags(const struct vcpu *v)
{
	return to_vmcb(v)->save.rflags;
}

__hot void svm_set_rflags(struct vcpu *v, u64 rflags)
{
	to_vmcb(v)->save.rflags = rflags;
}

__hot void svm_get_seg(const struct vcpu *v, enum seg_name s, struct seg_reg *r)
{
	const struct vmcb_save *sv = &to_vmcb(v)->save;
	const struct vmcb_seg *segs[] = {
		[SEG_ES] = &sv->es,	[SEG_CS] = &sv->cs,
		[SEG_SS] = &sv->ss,	[SEG_DS] = &sv->ds,
		[SEG_FS] = &sv->fs,	[SEG_GS] = &sv->gs,
		[SEG_TR] = &sv->tr,	[SEG_LDTR] = &sv->ldtr,
		[SEG_GDTR] = &sv->gdtr, [SEG_IDTR] = &sv->idtr,
	};
	const struct vmcb_seg *g = segs[s];

	r->sel = g->sel;
	r->attr = g->attr;
	r->limit = g->limit;
	r->base = g->base;
}

__exit_path unsigned int svm_get_cpl(const struct vcpu *v)
{
	return to_vmcb(v)->save.cpl & 3;
}

/* LMA is the CPU's; SVME stays set under the guest's value (VMRUN needs
 * it, the guest never sees it: msr.c). */
void svm_set_efer(struct vcpu *v, u64 efer)
{
	struct vmcb_save *s = &to_vmcb(v)->save;

	s->efer = (efer & ~(EFER_LMA | EFER_SVME)) | (s->efer & EFER_LMA) |
		  EFER_SVME;
}

u64 svm_get_pat(const struct vcpu *v)
{
	return to_vmcb(v)->save.g_pat;
}

void svm_set_pat(struct vcpu *v, u64 pat)
{
	to_vmcb(v)->save.g_pat = pat;
}

u64 svm_get_tsc_offset(const struct vcpu *v)
{
	return to_vmcb(v)->ctl.tsc_offset;
}

void svm_set_pvh_state(struct vcpu *v, u64 entry)
{
	vmcb_set_pvh_state(to_vmcb(v), entry);
	v->arch.shadow_rip = ~0ULL;
}

void svm_set_sipi_state(struct vcpu *v, u8 vector)
{
	vmcb_set_sipi_state(to_vmcb(v), vector);
	v->arch.shadow_rip = ~0ULL;
}

/* VMX-style access rights (hvm_vcpu.h) to the VMCB's packed form. */
static u16 ar_to_attr(u16 ar)
{
	return (ar & 0xff) | ((ar >> 4) & 0xf00);
}

static void load_seg(struct vmcb_seg *s, u32 base, u32 limit, u16 ar)
{
	s->base = base;
	s->limit = limit;
	s->attr = ar_to_attr(ar);
}

/* VCPUOP_initialise's context; its GPRs are the caller's to load. */
void svm_load_context(struct vcpu *v, const struct vcpu_hvm_context *ctx)
{
	struct vmcb_save *s = &to_vmcb(v)->save;

	svm_set_pvh_state(v, 0);
	if (ctx->mode == VCPU_HVM_MODE_32B) {
		const struct vcpu_hvm_x86_32 *r = &ctx->cpu_regs.x86_32;

		s->rip = r->eip;
		s->rflags = r->eflags | 2;
		s->cr0 = r->cr0, s->cr3 = r->cr3, s->cr4 = r->cr4;
		s->efer = (r->efer & (EFER_SCE | EFER_LME | EFER_NXE)) |
			  EFER_SVME;
		load_seg(&s->cs, r->cs_base, r->cs_limit, r->cs_ar);
		load_seg(&s->ds, r->ds_base, r->ds_limit, r->ds_ar);
		load_seg(&s->ss, r->ss_base, r->ss_limit, r->ss_ar);
		load_seg(&s->es, r->es_base, r->es_limit, r->es_ar);
		load_seg(&s->tr, r->tr_base, r->tr_limit, r->tr_ar);
	} else {
		const struct vcpu_hvm_x86_64 *r = &ctx->cpu_regs.x86_64;

		s->rip = r->rip;
		s->rflags = r->rflags | 2;
		s->cr0 = r->cr0, s->cr3 = r->cr3, s->cr4 = r->cr4;
		s->efer = (r->efer & (EFER_SCE | EFER_LME | EFER_NXE)) |
			  EFER_LMA | EFER_SVME;
		s->cs.attr = 0xa9b; /* 64-bit code: L=1, G=1 */
		s->cs.sel = 0x08;
	}
	s->cpl = s->ss.attr >> 5 & 3; /* QEMU takes the CPL from SS.DPL */
}
