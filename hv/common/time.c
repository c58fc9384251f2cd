// SPDX-License-Identifier: GPL-2.0
/*
 * Guest time: the pvclock in each vcpu_info, the wallclock in shared_info
 * and the vCPU timers (VCPUOP_set_singleshot/periodic_timer,
 * set_timer_op), which raise VIRQ_TIMER.
 *
 * System time is the hv's now_ns(), the same on all CPUs. The TSC is
 * shared by all pCPUs and guests see it unchanged, so one set of pvclock
 * parameters, computed from the same scale now_ns() uses, stays exact:
 * the time only has to be published when vcpu_info moves, not on every
 * entry.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/evtchn.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/sched.h>
#include <hv/spinlock.h>
#include <hv/time.h>
#include <hv/timer.h>
#include <vcpu.h>
#include <compat/xen.h>

void vcpu_update_time(struct vcpu *v)
{
	struct vcpu_time_info *t;
	struct pvclock_params p;

	if (!v->vcpu_info)
		return;
	arch_pvclock_params(&p);
	t = &v->vcpu_info->time;
	WRITE_ONCE(t->version, t->version | 1); /* odd: update in progress */
	barrier();
	t->tsc_timestamp = p.tsc;
	t->system_time = p.system_time;
	t->tsc_to_system_mul = p.mul;
	t->tsc_shift = p.shift;
	t->flags = XEN_PVCLOCK_TSC_STABLE_BIT;
	barrier();
	WRITE_ONCE(t->version, (t->version | 1) + 1);
	if (v->time_area_gva) {
		WRITE_ONCE(v->time_area_stale, true);
		vcpu_time_area_publish(v);
	}
}

/*
 * The second copy lives at a guest virtual address, so only the vCPU's
 * own pCPU can write it (through its page tables): now if v runs here,
 * else when it is next scheduled. The version is odd while it changes,
 * as in vcpu_info; a write that faults is dropped (Xen).
 */
void vcpu_time_area_publish(struct vcpu *v)
{
	struct vcpu_time_info t;
	u64 gva = v->time_area_gva;
	u32 ver;

	if (!gva || !READ_ONCE(v->time_area_stale) || v != current_vcpu() ||
	    !v->vcpu_info)
		return;
	WRITE_ONCE(v->time_area_stale, false);
	do {
		ver = READ_ONCE(v->vcpu_info->time.version);
		barrier();
		t = v->vcpu_info->time;
		barrier();
	} while ((ver & 1) || ver != READ_ONCE(v->vcpu_info->time.version));
	t.version = ver | 1;
	if (copy_to_guest(gva, &t.version, sizeof(t.version)))
		return;
	barrier();
	copy_to_guest(gva, &t, sizeof(t));
	barrier();
	t.version = ver + 2;
	copy_to_guest(gva, &t.version, sizeof(t.version));
}

void vcpu_register_time_area(struct vcpu *v, u64 gva)
{
	v->time_area_gva = gva;
	WRITE_ONCE(v->time_area_stale, true);
	vcpu_time_area_publish(v);
}

/*
 * The wall-clock time at system time 0: the RTC's reading at boot until
 * the control domain sets the clock (XENPF_settime*). wc_lock keeps the
 * two halves together and serialises the writers of the domains' copies
 * (their version counters would interleave otherwise), as Xen's does.
 */
static DEFINE_SPINLOCK(wc_lock);
static bool wc_valid;
static u64 wc_sec;
static u32 wc_nsec;

static void update_wallclock(struct domain *d, void *arg)
{
	domain_update_wallclock(d);
}

/* Xen's do_settime: the arithmetic is modulo 2^64, as Xen's is, so a
 * system_time beyond the wall time gives a huge (not a negative) base. */
void wallclock_set(u64 secs, u32 nsecs, u64 system_time)
{
	u64 base = secs * 1000000000ULL + nsecs - system_time;
	unsigned long flags = spin_lock_irqsave(&wc_lock);

	wc_sec = base / 1000000000ULL;
	wc_nsec = base % 1000000000ULL;
	wc_valid = true;
	spin_unlock_irqrestore(&wc_lock, flags);
	domain_for_each(update_wallclock, NULL);
}

/* The wall clock where the guest's mode has it (compat: after the 32-bit
 * bitmaps, with the high seconds in arch). */
void domain_update_wallclock(struct domain *d)
{
	struct shared_info *s = d->shared_info;
	struct compat_shared_info *c = (void *)s;
	bool compat = READ_ONCE(d->shinfo_compat);
	u32 *ver = compat ? &c->wc_version : &s->wc_version;
	unsigned long flags = spin_lock_irqsave(&wc_lock);

	if (!wc_valid) {
		u64 nsec;

		arch_wallclock_at_boot(&wc_sec, &nsec);
		wc_nsec = nsec;
		wc_valid = true;
	}
	WRITE_ONCE(*ver, *ver | 1);
	barrier();
	if (compat) {
		c->wc_sec = (u32)wc_sec;
		c->arch.wc_sec_hi = wc_sec >> 32;
		c->wc_nsec = wc_nsec;
	} else {
		s->wc_sec = (u32)wc_sec;
		s->wc_sec_hi = wc_sec >> 32;
		s->wc_nsec = wc_nsec;
	}
	barrier();
	WRITE_ONCE(*ver, (*ver | 1) + 1);
	spin_unlock_irqrestore(&wc_lock, flags);
}

static void singleshot_fn(void *data)
{
	evtchn_send_virq(data, VIRQ_TIMER);
}

static void periodic_fn(void *data)
{
	struct vcpu *v = data;

	evtchn_send_virq(v, VIRQ_TIMER);
	if (v->periodic_period)
		timer_set(&v->periodic,
			  v->periodic.expires + v->periodic_period);
}

/* Recorded, not just kicked: the timeout may pass before the vCPU has
 * even blocked, and vcpu_block must then not sleep. */
static void poll_timeout_fn(void *data)
{
	struct vcpu *v = data;

	WRITE_ONCE(v->poll_expired, true);
	vcpu_kick(v);
}

void vcpu_timers_init(struct vcpu *v)
{
	timer_init(&v->singleshot, singleshot_fn, v);
	timer_init(&v->periodic, periodic_fn, v);
	timer_init(&v->poll_timeout, poll_timeout_fn, v);
}

/* Xen 4.17's limits: no period under 1 ms (a guest cannot storm the
 * hv with ticks), none beyond its time arithmetic's range. */
#define MIN_PERIOD_NS 1000000ULL
#define MAX_PERIOD_NS (~0ULL >> 2)
/* set_timer_op: a timeout this far ahead is taken as "soon" instead. */
#define FAR_AHEAD_SHIFT 50
#define SOON_NS 100000000ULL

long vcpu_timer_op(struct vcpu *v, int cmd, u64 arg)
{
	switch (cmd) {
	case VCPUOP_set_singleshot_timer: {
		struct vcpu_set_singleshot_timer t;

		/* As in Xen: only a vCPU's own, checked before the copy. */
		if (v != current_vcpu())
			return -EINVAL;
		if (copy_from_guest(&t, arg, sizeof(t)))
			return -EFAULT;
		if ((t.flags & VCPU_SSHOTTMR_future) &&
		    t.timeout_abs_ns < now_ns())
			return -ETIME;
		timer_set(&v->singleshot, t.timeout_abs_ns);
		return 0;
	}
	case VCPUOP_stop_singleshot_timer:
		if (v != current_vcpu())
			return -EINVAL;
		timer_stop(&v->singleshot);
		return 0;
	case VCPUOP_set_periodic_timer: {
		struct vcpu_set_periodic_timer t;

		if (copy_from_guest(&t, arg, sizeof(t)))
			return -EFAULT;
		if (t.period_ns < MIN_PERIOD_NS || t.period_ns > MAX_PERIOD_NS)
			return -EINVAL;
		v->periodic_period = t.period_ns;
		timer_set(&v->periodic, now_ns() + t.period_ns);
		return 0;
	}
	case VCPUOP_stop_periodic_timer:
		v->periodic_period = 0;
		timer_stop(&v->periodic);
		return 0;
	}
	return -ENOSYS;
}

/*
 * set_timer_op(timeout): the old one-shot interface; 0 cancels. As in
 * Xen, a timeout 2^50 ns or more ahead (or negative) means 100 ms from
 * now: guests pass "forever" in odd ways.
 */
long do_set_timer_op(u64 timeout, u64 a2, u64 a3, u64 a4, u64 a5)
{
	struct vcpu *v = current_vcpu();
	u64 now = now_ns();

	if (!timeout) {
		timer_stop(&v->singleshot);
		return 0;
	}
	if ((s64)timeout < 0 ||
	    ((s64)(timeout - now) > 0 && ((timeout - now) >> FAR_AHEAD_SHIFT)))
		timeout = now + SOON_NS;
	timer_set(&v->singleshot, timeout);
	return 0;
}
