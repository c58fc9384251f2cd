// SPDX-License-Identifier: MIT
/*
 * The privileged domain's powers over another domain (victim=<id> on the
 * command line), run as dom0: what an unprivileged domain gets -EPERM for
 * must work here, with Xen's -ESRCH for a domain that does not exist,
 * and SCHEDOP_remote_shutdown must end the victim. The victim is built
 * before dom0 runs, and shutting it down at once must not disturb the hv.
 */
#include "guest.h"

/* TSC kHz from Xen's timing leaf (base + 3, ECX). */
static uint64_t tsc_khz(void)
{
	uint32_t a, b, c, d;

	cpuid_count(0x40000003, 0, &a, &b, &c, &d);
	return c ? c : 1000000;
}

static bool contains(const char *s, const char *w)
{
	for (size_t n = strlen(w); *s; s++)
		if (!memcmp(s, w, n))
			return true;
	return false;
}

static long current_reservation(domid_t dom)
{
	return HYPERVISOR_memory_op(XENMEM_current_reservation, &dom);
}

static long settime(uint32_t cmd, uint64_t secs, uint32_t nsecs, uint32_t mbz,
		    uint64_t system_time)
{
	struct xen_platform_op op = {
		.cmd = cmd,
		.interface_version = XENPF_INTERFACE_VERSION,
	};

	if (cmd == XENPF_settime32)
		op.u.settime32 = (struct xenpf_settime32){
			.secs = secs, .nsecs = nsecs, .system_time = system_time
		};
	else
		op.u.settime64 = (struct xenpf_settime64){
			.secs = secs,
			.nsecs = nsecs,
			.mbz = mbz,
			.system_time = system_time,
		};
	return HYPERVISOR_platform_op(&op);
}

/* The wall clock shared_info says now: base + system time, in s. */
static uint64_t wall_now(void)
{
	volatile shared_info_t *s = shared_info;
	uint32_t ver;
	uint64_t sec, nsec;

	do {
		ver = s->wc_version;
		__asm__ __volatile__("" ::: "memory");
		sec = s->wc_sec | ((uint64_t)s->wc_sec_hi << 32);
		nsec = s->wc_nsec;
		__asm__ __volatile__("" ::: "memory");
	} while ((ver & 1) || ver != s->wc_version);
	return sec + (nsec + hv_now_ns()) / 1000000000ULL;
}

static long sysctl(struct xen_sysctl *s, uint32_t cmd)
{
	s->cmd = cmd;
	s->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
	return HYPERVISOR_sysctl(s);
}

static long getdomaininfo(struct xen_domctl *d, domid_t dom)
{
	*d = (struct xen_domctl){ .cmd = XEN_DOMCTL_getdomaininfo,
				  .interface_version =
					  XEN_DOMCTL_INTERFACE_VERSION,
				  .domain = dom };
	return HYPERVISOR_domctl(d);
}

/*
 * The toolstack's queries: physinfo describes this machine, the domain
 * list has dom0 and the victim with the victim's memory, and
 * getdomaininfo finds a domain or the next one above, else -ESRCH; Xen's
 * order for a bad pointer, a wrong version and an unknown command.
 */
static void toolstack_queries(domid_t victim)
{
	static struct xen_domctl_getdomaininfo list[8];
	struct xen_sysctl s = { 0 };
	struct xen_domctl d;
	uint32_t caps, want = XEN_SYSCTL_PHYSCAP_hvm | XEN_SYSCTL_PHYSCAP_hap |
			      XEN_SYSCTL_PHYSCAP_gnttab_v1;
	unsigned long cpus = cmdline_get_ulong("cpus", 0);

	check_rc(HYPERVISOR_sysctl((void *)0xffff800000000000UL), -XEN_EFAULT,
		 "priv/sysctl-bad-pointer");
	s.cmd = XEN_SYSCTL_physinfo;
	check_rc(HYPERVISOR_sysctl(&s), -XEN_EACCES, "priv/sysctl-version");
	check_rc(sysctl(&s, 9999), -XEN_ENOSYS, "priv/sysctl-unknown");
	if (check_rc(sysctl(&s, XEN_SYSCTL_physinfo), 0, "priv/physinfo")) {
		caps = s.u.physinfo.capabilities;
		check((caps & want) == want && !(caps & XEN_SYSCTL_PHYSCAP_pv),
		      "priv/physinfo-caps", "%#x", caps);
		check(s.u.physinfo.nr_cpus == cpus, "priv/physinfo-cpus",
		      "%u, expected %lu", s.u.physinfo.nr_cpus, cpus);
		check(s.u.physinfo.free_pages > 0 &&
			      s.u.physinfo.free_pages <
				      s.u.physinfo.total_pages,
		      "priv/physinfo-memory", "free %lu of %lu",
		      (unsigned long)s.u.physinfo.free_pages,
		      (unsigned long)s.u.physinfo.total_pages);
		check(s.u.physinfo.cpu_khz > 100000 &&
			      (s.u.physinfo.hw_cap[0] &
			       1), /* CPUID 1.edx FPU */
		      "priv/physinfo-cpu", "%u kHz, hw_cap[0] %#x",
		      s.u.physinfo.cpu_khz, s.u.physinfo.hw_cap[0]);
	}
	s.u.getdomaininfolist = (struct xen_sysctl_getdomaininfolist){
		.first_domain = 0, .max_domains = 8, .buffer.q = (uintptr_t)list
	};
	if (check_rc(sysctl(&s, XEN_SYSCTL_getdomaininfolist), 0,
		     "priv/domain-list")) {
		check_eq(s.u.getdomaininfolist.num_domains, 2,
			 "priv/domain-list-count");
		check(list[0].domain == 0 && list[1].domain == victim,
		      "priv/domain-list-ids", "%u %u", list[0].domain,
		      list[1].domain);
		check(list[0].flags & XEN_DOMINF_running,
		      "priv/domain-list-self-running", "%#x", list[0].flags);
		/* The victim is the hypercall fuzzer: it balloons. */
		check(list[1].max_pages == 256 << 8 && list[1].tot_pages &&
			      list[1].tot_pages <= list[1].max_pages,
		      "priv/domain-list-pages", "tot %lu max %lu",
		      (unsigned long)list[1].tot_pages,
		      (unsigned long)list[1].max_pages);
		check((list[1].flags &
		       (XEN_DOMINF_hvm_guest | XEN_DOMINF_hap |
			XEN_DOMINF_dying | XEN_DOMINF_shutdown)) ==
			      (XEN_DOMINF_hvm_guest | XEN_DOMINF_hap),
		      "priv/domain-list-flags", "%#x", list[1].flags);
	}
	if (check_rc(getdomaininfo(&d, victim), 0, "priv/getdomaininfo"))
		check(d.domain == victim &&
			      d.u.getdomaininfo.domain == victim &&
			      d.u.getdomaininfo.max_pages >= 256 << 8,
		      "priv/getdomaininfo-victim", "domain %u/%u, max %lu",
		      d.domain, d.u.getdomaininfo.domain,
		      (unsigned long)d.u.getdomaininfo.max_pages);
	check_rc(getdomaininfo(&d, victim + 1), -XEN_ESRCH,
		 "priv/getdomaininfo-past-last");
	d.interface_version = 0x14;
	check_rc(HYPERVISOR_domctl(&d), -XEN_EACCES, "priv/domctl-version");
	d.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	/* Xen's order: the domain (-ESRCH), then the command (-ENOSYS). */
	d.cmd = 9999;
	d.domain = victim + 1;
	check_rc(HYPERVISOR_domctl(&d), -XEN_ESRCH,
		 "priv/domctl-unknown-no-domain");
	d.domain = victim;
	check_rc(HYPERVISOR_domctl(&d), -XEN_ENOSYS, "priv/domctl-unknown");
}

static long domctl(struct xen_domctl *d, uint32_t cmd, domid_t dom)
{
	d->cmd = cmd;
	d->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	d->domain = dom;
	return HYPERVISOR_domctl(d);
}

static void pvh_config(struct xen_domctl *d, uint32_t vcpus)
{
	d->u.createdomain = (struct xen_domctl_createdomain){
		.flags = XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap,
		.max_vcpus = vcpus,
		.max_evtchn_port = 1023,
		.max_grant_frames = -1,
		.max_maptrack_frames = -1,
		.grant_opts = XEN_DOMCTL_GRANT_version(1),
		.arch.emulation_flags = XEN_X86_EMU_LAPIC,
	};
}

#define FMAP 0x40010000UL /* where dom0 maps the new domain's frames */

static long map_foreign(domid_t fd, const xen_ulong_t *idxs,
			const xen_pfn_t *gpfns, int *errs, uint16_t n)
{
	struct xen_add_to_physmap_batch b = {
		.domid = DOMID_SELF,
		.space = XENMAPSPACE_gmfn_foreign,
		.size = n,
		.u.foreign_domid = fd,
		.idxs.q = (uintptr_t)idxs,
		.gpfns.q = (uintptr_t)gpfns,
		.errs.q = (uintptr_t)errs,
	};

	return HYPERVISOR_memory_op(XENMEM_add_to_physmap_batch, &b);
}

static long unmap_foreign(xen_pfn_t gpfn)
{
	struct xen_remove_from_physmap r = { .domid = DOMID_SELF,
					     .gpfn = gpfn };

	return HYPERVISOR_memory_op(XENMEM_remove_from_physmap, &r);
}

/*
 * Foreign mapping of domain nd's RAM (gfns 0-15 populated): per-page
 * errors, never a whole-call failure for one page; data written through
 * the mapping is nd's; and a frame mapped when nd is destroyed stays
 * readable until dom0 unmaps it (the hv's LEAK check sees it freed).
 * Returns the gpfn still mapped, for after the destroy.
 */
static xen_pfn_t foreign_maps(domid_t nd)
{
	static const xen_ulong_t idxs[3] = { 3, 100, 4 };
	static const xen_pfn_t gpfns[3] = { FMAP >> 12, (FMAP >> 12) + 1,
					    (FMAP >> 12) + 2 };
	volatile uint64_t *p = (volatile uint64_t *)FMAP;
	int errs[3] = { 1, 1, 1 };

	check_rc(map_foreign(nd, idxs, gpfns, errs, 3), 0, "priv/fmap-batch");
	check(errs[0] == 0 && errs[1] == -XEN_EINVAL && errs[2] == 0,
	      "priv/fmap-errs", "%d %d %d", errs[0], errs[1], errs[2]);
	p[0] = 0xf0e1d2c3b4a59687ULL;
	p[512 * 2] = 0x1122334455667788ULL; /* the third page */
	check_rc(unmap_foreign(FMAP >> 12), 0, "priv/fmap-unmap");
	errs[0] = 1;
	check_rc(map_foreign(nd, idxs, gpfns, errs, 1), 0, "priv/fmap-again");
	check(errs[0] == 0 && p[0] == 0xf0e1d2c3b4a59687ULL,
	      "priv/fmap-data-is-the-domains", "err %d, %#lx", errs[0],
	      (unsigned long)p[0]);
	check_rc(map_foreign(0, idxs, gpfns, errs, 1), 0, "priv/fmap-self");
	check_eq(errs[0], -XEN_EINVAL, "priv/fmap-self-err");
	check_rc(map_foreign(0x7000, idxs, gpfns, errs, 1), 0,
		 "priv/fmap-missing");
	check_eq(errs[0], -XEN_ESRCH, "priv/fmap-missing-err");
	/* Mapping over a foreign map replaces it (the old reference goes). */
	check_rc(map_foreign(nd, idxs, gpfns, errs, 1), 0, "priv/fmap-remap");
	return (FMAP >> 12) + 2;
}

/*
 * An empty domain's life from the toolstack's side: created (refused for
 * a configuration hvlab does not build or an id that is taken), sized
 * (max_mem, max_vcpus), given memory by populate_physmap on its behalf,
 * seen by getdomaininfo, destroyed (not oneself), and gone. The hv's end
 * checks find its frames back (no LEAK).
 */
static void toolstack_lifecycle(domid_t victim)
{
	static xen_pfn_t gfns[16];
	struct xen_memory_reservation r = { .extent_start.q = (uintptr_t)gfns,
					    .nr_extents = 16 };
	struct xen_domctl d;
	xen_pfn_t mapped;
	domid_t nd;

	pvh_config(&d, 1);
	d.u.createdomain.flags = XEN_DOMCTL_CDF_hvm; /* no HAP */
	check_rc(domctl(&d, XEN_DOMCTL_createdomain, 0), -XEN_EINVAL,
		 "priv/create-no-hap");
	pvh_config(&d, 0);
	check_rc(domctl(&d, XEN_DOMCTL_createdomain, 0), -XEN_EINVAL,
		 "priv/create-no-vcpus");
	pvh_config(&d, 1);
	check_rc(domctl(&d, XEN_DOMCTL_createdomain, victim), -XEN_EEXIST,
		 "priv/create-taken-id");
	pvh_config(&d, 1);
	if (!check_rc(domctl(&d, XEN_DOMCTL_createdomain, 0), 0, "priv/create"))
		return;
	nd = d.domain;
	check(nd != 0 && nd != victim, "priv/create-id", "%u", nd);
	if (check_rc(getdomaininfo(&d, nd), 0, "priv/create-info"))
		check(d.domain == nd && d.u.getdomaininfo.tot_pages == 0 &&
			      d.u.getdomaininfo.nr_online_vcpus == 0 &&
			      d.u.getdomaininfo.max_vcpu_id == 0,
		      "priv/create-info-empty", "domain %u, %lu pages, %u up",
		      d.domain, (unsigned long)d.u.getdomaininfo.tot_pages,
		      d.u.getdomaininfo.nr_online_vcpus);
	d.u.max_vcpus.max = 2;
	check_rc(domctl(&d, XEN_DOMCTL_max_vcpus, nd), -XEN_EINVAL,
		 "priv/max-vcpus-other");
	d.u.max_vcpus.max = 1;
	check_rc(domctl(&d, XEN_DOMCTL_max_vcpus, nd), 0, "priv/max-vcpus");
	d.u.max_mem.max_memkb = 64; /* 16 pages */
	check_rc(domctl(&d, XEN_DOMCTL_max_mem, nd), 0, "priv/max-mem");
	for (unsigned int i = 0; i < 16; i++)
		gfns[i] = i;
	r.domid = nd;
	check_rc(HYPERVISOR_memory_op(XENMEM_populate_physmap, &r), 16,
		 "priv/populate-other");
	gfns[0] = 16;
	r.nr_extents = 1;
	check_rc(HYPERVISOR_memory_op(XENMEM_populate_physmap, &r), 0,
		 "priv/populate-over-max");
	d.u.max_mem.max_memkb = 256;
	check_rc(domctl(&d, XEN_DOMCTL_max_mem, nd), 0, "priv/max-mem-more");
	if (check_rc(getdomaininfo(&d, nd), 0, "priv/populated-info"))
		check(d.u.getdomaininfo.tot_pages == 16 &&
			      d.u.getdomaininfo.max_pages == 64,
		      "priv/populated-pages", "tot %lu max %lu",
		      (unsigned long)d.u.getdomaininfo.tot_pages,
		      (unsigned long)d.u.getdomaininfo.max_pages);
	mapped = foreign_maps(nd);
	check_rc(domctl(&d, XEN_DOMCTL_destroydomain, 0), -XEN_EINVAL,
		 "priv/destroy-self");
	check_rc(domctl(&d, XEN_DOMCTL_destroydomain, 0x7000), -XEN_ESRCH,
		 "priv/destroy-missing");
	check_rc(domctl(&d, XEN_DOMCTL_destroydomain, nd), 0, "priv/destroy");
	check(getdomaininfo(&d, nd) == -XEN_ESRCH || d.domain != nd,
	      "priv/destroy-gone", "domain %u still listed", nd);
	/* Its frame, still mapped here, outlived it. */
	check_eq(*(volatile uint64_t *)(mapped << 12), 0x1122334455667788ULL,
		 "priv/fmap-outlives-domain");
	check_rc(unmap_foreign(mapped), 0, "priv/fmap-unmap-after-destroy");
	check_rc(unmap_foreign(FMAP >> 12), 0, "priv/fmap-unmap-last");
}

/*
 * XENPF_settime*: Xen's order (-EFAULT, -EACCES, then the command) and
 * the clock every domain reads from shared_info following the new time.
 */
static void platform_settime(void)
{
	struct xen_platform_op op = { .cmd = XENPF_settime64 };
	const uint64_t y2100 = 4102444800ULL; /* 2100-01-01 */
	uint64_t w;

	check_rc(HYPERVISOR_platform_op((void *)0xffff800000000000UL),
		 -XEN_EFAULT, "priv/platform-op-bad-pointer");
	check_rc(HYPERVISOR_platform_op(&op), -XEN_EACCES,
		 "priv/platform-op-interface-version");
	op.interface_version = XENPF_INTERFACE_VERSION;
	op.cmd = 9999;
	check_rc(HYPERVISOR_platform_op(&op), -XEN_ENOSYS,
		 "priv/platform-op-unknown-command");
	check_rc(settime(XENPF_settime64, y2100, 0, 1, hv_now_ns()),
		 -XEN_EINVAL, "priv/settime64-mbz");
	if (!check_rc(map_shared_info(), 0, "priv/shared-info"))
		return;
	check_rc(settime(XENPF_settime64, y2100, 500000000, 0, hv_now_ns()), 0,
		 "priv/settime64");
	w = wall_now();
	check(w >= y2100 && w < y2100 + 60, "priv/settime64-wallclock",
	      "wall clock %lu s, set to %lu s", (unsigned long)w,
	      (unsigned long)y2100);
	check_rc(settime(XENPF_settime32, 2000000000U, 0, 0, hv_now_ns()), 0,
		 "priv/settime32");
	w = wall_now();
	check(w >= 2000000000U && w < 2000000000U + 60,
	      "priv/settime32-wallclock", "wall clock %lu s", (unsigned long)w);
}

void test_main(void)
{
	domid_t victim = cmdline_get_ulong("victim", 1);
	struct xen_feature_info fi = { .submap_idx = 0 };
	struct evtchn_alloc_unbound au = { .dom = victim,
					   .remote_dom = DOMID_SELF };
	struct evtchn_status st = { .dom = victim };
	struct xen_hvm_param hp = { .domid = victim,
				    .index = HVM_PARAM_CONSOLE_PFN };
	struct sched_remote_shutdown rs = { .domain_id = victim,
					    .reason = SHUTDOWN_poweroff };
	char cmdline[1024] = "";
	uint64_t t0;
	long rc;

	/* First thing: boot domains are all built before any starts, so the
	 * victim is here whole (its console page is set up last), not
	 * half-built. */
	if (cmdline_has("early")) {
		check_rc(HYPERVISOR_hvm_op(HVMOP_get_param, &hp), 0,
			 "priv/early-get-param");
		check(hp.value != 0, "priv/victim-built-before-dom0-runs",
		      "console pfn %#lx", (unsigned long)hp.value);
	}
	check_rc(HYPERVISOR_xen_version(XENVER_get_features, &fi), 0,
		 "priv/get-features");
	check(fi.submap & (1U << XENFEAT_dom0), "priv/feature-dom0",
	      "submap %#x", fi.submap);
	check_rc(HYPERVISOR_xen_version(XENVER_commandline, cmdline), 0,
		 "priv/commandline");
	check(contains(cmdline, "loglvl"), "priv/commandline-text", "\"%s\"",
	      cmdline);
	/* build_id: NULL asks for the size; the linker's SHA-1 is 20. */
	{
		static struct {
			struct xen_build_id b;
			unsigned char room[64];
		} id;
		long sz = HYPERVISOR_xen_version(XENVER_build_id, NULL);

		check_eq(sz, 20, "priv/build-id-size");
		id.b.len = 0;
		check_rc(HYPERVISOR_xen_version(XENVER_build_id, &id),
			 -XEN_EINVAL, "priv/build-id-zero-len");
		id.b.len = 19;
		check_rc(HYPERVISOR_xen_version(XENVER_build_id, &id),
			 -XEN_ENOBUFS, "priv/build-id-short");
		id.b.len = sizeof(id.room);
		check_eq(HYPERVISOR_xen_version(XENVER_build_id, &id), 20,
			 "priv/build-id");
		printf("build id: ");
		for (int i = 0; i < 20; i++)
			printf("%02x", id.b.buf[i]);
		printf("\n");
	}

	check_rc(HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au), 0,
		 "priv/alloc-unbound-foreign");
	st.port = au.port;
	check_rc(HYPERVISOR_event_channel_op(EVTCHNOP_status, &st), 0,
		 "priv/status-foreign");
	check_eq(st.status, EVTCHNSTAT_unbound, "priv/status-foreign-unbound");
	check_rc(HYPERVISOR_hvm_op(HVMOP_get_param, &hp), 0,
		 "priv/get-param-foreign");
	check(hp.value != 0, "priv/get-param-foreign-value", "%#lx",
	      (unsigned long)hp.value);
	check(current_reservation(victim) > 0, "priv/reservation-foreign",
	      "rc %ld", current_reservation(victim));
	check_rc(current_reservation(0x7000), -XEN_ESRCH,
		 "priv/no-such-domain");

	rs.domain_id = 0x7000;
	check_rc(HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs), -XEN_ESRCH,
		 "priv/remote-shutdown-missing");
	toolstack_queries(victim);
	toolstack_lifecycle(victim);
	rs.domain_id = victim;
	check_rc(HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs), 0,
		 "priv/remote-shutdown");
	/* The victim's vCPU leaves its pCPU, then the domain is freed. */
	t0 = rdtsc();
	do {
		rc = current_reservation(victim);
		xen_yield();
	} while (rc > 0 && rdtsc() - t0 < 20ULL * tsc_khz() * 1000);
	check_rc(rc, -XEN_ESRCH, "priv/victim-gone");
	{
		struct xen_domctl d;

		check_rc(getdomaininfo(&d, victim), -XEN_ESRCH,
			 "priv/getdomaininfo-gone");
	}
	platform_settime();
}
