// SPDX-License-Identifier: GPL-2.0
/*
 * vcpu_op: per-vCPU registration (vcpu_info, runstate area), timers,
 * bringing vCPUs up and down, and vm_assist.
 */
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/sched.h>
#include <hv/string.h>
#include <hv/time.h>
#include <hvm/hvm_vcpu.h>
#include <sched.h>
#include <vcpu.h>
#include <compat/vcpu.h>
#include <hv/physmap.h>
#include <asm/page.h>

/*
 * Move v's vcpu_info into guest RAM at gfn:offset. The hv writes it
 * directly through the direct map, so the frame must be the domain's own
 * RAM, and memory.c forgets the registration if the guest gives the frame
 * away (vcpu_info_released).
 */
static long register_vcpu_info(struct vcpu *v, u64 arg)
{
	struct vcpu_register_vcpu_info r;
	struct vcpu_info *vi;
	enum physmap_type t;
	mfn_t mfn;

	if (copy_from_guest(&r, arg, sizeof(r)))
		return -EFAULT;
	/* Xen's order and errno. rsvd is not looked at: Linux leaves it
	 * uninitialised and panics if this fails. */
	if (r.offset > PAGE_SIZE - sizeof(struct vcpu_info) ||
	    (r.offset & (__alignof__(struct vcpu_info) - 1)))
		return -ENXIO;
	if (v->vcpu_info_gfn != ~0ULL)
		return -EINVAL; /* once only */
	if (v != current_vcpu() && vcpu_is_up(v))
		return -EINVAL; /* only one's own, or a vCPU that is down */
	t = physmap_lookup(v->domain, r.mfn, &mfn, NULL);
	if (t != PHYSMAP_RAM)
		return -EINVAL;
	vi = (void *)((u8 *)__va(mfn << PAGE_SHIFT) + r.offset);
	if (v->vcpu_info)
		memcpy(vi, v->vcpu_info, sizeof(*vi));
	else
		memset(vi, 0, sizeof(*vi));
	v->vcpu_info_gfn = r.mfn;
	v->vcpu_info = vi;
	/* Make the guest rescan: events may have arrived meanwhile. */
	vi->evtchn_upcall_pending = 1;
	vcpu_update_time(v);
	vcpu_kick(v);
	return 0;
}

void vcpu_info_released(struct domain *d, u64 gfn)
{
	for (unsigned int i = 0; i < d->nr_vcpus; i++) {
		struct vcpu *v = d->vcpu[i];

		if (v->vcpu_info_gfn == gfn) {
			v->vcpu_info_gfn = ~0ULL;
			v->vcpu_info =
				v->id < XEN_LEGACY_MAX_VCPUS ?
					&d->shared_info->vcpu_info[v->id] :
					NULL;
		}
	}
}

static long runstate_op(struct vcpu *v, int cmd, u64 arg)
{
	struct vcpu_register_runstate_memory_area r;

	if (cmd == VCPUOP_get_runstate_info) {
		vcpu_runstate_sync(v);
		return copy_to_guest(arg, &v->runstate, sizeof(v->runstate)) ?
			       -EFAULT :
			       0;
	}
	if (copy_from_guest(&r, arg, sizeof(r)))
		return -EFAULT;
	vcpu_register_runstate(v, r.addr.p, false);
	return 0;
}

static long time_area_op(struct vcpu *v, u64 arg)
{
	struct vcpu_register_time_memory_area a;

	if (copy_from_guest(&a, arg, sizeof(a)))
		return -EFAULT;
	vcpu_register_time_area(v, a.addr.p);
	return 0;
}

/* The area is written in the layout of the mode that registered it. */
void vcpu_register_runstate(struct vcpu *v, u64 gva, bool compat)
{
	v->runstate_gva = gva;
	v->runstate_compat = compat;
	vcpu_runstate_publish(v);
}

long do_vcpu_op(u64 cmd, u64 vcpuid, u64 arg, u64 a4, u64 a5)
{
	struct domain *d = current_domain();
	struct vcpu *v;

	/* Both are ints in Xen's prototype: only the low 32 bits count. */
	cmd = (u32)cmd;
	vcpuid = (u32)vcpuid;
	if (vcpuid >= d->nr_vcpus)
		return -ENOENT;
	v = d->vcpu[vcpuid];

	switch (cmd) {
	case VCPUOP_initialise: {
		struct vcpu_hvm_context ctx;

		/* Xen's order: a vCPU beyond shared_info's 32 needs its
		 * vcpu_info registered first; once initialised, a vCPU stays
		 * so (down and up again resume it). */
		if (!v->vcpu_info)
			return -EINVAL;
		if (copy_from_guest(&ctx, arg, sizeof(ctx)))
			return -EFAULT;
		if (v->initialised)
			return -EEXIST;
		return arch_vcpu_initialise(v, &ctx);
	}
	case VCPUOP_up:
		if (!v->initialised)
			return -EINVAL;
		vcpu_up(v);
		return 0;
	case VCPUOP_down:
		/* The last vCPU going down powers the domain off (Xen). */
		for (unsigned int i = 0; i < d->nr_vcpus; i++)
			if (i != vcpuid && vcpu_is_up(d->vcpu[i])) {
				vcpu_down(v);
				return 0;
			}
		domain_shutdown(d, SHUTDOWN_poweroff);
		return 0;
	case VCPUOP_is_up:
		return vcpu_is_up(v);
	case VCPUOP_get_runstate_info:
	case VCPUOP_register_runstate_memory_area:
		return runstate_op(v, cmd, arg);
	case VCPUOP_set_periodic_timer:
	case VCPUOP_stop_periodic_timer:
	case VCPUOP_set_singleshot_timer:
	case VCPUOP_stop_singleshot_timer:
		return vcpu_timer_op(v, cmd, arg);
	case VCPUOP_register_vcpu_info:
		return register_vcpu_info(v, arg);
	case VCPUOP_send_nmi:
		if (arg)
			return -EINVAL; /* no argument (Xen) */
		arch_vcpu_send_nmi(v);
		return 0;
	case VCPUOP_get_physid:
		return -EINVAL; /* Xen: only for a pinned hardware domain */
	case VCPUOP_register_vcpu_time_memory_area:
		return time_area_op(v, arg);
	}
	return -ENOSYS;
}

long do_vm_assist(u64 cmd, u64 type, u64 a3, u64 a4, u64 a5)
{
	struct domain *d = current_domain();

	cmd = (u32)cmd, type = (u32)type; /* unsigned ints in Xen */
	if (type != VMASST_TYPE_runstate_update_flag)
		return -EINVAL; /* the others are for PV guests */
	if (cmd != VMASST_CMD_enable && cmd != VMASST_CMD_disable)
		return -ENOSYS;
	d->runstate_update_flag = cmd == VMASST_CMD_enable;
	return 0;
}

/* Runstate accounting: time in each RUNSTATE_* since the vCPU existed. */
void vcpu_runstate_change(struct vcpu *v, int state)
{
	u64 now = now_ns();
	u64 spent = now - (v->runstate.state_entry_time & ~XEN_RUNSTATE_UPDATE);

	/* The lab's counters (perfc.h): waiting for a pCPU, and asleep. */
	if (v->runstate.state == RUNSTATE_runnable)
		v->perfc[PERFC_runnable_us] += spent / 1000;
	else if (v->runstate.state == RUNSTATE_blocked)
		v->perfc[PERFC_blocked_us] += spent / 1000;
	v->runstate.time[v->runstate.state] += spent;
	v->runstate.state = state;
	v->runstate.state_entry_time = now;
}

void vcpu_runstate_sync(struct vcpu *v)
{
	vcpu_runstate_change(v, v->runstate.state);
}

/* Copy the runstate to the guest's registered area (current vCPU). */
void vcpu_runstate_publish(struct vcpu *v)
{
	struct vcpu_runstate_info r = v->runstate;
	struct compat_vcpu_runstate_info c;

	if (!v->runstate_gva || v != current_vcpu())
		return;
	if (v->runstate_compat) {
		compat_runstate_info(&r, &c);
		copy_to_guest(v->runstate_gva, &c, sizeof(c));
		return;
	}
	copy_to_guest(v->runstate_gva, &r, sizeof(r));
}
