// SPDX-License-Identifier: MIT
/*
 * FIFO event channels (EVTCHNOP_init_control, expand_array,
 * set_priority), consumed the way Linux's events_fifo.c does: the
 * init_control error order, the switch from 2-level with a pending port
 * carried over, queues in priority and FIFO order, masking, loopback,
 * ports above 1023 (raised before their array page exists), vCPU 1's own
 * control block, a ballooned-out array page, the array limit, and
 * EVTCHNOP_reset back to 2-level.
 *
 * Command line: self=<our domain id> (default 1).
 *   role=a peer=<id>: the FIFO end of a pair with a 2-level peer (role=b,
 *   also this guest): a allocates ports until one is above 1023, then
 *   one for b; b finds it by trying a's ports in order (evtpair's scan);
 *   then ROUNDS ping-pongs, each end counting what it gets.
 */
#include "guest.h"

#define UPCALL_VECTOR 0xf3
#define NR_PAGES 3 /* event-array pages we use: ports 0..3071 */
#define WORDS (NR_PAGES * 1024)
#define ROUNDS 200

#define BIT(n) (1U << (n))
#define PENDING BIT(EVTCHN_FIFO_PENDING)
#define MASKED BIT(EVTCHN_FIFO_MASKED)
#define LINKED BIT(EVTCHN_FIFO_LINKED)
#define BUSY BIT(EVTCHN_FIFO_BUSY)

static uint32_t array[NR_PAGES][1024] __aligned(4096);
static uint8_t cb_page[2][4096] __aligned(4096);
static uint32_t spare_page[1024] __aligned(4096);
/* vCPU 1's control block sits at a non-zero offset: offsets work. */
static struct evtchn_fifo_control_block *const cb[2] = {
	(void *)cb_page[0], (void *)(cb_page[1] + 64)
};

static volatile bool fifo_on;
static uint32_t qhead[2][EVTCHN_FIFO_MAX_QUEUES];
static volatile unsigned long hits[2][WORDS];
static volatile uint32_t order[16];
static volatile unsigned int nr_order;
static domid_t self;

static unsigned int this_vcpu(void)
{
	uint32_t a, b, c, d;

	cpuid(xen_cpuid_base() + 4, &a, &b, &c, &d);
	return (a & (1U << 3)) ? b : 0;
}

static volatile uint32_t *word(evtchn_port_t port)
{
	return &array[port / 1024][port % 1024];
}

/* --- The consumer, as Linux's events_fifo.c ------------------------- */

static void handle(unsigned int cpu, evtchn_port_t port)
{
	if (port < WORDS)
		hits[cpu][port]++;
	if (cpu == 0 && nr_order < ARRAY_SIZE(order))
		order[nr_order++] = port;
}

/* Take the head off the queue: LINKED and the link go, the link is the
 * next head (0: the queue is empty for now). */
static uint32_t clear_linked(volatile uint32_t *w)
{
	uint32_t old = *w, new;

	do {
		new = old & ~(LINKED | EVTCHN_FIFO_LINK_MASK);
	} while (!__atomic_compare_exchange_n(
		w, &old, new, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
	return old & EVTCHN_FIFO_LINK_MASK;
}

static void consume_one(unsigned int cpu, unsigned int q, uint32_t *ready)
{
	uint32_t head = qhead[cpu][q];
	volatile uint32_t *w;

	if (!head)
		head = __atomic_load_n(&cb[cpu]->head[q], __ATOMIC_SEQ_CST);
	if (!head || head >= WORDS) {
		*ready &= ~BIT(q);
		return;
	}
	w = word(head);
	qhead[cpu][q] = clear_linked(w);
	if (!qhead[cpu][q])
		*ready &= ~BIT(q);
	if (!(*w & MASKED) &&
	    (__atomic_fetch_and(w, ~PENDING, __ATOMIC_SEQ_CST) & PENDING))
		handle(cpu, head);
}

static void upcall(struct cpu_regs *regs)
{
	unsigned int cpu = this_vcpu() & 1;
	uint32_t ready;

	WRITE_ONCE(shared_info->vcpu_info[cpu].evtchn_upcall_pending, 0);
	if (!fifo_on) {
		evtchn_upcall(regs); /* the 2-level peer */
		return;
	}
	ready = __atomic_exchange_n(&cb[cpu]->ready, 0, __ATOMIC_SEQ_CST);
	while (ready) {
		consume_one(cpu, __builtin_ctz(ready), &ready);
		ready |= __atomic_exchange_n(&cb[cpu]->ready, 0,
					     __ATOMIC_SEQ_CST);
	}
}

static void mask(evtchn_port_t port)
{
	__atomic_fetch_or(word(port), MASKED, __ATOMIC_SEQ_CST);
}

/* Linux's evtchn_fifo_unmask: clear MASKED ourselves unless the port is
 * pending (or BUSY), when the hypervisor must link it. */
static void unmask(evtchn_port_t port)
{
	volatile uint32_t *w = word(port);
	uint32_t old = *w;
	struct evtchn_unmask u = { .port = port };

	while (!(old & (PENDING | BUSY)))
		if (__atomic_compare_exchange_n(w, &old, old & ~MASKED, false,
						__ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST))
			return;
	HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &u);
}

/* --- Hypercall wrappers --------------------------------------------- */

static long init_control(uint64_t gfn, uint32_t offset, uint32_t vcpu,
			 uint8_t *link_bits)
{
	struct evtchn_init_control c = { .control_gfn = gfn,
					 .offset = offset,
					 .vcpu = vcpu };
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_init_control, &c);

	if (link_bits)
		*link_bits = c.link_bits;
	return rc;
}

static long expand(void *page)
{
	struct evtchn_expand_array e = { .array_gfn = (uintptr_t)page >> 12 };

	return HYPERVISOR_event_channel_op(EVTCHNOP_expand_array, &e);
}

static long set_priority(evtchn_port_t port, uint32_t prio)
{
	struct evtchn_set_priority p = { .port = port, .priority = prio };

	return HYPERVISOR_event_channel_op(EVTCHNOP_set_priority, &p);
}

/* A page of event words as Linux hands it over: every port masked. */
static void init_page(uint32_t *page)
{
	for (unsigned int i = 0; i < 1024; i++)
		page[i] = MASKED;
}

static long balloon(unsigned int op, void *page)
{
	xen_pfn_t gfn = (uintptr_t)page >> 12;
	struct xen_memory_reservation r = { .nr_extents = 1,
					    .domid = DOMID_SELF };

	set_xen_guest_handle(r.extent_start, &gfn);
	return HYPERVISOR_memory_op(op, &r);
}

/* --- The single-domain checks ---------------------------------------- */

static evtchn_port_t carried;

/* Until the first good init_control, the domain stays on 2-level. */
static void test_init_errors(void)
{
	uint64_t gfn = (uintptr_t)cb_page[0] >> 12;
	uint8_t bits = 0;

	check_rc(init_control(gfn, 4095, 99, NULL), -XEN_ENOENT,
		 "init/bad-vcpu-before-offset");
	check_rc(init_control(gfn, 4096 - 72 + 8, 0, NULL), -XEN_EINVAL,
		 "init/offset-crosses-page");
	check_rc(init_control(gfn, 4, 0, NULL), -XEN_EINVAL,
		 "init/offset-unaligned");
	check_rc(init_control(0xfffff00, 0, 0, NULL), -XEN_EINVAL,
		 "init/gfn-not-ram");
	check_rc(expand(array[0]), -XEN_EOPNOTSUPP, "init/still-2-level");
	check_rc(set_priority(carried, 3), -XEN_ENOSYS,
		 "init/no-priorities-yet");

	check_rc(init_control(gfn, 0, 0, &bits), 0, "init/vcpu0");
	check_eq(bits, EVTCHN_FIFO_LINK_BITS, "init/link-bits");
	fifo_on = true;
	check_rc(init_control(gfn, 0, 0, NULL), -XEN_EINVAL,
		 "init/vcpu0-again");
}

static void test_limits(void)
{
	struct evtchn_status s;

	check_rc(set_priority(carried, EVTCHN_FIFO_PRIORITY_MIN + 1),
		 -XEN_EINVAL, "priority/too-low");
	check_rc(set_priority(EVTCHN_FIFO_NR_CHANNELS, 7), -XEN_EINVAL,
		 "priority/bad-port");
	check_rc(evtchn_get_status(DOMID_SELF, 5000, &s), 0,
		 "ports/5000-valid-under-fifo");
	check_eq(s.status, EVTCHNSTAT_closed, "ports/5000-closed");
	check_rc(evtchn_get_status(DOMID_SELF, EVTCHN_FIFO_NR_CHANNELS, &s),
		 -XEN_EINVAL, "ports/beyond-2^17");
}

/* Pending under 2-level, raised once its array page exists. */
static void test_carry_over(void)
{
	init_page(array[0]);
	check_rc(expand(array[0]), 0, "expand/page0");
	check(*word(carried) & PENDING, "carry/pending-in-word", "word %#x",
	      *word(carried));
	check(!(*word(carried) & LINKED), "carry/masked-not-linked");
	unmask(carried);
	check(hv_wait_until(hits[0][carried] == 1, 2000), "carry/delivered",
	      "%lu hits", hits[0][carried]);
	evtchn_close(carried);
}

static evtchn_port_t ipi(unsigned int vcpu)
{
	evtchn_port_t p = 0;

	evtchn_bind_ipi(vcpu, &p);
	if (p < WORDS)
		hits[0][p] = hits[1][p] = 0;
	return p;
}

static void test_priorities(void)
{
	evtchn_port_t hi = ipi(0), mid = ipi(0), lo = ipi(0);
	evtchn_port_t f[3] = { ipi(0), ipi(0), ipi(0) };

	check_rc(set_priority(hi, 2), 0, "priority/set-high");
	check_rc(set_priority(lo, 12), 0, "priority/set-low");
	unmask(hi), unmask(mid), unmask(lo);
	for (int i = 0; i < 3; i++)
		unmask(f[i]);

	/* Interrupts are off: all three are queued before the upcall. */
	nr_order = 0;
	evtchn_send(lo), evtchn_send(mid), evtchn_send(hi);
	check(hv_wait_until(nr_order == 3, 2000), "priority/three-delivered",
	      "%u", nr_order);
	check(order[0] == hi && order[1] == mid && order[2] == lo,
	      "priority/highest-first", "got %u %u %u, want %u %u %u", order[0],
	      order[1], order[2], hi, mid, lo);

	/* One priority: first in, first out. */
	nr_order = 0;
	evtchn_send(f[2]), evtchn_send(f[0]), evtchn_send(f[1]);
	check(hv_wait_until(nr_order == 3, 2000), "fifo/three-delivered", "%u",
	      nr_order);
	check(order[0] == f[2] && order[1] == f[0] && order[2] == f[1],
	      "fifo/in-send-order", "got %u %u %u", order[0], order[1],
	      order[2]);

	/* Masked: pending, not linked; unmasking delivers it once. */
	mask(mid);
	hits[0][mid] = 0;
	evtchn_send(mid), evtchn_send(mid);
	check((*word(mid) & (PENDING | LINKED)) == PENDING,
	      "mask/pending-not-linked", "word %#x", *word(mid));
	evtchn_send(hi); /* the positive anchor: this one arrives */
	check(hv_wait_until(hits[0][hi] == 2, 2000),
	      "mask/other-port-delivered");
	check_eq(hits[0][mid], 0, "mask/held-back");
	unmask(mid);
	check(hv_wait_until(hits[0][mid] == 1, 2000), "mask/unmask-delivers");
	(void)hv_wait_until(false, 20);
	check_eq(hits[0][mid], 1, "mask/delivered-once");

	for (int i = 0; i < 3; i++)
		evtchn_close(f[i]);
	evtchn_close(hi), evtchn_close(mid), evtchn_close(lo);
}

static void test_loopback(void)
{
	evtchn_port_t u = 0, l = 0;

	if (!check_rc(evtchn_alloc_unbound(DOMID_SELF, &u), 0,
		      "loopback/alloc") ||
	    /* Nobody listens yet: kept for the binder. */
	    !check_rc(evtchn_send(u), 0, "loopback/send-unbound") ||
	    !check_rc(evtchn_bind_interdomain(DOMID_SELF, u, &l), 0,
		      "loopback/bind"))
		return;
	hits[0][u] = hits[0][l] = 0;
	unmask(u), unmask(l); /* l starts pending: delivered now */
	check(hv_wait_until(hits[0][l] == 1, 2000), "loopback/bound-pending");
	evtchn_send(l);
	check(hv_wait_until(hits[0][u] == 1, 2000), "loopback/l-to-u");
	evtchn_send(u);
	check(hv_wait_until(hits[0][l] == 2, 2000), "loopback/u-to-l");
	evtchn_close(l), evtchn_close(u);
}

static evtchn_port_t fillers[1100];
static unsigned int nr_fillers;

/* Allocate unbound ports until the next one is above @above. */
static void fill_ports(evtchn_port_t above)
{
	evtchn_port_t p = 0;

	while (nr_fillers < ARRAY_SIZE(fillers) &&
	       evtchn_alloc_unbound(DOMID_SELF, &p) == 0) {
		fillers[nr_fillers++] = p;
		if (p >= above)
			break;
	}
}

static void free_fillers(void)
{
	while (nr_fillers)
		evtchn_close(fillers[--nr_fillers]);
}

/* A port of page 1, raised before the page exists. */
static evtchn_port_t test_big_port(void)
{
	evtchn_port_t big;
	struct evtchn_status s;

	fill_ports(1030);
	big = ipi(0);
	check(big > 1023 && big < 2048, "big/port-above-1023", "port %u", big);
	if (big < 1024 || big >= 2048)
		return 0;
	evtchn_get_status(DOMID_SELF, big, &s);
	check_eq(s.status, EVTCHNSTAT_ipi, "big/status-ipi");
	check_rc(evtchn_send(big), 0, "big/send-before-page");
	init_page(array[1]);
	check_rc(expand(array[1]), 0, "expand/page1");
	check(*word(big) & PENDING, "big/raised-by-expand", "word %#x",
	      *word(big));
	unmask(big);
	check(hv_wait_until(hits[0][big] == 1, 2000), "big/delivered");
	evtchn_send(big);
	check(hv_wait_until(hits[0][big] == 2, 2000), "big/delivered-again");
	init_page(array[2]);
	check_rc(expand(array[2]), 0, "expand/page2");
	check_rc(expand((void *)0xfffff00000UL), -XEN_EINVAL,
		 "expand/gfn-not-ram");
	/* An hv page (shared_info) is not the domain's RAM either. */
	check_rc(expand((void *)shared_info), -XEN_EINVAL,
		 "expand/shared-info-refused");
	free_fillers(); /* later ports come from page 0 again */
	return big;
}

/*
 * Give page 1 back while the hv still maps it, and take a fresh page at
 * the same address. Xen keeps the old frame for the hv: events on page 1
 * go to the old frame, so the fresh page must not see them, and the hv
 * must not have handed our old frame back to us.
 */
static void test_balloon(evtchn_port_t big)
{
	evtchn_port_t other = ipi(0);

	mask(big);
	check_eq(balloon(XENMEM_decrease_reservation, array[1]), 1,
		 "balloon/page1-out");
	check_eq(balloon(XENMEM_populate_physmap, array[1]), 1,
		 "balloon/page1-in");
	check_eq(*word(big), 0, "balloon/fresh-page-zero");
	check_rc(evtchn_send(big), 0, "balloon/send-to-old-frame");
	unmask(other);
	evtchn_send(other); /* the positive anchor */
	check(hv_wait_until(hits[0][other] == 1, 2000), "balloon/page0-works");
	check_eq(*word(big), 0, "balloon/fresh-page-untouched");
	/* Had our old frame come back to us, the hv would have queued big
	 * through it (unmasked, zeroed), ahead of other. */
	check_eq(hits[0][big], 2, "balloon/no-event-through-fresh-page");

	/* Page 2 replaced by a grant-table frame: the RAM the hv maps there
	 * is kept too (grant.c frees it otherwise), until the reset. */
	{
		struct xen_add_to_physmap x = {
			.domid = DOMID_SELF,
			.space = XENMAPSPACE_grant_table,
			.idx = 0,
			.gpfn = (uintptr_t)array[2] >> 12,
		};

		check_rc(HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x), 0,
			 "balloon/grant-frame-over-page2");
	}
	evtchn_close(other);
	evtchn_close(big);
}

/* --- vCPU 1 -------------------------------------------------------------- */

static uint8_t ap_stack[16384] __aligned(16);
static volatile unsigned int ap_alive;

static void ap_main(void)
{
	ap_alive = this_vcpu() + 1;
}

static bool start_vcpu1(void)
{
	if (HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL) == -XEN_ENOENT) {
		printf("# vcpu1 checks skipped: boot with vcpus=2\n");
		return false;
	}
	return check_rc(vcpu_initialise_64(1, ap_main,
					   ap_stack + sizeof(ap_stack)),
			0, "vcpu1/initialise") &&
	       check_rc(HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL), 0,
			"vcpu1/up") &&
	       check(hv_wait_until(ap_alive, 2000), "vcpu1/runs");
}

static void test_vcpu1(void)
{
	uint64_t gfn = (uintptr_t)cb_page[1] >> 12;
	evtchn_port_t p, u = 0, l = 0;
	unsigned int i;

	if (!start_vcpu1())
		return;
	check_rc(init_control(gfn, 64, 1, NULL), 0, "vcpu1/init-control");
	p = ipi(1);
	unmask(p);
	for (i = 1; i <= 20; i++) {
		evtchn_send(p);
		if (!hv_wait_until(hits[1][p] == i, 2000))
			break;
	}
	check_eq(hits[1][p], 20, "vcpu1/ipi-delivered-on-vcpu1");
	check_eq(hits[0][p], 0, "vcpu1/ipi-not-on-vcpu0");
	evtchn_close(p);

	/* bind_vcpu moves a port's next links to vCPU 1's queues. */
	if (evtchn_alloc_unbound(DOMID_SELF, &u) ||
	    evtchn_bind_interdomain(DOMID_SELF, u, &l))
		return;
	hits[0][u] = hits[1][u] = 0;
	unmask(u);
	evtchn_send(l);
	check(hv_wait_until(hits[0][u] == 1, 2000), "bind-vcpu/on-vcpu0-first");
	check_rc(evtchn_bind_vcpu(u, 1), 0, "bind-vcpu/to-vcpu1");
	evtchn_send(l);
	check(hv_wait_until(hits[1][u] == 1, 2000) && hits[0][u] == 1,
	      "bind-vcpu/then-on-vcpu1", "vcpu0 %lu vcpu1 %lu", hits[0][u],
	      hits[1][u]);
	evtchn_close(l), evtchn_close(u);
}

/* 128 pages of 1024 words: 2^17 ports. A page may be given twice. */
static void test_array_full(void)
{
	unsigned int added = 0;
	long rc;

	init_page(spare_page);
	while ((rc = expand(spare_page)) == 0 && added < 200)
		added++;
	check_rc(rc, -XEN_ENOSPC, "expand/full");
	check_eq(added, 128 - NR_PAGES, "expand/128-pages");
}

static void test_reset(void)
{
	struct evtchn_reset r = { .dom = DOMID_SELF };
	evtchn_port_t p = ipi(0);

	free_fillers();
	check_rc(HYPERVISOR_event_channel_op(EVTCHNOP_reset, &r), 0,
		 "reset/self");
	fifo_on = false;
	check_rc(expand(array[0]), -XEN_EOPNOTSUPP, "reset/back-to-2-level");
	check_rc(set_priority(p, 7), -XEN_ENOSYS, "reset/no-priorities");
	check_rc(evtchn_send(p), -XEN_EINVAL, "reset/ports-closed");
}

/* --- The pair: FIFO (a) and 2-level (b) ------------------------------ */

static volatile unsigned long got;

static void count(evtchn_port_t port, void *data)
{
	got++;
}

static void role_a(domid_t peer)
{
	evtchn_port_t p = 0;
	struct evtchn_status s;
	unsigned long n;

	fill_ports(1030);
	if (!check_rc(evtchn_alloc_unbound(peer, &p), 0, "pair/alloc"))
		return;
	check(p > 1023 && p < 2048, "pair/port-above-1023", "port %u", p);
	if (p < 1024 || p >= 2048)
		return;
	init_page(array[1]);
	check_rc(expand(array[1]), 0, "pair/expand-page1");
	hits[0][p] = 0;
	unmask(p);
	/* b's first send says it has bound; each of ours gets a reply. */
	if (!check(hv_wait_until(hits[0][p] == 1, 30000), "pair/peer-bound"))
		return;
	for (n = 0; n < ROUNDS; n++) {
		evtchn_send(p);
		if (!hv_wait_until(hits[0][p] == n + 2, 5000))
			break;
	}
	check_eq(hits[0][p], ROUNDS + 1, "pair/fifo-end-got-all");
	/* Then b closes its end, and ours waits for it again. */
	check(hv_wait_until(evtchn_get_status(DOMID_SELF, p, &s) == 0 &&
				    s.status == EVTCHNSTAT_unbound &&
				    s.u.unbound.dom == peer,
			    5000),
	      "pair/peer-closed");
}

static void role_b(domid_t peer)
{
	evtchn_port_t l = 0, r = 0;
	uint64_t end = hv_now_ns() + 30000000000ULL;
	bool bound = false;
	unsigned long n;

	while (!bound && hv_now_ns() < end)
		for (r = 1; r < 2048 && !bound; r++)
			bound = !evtchn_bind_interdomain(peer, r, &l);
	if (!check(bound, "pair/bound-to-fifo-peer"))
		return;
	check(r - 1 > 1023, "pair/remote-port-above-1023", "port %u", r - 1);
	evtchn_set_handler(l, count, NULL);
	evtchn_test_and_clear_pending(l); /* bound pending, as in Xen */
	evtchn_unmask(l);
	evtchn_send(l); /* tell a we are here */
	for (n = 0; n < ROUNDS; n++) {
		if (!hv_wait_until(got == n + 1, 5000))
			break;
		evtchn_send(l);
	}
	check_eq(got, ROUNDS, "pair/2-level-end-got-all");
	evtchn_close(l);
}

void test_main(void)
{
	const char *role;
	evtchn_port_t big;

	if (!xen_present())
		test_fatal("xen", "no Xen CPUID leaves");
	self = cmdline_get_ulong("self", 1);
	role = cmdline_get("role");
	if (!check_rc(map_shared_info(), 0, "shared-info/map") ||
	    !check_rc(set_upcall_vector(UPCALL_VECTOR, upcall), 0,
		      "upcall/vector"))
		return;
	if (role && !strcmp(role, "b")) {
		role_b(cmdline_get_ulong("peer", 1));
		return;
	}

	/* A 2-level port, pending and masked, to carry over. */
	evtchn_bind_ipi(0, &carried);
	evtchn_mask(carried);
	evtchn_send(carried);
	test_init_errors();
	test_limits();
	test_carry_over();
	if (role && !strcmp(role, "a")) {
		role_a(cmdline_get_ulong("peer", 2));
		return;
	}
	test_priorities();
	test_loopback();
	big = test_big_port();
	if (big)
		test_balloon(big);
	test_vcpu1();
	test_array_full();
	test_reset();
}
