// SPDX-License-Identifier: MIT
/*
 * The hypercall layer from inside one unprivileged domain: xen_version,
 * unknown hypercalls, console_io, hvm_op, pvclock and wallclock, sched_op,
 * multicall, vm_assist, set_timer_op (here); memory_op (mem.c), vcpu_op
 * (vcpu.c) and bad guest pointers (badptr.c). Every check expects the
 * value Xen returns for an HVM/PVH guest.
 *
 * Command line: self=<our domain id> (default 1).
 */
#include "common.h"

struct vcpu_info *vi;
volatile unsigned long port_hits[NR_COUNTED];
volatile unsigned long upcalls;

void upcall(struct cpu_regs *regs)
{
	xen_ulong_t sel;

	upcalls++;
	WRITE_ONCE(vi->evtchn_upcall_pending, 0);
	sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
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
				port_hits[port]++;
		}
	}
}

uint64_t pvclock_ns(void)
{
	return pvclock_ns_of(&vi->time);
}

void wait_ms(unsigned int ms)
{
	(void)wait_until(false, ms);
}

/* --- xen_version ---------------------------------------------------- */

static bool nul_terminated(const char *s, size_t n)
{
	return strnlen(s, n) < n;
}

static void test_xen_version(void)
{
	static char buf[1024];
	struct xen_compile_info ci;
	struct xen_feature_info fi;
	struct xen_platform_parameters pp;
	xen_domain_handle_t h;
	long rc;

	rc = HYPERVISOR_xen_version(XENVER_version, NULL);
	check_eq(rc, xen_cpuid_version(), "xen-version/version-matches-cpuid");
	check(rc >= 0x40000, "xen-version/version", "%#lx", rc);

	memset(buf, 0x55, sizeof(buf));
	rc = HYPERVISOR_xen_version(XENVER_extraversion, buf);
	check_rc(rc, 0, "xen-version/extraversion");
	check(nul_terminated(buf, sizeof(xen_extraversion_t)),
	      "xen-version/extraversion-nul");
	printf("extraversion \"%s\"\n", buf);

	memset(&ci, 0x55, sizeof(ci));
	rc = HYPERVISOR_xen_version(XENVER_compile_info, &ci);
	check_rc(rc, 0, "xen-version/compile-info");
	check(nul_terminated(ci.compiler, sizeof(ci.compiler)) &&
		      nul_terminated(ci.compile_date,
				     sizeof(ci.compile_date)) &&
		      ci.compiler[0],
	      "xen-version/compile-info-strings");

	memset(buf, 0x55, sizeof(buf));
	rc = HYPERVISOR_xen_version(XENVER_capabilities, buf);
	check_rc(rc, 0, "xen-version/capabilities");
	check(nul_terminated(buf, sizeof(xen_capabilities_info_t)) &&
		      strstr(buf, "hvm-3.0-x86_64"),
	      "xen-version/capabilities-hvm64", "\"%.*s\"", 64, buf);

	memset(buf, 0x55, sizeof(buf));
	rc = HYPERVISOR_xen_version(XENVER_changeset, buf);
	check_rc(rc, 0, "xen-version/changeset");
	check(nul_terminated(buf, sizeof(xen_changeset_info_t)),
	      "xen-version/changeset-nul");

	rc = HYPERVISOR_xen_version(XENVER_platform_parameters, &pp);
	check_rc(rc, 0, "xen-version/platform-parameters");

	fi.submap_idx = 0;
	fi.submap = 0;
	rc = HYPERVISOR_xen_version(XENVER_get_features, &fi);
	check_rc(rc, 0, "xen-version/get-features");
	check(fi.submap & (1U << XENFEAT_auto_translated_physmap),
	      "xen-version/feature-auto-translated", "submap %#x", fi.submap);
	check(fi.submap & (1U << XENFEAT_hvm_callback_vector),
	      "xen-version/feature-callback-vector", "submap %#x", fi.submap);
	check(fi.submap & (1U << XENFEAT_hvm_safe_pvclock),
	      "xen-version/feature-safe-pvclock", "submap %#x", fi.submap);
	check(!(fi.submap & (1U << XENFEAT_dom0)),
	      "xen-version/feature-not-dom0", "submap %#x", fi.submap);
	/* XENFEAT_NR_SUBMAPS is 1: any other index is -EINVAL in Xen. */
	fi.submap_idx = 1;
	check_rc(HYPERVISOR_xen_version(XENVER_get_features, &fi), -XEN_EINVAL,
		 "xen-version/get-features-submap1");
	fi.submap_idx = 0xffffffffU;
	check_rc(HYPERVISOR_xen_version(XENVER_get_features, &fi), -XEN_EINVAL,
		 "xen-version/get-features-submap-huge");

	check_eq(HYPERVISOR_xen_version(XENVER_pagesize, NULL), 4096,
		 "xen-version/pagesize");
	/* Xen: a non-NULL argument to pagesize is -EINVAL. */
	check_rc(HYPERVISOR_xen_version(XENVER_pagesize, buf), -XEN_EINVAL,
		 "xen-version/pagesize-nonnull-arg");

	rc = HYPERVISOR_xen_version(XENVER_guest_handle, h);
	check_rc(rc, 0, "xen-version/guest-handle");

	/* Unprivileged: Xen copies "<denied>" and returns 0 (XSM dummy
	 * policy), so the command line does not leak. */
	memset(buf, 0x55, sizeof(buf));
	rc = HYPERVISOR_xen_version(XENVER_commandline, buf);
	check(rc == 0 && !strcmp(buf, "<denied>"),
	      "xen-version/commandline-unprivileged", "rc %ld buf \"%.32s\"",
	      rc, buf);
	check((uint8_t)buf[9] == 0x55, "xen-version/commandline-denied-9-bytes",
	      "byte 9 is %#x", (uint8_t)buf[9]);
	/* build_id: denied before its argument is even read. */
	check_rc(HYPERVISOR_xen_version(XENVER_build_id, NULL), -XEN_EPERM,
		 "xen-version/build-id-unprivileged");
	check_rc(HYPERVISOR_xen_version(XENVER_build_id, (void *)1), -XEN_EPERM,
		 "xen-version/build-id-unprivileged-bad-pointer");
	/* 11-14 (extraversion2 ... commandline2) are Xen 4.20's, not 4.17's. */
	for (int cmd = 11; cmd <= 14; cmd++) {
		char name[48];

		snprintf(name, sizeof(name), "xen-version/cmd-%d-not-in-4.17",
			 cmd);
		check_rc(HYPERVISOR_xen_version(cmd, buf), -XEN_ENOSYS, name);
	}
	check_rc(HYPERVISOR_xen_version(0x7fffffff, NULL), -XEN_ENOSYS,
		 "xen-version/unknown-cmd");
}

/* --- unknown hypercalls, console_io, vm_assist ----------------------- */

static void test_unknown_and_console(void)
{
	static const struct {
		unsigned long nr;
		const char *name;
	} unknown[] = {
		{ __HYPERVISOR_set_trap_table,
		  "hypercall/unknown-0-set-trap-table" },
		{ __HYPERVISOR_mmu_update, "hypercall/unknown-1-mmu-update" },
		{ __HYPERVISOR_iret, "hypercall/unknown-23-iret" },
		{ 56, "hypercall/unknown-56" },
		{ 100, "hypercall/unknown-100" },
		{ 0xffff, "hypercall/unknown-0xffff" },
		{ 0x7fffffffUL, "hypercall/unknown-0x7fffffff" },
	};
	static const char msg[] =
		"console_io write from the hypercalls guest\n";
	char rbuf[16];

	for (unsigned int i = 0; i < ARRAY_SIZE(unknown); i++)
		check_rc(hypercall5(unknown[i].nr, 0, 0, 0, 0, 0), -XEN_ENOSYS,
			 unknown[i].name);

	check_rc(HYPERVISOR_console_io(CONSOLEIO_write, sizeof(msg) - 1, msg),
		 0, "console-io/write");
	check_rc(HYPERVISOR_console_io(CONSOLEIO_write, 0, msg), 0,
		 "console-io/write-empty");
	check_rc(HYPERVISOR_console_io(CONSOLEIO_read, sizeof(rbuf), rbuf),
		 -XEN_EPERM, "console-io/read-unprivileged");
	/* Xen's XSM check runs first: anything but write is denied. */
	check_rc(HYPERVISOR_console_io(99, 0, NULL), -XEN_EPERM,
		 "console-io/unknown-cmd-unprivileged");

	check_rc(HYPERVISOR_vm_assist(VMASST_CMD_enable,
				      VMASST_TYPE_runstate_update_flag),
		 0, "vm-assist/runstate-update-flag");
	check_rc(HYPERVISOR_vm_assist(VMASST_CMD_disable,
				      VMASST_TYPE_runstate_update_flag),
		 0, "vm-assist/runstate-update-flag-off");
	check_rc(HYPERVISOR_vm_assist(VMASST_CMD_enable, 31), -XEN_EINVAL,
		 "vm-assist/bad-type");
	/* The type is checked first, then the command. */
	check_rc(HYPERVISOR_vm_assist(7, VMASST_TYPE_runstate_update_flag),
		 -XEN_ENOSYS, "vm-assist/bad-cmd");
	check_rc(HYPERVISOR_vm_assist(7, 31), -XEN_EINVAL,
		 "vm-assist/bad-cmd-bad-type");
}

/* --- hvm_op ------------------------------------------------------------ */

static void test_hvm_op(void)
{
	struct xen_hvm_param p;
	uint64_t v = 0, t0 = 0, t1 = 0;
	long rc;

	rc = set_upcall_vector(0xf3, upcall);
	check_rc(rc, 0, "hvm-op/set-callback-vector");
	rc = hvm_get_param(HVM_PARAM_CALLBACK_IRQ, &v);
	check(rc == 0 && v == HVM_PARAM_CALLBACK_VECTOR(0xf3),
	      "hvm-op/get-callback-vector", "rc %ld value %#lx", rc, v);

	static const struct {
		uint32_t idx;
		const char *name;
	} nonzero[] = {
		{ HVM_PARAM_CONSOLE_PFN, "hvm-op/console-pfn" },
		{ HVM_PARAM_CONSOLE_EVTCHN, "hvm-op/console-evtchn" },
	};
	for (unsigned int i = 0; i < ARRAY_SIZE(nonzero); i++) {
		v = 0;
		rc = hvm_get_param(nonzero[i].idx, &v);
		check(rc == 0 && v != 0, nonzero[i].name, "rc %ld value %#lx",
		      rc, v);
	}
	/* Xenstore is offered only when a dom0 runs it: both set or neither. */
	{
		uint64_t pfn = 0, port = 0;

		rc = hvm_get_param(HVM_PARAM_STORE_PFN, &pfn);
		rc |= hvm_get_param(HVM_PARAM_STORE_EVTCHN, &port);
		printf("xenstore: pfn %#lx port %lu\n", pfn, port);
		check(rc == 0 && !pfn == !port, "hvm-op/store-params",
		      "rc %ld pfn %#lx port %lu", rc, pfn, port);
	}
	hvm_get_param(HVM_PARAM_STORE_PFN, &v);
	check_rc(hvm_set_param(HVM_PARAM_STORE_PFN, v + 1), -XEN_EPERM,
		 "hvm-op/set-store-pfn-denied");
	hvm_get_param(HVM_PARAM_STORE_PFN, &t0);
	check_eq(t0, v, "hvm-op/store-pfn-unchanged");
	check_rc(hvm_get_param(HVM_NR_PARAMS, &v), -XEN_EINVAL,
		 "hvm-op/get-param-out-of-range");
	check_rc(hvm_set_param(HVM_NR_PARAMS, 0), -XEN_EINVAL,
		 "hvm-op/set-param-out-of-range");
	check_rc(hvm_get_param(0xffffffffU, &v), -XEN_EINVAL,
		 "hvm-op/get-param-huge-index");

	p = (struct xen_hvm_param){ .domid = DOMID_SELF,
				    .index = HVM_PARAM_CALLBACK_IRQ };
	check_rc(HYPERVISOR_hvm_op(0xfff, &p), -XEN_ENOSYS,
		 "hvm-op/unknown-op");

	rc = HYPERVISOR_hvm_op(HVMOP_get_time, &t0);
	wait_ms(2);
	rc |= HYPERVISOR_hvm_op(HVMOP_get_time, &t1);
	check(rc == 0 && t1 > t0, "hvm-op/get-time-increases",
	      "rc %ld %lu then %lu", rc, t0, t1);
}

/* --- pvclock and wallclock -------------------------------------------- */

static void test_time(void)
{
	struct vcpu_time_info *t = &vi->time;
	uint32_t eax, ebx, ecx, edx, khz;
	uint64_t a, b, h, tsc0, tsc1, ns0, ns1, expect, sec;
	uint32_t ver = READ_ONCE(t->version);
	long rc;

	check(ver && !(ver & 1), "pvclock/version-even", "version %u", ver);
	check(t->tsc_to_system_mul != 0, "pvclock/mul-nonzero");
	check(t->flags & XEN_PVCLOCK_TSC_STABLE_BIT, "pvclock/tsc-stable",
	      "flags %#x", t->flags);

	a = pvclock_ns();
	rc = HYPERVISOR_hvm_op(HVMOP_get_time, &h);
	b = pvclock_ns();
	/* Both read the same clock: get_time lies between, give 50 us. */
	check(rc == 0 && h + 50000 >= a && h <= b + 50000,
	      "pvclock/agrees-with-get-time", "pvclock %lu, get_time %lu, %lu",
	      a, h, b);

	cpuid_count(xen_cpuid_base() + 3, 0, &eax, &ebx, &ecx, &edx);
	khz = ecx;
	check(khz >= 100000, "pvclock/cpuid-tsc-khz", "%u kHz", khz);
	if (khz < 100000)
		return;
	tsc0 = rdtsc_ordered();
	ns0 = pvclock_ns();
	wait_ms(20);
	tsc1 = rdtsc_ordered();
	ns1 = pvclock_ns();
	/* ns from the TSC at the CPUID frequency; within 0.5%. */
	expect = (tsc1 - tsc0) * 1000000 / khz;
	printf("pvclock: %lu ns by pvclock, %lu ns by tsc/%u kHz\n", ns1 - ns0,
	       expect, khz);
	check(ns1 > ns0 && ns1 - ns0 >= expect - expect / 200 &&
		      ns1 - ns0 <= expect + expect / 200 + 2000,
	      "pvclock/rate-matches-tsc-khz", "%lu ns vs %lu ns", ns1 - ns0,
	      expect);
	check(ns1 - ns0 >= 20000000, "pvclock/advances", "%lu ns in 20 ms",
	      ns1 - ns0);

	ver = READ_ONCE(shared_info->wc_version);
	sec = ((uint64_t)shared_info->wc_sec_hi << 32) | shared_info->wc_sec;
	printf("wallclock: version %u sec %lu nsec %u\n", ver, sec,
	       shared_info->wc_nsec);
	check(ver && !(ver & 1), "wallclock/version-even", "version %u", ver);
	/* 2024-01-01T00:00:00Z = 1704067200; wall time = wc + system time. */
	check(sec + ns1 / 1000000000 >= 1704067200ULL, "wallclock/year-2024",
	      "wc_sec %lu", sec);
	check(shared_info->wc_nsec < 1000000000U, "wallclock/nsec-range", "%u",
	      shared_info->wc_nsec);
}

/* --- sched_op ---------------------------------------------------------- */

static long block_with_irqs_on(void)
{
	long ret;

	/*
	 * STI's shadow covers the hypercall instruction: an upcall already
	 * pending cannot be taken before the hypervisor sees SCHEDOP_block.
	 */
	if (hypercall_use_vmcall)
		asm volatile("sti; vmcall"
			     : "=a"(ret)
			     : "0"((unsigned long)__HYPERVISOR_sched_op),
			       "D"((unsigned long)SCHEDOP_block), "S"(0UL)
			     : "memory", "rdx", "r10", "r8");
	else
		asm volatile("sti; vmmcall"
			     : "=a"(ret)
			     : "0"((unsigned long)__HYPERVISOR_sched_op),
			       "D"((unsigned long)SCHEDOP_block), "S"(0UL)
			     : "memory", "rdx", "r10", "r8");
	local_irq_disable();
	return ret;
}

static domid_t self;

static void test_sched_op(void)
{
	evtchn_port_t ipi = 0, timer = 0, bad = 5000;
	struct vcpu_runstate_info rs0, rs1;
	struct sched_remote_shutdown rs;
	struct sched_shutdown sd;
	struct sched_poll poll;
	uint64_t t0, t1;
	unsigned long hits;
	long rc;

	check_rc(xen_yield(), 0, "sched-op/yield");
	check_rc(HYPERVISOR_sched_op(99, NULL), -XEN_ENOSYS,
		 "sched-op/unknown-cmd");

	if (!check_rc(evtchn_bind_ipi(0, &ipi), 0, "sched-op/bind-ipi") ||
	    !check_rc(evtchn_bind_virq(VIRQ_TIMER, 0, &timer), 0,
		      "sched-op/bind-virq-timer"))
		return;
	evtchn_unmask(ipi);
	evtchn_unmask(timer);

	/* Block with an event pending: it does not block (its blocked time
	 * stays the same, however long a busy host keeps it waiting for a
	 * pCPU), and the upcall follows. */
	hits = port_hits[ipi];
	evtchn_send(ipi);
	HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &rs0);
	t0 = pvclock_ns();
	/* A backstop, should block really sleep. */
	HYPERVISOR_set_timer_op(t0 + 1000000000ULL);
	rc = block_with_irqs_on();
	t1 = pvclock_ns();
	HYPERVISOR_set_timer_op(0);
	HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &rs1);
	check_rc(rc, 0, "sched-op/block-rc");
	check(rs1.time[RUNSTATE_blocked] == rs0.time[RUNSTATE_blocked] &&
		      t1 - t0 < 1000000000ULL,
	      "sched-op/block-pending-returns", "blocked %lu ns, took %lu us",
	      rs1.time[RUNSTATE_blocked] - rs0.time[RUNSTATE_blocked],
	      (t1 - t0) / 1000);
	check(port_hits[ipi] == hits + 1, "sched-op/block-upcall-delivered",
	      "%lu hits", port_hits[ipi] - hits);

	/* Block without an event: the singleshot timer wakes it. */
	hits = port_hits[timer];
	t0 = pvclock_ns();
	HYPERVISOR_set_timer_op(t0 + 10000000ULL);
	rc = block_with_irqs_on();
	t1 = pvclock_ns();
	check(rc == 0 && t1 - t0 >= 9000000ULL && t1 - t0 < 1000000000ULL,
	      "sched-op/block-sleeps-until-timer", "rc %ld after %lu us", rc,
	      (t1 - t0) / 1000);
	check(wait_until(port_hits[timer] > hits, 100),
	      "sched-op/set-timer-op-fires");

	/* Poll (interrupts off) on an unmasked port: the event that ends
	 * the poll is an upcall too once interrupts are on, as in Xen, whose
	 * set_pending raises both. */
	hits = port_hits[timer];
	t0 = pvclock_ns();
	HYPERVISOR_set_timer_op(t0 + 5000000ULL);
	rc = xen_poll(timer, t0 + 1000000000ULL);
	t1 = pvclock_ns();
	check(rc == 0 && t1 - t0 < 1000000000ULL, "sched-op/poll-unmasked-wakes",
	      "rc %ld after %lu us", rc, (t1 - t0) / 1000);
	check(wait_until(port_hits[timer] > hits, 100),
	      "sched-op/poll-unmasked-upcall", "no upcall for the polled port");

	/* Poll with a timeout on a quiet port. */
	evtchn_mask(ipi);
	t0 = pvclock_ns();
	rc = xen_poll(ipi, t0 + 20000000ULL);
	t1 = pvclock_ns();
	check_rc(rc, 0, "sched-op/poll-timeout-rc");
	check(t1 - t0 >= 19000000ULL && t1 - t0 < 500000000ULL,
	      "sched-op/poll-timeout-duration", "%lu us for 20000",
	      (t1 - t0) / 1000);
	/* Poll on a pending (masked) port returns without blocking (its
	 * blocked time stays the same, however long a busy host delays it)
	 * and before its 1 s timeout. */
	evtchn_send(ipi);
	HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &rs0);
	t0 = pvclock_ns();
	rc = xen_poll(ipi, t0 + 1000000000ULL);
	t1 = pvclock_ns();
	HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &rs1);
	check(rc == 0 && t1 - t0 < 1000000000ULL &&
		      rs1.time[RUNSTATE_blocked] == rs0.time[RUNSTATE_blocked],
	      "sched-op/poll-pending", "rc %ld after %lu us, blocked %lu ns",
	      rc, (t1 - t0) / 1000,
	      rs1.time[RUNSTATE_blocked] - rs0.time[RUNSTATE_blocked]);
	evtchn_clear_pending(ipi);
	evtchn_unmask(ipi);

	check_rc(xen_poll(bad, 0), -XEN_EINVAL, "sched-op/poll-invalid-port");
	poll = (struct sched_poll){ .nr_ports = 129, .timeout = 0 };
	set_xen_guest_handle(poll.ports, &ipi);
	check_rc(HYPERVISOR_sched_op(SCHEDOP_poll, &poll), -XEN_EINVAL,
		 "sched-op/poll-too-many-ports");
	/* Xen's do_poll: a port not in use is -EINVAL; ports are read in
	 * order and a pending one ends the poll before later ones are even
	 * looked at; the port list is read only if nothing can be taken. */
	check_rc(xen_poll(0, 0), -XEN_EINVAL, "sched-op/poll-port-0");
	{
		evtchn_port_t closed = 0, two[2];

		evtchn_alloc_unbound(DOMID_SELF, &closed);
		evtchn_close(closed);
		check_rc(xen_poll(closed, 0), -XEN_EINVAL,
			 "sched-op/poll-closed-port");
		evtchn_mask(ipi);
		evtchn_send(ipi);
		two[0] = ipi, two[1] = bad;
		poll = (struct sched_poll){ .nr_ports = 2, .timeout = 0 };
		set_xen_guest_handle(poll.ports, two);
		check_rc(HYPERVISOR_sched_op(SCHEDOP_poll, &poll), 0,
			 "sched-op/poll-pending-before-bad-port");
		evtchn_clear_pending(ipi);
		two[0] = bad, two[1] = ipi;
		check_rc(HYPERVISOR_sched_op(SCHEDOP_poll, &poll), -XEN_EINVAL,
			 "sched-op/poll-bad-port-first");
		evtchn_unmask(ipi);
		poll = (struct sched_poll){ .nr_ports = 1, .timeout = 0 };
		set_xen_guest_handle(poll.ports, (void *)(1ULL << 40));
		check_rc(HYPERVISOR_sched_op(SCHEDOP_poll, &poll), -XEN_EFAULT,
			 "sched-op/poll-bad-pointer");
	}

	/* Watchdogs: two per domain, ids 1 and 2. */
	{
		struct sched_watchdog w = { .id = 3, .timeout = 100 };
		struct sched_pin_override pin = { .pcpu = 0 };

		check_rc(HYPERVISOR_sched_op(SCHEDOP_watchdog, &w), -XEN_EINVAL,
			 "sched-op/watchdog-bad-id");
		w.id = 1;
		check_rc(HYPERVISOR_sched_op(SCHEDOP_watchdog, &w), -XEN_EINVAL,
			 "sched-op/watchdog-unused-id");
		w.id = 0;
		check_rc(HYPERVISOR_sched_op(SCHEDOP_watchdog, &w), 1,
			 "sched-op/watchdog-first");
		check_rc(HYPERVISOR_sched_op(SCHEDOP_watchdog, &w), 2,
			 "sched-op/watchdog-second");
		check_rc(HYPERVISOR_sched_op(SCHEDOP_watchdog, &w), -XEN_ENOSPC,
			 "sched-op/watchdog-no-third");
		w = (struct sched_watchdog){ .id = 1, .timeout = 200 };
		check_rc(HYPERVISOR_sched_op(SCHEDOP_watchdog, &w), 0,
			 "sched-op/watchdog-rearm");
		w.timeout = 0;
		check_rc(HYPERVISOR_sched_op(SCHEDOP_watchdog, &w), 0,
			 "sched-op/watchdog-stop");
		check_rc(HYPERVISOR_sched_op(SCHEDOP_watchdog, &w), -XEN_EINVAL,
			 "sched-op/watchdog-stopped-id");
		w.id = 2;
		check_rc(HYPERVISOR_sched_op(SCHEDOP_watchdog, &w), 0,
			 "sched-op/watchdog-stop-second");
		check_rc(HYPERVISOR_sched_op(SCHEDOP_pin_override, &pin),
			 -XEN_EPERM, "sched-op/pin-override-domu");
	}

	rs = (struct sched_remote_shutdown){ .domain_id = self,
					     .reason = SHUTDOWN_poweroff };
	check_rc(HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs), -XEN_EPERM,
		 "sched-op/remote-shutdown-unprivileged");
	sd.reason = SHUTDOWN_poweroff;
	check_rc(HYPERVISOR_sched_op(SCHEDOP_shutdown_code, &sd), 0,
		 "sched-op/shutdown-code");

	evtchn_close(ipi);
	evtchn_close(timer);
}

/* --- multicall --------------------------------------------------------- */

static void test_multicall(void)
{
	static multicall_entry_t mc[4], inner[1];
	long rc;

	memset(mc, 0, sizeof(mc));
	inner[0].op = __HYPERVISOR_xen_version;
	inner[0].args[0] = XENVER_version;
	inner[0].result = 0x1234;

	mc[0].op = __HYPERVISOR_xen_version;
	mc[0].args[0] = XENVER_version;
	mc[1].op = __HYPERVISOR_multicall;
	mc[1].args[0] = (uintptr_t)inner;
	mc[1].args[1] = 1;
	mc[2].op = __HYPERVISOR_xen_version;
	mc[2].args[0] = XENVER_pagesize;
	mc[3].op = 100;
	for (unsigned int i = 0; i < 4; i++)
		mc[i].result = 0x5a5a;

	rc = HYPERVISOR_multicall(mc, 4);
	check_rc(rc, 0, "multicall/rc");
	check_eq(mc[0].result, xen_cpuid_version(), "multicall/entry0-version");
	check_rc((long)mc[1].result, -XEN_EINVAL, "multicall/entry1-nested");
	check_eq(inner[0].result, 0x1234, "multicall/nested-not-run");
	check_eq(mc[2].result, 4096, "multicall/entry2-pagesize");
	check_rc((long)mc[3].result, -XEN_ENOSYS, "multicall/entry3-unknown");

	check_rc(HYPERVISOR_multicall(mc, 0), 0, "multicall/empty");
	check_rc(HYPERVISOR_multicall((void *)0x80000000UL, 1), -XEN_EFAULT,
		 "multicall/bad-list");
}

/*
 * The hypercall page: writing its guest-physical address to the MSR that
 * CPUID leaf 0x40000002 names fills it with 32-byte stubs; calling stub N
 * makes hypercall N (Linux 6.1 uses VMMCALL directly, older guests and
 * other OSes use the page).
 */
static uint8_t hcall_page[4096] __attribute__((aligned(4096)));

static void test_hypercall_page(void)
{
	uint32_t a, b, c, d;
	long (*xen_version)(long cmd, void *arg);
	long rc;

	cpuid(0x40000002, &a, &b, &c, &d);
	check_eq(a, 1, "hypercall-page/count");
	check_eq(b, 0x40000000, "hypercall-page/msr");
	wrmsr(b, (uint64_t)(uintptr_t)hcall_page);
	xen_version = (void *)(hcall_page + __HYPERVISOR_xen_version * 32);
	rc = xen_version(XENVER_version, NULL);
	check_eq(rc, HYPERVISOR_xen_version(XENVER_version, NULL),
		 "hypercall-page/xen-version");
	rc = ((long (*)(long, void *))(
		hcall_page + __HYPERVISOR_xen_version * 32))(XENVER_pagesize,
							     NULL);
	check_eq(rc, 4096, "hypercall-page/pagesize");
}

void test_main(void)
{
	long rc;

	if (!xen_present())
		test_fatal("xen", "no Xen CPUID leaves");
	self = cmdline_get_ulong("self", 1);

	test_xen_version();
	test_unknown_and_console();
	test_hypercall_page();

	rc = map_shared_info();
	if (!check_rc(rc, 0, "shared-info/map"))
		return;
	vi = &shared_info->vcpu_info[0];
	test_hvm_op();
	test_time();
	test_sched_op();
	test_multicall();
	test_memory();
	test_errno();
	test_console_sources();
	test_vcpu_op();
	test_bad_pointers();
	test_vcpu_info_move();
	check_eq(HYPERVISOR_xen_version(XENVER_pagesize, NULL), 4096,
		 "hv/still-alive");
}
