/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Performance counters the lab reads with XEN_SYSCTL_perfc_op (Debian's
 * xenperf, hvctl top and stats): per domain, what its vCPUs cost the hv
 * (exits by kind, hypercalls) and how they talk (events, upcalls, blocks
 * and wake-ups, grant operations); machine-wide, hypercalls by number.
 *
 * Per-domain counts live in each vCPU, written without atomics: every
 * counter has one writer at a time (the vCPU's own pCPU, or the holder of
 * the lock named beside it), so counting costs an increment of a line
 * the exit path has already touched. perfc.c sums them per domain when
 * asked. Values are 32 bits and wrap, as Xen's.
 */
#ifndef HV_PERFC_H
#define HV_PERFC_H

#include <hv/types.h>

/* X(name, description as xenperf prints it) */
#define PERFC_VCPU_COUNTERS(X)                                 \
	X(exit_intr, "dom exits: host interrupt")              \
	X(exit_hlt, "dom exits: hlt")                          \
	X(exit_hypercall, "dom exits: hypercall")              \
	X(exit_npf, "dom exits: nested page fault")            \
	X(exit_io, "dom exits: I/O port")                      \
	X(exit_msr, "dom exits: MSR")                          \
	X(exit_cpuid, "dom exits: CPUID")                      \
	X(exit_other, "dom exits: other")                      \
	X(hypercalls, "dom hypercalls")                        \
	X(evtchn_send, "dom EVTCHNOP_send")                    \
	X(blocks, "dom vCPU blocks")                           \
	X(grant_map, "dom grant maps")                         \
	X(grant_unmap, "dom grant unmaps")                     \
	X(grant_copy, "dom grant copies")                      \
	/* written under the receiving domain's event lock: */ \
	X(events, "dom events raised")                         \
	X(upcalls, "dom upcalls raised")                       \
	/* written under the scheduler's lock: */              \
	X(wakeups, "dom vCPU wake-ups")                        \
	X(runnable_us, "dom vCPU runnable, us")                \
	X(blocked_us, "dom vCPU blocked, us")

#define PERFC_ENUM(name, desc) PERFC_##name,
enum perfc_vcpu { PERFC_VCPU_COUNTERS(PERFC_ENUM) NR_PERFC_VCPU };
#undef PERFC_ENUM

/* Machine-wide: hypercalls by number, per pCPU (percpu.h), as Xen's. */
#define PERFC_NR_HYPERCALLS 64

struct vcpu;
struct xen_sysctl_perfc_op;

/* Count one for v; the caller is v's only writer of that counter. */
#define perfc_inc(v, name) ((v)->perfc[PERFC_##name]++)

void perfc_hypercall(unsigned int nr);
struct domain;
/* Its exit counts on the hv's log, as it is freed. */
void perfc_domain_report(const struct domain *d);
long perfc_sysctl(struct xen_sysctl_perfc_op *op);

#endif
