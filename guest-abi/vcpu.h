/* SPDX-License-Identifier: MIT */
/*
 * HYPERVISOR_vcpu_op(cmd, vcpuid, arg): per-vCPU operations: bringing
 * secondary vCPUs up, registering where vcpu_info and runstate live, and
 * the per-vCPU timers. @vcpuid names the target vCPU of the calling
 * domain.
 *
 * Result: 0 or a negated XEN_E* value; every op fails with -XEN_ENOENT for
 * a @vcpuid that does not exist, and -XEN_EINVAL for an unknown @cmd.
 */
#ifndef HVLAB_GUEST_ABI_VCPU_H
#define HVLAB_GUEST_ABI_VCPU_H

#include "xen.h"
#include "hvm/hvm_vcpu.h"

/*
 * VCPUOP_initialise: set the initial state of a vCPU that is not yet up.
 * For HVM/PVH guests arg is a struct vcpu_hvm_context (hvm/hvm_vcpu.h).
 *   Errors: -XEN_EEXIST already initialised, -XEN_EINVAL bad state,
 *           -XEN_EFAULT.
 */
#define VCPUOP_initialise		0

/*
 * VCPUOP_up: start an initialised vCPU (arg NULL).
 *   Errors: -XEN_EINVAL not initialised.
 * VCPUOP_down: stop a vCPU (arg NULL); it can be brought up again.
 * VCPUOP_is_up: arg NULL; returns 1 if the vCPU is up, 0 if not.
 */
#define VCPUOP_up			1
#define VCPUOP_down			2
#define VCPUOP_is_up			3

/*
 * VCPUOP_get_runstate_info: copy the vCPU's runstate into the struct
 * vcpu_runstate_info at arg.  Errors: -XEN_EFAULT.
 */
#define VCPUOP_get_runstate_info	4
struct vcpu_runstate_info {
	int32_t state;			/* RUNSTATE_* */
	uint64_t state_entry_time;	/* system time of entering @state */
/*
 * With VMASST_TYPE_runstate_update_flag, set in state_entry_time while
 * the hypervisor updates the structure.
 */
#define XEN_RUNSTATE_UPDATE	(1ULL << 63)
	uint64_t time[4];		/* ns spent in each RUNSTATE_* */
};
typedef struct vcpu_runstate_info vcpu_runstate_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_runstate_info_t);

#define RUNSTATE_running	0	/* running on a physical CPU */
#define RUNSTATE_runnable	1	/* ready, waiting for a CPU */
#define RUNSTATE_blocked	2	/* waiting for an event */
#define RUNSTATE_offline	3	/* down or paused */

/*
 * VCPUOP_register_runstate_memory_area: the hypervisor keeps a copy of the
 * runstate at guest virtual address @addr, updated on every change.
 *   Errors: -XEN_EFAULT (later updates to a bad address are dropped).
 */
#define VCPUOP_register_runstate_memory_area 5
struct vcpu_register_runstate_memory_area {
	union {
		XEN_GUEST_HANDLE(vcpu_runstate_info_t) h;
		struct vcpu_runstate_info *v;
		uint64_t p;
	} addr;
};
typedef struct vcpu_register_runstate_memory_area
	vcpu_register_runstate_memory_area_t;

/*
 * VCPUOP_set_periodic_timer: deliver VIRQ_TIMER every @period_ns.
 *   Errors: -XEN_EINVAL period too short (under 1 ms).
 * VCPUOP_stop_periodic_timer: arg NULL.
 */
#define VCPUOP_set_periodic_timer	6
#define VCPUOP_stop_periodic_timer	7
struct vcpu_set_periodic_timer {
	uint64_t period_ns;
};
typedef struct vcpu_set_periodic_timer vcpu_set_periodic_timer_t;

/*
 * VCPUOP_set_singleshot_timer: deliver VIRQ_TIMER once, when system time
 * reaches @timeout_abs_ns.
 *   Errors: -XEN_ETIME with VCPU_SSHOTTMR_future if the time has passed.
 * VCPUOP_stop_singleshot_timer: arg NULL.
 */
#define VCPUOP_set_singleshot_timer	8
#define VCPUOP_stop_singleshot_timer	9
struct vcpu_set_singleshot_timer {
	uint64_t timeout_abs_ns;
	uint32_t flags;		/* VCPU_SSHOTTMR_* */
};
typedef struct vcpu_set_singleshot_timer vcpu_set_singleshot_timer_t;

/* Fail with -XEN_ETIME rather than fire at once if the time is past. */
#define _VCPU_SSHOTTMR_future	(0)
#define VCPU_SSHOTTMR_future	(1U << _VCPU_SSHOTTMR_future)

/*
 * VCPUOP_register_vcpu_info: move this vCPU's vcpu_info out of
 * shared_info to byte @offset of guest frame @mfn (needed for vCPUs past
 * XEN_LEGACY_MAX_VCPUS). The struct must not cross a page boundary. Can be
 * done once per vCPU.
 *   IN: mfn, offset, rsvd (zero).
 *   Errors: -XEN_EINVAL bad offset or already registered.
 */
#define VCPUOP_register_vcpu_info	10
struct vcpu_register_vcpu_info {
	uint64_t mfn;
	uint32_t offset;
	uint32_t rsvd;
};
typedef struct vcpu_register_vcpu_info vcpu_register_vcpu_info_t;

/* VCPUOP_send_nmi: inject an NMI into the vCPU (arg NULL). */
#define VCPUOP_send_nmi			11

/*
 * VCPUOP_get_physid: (dom0) the APIC and ACPI ids of physical CPU
 * @vcpuid.  OUT: phys_id.
 */
#define VCPUOP_get_physid		12
struct vcpu_get_physid {
	uint64_t phys_id;
};
typedef struct vcpu_get_physid vcpu_get_physid_t;
#define xen_vcpu_physid_to_x86_apicid(physid)	((uint32_t)(physid))
#define xen_vcpu_physid_to_x86_acpiid(physid)	((uint32_t)((physid) >> 32))

/*
 * VCPUOP_register_vcpu_time_memory_area: keep a copy of the vCPU's
 * vcpu_time_info at guest virtual address @addr (for a vDSO clock).
 *   Errors: -XEN_EFAULT.
 */
#define VCPUOP_register_vcpu_time_memory_area 13
struct vcpu_register_time_memory_area {
	union {
		XEN_GUEST_HANDLE(vcpu_time_info_t) h;
		struct vcpu_time_info *v;
		uint64_t p;
	} addr;
};
typedef struct vcpu_register_time_memory_area
	vcpu_register_time_memory_area_t;

#endif /* HVLAB_GUEST_ABI_VCPU_H */
