// SPDX-License-Identifier: MIT
/*
 * Call generators for the other families, multicall, and what we learn
 * from results (ports we bound, grants we mapped). Left out on purpose:
 * calls that stop this guest by design (sched_op block/shutdown,
 * vcpu_op down and send_nmi) and console writes of random memory.
 */
#include "fuzz.h"

static uint64_t now_ns(void)
{
	struct xen_hvm_get_time t = { 0 };

	HYPERVISOR_hvm_op(HVMOP_get_time, &t);
	return t.now;
}

/* Xen declares these commands int: garbage above bit 31 must not matter. */
static unsigned long int_cmd(struct fz *f, unsigned long cmd)
{
	return fz_one_in(f, 16) ? cmd | (fz_next(f) << 32) : cmd;
}

static void gen_evtchn(struct fz *f, struct call *c)
{
	unsigned int r = fz_below(f, 100), cmd;
	void *p;

	c->nr = __HYPERVISOR_event_channel_op;
	if (r < 20) {
		struct evtchn_send *s = p = out_alloc(f, sizeof(*s));

		cmd = EVTCHNOP_send;
		s->port = pick_port(f);
	} else if (r < 30) {
		struct evtchn_status *s = p = out_alloc(f, sizeof(*s));

		cmd = EVTCHNOP_status;
		s->dom = pick_domid(f);
		s->port = pick_port(f);
	} else if (r < 42) {
		struct evtchn_alloc_unbound *s = p = out_alloc(f, sizeof(*s));

		cmd = EVTCHNOP_alloc_unbound;
		s->dom = fz_below(f, 4) ? DOMID_SELF : pick_domid(f);
		s->remote_dom = pick_domid(f);
		c->port_out = &s->port;
	} else if (r < 52) {
		struct evtchn_bind_interdomain *s = p =
			out_alloc(f, sizeof(*s));

		cmd = EVTCHNOP_bind_interdomain;
		s->remote_dom = fz_below(f, 2) ? fz_self : pick_domid(f);
		s->remote_port = pick_port(f);
		c->port_out = &s->local_port;
	} else if (r < 60) {
		struct evtchn_bind_ipi *s = p = out_alloc(f, sizeof(*s));

		cmd = EVTCHNOP_bind_ipi;
		s->vcpu = pick_vcpu(f);
		c->port_out = &s->port;
	} else if (r < 66) {
		struct evtchn_bind_virq *s = p = out_alloc(f, sizeof(*s));

		cmd = EVTCHNOP_bind_virq;
		s->virq = fz_below(f, 8) ? fz_below(f, 12) : fz_below(f, 40);
		s->vcpu = pick_vcpu(f);
		c->port_out = &s->port;
	} else if (r < 76) {
		struct evtchn_close *s = p = out_alloc(f, sizeof(*s));

		cmd = EVTCHNOP_close;
		s->port = pick_port(f);
	} else if (r < 84) {
		struct evtchn_unmask *s = p = out_alloc(f, sizeof(*s));

		cmd = EVTCHNOP_unmask;
		s->port = pick_port(f);
	} else if (r < 93) {
		struct evtchn_bind_vcpu *s = p = out_alloc(f, sizeof(*s));

		cmd = EVTCHNOP_bind_vcpu;
		s->port = pick_port(f);
		s->vcpu = pick_vcpu(f);
	} else if (r < 94) {
		struct evtchn_reset *s = p = out_alloc(f, sizeof(*s));

		cmd = EVTCHNOP_reset;
		s->dom = pick_domid(f);
	} else {
		static const uint8_t other[] = {
			EVTCHNOP_bind_pirq, 11, 12, 13, 14, 0xff
		};

		cmd = other[fz_below(f, sizeof(other))];
		p = out_alloc(f, 64);
	}
	c->a[0] = int_cmd(f, cmd);
	c->a[1] = fz_one_in(f, 16) ? pick_out(f, 16) : (unsigned long)p;
}

static void gen_vcpu(struct fz *f, struct call *c)
{
	static const uint64_t period[] = { 49999, 1000000, 1000000, 10000000,
					   0 };
	unsigned int cmd = fz_below(f, 16);
	unsigned long arg = 0;

	c->nr = __HYPERVISOR_vcpu_op;
	if (cmd == VCPUOP_down || cmd == VCPUOP_send_nmi)
		cmd = VCPUOP_is_up; /* would stop the other fuzzing vCPU */
	switch (cmd) {
	case VCPUOP_get_runstate_info:
	case VCPUOP_initialise:
		arg = pick_out(f, 512);
		break;
	case VCPUOP_register_runstate_memory_area: {
		struct vcpu_register_runstate_memory_area *s =
			out_alloc(f, sizeof(*s));

		/* Written at every schedule-in: the out area or nowhere. */
		s->addr.p = fz_below(f, 2) ? (unsigned long)out_alloc(f, 64) :
					     pick_wild(f);
		arg = (unsigned long)s;
		break;
	}
	case VCPUOP_set_periodic_timer: {
		struct vcpu_set_periodic_timer *s = out_alloc(f, sizeof(*s));

		s->period_ns = period[fz_below(f, 5)];
		arg = fz_one_in(f, 8) ? 0 : (unsigned long)s;
		break;
	}
	case VCPUOP_set_singleshot_timer: {
		struct vcpu_set_singleshot_timer *s = out_alloc(f, sizeof(*s));

		s->timeout_abs_ns = fz_below(f, 2) ? now_ns() + 1000000 :
						     fz_below(f, 3);
		s->flags = fz_below(f, 3) ? fz_below(f, 2) : fz_next(f);
		arg = (unsigned long)s;
		break;
	}
	case VCPUOP_register_vcpu_info: {
		struct vcpu_register_vcpu_info *s = out_alloc(f, sizeof(*s));
		static const uint32_t off[] = { 0, 64, 4032, 4033, 4095 };

		s->mfn = pick_gfn_safe(f); /* the hv writes there for good */
		s->offset = off[fz_below(f, 5)];
		arg = (unsigned long)s;
		break;
	}
	default:
		arg = fz_one_in(f, 4) ? pick_wild(f) : 0;
		break;
	}
	c->a[0] = int_cmd(f, cmd);
	c->a[1] = pick_vcpu(f);
	c->a[2] = arg;
}

static void gen_sched(struct fz *f, struct call *c)
{
	unsigned int r = fz_below(f, 10);

	c->nr = __HYPERVISOR_sched_op;
	if (r < 4) {
		c->a[0] = SCHEDOP_yield;
	} else if (r < 7) {
		struct sched_poll *s = out_alloc(f, sizeof(*s));
		evtchn_port_t *ports = out_alloc(f, 4 * sizeof(*ports));
		static const uint32_t nr[] = { 0, 1, 4, 128, 129, 0xffffffff };

		for (unsigned int i = 0; i < 4; i++)
			ports[i] = pick_port(f);
		s->ports.q = fz_one_in(f, 8) ? pick_wild(f) :
					       (unsigned long)ports;
		s->nr_ports = fz_below(f, 2) ? 1 + fz_below(f, 4) :
					       nr[fz_below(f, 6)];
		/* Never 0 (no timeout): nothing may wake us. */
		s->timeout = fz_below(f, 2) ? 1 : now_ns() + 20000;
		c->a[0] = SCHEDOP_poll;
		c->a[1] = (unsigned long)s;
	} else if (r < 9) {
		struct sched_remote_shutdown *s = out_alloc(f, sizeof(*s));

		/* Unprivileged: -EPERM, or the bystander fails. */
		s->domain_id = fz_below(f, 2) ? fz_peer : pick_domid(f);
		s->reason = fz_below(f, 5);
		c->a[0] = SCHEDOP_remote_shutdown;
		c->a[1] = fz_one_in(f, 8) ? 0 : (unsigned long)s;
	} else if (fz_below(f, 2)) {
		/* Watchdogs, never one that fires while we run: it would shut
		 * this guest down (as in Xen). */
		struct sched_watchdog *w = out_alloc(f, sizeof(*w));
		static const uint32_t id[] = { 0, 1, 2, 3, 0xffffffff };
		static const uint32_t timeout[] = { 0, 3600, 0xffffffff };

		w->id = id[fz_below(f, 5)];
		/* A new one (id 0) with timeout 0 fires at once (Xen). */
		w->timeout =
			timeout[w->id ? fz_below(f, 3) : 1 + fz_below(f, 2)];
		c->a[0] = SCHEDOP_watchdog;
		c->a[1] = fz_one_in(f, 8) ? pick_faulting(f) : (unsigned long)w;
	} else {
		static const uint8_t other[] = { SCHEDOP_shutdown_code, 7, 8,
						 99 };

		c->a[0] = other[fz_below(f, sizeof(other))];
		c->a[1] = pick_out(f, 16);
	}
	c->a[0] = int_cmd(f, c->a[0]);
}

static void gen_hvm(struct fz *f, struct call *c)
{
	static const uint32_t settable[] = { HVM_PARAM_CALLBACK_IRQ,
					     HVM_PARAM_TIMER_MODE,
					     HVM_PARAM_TRIPLE_FAULT_REASON };
	unsigned int r = fz_below(f, 10);

	c->nr = __HYPERVISOR_hvm_op;
	if (r < 5) {
		struct xen_hvm_param *p = out_alloc(f, sizeof(*p));

		p->domid = pick_domid(f);
		p->index = fz_below(f, 4) ? settable[fz_below(f, 3)] :
					    HVM_NR_PARAMS - 2 + fz_below(f, 4);
		if (fz_below(f, 2))
			p->index = fz_below(f, HVM_NR_PARAMS);
		p->value = fz_next(f);
		/* We never enable interrupts, so no callback is delivered. */
		c->a[0] = fz_below(f, 3) ? HVMOP_get_param : HVMOP_set_param;
		c->a[1] = fz_one_in(f, 16) ? pick_out(f, 16) : (unsigned long)p;
	} else if (r < 8) {
		static const uint8_t op[] = { HVMOP_flush_tlbs, HVMOP_get_time,
					      HVMOP_set_evtchn_upcall_vector };

		c->a[0] = op[fz_below(f, 3)];
		c->a[1] = c->a[0] == HVMOP_flush_tlbs && fz_below(f, 2) ?
				  0 :
				  pick_out(f, 16);
	} else {
		static const uint64_t other[] = { HVMOP_pagetable_dying,
						  HVMOP_get_mem_type, 2, 40,
						  1ULL << 32 };

		c->a[0] = other[fz_below(f, 5)];
		c->a[1] = pick_out(f, 64);
	}
}

static void gen_misc(struct fz *f, struct call *c)
{
	switch (fz_below(f, 8)) {
	case 0 ... 3: {
		/* A length first, as xen_build_id has it. */
		struct xen_build_id *v = out_alloc(f, 1100);
		static const uint32_t len[] = { 0, 4, 1024, 0xffffffff };

		c->nr = __HYPERVISOR_xen_version;
		c->a[0] = int_cmd(f, fz_below(f, 17));
		v->len = len[fz_below(f, 4)];
		c->a[1] = c->a[0] == XENVER_pagesize && fz_below(f, 2) ?
				  0 :
				  (fz_one_in(f, 6) ? pick_wild(f) :
						     (unsigned long)v);
		break;
	}
	case 4:
	case 5: {
		static const uint64_t t[] = { 0, 1, 1ULL << 63, ~0ULL };

		c->nr = __HYPERVISOR_set_timer_op;
		c->a[0] = fz_below(f, 2) ? now_ns() + 1000000 :
					   t[fz_below(f, 4)];
		break;
	}
	case 6: {
		/* Writes print: nothing, or from a bad buffer. */
		c->nr = __HYPERVISOR_console_io;
		c->a[0] = int_cmd(f, fz_below(f, 3));
		c->a[1] = fz_below(f, 2) ? 0 : 1 + fz_below(f, 4096);
		c->a[2] = c->a[1] ? pick_faulting(f) :
				    (unsigned long)out_alloc(f, 8);
		break;
	}
	default:
		c->nr = __HYPERVISOR_vm_assist;
		c->a[0] = int_cmd(f, fz_below(f, 3));
		c->a[1] = fz_below(f, 2) ? VMASST_TYPE_runstate_update_flag :
					   fz_below(f, 40);
		break;
	}
}

static bool implemented(unsigned long nr)
{
	switch (nr) {
	case __HYPERVISOR_memory_op:
	case __HYPERVISOR_multicall:
	case __HYPERVISOR_set_timer_op:
	case __HYPERVISOR_xen_version:
	case __HYPERVISOR_console_io:
	case __HYPERVISOR_grant_table_op:
	case __HYPERVISOR_vm_assist:
	case __HYPERVISOR_vcpu_op:
	case __HYPERVISOR_sched_op:
	case __HYPERVISOR_event_channel_op:
	case __HYPERVISOR_hvm_op:
		return true;
	}
	return false;
}

static void gen_multicall(struct fz *f, struct call *c)
{
	unsigned int n = 1 + fz_below(f, MC_MAX);
	struct multicall_entry *e =
		(void *)(f->mc + MC_PAGES * 4096 - n * sizeof(*e));

	f->nested = true;
	for (unsigned int i = 0; i < n; i++) {
		struct call *s = &f->mc_calls[i];

		memset(s, 0, sizeof(*s));
		if (fz_one_in(f, 12)) {
			/* A bad entry: a nested multicall or a hole. */
			s->nr = fz_below(f, 2) ? __HYPERVISOR_multicall :
						 fz_below(f, 64);
			if (implemented(s->nr) &&
			    s->nr != __HYPERVISOR_multicall)
				s->nr = 11;
			s->a[0] = (unsigned long)e;
			s->a[1] = n;
		} else {
			gen_call(f, s);
		}
		memset(&e[i], 0, sizeof(e[i]));
		e[i].op = s->nr;
		for (int j = 0; j < 5; j++)
			e[i].args[j] = s->a[j];
		e[i].result = 0x5e5e5e5e5e5e5e5eULL; /* not run */
	}
	f->nested = false;
	c->nr = __HYPERVISOR_multicall;
	c->entries = e;
	c->nops = n;
	c->a[0] = fz_one_in(f, 16) ? pick_wild(f) : (unsigned long)e;
	c->a[1] = int_cmd(f, pick_count(f, n));
}

void gen_call(struct fz *f, struct call *c)
{
	unsigned int r = fz_below(f, 100);

	memset(c, 0, sizeof(*c));
	if (r < 22)
		gen_memory(f, c);
	else if (r < 47)
		gen_grant(f, c);
	else if (r < 67)
		gen_evtchn(f, c);
	else if (r < 74)
		gen_vcpu(f, c);
	else if (r < 79)
		gen_sched(f, c);
	else if (r < 84)
		gen_hvm(f, c);
	else if (r < 91)
		gen_misc(f, c);
	else if (r < 99 && !f->nested)
		gen_multicall(f, c);
	else {
		/* A hole in the table: random arguments cannot hurt. */
		c->nr = fz_below(f, 2) ? fz_below(f, 64) : fz_next(f);
		if (implemented(c->nr))
			c->nr = 11;
		for (int j = 0; j < 5; j++)
			c->a[j] = fz_next(f);
	}
}

void after_call(struct fz *f, const struct call *c, long rc)
{
	if (c->port_out && rc == 0 && *c->port_out)
		remember_port(f, *c->port_out);
	if (c->is_map && rc == 0) {
		const struct gnttab_map_grant_ref *op = (const void *)c->ops;

		for (unsigned int i = 0; i < c->nops; i++)
			if (op[i].status == GNTST_okay && f->nmaps < MAP_RING) {
				f->maps[f->nmaps].handle = op[i].handle;
				f->maps[f->nmaps++].addr = op[i].host_addr;
			}
	}
	if (c->entries)
		for (unsigned int i = 0; i < c->nops; i++) {
			long r = c->entries[i].result;

			if (c->entries[i].result == 0x5e5e5e5e5e5e5e5eULL)
				continue;
			cov_count(f->cpu, &f->mc_calls[i], r);
			after_call(f, &f->mc_calls[i], r);
		}
}
