// SPDX-License-Identifier: MIT
/*
 * 2-level event channels: one pending and one mask bit per port in
 * shared_info, and a selector word per vCPU saying which pending words
 * to look at. Bits are changed with locked instructions because the
 * hypervisor sets them concurrently from other CPUs.
 */
#include "guest.h"

#define BITS_PER_WORD (sizeof(xen_ulong_t) * 8)

static inline bool test_bit(unsigned int nr, const volatile xen_ulong_t *a)
{
	return (a[nr / BITS_PER_WORD] >> (nr % BITS_PER_WORD)) & 1;
}

static inline void set_bit(unsigned int nr, volatile xen_ulong_t *a)
{
	asm volatile("lock btsq %1, %0"
		     : "+m"(a[nr / BITS_PER_WORD])
		     : "Ir"((xen_ulong_t)(nr % BITS_PER_WORD))
		     : "memory");
}

static inline void clear_bit(unsigned int nr, volatile xen_ulong_t *a)
{
	asm volatile("lock btrq %1, %0"
		     : "+m"(a[nr / BITS_PER_WORD])
		     : "Ir"((xen_ulong_t)(nr % BITS_PER_WORD))
		     : "memory");
}

static inline bool test_and_clear_bit(unsigned int nr, volatile xen_ulong_t *a)
{
	bool old;

	asm volatile("lock btrq %2, %1"
		     : "=@ccc"(old), "+m"(a[nr / BITS_PER_WORD])
		     : "Ir"((xen_ulong_t)(nr % BITS_PER_WORD))
		     : "memory");
	return old;
}

/* Event channel helpers are meaningless without shared_info. */
static void need_shared_info(void)
{
	if (!shared_info)
		test_fatal("evtchn", "shared_info is not mapped");
}

bool evtchn_is_pending(evtchn_port_t port)
{
	need_shared_info();
	return test_bit(port, shared_info->evtchn_pending);
}

bool evtchn_test_and_clear_pending(evtchn_port_t port)
{
	need_shared_info();
	return test_and_clear_bit(port, shared_info->evtchn_pending);
}

void evtchn_clear_pending(evtchn_port_t port)
{
	need_shared_info();
	clear_bit(port, shared_info->evtchn_pending);
}

bool evtchn_is_masked(evtchn_port_t port)
{
	need_shared_info();
	return test_bit(port, shared_info->evtchn_mask);
}

void evtchn_mask(evtchn_port_t port)
{
	need_shared_info();
	set_bit(port, shared_info->evtchn_mask);
}

void evtchn_unmask(evtchn_port_t port)
{
	struct evtchn_unmask op = { .port = port };

	need_shared_info();
	clear_bit(port, shared_info->evtchn_mask);
	/*
	 * An event that arrived while masked set only the pending bit; the
	 * hypervisor re-evaluates selector and upcall on EVTCHNOP_unmask.
	 */
	if (test_bit(port, shared_info->evtchn_pending))
		HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &op);
}

long evtchn_alloc_unbound(domid_t remote, evtchn_port_t *port)
{
	struct evtchn_alloc_unbound op = {
		.dom = DOMID_SELF,
		.remote_dom = remote,
	};
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &op);

	if (!rc)
		*port = op.port;
	return rc;
}

long evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port,
			     evtchn_port_t *port)
{
	struct evtchn_bind_interdomain op = {
		.remote_dom = remote,
		.remote_port = remote_port,
	};
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &op);

	if (!rc)
		*port = op.local_port;
	return rc;
}

long evtchn_bind_virq(uint32_t virq, uint32_t vcpu, evtchn_port_t *port)
{
	struct evtchn_bind_virq op = { .virq = virq, .vcpu = vcpu };
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &op);

	if (!rc)
		*port = op.port;
	return rc;
}

long evtchn_bind_ipi(uint32_t vcpu, evtchn_port_t *port)
{
	struct evtchn_bind_ipi op = { .vcpu = vcpu };
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &op);

	if (!rc)
		*port = op.port;
	return rc;
}

long evtchn_get_status(domid_t dom, evtchn_port_t port, struct evtchn_status *s)
{
	memset(s, 0, sizeof(*s));
	s->dom = dom;
	s->port = port;
	return HYPERVISOR_event_channel_op(EVTCHNOP_status, s);
}

long evtchn_bind_vcpu(evtchn_port_t port, uint32_t vcpu)
{
	struct evtchn_bind_vcpu b = { .port = port, .vcpu = vcpu };

	return HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &b);
}

long evtchn_send(evtchn_port_t port)
{
	struct evtchn_send op = { .port = port };

	return HYPERVISOR_event_channel_op(EVTCHNOP_send, &op);
}

long evtchn_close(evtchn_port_t port)
{
	struct evtchn_close op = { .port = port };

	return HYPERVISOR_event_channel_op(EVTCHNOP_close, &op);
}

static struct {
	evtchn_handler_t fn;
	void *data;
} port_handlers[EVTCHN_MAX_HANDLERS];

volatile unsigned long evtchn_upcalls;
volatile unsigned long evtchn_unhandled;

void evtchn_set_handler(evtchn_port_t port, evtchn_handler_t fn, void *data)
{
	if (port >= EVTCHN_MAX_HANDLERS)
		test_fatal("evtchn", "port %u above the handler table (%u)",
			   port, EVTCHN_MAX_HANDLERS);
	port_handlers[port].data = data;
	WRITE_ONCE(port_handlers[port].fn, fn);
}

void evtchn_upcall(struct cpu_regs *regs)
{
	struct vcpu_info *vi;
	xen_ulong_t sel;

	need_shared_info();
	vi = vcpu0_info();
	evtchn_upcalls++;
	/* Clear before scanning: an event arriving meanwhile re-raises it. */
	WRITE_ONCE(vi->evtchn_upcall_pending, 0);
	sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
	while (sel) {
		unsigned int w = __builtin_ctzl(sel);
		xen_ulong_t bits;

		sel &= sel - 1;
		bits = READ_ONCE(shared_info->evtchn_pending[w]) &
		       ~READ_ONCE(shared_info->evtchn_mask[w]);
		while (bits) {
			unsigned int port =
				w * BITS_PER_WORD + __builtin_ctzl(bits);

			bits &= bits - 1;
			if (!test_and_clear_bit(port,
						shared_info->evtchn_pending))
				continue;
			if (port < EVTCHN_MAX_HANDLERS &&
			    port_handlers[port].fn)
				port_handlers[port].fn(
					port, port_handlers[port].data);
			else
				evtchn_unhandled++;
		}
	}
}
