// SPDX-License-Identifier: GPL-2.0
/* sched_op: yield, block, poll and shutdown. */
#include <hv/domain.h>
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

	if (p.nr_ports > POLL_MAX_PORTS)
		return -EINVAL;
	if (copy_from_guest(v->poll_ports, p.ports.q, p.nr_ports * sizeof(u32)))
		return -EFAULT;
	for (u32 i = 0; i < p.nr_ports; i++)
		if (!evtchn_port_valid(v->domain, v->poll_ports[i]))
			return -EINVAL;
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
