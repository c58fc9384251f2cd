// SPDX-License-Identifier: GPL-2.0
/*
 * Event channels. Lock order: a domain's evtchn lock, then the scheduler
 * lock (vcpu_kick). Two domains' locks are never held together: an
 * inter-domain operation reads one side, drops its lock, then works on the
 * other side and re-checks that the link still stands. Timers raise VIRQs
 * from interrupt context, hence the irqsave locks.
 */
#include <hv/compiler.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/evtchn.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/mm.h>
#include <hv/sched.h>
#include <hv/spinlock.h>
#include <hv/string.h>
#include <event_channel.h>

/* ECS_HV: the other end is a service in the hv itself (the console). */
enum { ECS_FREE, ECS_UNBOUND, ECS_INTERDOMAIN, ECS_VIRQ, ECS_IPI, ECS_HV };

struct evtchn {
	u8 state;
	u16 vcpu; /* notified vCPU */
	union {
		domid_t unbound_remote;
		struct {
			domid_t dom;
			u32 port;
		} remote;
		u32 virq;
		evtchn_hv_fn hv_fn;
	};
};

struct evtchn_domain {
	spinlock_t lock; /* the table (not the shared_info bitmaps) */
	struct evtchn port[EVTCHN_MAX_PORTS];
};

static bool virq_is_global(unsigned int virq)
{
	return virq != VIRQ_TIMER && virq != VIRQ_DEBUG &&
	       virq != VIRQ_XENOPROF && virq != VIRQ_XENPMU;
}

int evtchn_domain_init(struct domain *d)
{
	d->evtchn = xzalloc(sizeof(*d->evtchn));
	return d->evtchn ? 0 : -ENOMEM;
}

bool evtchn_port_valid(struct domain *d, u32 port)
{
	return port && port < EVTCHN_MAX_PORTS;
}

/* --- The 2-level bitmaps in shared_info ---------------------------- */

static bool test_and_set(u64 *w, unsigned int bit)
{
	return __atomic_fetch_or(w, 1ULL << bit, __ATOMIC_SEQ_CST) &
	       (1ULL << bit);
}

static bool test(const u64 *w, unsigned int bit)
{
	return __atomic_load_n(w, __ATOMIC_SEQ_CST) & (1ULL << bit);
}

static void clear(u64 *w, unsigned int bit)
{
	__atomic_fetch_and(w, ~(1ULL << bit), __ATOMIC_SEQ_CST);
}

static __hot bool polls(const struct vcpu *v, u32 port)
{
	for (unsigned int i = 0; i < READ_ONCE(v->nr_poll_ports); i++)
		if (v->poll_ports[i] == port)
			return true;
	return false;
}

/* Tell v's guest that word port/64 has news, if not masked. */
static __hot void notify(struct domain *d, struct vcpu *v, u32 port)
{
	struct shared_info *s = d->shared_info;
	struct vcpu_info *vi = v->vcpu_info;

	if (polls(v, port)) {
		vcpu_kick(v);
		return;
	}
	if (test(&s->evtchn_mask[port / 64], port % 64) || !vi)
		return;
	if (test_and_set(&vi->evtchn_pending_sel, port / 64))
		return;
	WRITE_ONCE(vi->evtchn_upcall_pending, 1);
	vcpu_kick(v);
}

static __hot void set_pending(struct domain *d, u32 port, unsigned int vcpu)
{
	struct shared_info *s = d->shared_info;

	if (vcpu >= d->nr_vcpus)
		return;
	if (test_and_set(&s->evtchn_pending[port / 64], port % 64))
		return;
	notify(d, d->vcpu[vcpu], port);
}

bool evtchn_poll_ready(struct vcpu *v)
{
	struct shared_info *s = v->domain->shared_info;

	for (unsigned int i = 0; i < READ_ONCE(v->nr_poll_ports); i++) {
		u32 p = v->poll_ports[i];

		if (p < EVTCHN_MAX_PORTS &&
		    test(&s->evtchn_pending[p / 64], p % 64))
			return true;
	}
	return false;
}

/* --- Port table ---------------------------------------------------- */

static int alloc_port(struct evtchn_domain *e)
{
	for (u32 p = 1; p < EVTCHN_MAX_PORTS; p++)
		if (e->port[p].state == ECS_FREE)
			return p;
	return -ENOSPC;
}

/* A fresh port starts neither pending nor masked... as Xen leaves the
 * mask alone: the guest owns it. Only pending is cleared. */
static void port_reset_pending(struct domain *d, u32 port)
{
	clear(&d->shared_info->evtchn_pending[port / 64], port % 64);
}

int evtchn_alloc_unbound_port(struct domain *d, domid_t remote)
{
	struct evtchn_domain *e = d->evtchn;
	unsigned long flags = spin_lock_irqsave(&e->lock);
	int port = alloc_port(e);

	if (port > 0) {
		e->port[port] = (struct evtchn){ .state = ECS_UNBOUND,
						 .unbound_remote = remote };
		port_reset_pending(d, port);
	}
	spin_unlock_irqrestore(&e->lock, flags);
	return port;
}

int evtchn_bind_hv(struct domain *d, evtchn_hv_fn fn)
{
	struct evtchn_domain *e = d->evtchn;
	unsigned long flags = spin_lock_irqsave(&e->lock);
	int port = alloc_port(e);

	if (port > 0) {
		e->port[port] = (struct evtchn){ .state = ECS_HV, .hv_fn = fn };
		port_reset_pending(d, port);
	}
	spin_unlock_irqrestore(&e->lock, flags);
	return port;
}

void evtchn_raise(struct domain *d, u32 port)
{
	unsigned long flags;

	if (!evtchn_port_valid(d, port))
		return;
	flags = spin_lock_irqsave(&d->evtchn->lock);
	if (d->evtchn->port[port].state != ECS_FREE)
		set_pending(d, port, d->evtchn->port[port].vcpu);
	spin_unlock_irqrestore(&d->evtchn->lock, flags);
}

/* The peer of an inter-domain port goes back to waiting for us. */
static void unlink_peer(struct domain *d, domid_t rid, u32 rport, u32 port)
{
	struct domain *r = domain_get(rid);
	unsigned long flags;
	struct evtchn *c;

	if (!r)
		return;
	flags = spin_lock_irqsave(&r->evtchn->lock);
	c = &r->evtchn->port[rport];
	if (c->state == ECS_INTERDOMAIN && c->remote.dom == d->id &&
	    c->remote.port == port) {
		c->state = ECS_UNBOUND;
		c->unbound_remote = d->id;
	}
	spin_unlock_irqrestore(&r->evtchn->lock, flags);
	domain_put(r);
}

/* Close port of d (the evtchn lock is taken here). */
static long close_port(struct domain *d, u32 port)
{
	struct evtchn_domain *e = d->evtchn;
	unsigned long flags;
	struct evtchn c;

	if (!evtchn_port_valid(d, port))
		return -EINVAL;
	flags = spin_lock_irqsave(&e->lock);
	c = e->port[port];
	if (c.state == ECS_FREE) {
		spin_unlock_irqrestore(&e->lock, flags);
		return -EINVAL;
	}
	if (c.state == ECS_VIRQ) {
		struct vcpu *v = d->vcpu[c.vcpu];

		if (v->virq_port[c.virq] == port)
			v->virq_port[c.virq] = 0;
	}
	e->port[port].state = ECS_FREE;
	port_reset_pending(d, port);
	spin_unlock_irqrestore(&e->lock, flags);
	if (c.state == ECS_INTERDOMAIN)
		unlink_peer(d, c.remote.dom, c.remote.port, port);
	return 0;
}

void evtchn_domain_destroy(struct domain *d)
{
	for (u32 p = 1; p < EVTCHN_MAX_PORTS; p++)
		if (d->evtchn->port[p].state != ECS_FREE)
			close_port(d, p);
	xfree(d->evtchn);
	d->evtchn = NULL;
}

/* --- Sending ------------------------------------------------------- */

static __hot long send(struct domain *d, u32 port)
{
	struct evtchn_domain *e = d->evtchn;
	unsigned long flags;
	struct evtchn c;
	struct domain *r;

	if (!evtchn_port_valid(d, port))
		return -EINVAL;
	flags = spin_lock_irqsave(&e->lock);
	c = e->port[port];
	if (c.state == ECS_IPI)
		set_pending(d, port, c.vcpu);
	spin_unlock_irqrestore(&e->lock, flags);

	switch (c.state) {
	case ECS_HV:
		c.hv_fn(d, port);
		return 0;
	case ECS_IPI:
	case ECS_UNBOUND: /* nobody listens yet: dropped, as in Xen */
		return 0;
	case ECS_INTERDOMAIN:
		break;
	default:
		return -EINVAL;
	}
	r = domain_get(c.remote.dom);
	if (!r)
		return 0; /* the peer is going away */
	flags = spin_lock_irqsave(&r->evtchn->lock);
	{
		struct evtchn *rc = &r->evtchn->port[c.remote.port];

		if (rc->state == ECS_INTERDOMAIN && rc->remote.dom == d->id &&
		    rc->remote.port == port)
			set_pending(r, c.remote.port, rc->vcpu);
	}
	spin_unlock_irqrestore(&r->evtchn->lock, flags);
	domain_put(r);
	return 0;
}

void evtchn_send_virq(struct vcpu *v, unsigned int virq)
{
	struct domain *d = v->domain;
	unsigned long flags;
	u32 port;

	if (!d->evtchn)
		return;
	flags = spin_lock_irqsave(&d->evtchn->lock);
	port = v->virq_port[virq];
	if (port)
		set_pending(d, port, d->evtchn->port[port].vcpu);
	spin_unlock_irqrestore(&d->evtchn->lock, flags);
}

void evtchn_send_global_virq(unsigned int virq)
{
	struct domain *d = domain_get(0);

	if (!d)
		return;
	evtchn_send_virq(d->vcpu[0], virq);
	domain_put(d);
}

void evtchn_notify_dom_exc(void)
{
	evtchn_send_global_virq(VIRQ_DOM_EXC);
}

/* --- Hypercall sub-ops ----------------------------------------------- */

static long op_alloc_unbound(struct domain *cur, struct evtchn_alloc_unbound *a)
{
	long rc = 0;
	struct domain *d = domain_get_target(cur, a->dom, &rc);
	domid_t remote = a->remote_dom == DOMID_SELF ? cur->id : a->remote_dom;
	int port;

	if (!d)
		return rc;
	port = evtchn_alloc_unbound_port(d, remote);
	domain_put(d);
	if (port < 0)
		return port;
	a->port = port;
	return 0;
}

static long op_bind_interdomain(struct domain *d,
				struct evtchn_bind_interdomain *b)
{
	domid_t rid = b->remote_dom == DOMID_SELF ? d->id : b->remote_dom;
	struct domain *r;
	unsigned long flags;
	struct evtchn *rc;
	int port;
	long ret = 0;

	if (!evtchn_port_valid(d, b->remote_port))
		return -EINVAL;
	r = domain_get(rid);
	if (!r)
		return -ESRCH;
	/* Claim a local port first, so the remote side can point at it. */
	port = evtchn_alloc_unbound_port(d, rid);
	if (port < 0) {
		domain_put(r);
		return port;
	}
	flags = spin_lock_irqsave(&r->evtchn->lock);
	rc = &r->evtchn->port[b->remote_port];
	if (rc->state != ECS_UNBOUND || rc->unbound_remote != d->id) {
		ret = -EINVAL;
	} else {
		rc->state = ECS_INTERDOMAIN;
		rc->remote.dom = d->id;
		rc->remote.port = port;
	}
	spin_unlock_irqrestore(&r->evtchn->lock, flags);

	flags = spin_lock_irqsave(&d->evtchn->lock);
	if (ret) {
		d->evtchn->port[port].state = ECS_FREE;
	} else {
		struct evtchn *c = &d->evtchn->port[port];

		c->state = ECS_INTERDOMAIN;
		c->vcpu = 0;
		c->remote.dom = rid;
		c->remote.port = b->remote_port;
		b->local_port = port;
		/* Like Xen: the local port starts pending, so the binder
		 * notices whatever the peer signalled before. */
		set_pending(d, port, 0);
	}
	spin_unlock_irqrestore(&d->evtchn->lock, flags);
	domain_put(r);
	return ret;
}

static long op_bind_virq(struct domain *d, struct evtchn_bind_virq *b)
{
	struct evtchn_domain *e = d->evtchn;
	unsigned long flags;
	struct vcpu *v;
	int port;

	if (b->virq >= NR_VIRQS || b->virq >= ARRAY_SIZE(v->virq_port))
		return -EINVAL;
	if (virq_is_global(b->virq) && b->vcpu != 0)
		return -EINVAL;
	if (b->vcpu >= d->nr_vcpus)
		return -ENOENT;
	v = d->vcpu[b->vcpu];
	flags = spin_lock_irqsave(&e->lock);
	port = v->virq_port[b->virq] ? -EEXIST : alloc_port(e);
	if (port > 0) {
		e->port[port] = (struct evtchn){ .state = ECS_VIRQ,
						 .vcpu = b->vcpu,
						 .virq = b->virq };
		port_reset_pending(d, port);
		v->virq_port[b->virq] = port;
		b->port = port;
	}
	spin_unlock_irqrestore(&e->lock, flags);
	return port < 0 ? port : 0;
}

static long op_bind_ipi(struct domain *d, struct evtchn_bind_ipi *b)
{
	struct evtchn_domain *e = d->evtchn;
	unsigned long flags;
	int port;

	if (b->vcpu >= d->nr_vcpus)
		return -ENOENT;
	flags = spin_lock_irqsave(&e->lock);
	port = alloc_port(e);
	if (port > 0) {
		e->port[port] =
			(struct evtchn){ .state = ECS_IPI, .vcpu = b->vcpu };
		port_reset_pending(d, port);
		b->port = port;
	}
	spin_unlock_irqrestore(&e->lock, flags);
	return port < 0 ? port : 0;
}

/*
 * Xen's order: the domain (-ESRCH), the port (-EINVAL; port 0 exists and
 * is reserved, so it reads as closed), a port the hypervisor itself
 * consumes (-EACCES), and only then the caller's right to look (-EPERM).
 */
static long op_status(struct domain *cur, struct evtchn_status *s)
{
	struct domain *d = domain_get(s->dom == DOMID_SELF ? cur->id : s->dom);
	unsigned long flags;
	struct evtchn c;
	static const u8 stat[] = {
		[ECS_FREE] = EVTCHNSTAT_closed,
		[ECS_UNBOUND] = EVTCHNSTAT_unbound,
		[ECS_INTERDOMAIN] = EVTCHNSTAT_interdomain,
		[ECS_VIRQ] = EVTCHNSTAT_virq,
		[ECS_IPI] = EVTCHNSTAT_ipi,
	};
	long rc = 0;

	if (!d)
		return -ESRCH;
	if (s->port >= EVTCHN_MAX_PORTS) {
		rc = -EINVAL;
		goto out;
	}
	flags = spin_lock_irqsave(&d->evtchn->lock);
	c = d->evtchn->port[s->port];
	spin_unlock_irqrestore(&d->evtchn->lock, flags);
	if (c.state == ECS_HV) {
		rc = -EACCES;
		goto out;
	}
	if (d != cur && !cur->privileged) {
		rc = -EPERM;
		goto out;
	}
	s->status = stat[c.state];
	s->vcpu = c.vcpu;
	memset(&s->u, 0, sizeof(s->u));
	if (c.state == ECS_UNBOUND)
		s->u.unbound.dom = c.unbound_remote;
	else if (c.state == ECS_INTERDOMAIN)
		s->u.interdomain.dom = c.remote.dom,
		s->u.interdomain.port = c.remote.port;
	else if (c.state == ECS_VIRQ)
		s->u.virq = c.virq;
out:
	domain_put(d);
	return rc;
}

static long op_bind_vcpu(struct domain *d, struct evtchn_bind_vcpu *b)
{
	struct evtchn_domain *e = d->evtchn;
	unsigned long flags;
	struct evtchn *c;
	long rc = 0;

	if (!evtchn_port_valid(d, b->port))
		return -EINVAL;
	if (b->vcpu >= d->nr_vcpus)
		return -ENOENT;
	flags = spin_lock_irqsave(&e->lock);
	c = &e->port[b->port];
	switch (c->state) {
	case ECS_VIRQ:
		if (!virq_is_global(c->virq)) {
			rc = -EINVAL;
			break;
		}
		d->vcpu[c->vcpu]->virq_port[c->virq] = 0;
		d->vcpu[b->vcpu]->virq_port[c->virq] = b->port;
		c->vcpu = b->vcpu;
		break;
	case ECS_UNBOUND:
	case ECS_INTERDOMAIN:
	case ECS_HV:
		c->vcpu = b->vcpu;
		break;
	default:
		rc = -EINVAL;
	}
	spin_unlock_irqrestore(&e->lock, flags);
	return rc;
}

static long op_unmask(struct domain *d, u32 port)
{
	struct shared_info *s = d->shared_info;
	unsigned long flags;
	unsigned int vcpu;

	if (!evtchn_port_valid(d, port))
		return -EINVAL;
	clear(&s->evtchn_mask[port / 64], port % 64);
	if (!test(&s->evtchn_pending[port / 64], port % 64))
		return 0;
	flags = spin_lock_irqsave(&d->evtchn->lock);
	vcpu = d->evtchn->port[port].vcpu;
	if (vcpu < d->nr_vcpus)
		notify(d, d->vcpu[vcpu], port);
	spin_unlock_irqrestore(&d->evtchn->lock, flags);
	return 0;
}

static long op_reset(struct domain *cur, domid_t id)
{
	long rc = 0;
	struct domain *d = domain_get_target(cur, id, &rc);

	if (!d)
		return rc;
	for (u32 p = 1; p < EVTCHN_MAX_PORTS; p++)
		if (d->evtchn->port[p].state != ECS_FREE)
			close_port(d, p);
	domain_put(d);
	return 0;
}

/* One table: argument size and whether the result is copied back. */
static const struct {
	u8 size;
	bool out;
} ops[] = {
	[EVTCHNOP_bind_interdomain] = { sizeof(struct evtchn_bind_interdomain),
					true },
	[EVTCHNOP_bind_virq] = { sizeof(struct evtchn_bind_virq), true },
	[EVTCHNOP_close] = { sizeof(struct evtchn_close), false },
	[EVTCHNOP_send] = { sizeof(struct evtchn_send), false },
	[EVTCHNOP_status] = { sizeof(struct evtchn_status), true },
	[EVTCHNOP_alloc_unbound] = { sizeof(struct evtchn_alloc_unbound),
				     true },
	[EVTCHNOP_bind_ipi] = { sizeof(struct evtchn_bind_ipi), true },
	[EVTCHNOP_bind_vcpu] = { sizeof(struct evtchn_bind_vcpu), false },
	[EVTCHNOP_unmask] = { sizeof(struct evtchn_unmask), false },
	[EVTCHNOP_reset] = { sizeof(struct evtchn_reset), false },
};

/* The 2-level ABI has no priorities: -ENOSYS for a port that exists. */
static long fifo_set_priority_2l(struct domain *d, u64 arg)
{
	struct evtchn_set_priority p;

	if (copy_from_guest(&p, arg, sizeof(p)))
		return -EFAULT;
	return p.port < EVTCHN_MAX_PORTS ? -ENOSYS : -EINVAL;
}

__hot long do_event_channel_op(u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5)
{
	struct domain *d = current_domain();
	union {
		struct evtchn_bind_interdomain bind_interdomain;
		struct evtchn_bind_virq bind_virq;
		struct evtchn_close close;
		struct evtchn_send send;
		struct evtchn_status status;
		struct evtchn_alloc_unbound alloc_unbound;
		struct evtchn_bind_ipi bind_ipi;
		struct evtchn_bind_vcpu bind_vcpu;
		struct evtchn_unmask unmask;
		struct evtchn_reset reset;
	} u;
	long rc;

	cmd = (u32)cmd; /* an int in Xen's prototype */
	/* FIFO is not offered: init_control is -ENOSYS and Linux then uses
	 * the 2-level ABI. The other FIFO sub-ops answer as Xen's do for a
	 * domain on the 2-level ABI. */
	if (cmd == EVTCHNOP_expand_array)
		return -EOPNOTSUPP;
	if (cmd == EVTCHNOP_set_priority)
		return fifo_set_priority_2l(d, arg);
	if (cmd >= ARRAY_SIZE(ops) || !ops[cmd].size)
		return -ENOSYS;
	if (copy_from_guest(&u, arg, ops[cmd].size))
		return -EFAULT;
	switch (cmd) {
	case EVTCHNOP_bind_interdomain:
		rc = op_bind_interdomain(d, &u.bind_interdomain);
		break;
	case EVTCHNOP_bind_virq:
		rc = op_bind_virq(d, &u.bind_virq);
		break;
	case EVTCHNOP_close:
		rc = close_port(d, u.close.port);
		break;
	case EVTCHNOP_send:
		rc = send(d, u.send.port);
		break;
	case EVTCHNOP_status:
		rc = op_status(d, &u.status);
		break;
	case EVTCHNOP_alloc_unbound:
		rc = op_alloc_unbound(d, &u.alloc_unbound);
		break;
	case EVTCHNOP_bind_ipi:
		rc = op_bind_ipi(d, &u.bind_ipi);
		break;
	case EVTCHNOP_bind_vcpu:
		rc = op_bind_vcpu(d, &u.bind_vcpu);
		break;
	case EVTCHNOP_unmask:
		rc = op_unmask(d, u.unmask.port);
		break;
	default: /* EVTCHNOP_reset */
		rc = op_reset(d, u.reset.dom);
		break;
	}
	if (!rc && ops[cmd].out && copy_to_guest(arg, &u, ops[cmd].size))
		return -EFAULT;
	return rc;
}
