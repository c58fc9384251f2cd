// SPDX-License-Identifier: GPL-2.0
/*
 * VMCB set-up. Every vCPU gets the same intercepts (qemu-tcg-svm.md rule 2)
 * and shares one MSR and one I/O permission map: all I/O ports and all
 * MSRs exit, except the MSRs that VMLOAD/VMSAVE switch for us anyway.
 */
#include <hv/domain.h>
#include <hv/mm.h>
#include <hv/printk.h>
#include <hv/string.h>
#include <asm/page.h>
#include <asm/processor.h>
#include "svm.h"

#define MSRPM_ORDER 1 /* 8 KiB */
#define IOPM_ORDER 2 /* 12 KiB used of 16 */
#define GUEST_PAT 0x0007040600070406ULL

static paddr_t msrpm_pa, iopm_pa;

/* Let the guest read and write msr directly. */
static void msrpm_open(u8 *pm, u32 msr)
{
	u32 base, off;

	if (msr < 0x2000)
		base = 0;
	else if (msr - 0xc0000000 < 0x2000)
		base = 0x800, msr -= 0xc0000000;
	else
		base = 0x1000, msr -= 0xc0010000;
	off = base * 8 + msr * 2; /* bit offset: 2 bits per MSR */
	pm[off / 8] &= ~(3 << (off % 8));
}

int svm_maps_init(void)
{
	static const u32 open[] = {
		MSR_FS_BASE, MSR_GS_BASE, MSR_KERNEL_GS_BASE,
		0xc0000081,  0xc0000082,  0xc0000083,
		0xc0000084, /* STAR.. */
		0x174,	     0x175,	  0x176, /* SYSENTER_CS/ESP/EIP */
	};
	u8 *msrpm = alloc_pages(MSRPM_ORDER);
	u8 *iopm = alloc_pages(IOPM_ORDER);

	if (!msrpm || !iopm)
		return -1;
	memset(msrpm, 0xff, PAGE_SIZE << MSRPM_ORDER);
	memset(iopm, 0xff, PAGE_SIZE << IOPM_ORDER);
	for (unsigned int i = 0; i < ARRAY_SIZE(open); i++)
		msrpm_open(msrpm, open[i]);
	msrpm_pa = __pa(msrpm);
	iopm_pa = __pa(iopm);
	return 0;
}

void vmcb_init(struct vmcb *vmcb, paddr_t npt_root)
{
	struct vmcb_control *c = &vmcb->ctl;

	memset(vmcb, 0, sizeof(*vmcb));
	c->intercept_exceptions = 0;
	/* Checked against what the vCPU offers (svm/cr.c). */
	c->intercept_cr = SVM_INTERCEPT_CR_WRITE(0) | SVM_INTERCEPT_CR_WRITE(4);
	c->intercept_misc1 =
		SVM_INTERCEPT_INTR | SVM_INTERCEPT_NMI | SVM_INTERCEPT_SMI |
		SVM_INTERCEPT_INIT | SVM_INTERCEPT_CPUID | SVM_INTERCEPT_INVD |
		SVM_INTERCEPT_HLT | SVM_INTERCEPT_INVLPGA | SVM_INTERCEPT_IOIO |
		SVM_INTERCEPT_MSR | SVM_INTERCEPT_SHUTDOWN;
	c->intercept_misc2 = SVM_INTERCEPT_VMRUN | SVM_INTERCEPT_VMMCALL |
			     SVM_INTERCEPT_VMLOAD | SVM_INTERCEPT_VMSAVE |
			     SVM_INTERCEPT_STGI | SVM_INTERCEPT_CLGI |
			     SVM_INTERCEPT_SKINIT | SVM_INTERCEPT_MONITOR |
			     SVM_INTERCEPT_MWAIT | SVM_INTERCEPT_XSETBV;
	c->iopm_base_pa = iopm_pa;
	c->msrpm_base_pa = msrpm_pa;
	c->int_ctl = SVM_V_INTR_MASKING;
	c->nested_ctl = SVM_NESTED_CTL_NP_ENABLE;
	c->nested_cr3 = npt_root;
	c->tlb_control = SVM_TLB_FLUSH_ALL;
	vmcb->save.g_pat = GUEST_PAT;
	vmcb->save.dr6 = 0xffff0ff0;
	vmcb->save.dr7 = 0x400;
}

static void seg(struct vmcb_seg *s, u16 sel, u16 attr, u32 limit, u64 base)
{
	s->sel = sel;
	s->attr = attr;
	s->limit = limit;
	s->base = base;
}

/*
 * The PVH entry state (Xen's docs/misc/pvh.pandoc): flat 32-bit protected
 * mode, paging off, EBX = start info. EFER.SVME stays set in the VMCB
 * (VMRUN requires it) but the guest never sees it (msr.c).
 */
void vmcb_set_pvh_state(struct vmcb *vmcb, u64 entry)
{
	struct vmcb_save *s = &vmcb->save;

	seg(&s->cs, 0x08, 0xc9b, 0xffffffff, 0); /* code, D=1 G=1 */
	seg(&s->ds, 0x10, 0xc93, 0xffffffff, 0);
	s->es = s->ss = s->fs = s->gs = s->ds;
	seg(&s->tr, 0x18, 0x08b, 0x67, 0); /* 32-bit busy TSS */
	seg(&s->ldtr, 0, 0x082, 0, 0);
	seg(&s->gdtr, 0, 0, 0, 0);
	seg(&s->idtr, 0, 0, 0, 0);
	s->cpl = 0;
	s->efer = EFER_SVME;
	s->cr0 = 0x11; /* PE | ET */
	s->cr3 = 0;
	s->cr4 = 0;
	s->rflags = 0x2;
	s->rip = entry;
	s->rsp = 0;
}

/*
 * A vCPU woken by INIT-SIPI: real mode at vector << 12, as the processor
 * does (CS.sel = vector << 8, IP = 0).
 */
void vmcb_set_sipi_state(struct vmcb *vmcb, u8 vector)
{
	struct vmcb_save *s = &vmcb->save;

	seg(&s->cs, (u16)vector << 8, 0x09b, 0xffff, (u64)vector << 12);
	seg(&s->ds, 0, 0x093, 0xffff, 0);
	s->es = s->ss = s->fs = s->gs = s->ds;
	seg(&s->tr, 0, 0x08b, 0xffff, 0);
	seg(&s->ldtr, 0, 0x082, 0xffff, 0);
	seg(&s->gdtr, 0, 0, 0xffff, 0);
	seg(&s->idtr, 0, 0, 0xffff, 0);
	s->cpl = 0;
	s->efer = EFER_SVME;
	s->cr0 = 0x10; /* ET; CD/NW left clear: caching is not emulated */
	s->cr3 = 0;
	s->cr4 = 0;
	s->rflags = 0x2;
	s->rip = 0;
	s->rsp = 0;
	s->dr7 = 0x400;
}

void vmcb_dump(const struct vmcb *v)
{
	const struct vmcb_save *s = &v->save;
	const struct vmcb_control *c = &v->ctl;

	pr_err("  exit %lx info1 %lx info2 %lx intinfo %lx\n",
	       (unsigned long)c->exit_code, (unsigned long)c->exit_info_1,
	       (unsigned long)c->exit_info_2, (unsigned long)c->exit_int_info);
	pr_err("  rip %lx rsp %lx rflags %lx cpl %u\n", (unsigned long)s->rip,
	       (unsigned long)s->rsp, (unsigned long)s->rflags, s->cpl);
	pr_err("  cr0 %lx cr2 %lx cr3 %lx cr4 %lx efer %lx\n",
	       (unsigned long)s->cr0, (unsigned long)s->cr2,
	       (unsigned long)s->cr3, (unsigned long)s->cr4,
	       (unsigned long)s->efer);
	pr_err("  cs %04x/%04x/%lx ss %04x/%04x ds %04x tr %04x idt %lx/%x\n",
	       s->cs.sel, s->cs.attr, (unsigned long)s->cs.base, s->ss.sel,
	       s->ss.attr, s->ds.sel, s->tr.sel, (unsigned long)s->idtr.base,
	       s->idtr.limit);
}
