// SPDX-License-Identifier: MIT
/*
 * A well-behaved domain that runs beside a hostile one (hcfuzz) for the
 * whole of its run and checks, round after round, that nothing the other
 * domain does reaches it: its memory (a pattern, hashed with xxh64), its
 * event channels (IPI and loopback pings, each delivered exactly once)
 * and its timer (set_timer_op fires, never early). It ends only once the
 * other domain is gone: XENMEM_current_reservation on its id is -EPERM
 * while it exists and -ESRCH after (Xen's order), so an unprivileged
 * domain can watch it without any privilege over it.
 *
 * Command line: fuzzer=<domid> (required), min_rounds=<n> (rounds that
 * must overlap the fuzzer's life, default 3), max_secs=<n> (give up,
 * default 600).
 */
#include "guest.h"

#define UPCALL_VECTOR 0xf3
#define PINGS_PER_ROUND 8
#define PATTERN_BYTES (2UL << 20)
#define WAIT_NS (10ULL * 1000000000) /* generous: the host may be busy */

static uint8_t pattern[PATTERN_BYTES] __attribute__((aligned(4096)));
static volatile unsigned long ipi_hits, loop_hits, timer_hits;
static volatile uint64_t timer_seen_at;

static uint64_t now_ns(void)
{
	struct xen_hvm_get_time t = { 0 };

	HYPERVISOR_hvm_op(HVMOP_get_time, &t);
	return t.now;
}

static void count(evtchn_port_t port, void *data)
{
	(*(volatile unsigned long *)data)++;
}

static void timer_fired(evtchn_port_t port, void *data)
{
	timer_seen_at = now_ns();
	timer_hits++;
}

/*
 * Interrupts on until *ctr reaches want; false after WAIT_NS. Between
 * looks, SCHEDOP_poll on the port sleeps until it is pending (no timer
 * event involved, so the timer check stays exact) and leaves the pCPUs
 * to the fuzzer meanwhile.
 */
static bool wait_count(volatile unsigned long *ctr, unsigned long want,
		       evtchn_port_t port)
{
	uint64_t end = now_ns() + WAIT_NS;

	for (;;) {
		/* An upcall is taken on the way back from a hypercall; a
		 * bare sti/cli window is too short under TCG. */
		local_irq_enable();
		(void)now_ns();
		local_irq_disable();
		if (*ctr >= want)
			return true;
		if (now_ns() > end)
			return false;
		xen_poll(port, now_ns() + 100000000);
	}
}

static void fill_pattern(uint64_t seed)
{
	for (size_t i = 0; i < PATTERN_BYTES; i += 8) {
		uint64_t v = xxh64(&i, sizeof(i), seed);

		memcpy(pattern + i, &v, 8);
	}
}

struct tally {
	unsigned long rounds, alive_rounds, pings_lost, loops_lost;
	unsigned long timers_lost, timers_early, bad_hash, odd_rc;
	long last_odd_rc;
};

static void one_round(struct tally *t, evtchn_port_t ipi, evtchn_port_t lo_a,
		      evtchn_port_t lo_b, uint64_t hash)
{
	unsigned long ipi0 = ipi_hits, loop0 = loop_hits, tm0 = timer_hits;
	uint64_t deadline;

	for (unsigned int k = 1; k <= PINGS_PER_ROUND; k++) {
		evtchn_send(ipi);
		if (!wait_count(&ipi_hits, ipi0 + k, ipi))
			t->pings_lost++;
		evtchn_send(lo_b);
		if (!wait_count(&loop_hits, loop0 + k, lo_a))
			t->loops_lost++;
	}
	/* Exactly once each: a second delivery would be a stray event. */
	if (ipi_hits != ipi0 + PINGS_PER_ROUND)
		t->pings_lost++;
	if (loop_hits != loop0 + PINGS_PER_ROUND)
		t->loops_lost++;

	deadline = now_ns() + 1000000;
	HYPERVISOR_set_timer_op(deadline);
	while (timer_hits == tm0) {
		if (now_ns() > deadline + WAIT_NS)
			break;
		safe_halt();
		local_irq_disable();
	}
	if (timer_hits == tm0)
		t->timers_lost++;
	else if (timer_seen_at < deadline && timer_hits == tm0 + 1)
		t->timers_early++;

	if (xxh64(pattern, PATTERN_BYTES, 0) != hash)
		t->bad_hash++;
	t->rounds++;
}

/* -EPERM: alive; -ESRCH: gone; anything else is counted as odd. */
static bool fuzzer_alive(domid_t id, struct tally *t)
{
	long rc = HYPERVISOR_memory_op(XENMEM_current_reservation, &id);

	if (rc == -XEN_EPERM)
		return true;
	if (rc != -XEN_ESRCH) {
		t->odd_rc++;
		t->last_odd_rc = rc;
	}
	return false;
}

void test_main(void)
{
	domid_t fuzzer = cmdline_get_ulong("fuzzer", 0);
	unsigned long min_rounds = cmdline_get_ulong("min_rounds", 3);
	uint64_t give_up =
		now_ns() + cmdline_get_ulong("max_secs", 600) * 1000000000ULL;
	evtchn_port_t ipi = 0, lo_a = 0, lo_b = 0, tm = 0;
	struct tally t = { 0 };
	uint64_t hash;
	bool gone = false;

	if (!xen_present() || !fuzzer)
		test_fatal("bystander/setup", "no Xen or no fuzzer= given");
	if (!check_rc(map_shared_info(), 0, "bystander/shared-info") ||
	    !check_rc(set_upcall_vector(UPCALL_VECTOR, NULL), 0,
		      "bystander/upcall-vector") ||
	    !check_rc(evtchn_bind_ipi(0, &ipi), 0, "bystander/bind-ipi") ||
	    !check_rc(evtchn_alloc_unbound(DOMID_SELF, &lo_a), 0,
		      "bystander/alloc-unbound") ||
	    !check_rc(evtchn_bind_interdomain(DOMID_SELF, lo_a, &lo_b), 0,
		      "bystander/bind-loopback") ||
	    !check_rc(evtchn_bind_virq(VIRQ_TIMER, 0, &tm), 0,
		      "bystander/bind-timer"))
		return;
	evtchn_clear_pending(lo_b); /* under Xen it starts pending */
	evtchn_set_handler(ipi, count, (void *)&ipi_hits);
	evtchn_set_handler(lo_a, count, (void *)&loop_hits);
	evtchn_set_handler(tm, timer_fired, NULL);
	evtchn_unmask(ipi);
	evtchn_unmask(lo_a);
	evtchn_unmask(tm);

	fill_pattern(0x5eed);
	hash = xxh64(pattern, PATTERN_BYTES, 0);
	while (!gone && now_ns() < give_up) {
		if (fuzzer_alive(fuzzer, &t))
			t.alive_rounds++;
		else
			gone = true; /* one more round after it went */
		one_round(&t, ipi, lo_a, lo_b, hash);
	}
	printf("bystander: %lu rounds, %lu while d%u ran, ipi %lu loopback "
	       "%lu timer %lu events\n",
	       t.rounds, t.alive_rounds, fuzzer, ipi_hits, loop_hits,
	       timer_hits);
	check(gone, "bystander/fuzzer-gone", "d%u still there after %lu rounds",
	      fuzzer, t.rounds);
	check(t.alive_rounds >= min_rounds, "bystander/overlap",
	      "only %lu rounds while d%u ran", t.alive_rounds, fuzzer);
	check(!t.odd_rc, "bystander/watch-rc", "%lu odd results, last %ld",
	      t.odd_rc, t.last_odd_rc);
	check(!t.bad_hash, "bystander/memory", "hash changed in %lu rounds",
	      t.bad_hash);
	check(!t.pings_lost, "bystander/ipi", "%lu lost or stray",
	      t.pings_lost);
	check(!t.loops_lost, "bystander/loopback", "%lu lost or stray",
	      t.loops_lost);
	check(!t.timers_lost && !t.timers_early, "bystander/timer",
	      "%lu lost, %lu early", t.timers_lost, t.timers_early);
}
