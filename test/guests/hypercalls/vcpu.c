// SPDX-License-Identifier: MIT
/* vcpu_op: vCPU state, timers, runstate area and vcpu_info placement. */
#include "common.h"

static struct vcpu_runstate_info runstate;
static uint8_t vcpu_info_page[PAGE_SIZE] __aligned(PAGE_SIZE);

static long singleshot(uint64_t when, uint32_t flags)
{
	struct vcpu_set_singleshot_timer t = {
		.timeout_abs_ns = when,
		.flags = flags,
	};

	return HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &t);
}

static long periodic(uint64_t period)
{
	struct vcpu_set_periodic_timer t = { .period_ns = period };

	return HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 0, &t);
}

static void test_timers(evtchn_port_t timer)
{
	uint64_t t0, t1;
	unsigned long hits;
	bool ok;
	long rc;

	t0 = pvclock_ns();
	check_rc(singleshot(t0 - 1000000, VCPU_SSHOTTMR_future), -XEN_ETIME,
		 "vcpu-op/singleshot-past-future-flag");
	check_rc(singleshot(1, VCPU_SSHOTTMR_future), -XEN_ETIME,
		 "vcpu-op/singleshot-time-1-future-flag");

	/* Fires VIRQ_TIMER through the upcall vector, after the deadline. */
	hits = port_hits[timer];
	t0 = pvclock_ns();
	rc = singleshot(t0 + 5000000, VCPU_SSHOTTMR_future);
	check_rc(rc, 0, "vcpu-op/singleshot-set");
	check(wait_until(port_hits[timer] > hits, 2000),
	      "vcpu-op/singleshot-fires");
	t1 = pvclock_ns();
	printf("singleshot: asked for 5000 us, upcall after %lu us\n",
	       (t1 - t0) / 1000);
	check(t1 - t0 >= 4900000 && t1 - t0 < 500000000,
	      "vcpu-op/singleshot-latency", "%lu us", (t1 - t0) / 1000);
	wait_ms(20);
	check_eq(port_hits[timer], hits + 1, "vcpu-op/singleshot-once");

	/* In the past without the flag: fires at once. */
	hits = port_hits[timer];
	check_rc(singleshot(pvclock_ns() - 1000000, 0), 0,
		 "vcpu-op/singleshot-past");
	check(wait_until(port_hits[timer] > hits, 2000),
	      "vcpu-op/singleshot-past-fires");

	/* set_timer_op with a timeout wrapped negative: Xen's 100 ms. */
	hits = port_hits[timer];
	t0 = pvclock_ns();
	check_rc(HYPERVISOR_set_timer_op(~0ULL), 0, "set-timer-op/negative");
	check(wait_until(port_hits[timer] > hits, 2000),
	      "set-timer-op/negative-fires");
	t1 = pvclock_ns();
	check(t1 - t0 >= 90000000, "set-timer-op/negative-in-100ms",
	      "after %lu us", (t1 - t0) / 1000);

	/* Stopped before it fires: nothing. */
	hits = port_hits[timer];
	singleshot(pvclock_ns() + 20000000, 0);
	check_rc(HYPERVISOR_vcpu_op(VCPUOP_stop_singleshot_timer, 0, NULL), 0,
		 "vcpu-op/singleshot-stop");
	wait_ms(50);
	check_eq(port_hits[timer], hits, "vcpu-op/singleshot-stopped");

	/* Periodic: under 50 us refused; 2 ms ticks; stop. */
	check_rc(periodic(49999), -XEN_EINVAL, "vcpu-op/periodic-too-short");
	check_rc(periodic(999999), -XEN_EINVAL, "vcpu-op/periodic-under-1ms");
	check_rc(periodic(1ULL << 62), -XEN_EINVAL, "vcpu-op/periodic-too-long");
	check_rc(periodic(0), -XEN_EINVAL, "vcpu-op/periodic-zero");
	hits = port_hits[timer];
	t0 = pvclock_ns();
	check_rc(periodic(2000000), 0, "vcpu-op/periodic-set");
	/* It repeats: three ticks come (ticks that arrive while the vCPU
	 * waits for a pCPU merge into one upcall, and a busy host makes it
	 * wait a lot, so the bound is generous), and it never runs ahead
	 * of the period. */
	ok = wait_until(port_hits[timer] - hits >= 3, 5000);
	check_rc(HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0,
		 "vcpu-op/periodic-stop");
	t1 = pvclock_ns();
	hits = port_hits[timer] - hits;
	printf("periodic: %lu ticks of 2 ms in %lu us\n", hits,
	       (t1 - t0) / 1000);
	check(ok && hits <= (t1 - t0) / 2000000 + 2, "vcpu-op/periodic-ticks",
	      "%lu ticks in %lu us", hits, (t1 - t0) / 1000);
	/* A tick raised just before the stop may still be delivered. */
	wait_ms(5);
	hits = port_hits[timer];
	wait_ms(20);
	check_eq(port_hits[timer], hits, "vcpu-op/periodic-stopped");
}

static void test_runstate(void)
{
	struct vcpu_register_runstate_memory_area area;
	evtchn_port_t quiet = 0;
	uint64_t before;
	long rc;

	memset(&runstate, 0xff, sizeof(runstate));
	area.addr.p = (uintptr_t)&runstate;
	rc = HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0,
				&area);
	check_rc(rc, 0, "vcpu-op/register-runstate");
	check_eq(READ_ONCE(runstate.state), RUNSTATE_running,
		 "vcpu-op/runstate-running");
	check(runstate.state_entry_time != ~0ULL &&
		      runstate.time[RUNSTATE_running] != ~0ULL &&
		      runstate.time[RUNSTATE_running] > 0,
	      "vcpu-op/runstate-times", "entry %#lx running %#lx",
	      runstate.state_entry_time, runstate.time[RUNSTATE_running]);

	/* Sleep in a poll: blocked time grows, and we are running again. A
	 * poll whose timeout passed before it got to block (a busy host can
	 * hold the vCPU that long) returns at once: try again, for a while. */
	before = runstate.time[RUNSTATE_blocked];
	if (evtchn_bind_ipi(0, &quiet) == 0) {
		uint64_t end = pvclock_ns() + 5000000000ULL;

		evtchn_mask(quiet);
		do {
			xen_poll(quiet, pvclock_ns() + 20000000);
			xen_yield();
		} while (runstate.time[RUNSTATE_blocked] == before &&
			 pvclock_ns() < end);
		check(runstate.time[RUNSTATE_blocked] > before &&
			      runstate.time[RUNSTATE_blocked] != ~0ULL,
		      "vcpu-op/runstate-blocked-time", "%lu then %lu", before,
		      runstate.time[RUNSTATE_blocked]);
		check_eq(READ_ONCE(runstate.state), RUNSTATE_running,
			 "vcpu-op/runstate-running-again");
		evtchn_close(quiet);
	}
	{
		struct vcpu_runstate_info ri;

		rc = HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &ri);
		check(rc == 0 && ri.state == RUNSTATE_running,
		      "vcpu-op/get-runstate-info", "rc %ld state %d", rc,
		      ri.state);
	}
	/* Stop updates (a NULL area) before the page goes elsewhere. */
	area.addr.p = 0;
	HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &area);
}

void test_vcpu_op(void)
{
	struct vcpu_register_vcpu_info r = {
		.mfn = (uintptr_t)vcpu_info_page >> PAGE_SHIFT,
		.offset = PAGE_SIZE - 8,
	};
	struct vcpu_hvm_context ctx;
	evtchn_port_t timer = 0;

	check_eq(HYPERVISOR_vcpu_op(VCPUOP_is_up, 0, NULL), 1,
		 "vcpu-op/is-up-vcpu0");
	check_rc(HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL), -XEN_ENOENT,
		 "vcpu-op/is-up-missing-vcpu");
	check_rc(HYPERVISOR_vcpu_op(VCPUOP_is_up, 0xffffffffU, NULL),
		 -XEN_ENOENT, "vcpu-op/is-up-huge-vcpuid");
	check_rc(HYPERVISOR_vcpu_op(99, 0, NULL), -XEN_ENOSYS,
		 "vcpu-op/unknown-cmd");
	check_rc(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 7, &r),
		 -XEN_ENOENT, "vcpu-op/register-vcpu-info-bad-vcpu");
	check_rc(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &r),
		 -XEN_ENXIO, "vcpu-op/register-vcpu-info-bad-offset");
	r.offset = 0;
	r.mfn = 0x40000; /* 1 GiB: a hole */
	check_rc(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &r),
		 -XEN_EINVAL, "vcpu-op/register-vcpu-info-hole");
	memset(&ctx, 0, sizeof(ctx));
	ctx.mode = VCPU_HVM_MODE_64B;
	check_rc(HYPERVISOR_vcpu_op(VCPUOP_initialise, 0, &ctx), -XEN_EEXIST,
		 "vcpu-op/initialise-running-vcpu");

	if (!check_rc(evtchn_bind_virq(VIRQ_TIMER, 0, &timer), 0,
		      "vcpu-op/bind-virq-timer"))
		return;
	evtchn_unmask(timer);
	test_timers(timer);
	evtchn_close(timer);
	test_runstate();
}

/* Last: vcpu_info leaves shared_info for good (once only, as in Xen). */
void test_vcpu_info_move(void)
{
	struct vcpu_register_vcpu_info r = {
		.mfn = (uintptr_t)vcpu_info_page >> PAGE_SHIFT,
		.offset = 0x40,
	};
	struct vcpu_info *nvi = (void *)(vcpu_info_page + 0x40);
	evtchn_port_t timer = 0;
	unsigned long hits;
	uint64_t a, b;
	long rc;

	memset(vcpu_info_page, 0, PAGE_SIZE);
	rc = HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &r);
	check_rc(rc, 0, "vcpu-op/register-vcpu-info");
	if (rc)
		return;
	vi = nvi;
	check(nvi->time.version && !(nvi->time.version & 1) &&
		      nvi->time.tsc_to_system_mul,
	      "vcpu-op/vcpu-info-time-published", "version %u mul %u",
	      nvi->time.version, nvi->time.tsc_to_system_mul);
	check_eq(nvi->evtchn_upcall_pending, 1,
		 "vcpu-op/vcpu-info-upcall-pending-set");
	a = pvclock_ns();
	wait_ms(1);
	b = pvclock_ns();
	check(b > a, "vcpu-op/vcpu-info-pvclock-runs", "%lu then %lu", a, b);

	check_rc(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &r),
		 -XEN_EINVAL, "vcpu-op/register-vcpu-info-twice");
	r.offset = 0x100;
	check_rc(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &r),
		 -XEN_EINVAL, "vcpu-op/register-vcpu-info-twice-elsewhere");

	/* Events now arrive through the new vcpu_info. */
	if (!check_rc(evtchn_bind_virq(VIRQ_TIMER, 0, &timer), 0,
		      "vcpu-op/bind-virq-timer-again"))
		return;
	evtchn_unmask(timer);
	hits = port_hits[timer];
	singleshot(pvclock_ns() + 2000000, 0);
	check(wait_until(port_hits[timer] > hits, 2000),
	      "vcpu-op/upcall-through-new-vcpu-info");
	evtchn_close(timer);
}
