// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the hv's common code built on the host
 * (test/host): two domains, each with RAM, a mapped grant table and
 * shared_info, call event-channel, grant-table and memory hypercalls at
 * each other as the input dictates, and write their own memory (their
 * grant entries, FIFO words) between calls, as a guest racing the hv
 * would. Arguments are steered towards what makes sense (the other
 * domain, a small port or grant ref, a frame inside or just outside RAM)
 * but every field can also be raw input bytes.
 *
 * The scheduler is the real one (a blocked vCPU makes no calls until an
 * event or a timer wakes it) and the domains can shut themselves or, from
 * a privileged domain a, each other down mid-input, so the calls of the
 * other meet a dying domain.
 *
 * After every call: every RAM frame in either physmap is its domain's and
 * referenced (frame table).
 * After the input: both domains are destroyed, in an order the input
 * picks, and every guest frame and every hv page must be back (plus
 * LeakSanitizer for the heap). A panic, an ASan report or a broken
 * invariant is a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hv/domain.h>
#include <hv/frame.h>
#include <hv/guest_access.h>
#include <hv/physmap.h>
#include <hv/timer.h>
#include <event_channel.h>
#include <grant_table.h>
#include <memory.h>
#include <sched.h>
#include <sysctl.h>
#include <xen.h>

#include "../host/host.h"

#define NR_RAM 48 /* guest RAM: gfns 0..47 */
#define GT_GFN 60 /* the grant table's first frame */
#define SI_GFN 61 /* shared_info */
#define NR_GFN 96 /* frames the steering aims at */

struct input {
	const u8 *p;
	size_t left;
};

static u64 take(struct input *in, unsigned int bytes)
{
	u64 v = 0;

	for (unsigned int i = 0; i < bytes && in->left; i++, in->left--)
		v |= (u64)*in->p++ << (8 * i);
	return v;
}

static struct domain *dom[2];

/* An argument block: from the input (one byte says so), else zeros that
 * the steering fills in; short inputs then reach the deep paths. */
static void fill(struct input *in, void *raw, size_t n)
{
	memset(raw, 0, n);
	if (take(in, 1) & 1)
		for (size_t i = 0; i < n; i++)
			((u8 *)raw)[i] = take(in, 1);
}

static domid_t pick_dom(struct input *in, int self)
{
	switch (take(in, 1) % 8) {
	case 0:
		return DOMID_SELF;
	case 1:
		return dom[self]->id;
	case 2:
		return (domid_t)take(in, 2);
	default:
		return dom[!self]->id;
	}
}

/* Grant refs and ports: mostly a few small ones, so that two calls of
 * the input meet on the same entry; sometimes anything. */
static u32 pick_small(struct input *in, u32 raw, u32 limit)
{
	u8 b = take(in, 1);

	return b < 224 ? b % 8 : raw % limit;
}

static u64 pick_gfn(struct input *in)
{
	u8 b = take(in, 1);

	return b < 240 ? b % NR_GFN : take(in, 8);
}

/*
 * What the fuzzer reaches: with HV_FUZZ_STATS set, the number of calls
 * per (hypercall, command, result) is printed at exit, e.g.
 *   HV_FUZZ_STATS=1 build/test/fuzz/hv_fuzz_calls -runs=0 CORPUS_DIR
 */
#define STAT_NR 40
#define STAT_CMD 32
#define STAT_RC 64 /* rc 0..-62; 63: anything else */
static unsigned long stats[STAT_NR][STAT_CMD][STAT_RC];
static unsigned long maps_okay, copies_okay; /* GNTST_okay per op */
static unsigned long map_status[16]; /* -status of each map op */

static void print_stats(void)
{
	for (int n = 0; n < STAT_NR; n++)
		for (int c = 0; c < STAT_CMD; c++)
			for (int r = 0; r < STAT_RC; r++) {
				if (!stats[n][c][r])
					continue;
				if (r == 63) /* > 0, or HOST_NOT_RUNNING */
					printf("hypercall %2d cmd %2d rc other: "
					       "%lu\n",
					       n, c, stats[n][c][r]);
				else
					printf("hypercall %2d cmd %2d rc -%d: "
					       "%lu\n",
					       n, c, r, stats[n][c][r]);
			}
	printf("grant maps okay: %lu, grant copies okay: %lu\n", maps_okay,
	       copies_okay);
	for (int i = 0; i < 16; i++)
		if (map_status[i])
			printf("grant map status -%d: %lu\n", i, map_status[i]);
}

/* Hypercall nr(cmd, arg in the scratch page, a3) from dom[self]; arg is
 * copied back. */
static long call(int self, unsigned int nr, u64 cmd, void *arg, size_t n,
		 u64 a3)
{
	long rc = host_op(dom[self], nr, cmd, arg, n, a3);

	if (nr < STAT_NR && cmd < STAT_CMD)
		stats[nr][cmd][rc <= 0 && rc > -63 ? -rc : 63]++;
	return rc;
}

static void op_evtchn(struct input *in, int self)
{
	u8 cmd = take(in, 1) % 15;
	union {
		struct evtchn_alloc_unbound au;
		struct evtchn_bind_interdomain bi;
		struct evtchn_bind_virq bv;
		struct evtchn_status st;
		evtchn_port_t port;
		u8 raw[64];
	} a;

	fill(in, a.raw, sizeof(a.raw));
	switch (cmd) {
	case EVTCHNOP_alloc_unbound:
		a.au.dom = pick_dom(in, self);
		a.au.remote_dom = pick_dom(in, self);
		break;
	case EVTCHNOP_bind_interdomain:
		a.bi.remote_dom = pick_dom(in, self);
		a.bi.remote_port = pick_small(in, a.bi.remote_port, 4200);
		break;
	case EVTCHNOP_bind_virq:
		a.bv.virq %= 24;
		a.bv.vcpu %= 3;
		break;
	case EVTCHNOP_status:
		a.st.dom = pick_dom(in, self);
		a.st.port = pick_small(in, a.st.port, 4200);
		break;
	case EVTCHNOP_init_control:
	case EVTCHNOP_expand_array:
		/* control_gfn / array_gfn first: aim at RAM mostly. */
		*(u64 *)a.raw = pick_gfn(in);
		break;
	default:
		a.port = pick_small(in, a.port, 1100); /* FIFO: past 1023 */
	}
	call(self, __HYPERVISOR_event_channel_op, cmd, &a, sizeof(a), 0);
}

/* The granting guest edits its own table, as it may at any time. */
static void op_grant_entry(struct input *in, int self)
{
	grant_entry_v1_t e;
	u32 ref = pick_small(in, take(in, 2), 600);

	e.flags = take(in, 1) & 1 ? GTF_permit_access : (u16)take(in, 2);
	if (take(in, 1) & 1)
		e.flags |= GTF_readonly;
	e.domid = pick_dom(in, self);
	e.frame = pick_gfn(in);
	copy_to_gpa(dom[self], GT_GFN * PAGE_SIZE + ref * sizeof(e), &e,
		    sizeof(e));
}

static void op_grant(struct input *in, int self)
{
	/* Mostly the ops that share frames, any of the 13 now and then. */
	static const u8 cmds[] = { GNTTABOP_map_grant_ref,
				   GNTTABOP_map_grant_ref,
				   GNTTABOP_unmap_grant_ref, GNTTABOP_copy };
	u8 sel = take(in, 1);
	u8 cmd = sel < 192 ? cmds[sel % 4] : sel % 13;
	unsigned int count = 1 + take(in, 1) % 4;
	union {
		struct gnttab_map_grant_ref map[4];
		struct gnttab_unmap_grant_ref unmap[4];
		struct gnttab_copy copy[4];
		u8 raw[4 * sizeof(struct gnttab_copy) + 64];
	} a;

	fill(in, a.raw, sizeof(a.raw));
	for (unsigned int i = 0; i < count; i++) {
		switch (cmd) {
		case GNTTABOP_map_grant_ref:
			a.map[i].host_addr = pick_gfn(in) * PAGE_SIZE;
			a.map[i].flags = take(in, 1) & 3 ?
						 GNTMAP_host_map |
							 (a.map[i].flags & 4) :
						 a.map[i].flags;
			a.map[i].ref = pick_small(in, a.map[i].ref, 600);
			a.map[i].dom = pick_dom(in, self);
			break;
		case GNTTABOP_unmap_grant_ref:
			a.unmap[i].host_addr = pick_gfn(in) * PAGE_SIZE;
			a.unmap[i].handle =
				pick_small(in, a.unmap[i].handle, 70000);
			break;
		case GNTTABOP_copy:
			a.copy[i].source.domid = pick_dom(in, self);
			a.copy[i].dest.domid = pick_dom(in, self);
			a.copy[i].flags = take(in, 1) & 3;
			/* A ref or (no GNTCOPY_*_gref) a gfn. */
			a.copy[i].source.u.gmfn =
				pick_small(in, a.copy[i].source.u.ref, NR_GFN);
			a.copy[i].dest.u.gmfn =
				pick_small(in, a.copy[i].dest.u.ref, NR_GFN);
			a.copy[i].len = take(in, 2) % 4200;
			a.copy[i].source.offset = take(in, 2) % 4200;
			a.copy[i].dest.offset = take(in, 2) % 4200;
			break;
		}
	}
	if (take(in, 1) == 0xff)
		count = take(in, 4); /* a huge or wrapping count */
	if (call(self, __HYPERVISOR_grant_table_op, cmd, &a, sizeof(a), count))
		return;
	for (unsigned int i = 0; i < count && i < 4; i++) {
		if (cmd == GNTTABOP_map_grant_ref && !a.map[i].status)
			maps_okay++;
		if (cmd == GNTTABOP_map_grant_ref)
			map_status[-a.map[i].status & 15]++;
		if (cmd == GNTTABOP_copy && !a.copy[i].status)
			copies_okay++;
	}
}

static void op_memory(struct input *in, int self)
{
	u8 cmd = take(in, 1) % 29;
	union {
		struct xen_memory_reservation r;
		struct xen_add_to_physmap x;
		struct xen_remove_from_physmap rm;
		struct xen_add_to_physmap_batch b;
		struct xen_mem_acquire_resource ar;
		u8 raw[64];
	} a;
	u64 list[4], gpfns[4];

	fill(in, a.raw, sizeof(a.raw));
	for (int i = 0; i < 4; i++)
		list[i] = pick_gfn(in);
	/* The extent list lives behind the argument block. */
	copy_to_gpa(dom[self], HOST_SCRATCH_GFN * PAGE_SIZE + 512, list,
		    sizeof(list));
	switch (cmd) {
	case XENMEM_decrease_reservation:
	case XENMEM_populate_physmap:
	case 0: /* increase_reservation */
		a.r.extent_start.q = HOST_SCRATCH_GFN * PAGE_SIZE + 512;
		a.r.nr_extents = take(in, 1) & 1 ? 1 + a.r.nr_extents % 4 :
						   a.r.nr_extents;
		a.r.extent_order = take(in, 1) & 1 ? 0 : a.r.extent_order % 10;
		a.r.domid = pick_dom(in, self);
		break;
	case XENMEM_add_to_physmap:
		a.x.domid = pick_dom(in, self);
		a.x.space %= 6;
		a.x.idx %= take(in, 1) & 1 ? 4 : NR_GFN;
		a.x.gpfn = pick_gfn(in);
		a.x.size %= 8;
		break;
	case XENMEM_remove_from_physmap:
		a.rm.domid = pick_dom(in, self);
		a.rm.gpfn = pick_gfn(in);
		break;
	case XENMEM_claim_pages:
		a.r.domid = pick_dom(in, self);
		a.r.nr_extents %= take(in, 1) & 1 ? 64 : 1 << 20;
		if (take(in, 1) & 1)
			a.r.extent_start.q = a.r.extent_order = a.r.mem_flags =
				0;
		break;
	case XENMEM_acquire_resource:
		/* Grant frames of the other domain (the privileged one's),
		 * to the gfns of the list above; sizes, beyond the table and
		 * wild lists now and then. */
		a.ar.domid = pick_dom(in, self);
		a.ar.type = take(in, 1) & 3 ? XENMEM_resource_grant_table :
					      a.ar.type % 4;
		a.ar.id = take(in, 1) & 3 ? 0 : a.ar.id % 3;
		a.ar.nr_frames %= take(in, 1) & 1 ? 5 : 100;
		a.ar.frame %= take(in, 1) & 1 ? 4 : 80;
		a.ar.flags = take(in, 1) & 7 ? 0 : a.ar.flags;
		if (take(in, 1) & 3)
			a.ar.frame_list.q = HOST_SCRATCH_GFN * PAGE_SIZE + 512;
		else if (take(in, 1) & 1)
			a.ar.frame_list.q = 0;
		break;
	case XENMEM_add_to_physmap_batch:
		/* Foreign maps mostly (the privileged domain's): the list
		 * above as the other's gfns, these as where they go. */
		for (int i = 0; i < 4; i++)
			gpfns[i] = pick_gfn(in);
		copy_to_gpa(dom[self], HOST_SCRATCH_GFN * PAGE_SIZE + 640,
			    gpfns, sizeof(gpfns));
		a.b.domid = pick_dom(in, self);
		a.b.space = take(in, 1) & 3 ? XENMAPSPACE_gmfn_foreign :
					      a.b.space % 6;
		a.b.size = take(in, 1) & 1 ? 1 + a.b.size % 4 : a.b.size;
		a.b.u.foreign_domid = pick_dom(in, self);
		a.b.idxs.q = HOST_SCRATCH_GFN * PAGE_SIZE + 512;
		a.b.gpfns.q = HOST_SCRATCH_GFN * PAGE_SIZE + 640;
		a.b.errs.q = HOST_SCRATCH_GFN * PAGE_SIZE + 768;
		break;
	}
	call(self, __HYPERVISOR_memory_op, cmd, &a, sizeof(a), 0);
}

/* Scheduling: yield, block, poll on a few ports with or without a
 * timeout, shutdown (rarely: the domain is gone for the rest of the
 * input) and remote shutdown of the other (the privileged domain only),
 * a shutdown code, watchdogs. A blocked vCPU runs again only when an
 * event or a timer wakes it, as on the machine. */
static void op_sched(struct input *in, int self)
{
	u8 sel = take(in, 1);
	u8 cmd = sel % 8;
	union {
		struct sched_poll poll;
		struct sched_shutdown sd;
		struct sched_remote_shutdown rs;
		struct sched_watchdog wd;
		u8 raw[32];
	} a;
	u32 ports[3];

	fill(in, a.raw, sizeof(a.raw));
	switch (cmd) {
	case SCHEDOP_poll:
		for (int i = 0; i < 3; i++)
			ports[i] = pick_small(in, take(in, 2), 1100);
		copy_to_gpa(dom[self], HOST_SCRATCH_GFN * PAGE_SIZE + 512,
			    ports, sizeof(ports));
		a.poll.ports.q = HOST_SCRATCH_GFN * PAGE_SIZE + 512;
		a.poll.nr_ports = take(in, 1) % 4;
		a.poll.timeout =
			take(in, 1) & 1 ? now_ns() + take(in, 2) * 1000 : 0;
		break;
	case SCHEDOP_shutdown:
		if (sel < 240) /* mostly keep the domain: it is the test bed */
			return;
		break;
	case SCHEDOP_remote_shutdown:
		a.rs.domain_id = pick_dom(in, self);
		if (sel < 200 && a.rs.domain_id == dom[!self]->id)
			return;
		break;
	case SCHEDOP_watchdog:
		a.wd.id %= 4;
		a.wd.timeout %= 3;
		break;
	}
	call(self, __HYPERVISOR_sched_op, cmd, &a, sizeof(a), 0);
}

/* A hypercall whose one argument is a pointer to the op (domctl, sysctl):
 * the op in the scratch page, the stats under command 0. */
static long call_ptr(int self, unsigned int nr, void *arg, size_t n)
{
	u64 gpa = HOST_SCRATCH_GFN * PAGE_SIZE;
	long rc;

	copy_to_gpa(dom[self], gpa, arg, n);
	rc = host_call(dom[self]->vcpu[0], nr, gpa, 0, 0, 0, 0);
	if (nr < STAT_NR)
		stats[nr][0][rc <= 0 && rc > -63 ? -rc : 63]++;
	return rc;
}

/* The toolstack (from domain a, privileged or not): create, size and
 * destroy domains, query them and the machine, on ids that exist, are
 * dying or were never there. */
static void op_toolstack(struct input *in, int self)
{
	static const u32 dcmds[] = {
		XEN_DOMCTL_createdomain,
		XEN_DOMCTL_destroydomain,
		XEN_DOMCTL_getdomaininfo,
		XEN_DOMCTL_max_mem,
		XEN_DOMCTL_max_vcpus,
		XEN_DOMCTL_pausedomain,
		XEN_DOMCTL_unpausedomain,
		XEN_DOMCTL_setvcpuaffinity,
		XEN_DOMCTL_getvcpuaffinity,
		XEN_DOMCTL_scheduler_op,
		XEN_DOMCTL_setdomainhandle,
		XEN_DOMCTL_settscinfo,
		XEN_DOMCTL_gettscinfo,
		XEN_DOMCTL_setnodeaffinity,
		XEN_DOMCTL_getnodeaffinity,
		XEN_DOMCTL_gethvmcontext,
		XEN_DOMCTL_sethvmcontext,
		XEN_DOMCTL_set_paging_mempool_size,
		XEN_DOMCTL_get_paging_mempool_size,
		XEN_DOMCTL_getvcpucontext,
		XEN_DOMCTL_gethvmcontext_partial,
		XEN_DOMCTL_setvcpucontext,
		XEN_DOMCTL_get_cpu_policy,
		XEN_DOMCTL_set_cpu_policy,
		XEN_DOMCTL_getvcpuinfo,
	};
	static const u32 scmds[] = {
		XEN_SYSCTL_physinfo,	   XEN_SYSCTL_getdomaininfolist,
		XEN_SYSCTL_sched_id,	   XEN_SYSCTL_cputopoinfo,
		XEN_SYSCTL_numainfo,	   XEN_SYSCTL_cpupool_op,
		XEN_SYSCTL_readconsole,	   XEN_SYSCTL_get_cpu_featureset,
		XEN_SYSCTL_get_cpu_policy,
	};
	union {
		struct xen_domctl d;
		struct xen_sysctl s;
		u8 raw[sizeof(struct xen_domctl)];
	} a;
	u8 sel = take(in, 1);

	fill(in, a.raw, sizeof(a.raw));
	/* Handles are random (wild pointers) unless a case sets one. */
	if (sel & 0x80) {
		a.s.cmd = scmds[sel % ARRAY_SIZE(scmds)];
		a.s.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
		a.s.u.getdomaininfolist.first_domain = take(in, 1) % 8;
		a.s.u.getdomaininfolist.max_domains = take(in, 1) % 8;
		a.s.u.getdomaininfolist.buffer.q =
			HOST_SCRATCH_GFN * PAGE_SIZE + 1024;
		call_ptr(self, __HYPERVISOR_sysctl, &a, sizeof(a));
		return;
	}
	a.d.cmd = dcmds[sel % ARRAY_SIZE(dcmds)];
	a.d.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	a.d.domain = take(in, 1) % 10;
	if (a.d.cmd == XEN_DOMCTL_createdomain && take(in, 1) & 1) {
		a.d.u.createdomain = (struct xen_domctl_createdomain){
			.flags = XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap,
			.max_vcpus = 1 + take(in, 1) % 3,
			.grant_opts = 1,
			.arch.emulation_flags = XEN_X86_EMU_LAPIC,
		};
	}
	if ((a.d.cmd == XEN_DOMCTL_set_cpu_policy ||
	     a.d.cmd == XEN_DOMCTL_get_cpu_policy) &&
	    take(in, 1) & 1) {
		/* Lists the hv can read: leaves whose numbers are mostly
		 * ones a policy has, and MSRs. */
		u8 list[2048];
		u64 at = HOST_SCRATCH_GFN * PAGE_SIZE + 1024;

		fill(in, list, sizeof(list));
		for (unsigned int i = 0; i + 8 <= sizeof(list); i += 24) {
			list[i + 1] = list[i + 2] = 0;
			list[i + 3] = list[i + 3] & 1 ? 0x80 : 0;
		}
		copy_to_gpa(dom[self], at, list, sizeof(list));
		a.d.u.cpu_policy.nr_leaves = take(in, 1) % 130;
		a.d.u.cpu_policy.nr_msrs = take(in, 1) % 4;
		a.d.u.cpu_policy.leaves.q = at;
		a.d.u.cpu_policy.msrs.q = at + 2048;
		if (take(in, 1) & 1)
			a.d.u.cpu_policy.leaves.q = 0;
	}
	call_ptr(self, __HYPERVISOR_domctl, &a, sizeof(a));
}

/* The guest scribbles on one of its frames (FIFO words, a ring...). */
static void op_write(struct input *in, int self)
{
	u64 gpa = pick_gfn(in) * PAGE_SIZE + take(in, 2) % PAGE_SIZE;
	u64 v = take(in, 8);

	copy_to_gpa(dom[self], gpa, &v, 1 + take(in, 1) % 8);
}

/* Any hypercall of the build with raw arguments. */
static void op_raw(struct input *in, int self)
{
	u8 raw[128];
	unsigned int nr = take(in, 1) % 40;
	u64 a1 = take(in, 1) % 16, a3 = take(in, 2);

	fill(in, raw, sizeof(raw));
	if (take(in, 1) & 1)
		call(self, nr, a1, raw, sizeof(raw), a3);
	else /* a raw second argument: a wild pointer, mostly */
		host_call(dom[self]->vcpu[0], nr, a1, take(in, 8), a3, 0, 0);
}

/* Every RAM frame in a physmap is referenced and owned by that domain
 * (frame_get() would refuse it otherwise); frames owned stay bounded. */
static void check_invariants(void)
{
	for (int i = 0; i < 2; i++) {
		if (!dom[i])
			continue;
		for (u64 gfn = 0; gfn < NR_GFN; gfn++) {
			mfn_t mfn;

			if (physmap_lookup(dom[i], gfn, &mfn, NULL) !=
			    PHYSMAP_RAM)
				continue;
			if (!frame_refs(mfn) || !frame_get(mfn, dom[i])) {
				fprintf(stderr,
					"d%u gfn %lu: RAM frame %#lx not d%u's "
					"(refs %u)\n",
					dom[i]->id, (unsigned long)gfn,
					(unsigned long)mfn, dom[i]->id,
					frame_refs(mfn));
				abort();
			}
			frame_put(mfn);
		}
	}
}

/* Domain a is the privileged one (dom0) when the input says so. */
static void setup(bool a_privileged)
{
	for (int i = 0; i < 2; i++) {
		dom[i] = host_domain(i ? "b" : "a", !i && a_privileged, NR_RAM,
				     GT_GFN, SI_GFN);
		if (!dom[i])
			abort();
	}
}

static void teardown(int first)
{
	host_destroy(dom[first]);
	host_destroy(dom[!first]);
	dom[0] = dom[1] = NULL;
	/* And whatever the toolstack ops created and left. */
	for (domid_t id = 0; id < MAX_DOMAINS; id++) {
		struct domain *d = domain_get(id);

		if (d) {
			domain_shutdown(d, SHUTDOWN_poweroff);
			domain_put(d);
		}
	}
}

static int stats_hooked;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	u64 free_before;

	if (!stats_hooked++ && getenv("HV_FUZZ_STATS"))
		atexit(print_stats);
	host_init(64 << 20);
	free_before = host_free_pages();
	setup(size && (data[0] & 0x80));
	for (int steps = 0; in.left && steps < 200; steps++) {
		u8 op = take(&in, 1);
		int self = op & 1;

		switch ((op >> 1) % 9) {
		case 0:
			op_evtchn(&in, self);
			break;
		case 1:
			op_grant_entry(&in, self);
			break;
		case 2:
			op_grant(&in, self);
			break;
		case 3:
			op_memory(&in, self);
			break;
		case 4:
			op_write(&in, self);
			break;
		case 5:
			op_raw(&in, self);
			break;
		case 6:
			op_grant(&in, self); /* the richest: twice the weight */
			break;
		case 7:
			op_sched(&in, self);
			break;
		case 8:
			op_toolstack(&in, self);
			break;
		}
		check_invariants();
	}
	teardown(size & 1);
	if (frames_owned() || host_free_pages() != free_before) {
		fprintf(stderr,
			"after teardown: %lu guest frames owned, %ld hv "
			"pages not back\n",
			(unsigned long)frames_owned(),
			(long)(free_before - host_free_pages()));
		abort();
	}
	return 0;
}
