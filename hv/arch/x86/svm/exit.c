// SPDX-License-Identifier: GPL-2.0
/*
 * #VMEXIT dispatch. QEMU gives no next-RIP and no decode assists, so each
 * handler knows the length of what it emulates (fixed encodings) or the
 * exit gives it (IOIO); #NPF is decoded in npf.c.
 */
#include <hv/compiler.h>
#include <hv/domain.h>
#include <hv/printk.h>
#include <hv/sched.h>
#include <hv/smp.h>
#include <asm/processor.h>
#include <asm/vcpu.h>
#include "svm.h"

#define VEC_UD 6
#define VEC_GP 13

__exit_path void svm_skip_insn(struct vcpu *v, unsigned int len)
{
	struct vmcb *vmcb = to_vmcb(v);

	vmcb->save.rip += len;
	if (!(vmcb->save.efer & EFER_LMA)) /* 32-bit RIP */
		vmcb->save.rip = (u32)vmcb->save.rip;
}

__hot void svm_inject_exception(struct vcpu *v, unsigned int vec, bool has_err,
				u32 err)
{
	struct vmcb *vmcb = to_vmcb(v);

	vmcb->ctl.event_inj = vec | SVM_EVTINJ_TYPE_EXEPT | SVM_EVTINJ_VALID |
			      (has_err ? SVM_EVTINJ_VALID_ERR : 0) |
			      ((u64)err << 32);
}

static __hot void exit_msr(struct vcpu *v)
{
	struct vmcb *vmcb = to_vmcb(v);
	struct guest_gprs *r = &v->arch.gprs;
	u32 msr = (u32)r->rcx;
	int rc;

	if (vmcb->ctl.exit_info_1) {
		rc = vcpu_wrmsr(v, msr, (r->rdx << 32) | (u32)r->rax);
	} else {
		u64 val = 0;

		rc = vcpu_rdmsr(v, msr, &val);
		if (!rc) {
			r->rax = (u32)val;
			r->rdx = val >> 32;
		}
	}
	if (rc)
		svm_inject_exception(v, VEC_GP, true, 0);
	else
		svm_skip_insn(v, 2);
}

static __hot void exit_ioio(struct vcpu *v)
{
	struct vmcb *vmcb = to_vmcb(v);
	u64 info = vmcb->ctl.exit_info_1;
	unsigned int size = (info & SVM_IOIO_SIZE_MASK) >> SVM_IOIO_SIZE_SHIFT;
	u16 port = info >> 16;
	bool in = info & SVM_IOIO_IN;

	size = size == 4 ? 4 : size == 2 ? 2 : 1;
	if (info & SVM_IOIO_STR) {
		if (!vcpu_io_string(v, port, size, in, info & SVM_IOIO_REP))
			return; /* run it again for the rest */
	} else {
		u64 val = v->arch.gprs.rax;

		vcpu_io(v, port, size, in, &val);
		if (in) {
			u64 mask = size == 4 ? 0xffffffffULL :
					       (1ULL << (size * 8)) - 1;

			v->arch.gprs.rax = size == 4 ?
						   (u32)val :
						   (v->arch.gprs.rax & ~mask) |
							   (val & mask);
		}
	}
	vmcb->save.rip = vmcb->ctl.exit_info_2; /* IOIO does give next RIP */
}

/*
 * An event that was being delivered when the exit hit must be delivered
 * again. QEMU records interrupts it started itself as exceptions, and an
 * exception type with a vector >= 32 is invalid for EVENTINJ: send those
 * as interrupts. A software interrupt is dropped: re-running INT n
 * raises it again (qemu-tcg-svm.md section 6).
 */
static __exit_path void requeue_interrupted_event(struct vcpu *v)
{
	struct vmcb *vmcb = to_vmcb(v);
	u64 ev = vmcb->ctl.exit_int_info;
	u32 type = ev & SVM_EVTINJ_TYPE_MASK;

	if (!(ev & SVM_EVTINJ_VALID))
		return;
	if (type == SVM_EVTINJ_TYPE_SOFT)
		return;
	if (type == SVM_EVTINJ_TYPE_EXEPT && (ev & 0xff) >= 32)
		ev = (ev &
		      ~(u64)(SVM_EVTINJ_TYPE_MASK | SVM_EVTINJ_VALID_ERR)) |
		     SVM_EVTINJ_TYPE_INTR;
	vmcb->ctl.event_inj = ev;
}

static __exit_path void exit_trace_record(struct vcpu *v)
{
	const struct vmcb *vmcb = to_vmcb(v);
	struct exit_trace *t =
		&v->arch.exit_trace[v->arch.exit_trace_pos++ %
				    ARRAY_SIZE(v->arch.exit_trace)];

	t->rip = vmcb->save.rip;
	t->intinfo = vmcb->ctl.exit_int_info;
	t->code = (u32)vmcb->ctl.exit_code;
	t->int_ctl = (u32)vmcb->ctl.int_ctl;
	t->cpu = smp_processor_id();
	t->inj = v->arch.entry_inj;
	t->virq = v->arch.entry_virq;
}

/* Oldest first; the last line is the exit being handled. */
static void exit_trace_dump(const struct vcpu *v)
{
	unsigned int n = ARRAY_SIZE(v->arch.exit_trace);

	for (unsigned int i = 0; i < n; i++) {
		const struct exit_trace *t =
			&v->arch.exit_trace[(v->arch.exit_trace_pos + i) % n];

		if (!t->code && !t->rip)
			continue;
		pr_err("  exit[-%u] %x at %lx on CPU%u intinfo %lx int_ctl %x "
		       "(entry: inj %lx virq %d)\n",
		       n - 1 - i, t->code, (unsigned long)t->rip, t->cpu,
		       (unsigned long)t->intinfo, t->int_ctl,
		       (unsigned long)t->inj, t->virq);
	}
}

static void dump_dead_guest(struct vcpu *v)
{
	struct vmcb *vmcb = to_vmcb(v);

	vmcb_dump(vmcb);
	pr_err("  nested cr3 %lx (domain's p2m root %lx)\n",
	       (unsigned long)vmcb->ctl.nested_cr3,
	       (unsigned long)v->domain->arch.p2m.root_pa);
	exit_trace_dump(v);
	guest_walk_dump(v, "rip", vmcb->save.cs.base + vmcb->save.rip);
	guest_walk_dump(v, "idt", vmcb->save.idtr.base);
}

/*
 * The lab's per-domain exit counters (perfc.h), by kind: a table, not a
 * switch, as each compare of a chain is a translated block of its own
 * under QEMU. It holds the counter + 1 (0: "other"); codes past it (#NPF
 * is 0x400) are looked at apart.
 */
static const u8 exit_kind[SVM_EXIT_MWAIT + 1] __hot_rodata = {
	[SVM_EXIT_INTR] = PERFC_exit_intr + 1,
	[SVM_EXIT_NMI] = PERFC_exit_intr + 1,
	[SVM_EXIT_HLT] = PERFC_exit_hlt + 1,
	[SVM_EXIT_VMMCALL] = PERFC_exit_hypercall + 1,
	[SVM_EXIT_IOIO] = PERFC_exit_io + 1,
	[SVM_EXIT_MSR] = PERFC_exit_msr + 1,
	[SVM_EXIT_CPUID] = PERFC_exit_cpuid + 1,
};

static __exit_path void count_exit(struct vcpu *v, u32 code)
{
	unsigned int k = code < ARRAY_SIZE(exit_kind) ? exit_kind[code] : 0;

	if (code == SVM_EXIT_NPF)
		k = PERFC_exit_npf + 1;
	v->perfc[k ? k - 1 : PERFC_exit_other]++;
}

__exit_path void svm_handle_exit(struct vcpu *v)
{
	struct vmcb *vmcb = to_vmcb(v);
	u32 code = (u32)vmcb->ctl.exit_code;

	exit_trace_record(v);
	count_exit(v, code);
	/* The shadow stays known until RIP moves on: a second exit at the
	 * same RIP reports none, as QEMU dropped it at the entry between. */
	if (vmcb->ctl.int_state & SVM_INT_STATE_SHADOW)
		v->arch.shadow_rip = vmcb->save.rip;
	else if (vmcb->save.rip != v->arch.shadow_rip)
		v->arch.shadow_rip = ~0ULL;

	vmcb->ctl.event_inj = 0;
	requeue_interrupted_event(v);
	svm_note_virq_delivery(v);

	switch (code) {
	case SVM_EXIT_INTR:
	case SVM_EXIT_NMI:
	case SVM_EXIT_SMI:
	case SVM_EXIT_INIT:
	case SVM_EXIT_VINTR:
		break; /* the host took it when we set GIF again */
	case SVM_EXIT_CPUID:
		vcpu_cpuid(v);
		svm_skip_insn(v, 2);
		break;
	case SVM_EXIT_MSR:
		exit_msr(v);
		break;
	case SVM_EXIT_VMMCALL:
		/* A preempted hypercall runs again from the VMMCALL. */
		if (vcpu_hypercall(v))
			svm_skip_insn(v, 3);
		break;
	case SVM_EXIT_HLT:
		svm_skip_insn(v, 1);
		vcpu_halt(v);
		break;
	case SVM_EXIT_IOIO:
		exit_ioio(v);
		break;
	case SVM_EXIT_NPF:
		vcpu_npf(v, vmcb->ctl.exit_info_2,
			 vmcb->ctl.exit_info_1 & SVM_NPF_GUEST_PT);
		break;
	case SVM_EXIT_INVD:
		svm_skip_insn(v, 2);
		break;
	case SVM_EXIT_XSETBV:
		svm_exit_xsetbv(v);
		break;
	case SVM_EXIT_WRITE_CR0:
	case SVM_EXIT_WRITE_CR4:
		svm_exit_cr_write(v);
		break;
	case SVM_EXIT_VMRUN:
	case SVM_EXIT_VMLOAD:
	case SVM_EXIT_VMSAVE:
	case SVM_EXIT_STGI:
	case SVM_EXIT_CLGI:
	case SVM_EXIT_SKINIT:
	case SVM_EXIT_INVLPGA:
	case SVM_EXIT_MONITOR:
	case SVM_EXIT_MWAIT:
		/* We hide SVM and MONITOR from guests. */
		svm_inject_exception(v, VEC_UD, false, 0);
		break;
	case SVM_EXIT_SHUTDOWN:
		domain_crash(v->domain, "vCPU%u triple fault at rip %lx", v->id,
			     (unsigned long)vmcb->save.rip);
		dump_dead_guest(v);
		break;
	case SVM_EXIT_INVALID:
		if (svm_invalid_exit(v))
			break;
		domain_crash(v->domain, "vCPU%u: VMRUN refused the guest state",
			     v->id);
		vmcb_dump(vmcb);
		break;
	default:
		domain_crash(v->domain, "vCPU%u: unexpected exit %#x", v->id,
			     code);
		dump_dead_guest(v);
		break;
	}
}
