// SPDX-License-Identifier: GPL-2.0
/*
 * The one hypercall table, indexed by Xen's numbers. A hole is a
 * hypercall we do not implement: -ENOSYS, listed in docs/abi-status.md.
 */
#include <hv/compiler.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/perfc.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/sched.h>
#include <hv/smp.h>
#include <hv/timer.h>

#define PREEMPT_NS 1000000 /* restart calls that run over 1 ms */

/*
 * One row per hypercall: its handler; when a 32-bit guest's arguments
 * have another layout, the compat_*.c translation that calls it (every
 * other hypercall takes the same arguments in both modes); and who may
 * call it at all. HC_PRIV rows are the control domain's alone (Xen's
 * XSM_PRIV): anyone else gets -EPERM before the handler runs. Finer
 * checks (acting on another domain: domain_get_target) stay in the
 * handlers, where Xen's error order puts them.
 */
#define HC_PRIV 0x1

static const struct hypercall {
	hypercall_fn *fn;
	hypercall_fn *compat;
	unsigned int flags;
} hypercalls[] __hot_rodata = {
	[__HYPERVISOR_memory_op] = { do_memory_op, compat_memory_op },
	[__HYPERVISOR_multicall] = { do_multicall, compat_multicall },
	[__HYPERVISOR_set_timer_op] = { do_set_timer_op, compat_set_timer_op },
	[__HYPERVISOR_xen_version] = { do_xen_version, compat_xen_version },
	[__HYPERVISOR_console_io] = { do_console_io },
	[__HYPERVISOR_grant_table_op] = { do_grant_table_op,
					  compat_grant_table_op },
	[__HYPERVISOR_vm_assist] = { do_vm_assist },
	[__HYPERVISOR_vcpu_op] = { do_vcpu_op, compat_vcpu_op },
	[__HYPERVISOR_sched_op] = { do_sched_op, compat_sched_op },
	[__HYPERVISOR_event_channel_op] = { do_event_channel_op },
	[__HYPERVISOR_hvm_op] = { do_hvm_op },
	[__HYPERVISOR_platform_op] = { do_platform_op, .flags = HC_PRIV },
	[__HYPERVISOR_sysctl] = { do_sysctl, .flags = HC_PRIV },
	[__HYPERVISOR_domctl] = { do_domctl, .flags = HC_PRIV },
};

__exit_path long hypercall_dispatch(struct hypercall_args *h)
{
	struct percpu *pc = this_percpu();
	struct hypercall_args *outer = pc->hypercall;
	const struct hypercall *hc;
	hypercall_fn *fn;
	long ret;

	/* First: the caller reads it whatever we return (-ENOSYS too). */
	h->preempted = false;
	perfc_hypercall(h->nr);
	perfc_inc(current_vcpu(), hypercalls);
	if (h->nr >= ARRAY_SIZE(hypercalls) || !hypercalls[h->nr].fn)
		return -ENOSYS;
	hc = &hypercalls[h->nr];
	if ((hc->flags & HC_PRIV) && !current_vcpu()->domain->privileged)
		return -EPERM;
	fn = h->compat && hc->compat ? hc->compat : hc->fn;
	if (!outer)
		h->start_ns = now_ns();
	else
		h->start_ns = outer->start_ns; /* multicall: one budget */
	pc->hypercall = h;
	ret = fn(h->a[0], h->a[1], h->a[2], h->a[3], h->a[4]);
	pc->hypercall = outer;
	return ret;
}

struct hypercall_args *hypercall_self(void)
{
	return this_percpu()->hypercall;
}

bool hypercall_compat(void)
{
	struct hypercall_args *h = this_percpu()->hypercall;

	return h && h->compat;
}

__hot bool hypercall_preempt_check(void)
{
	struct hypercall_args *h = this_percpu()->hypercall;

	return h && now_ns() - h->start_ns > PREEMPT_NS;
}

void hypercall_continue(unsigned int arg, u64 value)
{
	struct hypercall_args *h = this_percpu()->hypercall;

	h->a[arg] = value;
	h->preempted = true;
}

/*
 * The preamble Xen gives platform_op, sysctl and domctl: the whole op is
 * read (-EFAULT), then its interface version, the second 32-bit word of
 * each (-EACCES).
 */
long hypercall_read_op(void *op, size_t n, u64 arg, u32 version)
{
	if (copy_from_guest(op, arg, n))
		return -EFAULT;
	return ((const u32 *)op)[1] == version ? 0 : -EACCES;
}
