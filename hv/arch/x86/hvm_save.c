// SPDX-License-Identifier: GPL-2.0
/*
 * An HVM domain's saved state (guest-abi/hvm/save.h) for the toolstack's
 * XEN_DOMCTL_gethvmcontext and sethvmcontext: HEADER, then per vCPU a CPU
 * and an MTRR record, then END. This is what Xen's domain builder needs
 * to start a PVH guest (libxenguest's vcpu_hvm reads the MTRR record,
 * writes it back with write-back as the default type, then loads vCPU 0's
 * start state as a CPU record), not a full save/restore: state hvlab does
 * not carry over (FPU, debug registers, FS/GS/LDTR/GDTR/IDTR, SYSENTER
 * and SYSCALL MSRs, pending events) is written as 0, and a record asking
 * to load it is refused with -EOPNOTSUPP rather than silently dropped.
 * The domain is paused by the caller (domctl.c).
 */
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/sched.h>
#include <hv/string.h>
#include <hvm/save.h>
#include <asm/hvm.h>
#include <asm/processor.h>
#include <asm/time.h>
#include <asm/vcpu.h>

#define DESC sizeof(struct hvm_save_descriptor)
#define MSR_PAT 0x277
#define MSR_MTRR_DEF_TYPE 0x2ff
#define MSR_MTRR_VAR_FIRST 0x200
#define MTRR_CAP 0x508 /* WC, fixed ranges, 8 variable (msr.c) */
#define MTRR_FIXED_WB 0x0606060606060606ULL /* the only fixed type here */

u32 arch_hvm_context_size(const struct domain *d)
{
	return DESC + sizeof(struct hvm_save_header) +
	       d->nr_vcpus * (2 * DESC + sizeof(struct hvm_hw_cpu) +
			      sizeof(struct hvm_hw_mtrr)) +
	       DESC;
}

static long put_record(u64 buf, u32 *off, u16 code, u16 instance,
		       const void *body, u32 len)
{
	struct hvm_save_descriptor d = { code, instance, len };

	if (copy_to_guest(buf + *off, &d, sizeof(d)) ||
	    (len && copy_to_guest(buf + *off + DESC, body, len)))
		return -EFAULT;
	*off += DESC + len;
	return 0;
}

static void save_seg(struct vcpu *v, enum seg_name s, u32 *sel, u32 *limit,
		     u64 *base, u32 *ar)
{
	struct seg_reg r;

	virt->get_seg(v, s, &r);
	if (sel)
		*sel = r.sel;
	*limit = r.limit;
	*base = r.base;
	if (ar)
		*ar = r.attr;
}

static void save_cpu(struct vcpu *v, struct hvm_hw_cpu *c)
{
	const struct guest_gprs *g = &v->arch.gprs;
	struct cr_state cs;

	memset(c, 0, sizeof(*c));
	c->rax = g->rax, c->rbx = g->rbx, c->rcx = g->rcx, c->rdx = g->rdx;
	c->rbp = g->rbp, c->rsi = g->rsi, c->rdi = g->rdi, c->rsp = g->rsp;
	c->r8 = g->r8, c->r9 = g->r9, c->r10 = g->r10, c->r11 = g->r11;
	c->r12 = g->r12, c->r13 = g->r13, c->r14 = g->r14, c->r15 = g->r15;
	c->rip = virt->get_rip(v);
	c->rflags = virt->get_rflags(v);
	virt->get_cr_state(v, &cs);
	c->cr0 = cs.cr0, c->cr3 = cs.cr3, c->cr4 = cs.cr4;
	c->msr_efer = cs.efer;
	save_seg(v, SEG_CS, &c->cs_sel, &c->cs_limit, &c->cs_base,
		 &c->cs_arbytes);
	save_seg(v, SEG_DS, &c->ds_sel, &c->ds_limit, &c->ds_base,
		 &c->ds_arbytes);
	save_seg(v, SEG_ES, &c->es_sel, &c->es_limit, &c->es_base,
		 &c->es_arbytes);
	save_seg(v, SEG_SS, &c->ss_sel, &c->ss_limit, &c->ss_base,
		 &c->ss_arbytes);
	save_seg(v, SEG_FS, &c->fs_sel, &c->fs_limit, &c->fs_base,
		 &c->fs_arbytes);
	save_seg(v, SEG_GS, &c->gs_sel, &c->gs_limit, &c->gs_base,
		 &c->gs_arbytes);
	save_seg(v, SEG_TR, &c->tr_sel, &c->tr_limit, &c->tr_base,
		 &c->tr_arbytes);
	save_seg(v, SEG_LDTR, &c->ldtr_sel, &c->ldtr_limit, &c->ldtr_base,
		 &c->ldtr_arbytes);
	save_seg(v, SEG_GDTR, NULL, &c->gdtr_limit, &c->gdtr_base, NULL);
	save_seg(v, SEG_IDTR, NULL, &c->idtr_limit, &c->idtr_base, NULL);
	c->msr_tsc_aux = v->arch.msr_tsc_aux;
	c->tsc = rdtsc() + virt->get_tsc_offset(v);
}

static void save_mtrr(struct vcpu *v, struct hvm_hw_mtrr *m)
{
	memset(m, 0, sizeof(*m));
	m->msr_pat_cr = virt->get_pat(v);
	memcpy(m->msr_mtrr_var, v->arch.mtrr_var, sizeof(m->msr_mtrr_var));
	for (unsigned int i = 0; i < NUM_FIXED_MSR; i++)
		m->msr_mtrr_fixed[i] = MTRR_FIXED_WB;
	m->msr_mtrr_cap = MTRR_CAP;
	m->msr_mtrr_def_type = v->arch.mtrr_def_type;
}

long arch_hvm_save(struct domain *d, u64 buf, u32 *size)
{
	struct hvm_save_header h = {
		.magic = HVM_FILE_MAGIC,
		.version = HVM_FILE_VERSION,
		.gtsc_khz = tsc_khz,
	};
	struct hvm_hw_cpu c;
	struct hvm_hw_mtrr m;
	u32 b, dx, off = 0;
	long rc;

	cpuid(1, &h.cpuid, &b, &dx, &dx);
	rc = put_record(buf, &off, HVM_SAVE_CODE_HEADER, 0, &h, sizeof(h));
	/* Xen's order: each type for all vCPUs, types by code. */
	for (unsigned int i = 0; !rc && i < d->nr_vcpus; i++) {
		save_cpu(d->vcpu[i], &c);
		rc = put_record(buf, &off, HVM_SAVE_CODE_CPU, i, &c, sizeof(c));
	}
	for (unsigned int i = 0; !rc && i < d->nr_vcpus; i++) {
		save_mtrr(d->vcpu[i], &m);
		rc = put_record(buf, &off, HVM_SAVE_CODE_MTRR, i, &m,
				sizeof(m));
	}
	if (!rc)
		rc = put_record(buf, &off, HVM_SAVE_CODE_END, 0, NULL, 0);
	*size = off;
	return rc;
}

long arch_hvm_save_one(struct domain *d, u32 type, u32 instance, u64 buf,
		       u64 *bufsz)
{
	union {
		struct hvm_hw_cpu c;
		struct hvm_hw_mtrr m;
	} u;
	u32 len;

	if (type != HVM_SAVE_CODE_CPU && type != HVM_SAVE_CODE_MTRR)
		return -EINVAL;
	if (instance >= d->nr_vcpus)
		return -ENOENT;
	if (type == HVM_SAVE_CODE_CPU) {
		save_cpu(d->vcpu[instance], &u.c);
		len = sizeof(u.c);
	} else {
		save_mtrr(d->vcpu[instance], &u.m);
		len = sizeof(u.m);
	}
	if (*bufsz < len)
		return -ENOBUFS;
	if (copy_to_guest(buf, &u, len))
		return -EFAULT;
	*bufsz = len;
	return 0;
}

/* Xen's arch_get_info_guest for an HVM vCPU: the registers in the PV
 * layout, the control and debug registers, the segment bases. */
void arch_vcpu_get_context(struct vcpu *v, struct vcpu_guest_context *g)
{
	struct cpu_user_regs *r = &g->user_regs;
	struct hvm_hw_cpu c;

	save_cpu(v, &c);
	memset(g, 0, sizeof(*g));
	g->flags = vcpu_is_up(v) ? VGCF_online : 0;
	if (virt->get_cpl(v) == 0)
		g->flags |= VGCF_in_kernel;
	r->r15 = c.r15, r->r14 = c.r14, r->r13 = c.r13, r->r12 = c.r12;
	r->rbp = c.rbp, r->rbx = c.rbx, r->r11 = c.r11, r->r10 = c.r10;
	r->r9 = c.r9, r->r8 = c.r8, r->rax = c.rax, r->rcx = c.rcx;
	r->rdx = c.rdx, r->rsi = c.rsi, r->rdi = c.rdi;
	r->rip = c.rip, r->rflags = c.rflags, r->rsp = c.rsp;
	r->cs = c.cs_sel, r->ss = c.ss_sel, r->ds = c.ds_sel;
	r->es = c.es_sel, r->fs = c.fs_sel, r->gs = c.gs_sel;
	g->ctrlreg[0] = c.cr0;
	g->ctrlreg[3] = c.cr3;
	g->ctrlreg[4] = c.cr4;
	g->debugreg[6] = 0xffff0ff0; /* reset values: not virtualized */
	g->debugreg[7] = 0x400;
	g->fs_base = c.fs_base;
	g->gs_base_user = c.gs_base;
}

/*
 * setvcpucontext (Xen's arch_set_info_guest for an HVM vCPU): the general
 * registers, RIP, RFLAGS and the FPU; segments and control registers
 * stay as they are. v does not run. -EINVAL for what the CPU would refuse
 * (reserved RFLAGS bits, a RIP it cannot hold in the mode v is in, MXCSR
 * bits it lacks); -EOPNOTSUPP for debug registers, as for a CPU record.
 */
int arch_vcpu_set_context(struct vcpu *v, const struct vcpu_guest_context *g)
{
	const struct cpu_user_regs *r = &g->user_regs;
	struct guest_gprs *p = &v->arch.gprs;
	struct cr_state cs;
	int rc;

	if (g->debugreg[0] | g->debugreg[1] | g->debugreg[2] | g->debugreg[3] |
	    (g->debugreg[6] & ~0xffff0ff0ULL) | (g->debugreg[7] & ~0x400ULL))
		return -EOPNOTSUPP;
	if (r->rflags & ~RFLAGS_DEFINED)
		return -EINVAL;
	virt->get_cr_state(v, &cs);
	if (cs.efer & EFER_LMA ? (u64)((s64)(r->rip << 16) >> 16) != r->rip :
				 r->rip >> 32)
		return -EINVAL;
	rc = vcpu_fpu_set_legacy(v, g->flags & VGCF_i387_valid ? g->fpu_ctxt.x :
								 NULL);
	if (rc)
		return rc;
	p->rax = r->rax, p->rcx = r->rcx, p->rdx = r->rdx, p->rbx = r->rbx;
	p->rsp = r->rsp, p->rbp = r->rbp, p->rsi = r->rsi, p->rdi = r->rdi;
	p->r8 = r->r8, p->r9 = r->r9, p->r10 = r->r10, p->r11 = r->r11;
	p->r12 = r->r12, p->r13 = r->r13, p->r14 = r->r14, p->r15 = r->r15;
	virt->set_rip(v, r->rip);
	virt->set_rflags(v, r->rflags | 2); /* bit 1 reads as one */
	return 0;
}

/* State a CPU record may carry that hvlab cannot load: any of it set. */
static bool cpu_unloadable(const struct hvm_hw_cpu *c)
{
	return c->fs_sel | c->fs_limit | c->fs_base | c->fs_arbytes |
	       c->gs_sel | c->gs_limit | c->gs_base | c->gs_arbytes |
	       c->ldtr_sel | c->ldtr_limit | c->ldtr_base | c->ldtr_arbytes |
	       c->gdtr_limit | c->gdtr_base | c->idtr_limit | c->idtr_base |
	       c->dr0 | c->dr1 | c->dr2 | c->dr3 | c->cr2 |
	       (c->dr6 & ~0xffff0ff0ULL) | (c->dr7 & ~0x400ULL) |
	       c->sysenter_cs | c->sysenter_esp | c->sysenter_eip |
	       c->shadow_gs | c->msr_lstar | c->msr_star | c->msr_cstar |
	       c->msr_syscall_mask | (c->pending_event & (1U << 31)) |
	       (c->flags & XEN_X86_FPU_INITIALISED);
}

/* Outside long mode: registers and bases of 32 bits, attributes of 12. */
static bool legacy_fits(const struct hvm_hw_cpu *c)
{
	u64 regs = c->rax | c->rcx | c->rdx | c->rbx | c->rsp | c->rbp |
		   c->rsi | c->rdi | c->rip | c->rflags | c->cr0 | c->cr3 |
		   c->cr4 | c->cs_base | c->ds_base | c->ss_base | c->es_base |
		   c->tr_base | c->r8 | c->r9 | c->r10 | c->r11 | c->r12 |
		   c->r13 | c->r14 | c->r15;
	u32 ar = c->cs_arbytes | c->ds_arbytes | c->ss_arbytes | c->es_arbytes |
		 c->tr_arbytes;

	return !(regs >> 32) && !(ar >> 12);
}

/* The record's packed attributes (AVL, L, D/B, G in bits 8-11) in the
 * VMX layout of VCPUOP_initialise's context (bits 12-15). */
static u16 ar_vmx(u32 arbytes)
{
	return (arbytes & 0xff) | ((arbytes & 0xf00) << 4);
}

/*
 * The record's state as VCPUOP_initialise's context, which has the same
 * checks (a control register value the CPU would refuse is -EINVAL).
 * Outside long mode every value must fit 32 bits.
 */
static long load_cpu(struct vcpu *v, const struct hvm_hw_cpu *c)
{
	struct vcpu_hvm_context ctx = { 0 };
	struct guest_gprs *g = &v->arch.gprs;
	bool lm = (c->msr_efer & EFER_LMA) ||
		  ((c->msr_efer & EFER_LME) && (c->cr0 & X86_CR0_PG));
	long rc;

	if (c->pad0)
		return -EINVAL;
	if (cpu_unloadable(c))
		return -EOPNOTSUPP;
	if (lm) {
		struct vcpu_hvm_x86_64 *r = &ctx.cpu_regs.x86_64;

		ctx.mode = VCPU_HVM_MODE_64B;
		r->rax = c->rax, r->rcx = c->rcx, r->rdx = c->rdx;
		r->rbx = c->rbx, r->rsp = c->rsp, r->rbp = c->rbp;
		r->rsi = c->rsi, r->rdi = c->rdi;
		r->rip = c->rip, r->rflags = c->rflags;
		r->cr0 = c->cr0, r->cr3 = c->cr3, r->cr4 = c->cr4;
		r->efer = c->msr_efer;
	} else {
		struct vcpu_hvm_x86_32 *r = &ctx.cpu_regs.x86_32;

		if (!legacy_fits(c))
			return -EINVAL;
		ctx.mode = VCPU_HVM_MODE_32B;
		r->eax = c->rax, r->ecx = c->rcx, r->edx = c->rdx;
		r->ebx = c->rbx, r->esp = c->rsp, r->ebp = c->rbp;
		r->esi = c->rsi, r->edi = c->rdi;
		r->eip = c->rip, r->eflags = c->rflags;
		r->cr0 = c->cr0, r->cr3 = c->cr3, r->cr4 = c->cr4;
		r->efer = c->msr_efer;
		r->cs_base = c->cs_base, r->cs_limit = c->cs_limit;
		r->cs_ar = ar_vmx(c->cs_arbytes);
		r->ds_base = c->ds_base, r->ds_limit = c->ds_limit;
		r->ds_ar = ar_vmx(c->ds_arbytes);
		r->ss_base = c->ss_base, r->ss_limit = c->ss_limit;
		r->ss_ar = ar_vmx(c->ss_arbytes);
		r->es_base = c->es_base, r->es_limit = c->es_limit;
		r->es_ar = ar_vmx(c->es_arbytes);
		r->tr_base = c->tr_base, r->tr_limit = c->tr_limit;
		r->tr_ar = ar_vmx(c->tr_arbytes);
	}
	rc = arch_vcpu_initialise(v, &ctx);
	if (rc)
		return rc;
	g->r8 = c->r8, g->r9 = c->r9, g->r10 = c->r10, g->r11 = c->r11;
	g->r12 = c->r12, g->r13 = c->r13, g->r14 = c->r14, g->r15 = c->r15;
	v->arch.msr_tsc_aux = (u32)c->msr_tsc_aux;
	/* As Xen: a vCPU given its state comes up (and runs once the
	 * domain is unpaused). */
	vcpu_up(v);
	return 0;
}

static bool pat_valid(u64 pat)
{
	for (unsigned int i = 0; i < 8; i++) {
		u8 t = pat >> (8 * i);

		if (t == 2 || t == 3 || t > 7)
			return false;
	}
	return true;
}

static long load_mtrr(struct vcpu *v, const struct hvm_hw_mtrr *m)
{
	u64 def = m->msr_mtrr_def_type;
	u8 type = def & 0xff;

	if ((m->msr_mtrr_cap & 0xff) > MTRR_VCNT || !pat_valid(m->msr_pat_cr) ||
	    (def & ~0xcffULL) || type == 2 || type == 3 || type > 6)
		return -EINVAL;
	for (unsigned int i = 0; i < NUM_FIXED_MSR; i++)
		if (m->msr_mtrr_fixed[i] != MTRR_FIXED_WB)
			return -EOPNOTSUPP;
	vcpu_wrmsr(v, MSR_PAT, m->msr_pat_cr);
	vcpu_wrmsr(v, MSR_MTRR_DEF_TYPE, def);
	for (unsigned int i = 0; i < MTRR_VCNT * 2; i++)
		vcpu_wrmsr(v, MSR_MTRR_VAR_FIRST + i, m->msr_mtrr_var[i]);
	return 0;
}

long arch_hvm_load(struct domain *d, u64 buf, u32 size)
{
	union {
		struct hvm_save_header h;
		struct hvm_hw_cpu c;
		struct hvm_hw_mtrr m;
	} u;
	struct hvm_save_descriptor desc;
	bool header = false;
	u32 off = 0;
	long rc;

	while (size - off >= DESC) {
		static const u32 len[] = {
			[HVM_SAVE_CODE_HEADER] = sizeof(u.h),
			[HVM_SAVE_CODE_CPU] = sizeof(u.c),
			[HVM_SAVE_CODE_MTRR] = sizeof(u.m),
		};

		if (copy_from_guest(&desc, buf + off, DESC))
			return -EFAULT;
		off += DESC;
		if (desc.typecode == HVM_SAVE_CODE_END)
			return header && !desc.length ? 0 : -EINVAL;
		/* HEADER first and only first; known types at their size. */
		if ((desc.typecode == HVM_SAVE_CODE_HEADER) == header ||
		    desc.typecode >= ARRAY_SIZE(len) || !len[desc.typecode] ||
		    desc.length != len[desc.typecode] ||
		    desc.length > size - off)
			return -EINVAL;
		if (copy_from_guest(&u, buf + off, desc.length))
			return -EFAULT;
		off += desc.length;
		if (desc.typecode == HVM_SAVE_CODE_HEADER) {
			if (u.h.magic != HVM_FILE_MAGIC ||
			    u.h.version != HVM_FILE_VERSION)
				return -EINVAL;
			header = true;
			continue;
		}
		if (desc.instance >= d->nr_vcpus)
			return -EINVAL;
		rc = desc.typecode == HVM_SAVE_CODE_CPU ?
			     load_cpu(d->vcpu[desc.instance], &u.c) :
			     load_mtrr(d->vcpu[desc.instance], &u.m);
		if (rc)
			return rc;
	}
	return -EINVAL; /* no END */
}
