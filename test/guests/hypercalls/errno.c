// SPDX-License-Identifier: MIT
/*
 * Error codes for unusual arguments, as Xen 4.17 gives them and in Xen's
 * order of checks (read from its source: xen/common/memory.c,
 * event_channel.c, event_fifo.c, sched/core.c, arch/x86/hvm/hvm.c). Where
 * Xen looks a domain up, a domain that does not exist is -ESRCH before
 * any -EPERM; the reservation ops return a count, never an error.
 */
#include "common.h"

#define NO_DOMAIN 0x7000

static long hvm_param_of(domid_t dom, int op, uint32_t index, uint64_t *val)
{
	struct xen_hvm_param p = { .domid = dom,
				   .index = index,
				   .value = val ? *val : 0 };
	long rc = HYPERVISOR_hvm_op(op, &p);

	if (val)
		*val = p.value;
	return rc;
}

static long add_to_physmap(domid_t dom, unsigned int space)
{
	static uint8_t page[4096] __attribute__((aligned(4096)));
	struct xen_add_to_physmap x = {
		.domid = dom,
		.space = space,
		.gpfn = (uintptr_t)page >> 12,
	};

	return HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x);
}

static long reservation(unsigned int cmd, unsigned long nr, unsigned int order,
			domid_t dom)
{
	static xen_pfn_t gfns[2] = { 0xfff00, 0xfff01 };
	struct xen_memory_reservation r = { .nr_extents = nr,
					    .extent_order = order,
					    .domid = dom };

	set_xen_guest_handle(r.extent_start, gfns);
	return HYPERVISOR_memory_op(cmd, &r);
}

static void errno_memory(void)
{
	domid_t none = NO_DOMAIN;
	struct xen_remove_from_physmap rm = { .domid = NO_DOMAIN, .gpfn = 0 };

	check_rc(add_to_physmap(DOMID_SELF, 99), -XEN_EINVAL,
		 "errno/add-to-physmap-unknown-space");
	check_rc(add_to_physmap(DOMID_SELF, XENMAPSPACE_gmfn_foreign),
		 -XEN_ENOSYS, "errno/add-to-physmap-gmfn-foreign");
	check_rc(add_to_physmap(NO_DOMAIN, XENMAPSPACE_gmfn_foreign),
		 -XEN_ENOSYS,
		 "errno/add-to-physmap-gmfn-foreign-before-lookup");
	check_rc(add_to_physmap(DOMID_SELF, XENMAPSPACE_dev_mmio), -XEN_EACCES,
		 "errno/add-to-physmap-dev-mmio-domu");
	check_rc(add_to_physmap(NO_DOMAIN, XENMAPSPACE_shared_info), -XEN_ESRCH,
		 "errno/add-to-physmap-no-domain");
	check_rc(HYPERVISOR_memory_op(XENMEM_remove_from_physmap, &rm),
		 -XEN_ESRCH, "errno/remove-from-physmap-no-domain");

	/* Reservations: a count, never an error. */
	check_rc(reservation(XENMEM_populate_physmap, 1, 40, DOMID_SELF), 0,
		 "errno/populate-order-40-is-0");
	check_rc(reservation(XENMEM_increase_reservation, 1, 63, DOMID_SELF), 0,
		 "errno/increase-order-63-is-0");
	check_rc(reservation(XENMEM_decrease_reservation, 1, 10, DOMID_SELF), 0,
		 "errno/decrease-order-10-is-0");
	check_rc(reservation(XENMEM_populate_physmap, 1UL << 40, 0, DOMID_SELF),
		 0, "errno/populate-huge-count-is-0");
	check_rc(reservation(XENMEM_populate_physmap, 1, 0, NO_DOMAIN), 0,
		 "errno/populate-no-domain-is-0");
	{
		/* Claims are the control domain's (Xen: XSM_PRIV), after
		 * the argument's own checks. */
		struct xen_memory_reservation c = { .nr_extents = 16,
						    .domid = DOMID_SELF };

		check_rc(HYPERVISOR_memory_op(XENMEM_claim_pages, &c),
			 -XEN_EPERM, "errno/claim-pages-unprivileged");
		c.extent_order = 1;
		check_rc(HYPERVISOR_memory_op(XENMEM_claim_pages, &c),
			 -XEN_EINVAL, "errno/claim-pages-order");
	}
	check_rc(HYPERVISOR_memory_op(XENMEM_populate_physmap,
				      (void *)0x7ffffffff000UL),
		 0, "errno/populate-bad-struct-is-0");
	/* A forged continuation past the end returns where it "started". */
	check_rc(reservation(XENMEM_populate_physmap | (5 << 6), 2, 0,
			     DOMID_SELF),
		 5, "errno/populate-start-past-end");

	check_rc(HYPERVISOR_memory_op(XENMEM_current_reservation, &none),
		 -XEN_ESRCH, "errno/current-reservation-no-domain");
	check_rc(HYPERVISOR_memory_op(XENMEM_maximum_reservation, &none),
		 -XEN_ESRCH, "errno/maximum-reservation-no-domain");
	check_rc(HYPERVISOR_memory_op(XENMEM_maximum_gpfn, &none), -XEN_ESRCH,
		 "errno/maximum-gpfn-no-domain");
}

static void errno_evtchn(void)
{
	struct evtchn_status st = { .dom = DOMID_SELF, .port = 0 };
	struct evtchn_set_priority sp = { .port = 1 << 20, .priority = 7 };
	struct evtchn_expand_array ea = { .array_gfn = 0 };
	uint64_t console = 0;

	st.status = 0x55;
	check_rc(HYPERVISOR_event_channel_op(EVTCHNOP_status, &st), 0,
		 "errno/status-port-0");
	check_eq(st.status, EVTCHNSTAT_closed, "errno/status-port-0-closed");
	st.port = 1 << 20;
	check_rc(HYPERVISOR_event_channel_op(EVTCHNOP_status, &st), -XEN_EINVAL,
		 "errno/status-port-beyond-max");
	st.dom = NO_DOMAIN;
	st.port = 1;
	check_rc(HYPERVISOR_event_channel_op(EVTCHNOP_status, &st), -XEN_ESRCH,
		 "errno/status-no-domain");
	/* The console's port is consumed by the hypervisor itself. */
	hvm_get_param(HVM_PARAM_CONSOLE_EVTCHN, &console);
	st.dom = DOMID_SELF;
	st.port = console;
	check_rc(HYPERVISOR_event_channel_op(EVTCHNOP_status, &st), -XEN_EACCES,
		 "errno/status-hv-consumed-port");

	/* FIFO sub-ops on a domain using the 2-level ABI. */
	check_rc(HYPERVISOR_event_channel_op(EVTCHNOP_expand_array, &ea),
		 -XEN_EOPNOTSUPP, "errno/expand-array-without-fifo");
	check_rc(HYPERVISOR_event_channel_op(EVTCHNOP_set_priority, &sp),
		 -XEN_EINVAL, "errno/set-priority-bad-port");
	sp.port = console;
	check_rc(HYPERVISOR_event_channel_op(EVTCHNOP_set_priority, &sp),
		 -XEN_ENOSYS, "errno/set-priority-2-level");
}

static void errno_vcpu(void)
{
	static uint8_t page[4096] __attribute__((aligned(4096)));
	struct vcpu_register_vcpu_info r = {
		.mfn = (uintptr_t)page >> 12,
	};

	/* Checked before "already registered", with Xen's -ENXIO. */
	r.offset = 4096 - 32;
	check_rc(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &r),
		 -XEN_ENXIO, "errno/vcpu-info-crosses-page");
	r.offset = 4;
	check_rc(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &r),
		 -XEN_ENXIO, "errno/vcpu-info-misaligned");

	/* vCPU 0 was started by the builder: initialised for good. */
	check_rc(HYPERVISOR_vcpu_op(VCPUOP_initialise, 0, page), -XEN_EEXIST,
		 "errno/initialise-initialised");
	check_rc(HYPERVISOR_vcpu_op(VCPUOP_send_nmi, 0, page), -XEN_EINVAL,
		 "errno/send-nmi-with-argument");
	check_rc(HYPERVISOR_vcpu_op(VCPUOP_get_physid, 0, page), -XEN_EINVAL,
		 "errno/get-physid-domu");
}

/*
 * VCPUOP_register_vcpu_time_memory_area: a second copy of the vCPU's
 * pvclock where the guest wants it (Linux's vDSO page), filled in at once
 * with the same parameters as vcpu_info's and an even version.
 */
static void time_area(void)
{
	static struct vcpu_time_info area;
	struct vcpu_register_time_memory_area r = { .addr.v = &area };
	const struct vcpu_time_info *vt = &shared_info->vcpu_info[0].time;

	/* Above the 4 GiB the test guests map. */
	check_rc(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_time_memory_area, 0,
				    (void *)(1ULL << 40)),
		 -XEN_EFAULT, "time-area/bad-pointer");
	memset(&area, 0, sizeof(area));
	check_rc(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_time_memory_area, 0,
				    &r),
		 0, "time-area/register");
	check(area.version && !(area.version & 1), "time-area/version-even",
	      "version %u", area.version);
	check(area.tsc_to_system_mul == vt->tsc_to_system_mul &&
		      area.tsc_shift == vt->tsc_shift &&
		      area.tsc_timestamp == vt->tsc_timestamp &&
		      area.system_time == vt->system_time,
	      "time-area/same-as-vcpu-info", "mul %u/%u shift %d/%d",
	      area.tsc_to_system_mul, vt->tsc_to_system_mul, area.tsc_shift,
	      vt->tsc_shift);
	check(area.flags & XEN_PVCLOCK_TSC_STABLE_BIT, "time-area/tsc-stable",
	      "flags %#x", area.flags);
}

/* Xen's hvm_grant_table_op: only the HVM-audited ops, on the whole cmd. */
static void errno_grant(void)
{
	struct gnttab_copy c = { 0 };

	check_rc(HYPERVISOR_grant_table_op(7 /* unmap_and_replace */, NULL, 0),
		 -XEN_ENOSYS, "errno/grant-unmap-and-replace-hvm");
	check_rc(HYPERVISOR_grant_table_op(9 /* get_status_frames */, NULL, 1),
		 -XEN_ENOSYS, "errno/grant-get-status-frames-hvm");
	check_rc(HYPERVISOR_grant_table_op(9, NULL, -1), -XEN_ENOSYS,
		 "errno/grant-filter-before-count");
	check_rc(HYPERVISOR_grant_table_op(GNTTABOP_copy | (1 << 12), &c, 1),
		 -XEN_ENOSYS, "errno/grant-continuation-bits");
	check_rc(HYPERVISOR_grant_table_op(GNTTABOP_copy, &c, -1), -XEN_EINVAL,
		 "errno/grant-negative-count");

	/* A zero-length copy is checked like any other. */
	c.flags = GNTCOPY_source_gref;
	c.source.domid = DOMID_SELF;
	c.source.u.ref = 0x7fffffff;
	c.dest.domid = DOMID_SELF;
	c.dest.u.gmfn = (uintptr_t)&c >> 12;
	check_rc(HYPERVISOR_grant_table_op(GNTTABOP_copy, &c, 1), 0,
		 "errno/grant-copy-len0");
	check_eq((long)c.status, GNTST_bad_gntref,
		 "errno/grant-copy-len0-bad-ref");
	c.flags = 0;
	c.source.domid = NO_DOMAIN;
	c.source.u.gmfn = c.dest.u.gmfn;
	check_rc(HYPERVISOR_grant_table_op(GNTTABOP_copy, &c, 1), 0,
		 "errno/grant-copy-len0-foreign");
	check_eq((long)c.status, GNTST_permission_denied,
		 "errno/grant-copy-len0-foreign-denied");
}

static void errno_hvm_and_sched(void)
{
	struct sched_remote_shutdown rs = { .domain_id = DOMID_SELF,
					    .reason = SHUTDOWN_poweroff };
	uint64_t v = 0, store = 0;

	check_rc(hvm_param_of(NO_DOMAIN, HVMOP_get_param, HVM_PARAM_STORE_PFN,
			      &v),
		 -XEN_ESRCH, "errno/get-param-no-domain");
	check_rc(hvm_param_of(NO_DOMAIN, HVMOP_set_param,
			      HVM_PARAM_CALLBACK_IRQ, &v),
		 -XEN_ESRCH, "errno/set-param-no-domain");
	/* What a domain may read and write of its own parameters. */
	check_rc(hvm_get_param(HVM_PARAM_TIMER_MODE, &v), -XEN_EPERM,
		 "errno/get-timer-mode-self");
	check_rc(hvm_get_param(HVM_PARAM_IOREQ_PFN, &v), -XEN_EPERM,
		 "errno/get-ioreq-pfn-self");
	check_rc(hvm_get_param(HVM_PARAM_PAE_ENABLED, &v), -XEN_EINVAL,
		 "errno/get-deprecated");
	check_rc(hvm_set_param(HVM_PARAM_TIMER_MODE, 0), -XEN_EPERM,
		 "errno/set-timer-mode-self");
	check_rc(hvm_set_param(HVM_PARAM_TRIPLE_FAULT_REASON, 0), -XEN_EPERM,
		 "errno/set-triple-fault-reason-self");
	check_rc(hvm_set_param(HVM_PARAM_NESTEDHVM, 0), -XEN_EINVAL,
		 "errno/set-deprecated");
	check_rc(hvm_set_param(HVM_PARAM_X87_FIP_WIDTH, 3), -XEN_EINVAL,
		 "errno/set-fip-width-bad-value");
	check_rc(hvm_set_param(HVM_PARAM_X87_FIP_WIDTH, 8), 0,
		 "errno/set-fip-width");
	check_rc(hvm_get_param(HVM_PARAM_X87_FIP_WIDTH, &v), 0,
		 "errno/get-fip-width");
	check_eq(v, 8, "errno/fip-width-value");
	check_rc(hvm_get_param(HVM_PARAM_STORE_EVTCHN, &store), 0,
		 "errno/get-store-evtchn");
	check_rc(hvm_set_param(HVM_PARAM_STORE_EVTCHN, store), 0,
		 "errno/set-store-evtchn-self");

	check_rc(HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs), -XEN_ESRCH,
		 "errno/remote-shutdown-domid-self");
	rs.domain_id = NO_DOMAIN;
	check_rc(HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs), -XEN_ESRCH,
		 "errno/remote-shutdown-no-domain");
}

/* platform_op is the control domain's alone: refused before its
 * argument is even read (docs/abi-status.md). */
static void errno_platform(void)
{
	struct xen_platform_op op = {
		.cmd = XENPF_settime64,
		.interface_version = XENPF_INTERFACE_VERSION,
		.u.settime64 = { .secs = 1 },
	};

	check_rc(HYPERVISOR_platform_op(&op), -XEN_EPERM,
		 "errno/platform-op-unprivileged");
	check_rc(HYPERVISOR_platform_op((void *)0xffff800000000000UL),
		 -XEN_EPERM, "errno/platform-op-unprivileged-bad-pointer");
}

/* The toolstack's hypercalls likewise, whatever the command. */
static void errno_toolstack(void)
{
	struct xen_sysctl s = { .cmd = XEN_SYSCTL_physinfo,
				.interface_version =
					XEN_SYSCTL_INTERFACE_VERSION };
	struct xen_domctl d = { .cmd = XEN_DOMCTL_getdomaininfo,
				.interface_version =
					XEN_DOMCTL_INTERFACE_VERSION };

	/* Every command the hv implements, on dom0 and on itself. */
	static const uint32_t domctls[] = {
		XEN_DOMCTL_createdomain,
		XEN_DOMCTL_destroydomain,
		XEN_DOMCTL_pausedomain,
		XEN_DOMCTL_unpausedomain,
		XEN_DOMCTL_getdomaininfo,
		XEN_DOMCTL_setvcpuaffinity,
		XEN_DOMCTL_max_mem,
		XEN_DOMCTL_max_vcpus,
		XEN_DOMCTL_scheduler_op,
		XEN_DOMCTL_setdomainhandle,
		XEN_DOMCTL_getvcpuaffinity,
		XEN_DOMCTL_gettscinfo,
		XEN_DOMCTL_settscinfo,
		XEN_DOMCTL_setnodeaffinity,
		XEN_DOMCTL_getnodeaffinity,
		XEN_DOMCTL_gethvmcontext,
		XEN_DOMCTL_sethvmcontext,
		XEN_DOMCTL_get_paging_mempool_size,
		XEN_DOMCTL_set_paging_mempool_size,
		XEN_DOMCTL_getvcpucontext,
		XEN_DOMCTL_gethvmcontext_partial,
		XEN_DOMCTL_setvcpucontext,
		XEN_DOMCTL_get_cpu_policy,
		XEN_DOMCTL_set_cpu_policy,
		XEN_DOMCTL_getvcpuinfo,
	};
	static const uint32_t sysctls[] = {
		XEN_SYSCTL_readconsole,	   XEN_SYSCTL_physinfo,
		XEN_SYSCTL_sched_id,	   XEN_SYSCTL_getdomaininfolist,
		XEN_SYSCTL_cputopoinfo,	   XEN_SYSCTL_numainfo,
		XEN_SYSCTL_cpupool_op,	   XEN_SYSCTL_get_cpu_featureset,
		XEN_SYSCTL_get_cpu_policy,
	};
	unsigned int i, bad = 0, bad_cmd = 0;
	long rc, bad_rc = 0;

	check_rc(HYPERVISOR_sysctl(&s), -XEN_EPERM,
		 "errno/sysctl-unprivileged");
	check_rc(HYPERVISOR_domctl(&d), -XEN_EPERM,
		 "errno/domctl-unprivileged");
	d.cmd = 1; /* createdomain */
	check_rc(HYPERVISOR_domctl(&d), -XEN_EPERM,
		 "errno/domctl-create-unprivileged");
	for (i = 0; i < 2 * ARRAY_SIZE(domctls); i++) {
		d.cmd = domctls[i / 2];
		d.domain = i & 1 ? DOMID_SELF : 0;
		rc = HYPERVISOR_domctl(&d);
		if (rc != -XEN_EPERM && !bad++) {
			bad_cmd = d.cmd;
			bad_rc = rc;
		}
	}
	check(!bad, "errno/domctl-each-unprivileged",
	      "%u refused wrongly, first: command %u -> %ld", bad, bad_cmd,
	      bad_rc);
	bad = 0;
	for (i = 0; i < ARRAY_SIZE(sysctls); i++) {
		s.cmd = sysctls[i];
		rc = HYPERVISOR_sysctl(&s);
		if (rc != -XEN_EPERM && !bad++) {
			bad_cmd = s.cmd;
			bad_rc = rc;
		}
	}
	check(!bad, "errno/sysctl-each-unprivileged",
	      "%u refused wrongly, first: command %u -> %ld", bad, bad_cmd,
	      bad_rc);
}

/* Foreign mapping is the privileged domain's: each page says -EPERM. */
static void errno_foreign_map(void)
{
	static xen_ulong_t idx = 0;
	static xen_pfn_t gpfn = 0x7f000;
	static int err = 1;
	struct xen_add_to_physmap_batch b = {
		.domid = DOMID_SELF,
		.space = XENMAPSPACE_gmfn_foreign,
		.size = 1,
		.u.foreign_domid = 0,
		.idxs.q = (uintptr_t)&idx,
		.gpfns.q = (uintptr_t)&gpfn,
		.errs.q = (uintptr_t)&err,
	};

	check_rc(HYPERVISOR_memory_op(XENMEM_add_to_physmap_batch, &b), 0,
		 "errno/foreign-map-unprivileged");
	check_eq(err, -XEN_EPERM, "errno/foreign-map-unprivileged-err");
}

void test_errno(void)
{
	errno_memory();
	errno_evtchn();
	errno_vcpu();
	time_area();
	errno_grant();
	errno_hvm_and_sched();
	errno_platform();
	errno_toolstack();
	errno_foreign_map();
}
