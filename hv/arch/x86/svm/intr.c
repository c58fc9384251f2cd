// SPDX-License-Identifier: GPL-2.0
/*
 * Interrupt delivery into the guest. Interrupts (the event-channel upcall
 * vector and the emulated APIC's vectors) are offered through V_IRQ with
 * V_IGN_TPR: the CPU delivers it when the guest can take it (IF=1, no
 * shadow), so no interrupt-window exits are needed. Exceptions and
 * re-injections go through EVENTINJ, which has priority.
 */
#include <hv/compiler.h>
#include <hv/domain.h>
#include <hv/evtchn.h>
#include <hv/sched.h>
#include <asm/vcpu.h>
#include "svm.h"

#define VIRQ_BITS (SVM_V_IRQ | SVM_V_IGN_TPR | (0xfU << SVM_V_INTR_PRIO_SHIFT))

/* The upcall vector, if v has events waiting and the guest asked for one. */
static __exit_path int upcall_vector(struct vcpu *v)
{
	u64 cb = v->domain->hvm_param[HVM_PARAM_CALLBACK_IRQ];

	if ((cb >> 56) != HVM_PARAM_CALLBACK_TYPE_VECTOR || !v->vcpu_info)
		return -1;
	if (!READ_ONCE(v->vcpu_info->evtchn_upcall_pending))
		return -1;
	return cb & 0xff;
}

static __exit_path int next_vector(struct vcpu *v)
{
	int up = upcall_vector(v);
	int lapic = vlapic_pending(v);

	return up > lapic ? up : lapic;
}

__exit_path void svm_note_virq_delivery(struct vcpu *v)
{
	struct vmcb *vmcb = to_vmcb(v);
	int vec = v->arch.virq_vector;

	if (vec < 0 || (vmcb->ctl.int_ctl & SVM_V_IRQ))
		return;
	/* Taken (possibly still being delivered: EXITINTINFO finishes it). */
	v->arch.virq_vector = -1;
	vlapic_ack(v, vec);
}

static __exit_path void inject_events(struct vcpu *v)
{
	struct vmcb *vmcb = to_vmcb(v);
	int vec;

	if (!(vmcb->ctl.event_inj & SVM_EVTINJ_VALID) && v->arch.nmi_pending) {
		v->arch.nmi_pending = false;
		vmcb->ctl.event_inj = 2 | SVM_EVTINJ_TYPE_NMI |
				      SVM_EVTINJ_VALID;
	}
	if (vmcb->ctl.event_inj & SVM_EVTINJ_VALID) {
		vmcb->ctl.int_ctl &= ~VIRQ_BITS;
		v->arch.virq_vector = -1;
		return;
	}
	vec = next_vector(v);
	vmcb->ctl.int_ctl &= ~VIRQ_BITS;
	/*
	 * QEMU 7.2 forgets an STI shadow across VMRUN (qemu-tcg-svm.md rule
	 * 4). An exit that came between a guest's "sti" and its "hlt" (a host
	 * interrupt did it) would then have the interrupt offered now taken
	 * before the hlt, which sleeps through the very wake-up it was.
	 * Offer nothing until the shadowed instruction has run: a hlt exits
	 * by itself, anything else waits for the next exit.
	 */
	if (vmcb->save.rip == v->arch.shadow_rip)
		vec = -1;
	v->arch.virq_vector = vec;
	if (vec < 0)
		return;
	vmcb->ctl.int_ctl |= VIRQ_BITS;
	vmcb->ctl.int_vector = vec;
}

/* What this entry asks of the CPU, kept for the exit trace. */
__exit_path void svm_inject_events(struct vcpu *v)
{
	const struct vmcb *vmcb = to_vmcb(v);

	inject_events(v);
	v->arch.entry_inj = vmcb->ctl.event_inj;
	v->arch.entry_virq =
		vmcb->ctl.int_ctl & SVM_V_IRQ ? (int)vmcb->ctl.int_vector : -1;
}

bool svm_has_pending(struct vcpu *v)
{
	struct vmcb *vmcb = to_vmcb(v);

	if (v->arch.sipi_vector != ~0U || v->arch.nmi_pending)
		return true;
	if (!(vmcb->save.rflags & (1UL << 9)))
		return false; /* IF=0: only NMI/INIT/SIPI wake a halted CPU */
	return next_vector(v) >= 0 || (vmcb->ctl.event_inj & SVM_EVTINJ_VALID);
}
