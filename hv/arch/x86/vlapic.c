// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's local APIC, x2APIC MSR interface only. Linux in PVH takes
 * its timer and most IPIs from event channels, but still needs the APIC
 * for its ID, SELF_IPI (irq_work), reboot/stop IPIs and INIT-SIPI-SIPI
 * bring-up of secondary vCPUs (linux-pvh-contract.md section 4.4).
 * The APIC timer registers are plain storage: no timer interrupt is
 * generated (Linux uses the Xen clockevent instead); see docs/abi-status.md.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/sched.h>
#include <hv/string.h>
#include <asm/svm.h>
#include <asm/vcpu.h>
#include <asm/vmcb.h>

#define X2APIC_ID 0x802
#define X2APIC_VERSION 0x803
#define X2APIC_TPR 0x808
#define X2APIC_PPR 0x80a
#define X2APIC_EOI 0x80b
#define X2APIC_LDR 0x80d
#define X2APIC_SVR 0x80f
#define X2APIC_ISR0 0x810
#define X2APIC_TMR0 0x818
#define X2APIC_IRR0 0x820
#define X2APIC_ESR 0x828
#define X2APIC_LVT_CMCI 0x82f
#define X2APIC_ICR 0x830
#define X2APIC_LVT_TIMER 0x832
#define X2APIC_LVT_ERROR 0x837
#define X2APIC_TIMER_INIT 0x838
#define X2APIC_TIMER_CUR 0x839
#define X2APIC_TIMER_DIV 0x83e
#define X2APIC_SELF_IPI 0x83f

#define ICR_MODE(icr) (((icr) >> 8) & 7)
#define ICR_FIXED 0
#define ICR_NMI 4
#define ICR_INIT 5
#define ICR_SIPI 6
#define ICR_LEVEL_ASSERT (1U << 14)
#define ICR_SHORTHAND(icr) (((icr) >> 18) & 3)
#define ICR_SELF 1
#define ICR_ALL 2
#define ICR_OTHERS 3

#define LAPIC_VERSION 0x50014 /* 6 LVT entries (max LVT 5), version 0x14 */

static int highest_bit(const u32 *bits)
{
	for (int i = 7; i >= 0; i--)
		if (bits[i])
			return i * 32 + 31 - __builtin_clz(bits[i]);
	return -1;
}

static bool test_and_clear(u32 *bits, int vec)
{
	u32 m = 1U << (vec & 31);
	u32 old = __atomic_fetch_and(&bits[vec / 32], ~m, __ATOMIC_SEQ_CST);

	return old & m;
}

void vlapic_init(struct vcpu *v)
{
	struct vlapic *l = &v->arch.vlapic;

	memset(l, 0, sizeof(*l));
	for (unsigned int i = 0; i < ARRAY_SIZE(l->lvt); i++)
		l->lvt[i] = 1U << 16; /* masked */
	l->svr = 0xff;
	l->ldr = ((v->id >> 4) << 16) | (1U << (v->id & 15));
}

void vlapic_destroy(struct vcpu *v)
{
}

void vlapic_set_irq(struct vcpu *v, u8 vector)
{
	if (vector < 16)
		return; /* illegal vectors are dropped (ESR not modelled) */
	__atomic_fetch_or(&v->arch.vlapic.irr[vector / 32], 1U << (vector & 31),
			  __ATOMIC_SEQ_CST);
	vcpu_kick(v);
}

int vlapic_pending(struct vcpu *v)
{
	struct vlapic *l = &v->arch.vlapic;
	int irr = highest_bit(l->irr), isr = highest_bit(l->isr);

	if (irr < 0 || !(l->svr & 0x100))
		return -1;
	if (isr >= 0 && (irr >> 4) <= (isr >> 4))
		return -1;
	if ((irr >> 4) <= (int)(l->tpr >> 4))
		return -1;
	return irr;
}

void vlapic_ack(struct vcpu *v, int vector)
{
	struct vlapic *l = &v->arch.vlapic;

	if (vector >= 0 && test_and_clear(l->irr, vector))
		l->isr[vector / 32] |= 1U << (vector & 31);
}

/* INIT: the vCPU stops and waits for a SIPI. */
static void deliver_init(struct vcpu *t)
{
	vcpu_down(t);
	vlapic_init(t);
	t->arch.wait_for_sipi = true;
}

/* SIPI: start in real mode at vector << 12 (ignored unless after INIT). */
static void deliver_sipi(struct vcpu *t, u8 vector)
{
	if (!t->arch.wait_for_sipi || vcpu_is_up(t))
		return;
	t->arch.wait_for_sipi = false;
	memset(&t->arch.gprs, 0, sizeof(t->arch.gprs));
	vmcb_set_sipi_state(t->arch.vmcb, vector);
	vcpu_up(t);
}

static void deliver(struct vcpu *t, u64 icr)
{
	switch (ICR_MODE(icr)) {
	case ICR_FIXED:
		vlapic_set_irq(t, icr & 0xff);
		break;
	case ICR_NMI:
		t->arch.nmi_pending = true;
		vcpu_kick(t);
		break;
	case ICR_INIT:
		if (icr & ICR_LEVEL_ASSERT)
			deliver_init(t);
		break; /* a de-assert does nothing */
	case ICR_SIPI:
		deliver_sipi(t, icr & 0xff);
		break;
	}
}

static void write_icr(struct vcpu *v, u64 icr)
{
	struct domain *d = v->domain;
	u32 dest = icr >> 32;

	for (unsigned int i = 0; i < d->nr_vcpus; i++) {
		struct vcpu *t = d->vcpu[i];
		bool hit;

		switch (ICR_SHORTHAND(icr)) {
		case ICR_SELF:
			hit = t == v;
			break;
		case ICR_ALL:
			hit = true;
			break;
		case ICR_OTHERS:
			hit = t != v;
			break;
		default: /* physical destination: x2APIC ID = vCPU id */
			hit = dest == 0xffffffff || dest == t->id;
			break;
		}
		if (hit)
			deliver(t, icr);
	}
}

int vlapic_rdmsr(struct vcpu *v, u32 msr, u64 *val)
{
	struct vlapic *l = &v->arch.vlapic;

	*val = 0;
	if (msr >= X2APIC_ISR0 && msr < X2APIC_ISR0 + 8)
		*val = l->isr[msr - X2APIC_ISR0];
	else if (msr >= X2APIC_TMR0 && msr < X2APIC_TMR0 + 8)
		*val = l->tmr[msr - X2APIC_TMR0];
	else if (msr >= X2APIC_IRR0 && msr < X2APIC_IRR0 + 8)
		*val = l->irr[msr - X2APIC_IRR0];
	else if (msr >= X2APIC_LVT_CMCI && msr <= X2APIC_LVT_ERROR &&
		 msr != X2APIC_ICR && msr != X2APIC_ICR + 1)
		*val = l->lvt[msr == X2APIC_LVT_CMCI ? 0 : msr - 0x831];
	else
		switch (msr) {
		case X2APIC_ID:
			*val = v->id;
			break;
		case X2APIC_VERSION:
			*val = LAPIC_VERSION;
			break;
		case X2APIC_TPR:
			*val = l->tpr;
			break;
		case X2APIC_PPR: {
			int isr = highest_bit(l->isr);

			*val = MAX(l->tpr & 0xf0, isr < 0 ? 0 : isr & 0xf0);
			break;
		}
		case X2APIC_LDR:
			*val = l->ldr;
			break;
		case X2APIC_SVR:
			*val = l->svr;
			break;
		case X2APIC_TIMER_INIT:
			*val = l->timer_init;
			break;
		case X2APIC_TIMER_DIV:
			*val = l->timer_div;
			break;
		}
	return 0;
}

int vlapic_wrmsr(struct vcpu *v, u32 msr, u64 val)
{
	struct vlapic *l = &v->arch.vlapic;

	if (msr >= X2APIC_LVT_CMCI && msr <= X2APIC_LVT_ERROR &&
	    msr != X2APIC_ICR && msr != X2APIC_ICR + 1) {
		l->lvt[msr == X2APIC_LVT_CMCI ? 0 : msr - 0x831] = (u32)val;
		return 0;
	}
	switch (msr) {
	case X2APIC_TPR:
		l->tpr = val & 0xff;
		break;
	case X2APIC_EOI: {
		int isr = highest_bit(l->isr);

		if (isr >= 0)
			test_and_clear(l->isr, isr);
		break;
	}
	case X2APIC_SVR:
		l->svr = val & 0x1ff;
		break;
	case X2APIC_ESR:
		break;
	case X2APIC_ICR:
		write_icr(v, val);
		break;
	case X2APIC_TIMER_INIT:
		l->timer_init = (u32)val;
		break;
	case X2APIC_TIMER_DIV:
		l->timer_div = val & 0xb;
		break;
	case X2APIC_SELF_IPI:
		vlapic_set_irq(v, val & 0xff);
		break;
	case X2APIC_ID:
	case X2APIC_VERSION:
	case X2APIC_LDR:
	case X2APIC_PPR:
		return -EINVAL; /* read-only: #GP, as on hardware */
	}
	return 0;
}
