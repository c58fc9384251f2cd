// SPDX-License-Identifier: MIT
/*
 * Two domains side by side: each fills its free RAM with a pattern of its
 * own, tries every way it has to reach the other (foreign domids in
 * memory_op, hvm_op, evtchn, sched_op; grant copies without a grant;
 * guest-physical addresses above its RAM) and finally checks that its
 * pattern is intact.
 *
 * Command line: self=<our id> peer=<the other's id>
 *
 * The two meet over event channels so that the peer exists while we
 * aim at it: each allocates an unbound port for the other and binds to
 * the other's (scanning its ports, as evtpair does); at the end each
 * sends "done" and waits for the other's before shutting down.
 */
#include "guest.h"

#define ALL_ONES	0xffffffffffffffffULL

extern char __image_end[];
static domid_t self, peer;
static uint8_t page[PAGE_SIZE] __aligned(PAGE_SIZE);

static uint64_t now_ns(void)
{
	uint64_t t = 0;

	HYPERVISOR_hvm_op(HVMOP_get_time, &t);
	return t;
}

static uint64_t pattern(domid_t d, uint64_t addr)
{
	return 0xd0d0000000000000ULL | ((uint64_t)d << 40) | addr;
}

/* Free RAM: above our image, in RAM ranges of the memory map. */
static void for_each_free_qword(bool fill, unsigned long *bad,
				uint64_t *first_bad)
{
	const struct hvm_memmap_table_entry *e;
	uint64_t lo = ((uintptr_t)__image_end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	unsigned int nr;

	e = memmap(&nr);
	for (unsigned int i = 0; i < nr; i++) {
		uint64_t a = e[i].addr, end = e[i].addr + e[i].size;

		if (e[i].type != XEN_HVM_MEMMAP_TYPE_RAM)
			continue;
		if (a < lo)
			a = lo;
		for (; a + 8 <= end; a += 8) {
			volatile uint64_t *q = (void *)(uintptr_t)a;

			if (fill) {
				*q = pattern(self, a);
			} else if (*q != pattern(self, a)) {
				if (!(*bad)++)
					*first_bad = a;
			}
		}
	}
}

static long bind_scan(evtchn_port_t *local)
{
	uint64_t end = now_ns() + 10000000000ULL;
	long rc = -XEN_EINVAL;

	do {
		for (evtchn_port_t q = 1; q < 64; q++) {
			rc = evtchn_bind_interdomain(peer, q, local);
			if (rc != -XEN_EINVAL)
				break;
		}
		if (rc != -XEN_EINVAL && rc != -XEN_ESRCH)
			return rc;
		xen_yield();
	} while (now_ns() < end);
	return rc;
}

static void test_foreign_hypercalls(void)
{
	struct xen_add_to_physmap x = {
		.domid = peer,
		.space = XENMAPSPACE_shared_info,
		.gpfn = (uintptr_t)page >> PAGE_SHIFT,
	};
	struct xen_memory_reservation r = {
		.nr_extents = 1,
		.domid = peer,
	};
	struct xen_remove_from_physmap rm = {
		.domid = peer,
		.gpfn = 0x200,
	};
	struct xen_hvm_param p = { .domid = peer, .index = HVM_PARAM_STORE_PFN };
	/* Port 63: free, but inside the first 64 that Xen counts valid. */
	struct evtchn_status es = { .dom = peer, .port = 63 };
	uint64_t console_port = 0;
	struct sched_remote_shutdown rs = { .domain_id = peer,
					    .reason = SHUTDOWN_poweroff };
	xen_pfn_t gfn = 0x200; /* 2 MiB: RAM in every domain */
	domid_t d = peer;

	set_xen_guest_handle(r.extent_start, &gfn);
	check_rc(HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x), -XEN_EPERM,
		 "foreign/add-to-physmap");
	x.space = XENMAPSPACE_grant_table;
	check_rc(HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x), -XEN_EPERM,
		 "foreign/add-to-physmap-grant-table");
	/* Reservations return a count, never an error: nothing done. */
	check_rc(HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r), 0,
		 "foreign/decrease-reservation");
	check_rc(HYPERVISOR_memory_op(XENMEM_populate_physmap, &r), 0,
		 "foreign/populate-physmap");
	check_rc(HYPERVISOR_memory_op(XENMEM_increase_reservation, &r), 0,
		 "foreign/increase-reservation");
	check_rc(HYPERVISOR_memory_op(XENMEM_remove_from_physmap, &rm),
		 -XEN_EPERM, "foreign/remove-from-physmap");
	check_rc(HYPERVISOR_memory_op(XENMEM_current_reservation, &d),
		 -XEN_EPERM, "foreign/current-reservation");
	check_rc(HYPERVISOR_memory_op(XENMEM_maximum_reservation, &d),
		 -XEN_EPERM, "foreign/maximum-reservation");
	check_rc(HYPERVISOR_hvm_op(HVMOP_get_param, &p), -XEN_EPERM,
		 "foreign/hvm-get-param");
	p.value = 0x1234;
	p.index = HVM_PARAM_CALLBACK_IRQ;
	check_rc(HYPERVISOR_hvm_op(HVMOP_set_param, &p), -XEN_EPERM,
		 "foreign/hvm-set-param");
	check_rc(HYPERVISOR_event_channel_op(EVTCHNOP_status, &es), -XEN_EPERM,
		 "foreign/evtchn-status");
	hvm_get_param(HVM_PARAM_CONSOLE_EVTCHN, &console_port);
	/* Xen's order: a port the hypervisor consumes (the console's, the
	 * same port in every domain the hv builds) is
	 * -EACCES before the caller's right is checked. */
	es.port = console_port;
	check_rc(HYPERVISOR_event_channel_op(EVTCHNOP_status, &es),
		 -XEN_EACCES, "foreign/evtchn-status-hv-port");
	{
		struct evtchn_reset er = { .dom = peer };

		check_rc(HYPERVISOR_event_channel_op(EVTCHNOP_reset, &er),
			 -XEN_EPERM, "foreign/evtchn-reset");
	}
	check_rc(HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs), -XEN_EPERM,
		 "foreign/remote-shutdown");
}

static void test_grant_copy(void)
{
	struct gnttab_copy c;
	struct gnttab_query_size q = { .dom = DOMID_SELF };
	long rc;

	rc = HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 1);
	if (rc == -XEN_ENOSYS) {
		printf("# grant/* skipped: grant_table_op is -ENOSYS\n");
		return;
	}
	memset(page, 0x77, sizeof(page));

	/* From the peer's grant refs, none of which is granted to us. */
	for (grant_ref_t ref = 0; ref < 16; ref += 5) {
		memset(&c, 0, sizeof(c));
		c.source.domid = peer;
		c.source.u.ref = ref;
		c.dest.domid = DOMID_SELF;
		c.dest.u.gmfn = (uintptr_t)page >> PAGE_SHIFT;
		c.len = 64;
		c.flags = GNTCOPY_source_gref;
		rc = HYPERVISOR_grant_table_op(GNTTABOP_copy, &c, 1);
		check(rc == 0 && c.status < 0, "grant/copy-ungranted-ref",
		      "ref %u: rc %ld status %d", ref, rc, c.status);
	}
	/* A raw frame of another domain: only DOMID_SELF frames are allowed. */
	memset(&c, 0, sizeof(c));
	c.source.domid = peer;
	c.source.u.gmfn = 0x200;
	c.dest.domid = DOMID_SELF;
	c.dest.u.gmfn = (uintptr_t)page >> PAGE_SHIFT;
	c.len = 64;
	rc = HYPERVISOR_grant_table_op(GNTTABOP_copy, &c, 1);
	check(rc == 0 && c.status == GNTST_permission_denied,
	      "grant/copy-foreign-frame", "rc %ld status %d", rc, c.status);
	memset(&c, 0, sizeof(c));
	c.source.domid = DOMID_SELF;
	c.source.u.gmfn = (uintptr_t)page >> PAGE_SHIFT;
	c.dest.domid = peer;
	c.dest.u.gmfn = 0x200;
	c.len = 64;
	rc = HYPERVISOR_grant_table_op(GNTTABOP_copy, &c, 1);
	check(rc == 0 && c.status == GNTST_permission_denied,
	      "grant/copy-to-foreign-frame", "rc %ld status %d", rc, c.status);
	check(page[0] == 0x77 && page[63] == 0x77, "grant/dest-untouched");
}

static void test_above_ram(void)
{
	static const uint64_t gpas[] = {
		0x1000000, 0x1001000, 0x1800000, 0x2000000, 0x4000000, 0x10000000,
		0x40000000, 0x80000000, 0xbffff000,
	};
	const struct hvm_memmap_table_entry *e;
	uint64_t top = 0;
	unsigned int nr;
	char name[64];

	e = memmap(&nr);
	for (unsigned int i = 0; i < nr; i++)
		if (e[i].addr + e[i].size > top)
			top = e[i].addr + e[i].size;
	for (unsigned int i = 0; i < ARRAY_SIZE(gpas); i++) {
		volatile uint64_t *q = (void *)(uintptr_t)gpas[i];
		uint64_t v;

		if (gpas[i] < top)
			continue; /* our own RAM with a bigger mem= */
		v = *q;

		snprintf(name, sizeof(name), "gpa/%#lx-reads-ones", gpas[i]);
		check(v == ALL_ONES, name, "read %#lx (peer pattern would be "
		      "%#lx)", v, pattern(peer, gpas[i]));
		*q = pattern(self, gpas[i]);
		snprintf(name, sizeof(name), "gpa/%#lx-write-dropped", gpas[i]);
		check_eq(*q, ALL_ONES, name);
	}
}

void test_main(void)
{
	evtchn_port_t mine = 0, theirs = 0;
	unsigned long bad = 0;
	uint64_t first_bad = 0;
	long rc;

	if (!xen_present())
		test_fatal("xen", "no Xen CPUID leaves");
	self = cmdline_get_ulong("self", 0);
	peer = cmdline_get_ulong("peer", 0);
	if (!self || !peer)
		test_fatal("args", "need self=<id> peer=<id>, got \"%s\"",
			   cmdline());
	if (!check_rc(map_shared_info(), 0, "shared-info/map"))
		return;

	for_each_free_qword(true, NULL, NULL);
	check_rc(evtchn_alloc_unbound(peer, &mine), 0, "meet/alloc-unbound");
	rc = bind_scan(&theirs);
	if (!check_rc(rc, 0, "meet/bind-peer"))
		return;
	evtchn_mask(mine);

	test_foreign_hypercalls();
	test_grant_copy();
	test_above_ram();

	/* Done: tell the peer, wait for its word, then check our RAM. */
	evtchn_send(theirs);
	{
		uint64_t end = now_ns() + 20000000000ULL;

		while (!evtchn_test_and_clear_pending(mine) && now_ns() < end)
			xen_poll(mine, now_ns() + 100000000ULL);
		check(now_ns() < end, "meet/peer-done");
	}
	for_each_free_qword(false, &bad, &first_bad);
	check(!bad, "ram/pattern-intact", "%lu qwords changed, first at %#lx",
	      bad, first_bad);
}
