// SPDX-License-Identifier: GPL-2.0
/*
 * Event channels. Lock order: a domain's evtchn lock, then the scheduler
 * lock (vcpu_kick). Two domains' locks are never held together: an
 * inter-domain operation reads one side, drops its lock, then works on the
 * other side and re-checks that the link still stands. Timers raise VIRQs
 * from interrupt context, hence the irqsave locks.
 *
 * Two ABIs: 2-level (bitmaps in shared_info, EVTCHN_2L_PORTS ports) until
 * the guest's first successful EVTCHNOP_init_control, FIFO (evtchn_fifo.c,
 * EVTCHN_FIFO_NR_CHANNELS ports) from then until EVTCHNOP_reset. Bound
 * ports carry over to FIFO with their pending state, as in Xen.
 */
#include <hv/compiler.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/evtchn.h>
#include <compat/xen.h>
#include <hv/evtchn_fifo.h>
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
	/* ECS_UNBOUND: its owner sent on it, so the binder starts pending. */
	bool missed;
	u16 vcpu; /* notified vCPU */
	struct evtchn_fifo_port fifo;
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

/* The port table grows in buckets: FIFO allows 2^17 ports, most unused. */
#define BUCKET_PORTS 1024
#define NR_BUCKETS (EVTCHN_FIFO_NR_CHANNELS / BUCKET_PORTS)

/*
 * lock: the table, the FIFO state and every write the hv makes to the
 * guest's FIFO pages (not the shared_info bitmaps). fifo is allocated at
 * the first init_control and kept until the domain goes, so lock-free
 * readers (SCHEDOP_poll) may follow it once fifo_on is seen.
 */
struct evtchn_domain {
	spinlock_t lock;
	bool fifo_on;
	/* 2-level state in the 32-bit layout (evtchn_shinfo_layout). */
	bool compat_2l;
	struct evtchn_fifo *fifo;
	struct evtchn *bucket[NR_BUCKETS]; /* [0] always there */
};

static bool virq_is_global(unsigned int virq)
{
	return virq != VIRQ_TIMER && virq != VIRQ_DEBUG &&
	       virq != VIRQ_XENOPROF && virq != VIRQ_XENPMU;
}

int evtchn_domain_init(struct domain *d)
{
	d->evtchn = xzalloc(sizeof(*d->evtchn));
	if (!d->evtchn)
		return -ENOMEM;
	d->evtchn->bucket[0] = xzalloc(BUCKET_PORTS * sizeof(struct evtchn));
	return d->evtchn->bucket[0] ? 0 : -ENOMEM;
}

/*
 * The 2-level bitmaps and selector, in the layout of the guest's mode.
 * The pending bitmap is at the same bytes in both (a bit is a bit of a
 * little-endian bitmap); a 32-bit guest's is 32 words of 32 bits, so it
 * has 1024 ports, its mask bitmap follows at once, and its selector is a
 * 32-bit word whose bit n covers ports 32n..32n+31.
 */
#define COMPAT_2L_PORTS (32 * 32)

static u32 l2_ports(const struct evtchn_domain *e)
{
	return READ_ONCE(e->compat_2l) ? COMPAT_2L_PORTS : EVTCHN_2L_PORTS;
}

static u64 *l2_pending(struct domain *d, u32 port)
{
	return &d->shared_info->evtchn_pending[port / 64];
}

static u64 *l2_mask(struct domain *d, u32 port)
{
	size_t at = READ_ONCE(d->evtchn->compat_2l) ?
			    offsetof(struct compat_shared_info, evtchn_mask) :
			    offsetof(struct shared_info, evtchn_mask);

	return (u64 *)((u8 *)d->shared_info + at) + port / 64;
}

void evtchn_shinfo_layout(struct domain *d, bool compat)
{
	WRITE_ONCE(d->evtchn->compat_2l, compat);
}

static u32 max_ports(const struct evtchn_domain *e)
{
	return READ_ONCE(e->fifo_on) ? EVTCHN_FIFO_NR_CHANNELS : l2_ports(e);
}

bool evtchn_port_valid(struct domain *d, u32 port)
{
	return port && port < max_ports(d->evtchn);
}

/* Port p's entry, NULL if its bucket was never needed (a free port). The
 * caller holds the lock and checked p against max_ports(). */
static struct evtchn *chan(struct evtchn_domain *e, u32 p)
{
	struct evtchn *b = e->bucket[p / BUCKET_PORTS];

	return b ? &b[p % BUCKET_PORTS] : NULL;
}

static struct evtchn *chan_checked(struct evtchn_domain *e, u32 p)
{
	return p < max_ports(e) ? chan(e, p) : NULL;
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

/*
 * A newly pending port ends the SCHEDOP_poll of every vCPU of d that
 * waits on it, whichever vCPU the port is bound to, and on top of the
 * upcall, not instead of it (Xen's evtchn_check_pollers): a guest that
 * polls a port it has unmasked still takes its handler afterwards.
 */
static __hot void wake_pollers(struct domain *d, u32 port)
{
	for (unsigned int i = 0; i < d->nr_vcpus; i++) {
		struct vcpu *v = d->vcpu[i];

		if (v && polls(v, port))
			vcpu_kick(v);
	}
}

/* The upcall both ABIs share: the flag in vcpu_info, then the vector. */
static __hot void upcall(struct vcpu *v)
{
	perfc_inc(v, upcalls);
	WRITE_ONCE(v->vcpu_info->evtchn_upcall_pending, 1);
	vcpu_kick(v);
}

/* Tell v's guest that word port/64 has news, if not masked. */
static __hot void notify(struct domain *d, struct vcpu *v, u32 port)
{
	struct vcpu_info *vi = v->vcpu_info;

	if (test(l2_mask(d, port), port % 64) || !vi)
		return;
	if (READ_ONCE(d->evtchn->compat_2l)) {
		u32 *sel = (u32 *)((u8 *)vi + offsetof(struct compat_vcpu_info,
						       evtchn_pending_sel));
		u32 bit = 1U << (port / 32);

		if (__atomic_fetch_or(sel, bit, __ATOMIC_SEQ_CST) & bit)
			return;
	} else if (test_and_set(&vi->evtchn_pending_sel, port / 64)) {
		return;
	}
	upcall(v);
}

/* A port left from FIFO days (bound during an EVTCHNOP_reset) has no bit
 * in shared_info: hence the bound. */
static __hot void set_pending_2l(struct domain *d, u32 port, struct vcpu *v)
{
	if (port >= l2_ports(d->evtchn) ||
	    test_and_set(l2_pending(d, port), port % 64))
		return;
	perfc_inc(v, events);
	notify(d, v, port);
	wake_pollers(d, port);
}

static __hot void set_pending_fifo(struct domain *d, u32 port, struct evtchn *c,
				   struct vcpu *v)
{
	unsigned int r =
		evtchn_fifo_raise(d->evtchn->fifo, c->vcpu, port, &c->fifo);

	if ((r & FIFO_UPCALL) && v->vcpu_info)
		upcall(v);
	if (r & FIFO_NEWLY_PENDING) {
		perfc_inc(v, events);
		wake_pollers(d, port);
	}
}

/* Raise port (entry c) on its vCPU. Lock held. */
static __hot void set_pending(struct domain *d, u32 port, struct evtchn *c)
{
	struct vcpu *v;

	if (c->vcpu >= d->nr_vcpus)
		return;
	v = d->vcpu[c->vcpu];
	if (d->evtchn->fifo_on)
		set_pending_fifo(d, port, c, v);
	else
		set_pending_2l(d, port, v);
}

bool evtchn_poll_ready(struct vcpu *v)
{
	struct evtchn_domain *e = v->domain->evtchn;
	bool fifo = __atomic_load_n(&e->fifo_on, __ATOMIC_ACQUIRE);

	for (unsigned int i = 0; i < READ_ONCE(v->nr_poll_ports); i++) {
		u32 p = v->poll_ports[i];

		if (fifo ? evtchn_fifo_is_pending(e->fifo, p) :
			   p < l2_ports(e) &&
				    test(l2_pending(v->domain, p), p % 64))
			return true;
	}
	return false;
}

/*
 * SCHEDOP_poll's look at one port (Xen's evtchn_port_poll): -EINVAL for a
 * port that is not in use or that the hv itself consumes, else whether it
 * is pending.
 */
int evtchn_port_poll(struct domain *d, u32 port)
{
	struct evtchn_domain *e = d->evtchn;
	unsigned long flags;
	struct evtchn *c;
	int rc = -EINVAL;

	if (!evtchn_port_valid(d, port))
		return -EINVAL;
	flags = spin_lock_irqsave(&e->lock);
	c = chan_checked(e, port);
	if (c && c->state != ECS_FREE && c->state != ECS_HV)
		rc = e->fifo_on ? evtchn_fifo_is_pending(e->fifo, port) :
				  port < l2_ports(e) &&
					  test(l2_pending(d, port), port % 64);
	spin_unlock_irqrestore(&e->lock, flags);
	return rc;
}

/* --- Port table ---------------------------------------------------- */

/* Xen's get_free_port: under FIFO a port still LINKED on a queue is
 * not reused yet. Buckets are added as the search reaches them. */
static int alloc_port(struct evtchn_domain *e)
{
	u32 max = max_ports(e);

	for (u32 p = 1; p < max; p++) {
		struct evtchn **b = &e->bucket[p / BUCKET_PORTS];

		if (!*b && !(*b = xzalloc(BUCKET_PORTS * sizeof(**b))))
			return -ENOMEM;
		if ((*b)[p % BUCKET_PORTS].state == ECS_FREE &&
		    !(e->fifo_on && evtchn_fifo_is_linked(e->fifo, p)))
			return p;
	}
	return -ENOSPC;
}

/* Pending goes, the mask stays: the guest owns it (as in Xen). */
static void clear_pending(struct domain *d, u32 port, struct evtchn *c)
{
	if (d->evtchn->fifo_on)
		evtchn_fifo_clear_pending(d->evtchn->fifo, port, &c->fifo);
	else if (port < l2_ports(d->evtchn))
		clear(l2_pending(d, port), port % 64);
}

/* A new port like *tmpl, not pending, at the default priority. Lock held. */
static int new_port(struct domain *d, const struct evtchn *tmpl)
{
	int port = alloc_port(d->evtchn);
	struct evtchn *c;
	struct evtchn_fifo_port fp;

	if (port < 0)
		return port;
	c = chan(d->evtchn, port);
	fp = c->fifo;
	*c = *tmpl;
	c->fifo = fp;
	evtchn_fifo_port_init(&c->fifo);
	clear_pending(d, port, c);
	return port;
}

static int new_port_locked(struct domain *d, const struct evtchn *tmpl)
{
	unsigned long flags = spin_lock_irqsave(&d->evtchn->lock);
	int port = new_port(d, tmpl);

	spin_unlock_irqrestore(&d->evtchn->lock, flags);
	return port;
}

int evtchn_alloc_unbound_port(struct domain *d, domid_t remote)
{
	return new_port_locked(d, &(struct evtchn){ .state = ECS_UNBOUND,
						    .unbound_remote = remote });
}

int evtchn_bind_hv(struct domain *d, evtchn_hv_fn fn)
{
	return new_port_locked(d, &(struct evtchn){ .state = ECS_HV,
						    .hv_fn = fn });
}

void evtchn_raise(struct domain *d, u32 port)
{
	unsigned long flags;
	struct evtchn *c;

	if (!evtchn_port_valid(d, port))
		return;
	flags = spin_lock_irqsave(&d->evtchn->lock);
	c = chan_checked(d->evtchn, port);
	if (c && c->state != ECS_FREE)
		set_pending(d, port, c);
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
	c = chan_checked(r->evtchn, rport);
	if (c && c->state == ECS_INTERDOMAIN && c->remote.dom == d->id &&
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
	struct evtchn *cp;
	struct evtchn c;

	if (!evtchn_port_valid(d, port))
		return -EINVAL;
	flags = spin_lock_irqsave(&e->lock);
	cp = chan_checked(e, port);
	if (!cp || cp->state == ECS_FREE) {
		spin_unlock_irqrestore(&e->lock, flags);
		return -EINVAL;
	}
	c = *cp;
	if (c.state == ECS_VIRQ) {
		/* A global VIRQ is recorded on vCPU 0 wherever it goes. */
		struct vcpu *v = d->vcpu[virq_is_global(c.virq) ? 0 : c.vcpu];

		if (v->virq_port[c.virq] == port)
			v->virq_port[c.virq] = 0;
	}
	cp->state = ECS_FREE;
	clear_pending(d, port, cp);
	spin_unlock_irqrestore(&e->lock, flags);
	if (c.state == ECS_INTERDOMAIN)
		unlink_peer(d, c.remote.dom, c.remote.port, port);
	return 0;
}

/* Close every port; back to 2-level, letting go of the FIFO pages. */
static void close_all(struct domain *d)
{
	struct evtchn_domain *e = d->evtchn;
	unsigned long flags;

	for (u32 p = 1; p < EVTCHN_FIFO_NR_CHANNELS; p++) {
		struct evtchn *b = READ_ONCE(e->bucket[p / BUCKET_PORTS]);

		if (!b)
			p += BUCKET_PORTS - 1 - p % BUCKET_PORTS;
		else if (b[p % BUCKET_PORTS].state != ECS_FREE)
			close_port(d, p);
	}
	flags = spin_lock_irqsave(&e->lock);
	if (e->fifo_on) {
		__atomic_store_n(&e->fifo_on, false, __ATOMIC_RELEASE);
		evtchn_fifo_clear(e->fifo);
	}
	spin_unlock_irqrestore(&e->lock, flags);
}

void evtchn_domain_destroy(struct domain *d)
{
	close_all(d);
	xfree(d->evtchn->fifo);
	for (unsigned int i = 0; i < NR_BUCKETS; i++)
		xfree(d->evtchn->bucket[i]);
	xfree(d->evtchn);
	d->evtchn = NULL;
}

/* --- Sending ------------------------------------------------------- */

static __hot long send(struct domain *d, u32 port)
{
	struct evtchn_domain *e = d->evtchn;
	unsigned long flags;
	struct evtchn *cp;
	struct evtchn c = { .state = ECS_FREE };
	struct domain *r;

	if (!evtchn_port_valid(d, port))
		return -EINVAL;
	flags = spin_lock_irqsave(&e->lock);
	cp = chan_checked(e, port);
	if (cp) {
		c = *cp;
		if (c.state == ECS_IPI)
			set_pending(d, port, cp);
		else if (c.state == ECS_UNBOUND)
			cp->missed = true;
	}
	spin_unlock_irqrestore(&e->lock, flags);

	switch (c.state) {
	case ECS_HV:
		c.hv_fn(d, port);
		return 0;
	case ECS_IPI:
	case ECS_UNBOUND: /* nobody listens yet: noted for the binder */
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
		struct evtchn *rc = chan_checked(r->evtchn, c.remote.port);

		if (rc && rc->state == ECS_INTERDOMAIN &&
		    rc->remote.dom == d->id && rc->remote.port == port)
			set_pending(r, c.remote.port, rc);
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
		set_pending(d, port, chan(d->evtchn, port));
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
	bool missed = false;
	int port;
	long ret = 0;

	/* The remote's own limit is checked under its lock, below. */
	if (!b->remote_port || b->remote_port >= EVTCHN_FIFO_NR_CHANNELS)
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
	rc = chan_checked(r->evtchn, b->remote_port);
	if (!rc || rc->state != ECS_UNBOUND || rc->unbound_remote != d->id) {
		ret = -EINVAL;
	} else {
		rc->state = ECS_INTERDOMAIN;
		rc->remote.dom = d->id;
		rc->remote.port = port;
		missed = rc->missed;
		rc->missed = false;
	}
	spin_unlock_irqrestore(&r->evtchn->lock, flags);

	flags = spin_lock_irqsave(&d->evtchn->lock);
	if (ret) {
		chan(d->evtchn, port)->state = ECS_FREE;
	} else {
		struct evtchn *c = chan(d->evtchn, port);

		c->state = ECS_INTERDOMAIN;
		c->vcpu = 0;
		c->remote.dom = rid;
		c->remote.port = b->remote_port;
		b->local_port = port;
		/*
		 * A signal the peer sent before we bound is not lost: the
		 * new port starts pending. Xen raises every new port,
		 * signalled or not; the ABI promises neither, and that
		 * spurious event costs an upcall per bind and exposes a race
		 * in Linux's xen-netback (it runs the handler before it has
		 * recorded its irq, and loses the EOI: docs/split-drivers.md).
		 */
		if (missed)
			set_pending(d, port, c);
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
	port = v->virq_port[b->virq] ?
		       -EEXIST :
		       new_port(d, &(struct evtchn){ .state = ECS_VIRQ,
						     .vcpu = b->vcpu,
						     .virq = b->virq });
	if (port > 0) {
		v->virq_port[b->virq] = port;
		b->port = port;
	}
	spin_unlock_irqrestore(&e->lock, flags);
	return port < 0 ? port : 0;
}

static long op_bind_ipi(struct domain *d, struct evtchn_bind_ipi *b)
{
	int port;

	if (b->vcpu >= d->nr_vcpus)
		return -ENOENT;
	port = new_port_locked(d, &(struct evtchn){ .state = ECS_IPI,
						    .vcpu = b->vcpu });
	if (port < 0)
		return port;
	b->port = port;
	return 0;
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
	struct evtchn c = { .state = ECS_FREE };
	struct evtchn *cp;
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
	if (s->port >= max_ports(d->evtchn)) {
		rc = -EINVAL;
		goto out;
	}
	flags = spin_lock_irqsave(&d->evtchn->lock);
	cp = chan_checked(d->evtchn, s->port);
	if (cp)
		c = *cp;
	spin_unlock_irqrestore(&d->evtchn->lock, flags);
	if (c.state == ECS_HV) {
		rc = -EACCES;
		goto out;
	}
	if (!domain_controls(cur, d)) {
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
	c = chan_checked(e, b->port);
	switch (c ? c->state : ECS_FREE) {
	case ECS_VIRQ:
		if (!virq_is_global(c->virq)) {
			rc = -EINVAL;
			break;
		}
		/* Only where it is delivered moves: a global VIRQ stays
		 * vCPU 0's, where evtchn_send_global_virq looks (Xen keeps
		 * virq_to_evtchn there too). */
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

/* Xen's evtchn_fifo_unmask: a free port is left alone; a pending one is
 * linked now. The whole of it under the lock: it writes guest pages. */
static long unmask_fifo(struct domain *d, u32 port)
{
	struct evtchn_domain *e = d->evtchn;
	unsigned long flags = spin_lock_irqsave(&e->lock);
	struct evtchn *c = chan_checked(e, port);

	if (c && c->state != ECS_FREE && e->fifo_on &&
	    evtchn_fifo_unmask(e->fifo, port))
		set_pending(d, port, c);
	spin_unlock_irqrestore(&e->lock, flags);
	return 0;
}

static __hot long op_unmask(struct domain *d, u32 port)
{
	unsigned long flags;
	unsigned int vcpu;

	if (!evtchn_port_valid(d, port))
		return -EINVAL;
	if (READ_ONCE(d->evtchn->fifo_on))
		return unmask_fifo(d, port);
	if (port >= l2_ports(d->evtchn)) /* FIFO just ended (reset) */
		return -EINVAL;
	clear(l2_mask(d, port), port % 64);
	if (!test(l2_pending(d, port), port % 64))
		return 0;
	flags = spin_lock_irqsave(&d->evtchn->lock);
	vcpu = chan(d->evtchn, port)->vcpu;
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
	close_all(d);
	domain_put(d);
	return 0;
}

/* --- FIFO set-up (Xen's event_fifo.c order and errors) -------------- */

/* The first control block: every bound port moves to FIFO, pending if it
 * was pending under 2-level, raised once its array page exists. */
static void switch_to_fifo(struct domain *d)
{
	struct evtchn_domain *e = d->evtchn;

	for (u32 p = 1; p < l2_ports(e); p++) {
		struct evtchn *c = chan(e, p);

		if (c->state == ECS_FREE)
			continue;
		evtchn_fifo_port_init(&c->fifo);
		c->fifo.pending = test(l2_pending(d, p), p % 64);
	}
	__atomic_store_n(&e->fifo_on, true, __ATOMIC_RELEASE);
}

static long op_init_control(struct domain *d, struct evtchn_init_control *c)
{
	struct evtchn_domain *e = d->evtchn;
	struct evtchn_fifo *f = NULL;
	unsigned long flags;
	long rc;

	c->link_bits = EVTCHN_FIFO_LINK_BITS;
	if (c->vcpu >= d->nr_vcpus)
		return -ENOENT;
	if (c->offset > PAGE_SIZE - sizeof(struct evtchn_fifo_control_block) ||
	    (c->offset & 7))
		return -EINVAL;
	if (!READ_ONCE(e->fifo) && !(f = evtchn_fifo_alloc()))
		return -ENOMEM;
	flags = spin_lock_irqsave(&e->lock);
	if (!e->fifo) {
		__atomic_store_n(&e->fifo, f, __ATOMIC_RELEASE);
		f = NULL;
	}
	rc = evtchn_fifo_map_control(e->fifo, d, c->vcpu, c->control_gfn,
				     c->offset);
	if (!rc && !e->fifo_on)
		switch_to_fifo(d);
	spin_unlock_irqrestore(&e->lock, flags);
	xfree(f);
	return rc;
}

static long op_expand_array(struct domain *d, u64 gfn)
{
	struct evtchn_domain *e = d->evtchn;
	unsigned long flags;
	int first;

	if (!READ_ONCE(e->fifo_on))
		return -EOPNOTSUPP;
	flags = spin_lock_irqsave(&e->lock);
	first = e->fifo_on ? evtchn_fifo_add_page(e->fifo, d, gfn) :
			     -EOPNOTSUPP;
	for (u32 p = first; first >= 0 && p < first + PAGE_SIZE / 4; p++) {
		struct evtchn *c = chan(e, p);

		if (c && c->state != ECS_FREE && c->fifo.pending)
			set_pending(d, p, c);
	}
	spin_unlock_irqrestore(&e->lock, flags);
	return first < 0 ? first : 0;
}

/* Xen: a port beyond the table is -EINVAL, the 2-level ABI -ENOSYS. A
 * new priority applies from the next link; a linked event stays put. */
static long op_set_priority(struct domain *d, struct evtchn_set_priority *sp)
{
	struct evtchn_domain *e = d->evtchn;
	unsigned long flags;
	struct evtchn *c;

	if (sp->port >= max_ports(e))
		return -EINVAL;
	if (!READ_ONCE(e->fifo_on))
		return -ENOSYS;
	if (sp->priority > EVTCHN_FIFO_PRIORITY_MIN)
		return -EINVAL;
	flags = spin_lock_irqsave(&e->lock);
	c = chan_checked(e, sp->port);
	if (c)
		c->fifo.priority = sp->priority;
	spin_unlock_irqrestore(&e->lock, flags);
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
	[EVTCHNOP_init_control] = { sizeof(struct evtchn_init_control), true },
	[EVTCHNOP_expand_array] = { sizeof(struct evtchn_expand_array), false },
	[EVTCHNOP_set_priority] = { sizeof(struct evtchn_set_priority), false },
};

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
		struct evtchn_init_control init_control;
		struct evtchn_expand_array expand_array;
		struct evtchn_set_priority set_priority;
	} u;
	long rc;

	cmd = (u32)cmd; /* an int in Xen's prototype */
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
		perfc_inc(current_vcpu(), evtchn_send);
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
	case EVTCHNOP_init_control:
		rc = op_init_control(d, &u.init_control);
		break;
	case EVTCHNOP_expand_array:
		rc = op_expand_array(d, u.expand_array.array_gfn);
		break;
	case EVTCHNOP_set_priority:
		rc = op_set_priority(d, &u.set_priority);
		break;
	default: /* EVTCHNOP_reset */
		rc = op_reset(d, u.reset.dom);
		break;
	}
	if (!rc && ops[cmd].out && copy_to_guest(arg, &u, ops[cmd].size))
		return -EFAULT;
	return rc;
}
