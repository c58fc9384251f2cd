// SPDX-License-Identifier: GPL-2.0
/* sched_op: yield, block, poll and shutdown. */
#include <hv/domain.h>
#include <hv/compiler.h>
#include <hv/printk.h>
#include <hv/errno.h>
#include <hv/evtchn.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/sched.h>
#include <hv/timer.h>
#include <sched.h>

/*
 * Poll: sleep until one of the ports is pending or the timeout passes.
 * The ports stay in the vCPU so an event on one of them wakes it even if
 * the port is masked (evtchn_poll_ready, vcpu_block).
 */
long sched_poll(struct vcpu *v, const struct sched_poll *pp)
{
	struct sched_poll p = *pp;
	unsigned long flags;

	/* Xen's do_poll order: the count; an event the vCPU can take now
	 * ends the poll before any port is read; then port by port, a bad
	 * one fails (-EFAULT, -EINVAL) and a pending one ends it. */
	if (p.nr_ports > POLL_MAX_PORTS)
		return -EINVAL;
	if (arch_vcpu_has_pending(v))
		return 0;
	for (u32 i = 0; i < p.nr_ports; i++) {
		int rc;

		if (copy_from_guest(&v->poll_ports[i], p.ports.q + i * 4ULL, 4))
			return -EFAULT;
		rc = evtchn_port_poll(v->domain, v->poll_ports[i]);
		if (rc)
			return rc < 0 ? rc : 0;
	}
	/* The call returns at once; the vCPU then sleeps, if nothing is
	 * pending, until a kick (sched.c clears the port set on wake-up).
	 * Spurious wake-ups are allowed, as in Xen. */
	v->poll_expired = false;
	v->nr_poll_ports = p.nr_ports;
	/* The timer runs on this pCPU: with interrupts off until the vCPU
	 * is blocked, a timeout that is already due cannot fire in between,
	 * where vcpu_block would not see it (with no ports it does not look
	 * at poll_expired) and the vCPU would sleep for good. */
	flags = local_irq_save();
	if (p.timeout && !evtchn_poll_ready(v))
		timer_set(&v->poll_timeout, p.timeout);
	vcpu_block(v);
	local_irq_restore(flags);
	if (READ_ONCE(v->state) == VCPU_RUNNING)
		v->nr_poll_ports = 0; /* did not sleep */
	return 0;
}

/* A watchdog the guest stopped feeding shuts it down (Xen). */
static void watchdog_fired(void *data)
{
	struct domain *d = data;

	if (READ_ONCE(d->state) != DOMAIN_RUNNING)
		return;
	pr_info("hv: domain %u (%s): watchdog fired\n", d->id, d->name);
	domain_shutdown(d, SHUTDOWN_watchdog);
}

void sched_watchdog_init(struct domain *d)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(d->watchdog); i++)
		timer_init(&d->watchdog[i], watchdog_fired, d);
}

void sched_watchdog_stop(struct domain *d)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(d->watchdog); i++)
		timer_stop(&d->watchdog[i]);
}

/*
 * Xen's domain_watchdog: id 0 takes a free watchdog and returns its id
 * (1 or 2, -ENOSPC if none); a taken id is re-armed, or freed with a
 * timeout of 0; any other id -EINVAL. Timeouts are in seconds.
 */
static long sched_watchdog(struct domain *d, u32 id, u32 timeout)
{
	unsigned int n = ARRAY_SIZE(d->watchdog);
	unsigned long flags;
	long rc = 0;

	if (id > n)
		return -EINVAL;
	flags = spin_lock_irqsave(&d->lock);
	if (!id) {
		unsigned int i;

		for (i = 0; i < n && (d->watchdog_inuse & (1U << i)); i++)
			;
		if (i == n) {
			rc = -ENOSPC;
		} else {
			d->watchdog_inuse |= 1U << i;
			timer_set(&d->watchdog[i],
				  now_ns() + timeout * 1000000000ULL);
			rc = i + 1;
		}
	} else if (!(d->watchdog_inuse & (1U << (id - 1)))) {
		rc = -EINVAL;
	} else if (!timeout) {
		d->watchdog_inuse &= ~(1U << (id - 1));
		spin_unlock_irqrestore(&d->lock, flags);
		timer_stop(&d->watchdog[id - 1]); /* may wait: unlocked */
		return 0;
	} else {
		timer_set(&d->watchdog[id - 1],
			  now_ns() + timeout * 1000000000ULL);
	}
	spin_unlock_irqrestore(&d->lock, flags);
	return rc;
}

long do_sched_op(u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5)
{
	struct vcpu *v = current_vcpu();
	struct domain *d = v->domain;

	switch ((u32)cmd) { /* an int in Xen's prototype */
	case SCHEDOP_yield:
		vcpu_yield(v);
		return 0;
	case SCHEDOP_block:
		vcpu_block(v);
		return 0;
	case SCHEDOP_poll: {
		struct sched_poll p;

		if (copy_from_guest(&p, arg, sizeof(p)))
			return -EFAULT;
		return sched_poll(v, &p);
	}
	case SCHEDOP_shutdown: {
		struct sched_shutdown s;

		if (copy_from_guest(&s, arg, sizeof(s)))
			return -EFAULT;
		domain_shutdown(d, s.reason);
		return 0;
	}
	case SCHEDOP_shutdown_code: {
		struct sched_shutdown s;

		unsigned long flags;

		if (copy_from_guest(&s, arg, sizeof(s)))
			return -EFAULT;
		/* The first code latched stays (Xen): domain_shutdown uses it. */
		flags = spin_lock_irqsave(&d->lock);
		if (d->shutdown_code < 0)
			d->shutdown_code = (u8)s.reason;
		spin_unlock_irqrestore(&d->lock, flags);
		return 0;
	}
	case SCHEDOP_watchdog: {
		struct sched_watchdog w;

		if (copy_from_guest(&w, arg, sizeof(w)))
			return -EFAULT;
		return sched_watchdog(d, w.id, w.timeout);
	}
	case SCHEDOP_pin_override:
		/* The hardware domain's alone (-EPERM first, as Xen); hvlab's
		 * scheduler has no affinity to override: -ENOSYS, on which
		 * Linux stops asking (xen_pin_vcpu). */
		return d->privileged ? -ENOSYS : -EPERM;
	case SCHEDOP_remote_shutdown: {
		struct sched_remote_shutdown s;
		struct domain *t;

		if (copy_from_guest(&s, arg, sizeof(s)))
			return -EFAULT;
		/* Xen looks the id up as given: DOMID_SELF names no domain. */
		t = s.domain_id == DOMID_SELF ? NULL : domain_get(s.domain_id);
		if (!t)
			return -ESRCH;
		if (!d->privileged) {
			domain_put(t);
			return -EPERM;
		}
		domain_shutdown(t, s.reason);
		domain_put(t);
		return 0;
	}
	}
	return -ENOSYS;
}
