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
#include <hv/printk.h>
#include <hv/sched.h>
#include <hv/smp.h>
#include <hv/timer.h>

#define PREEMPT_NS 1000000 /* restart calls that run over 1 ms */

static hypercall_fn *const hypercall_table[] = {
	[__HYPERVISOR_memory_op] = do_memory_op,
	[__HYPERVISOR_multicall] = do_multicall,
	[__HYPERVISOR_set_timer_op] = do_set_timer_op,
	[__HYPERVISOR_xen_version] = do_xen_version,
	[__HYPERVISOR_console_io] = do_console_io,
	[__HYPERVISOR_grant_table_op] = do_grant_table_op,
	[__HYPERVISOR_vm_assist] = do_vm_assist,
	[__HYPERVISOR_vcpu_op] = do_vcpu_op,
	[__HYPERVISOR_sched_op] = do_sched_op,
	[__HYPERVISOR_event_channel_op] = do_event_channel_op,
	[__HYPERVISOR_hvm_op] = do_hvm_op,
};

static struct hypercall_args *in_flight[CONFIG_NR_CPUS];

__hot long hypercall_dispatch(struct hypercall_args *h)
{
	unsigned int cpu = smp_processor_id();
	struct hypercall_args *outer = in_flight[cpu];
	long ret;

	if (h->nr >= ARRAY_SIZE(hypercall_table) || !hypercall_table[h->nr])
		return -ENOSYS;
	h->preempted = false;
	if (!outer)
		h->start_ns = now_ns();
	else
		h->start_ns = outer->start_ns; /* multicall: one budget */
	in_flight[cpu] = h;
	ret = hypercall_table[h->nr](h->a[0], h->a[1], h->a[2], h->a[3],
				     h->a[4]);
	in_flight[cpu] = outer;
	return ret;
}

__hot bool hypercall_preempt_check(void)
{
	struct hypercall_args *h = in_flight[smp_processor_id()];

	return h && now_ns() - h->start_ns > PREEMPT_NS;
}

void hypercall_continue(unsigned int arg, u64 value)
{
	struct hypercall_args *h = in_flight[smp_processor_id()];

	h->a[arg] = value;
	h->preempted = true;
}

/*
 * Multicall: each entry is run as its own hypercall and its result
 * stored in the entry. A nested multicall is refused. If one entry is
 * preempted the batch stops there and the guest restarts it from that
 * entry (the continuation points at the rest).
 */
long do_multicall(u64 list, u64 nr, u64 a3, u64 a4, u64 a5)
{
	struct hypercall_args *self = in_flight[smp_processor_id()];

	for (u64 i = 0; i < nr; i++) {
		struct multicall_entry e;
		struct hypercall_args h;

		if (copy_from_guest(&e, list + i * sizeof(e), sizeof(e)))
			return -EFAULT;
		if (i && hypercall_preempt_check()) {
			self->a[0] = list + i * sizeof(e);
			self->a[1] = nr - i;
			self->preempted = true;
			return 0;
		}
		h.nr = e.op;
		for (int j = 0; j < 5; j++)
			h.a[j] = e.args[j];
		e.result = e.op == __HYPERVISOR_multicall ?
				   -EINVAL :
				   hypercall_dispatch(&h);
		if (copy_to_guest(
			    list + i * sizeof(e) +
				    __builtin_offsetof(struct multicall_entry,
						       result),
			    &e.result, sizeof(e.result)))
			return -EFAULT;
		if (h.preempted) {
			/* Stop here; the entry keeps its updated args. */
			for (int j = 0; j < 5; j++)
				e.args[j] = h.a[j];
			if (copy_to_guest(list + i * sizeof(e), &e, sizeof(e)))
				return -EFAULT;
			self->a[0] = list + i * sizeof(e);
			self->a[1] = nr - i;
			self->preempted = true;
			return 0;
		}
	}
	return 0;
}
