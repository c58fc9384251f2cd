// SPDX-License-Identifier: GPL-2.0
/*
 * hvm_op: HVM parameters (the event callback, the xenstore and console
 * rings the builder set up) and the per-vCPU upcall vector.
 */
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/sched.h>
#include <hv/timer.h>
#include <sched.h>
#include <hvm/hvm_op.h>
#include <hvm/params.h>


/* Xen 4.17's lists (hvm_allow_get_param / hvm_allow_set_param). */
static const u64 guest_readable =
	BIT64(HVM_PARAM_CALLBACK_IRQ) | BIT64(HVM_PARAM_VM86_TSS) |
	BIT64(HVM_PARAM_VM86_TSS_SIZED) |
	BIT64(HVM_PARAM_ACPI_IOPORTS_LOCATION) |
	BIT64(HVM_PARAM_VM_GENERATION_ID_ADDR) | BIT64(HVM_PARAM_STORE_PFN) |
	BIT64(HVM_PARAM_STORE_EVTCHN) | BIT64(HVM_PARAM_CONSOLE_PFN) |
	BIT64(HVM_PARAM_CONSOLE_EVTCHN) | BIT64(HVM_PARAM_ALTP2M) |
	BIT64(HVM_PARAM_X87_FIP_WIDTH);
static const u64 guest_writable =
	BIT64(HVM_PARAM_CALLBACK_IRQ) | BIT64(HVM_PARAM_VM86_TSS) |
	BIT64(HVM_PARAM_VM86_TSS_SIZED) |
	BIT64(HVM_PARAM_ACPI_IOPORTS_LOCATION) |
	BIT64(HVM_PARAM_VM_GENERATION_ID_ADDR) | BIT64(HVM_PARAM_STORE_EVTCHN) |
	BIT64(HVM_PARAM_CONSOLE_EVTCHN) | BIT64(HVM_PARAM_X87_FIP_WIDTH);
/* PAE_ENABLED, DM_DOMAIN, the old MEMORY_EVENT_* (20-23, 25, 30),
 * NESTEDHVM and BUFIOREQ_EVTCHN: gone from the ABI. */
static const u64 deprecated = BIT64(4) | BIT64(13) | BIT64(20) | BIT64(21) |
			      BIT64(22) | BIT64(23) | BIT64(24) | BIT64(25) |
			      BIT64(26) | BIT64(30);

/* Values Xen's hvm_set_param refuses. */
static bool value_ok(unsigned int index, u64 value)
{
	switch (index) {
	case HVM_PARAM_TIMER_MODE:
		return value <= 3;
	case HVM_PARAM_X87_FIP_WIDTH:
		return value == 0 || value == 4 || value == 8;
	case HVM_PARAM_TRIPLE_FAULT_REASON:
		return value <= SHUTDOWN_MAX;
	}
	return true;
}

/*
 * Xen's order: the index (-EINVAL), the domain (-ESRCH), the caller's
 * right to it (-EPERM), a deprecated index (-EINVAL), then what a domain
 * may read or write of its own (-EPERM: the rest is the toolstack's, and
 * that holds for dom0 on itself too), then the value.
 */
static long param_op(struct domain *cur, int op, u64 arg)
{
	struct xen_hvm_param p;
	struct domain *d;
	u64 allowed;
	long rc = 0;

	if (copy_from_guest(&p, arg, sizeof(p)))
		return -EFAULT;
	if (p.index >= HVM_NR_PARAMS)
		return -EINVAL;
	d = domain_get_target(cur, p.domid, &rc);
	if (!d)
		return rc;
	allowed = op == HVMOP_get_param ? guest_readable : guest_writable;
	if (deprecated & BIT64(p.index))
		rc = -EINVAL;
	else if (d == cur && !(allowed & BIT64(p.index)))
		rc = -EPERM;
	else if (op == HVMOP_set_param && !value_ok(p.index, p.value))
		rc = -EINVAL;
	if (rc)
		goto out;
	if (op == HVMOP_get_param) {
		p.value = d->hvm_param[p.index];
		rc = copy_to_guest(arg, &p, sizeof(p)) ? -EFAULT : 0;
	} else {
		d->hvm_param[p.index] = p.value;
		if (p.index == HVM_PARAM_CALLBACK_IRQ) {
			if (d == cur)
				domain_latch_shinfo_mode(d, hypercall_compat());
			/* A new callback may make events deliverable. */
			for (unsigned int i = 0; i < d->nr_vcpus; i++)
				vcpu_kick(d->vcpu[i]);
		}
	}
out:
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
