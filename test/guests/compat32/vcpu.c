// SPDX-License-Identifier: MIT
/*
 * vcpu_op and sched_op with the 32-bit layouts: the runstate (44 bytes),
 * the timers (their structures are shared) seen through VIRQ_TIMER with
 * SCHEDOP_poll's 32-bit structure, set_timer_op's split timeout,
 * SCHEDOP_block woken by an upcall, and shared_info's 32-bit layout:
 * the wall clock, masking through the 32-bit mask bitmap, the 32-bit
 * selector and upcalls after the first.
 */
#include "compat32.h"

#define UPCALL_VECTOR 0xf3
#define MS 1000000ULL
#define GENEROUS (20000 * MS) /* time bound for "soon": busy hosts */

static volatile unsigned int upcalls;
static evtchn_port_t timer_port;

static void upcall(struct cpu_regs *unused)
{
	upcalls++;
	/* vcpu_info.evtchn_upcall_pending: byte 0 in both layouts. */
	WRITE_ONCE(shinfo[0], 0);
}

static void test_runstate(void)
{
	static struct {
		struct compat_vcpu_runstate_info rs;
		uint32_t sentinel;
	} area, got;
	/* Only the 4-byte handle counts: the union's upper half is junk. */
	struct compat_vcpu_register_runstate_memory_area r = {
		.addr.p = 0xdeadbeef00000000ULL | (uintptr_t)&area.rs,
	};

	_Static_assert(sizeof(area.rs) == 44, "compat_vcpu_runstate_info");
	got.sentinel = area.sentinel = 0xa5a5a5a5;
	got.rs.state = -1;
	check_rc(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &got.rs), 0,
		 "runstate/get");
	check_eq(got.rs.state, RUNSTATE_running, "runstate/get-running");
	check(got.rs.time[RUNSTATE_running] > 0 &&
		      got.rs.state_entry_time < now_ns(),
	      "runstate/get-times");
	check_eq(got.sentinel, 0xa5a5a5a5, "runstate/get-44-bytes");

	check_rc(HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0,
				    &r),
		 0, "runstate/register");
	check_eq(READ_ONCE(area.rs.state), RUNSTATE_running,
		 "runstate/area-running");
	check(READ_ONCE(area.rs.time[RUNSTATE_running]) > 0,
	      "runstate/area-time");
	HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	check_eq(READ_ONCE(area.sentinel), 0xa5a5a5a5,
		 "runstate/area-44-bytes");
}

/* Waits for the timer's VIRQ; how long it took, or ~0 if it did not come. */
static uint64_t wait_timer(uint64_t t0)
{
	uint64_t end = t0 + GENEROUS;

	while (!port_pending(timer_port) && now_ns() < end)
		poll_port(timer_port, end);
	if (!port_pending(timer_port))
		return ~0ULL;
	port_clear(timer_port);
	return now_ns() - t0;
}

static void test_timers(void)
{
	struct vcpu_set_singleshot_timer st = { .flags = VCPU_SSHOTTMR_future };
	struct vcpu_set_periodic_timer pt = { .period_ns = 2 * MS };
	uint64_t t0, dt;

	t0 = now_ns();
	st.timeout_abs_ns = t0 + 20 * MS;
	check_rc(HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &st), 0,
		 "singleshot/set");
	dt = wait_timer(t0);
	check(dt != ~0ULL && dt >= 20 * MS, "singleshot/fires-after-deadline",
	      "after %llu ns", (unsigned long long)dt);
	st.timeout_abs_ns = 1;
	check_rc(HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &st),
		 -XEN_ETIME, "singleshot/past-etime");

	check_rc(HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 0, &pt), 0,
		 "periodic/set");
	t0 = now_ns();
	dt = wait_timer(t0);
	check(dt != ~0ULL && wait_timer(now_ns()) != ~0ULL, "periodic/ticks");
	check_rc(HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0,
		 "periodic/stop");
	port_clear(timer_port);

	/* set_timer_op: the 64-bit deadline in EBX (low) and ECX (high). */
	t0 = now_ns();
	check_rc(hypercall2(__HYPERVISOR_set_timer_op, (uint32_t)(t0 + 20 * MS),
			    (t0 + 20 * MS) >> 32),
		 0, "set-timer-op/set");
	dt = wait_timer(t0);
	check(dt != ~0ULL && dt >= 20 * MS, "set-timer-op/fires-after-deadline",
	      "after %llu ns", (unsigned long long)dt);
}

static void test_poll_timeout(void)
{
	uint64_t t0 = now_ns();

	/* Nothing will be pending: the poll's own timeout ends it. */
	port_clear(timer_port);
	check_rc(poll_port(timer_port, t0 + 10 * MS), 0, "poll/timeout-rc");
	check(now_ns() >= t0 + 10 * MS, "poll/timeout-waited");
	check_rc(poll_port(0, 0), -XEN_EINVAL, "poll/bad-port");
}

/*
 * SCHEDOP_block, woken by the upcall for a singleshot timer. Setting the
 * callback from 32-bit code latches shared_info's 32-bit layout.
 */
static void test_block(void)
{
	struct xen_hvm_param p = {
		.domid = DOMID_SELF,
		.index = HVM_PARAM_CALLBACK_IRQ,
		.value = HVM_PARAM_CALLBACK_VECTOR(UPCALL_VECTOR),
	};
	struct vcpu_set_singleshot_timer st;
	uint64_t t0 = now_ns(), end = t0 + GENEROUS;
	long rc = 0;

	set_irq_handler(UPCALL_VECTOR, upcall);
	check_rc(HYPERVISOR_hvm_op(HVMOP_set_param, &p), 0,
		 "block/callback-vector");
	st = (struct vcpu_set_singleshot_timer){ .timeout_abs_ns =
							 t0 + 5 * MS };
	check_rc(HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &st), 0,
		 "block/timer");
	while (!upcalls && !rc && now_ns() < end) {
		/* STI's shadow covers VMMCALL: no wake-up is lost. */
		asm volatile("sti; vmmcall; cli"
			     : "=a"(rc)
			     : "0"(__HYPERVISOR_sched_op), "b"(SCHEDOP_block),
			       "c"(0)
			     : "memory", "edx", "esi", "edi");
	}
	check_rc(rc, 0, "block/rc");
	check(upcalls >= 1, "block/woken-by-upcall");
	check(now_ns() >= t0 + 5 * MS, "block/after-deadline");
	port_clear(timer_port);
}

/* Interrupts on for a moment: a pending upcall is taken in the window. */
static void irq_window(void)
{
	asm volatile("sti; nop; nop; nop; cli" ::: "memory");
}

static void test_layout(void)
{
	volatile struct compat_shared_info *s = (void *)shinfo;
	volatile struct compat_vcpu_info *vi = &s->vcpu_info[0];
	struct evtchn_bind_ipi bi = { .vcpu = 0 };
	struct evtchn_send send;
	struct evtchn_unmask um;
	unsigned int before;
	uint32_t sel;

	_Static_assert(sizeof(struct compat_shared_info) == 2344,
		       "compat_shared_info");
	check(s->wc_version % 2 == 0 && s->wc_sec > 1600000000u,
	      "layout/wall-clock", "version %u sec %u", s->wc_version,
	      s->wc_sec);
	if (!check_rc(HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &bi), 0,
		      "layout/bind-ipi"))
		return;
	send.port = um.port = bi.port;
	sel = 1u << (bi.port / 32);

	/* Masked in the 32-bit mask bitmap: pending, but no upcall. */
	s->evtchn_mask[bi.port / 32] |= 1u << (bi.port % 32);
	vi->evtchn_pending_sel = 0;
	before = upcalls;
	check_rc(HYPERVISOR_event_channel_op(EVTCHNOP_send, &send), 0,
		 "layout/send-masked");
	irq_window();
	check(port_pending(bi.port), "layout/masked-pending");
	check(upcalls == before && !(vi->evtchn_pending_sel & sel),
	      "layout/masked-no-upcall", "%u upcalls, selector %#x",
	      upcalls - before, vi->evtchn_pending_sel);

	/* Unmasking delivers it: the 32-bit selector bit, then the upcall. */
	check_rc(HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &um), 0,
		 "layout/unmask");
	check(!(s->evtchn_mask[bi.port / 32] & (1u << (bi.port % 32))),
	      "layout/unmask-clears-32-bit-mask");
	check(vi->evtchn_pending_sel & sel, "layout/selector-32-bit",
	      "selector %#x, want bit %u", vi->evtchn_pending_sel,
	      bi.port / 32);
	irq_window();
	check_eq(upcalls - before, 1, "layout/upcall-on-unmask");

	/* The guest clears selector and pending bit: the next send is an
	 * upcall again (a 64-bit selector word would have stayed set). */
	vi->evtchn_pending_sel = 0;
	port_clear(bi.port);
	check_rc(HYPERVISOR_event_channel_op(EVTCHNOP_send, &send), 0,
		 "layout/send-again");
	irq_window();
	check_eq(upcalls - before, 2, "layout/second-upcall");
	vi->evtchn_pending_sel = 0;
	port_clear(bi.port);
	{
		struct evtchn_close c = { .port = bi.port };

		HYPERVISOR_event_channel_op(EVTCHNOP_close, &c);
	}
}

void test_vcpu(void)
{
	struct evtchn_bind_virq b = { .virq = VIRQ_TIMER, .vcpu = 0 };

	test_runstate();
	if (!check_rc(HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &b), 0,
		      "evtchn/bind-virq-timer"))
		return;
	timer_port = b.port;
	test_block();
	test_layout();
	test_timers();
	test_poll_timeout();
}
