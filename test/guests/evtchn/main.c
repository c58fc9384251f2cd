// SPDX-License-Identifier: MIT
/*
 * Event channels inside one domain: IPIs, masking, VIRQs, loopback
 * inter-domain channels, status of every kind, the error codes Xen gives
 * for bad ports, vCPUs and VIRQs, and (with vcpus=2) delivery on vCPU 1,
 * which we bring up with VCPUOP_initialise + VCPUOP_up.
 *
 * Command line: self=<our domain id> (default 1).
 */
#include "guest.h"

#define NR_COUNTED 256
#define UPCALL_VECTOR 0xf3

static volatile unsigned long hits[2][NR_COUNTED];
static volatile unsigned long upcalls_on[2];
static domid_t self;

static unsigned int this_vcpu(void)
{
	uint32_t a, b, c, d;

	cpuid(xen_cpuid_base() + 4, &a, &b, &c, &d);
	return (a & (1U << 3)) ? b : 0;
}

/* The 2-level scan for whichever vCPU we run on (vcpu_info in shared_info). */
static void upcall(struct cpu_regs *regs)
{
	unsigned int cpu = this_vcpu() & 1;
	struct vcpu_info *v = &shared_info->vcpu_info[cpu];
	xen_ulong_t sel;

	upcalls_on[cpu]++;
	WRITE_ONCE(v->evtchn_upcall_pending, 0);
	sel = __atomic_exchange_n(&v->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
	while (sel) {
		unsigned int w = __builtin_ctzl(sel);
		xen_ulong_t bits;

		sel &= sel - 1;
		bits = READ_ONCE(shared_info->evtchn_pending[w]) &
		       ~READ_ONCE(shared_info->evtchn_mask[w]);
		while (bits) {
			unsigned int b = __builtin_ctzl(bits);
			unsigned int port = w * 64 + b;
			xen_ulong_t old;

			bits &= bits - 1;
			old = __atomic_fetch_and(
				&shared_info->evtchn_pending[w], ~(1UL << b),
				__ATOMIC_SEQ_CST);
			if ((old >> b & 1) && port < NR_COUNTED)
				hits[cpu][port]++;
		}
	}
}

/* Ports get reused: forget earlier counts of a freshly bound port. */
static void fresh(evtchn_port_t p)
{
	if (p < NR_COUNTED)
		hits[0][p] = hits[1][p] = 0;
}

static void test_ipi_and_mask(void)
{
	struct vcpu_info *v0 = &shared_info->vcpu_info[0];
	evtchn_port_t p = 0;
	unsigned long h;

	if (!check_rc(evtchn_bind_ipi(0, &p), 0, "ipi/bind"))
		return;
	check(p > 0 && p < NR_COUNTED, "ipi/port-number", "port %u", p);
	fresh(p);
	evtchn_unmask(p);

	/* Interrupts off: the send shows as pending bit, selector, flag. */
	check_rc(evtchn_send(p), 0, "ipi/send");
	check(evtchn_is_pending(p), "ipi/pending-bit");
	check(v0->evtchn_pending_sel & (1UL << (p / 64)), "ipi/selector-bit",
	      "sel %#lx", v0->evtchn_pending_sel);
	check_eq(v0->evtchn_upcall_pending, 1, "ipi/upcall-pending-flag");
	check(hv_wait_until(hits[0][p] == 1, 1000), "ipi/upcall-delivered",
	      "%lu hits", hits[0][p]);
	check(!evtchn_is_pending(p), "ipi/pending-cleared");

	/* Masked: the pending bit is set but no upcall comes. */
	evtchn_mask(p);
	h = upcalls_on[0];
	check_rc(evtchn_send(p), 0, "mask/send-masked");
	check(evtchn_is_pending(p), "mask/pending-while-masked");
	check_eq(v0->evtchn_upcall_pending, 0, "mask/no-upcall-flag");
	check(!hv_wait_until(upcalls_on[0] != h, 20), "mask/no-upcall");
	/* A second send while pending changes nothing. */
	evtchn_send(p);
	/* Unmask (clear bit + EVTCHNOP_unmask): the upcall comes, once. */
	evtchn_unmask(p);
	check(hv_wait_until(hits[0][p] == 2, 1000), "mask/unmask-delivers",
	      "%lu hits", hits[0][p]);
	check(!hv_wait_until(hits[0][p] != 2, 20), "mask/delivered-once",
	      "%lu hits", hits[0][p]);

	/* Unmasking a port that is not pending delivers nothing. */
	evtchn_mask(p);
	evtchn_unmask(p);
	check(!hv_wait_until(hits[0][p] != 2, 10), "mask/unmask-idle-port");

	/* Xen: EVTCHNOP_unmask of a bad port is -EINVAL. */
	{
		struct evtchn_unmask u = { .port = 5000 };

		check_rc(HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &u),
			 -XEN_EINVAL, "mask/unmask-bad-port");
	}

	check_rc(evtchn_bind_vcpu(p, 0), -XEN_EINVAL, "bind-vcpu/ipi");
	check_rc(evtchn_close(p), 0, "ipi/close");
	check_rc(evtchn_send(p), -XEN_EINVAL, "ipi/send-after-close");
	check_rc(evtchn_close(p), -XEN_EINVAL, "ipi/close-twice");
	check_rc(evtchn_bind_ipi(7, &p), -XEN_ENOENT, "ipi/bind-bad-vcpu");
}

static void test_virq(void)
{
	evtchn_port_t t = 0, t2 = 0, g = 0;
	struct vcpu_set_singleshot_timer st = { 0 };
	struct evtchn_status s;

	if (!check_rc(evtchn_bind_virq(VIRQ_TIMER, 0, &t), 0,
		      "virq/bind-timer"))
		return;
	fresh(t);
	evtchn_unmask(t);
	st.timeout_abs_ns = hv_now_ns() + 2000000;
	HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &st);
	check(hv_wait_until(hits[0][t] == 1, 2000), "virq/timer-fires",
	      "%lu hits", hits[0][t]);
	check_rc(evtchn_bind_virq(VIRQ_TIMER, 0, &t2), -XEN_EEXIST,
		 "virq/bind-timer-twice");
	check_rc(evtchn_get_status(DOMID_SELF, t, &s), 0, "status/virq");
	check(s.status == EVTCHNSTAT_virq && s.u.virq == VIRQ_TIMER &&
		      s.vcpu == 0,
	      "status/virq-fields", "status %u virq %u vcpu %u", s.status,
	      s.u.virq, s.vcpu);
	check_rc(evtchn_bind_vcpu(t, 0), -XEN_EINVAL,
		 "bind-vcpu/per-vcpu-virq");
	check_rc(evtchn_send(t), -XEN_EINVAL, "virq/send-on-virq-port");

	check_rc(evtchn_bind_virq(NR_VIRQS, 0, &t2), -XEN_EINVAL,
		 "virq/bind-nr-virqs");
	check_rc(evtchn_bind_virq(0xffffffffU, 0, &t2), -XEN_EINVAL,
		 "virq/bind-huge-virq");
	check_rc(evtchn_bind_virq(VIRQ_TIMER, 9, &t2), -XEN_ENOENT,
		 "virq/bind-timer-bad-vcpu");
	/* Global VIRQs only on vCPU 0; Xen checks that before the vCPU. */
	check_rc(evtchn_bind_virq(VIRQ_DOM_EXC, 9, &t2), -XEN_EINVAL,
		 "virq/bind-global-missing-vcpu");
	if (check_rc(evtchn_bind_virq(VIRQ_DOM_EXC, 0, &g), 0,
		     "virq/bind-global")) {
		check_rc(evtchn_bind_virq(VIRQ_DOM_EXC, 0, &t2), -XEN_EEXIST,
			 "virq/bind-global-twice");
		check_rc(evtchn_close(g), 0, "virq/close-global");
		check_rc(evtchn_bind_virq(VIRQ_DOM_EXC, 0, &g), 0,
			 "virq/rebind-after-close");
		evtchn_close(g);
	}
	check_rc(evtchn_close(t), 0, "virq/close-timer");
	check_rc(evtchn_bind_virq(VIRQ_TIMER, 0, &t), 0, "virq/rebind-timer");
	evtchn_close(t);
}

static void test_bad_ports(void)
{
	check_rc(evtchn_close(0), -XEN_EINVAL, "close/port-0");
	check_rc(evtchn_close(5000), -XEN_EINVAL, "close/out-of-range");
	check_rc(evtchn_close(0xffffffffU), -XEN_EINVAL, "close/huge");
	check_rc(evtchn_close(200), -XEN_EINVAL, "close/unbound-free-port");
	check_rc(evtchn_send(0), -XEN_EINVAL, "send/port-0");
	check_rc(evtchn_send(5000), -XEN_EINVAL, "send/out-of-range");
	check_rc(evtchn_send(0xffffffffU), -XEN_EINVAL, "send/huge");
	check_rc(evtchn_send(200), -XEN_EINVAL, "send/free-port");
	{
		struct evtchn_status s;

		check_rc(evtchn_get_status(DOMID_SELF, 5000, &s), -XEN_EINVAL,
			 "status/out-of-range");
		check_rc(evtchn_get_status(DOMID_SELF, 200, &s), 0,
			 "status/free-port");
		check_eq(s.status, EVTCHNSTAT_closed, "status/closed");
	}
	check_rc(evtchn_bind_vcpu(5000, 0), -XEN_EINVAL,
		 "bind-vcpu/out-of-range");

	static const unsigned int fifo[] = {
		EVTCHNOP_init_control,
		EVTCHNOP_expand_array,
		EVTCHNOP_set_priority,
	};
	static const char *const fifo_names[] = {
		"fifo/init-control",
		"fifo/expand-array",
		"fifo/set-priority",
	};
	/* As Xen's for a domain on the 2-level ABI: init_control for a vCPU
	 * that does not exist (a good one would switch us to FIFO: the fifo
	 * guest tests that), nothing to expand, no priorities on a port
	 * that exists. */
	static const long fifo_rc[] = { -XEN_ENOENT, -XEN_EOPNOTSUPP,
					-XEN_ENOSYS };
	static uint64_t arg[8];

	for (unsigned int i = 0; i < ARRAY_SIZE(fifo); i++) {
		struct evtchn_init_control *ic = (void *)arg;

		ic->vcpu = fifo[i] == EVTCHNOP_init_control ? 1000 : 0;
		check_rc(HYPERVISOR_event_channel_op(fifo[i], arg), fifo_rc[i],
			 fifo_names[i]);
	}
	check_rc(HYPERVISOR_event_channel_op(99, arg), -XEN_ENOSYS,
		 "evtchn-op/unknown");
	check_rc(HYPERVISOR_event_channel_op(EVTCHNOP_send,
					     (void *)0x80000000UL),
		 -XEN_EFAULT, "evtchn-op/bad-pointer");
}

static void test_loopback(void)
{
	evtchn_port_t u = 0, l = 0, other = 0;
	struct evtchn_status s;
	struct evtchn_alloc_unbound au;
	long rc;

	if (!check_rc(evtchn_alloc_unbound(DOMID_SELF, &u), 0,
		      "loopback/alloc-unbound"))
		return;
	check_rc(evtchn_get_status(DOMID_SELF, u, &s), 0, "status/unbound");
	check(s.status == EVTCHNSTAT_unbound && s.u.unbound.dom == self,
	      "status/unbound-fields", "status %u dom %u", s.status,
	      s.u.unbound.dom);
	/* Unbound: sends are dropped without error. */
	check_rc(evtchn_send(u), 0, "loopback/send-unbound-dropped");
	check(!evtchn_is_pending(u), "loopback/unbound-not-pending");

	/* bind_vcpu on an unbound port is allowed (Xen). */
	check_rc(evtchn_bind_vcpu(u, 0), 0, "bind-vcpu/unbound");
	check_rc(evtchn_bind_vcpu(u, 9), -XEN_ENOENT, "bind-vcpu/bad-vcpu");

	if (!check_rc(evtchn_bind_interdomain(DOMID_SELF, u, &l), 0,
		      "loopback/bind-interdomain"))
		return;
	check(l != u, "loopback/distinct-ports", "%u and %u", l, u);
	check_rc(evtchn_bind_interdomain(DOMID_SELF, u, &other), -XEN_EINVAL,
		 "loopback/bind-twice");
	check_rc(evtchn_bind_interdomain(DOMID_SELF, 5000, &other), -XEN_EINVAL,
		 "loopback/bind-bad-port");
	check_rc(evtchn_get_status(DOMID_SELF, u, &s), 0, "status/interdomain");
	check(s.status == EVTCHNSTAT_interdomain &&
		      s.u.interdomain.dom == self && s.u.interdomain.port == l,
	      "status/interdomain-fields", "status %u dom %u port %u", s.status,
	      s.u.interdomain.dom, s.u.interdomain.port);
	evtchn_get_status(DOMID_SELF, l, &s);
	check(s.status == EVTCHNSTAT_interdomain && s.u.interdomain.port == u,
	      "status/interdomain-other-end", "status %u port %u", s.status,
	      s.u.interdomain.port);

	evtchn_unmask(u);
	evtchn_unmask(l);
	(void)hv_wait_until(false, 5); /* whatever the bind itself raised */
	hits[0][u] = hits[0][l] = 0;
	check_rc(evtchn_send(l), 0, "loopback/send-l");
	check(hv_wait_until(hits[0][u] == 1, 1000) && hits[0][l] == 0,
	      "loopback/l-to-u", "u %lu l %lu", hits[0][u], hits[0][l]);
	check_rc(evtchn_send(u), 0, "loopback/send-u");
	check(hv_wait_until(hits[0][l] == 1, 1000) && hits[0][u] == 1,
	      "loopback/u-to-l", "u %lu l %lu", hits[0][u], hits[0][l]);

	/* Closing one end leaves the other unbound, waiting for us. */
	check_rc(evtchn_close(l), 0, "loopback/close-one-end");
	evtchn_get_status(DOMID_SELF, u, &s);
	check(s.status == EVTCHNSTAT_unbound && s.u.unbound.dom == self,
	      "loopback/other-end-unbound", "status %u dom %u", s.status,
	      s.u.unbound.dom);
	check_rc(evtchn_send(u), 0, "loopback/send-to-closed-dropped");
	evtchn_close(u);

	/* Someone else's port table is not ours to change. */
	au = (struct evtchn_alloc_unbound){ .dom = self + 1,
					    .remote_dom = DOMID_SELF };
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au);
	/* -ESRCH in Xen when that domain does not exist. */
	check(rc == -XEN_EPERM || rc == -XEN_ESRCH, "alloc-unbound/foreign-dom",
	      "rc %ld %s", rc, xen_errno_name(rc));
	au.dom = 0;
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au);
	check(rc == -XEN_EPERM || rc == -XEN_ESRCH, "alloc-unbound/dom0",
	      "rc %ld %s", rc, xen_errno_name(rc));
}

/* --- vCPU 1 -------------------------------------------------------------- */

static uint8_t ap_stack[16384] __aligned(16);
static volatile unsigned int ap_alive;
static volatile evtchn_port_t ap_port; /* the port vCPU 1 waits for */
static volatile unsigned long ap_seen; /* its events vCPU 1 has noticed */

/*
 * vCPU 1 idles as kernels do: with interrupts off it checks for work, and
 * only then "sti; hlt". The run before them is long and straight (one
 * translation block under QEMU, and RDTSC makes it slow), so vCPU 0's
 * next event often lands in it, and the kick is seen only at the hlt,
 * inside the STI shadow. An hv that offers the interrupt after such an
 * exit has it taken before the hlt, which then sleeps through it:
 * ap_seen stops.
 */
static void ap_main(void)
{
	unsigned long seen = 0;

	ap_alive = this_vcpu() + 1;
	for (;;) {
		local_irq_disable();
		if (ap_port && hits[1][ap_port] != seen) {
			seen = hits[1][ap_port];
			ap_seen++;
			local_irq_enable();
			continue;
		}
		__asm__ __volatile__(".rept 400\n\trdtsc\n\t.endr\n\t"
				     "sti\n\thlt" ::
					     : "rax", "rdx", "memory");
	}
}

static void test_vcpu1(void)
{
	struct evtchn_status s;
	evtchn_port_t p = 0, u = 0;
	long rc;

	rc = HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL);
	if (rc == -XEN_ENOENT) {
		printf("# vcpu1 checks skipped: the domain has one vCPU "
		       "(boot it with vcpus=2)\n");
		return;
	}
	check_eq(rc, 0, "vcpu1/down-at-start");
	check_rc(HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL), -XEN_EINVAL,
		 "vcpu1/up-uninitialised");

	rc = vcpu_initialise_64(1, ap_main, ap_stack + sizeof(ap_stack));
	if (!check_rc(rc, 0, "vcpu1/initialise"))
		return;
	if (!check_rc(HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL), 0, "vcpu1/up"))
		return;
	check(hv_wait_until(ap_alive, 2000), "vcpu1/runs");
	check_eq(ap_alive, 2, "vcpu1/cpuid-vcpu-id");
	check_eq(HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL), 1, "vcpu1/is-up");
	check_rc(vcpu_initialise_64(1, ap_main, ap_stack + sizeof(ap_stack)),
		 -XEN_EEXIST, "vcpu1/initialise-twice");

	/* An IPI port of vCPU 1: delivered there, not here. */
	if (!check_rc(evtchn_bind_ipi(1, &p), 0, "vcpu1/bind-ipi"))
		return;
	fresh(p);
	evtchn_get_status(DOMID_SELF, p, &s);
	check(s.status == EVTCHNSTAT_ipi && s.vcpu == 1, "status/ipi-vcpu1",
	      "status %u vcpu %u", s.status, s.vcpu);
	evtchn_unmask(p);
	for (unsigned int i = 1; i <= 20; i++) {
		evtchn_send(p);
		if (!hv_wait_until(hits[1][p] == i, 1000))
			break;
	}
	check_eq(hits[1][p], 20, "vcpu1/ipi-delivered-on-vcpu1");
	check_eq(hits[0][p], 0, "vcpu1/ipi-not-on-vcpu0");
	/* Every event wakes vCPU 1's hlt, however the kick lands. */
	ap_port = p;
	(void)hv_wait_until(false, 5);
	{
		unsigned int i, n = 1000;

		for (i = 0; i < n; i++) {
			unsigned long w = ap_seen;

			evtchn_send(p);
			if (!hv_wait_until(ap_seen != w, 1000))
				break;
		}
		check(i == n, "vcpu1/sti-hlt-wakes",
		      "hlt slept through event %u of %u", i + 1, n);
	}
	ap_port = 0;
	evtchn_close(p);

	/* bind_vcpu moves a loopback port's notifications to vCPU 1. */
	if (evtchn_alloc_unbound(DOMID_SELF, &u) == 0 &&
	    evtchn_bind_interdomain(DOMID_SELF, u, &p) == 0) {
		check_rc(evtchn_bind_vcpu(u, 1), 0,
			 "bind-vcpu/interdomain-to-vcpu1");
		evtchn_unmask(u);
		(void)hv_wait_until(false, 5);
		hits[0][u] = hits[1][u] = 0;
		evtchn_send(p);
		check(hv_wait_until(hits[1][u] == 1, 1000) && hits[0][u] == 0,
		      "bind-vcpu/delivered-on-vcpu1", "vcpu0 %lu vcpu1 %lu",
		      hits[0][u], hits[1][u]);
		evtchn_get_status(DOMID_SELF, u, &s);
		check_eq(s.vcpu, 1, "status/bound-vcpu");
		evtchn_close(u);
		evtchn_close(p);
	}
	/* Global VIRQs refuse vCPU 1 even when it exists. */
	check_rc(evtchn_bind_virq(VIRQ_DOM_EXC, 1, &p), -XEN_EINVAL,
		 "virq/bind-global-vcpu1");
	{
		evtchn_port_t t = 0;

		if (check_rc(evtchn_bind_virq(VIRQ_TIMER, 1, &t), 0,
			     "virq/bind-timer-vcpu1")) {
			evtchn_get_status(DOMID_SELF, t, &s);
			check_eq(s.vcpu, 1, "status/virq-vcpu1");
			evtchn_close(t);
		}
	}
}

static void test_reset(void)
{
	evtchn_port_t p = 0;
	struct evtchn_status s;
	struct evtchn_reset r = { .dom = DOMID_SELF };

	evtchn_bind_ipi(0, &p);
	check_rc(HYPERVISOR_event_channel_op(EVTCHNOP_reset, &r), 0,
		 "reset/self");
	evtchn_get_status(DOMID_SELF, p, &s);
	check_eq(s.status, EVTCHNSTAT_closed, "reset/ports-closed");
}

void test_main(void)
{
	long rc;

	if (!xen_present())
		test_fatal("xen", "no Xen CPUID leaves");
	self = cmdline_get_ulong("self", 1);
	rc = map_shared_info();
	if (!check_rc(rc, 0, "shared-info/map"))
		return;
	rc = set_upcall_vector(UPCALL_VECTOR, upcall);
	if (!check_rc(rc, 0, "upcall/vector"))
		return;
	test_ipi_and_mask();
	test_virq();
	test_bad_ports();
	test_loopback();
	test_vcpu1();
	test_reset();
}
