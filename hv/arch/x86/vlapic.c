// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's local APIC, x2APIC MSR interface only (Intel SDM vol. 3
 * ch. 10-11, with Xen 4.17's choices where the SDM leaves room). Linux in
 * PVH takes its timer and most IPIs from event channels, but still needs
 * the APIC for its ID, SELF_IPI (irq_work), reboot/stop IPIs and
 * INIT-SIPI-SIPI bring-up of secondary vCPUs; HVM guests need all of it,
 * including the timer.
 *
 * The APIC timer counts at Xen's bus rate, 1 GHz (1 ns per tick) divided
 * by the divide configuration. Its count is arithmetic on system time;
 * the hv timer is armed only for a moment that delivers something, so a
 * masked periodic timer costs nothing.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/sched.h>
#include <hv/string.h>
#include <asm/hvm.h>
#include <asm/processor.h>
#include <asm/time.h>
#include <asm/vcpu.h>

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
#define X2APIC_LVT_LINT0 0x835
#define X2APIC_LVT_LINT1 0x836
#define X2APIC_LVT_ERROR 0x837
#define X2APIC_TIMER_INIT 0x838
#define X2APIC_TIMER_CUR 0x839
#define X2APIC_TIMER_DIV 0x83e
#define X2APIC_SELF_IPI 0x83f

#define ICR_VECTOR 0xffU
#define ICR_MODE(icr) (((icr) >> 8) & 7)
#define ICR_FIXED 0
#define ICR_LOWEST 1
#define ICR_NMI 4
#define ICR_INIT 5
#define ICR_SIPI 6
#define ICR_LOGICAL (1U << 11)
#define ICR_LEVEL_ASSERT (1U << 14)
#define ICR_SHORTHAND(icr) (((icr) >> 18) & 3)
#define ICR_SELF 1
#define ICR_ALL 2
#define ICR_OTHERS 3
/* What an x2APIC ICR write may set: no delivery status, no reserved bits. */
#define ICR_VALID                                                            \
	(ICR_VECTOR | 0x700U | ICR_LOGICAL | ICR_LEVEL_ASSERT | (1U << 15) | \
	 (3U << 18))

#define SVR_ENABLED (1U << 8)
#define SVR_VALID (0xffU | SVR_ENABLED | (1U << 9)) /* + focus disabled */

#define ESR_SEND_ILLEGAL (1U << 5)
#define ESR_RECV_ILLEGAL (1U << 6)

#define LVT_CMCI 0
#define LVT_TIMER 1
#define LVT_LINT0 4
#define LVT_LINT1 5
#define LVT_ERROR 6
#define LVT_MASKED (1U << 16)
#define LVT_PENDING (1U << 12) /* delivery status: read-only */
#define LVT_REMOTE_IRR (1U << 14) /* read-only */
#define LVT_BASE (LVT_MASKED | LVT_PENDING | 0xffU)
#define LVT_DM 0x700U
#define LVT_LINT (LVT_BASE | LVT_DM | (1U << 13) | LVT_REMOTE_IRR | (1U << 15))
#define TIMER_MODE (3U << 17)
#define TIMER_ONESHOT (0U << 17)
#define TIMER_PERIODIC (1U << 17)
#define TIMER_TSC_DEADLINE (2U << 17)

/* Bits an x2APIC write may set in each LVT, by lvt[] index. */
static const u32 lvt_valid[7] = {
	[LVT_CMCI] = LVT_BASE | LVT_DM, [LVT_TIMER] = LVT_BASE | TIMER_MODE,
	[2] = LVT_BASE | LVT_DM,	[3] = LVT_BASE | LVT_DM,
	[LVT_LINT0] = LVT_LINT,		[LVT_LINT1] = LVT_LINT,
	[LVT_ERROR] = LVT_BASE,
};

#define LAPIC_VERSION 0x50014 /* 6 LVT entries (max LVT 5), version 0x14 */

/*
 * Xen's floor for a periodic APIC timer: a guest asking for a 1 ns period
 * gets an interrupt every 100 us, so it cannot storm the hv.
 */
#define MIN_PERIOD_NS 100000ULL

/*
 * The highest set bit of a 256-bit register, or -1. Asked before every
 * guest entry (vlapic_pending), nearly always of an empty IRR: one
 * straight test of all eight words first. Under QEMU each pass of the
 * loop below was a translated block of its own, 17 of the 87 the exit
 * path ran per CPUID exit (docs/performance.md, "The exit path").
 */
static __exit_path int highest_bit(const u32 *bits)
{
	if (!(READ_ONCE(bits[0]) | READ_ONCE(bits[1]) | READ_ONCE(bits[2]) |
	      READ_ONCE(bits[3]) | READ_ONCE(bits[4]) | READ_ONCE(bits[5]) |
	      READ_ONCE(bits[6]) | READ_ONCE(bits[7])))
		return -1;
	for (int i = 7; i >= 0; i--) {
		u32 w = READ_ONCE(bits[i]);

		if (w)
			return i * 32 + 31 - __builtin_clz(w);
	}
	return -1;
}

static bool test_and_clear(u32 *bits, int vec)
{
	u32 m = 1U << (vec & 31);
	u32 old = __atomic_fetch_and(&bits[vec / 32], ~m, __ATOMIC_SEQ_CST);

	return old & m;
}

static bool test_and_set(u32 *bits, int vec)
{
	u32 m = 1U << (vec & 31);
	u32 old = __atomic_fetch_or(&bits[vec / 32], m, __ATOMIC_SEQ_CST);

	return old & m;
}

static bool sw_enabled(const struct vlapic *l)
{
	return READ_ONCE(l->svr) & SVR_ENABLED;
}

/*
 * An error is recorded for the next ESR write to latch; the LVT error
 * entry is raised once per new kind, which also ends the recursion when
 * its own vector is illegal.
 */
static void vlapic_error(struct vcpu *v, u32 bits)
{
	struct vlapic *l = &v->arch.vlapic;
	u32 old = __atomic_fetch_or(&l->esr_pending, bits, __ATOMIC_SEQ_CST);
	u32 lvt = READ_ONCE(l->lvt[LVT_ERROR]);

	if ((old & bits) != bits && !(lvt & LVT_MASKED))
		vlapic_set_irq(v, lvt & 0xff);
}

void vlapic_set_irq(struct vcpu *v, u8 vector)
{
	if (vector < 16) {
		vlapic_error(v, ESR_RECV_ILLEGAL); /* never set in IRR */
		return;
	}
	if (!test_and_set(v->arch.vlapic.irr, vector))
		vcpu_kick(v);
}

/* --- the timer ---------------------------------------------------------- */

static unsigned int divisor(u32 tdcr)
{
	unsigned int s = ((tdcr & 3) | ((tdcr & 8) >> 1)) + 1;

	return 1U << (s & 7); /* 0b1011 wraps to divide by 1 */
}

static u32 timer_mode(const struct vlapic *l)
{
	return l->lvt[LVT_TIMER] & TIMER_MODE;
}

static u64 period_ns(const struct vlapic *l)
{
	return (u64)l->timer_init * divisor(l->timer_div);
}

/* Ticks counted since the count was loaded, within the current period. */
static u64 ticks_passed(const struct vlapic *l, u64 now)
{
	u64 ticks = (now - l->timer_start) / divisor(l->timer_div);

	if (timer_mode(l) == TIMER_PERIODIC)
		return ticks % l->timer_init;
	return MIN(ticks, (u64)l->timer_init);
}

static u32 current_count(const struct vlapic *l, u64 now)
{
	if (!l->counting || !l->timer_init)
		return 0;
	return l->timer_init - ticks_passed(l, now);
}

/* The first end of a period after now. */
static u64 next_period_end(const struct vlapic *l, u64 now)
{
	u64 p = period_ns(l);

	return l->timer_start + ((now - l->timer_start) / p + 1) * p;
}

/* The guest's TSC: the host's plus the vCPU's offset. */
static u64 guest_tsc(const struct vlapic *l)
{
	const struct vcpu *v = l->timer.data;

	return rdtsc() + virt->get_tsc_offset(v);
}

/* System time of the TSC deadline; capped far ahead, never overflowing. */
static u64 tdt_due(const struct vlapic *l, u64 now)
{
	u64 tsc = guest_tsc(l);

	if (l->tdt <= tsc)
		return now;
	return now + MIN(tsc_to_ns(l->tdt - tsc) + 1, 1ULL << 62);
}

/*
 * Arm the hv timer for the next moment that does something, from the
 * state alone. A disarmed timer is left to fire once and find timer_due 0:
 * timer_stop() would wait for a callback that waits for our lock.
 */
static void timer_rearm(struct vlapic *l, u64 now)
{
	u64 due = 0;

	if (l->dead)
		return;
	switch (timer_mode(l)) {
	case TIMER_ONESHOT:
		if (l->counting && l->timer_init)
			due = l->timer_start + period_ns(l);
		break;
	case TIMER_PERIODIC:
		if (!l->counting || !l->timer_init ||
		    (l->lvt[LVT_TIMER] & LVT_MASKED))
			break;
		due = MAX(next_period_end(l, now), now + MIN_PERIOD_NS);
		break;
	case TIMER_TSC_DEADLINE:
		if (l->tdt)
			due = tdt_due(l, now);
		break;
	}
	l->timer_due = due;
	if (due)
		timer_set(&l->timer, due);
}

/* The moment has come: what to deliver, and what follows. Lock held. */
static int timer_expire(struct vlapic *l, u64 now)
{
	switch (timer_mode(l)) {
	case TIMER_ONESHOT:
		l->counting = false;
		break;
	case TIMER_PERIODIC:
		break; /* timer_rearm() takes the next period end */
	case TIMER_TSC_DEADLINE:
		if (guest_tsc(l) < l->tdt)
			return -1; /* ns rounding: not yet, re-armed below */
		l->tdt = 0; /* fired: the MSR reads 0 again */
		break;
	default:
		return -1;
	}
	if (l->lvt[LVT_TIMER] & LVT_MASKED)
		return -1;
	return l->lvt[LVT_TIMER] & 0xff;
}

/*
 * Deliver what is due by now, with the registers as they are: a register
 * write settles first, so an expiry before it is judged by the state
 * before it, however late the hv timer is. The IRR bit is set under the
 * lock, so that once a write masking or stopping the timer returns, no
 * earlier interrupt can still appear. Returns the vector raised, or -1;
 * an illegal one (< 16) is for the caller to report, unlocked.
 */
static int timer_settle(struct vlapic *l, u64 now)
{
	int vec;

	if (!l->timer_due || now < l->timer_due)
		return -1;
	vec = timer_expire(l, now);
	l->timer_due = 0;
	timer_rearm(l, now);
	if (vec >= 16)
		test_and_set(l->irr, vec);
	return vec;
}

static void timer_fn(void *data)
{
	struct vcpu *v = data;
	struct vlapic *l = &v->arch.vlapic;
	unsigned long flags = spin_lock_irqsave(&l->lock);
	u64 now = now_ns();
	int vec = -1;

	/* Nothing once vlapic_destroy() has begun to stop us. */
	if (!l->dead && l->timer_due && now < l->timer_due)
		timer_set(&l->timer, l->timer_due); /* early, or moved on */
	else if (!l->dead)
		vec = timer_settle(l, now);
	spin_unlock_irqrestore(&l->lock, flags);
	if (vec >= 16)
		vcpu_kick(v);
	else if (vec >= 0)
		vlapic_error(v, ESR_RECV_ILLEGAL);
}

/* Lock the timer state and settle what is due: see timer_settle(). */
static unsigned long timer_lock(struct vlapic *l, int *vec)
{
	unsigned long flags = spin_lock_irqsave(&l->lock);

	*vec = timer_settle(l, now_ns());
	return flags;
}

static void timer_unlock(struct vcpu *v, unsigned long flags, int vec)
{
	spin_unlock_irqrestore(&v->arch.vlapic.lock, flags);
	if (vec >= 0 && vec < 16)
		vlapic_error(v, ESR_RECV_ILLEGAL);
}

/* The count restarts from the initial count (TMICT write). */
static void timer_load(struct vlapic *l, u32 init)
{
	u64 now = now_ns();

	if (timer_mode(l) == TIMER_TSC_DEADLINE)
		return; /* TMICT is ignored in TSC-deadline mode */
	l->timer_init = init;
	l->timer_start = now;
	l->counting = init != 0;
	l->timer_due = 0;
	timer_rearm(l, now);
}

/* A new divisor: the ticks already counted stay counted. */
static void timer_set_div(struct vlapic *l, u32 tdcr)
{
	u64 now = now_ns();

	if (l->counting && l->timer_init &&
	    timer_mode(l) != TIMER_TSC_DEADLINE) {
		u64 passed = ticks_passed(l, now);

		l->timer_start = now - passed * divisor(tdcr);
	}
	l->timer_div = tdcr;
	if (timer_mode(l) != TIMER_TSC_DEADLINE) {
		l->timer_due = 0;
		timer_rearm(l, now);
	}
}

/*
 * LVT timer write. Entering or leaving TSC-deadline mode disarms both
 * kinds of count (as Xen does); one-shot <-> periodic keeps the count,
 * counted from the start of the current period.
 */
static void timer_set_lvt(struct vlapic *l, u32 val)
{
	u32 old = timer_mode(l), mode = val & TIMER_MODE;
	u64 now = now_ns();

	if (old != mode &&
	    (old == TIMER_TSC_DEADLINE || mode == TIMER_TSC_DEADLINE)) {
		l->timer_init = 0;
		l->counting = false;
		l->tdt = 0;
	} else if (old == TIMER_PERIODIC && mode != old && l->counting &&
		   l->timer_init) {
		l->timer_start = next_period_end(l, now) - period_ns(l);
	}
	if (old != mode)
		l->timer_due = 0;
	l->lvt[LVT_TIMER] = val;
	timer_rearm(l, now);
}

u64 vlapic_tdt_read(struct vcpu *v)
{
	struct vlapic *l = &v->arch.vlapic;

	return timer_mode(l) == TIMER_TSC_DEADLINE ? READ_ONCE(l->tdt) : 0;
}

/* IA32_TSC_DEADLINE, in the guest's TSC (host TSC + VMCB offset). */
void vlapic_tdt_write(struct vcpu *v, u64 val)
{
	struct vlapic *l = &v->arch.vlapic;
	int vec;
	unsigned long flags = timer_lock(l, &vec);

	if (timer_mode(l) == TIMER_TSC_DEADLINE) {
		l->tdt = val;
		l->timer_due = 0;
		timer_rearm(l, now_ns());
	}
	timer_unlock(v, flags, vec);
}

/* --- state --------------------------------------------------------------- */

/* Power-on and INIT state. The ID and LDR stay: read-only in x2APIC. */
static void reset(struct vlapic *l)
{
	unsigned long flags = spin_lock_irqsave(&l->lock);

	for (unsigned int i = 0; i < 8; i++) {
		WRITE_ONCE(l->irr[i], 0);
		l->isr[i] = l->tmr[i] = 0;
	}
	l->tpr = l->esr = l->esr_pending = 0;
	l->icr = 0;
	for (unsigned int i = 0; i < ARRAY_SIZE(l->lvt); i++)
		l->lvt[i] = LVT_MASKED;
	WRITE_ONCE(l->svr, 0xff);
	l->timer_init = l->timer_div = 0;
	l->counting = false;
	l->tdt = 0;
	l->timer_due = 0; /* a pending hv timer finds nothing to do */
	spin_unlock_irqrestore(&l->lock, flags);
}

void vlapic_init(struct vcpu *v)
{
	struct vlapic *l = &v->arch.vlapic;

	memset(l, 0, sizeof(*l));
	timer_init(&l->timer, timer_fn, v);
	l->ldr = ((v->id >> 4) << 16) | (1U << (v->id & 15));
	reset(l);
}

/* After this no timer callback runs for v, nor will: v can be freed. */
void vlapic_destroy(struct vcpu *v)
{
	struct vlapic *l = &v->arch.vlapic;
	unsigned long flags;

	if (!l->timer.fn)
		return; /* vlapic_init never ran */
	flags = spin_lock_irqsave(&l->lock);
	l->dead = true;
	l->timer_due = 0;
	spin_unlock_irqrestore(&l->lock, flags);
	timer_stop(&l->timer);
}

/* --- interrupt acceptance ------------------------------------------------ */

static u32 ppr(const struct vlapic *l)
{
	int isr = highest_bit(l->isr);
	u32 isrv = isr < 0 ? 0 : isr & 0xf0;
	u32 tpr = READ_ONCE(l->tpr);

	return (tpr & 0xf0) >= isrv ? tpr : isrv;
}

__exit_path int vlapic_pending(struct vcpu *v)
{
	struct vlapic *l = &v->arch.vlapic;
	int irr = highest_bit(l->irr);

	if (irr < 0 || !sw_enabled(l))
		return -1;
	/* Only a higher priority class than the processor's gets through. */
	if ((u32)(irr & 0xf0) <= (ppr(l) & 0xf0))
		return -1;
	return irr;
}

void vlapic_ack(struct vcpu *v, int vector)
{
	struct vlapic *l = &v->arch.vlapic;

	if (vector >= 0 && test_and_clear(l->irr, vector))
		l->isr[vector / 32] |= 1U << (vector & 31);
}

static void eoi(struct vlapic *l)
{
	int isr = highest_bit(l->isr);

	if (isr >= 0)
		l->isr[isr / 32] &= ~(1U << (isr & 31));
}

/* INIT: the vCPU stops and waits for a SIPI. */
static void deliver_init(struct vcpu *t)
{
	vcpu_down(t);
	reset(&t->arch.vlapic);
	t->arch.wait_for_sipi = true;
}

/* SIPI: start in real mode at vector << 12 (ignored unless after INIT). */
static void deliver_sipi(struct vcpu *t, u8 vector)
{
	if (!t->arch.wait_for_sipi || vcpu_is_up(t))
		return;
	t->arch.wait_for_sipi = false;
	memset(&t->arch.gprs, 0, sizeof(t->arch.gprs));
	virt->set_sipi_state(t, vector);
	vcpu_up(t);
}

static void deliver(struct vcpu *t, u64 icr)
{
	switch (ICR_MODE(icr)) {
	case ICR_FIXED:
	case ICR_LOWEST:
		/* A software-disabled APIC takes no fixed interrupts (Xen). */
		if (sw_enabled(&t->arch.vlapic))
			vlapic_set_irq(t, icr & ICR_VECTOR);
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
		deliver_sipi(t, icr & ICR_VECTOR);
		break;
	} /* SMI, remote read, ExtINT: ignored */
}

static bool dest_match(struct vcpu *t, u64 icr)
{
	u32 dest = icr >> 32, ldr = t->arch.vlapic.ldr;

	if (dest == 0xffffffff)
		return true;
	if (!(icr & ICR_LOGICAL))
		return dest == t->id; /* x2APIC ID = vCPU id */
	/* Logical: cluster in bits 31:16, a bitmap of 16 in 15:0. */
	return (dest >> 16) == (ldr >> 16) && (dest & ldr & 0xffff);
}

static void write_icr(struct vcpu *v, u64 icr)
{
	struct domain *d = v->domain;
	u32 mode = ICR_MODE(icr);

	if ((mode == ICR_FIXED || mode == ICR_LOWEST) &&
	    (icr & ICR_VECTOR) < 16) {
		vlapic_error(v, ESR_SEND_ILLEGAL); /* and nothing is sent */
		return;
	}
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
		default:
			hit = dest_match(t, icr);
			break;
		}
		if (!hit)
			continue;
		deliver(t, icr);
		if (mode == ICR_LOWEST)
			break; /* one target; no arbitration: the first */
	}
}

/* --- the MSRs ------------------------------------------------------------ */

static bool is_lvt(u32 msr)
{
	return msr == X2APIC_LVT_CMCI ||
	       (msr >= X2APIC_LVT_TIMER && msr <= X2APIC_LVT_ERROR);
}

static unsigned int lvt_index(u32 msr)
{
	return msr == X2APIC_LVT_CMCI ? LVT_CMCI : msr - 0x831;
}

static bool in_block(u32 msr, u32 first)
{
	return msr >= first && msr < first + 8;
}

/* Registers that read as something; the rest of 0x800-0x8ff is #GP. */
int vlapic_rdmsr(struct vcpu *v, u32 msr, u64 *val)
{
	struct vlapic *l = &v->arch.vlapic;
	bool tdt = timer_mode(l) == TIMER_TSC_DEADLINE;

	if (in_block(msr, X2APIC_ISR0))
		*val = l->isr[msr - X2APIC_ISR0];
	else if (in_block(msr, X2APIC_TMR0))
		*val = l->tmr[msr - X2APIC_TMR0];
	else if (in_block(msr, X2APIC_IRR0))
		*val = READ_ONCE(l->irr[msr - X2APIC_IRR0]);
	else if (is_lvt(msr))
		*val = READ_ONCE(l->lvt[lvt_index(msr)]);
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
		case X2APIC_PPR:
			*val = ppr(l);
			break;
		case X2APIC_LDR:
			*val = l->ldr;
			break;
		case X2APIC_SVR:
			*val = l->svr;
			break;
		case X2APIC_ESR:
			*val = l->esr;
			break;
		case X2APIC_ICR:
			*val = l->icr;
			break;
		case X2APIC_TIMER_INIT:
			*val = tdt ? 0 : l->timer_init;
			break;
		case X2APIC_TIMER_CUR:
			*val = tdt ? 0 : current_count(l, now_ns());
			break;
		case X2APIC_TIMER_DIV:
			*val = l->timer_div;
			break;
		default:
			return -EINVAL; /* write-only or no register: #GP */
		}
	return 0;
}

/* SVR: clearing the enable bit masks every LVT (SDM 10.4.7.2). */
static void write_svr(struct vlapic *l, u32 val)
{
	WRITE_ONCE(l->svr, val);
	if (val & SVR_ENABLED)
		return;
	for (unsigned int i = 0; i < ARRAY_SIZE(l->lvt); i++)
		l->lvt[i] |= LVT_MASKED;
	timer_rearm(l, now_ns());
}

static void write_lvt(struct vlapic *l, unsigned int i, u32 val)
{
	val &= ~(LVT_PENDING | LVT_REMOTE_IRR);
	if (!sw_enabled(l))
		val |= LVT_MASKED;
	if (i == LVT_TIMER)
		timer_set_lvt(l, val);
	else
		WRITE_ONCE(l->lvt[i], val);
}

/* The registers the timer callback or another CPU's INIT also touch. */
static int write_locked(struct vlapic *l, u32 msr, u64 val)
{
	if (is_lvt(msr)) {
		if (val & ~(u64)lvt_valid[lvt_index(msr)])
			return -EINVAL;
		write_lvt(l, lvt_index(msr), val);
		return 0;
	}
	switch (msr) {
	case X2APIC_SVR:
		if (val & ~(u64)SVR_VALID)
			return -EINVAL;
		write_svr(l, val);
		return 0;
	case X2APIC_TIMER_INIT:
		if (val >> 32)
			return -EINVAL;
		timer_load(l, val);
		return 0;
	case X2APIC_TIMER_DIV:
		if (val & ~0xbULL)
			return -EINVAL;
		timer_set_div(l, val);
		return 0;
	}
	return -EINVAL; /* read-only or no register: #GP */
}

int vlapic_wrmsr(struct vcpu *v, u32 msr, u64 val)
{
	struct vlapic *l = &v->arch.vlapic;
	unsigned long flags;
	int rc, vec;

	switch (msr) {
	case X2APIC_TPR:
		if (val & ~0xffULL)
			return -EINVAL;
		WRITE_ONCE(l->tpr, val);
		return 0;
	case X2APIC_EOI:
		if (val)
			return -EINVAL; /* x2APIC: only 0 may be written */
		eoi(l);
		return 0;
	case X2APIC_ESR:
		if (val)
			return -EINVAL;
		/* Latch what accumulated since the last write, start anew. */
		l->esr = __atomic_exchange_n(&l->esr_pending, 0,
					     __ATOMIC_SEQ_CST);
		return 0;
	case X2APIC_ICR:
		if ((u32)val & ~ICR_VALID)
			return -EINVAL;
		l->icr = val;
		write_icr(v, val);
		return 0;
	case X2APIC_SELF_IPI:
		if (val & ~(u64)ICR_VECTOR)
			return -EINVAL;
		write_icr(v, (ICR_SELF << 18) | val);
		return 0;
	}
	flags = timer_lock(l, &vec);
	rc = write_locked(l, msr, val);
	timer_unlock(v, flags, vec);
	return rc;
}
