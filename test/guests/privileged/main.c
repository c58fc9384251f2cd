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
}
