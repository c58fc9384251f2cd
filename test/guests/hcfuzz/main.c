// SPDX-License-Identifier: MIT
/*
 * A hostile guest: hypercalls aimed at what the hypervisor implements
 * (docs/abi-status.md), with arguments built to pass the first checks and
 * reach the handlers' bodies (our own ports and their neighbours, the
 * grant table's edges, our frames, holes and far-away frames, batches and
 * reservations, multicalls of those), mixed with wild pointers (NULL,
 * non-canonical, hv-looking, unmapped, read-only) and arguments with
 * garbage above bit 31, from two vCPUs at once. The hypervisor must
 * answer every call with a result or an error and never fault, and the
 * domain beside us (test/guests/bystander) must not notice.
 *
 * Surviving our own calls: structures live in the window (window.c),
 * arrays end at unmapped guards, and every frame a call may free or
 * replace is a victim page, a hole, far away or one of our hv pages
 * (pick_gfn_safe), never one we run on. Our page 0 is given back first,
 * so NULL faults in the hv too.
 *
 * Command line: iters=<calls per vCPU> (default 8000), seed=<n>,
 * self=<our domid> (if CPUID does not say), peer=<the bystander's
 * domid>, trace (print every call).
 * Each vCPU has its own random stream from the seed, so a seed replays
 * the same calls; only their interleaving across vCPUs varies.
 */
#include "fuzz.h"

domid_t fz_self, fz_peer;
uint64_t fz_ram_top_gfn;
uint8_t fz_victims[VICTIM_PAGES * 4096]
	__attribute__((aligned(VICTIM_PAGES * 4096)));
uint8_t fz_gnt_page[4096] __attribute__((aligned(4096)));
uint8_t fz_shinfo_page[4096] __attribute__((aligned(4096)));

static struct fz fuzzers[NR_FUZZ_CPUS];
static unsigned long iters;
static bool trace;
static int print_lock;
static volatile bool cpu_done[NR_FUZZ_CPUS];
static uint8_t ap_stack[16384] __attribute__((aligned(16)));

static long map_space(unsigned int space, unsigned long idx, const void *p)
{
	struct xen_add_to_physmap x = {
		.domid = DOMID_SELF,
		.space = space,
		.idx = idx,
		.gpfn = (uintptr_t)p >> 12,
	};

	return HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x);
}

/*
 * Our grant table frame 0 and shared_info back where we expect them, and
 * grants 1..NR_REFS-1 of victim frames (some read-only, some to the
 * peer) so that maps and copies find something to work on. Entries a
 * mapping or copy holds (reading/writing set) are left alone.
 */
void grant_refresh(void)
{
	grant_entry_v1_t *e = (grant_entry_v1_t *)fz_gnt_page;

	map_space(XENMAPSPACE_shared_info, 0, fz_shinfo_page);
	if (map_space(XENMAPSPACE_grant_table, 0, fz_gnt_page))
		return;
	for (unsigned int r = 1; r < NR_REFS; r++) {
		if (READ_ONCE(e[r].flags) & (GTF_reading | GTF_writing))
			continue;
		e[r].domid = r % 8 == 7 ? fz_peer : fz_self;
		e[r].frame = ((uintptr_t)fz_victims >> 12) + r % VICTIM_PAGES;
		WRITE_ONCE(e[r].flags,
			   GTF_permit_access | (r % 4 == 3 ? GTF_readonly : 0));
	}
}

static void fuzz(struct fz *f)
{
	struct call c;

	for (unsigned long i = 0; i < iters; i++) {
		long rc;

		if (f->cpu == 0 && i % 128 == 0)
			grant_refresh();
		f->out_used = 0;
		f->batch_used = false;
		gen_call(f, &c);
		if (trace) {
			/* One line at a time: the vCPUs share port 0xe9. */
			while (__atomic_exchange_n(&print_lock, 1,
						   __ATOMIC_ACQUIRE))
				cpu_relax();
			printf("call %u.%lu: %lu(%lx, %lx, %lx, %lx, %lx)\n",
			       f->cpu, i, c.nr, c.a[0], c.a[1], c.a[2], c.a[3],
			       c.a[4]);
			__atomic_store_n(&print_lock, 0, __ATOMIC_RELEASE);
		}
		rc = hypercall5(c.nr, c.a[0], c.a[1], c.a[2], c.a[3], c.a[4]);
		cov_count(f->cpu, &c, rc);
		after_call(f, &c, rc);
	}
	cpu_done[f->cpu] = true;
}

/*
 * Found by this fuzzer: SCHEDOP_poll with no ports and a timeout that
 * passes before the vCPU blocks (here: one already past) must return.
 * The hv used to lose that wake-up and the vCPU slept for good, so a
 * regression hangs here and the test sees no RESULT.
 */
static void poll_without_ports(void)
{
	struct sched_poll p = { .nr_ports = 0 };
	long rc = 0;

	for (unsigned int i = 0; i < 200 && !rc; i++) {
		p.timeout = 1 + i % 2 * 20000;
		rc = HYPERVISOR_sched_op(SCHEDOP_poll, &p);
	}
	check_rc(rc, 0, "hcfuzz/poll-no-ports-timeout");
}

static long reserve(unsigned int op, uint64_t gfn)
{
	struct xen_memory_reservation r = { .nr_extents = 1,
					    .domid = DOMID_SELF };

	r.extent_start.p = &gfn;
	return HYPERVISOR_memory_op(op, &r);
}

/*
 * Found by this fuzzer: RAM populated over the shared_info frame must
 * stay when shared_info is then mapped elsewhere. The hv used to unmap
 * whatever was at shared_info's old frame, so the RAM page there was
 * neither the guest's nor freed: a leak of hv memory a guest could
 * repeat at will. The frame must still be ours to give back.
 */
static void shinfo_over_ram(void)
{
	uint64_t si = (uintptr_t)fz_shinfo_page >> 12;
	uint64_t spare = ((uintptr_t)fz_victims >> 12) + VICTIM_PAGES - 1;
	domid_t self = DOMID_SELF;
	long before;

	if (!check_eq(reserve(XENMEM_decrease_reservation, spare), 1,
		      "hcfuzz/shinfo-ram/make-room") ||
	    !check_eq(reserve(XENMEM_populate_physmap, si), 1,
		      "hcfuzz/shinfo-ram/populate-over"))
		return;
	before = HYPERVISOR_memory_op(XENMEM_current_reservation, &self);
	check_rc(map_space(XENMAPSPACE_shared_info, 0, (void *)(spare << 12)),
		 0, "hcfuzz/shinfo-ram/move");
	check_eq(reserve(XENMEM_decrease_reservation, si), 1,
		 "hcfuzz/shinfo-ram/still-ours");
	check_eq(HYPERVISOR_memory_op(XENMEM_current_reservation, &self),
		 before - 1, "hcfuzz/shinfo-ram/accounted");
	/* Back as the fuzzing expects it: shared_info at its page, RAM at
	 * the victim. */
	map_space(XENMAPSPACE_shared_info, 0, fz_shinfo_page);
	check_eq(reserve(XENMEM_populate_physmap, spare), 1,
		 "hcfuzz/shinfo-ram/restore");
}

static void __attribute__((noreturn)) ap_main(void)
{
	fuzz(&fuzzers[1]);
	for (;;)
		halt();
}

void test_main(void)
{
	unsigned long seed = cmdline_get_ulong("seed", 1);
	long rc;

	iters = cmdline_get_ulong("iters", 8000);
	trace = cmdline_has("trace");
	fz_peer = cmdline_get_ulong("peer", 0);
	rc = this_domid(); /* hvlab does not offer it (yet): self= */
	if (rc < 0)
		rc = cmdline_get_ulong("self", 0);
	if (!xen_present() || rc <= 0)
		test_fatal("hcfuzz/setup", "no Xen, or no self= domain id");
	fz_self = rc;
	fz_ram_top_gfn = ram_end() >> 12; /* the first hole above */
	check_eq(reserve(XENMEM_decrease_reservation, 0), 1,
		 "hcfuzz/null-page-given-back");
	poll_without_ports();
	window_init();
	grant_refresh();
	shinfo_over_ram();
	for (unsigned int c = 0; c < NR_FUZZ_CPUS; c++) {
		fuzzers[c].cpu = c;
		fuzzers[c].rng = (seed + 1) * 0x9e3779b97f4a7c15ULL + c * 7919;
		window_areas(&fuzzers[c]);
	}
	rc = vcpu_start(1, ap_main, ap_stack + sizeof(ap_stack));
	if (!check_rc(rc, 0, "hcfuzz/vcpu1-up"))
		cpu_done[1] = true;
	fuzz(&fuzzers[0]);
	while (!cpu_done[1])
		xen_yield();
	cov_report();
}
