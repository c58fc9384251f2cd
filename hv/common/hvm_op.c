// SPDX-License-Identifier: GPL-2.0
/*
 * hvm_op: HVM parameters (the event callback, the xenstore and console
 * rings the builder set up) and the per-vCPU upcall vector.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/sched.h>
#include <hv/timer.h>
#include <hvm/hvm_op.h>
#include <hvm/params.h>
#include <asm/vcpu.h>

/* What a guest may set on itself; the rest is the builder's or dom0's. */
static bool guest_writable(unsigned int index)
{
	return index == HVM_PARAM_CALLBACK_IRQ ||
	       index == HVM_PARAM_TIMER_MODE ||
	       index == HVM_PARAM_TRIPLE_FAULT_REASON;
}

static long param_op(struct domain *cur, int op, u64 arg)
{
	struct xen_hvm_param p;
	struct domain *d;
	long rc = 0;

	if (copy_from_guest(&p, arg, sizeof(p)))
		return -EFAULT;
	if (p.index >= HVM_NR_PARAMS)
		return -EINVAL;
	if (p.domid != DOMID_SELF && p.domid != cur->id && !cur->privileged)
		return -EPERM;
	d = domain_get(p.domid);
	if (!d)
		return -ESRCH;
	if (op == HVMOP_get_param) {
		p.value = d->hvm_param[p.index];
		rc = copy_to_guest(arg, &p, sizeof(p)) ? -EFAULT : 0;
	} else if (!cur->privileged && !guest_writable(p.index)) {
		rc = -EPERM;
	} else {
		d->hvm_param[p.index] = p.value;
		/* A new callback may make pending events deliverable. */
		if (p.index == HVM_PARAM_CALLBACK_IRQ)
			for (unsigned int i = 0; i < d->nr_vcpus; i++)
				vcpu_kick(d->vcpu[i]);
	}
	domain_put(d);
	return rc;
}

long do_hvm_op(u64 op, u64 arg, u64 a3, u64 a4, u64 a5)
{
	struct domain *d = current_domain();

	switch (op) {
	case HVMOP_set_param:
	case HVMOP_get_param:
		return param_op(d, op, arg);
	case HVMOP_set_evtchn_upcall_vector: {
		struct xen_hvm_evtchn_upcall_vector u;

		if (copy_from_guest(&u, arg, sizeof(u)))
			return -EFAULT;
		if (u.vector < 0x10)
			return -EINVAL;
		if (u.vcpu >= d->nr_vcpus)
			return -ENOENT;
		d->vcpu[u.vcpu]->upcall_vector = u.vector;
		return 0;
	}
	case HVMOP_get_time: {
		u64 now = now_ns();

		return copy_to_guest(arg, &now, sizeof(now)) ? -EFAULT : 0;
	}
	case HVMOP_flush_tlbs:
		arch_domain_flush_tlbs(d);
		return 0;
	}
	return -ENOSYS;
}
