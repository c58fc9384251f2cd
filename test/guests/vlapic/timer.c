// SPDX-License-Identifier: MIT
/*
 * The APIC timer: one-shot, periodic and TSC-deadline modes at Xen's bus
 * rate (1 ns per tick before the divider). A timer must never fire early
 * (checked against the pvclock stamp taken before arming, or the TSC for
 * the deadline) and must fire within FIRE_BOUND_MS.
 */
#include "vlapic.h"

#define VEC_ONESHOT 0x80
#define VEC_PERIODIC 0x81
#define VEC_DEADLINE 0x82
#define VEC_MARK 0x71 /* main.c's marker */
#define VEC_UPCALL 0xf3

#define ONESHOT_MS 20
#define PERIOD_MS 5
#define LONG_COUNT ((uint32_t)(10000 * MS / 16))

static bool quiet_for(unsigned int vec, unsigned int ms)
{
	unsigned int n = hits[vec], m = hits[VEC_MARK];

	sleep_ms(ms);
	wrmsr(APIC_SELF_IPI, VEC_MARK);
	return wait_count(&hits[VEC_MARK], m + 1, FIRE_BOUND_MS) &&
	       hits[vec] == n;
}

static void test_oneshot(void)
{
	uint64_t t0, c1, c2;
	uint32_t init = ONESHOT_MS * MS / 16;

	count_vector(VEC_ONESHOT);
	wrmsr(APIC_TDCR, TDCR_DIV16);
	wrmsr(APIC_LVT_TIMER, VEC_ONESHOT | LVT_MASKED);
	/* A count of 10 s: a preempted vCPU still sees it run. */
	wrmsr(APIC_TMICT, LONG_COUNT);
	c1 = rdmsr(APIC_TMCCT);
	check(c1 > 0 && c1 <= LONG_COUNT, "oneshot/count-loaded", "%lu of %u",
	      (unsigned long)c1, LONG_COUNT);
	sleep_ms(2);
	c2 = rdmsr(APIC_TMCCT);
	check(c2 < c1 && c2 > 0, "oneshot/counts-down", "%lu then %lu",
	      (unsigned long)c1, (unsigned long)c2);
	wrmsr(APIC_TMICT, 0);

	wrmsr(APIC_LVT_TIMER, VEC_ONESHOT);
	t0 = now_ns();
	wrmsr(APIC_TMICT, init);
	check(wait_count(&hits[VEC_ONESHOT], 1, FIRE_BOUND_MS),
	      "oneshot/fires");
	check(hits[VEC_ONESHOT] && hit_ns[VEC_ONESHOT] - t0 >= ONESHOT_MS * MS,
	      "oneshot/not-early", "after %lu us",
	      (unsigned long)(hit_ns[VEC_ONESHOT] - t0) / 1000);
	check_eq(rdmsr(APIC_TMCCT), 0, "oneshot/count-zero-after");
	check_eq(rdmsr(APIC_TMICT), init, "oneshot/initial-count-kept");
	check(quiet_for(VEC_ONESHOT, 3 * ONESHOT_MS), "oneshot/fires-once");

	/* Writing the initial count again restarts the count. */
	wrmsr(APIC_TMICT, LONG_COUNT);
	sleep_ms(ONESHOT_MS / 2);
	t0 = now_ns();
	wrmsr(APIC_TMICT, init);
	check(wait_count(&hits[VEC_ONESHOT], 2, FIRE_BOUND_MS),
	      "oneshot/rearm-fires");
	check(hits[VEC_ONESHOT] == 2 &&
		      hit_ns[VEC_ONESHOT] - t0 >= ONESHOT_MS * MS,
	      "oneshot/rearm-restarts", "after %lu us",
	      (unsigned long)(hit_ns[VEC_ONESHOT] - t0) / 1000);

	/* Writing 0 disarms (in time: retried if we were preempted). */
	for (int i = 0; i < 5; i++) {
		t0 = now_ns();
		wrmsr(APIC_TMICT, init);
		wrmsr(APIC_TMICT, 0);
		if (now_ns() - t0 < ONESHOT_MS * MS / 2)
			break;
		sleep_ms(2 * ONESHOT_MS);
	}
	check_eq(rdmsr(APIC_TMCCT), 0, "oneshot/zero-count-reads-0");
	check(quiet_for(VEC_ONESHOT, 3 * ONESHOT_MS), "oneshot/disarm-by-zero");

	/* Masked: the count runs out silently, unmasking later brings nothing. */
	wrmsr(APIC_TDCR, TDCR_DIV1);
	wrmsr(APIC_LVT_TIMER, VEC_ONESHOT | LVT_MASKED);
	wrmsr(APIC_TMICT, MS);
	sleep_ms(10);
	check_eq(rdmsr(APIC_TMCCT), 0, "oneshot/masked-counts-out");
	wrmsr(APIC_LVT_TIMER, VEC_ONESHOT);
	check(quiet_for(VEC_ONESHOT, 10), "oneshot/masked-silent");
}

/* A new divide value changes the rate, not the ticks already counted. */
static void test_divide(void)
{
	uint64_t c1, c2, c3;

	wrmsr(APIC_LVT_TIMER, VEC_ONESHOT | LVT_MASKED);
	wrmsr(APIC_TDCR, TDCR_DIV128);
	check_eq(rdmsr(APIC_TDCR), TDCR_DIV128, "divide/reads-back");
	wrmsr(APIC_TMICT, 0xffffffff); /* 549 s at /128 */
	sleep_ms(2);
	c1 = rdmsr(APIC_TMCCT);
	wrmsr(APIC_TDCR, TDCR_DIV1); /* what is left now lasts 4.3 s */
	c2 = rdmsr(APIC_TMCCT);
	check(c2 > 0 && c2 <= c1, "divide/keeps-count", "%lu then %lu",
	      (unsigned long)c1, (unsigned long)c2);
	sleep_ms(2);
	c3 = rdmsr(APIC_TMCCT);
	check(c3 == 0 || c2 - c3 >= 19 * MS / 10, "divide/new-rate",
	      "%lu ticks in 2 ms", (unsigned long)(c2 - c3));
	wrmsr(APIC_TMICT, 0);
}

/* Up to 8 stamps of the periodic timer, from its own handler. */
static volatile uint64_t stamps[8];
static volatile unsigned int n_periodic;

static void periodic_handler(struct cpu_regs *regs)
{
	if (n_periodic < ARRAY_SIZE(stamps))
		stamps[n_periodic] = now_ns();
	n_periodic++;
	hits[regs->vector]++;
	apic_eoi();
}

static void test_periodic(void)
{
	uint32_t init = PERIOD_MS * MS;
	uint64_t t0, c1, c2;
	unsigned int n;
	bool early = false;

	set_irq_handler(VEC_PERIODIC, periodic_handler);
	wrmsr(APIC_TDCR, TDCR_DIV1);
	wrmsr(APIC_LVT_TIMER, VEC_PERIODIC | TIMER_PERIODIC);
	t0 = now_ns();
	wrmsr(APIC_TMICT, init);
	check(wait_count(&n_periodic, 5, FIRE_BOUND_MS),
	      "periodic/fires-repeatedly", "%u interrupts", n_periodic);
	for (unsigned int k = 0; k < 5; k++)
		early |= stamps[k] - t0 < (k + 1) * PERIOD_MS * MS;
	check(n_periodic >= 5 && !early, "periodic/not-early", "%lu %lu %lu us",
	      (unsigned long)(stamps[0] - t0) / 1000,
	      (unsigned long)(stamps[1] - t0) / 1000,
	      (unsigned long)(stamps[2] - t0) / 1000);
	c1 = rdmsr(APIC_TMCCT);
	check(c1 > 0 && c1 <= init, "periodic/count-reloads", "%lu",
	      (unsigned long)c1);

	/* Masked: no interrupts, but the count goes on. */
	wrmsr(APIC_LVT_TIMER, VEC_PERIODIC | TIMER_PERIODIC | LVT_MASKED);
	sleep_ms(1); /* one already in IRR may still arrive */
	n = n_periodic;
	c1 = rdmsr(APIC_TMCCT);
	sleep_ms(1);
	c2 = rdmsr(APIC_TMCCT);
	check(c1 && c2 && c1 != c2, "periodic/counts-while-masked",
	      "%lu then %lu", (unsigned long)c1, (unsigned long)c2);
	check(quiet_for(VEC_PERIODIC, 6 * PERIOD_MS) && n_periodic == n,
	      "periodic/masked-silent");
	wrmsr(APIC_LVT_TIMER, VEC_PERIODIC | TIMER_PERIODIC);
	check(wait_count(&n_periodic, n + 2, FIRE_BOUND_MS),
	      "periodic/unmask-resumes");

	/* An initial count of 0 stops it. */
	wrmsr(APIC_TMICT, 0);
	sleep_ms(1);
	check(quiet_for(VEC_PERIODIC, 6 * PERIOD_MS),
	      "periodic/stopped-by-zero");
	check_eq(rdmsr(APIC_TMCCT), 0, "periodic/stopped-count-0");
}

static volatile uint64_t deadline_tsc;

static void deadline_handler(struct cpu_regs *regs)
{
	deadline_tsc = rdtsc_ordered();
	hits[regs->vector]++;
	apic_eoi();
}

/* TSC ticks per ms, measured against the pvclock. */
static uint64_t tsc_per_ms(void)
{
	uint64_t t0 = now_ns(), c0 = rdtsc(), t1, c1;

	do
		t1 = now_ns();
	while (t1 - t0 < 10 * MS);
	c1 = rdtsc();
	return (c1 - c0) * MS / (t1 - t0);
}

/*
 * Arm a deadline ONESHOT_MS ahead and disarm it, by writing 0 or (lvt != 0)
 * by leaving TSC-deadline mode, well before it is due: retried if we were
 * preempted in between, after letting a stray one fire.
 */
static void disarm_in_time(uint64_t per_ms, uint32_t lvt)
{
	for (int i = 0; i < 5; i++) {
		uint64_t t0 = now_ns();

		wrmsr(APIC_LVT_TIMER, VEC_DEADLINE | TIMER_TSC_DEADLINE);
		wrmsr(MSR_TSC_DEADLINE, rdtsc() + ONESHOT_MS * per_ms);
		if (lvt)
			wrmsr(APIC_LVT_TIMER, lvt);
		else
			wrmsr(MSR_TSC_DEADLINE, 0);
		if (now_ns() - t0 < ONESHOT_MS * MS / 2)
			return;
		sleep_ms(2 * ONESHOT_MS);
	}
}

static void test_deadline(void)
{
	uint32_t a, b, c, d;
	uint64_t per_ms = tsc_per_ms(), dl;

	cpuid(1, &a, &b, &c, &d);
	if (!check(c & (1U << 24), "tsc-deadline/cpuid"))
		return; /* not offered: the MSR would #GP */
	set_irq_handler(VEC_DEADLINE, deadline_handler);

	/* Outside TSC-deadline mode the MSR reads 0 and ignores writes. */
	wrmsr(APIC_LVT_TIMER, VEC_DEADLINE);
	wrmsr(MSR_TSC_DEADLINE, rdtsc() + per_ms);
	check_eq(rdmsr(MSR_TSC_DEADLINE), 0, "tsc-deadline/ignored-in-oneshot");
	check(quiet_for(VEC_DEADLINE, 10), "tsc-deadline/oneshot-mode-silent");

	wrmsr(APIC_LVT_TIMER, VEC_DEADLINE | TIMER_TSC_DEADLINE);
	check_eq(rdmsr(MSR_TSC_DEADLINE), 0, "tsc-deadline/starts-disarmed");
	wrmsr(APIC_TMICT, 1000);
	check_eq(rdmsr(APIC_TMICT), 0, "tsc-deadline/tmict-ignored");

	dl = rdtsc() + ONESHOT_MS * per_ms;
	wrmsr(MSR_TSC_DEADLINE, dl);
	check_eq(rdmsr(MSR_TSC_DEADLINE), dl, "tsc-deadline/reads-back");
	check(wait_count(&hits[VEC_DEADLINE], 1, FIRE_BOUND_MS),
	      "tsc-deadline/fires");
	check(deadline_tsc && deadline_tsc >= dl, "tsc-deadline/not-early",
	      "%lu TSC early", (unsigned long)(dl - deadline_tsc));
	check_eq(rdmsr(MSR_TSC_DEADLINE), 0, "tsc-deadline/cleared-on-fire");
	check(quiet_for(VEC_DEADLINE, 3 * ONESHOT_MS), "tsc-deadline/once");

	disarm_in_time(per_ms, 0);
	check(quiet_for(VEC_DEADLINE, 3 * ONESHOT_MS),
	      "tsc-deadline/disarm-by-zero");

	wrmsr(MSR_TSC_DEADLINE, 1);
	check(wait_count(&hits[VEC_DEADLINE], 2, FIRE_BOUND_MS),
	      "tsc-deadline/past-fires-at-once");

	/* Leaving the mode disarms. */
	disarm_in_time(per_ms, VEC_DEADLINE | LVT_MASKED);
	check(quiet_for(VEC_DEADLINE, 3 * ONESHOT_MS),
	      "tsc-deadline/mode-change-disarms");
}

/* A halted vCPU wakes for its timer; a Xen timer is the backstop. */
static void test_halt_wake(void)
{
	evtchn_port_t port;
	uint64_t t0;
	unsigned int n = hits[VEC_ONESHOT];

	if (!check_rc(set_upcall_vector(VEC_UPCALL, NULL), 0, "halt/upcall") ||
	    !check_rc(evtchn_bind_virq(VIRQ_TIMER, 0, &port), 0,
		      "halt/bind-virq"))
		return;
	evtchn_unmask(port);
	wrmsr(APIC_TDCR, TDCR_DIV1);
	wrmsr(APIC_LVT_TIMER, VEC_ONESHOT);
	t0 = now_ns();
	HYPERVISOR_set_timer_op(t0 + 2 * FIRE_BOUND_MS * MS);
	wrmsr(APIC_TMICT, 10 * MS);
	while (hits[VEC_ONESHOT] == n && now_ns() - t0 < 2 * FIRE_BOUND_MS * MS)
		safe_halt();
	local_irq_disable();
	HYPERVISOR_set_timer_op(0);
	check(hits[VEC_ONESHOT] == n + 1 &&
		      hit_ns[VEC_ONESHOT] - t0 < FIRE_BOUND_MS * MS,
	      "halt/timer-wakes-blocked-vcpu", "%u interrupts after %lu ms",
	      hits[VEC_ONESHOT] - n, (unsigned long)((now_ns() - t0) / MS));
}

void test_timer(void)
{
	test_oneshot();
	test_divide();
	test_periodic();
	test_deadline();
	test_halt_wake();

	/* Left running: the hv must stop it when it destroys the vCPU. */
	wrmsr(APIC_LVT_TIMER, VEC_PERIODIC | TIMER_PERIODIC);
	wrmsr(APIC_TMICT, 1000);
}
