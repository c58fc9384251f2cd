// SPDX-License-Identifier: MIT
/*
 * A hostile guest: hypercalls with random numbers, sub-ops and arguments,
 * as many as `iters=` says (default 20000). Pointer arguments are NULL,
 * wild, non-canonical, hv-looking addresses or a scratch page of random
 * bytes (so every structure a handler reads is garbage). The hypervisor
 * must answer every one with an error or a result, never fault or hang.
 *
 * Calls that would stop this guest by design are left out (sched_op
 * block/shutdown/poll/remote_shutdown, vcpu_op down and send_nmi, hvm_op
 * set_param and set_evtchn_upcall_vector, which could point event upcalls
 * at exception vectors, console_io write, which would print whatever
 * memory a random count covers), and so are
 * memory and grant operations that would write random data over this
 * guest's own RAM (decrease_reservation, add/remove_from_physmap, grant
 * batches, which write a result per op for a random count of ops). The
 * test runs a second, well-behaved domain beside it
 * that must finish its own checks.
 */
#include "guest.h"

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Pointers land in the first page; the two after it absorb what a
 * handler writes past a pointer near its end (up to 1 KiB for the
 * largest xen_version string), so only garbage is overwritten. */
static uint8_t scratch[3 * 4096] __attribute__((aligned(4096)));

static unsigned long random_pointer(void)
{
	static const unsigned long wild[] = {
		0, 8, 0xfff, 0x7ffffffffffULL, 0xffff800000000000ULL,
		0xffffffff80200000ULL, 0x8000000000000000ULL,
		0x0000800000000000ULL, 0xfffffffffffffff0ULL, 0x40000000ULL,
	};

	if (next() % 3)
		return (unsigned long)scratch + (next() % 4096);
	return wild[next() % (sizeof(wild) / sizeof(wild[0]))];
}

static unsigned long random_arg(void)
{
	switch (next() % 4) {
	case 0:
		return next() % 64;
	case 1:
		return next();
	case 2:
		return (uint32_t)next();
	default:
		return random_pointer();
	}
}

static bool excluded(unsigned long nr, unsigned long cmd, unsigned long a2)
{
	/* The hypervisor, like Xen, looks at the low 32 bits of most
	 * commands (int in Xen's prototypes); memory_op and hvm_op take a
	 * whole long. */
	if (nr != __HYPERVISOR_memory_op && nr != __HYPERVISOR_hvm_op)
		cmd = (uint32_t)cmd;
	switch (nr) {
	case __HYPERVISOR_sched_op:
		return cmd != SCHEDOP_yield && cmd != SCHEDOP_shutdown_code;
	case __HYPERVISOR_vcpu_op:
		return cmd == VCPUOP_down || cmd == VCPUOP_initialise ||
		       cmd == VCPUOP_register_vcpu_info ||
		       cmd == VCPUOP_send_nmi;
	case __HYPERVISOR_hvm_op:
		return cmd == HVMOP_set_param ||
		       cmd == HVMOP_set_evtchn_upcall_vector;
	case __HYPERVISOR_console_io:
		return cmd == CONSOLEIO_write;
	case __HYPERVISOR_memory_op:
		cmd &= 0x3f;
		return cmd == XENMEM_decrease_reservation ||
		       cmd == XENMEM_add_to_physmap ||
		       cmd == XENMEM_remove_from_physmap ||
		       cmd == XENMEM_populate_physmap ||
		       cmd == XENMEM_increase_reservation;
	case __HYPERVISOR_grant_table_op:
		cmd &= 0x7f; /* GNTTABOP_CMD_MASK */
		/* Batches write a result into every op: with a random count
		 * they would run over this guest's memory. */
		return cmd == GNTTABOP_copy || cmd == GNTTABOP_map_grant_ref ||
		       cmd == GNTTABOP_unmap_grant_ref ||
		       cmd == GNTTABOP_unmap_and_replace ||
		       cmd == GNTTABOP_swap_grant_ref;
	case __HYPERVISOR_set_timer_op:
		return true; /* a far-off timer is harmless, but slows us */
	case __HYPERVISOR_multicall:
		return true; /* its entries would bypass these rules */
	}
	return false;
}

/* Mostly the hypercalls the hypervisor implements, so the fuzzing reaches
 * their handlers rather than the -ENOSYS path. */
static unsigned long random_nr(void)
{
	static const unsigned char live[] = {
		__HYPERVISOR_memory_op,	       __HYPERVISOR_xen_version,
		__HYPERVISOR_console_io,       __HYPERVISOR_grant_table_op,
		__HYPERVISOR_vm_assist,	       __HYPERVISOR_vcpu_op,
		__HYPERVISOR_sched_op,	       __HYPERVISOR_event_channel_op,
		__HYPERVISOR_hvm_op,
	};

	if (next() % 4)
		return live[next() % sizeof(live)];
	return next() % 64;
}

void test_main(void)
{
	unsigned long iters = cmdline_get_ulong("iters", 20000);
	unsigned long done = 0, ok = 0, enosys = 0;
	bool trace = cmdline_get("trace") != NULL;

	rng ^= cmdline_get_ulong("seed", 1);
	for (unsigned long i = 0; i < iters; i++) {
		unsigned long nr = random_nr();
		unsigned long a[5];
		long rc;

		for (int j = 0; j < 5; j++)
			a[j] = random_arg();
		if (next() % 4)
			a[0] = next() % 24; /* sub-ops are small numbers */
		if (excluded(nr, a[0], a[1]))
			continue;
		for (unsigned int k = 0; k < 4096; k += 8)
			*(uint64_t *)(scratch + k) = next();
		if (trace)
			printf("call %lu: %lu(%lx, %lx, %lx, %lx, %lx)\n", i, nr,
			       a[0], a[1], a[2], a[3], a[4]);
		rc = hypercall5(nr, a[0], a[1], a[2], a[3], a[4]);
		done++;
		if (rc >= 0)
			ok++;
		else if (rc == -XEN_ENOSYS)
			enosys++;
	}
	printf("hcfuzz: %lu hypercalls: %lu succeeded, %lu -ENOSYS, "
	       "%lu other errors\n", done, ok, enosys, done - ok - enosys);
	check(done > iters / 2, "hcfuzz/ran", "only %lu calls", done);
}
