/* SPDX-License-Identifier: MIT */
/*
 * HYPERVISOR_event_channel_op(cmd, arg): event channels, the hypervisor's
 * notification mechanism (virtual interrupts, inter-domain doorbells and
 * IPIs). Each op takes a pointer to its own structure; the result is 0 or a
 * negated XEN_E* value.
 *
 * Two ways of keeping pending state exist:
 *  - 2-level (default): bitmaps in shared_info plus evtchn_pending_sel in
 *    each vcpu_info; EVTCHN_2L_NR_CHANNELS ports.
 *  - FIFO: per-port event words in guest pages, registered with
 *    EVTCHNOP_init_control / EVTCHNOP_expand_array; up to
 *    EVTCHN_FIFO_NR_CHANNELS ports with priorities.
 */
#ifndef HVLAB_GUEST_ABI_EVENT_CHANNEL_H
#define HVLAB_GUEST_ABI_EVENT_CHANNEL_H

#include "xen.h"

#define EVTCHNOP_bind_interdomain	0
#define EVTCHNOP_bind_virq		1
#define EVTCHNOP_bind_pirq		2
#define EVTCHNOP_close			3
#define EVTCHNOP_send			4
#define EVTCHNOP_status			5
#define EVTCHNOP_alloc_unbound		6
#define EVTCHNOP_bind_ipi		7
#define EVTCHNOP_bind_vcpu		8
#define EVTCHNOP_unmask			9
#define EVTCHNOP_reset			10
#define EVTCHNOP_init_control		11
#define EVTCHNOP_expand_array		12
#define EVTCHNOP_set_priority		13
#define EVTCHNOP_reset_cont		14	/* continuation of reset */

typedef uint32_t evtchn_port_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_port_t);

/*
 * EVTCHNOP_alloc_unbound: allocate a port in domain @dom that domain
 * @remote_dom may later bind to with EVTCHNOP_bind_interdomain.
 *   IN: dom (DOMID_SELF or, if privileged, another), remote_dom.
 *   OUT: port.
 *   Errors: -XEN_ENOSPC no free port, -XEN_ESRCH no such domain,
 *           -XEN_EPERM not allowed for @dom.
 */
struct evtchn_alloc_unbound {
	domid_t dom;
	domid_t remote_dom;
	evtchn_port_t port;
};
typedef struct evtchn_alloc_unbound evtchn_alloc_unbound_t;

/*
 * EVTCHNOP_bind_interdomain: connect a new local port to an unbound port
 * of @remote_dom that was allocated for us.
 *   IN: remote_dom, remote_port.  OUT: local_port.
 *   Errors: -XEN_EINVAL remote port not unbound or not for us,
 *           -XEN_ESRCH no such domain, -XEN_ENOSPC no free local port.
 */
struct evtchn_bind_interdomain {
	domid_t remote_dom;
	evtchn_port_t remote_port;
	evtchn_port_t local_port;
};
typedef struct evtchn_bind_interdomain evtchn_bind_interdomain_t;

/*
 * EVTCHNOP_bind_virq: bind virtual IRQ @virq (VIRQ_*) on vCPU @vcpu to a
 * new port.
 *   IN: virq, vcpu.  OUT: port.
 *   Errors: -XEN_EINVAL bad virq, -XEN_ENOENT bad vcpu,
 *           -XEN_EEXIST virq already bound on that vcpu.
 */
struct evtchn_bind_virq {
	uint32_t virq;
	uint32_t vcpu;
	evtchn_port_t port;
};
typedef struct evtchn_bind_virq evtchn_bind_virq_t;

/*
 * EVTCHNOP_bind_pirq: bind physical IRQ @pirq to a new port (privileged).
 *   IN: pirq, flags (BIND_PIRQ__WILL_SHARE).  OUT: port.
 *   Errors: -XEN_EINVAL, -XEN_EEXIST, -XEN_EPERM.
 */
struct evtchn_bind_pirq {
	uint32_t pirq;
#define BIND_PIRQ__WILL_SHARE 1
	uint32_t flags;
	evtchn_port_t port;
};
typedef struct evtchn_bind_pirq evtchn_bind_pirq_t;

/*
 * EVTCHNOP_bind_ipi: allocate a port that notifies vCPU @vcpu of the
 * calling domain (inter-processor interrupts).
 *   IN: vcpu.  OUT: port.
 *   Errors: -XEN_ENOENT bad vcpu, -XEN_ENOSPC.
 */
struct evtchn_bind_ipi {
	uint32_t vcpu;
	evtchn_port_t port;
};
typedef struct evtchn_bind_ipi evtchn_bind_ipi_t;

/*
 * EVTCHNOP_close: close @port; an inter-domain peer's end goes back to
 * unbound.
 *   IN: port.  Errors: -XEN_EINVAL bad port.
 */
struct evtchn_close {
	evtchn_port_t port;
};
typedef struct evtchn_close evtchn_close_t;

/*
 * EVTCHNOP_send: notify the other end of @port (inter-domain or IPI).
 *   IN: port.  Errors: -XEN_EINVAL bad or unconnected port.
 */
struct evtchn_send {
	evtchn_port_t port;
};
typedef struct evtchn_send evtchn_send_t;

/*
 * EVTCHNOP_status: describe port @port of domain @dom.
 *   IN: dom, port.  OUT: status (EVTCHNSTAT_*), vcpu, u.
 *   Errors: -XEN_EINVAL bad port, -XEN_ESRCH, -XEN_EPERM.
 */
struct evtchn_status {
	domid_t dom;
	evtchn_port_t port;
#define EVTCHNSTAT_closed	0	/* free */
#define EVTCHNSTAT_unbound	1	/* waiting for u.unbound.dom */
#define EVTCHNSTAT_interdomain	2	/* connected to u.interdomain */
#define EVTCHNSTAT_pirq		3	/* bound to physical IRQ u.pirq */
#define EVTCHNSTAT_virq		4	/* bound to virtual IRQ u.virq */
#define EVTCHNSTAT_ipi		5	/* IPI port */
	uint32_t status;
	uint32_t vcpu;		/* vCPU notified */
	union {
		struct {
			domid_t dom;
		} unbound;
		struct {
			domid_t dom;
			evtchn_port_t port;
		} interdomain;
		uint32_t pirq;
		uint32_t virq;
	} u;
};
typedef struct evtchn_status evtchn_status_t;

/*
 * EVTCHNOP_bind_vcpu: deliver notifications of @port to vCPU @vcpu from
 * now on (not for per-vCPU VIRQs or IPIs).
 *   IN: port, vcpu.  Errors: -XEN_EINVAL, -XEN_ENOENT bad vcpu.
 */
struct evtchn_bind_vcpu {
	evtchn_port_t port;
	uint32_t vcpu;
};
typedef struct evtchn_bind_vcpu evtchn_bind_vcpu_t;

/*
 * EVTCHNOP_unmask: clear @port's mask bit and re-raise the upcall if the
 * port is pending.
 *   IN: port.  Errors: -XEN_EINVAL bad port.
 */
struct evtchn_unmask {
	evtchn_port_t port;
};
typedef struct evtchn_unmask evtchn_unmask_t;

/*
 * EVTCHNOP_reset: close every port of domain @dom (DOMID_SELF or, if
 * privileged, another) and return to the 2-level ABI.
 *   IN: dom.  Errors: -XEN_ESRCH, -XEN_EPERM.
 */
struct evtchn_reset {
	domid_t dom;
};
typedef struct evtchn_reset evtchn_reset_t;

/*
 * EVTCHNOP_init_control: switch to the FIFO ABI by registering vCPU
 * @vcpu's control block (struct evtchn_fifo_control_block) at byte
 * @offset of guest frame @control_gfn. Done once per vCPU.
 *   IN: control_gfn, offset, vcpu.  OUT: link_bits (EVTCHN_FIFO_LINK_BITS).
 *   Errors, in this order: -XEN_ENOENT bad vcpu, -XEN_EINVAL offset
 *   beyond PAGE_SIZE - sizeof(control block) or not 8-byte aligned,
 *   -XEN_EINVAL frame not RAM or vcpu already initialised,
 *   -XEN_ENOSYS no FIFO support (older hypervisors).
 */
struct evtchn_init_control {
	uint64_t control_gfn;
	uint32_t offset;
	uint32_t vcpu;
	uint8_t link_bits;
	uint8_t _pad[7];
};
typedef struct evtchn_init_control evtchn_init_control_t;

/*
 * EVTCHNOP_expand_array: add guest frame @array_gfn as the next page of
 * event words (1024 ports per page).
 *   IN: array_gfn.  Errors: -XEN_EOPNOTSUPP FIFO not initialised,
 *   -XEN_ENOSPC array full, -XEN_EINVAL bad frame.
 */
struct evtchn_expand_array {
	uint64_t array_gfn;
};
typedef struct evtchn_expand_array evtchn_expand_array_t;

/*
 * EVTCHNOP_set_priority: set @port's FIFO priority (0 highest .. 15).
 *   IN: port, priority.  Errors: -XEN_EINVAL bad port, -XEN_ENOSYS under
 *   2-level, -XEN_EINVAL priority beyond EVTCHN_FIFO_PRIORITY_MIN.
 */
struct evtchn_set_priority {
	evtchn_port_t port;
	uint32_t priority;
};
typedef struct evtchn_set_priority evtchn_set_priority_t;

/* Argument of the old event_channel_op_compat hypercall. */
struct evtchn_op {
	uint32_t cmd;	/* EVTCHNOP_* */
	union {
		struct evtchn_alloc_unbound alloc_unbound;
		struct evtchn_bind_interdomain bind_interdomain;
		struct evtchn_bind_virq bind_virq;
		struct evtchn_bind_pirq bind_pirq;
		struct evtchn_bind_ipi bind_ipi;
		struct evtchn_close close;
		struct evtchn_send send;
		struct evtchn_status status;
		struct evtchn_bind_vcpu bind_vcpu;
		struct evtchn_unmask unmask;
	} u;
};
typedef struct evtchn_op evtchn_op_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_op_t);

/* 2-level ABI: 64 words of 64 bits, i.e. 4096 ports. */
#define EVTCHN_2L_NR_CHANNELS (sizeof(xen_ulong_t) * sizeof(xen_ulong_t) * 64)

/*
 * FIFO ABI. Each port has a 32-bit event word: flag bits on top, the
 * link (next port in its queue) in the low EVTCHN_FIFO_LINK_BITS bits.
 * Each vCPU has one queue per priority; the control block holds the
 * queue heads and a "ready" bitmap of non-empty queues.
 */
#define EVTCHN_FIFO_PRIORITY_MAX	0
#define EVTCHN_FIFO_PRIORITY_DEFAULT	7
#define EVTCHN_FIFO_PRIORITY_MIN	15
#define EVTCHN_FIFO_MAX_QUEUES		(EVTCHN_FIFO_PRIORITY_MIN + 1)

typedef uint32_t event_word_t;

#define EVTCHN_FIFO_PENDING	31	/* bit numbers in event_word_t */
#define EVTCHN_FIFO_MASKED	30
#define EVTCHN_FIFO_LINKED	29
#define EVTCHN_FIFO_BUSY	28

#define EVTCHN_FIFO_LINK_BITS	17
#define EVTCHN_FIFO_LINK_MASK	((1 << EVTCHN_FIFO_LINK_BITS) - 1)
#define EVTCHN_FIFO_NR_CHANNELS	(1 << EVTCHN_FIFO_LINK_BITS)

struct evtchn_fifo_control_block {
	uint32_t ready;		/* bit N: queue of priority N non-empty */
	uint32_t _rsvd;
	uint32_t head[EVTCHN_FIFO_MAX_QUEUES];	/* first port of each queue */
};
typedef struct evtchn_fifo_control_block evtchn_fifo_control_block_t;

#endif /* HVLAB_GUEST_ABI_EVENT_CHANNEL_H */
