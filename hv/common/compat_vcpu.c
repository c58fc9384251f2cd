// SPDX-License-Identifier: GPL-2.0
/*
 * vcpu_op from 32-bit guests. Only the runstate differs: its uint64_t
 * fields are 4-byte aligned in the i386 ABI (44 bytes, not 48), both in
 * get_runstate_info and in the area the guest registers, which vcpu.c
 * keeps writing in the layout of the mode that registered it. Timers,
 * vcpu_info registration and vcpu_hvm_context have one layout; the time
 * area's handle is 32 bits.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/time.h>
#include <vcpu.h>
#include <compat/vcpu.h>

void compat_runstate_info(const struct vcpu_runstate_info *r,
			  struct compat_vcpu_runstate_info *c)
{
	c->state = r->state;
	c->state_entry_time = r->state_entry_time;
	for (int i = 0; i < 4; i++)
		c->time[i] = r->time[i];
}

long compat_vcpu_op(u64 cmd, u64 vcpuid, u64 arg, u64 a4, u64 a5)
{
	struct domain *d = current_domain();
	struct vcpu *v;

	if ((u32)cmd != VCPUOP_get_runstate_info &&
	    (u32)cmd != VCPUOP_register_runstate_memory_area &&
	    (u32)cmd != VCPUOP_register_vcpu_time_memory_area)
		return do_vcpu_op(cmd, vcpuid, arg, a4, a5);
	if ((u32)vcpuid >= d->nr_vcpus)
		return -ENOENT;
	v = d->vcpu[(u32)vcpuid];

	if ((u32)cmd == VCPUOP_register_vcpu_time_memory_area) {
		/* One layout; the handle is a 32-bit pointer in a u64 union
		 * whose upper half the guest need not clear. */
		struct vcpu_register_time_memory_area a;

		if (copy_from_guest(&a, arg, sizeof(a)))
			return -EFAULT;
		vcpu_register_time_area(v, (u32)a.addr.p);
		return 0;
	}

	if ((u32)cmd == VCPUOP_get_runstate_info) {
		struct compat_vcpu_runstate_info c;

		vcpu_runstate_sync(v);
		compat_runstate_info(&v->runstate, &c);
		return copy_to_guest(arg, &c, sizeof(c)) ? -EFAULT : 0;
	} else {
		struct compat_vcpu_register_runstate_memory_area r;

		if (copy_from_guest(&r, arg, sizeof(r)))
			return -EFAULT;
		/* The upper half of the union is whatever the guest left. */
		vcpu_register_runstate(v, r.addr.h, true);
		return 0;
	}
}
