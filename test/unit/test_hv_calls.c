// SPDX-License-Identifier: GPL-2.0
/*
 * The hv's event-channel, grant and memory hypercalls between two domains,
 * on the common code built for the host (test/host): a frame granted and
 * mapped outlives its owner ballooning it out and goes back at the unmap;
 * an inter-domain event reaches the peer's shared_info; reservations keep
 * the frame table's count; a domain acting on another is refused with
 * Xen's error order; destroying domains that still map each other's
 * grants gives every frame and hv page back; and, through the real
 * scheduler, a poll blocks until the event or its timeout, and a domain
 * shut down (by itself or by the privileged one) runs no more and gives
 * back what it mapped; the performance counters of XEN_SYSCTL_perfc_op
 * count each domain's calls in its own slot; a dead domain's memory
 * reaches the next one only cleared.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/guest_access.h>
#include <hv/mm.h>
#include <hv/physmap.h>
#include <hv/sched.h>
#include <hv/timer.h>
#include <asm/page.h>
#include <event_channel.h>
#include <grant_table.h>
#include <memory.h>
#include <sched.h>
#include <sysctl.h>
#include <xen.h>

#include "../host/host.h"

#define NR_RAM 32
#define GT_GFN 40
#define SI_GFN 41
#define HOLE_GFN 50

static struct domain *a, *b;
static u64 free_at_start;

static int setup_as(bool a_privileged)
{
	host_init(32 << 20);
	free_at_start = host_free_pages();
	a = host_domain("a", a_privileged, NR_RAM, GT_GFN, SI_GFN);
	b = host_domain("b", false, NR_RAM, GT_GFN, SI_GFN);
	assert_non_null(a);
	assert_non_null(b);
	return 0;
}

static int setup(void **state)
{
	return setup_as(false);
}

static int setup_dom0(void **state)
{
	return setup_as(true);
}

/* Both gone, in either order: every guest frame and hv page is back. */
static int teardown(void **state)
{
	if (a)
		host_destroy(a);
	if (b)
		host_destroy(b);
	a = b = NULL;
	assert_int_equal(frames_owned(), 0);
	assert_int_equal(host_free_pages(), free_at_start);
	return 0;
}

static void grant(struct domain *granter, u32 ref, domid_t to, u64 gfn,
		  u16 flags)
{
	grant_entry_v1_t e = { .flags = flags, .domid = to, .frame = gfn };

	assert_int_equal(copy_to_gpa(granter, GT_GFN * PAGE_SIZE + ref * 8, &e,
				     sizeof(e)),
			 0);
}

static s16 map(struct domain *d, u32 ref, domid_t dom, u64 gfn, u32 flags,
	       u32 *handle)
{
	struct gnttab_map_grant_ref m = { .host_addr = gfn * PAGE_SIZE,
					  .flags = flags,
					  .ref = ref,
					  .dom = dom };

	assert_int_equal(host_op(d, __HYPERVISOR_grant_table_op,
				 GNTTABOP_map_grant_ref, &m, sizeof(m), 1),
			 0);
	if (handle)
		*handle = m.handle;
	return m.status;
}

static s16 unmap(struct domain *d, u64 gfn, u32 handle)
{
	struct gnttab_unmap_grant_ref u = { .host_addr = gfn * PAGE_SIZE,
					    .handle = handle };

	assert_int_equal(host_op(d, __HYPERVISOR_grant_table_op,
				 GNTTABOP_unmap_grant_ref, &u, sizeof(u), 1),
			 0);
	return u.status;
}

static long reservation(struct domain *d, unsigned int cmd, u64 gfn,
			domid_t dom)
{
	/* The extent list goes behind the argument, in the scratch page. */
	u64 list = HOST_SCRATCH_GFN * PAGE_SIZE + 512;
	struct xen_memory_reservation r = { .extent_start.q = list,
					    .nr_extents = 1,
					    .domid = dom };

	copy_to_gpa(d, list, &gfn, sizeof(gfn));
	return host_op(d, __HYPERVISOR_memory_op, cmd, &r, sizeof(r), 0);
}

static void test_balloon_while_mapped(void **state)
{
	u64 pattern = 0x5eed5eed5eed5eedULL, seen = 0, owned;
	u32 h;

	copy_to_gpa(a, 5 * PAGE_SIZE, &pattern, sizeof(pattern));
	grant(a, 3, b->id, 5, GTF_permit_access);
	assert_int_equal(map(b, 3, a->id, HOLE_GFN, GNTMAP_host_map, &h),
			 GNTST_okay);
	owned = frames_owned();
	/* a lets go of the frame: it stays, b still sees it. */
	assert_int_equal(
		reservation(a, XENMEM_decrease_reservation, 5, DOMID_SELF), 1);
	assert_int_equal(frames_owned(), owned);
	assert_int_equal(
		copy_from_gpa(b, HOLE_GFN * PAGE_SIZE, &seen, sizeof(seen)), 0);
	assert_int_equal(seen, pattern);
	/* The unmap drops the last reference: the frame goes back. */
	assert_int_equal(unmap(b, HOLE_GFN, h), GNTST_okay);
	assert_int_equal(frames_owned(), owned - 1);
	assert_int_equal(unmap(b, HOLE_GFN, h), GNTST_bad_handle);
}

static void test_grant_refusals(void **state)
{
	grant(a, 4, b->id, 6, GTF_permit_access | GTF_readonly);
	/* Writable map of a read-only grant; a grant to someone else;
	 * a frame that is not a's RAM; a ref past the table. */
	assert_int_equal(map(b, 4, a->id, HOLE_GFN, GNTMAP_host_map, NULL),
			 GNTST_general_error);
	grant(a, 5, a->id, 6, GTF_permit_access);
	assert_int_equal(map(b, 5, a->id, HOLE_GFN, GNTMAP_host_map, NULL),
			 GNTST_general_error);
	grant(a, 6, b->id, HOLE_GFN + 3, GTF_permit_access);
	assert_int_equal(map(b, 6, a->id, HOLE_GFN, GNTMAP_host_map, NULL),
			 GNTST_bad_page);
	assert_int_equal(map(b, 100000, a->id, HOLE_GFN, GNTMAP_host_map, NULL),
			 GNTST_bad_gntref);
	assert_int_equal(map(b, 4, 0x7000, HOLE_GFN, GNTMAP_host_map, NULL),
			 GNTST_bad_domain);
}

/* Destroyed while each maps the other's grant: nothing is left over
 * (teardown checks), whichever goes first. */
static void test_destroy_while_mapped(void **state)
{
	grant(a, 1, b->id, 7, GTF_permit_access);
	grant(b, 1, a->id, 7, GTF_permit_access);
	assert_int_equal(map(b, 1, a->id, HOLE_GFN, GNTMAP_host_map, NULL),
			 GNTST_okay);
	assert_int_equal(map(a, 1, b->id, HOLE_GFN,
			     GNTMAP_host_map | GNTMAP_readonly, NULL),
			 GNTST_okay);
	host_destroy(a);
	a = NULL;
}

static long evtchn(struct domain *d, unsigned int cmd, void *arg, size_t n)
{
	return host_op(d, __HYPERVISOR_event_channel_op, cmd, arg, n, 0);
}

/* An inter-domain channel: a's port (returned) and b's (*bport). */
static evtchn_port_t connect(evtchn_port_t *bport)
{
	struct evtchn_alloc_unbound au = { .dom = DOMID_SELF,
					   .remote_dom = b->id };
	struct evtchn_bind_interdomain bi = { .remote_dom = a->id };

	assert_int_equal(evtchn(a, EVTCHNOP_alloc_unbound, &au, sizeof(au)), 0);
	bi.remote_port = au.port;
	assert_int_equal(evtchn(b, EVTCHNOP_bind_interdomain, &bi, sizeof(bi)),
			 0);
	*bport = bi.local_port;
	return au.port;
}

static bool is_pending(struct domain *d, evtchn_port_t port)
{
	u64 gpa = SI_GFN * PAGE_SIZE +
		  offsetof(struct shared_info, evtchn_pending) + port / 64 * 8;
	u64 w;

	copy_from_gpa(d, gpa, &w, sizeof(w));
	return w & (1ULL << (port % 64));
}

static long poll(struct domain *d, evtchn_port_t port, u64 timeout)
{
	u64 list = HOST_SCRATCH_GFN * PAGE_SIZE + 512;
	struct sched_poll p = { .ports.q = list,
				.nr_ports = 1,
				.timeout = timeout };

	copy_to_gpa(d, list, &port, sizeof(port));
	return host_op(d, __HYPERVISOR_sched_op, SCHEDOP_poll, &p, sizeof(p),
		       0);
}

/* b polls its port: it blocks (cannot run) until a sends. */
static void test_poll_until_event(void **state)
{
	evtchn_port_t bport, aport = connect(&bport);
	struct evtchn_send s = { .port = aport };
	domid_t self = DOMID_SELF;

	assert_int_equal(poll(b, bport, 0), 0);
	assert_int_equal(b->vcpu[0]->state, VCPU_BLOCKED);
	assert_int_equal(host_op(b, __HYPERVISOR_memory_op,
				 XENMEM_current_reservation, &self,
				 sizeof(self), 0),
			 HOST_NOT_RUNNING);
	assert_int_equal(evtchn(a, EVTCHNOP_send, &s, sizeof(s)), 0);
	assert_int_equal(b->vcpu[0]->state, VCPU_RUNNABLE);
	assert_int_equal(host_op(b, __HYPERVISOR_memory_op,
				 XENMEM_current_reservation, &self,
				 sizeof(self), 0),
			 NR_RAM);
	/* Pending now: a second poll returns at once. */
	assert_int_equal(poll(b, bport, 0), 0);
	assert_int_not_equal(b->vcpu[0]->state, VCPU_BLOCKED);
}

/* A poll with a timeout wakes when the time has passed, event or not. */
static void test_poll_timeout(void **state)
{
	evtchn_port_t bport;
	domid_t self = DOMID_SELF;

	connect(&bport);
	assert_int_equal(poll(b, bport, now_ns() + 200000), 0);
	assert_int_equal(b->vcpu[0]->state, VCPU_BLOCKED);
	/* Every clock reading moves it on; a's calls read it. */
	for (int i = 0; i < 1000 && b->vcpu[0]->state == VCPU_BLOCKED; i++)
		host_op(a, __HYPERVISOR_memory_op, XENMEM_current_reservation,
			&self, sizeof(self), 0);
	assert_int_equal(b->vcpu[0]->state, VCPU_RUNNABLE);
}

/* A domain that shuts itself down runs no more and is gone. */
static void test_shutdown_self(void **state)
{
	struct sched_shutdown sd = { .reason = SHUTDOWN_poweroff };
	domid_t id = b->id;

	assert_int_equal(host_op(b, __HYPERVISOR_sched_op, SCHEDOP_shutdown,
				 &sd, sizeof(sd), 0),
			 0);
	assert_false(domain_exists(id));
	assert_int_equal(host_op(b, __HYPERVISOR_memory_op,
				 XENMEM_current_reservation, &id, sizeof(id),
				 0),
			 HOST_NOT_RUNNING);
}

/* The privileged domain shuts down a domain that maps its grant: the
 * mapping goes with it, the entry is no longer in use, and teardown finds
 * every frame back. */
static void test_remote_shutdown_while_mapped(void **state)
{
	struct sched_remote_shutdown rs = { .domain_id = b->id,
					    .reason = SHUTDOWN_poweroff };
	grant_entry_v1_t e;

	assert_int_equal(a->id, 0);
	grant(a, 2, b->id, 8, GTF_permit_access);
	assert_int_equal(map(b, 2, a->id, HOLE_GFN, GNTMAP_host_map, NULL),
			 GNTST_okay);
	copy_from_gpa(a, GT_GFN * PAGE_SIZE + 2 * 8, &e, sizeof(e));
	assert_true(e.flags & GTF_reading);
	assert_int_equal(host_op(a, __HYPERVISOR_sched_op,
				 SCHEDOP_remote_shutdown, &rs, sizeof(rs), 0),
			 0);
	assert_false(domain_exists(rs.domain_id));
	copy_from_gpa(a, GT_GFN * PAGE_SIZE + 2 * 8, &e, sizeof(e));
	assert_int_equal(e.flags, GTF_permit_access);
}

/*
 * A binder's new port starts pending only if the peer sent on its end
 * while nobody was bound (Xen raises every new port: see evtchn.c). The
 * signal is handed over once: a re-bind after a close starts quiet.
 */
static void test_bind_pending_only_if_signalled(void **state)
{
	struct evtchn_alloc_unbound au = { .dom = DOMID_SELF,
					   .remote_dom = b->id };
	struct evtchn_bind_interdomain bi = { .remote_dom = a->id };
	struct evtchn_send s;
	evtchn_port_t bport;

	connect(&bport);
	assert_false(is_pending(b, bport));

	assert_int_equal(evtchn(a, EVTCHNOP_alloc_unbound, &au, sizeof(au)), 0);
	s.port = au.port;
	assert_int_equal(evtchn(a, EVTCHNOP_send, &s, sizeof(s)), 0);
	bi.remote_port = au.port;
	assert_int_equal(evtchn(b, EVTCHNOP_bind_interdomain, &bi, sizeof(bi)),
			 0);
	assert_true(is_pending(b, bi.local_port));

	s.port = bi.local_port;
	assert_int_equal(evtchn(b, EVTCHNOP_close, &s, sizeof(s)), 0);
	assert_int_equal(evtchn(b, EVTCHNOP_bind_interdomain, &bi, sizeof(bi)),
			 0);
	assert_false(is_pending(b, bi.local_port));
}

static void test_interdomain_event(void **state)
{
	struct evtchn_alloc_unbound au = { .dom = DOMID_SELF,
					   .remote_dom = b->id };
	struct evtchn_bind_interdomain bi = { .remote_dom = a->id };
	struct evtchn_send s;
	struct evtchn_status st = { .dom = DOMID_SELF };
	u64 pending;

	assert_int_equal(evtchn(a, EVTCHNOP_alloc_unbound, &au, sizeof(au)), 0);
	bi.remote_port = au.port;
	assert_int_equal(evtchn(b, EVTCHNOP_bind_interdomain, &bi, sizeof(bi)),
			 0);
	s.port = bi.local_port;
	assert_int_equal(evtchn(b, EVTCHNOP_send, &s, sizeof(s)), 0);
	copy_from_gpa(a,
		      SI_GFN * PAGE_SIZE +
			      offsetof(struct shared_info, evtchn_pending),
		      &pending, sizeof(pending));
	assert_true(pending & (1ULL << au.port));
	/* a closes its end: b's goes back to unbound, for a. */
	s.port = au.port;
	assert_int_equal(evtchn(a, EVTCHNOP_close, &s, sizeof(s)), 0);
	st.port = bi.local_port;
	assert_int_equal(evtchn(b, EVTCHNOP_status, &st, sizeof(st)), 0);
	assert_int_equal(st.status, EVTCHNSTAT_unbound);
	assert_int_equal(st.u.unbound.dom, a->id);
}

/*
 * A global VIRQ moved to another vCPU (as Linux does when it balances the
 * IRQ of a daemon's VIRQ_DOM_EXC) still fires, on that vCPU: a domain
 * shutting down marks dom0's port pending and vCPU 1's selector. (hvlab
 * once dropped it: the port was looked up on vCPU 0 after the move.)
 */
static void test_global_virq_after_bind_vcpu(void **state)
{
	struct evtchn_bind_virq bv = { .virq = VIRQ_DOM_EXC, .vcpu = 0 };
	struct evtchn_bind_vcpu bc = { .vcpu = 1 };
	struct evtchn_close cl;
	u64 pending, sel;

	assert_int_equal(a->id, 0);
	assert_int_equal(evtchn(a, EVTCHNOP_bind_virq, &bv, sizeof(bv)), 0);
	bc.port = bv.port;
	assert_int_equal(evtchn(a, EVTCHNOP_bind_vcpu, &bc, sizeof(bc)), 0);
	domain_shutdown(b, SHUTDOWN_poweroff);
	copy_from_gpa(a,
		      SI_GFN * PAGE_SIZE +
			      offsetof(struct shared_info, evtchn_pending),
		      &pending, sizeof(pending));
	assert_true(pending & (1ULL << bv.port));
	copy_from_gpa(a,
		      SI_GFN * PAGE_SIZE +
			      offsetof(struct shared_info, vcpu_info[1]) +
			      offsetof(struct vcpu_info, evtchn_pending_sel),
		      &sel, sizeof(sel));
	assert_true(sel & 1);
	/* Closed, it is gone from where it was recorded: bound again, it
	 * gets a port (not -EEXIST). */
	cl.port = bv.port;
	assert_int_equal(evtchn(a, EVTCHNOP_close, &cl, sizeof(cl)), 0);
	assert_int_equal(evtchn(a, EVTCHNOP_bind_virq, &bv, sizeof(bv)), 0);
}

/* The RAM frames of d (NR_RAM from gfn 0) into out. */
static void ram_frames(struct domain *d, mfn_t *out)
{
	for (u64 g = 0; g < NR_RAM; g++) {
		bool ro;

		assert_int_equal(physmap_lookup(d, g, &out[g], &ro),
				 PHYSMAP_RAM);
	}
}

static bool among(mfn_t m, const mfn_t *set, unsigned int n)
{
	while (n--)
		if (set[n] == m)
			return true;
	return false;
}

/* Fill *d's RAM with byte c, destroy it (*d = NULL), clear its frames as
 * the idle loop would; its frames in out. They count as free before and
 * after. */
static void fill_destroy_scrub(struct domain **d, u8 c, mfn_t *out)
{
	u64 dirty, free_before = host_free_pages();

	ram_frames(*d, out);
	for (u64 g = 0; g < NR_RAM; g++)
		memset(__va(out[g] << PAGE_SHIFT), c, PAGE_SIZE);
	host_destroy(*d);
	*d = NULL;
	dirty = frames_dirty();
	assert_true(dirty >= NR_RAM);
	assert_true(host_free_pages() >= free_before + NR_RAM);
	free_before = host_free_pages();
	assert_int_equal(frame_scrub(~0ULL), dirty);
	assert_int_equal(frames_dirty(), 0);
	assert_int_equal(host_free_pages(), free_before);
}

/* Every RAM page of d but host_op's scratch page is zero; how many of
 * its frames are in set. */
static unsigned int zero_ram(struct domain *d, const mfn_t *set, unsigned int n)
{
	mfn_t now[NR_RAM];
	unsigned int hits = 0;

	ram_frames(d, now);
	for (u64 g = 0; g < NR_RAM; g++) {
		const u8 *p = __va(now[g] << PAGE_SHIFT);

		hits += among(now[g], set, n);
		for (size_t i = 0; g != HOST_SCRATCH_GFN && i < PAGE_SIZE; i++)
			assert_int_equal(p[i], 0);
	}
	return hits;
}

/* Allocate every free page (the hv's way: any cleared mark dropped);
 * their number, the pages in *out (malloc'ed). */
static unsigned int take_all(void ***out)
{
	unsigned int n = 0, cap = host_free_pages() + 1;
	void **v = malloc(cap * sizeof(*v));
	void *p;

	assert_non_null(v);
	while (n < cap && (p = alloc_pages(0)))
		v[n++] = p;
	assert_null(alloc_pages(0));
	*out = v;
	return n;
}

/*
 * A dead domain's memory reaches the next one only cleared: its frames
 * wait as dirty (counted free) until cleared as the idle loop does
 * (frame_scrub) and come back known zero, so the next domain gets them
 * without their being read again; a cleared frame the hv takes for
 * itself and writes loses that mark and is cleared again before a guest
 * gets it. The rest of memory is held meanwhile, so that the next
 * domain can only get the dead one's frames.
 */
static void test_freed_memory_cleared(void **state)
{
	mfn_t old[NR_RAM];
	void **held, **taken;
	unsigned int nr_held = take_all(&held), nr_taken;

	fill_destroy_scrub(&a, 0xa5, old);
	a = host_domain("c", false, NR_RAM, GT_GFN, SI_GFN);
	assert_non_null(a);
	/* Most of them: the others hold its tables. */
	assert_true(zero_ram(a, old, NR_RAM) >= NR_RAM / 2);

	fill_destroy_scrub(&a, 0xa5, old);
	nr_taken = take_all(&taken);
	for (unsigned int i = 0; i < nr_taken; i++)
		memset(taken[i], 0x5a, PAGE_SIZE);
	while (nr_taken)
		free_pages(taken[--nr_taken], 0);
	free(taken);
	a = host_domain("d", false, NR_RAM, GT_GFN, SI_GFN);
	assert_non_null(a);
	assert_true(zero_ram(a, old, NR_RAM) >= NR_RAM / 2);

	while (nr_held)
		free_pages(held[--nr_held], 0);
	free(held);
}

/* Reservations move tot_pages and the frame table together, within
 * the domain's maximum (which the set-up filled). */
static void test_reservations(void **state)
{
	u64 owned = frames_owned(), tot = a->tot_pages;

	assert_int_equal(reservation(a, XENMEM_populate_physmap, 60,
				     DOMID_SELF),
			 0); /* at its maximum already */
	assert_int_equal(
		reservation(a, XENMEM_decrease_reservation, 20, DOMID_SELF), 1);
	assert_int_equal(frames_owned(), owned - 1);
	assert_int_equal(a->tot_pages, tot - 1);
	assert_int_equal(
		reservation(a, XENMEM_populate_physmap, 60, DOMID_SELF), 1);
	assert_int_equal(frames_owned(), owned);
	assert_int_equal(a->tot_pages, tot);
	/* Nothing at the gfn: it stops there, done 0. */
	assert_int_equal(
		reservation(a, XENMEM_decrease_reservation, 20, DOMID_SELF), 0);
	assert_int_equal(a->tot_pages, tot);
}

/* Another domain's memory: -ESRCH for none before -EPERM (Xen). */
/* --- XEN_SYSCTL_perfc_op -------------------------------------------- */

#define PERFC_DESC_GPA (20 * PAGE_SIZE) /* two pages: 4 are free there */
#define PERFC_VAL_GPA (22 * PAGE_SIZE)
#define PERFC_MAX_VALS 2048

static struct xen_sysctl_perfc_desc pdesc[64];
static u32 pval[PERFC_MAX_VALS];

/* perfc_op cmd as d; with bufs, descriptions and values into pdesc/pval. */
static long perfc(struct domain *d, u32 cmd, bool bufs, u64 val_gpa,
		  struct xen_sysctl_perfc_op *out)
{
	struct xen_sysctl op = { .cmd = XEN_SYSCTL_perfc_op,
				 .interface_version =
					 XEN_SYSCTL_INTERFACE_VERSION };
	u64 gpa = HOST_SCRATCH_GFN * PAGE_SIZE;
	long rc;

	op.u.perfc_op.cmd = cmd;
	if (bufs) {
		op.u.perfc_op.desc.q = PERFC_DESC_GPA;
		op.u.perfc_op.val.q = val_gpa;
	}
	copy_to_gpa(d, gpa, &op, sizeof(op));
	rc = host_call(d->vcpu[0], __HYPERVISOR_sysctl, gpa, 0, 0, 0, 0);
	copy_from_gpa(d, gpa, &op, sizeof(op));
	*out = op.u.perfc_op;
	if (!rc && bufs) {
		assert_true(out->nr_counters <= 64);
		assert_true(out->nr_vals <= PERFC_MAX_VALS);
		copy_from_gpa(d, PERFC_DESC_GPA, pdesc,
			      out->nr_counters * sizeof(pdesc[0]));
		copy_from_gpa(d, val_gpa, pval, out->nr_vals * sizeof(u32));
	}
	return rc;
}

/* Value i of the counter called name in the last query (it must exist). */
static u32 perfc_val(const struct xen_sysctl_perfc_op *op, const char *name,
		     unsigned int i)
{
	u32 at = 0;

	for (u32 c = 0; c < op->nr_counters; c++) {
		if (!strcmp(pdesc[c].name, name)) {
			assert_true(i < pdesc[c].nr_vals);
			return pval[at + i];
		}
		at += pdesc[c].nr_vals;
	}
	fail_msg("no counter '%s'", name);
	return 0;
}

static void test_perf_counters(void **state)
{
	struct evtchn_alloc_unbound au = { .dom = DOMID_SELF,
					   .remote_dom = b->id };
	struct evtchn_bind_interdomain bi = { .remote_dom = a->id };
	struct evtchn_send s;
	struct xen_sysctl_perfc_op op, counts;
	u32 total = 0;

	/* The counts alone, the same every time. */
	assert_int_equal(perfc(a, XEN_SYSCTL_PERFCOP_query, false, 0, &counts),
			 0);
	assert_int_equal(counts.nr_counters, 1 + NR_PERFC_VCPU);
	assert_int_equal(counts.nr_vals,
			 PERFC_NR_HYPERCALLS + NR_PERFC_VCPU * MAX_DOMAINS);
	assert_int_equal(perfc(a, 3, false, 0, &op), -EINVAL);
	assert_int_equal(perfc(b, XEN_SYSCTL_PERFCOP_query, false, 0, &op),
			 -EPERM);
	/* A value buffer outside the domain's RAM. */
	assert_int_equal(perfc(a, XEN_SYSCTL_PERFCOP_query, true,
			       (NR_RAM + 100) * PAGE_SIZE, &op),
			 -EFAULT);

	assert_int_equal(perfc(a, XEN_SYSCTL_PERFCOP_reset, false, 0, &op), 0);
	/* b sends a 3 events and maps one of its grants. */
	assert_int_equal(evtchn(a, EVTCHNOP_alloc_unbound, &au, sizeof(au)), 0);
	bi.remote_port = au.port;
	assert_int_equal(evtchn(b, EVTCHNOP_bind_interdomain, &bi, sizeof(bi)),
			 0);
	s.port = bi.local_port;
	for (int i = 0; i < 3; i++) {
		assert_int_equal(evtchn(b, EVTCHNOP_send, &s, sizeof(s)), 0);
		/* Pending again only once a has taken it. */
		copy_to_gpa(a,
			    SI_GFN * PAGE_SIZE + offsetof(struct shared_info,
							  evtchn_pending),
			    &(u64){ 0 }, 8);
	}
	grant(a, 2, b->id, 8, GTF_permit_access);
	assert_int_equal(map(b, 2, a->id, HOLE_GFN, GNTMAP_host_map, NULL),
			 GNTST_okay);

	assert_int_equal(perfc(a, XEN_SYSCTL_PERFCOP_query, true, PERFC_VAL_GPA,
			       &op),
			 0);
	assert_int_equal(op.nr_vals, counts.nr_vals);
	assert_string_equal(pdesc[0].name, "hypercalls");
	assert_int_equal(perfc_val(&op, "dom EVTCHNOP_send", b->id), 3);
	assert_int_equal(perfc_val(&op, "dom EVTCHNOP_send", a->id), 0);
	assert_int_equal(perfc_val(&op, "dom events raised", a->id), 3);
	/* a never sent before b bound: b's port did not start pending. */
	assert_int_equal(perfc_val(&op, "dom events raised", b->id), 0);
	assert_int_equal(perfc_val(&op, "dom grant maps", b->id), 1);
	assert_int_equal(perfc_val(&op, "dom grant maps", a->id), 0);
	/* b: bind, 3 sends, the map; a: alloc_unbound, the query. */
	assert_int_equal(perfc_val(&op, "dom hypercalls", b->id), 5);
	assert_int_equal(perfc_val(&op, "dom hypercalls", a->id), 2);
	assert_int_equal(
		perfc_val(&op, "hypercalls", __HYPERVISOR_event_channel_op), 5);
	assert_int_equal(perfc_val(&op, "hypercalls", __HYPERVISOR_sysctl), 1);

	/* Reset: only the query after it is left. */
	assert_int_equal(perfc(a, XEN_SYSCTL_PERFCOP_reset, false, 0, &op), 0);
	assert_int_equal(perfc(a, XEN_SYSCTL_PERFCOP_query, true, PERFC_VAL_GPA,
			       &op),
			 0);
	for (u32 c = 0, at = 0; c < op.nr_counters; at += pdesc[c++].nr_vals)
		for (u32 i = 0; i < pdesc[c].nr_vals; i++)
			/* Times (", us") grow by themselves. */
			if (!strstr(pdesc[c].name, ", us"))
				total += pval[at + i];
	/* "hypercalls"[sysctl] and "dom hypercalls"[a]. */
	assert_int_equal(total, 2);
}

static void test_target_domain(void **state)
{
	domid_t id = b->id;

	assert_int_equal(host_op(a, __HYPERVISOR_memory_op,
				 XENMEM_current_reservation, &id, sizeof(id),
				 0),
			 -EPERM);
	id = 0x7000;
	assert_int_equal(host_op(a, __HYPERVISOR_memory_op,
				 XENMEM_current_reservation, &id, sizeof(id),
				 0),
			 -ESRCH);
	id = DOMID_SELF;
	assert_int_equal(host_op(a, __HYPERVISOR_memory_op,
				 XENMEM_current_reservation, &id, sizeof(id),
				 0),
			 NR_RAM);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_balloon_while_mapped,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_grant_refusals, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_destroy_while_mapped,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_global_virq_after_bind_vcpu, setup_dom0, teardown),
		cmocka_unit_test_setup_teardown(
			test_bind_pending_only_if_signalled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interdomain_event, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_freed_memory_cleared,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_reservations, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_perf_counters, setup_dom0,
						teardown),
		cmocka_unit_test_setup_teardown(test_target_domain, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_poll_until_event, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_poll_timeout, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_shutdown_self, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_remote_shutdown_while_mapped, setup_dom0,
			teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
