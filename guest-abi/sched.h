/* SPDX-License-Identifier: MIT */
/*
 * HYPERVISOR_sched_op(cmd, arg): yielding, blocking, polling and shutting
 * down. Result: 0 or a negated XEN_E* value (-XEN_ENOSYS for an unknown
 * @cmd).
 */
#ifndef HVLAB_GUEST_ABI_SCHED_H
#define HVLAB_GUEST_ABI_SCHED_H

#include "event_channel.h"

/* SCHEDOP_yield: arg NULL; let other vCPUs run. */
#define SCHEDOP_yield		0

/*
 * SCHEDOP_block: arg NULL; sleep until an event is pending for this vCPU.
 * Clears evtchn_upcall_mask first, so an HVM guest with interrupts enabled
 * wakes on the upcall.
 */
#define SCHEDOP_block		1

/*
 * SCHEDOP_shutdown: stop the calling domain for @reason
 * (struct sched_shutdown). Does not return, except for SHUTDOWN_suspend
 * where it returns 0 on resume (1 if the suspend was cancelled).
 */
#define SCHEDOP_shutdown	2

/*
 * SCHEDOP_poll: block until one of @ports is pending or system time
 * reaches @timeout (0 = no timeout). Returns 0 at once if one is already
 * pending. (struct sched_poll)
 *   Errors: -XEN_EINVAL too many or bad ports, -XEN_EFAULT.
 */
#define SCHEDOP_poll		3

/*
 * SCHEDOP_remote_shutdown: (privileged) shut down domain @domain_id for
 * @reason. (struct sched_remote_shutdown)
 *   Errors: -XEN_ESRCH, -XEN_EPERM.
 */
#define SCHEDOP_remote_shutdown	4

/*
 * SCHEDOP_shutdown_code: record @reason (struct sched_shutdown) as the
 * one to report if the domain later crashes or is shut down.
 */
#define SCHEDOP_shutdown_code	5

/*
 * SCHEDOP_watchdog: arm (timeout != 0) or disarm a domain watchdog
 * (struct sched_watchdog). id 0 with a timeout creates one and returns
 * its id; a non-zero id re-arms or (timeout 0) deletes it.
 *   Errors: -XEN_ENOSPC no free watchdog, -XEN_EINVAL bad id.
 */
#define SCHEDOP_watchdog	6

/* SCHEDOP_pin_override: (dom0) temporarily pin to @pcpu, -1 to undo. */
#define SCHEDOP_pin_override	7

struct sched_shutdown {
	uint32_t reason;	/* SHUTDOWN_* */
};
typedef struct sched_shutdown sched_shutdown_t;

struct sched_poll {
	XEN_GUEST_HANDLE(evtchn_port_t) ports;
	uint32_t nr_ports;
	uint64_t timeout;	/* absolute system time, ns */
};
typedef struct sched_poll sched_poll_t;
DEFINE_XEN_GUEST_HANDLE(sched_poll_t);

struct sched_remote_shutdown {
	domid_t domain_id;
	uint32_t reason;	/* SHUTDOWN_* */
};
typedef struct sched_remote_shutdown sched_remote_shutdown_t;

struct sched_watchdog {
	uint32_t id;
	uint32_t timeout;	/* seconds */
};
typedef struct sched_watchdog sched_watchdog_t;

struct sched_pin_override {
	int32_t pcpu;
};
typedef struct sched_pin_override sched_pin_override_t;

/* Shutdown reasons. */
#define SHUTDOWN_poweroff	0	/* halt, clean up */
#define SHUTDOWN_reboot		1	/* restart the domain */
#define SHUTDOWN_suspend	2	/* save state, may resume */
#define SHUTDOWN_crash		3	/* the guest crashed */
#define SHUTDOWN_watchdog	4	/* a domain watchdog expired */
#define SHUTDOWN_soft_reset	5	/* reset keeping memory (kexec) */
#define SHUTDOWN_MAX		5

#endif /* HVLAB_GUEST_ABI_SCHED_H */

/* Pass a hosted program's <sched.h> through to the C library (see errno.h). */
#if defined(__STDC_HOSTED__) && __STDC_HOSTED__ && defined(__has_include_next)
#if __has_include_next(<sched.h>)
#include_next <sched.h>
#endif
#endif
