/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hv's common code as a host program (test/host/arch.c): set-up, and
 * calling a hypercall as one of a domain's vCPUs.
 */
#ifndef HOST_H
#define HOST_H

#include <hv/types.h>

struct domain;

struct vcpu;

/* Once: ram_bytes of arena for the hv's page allocator. */
void host_init(size_t ram_bytes);
/* Pages the allocator has free (to compare before and after). */
u64 host_free_pages(void);
/* Hypercall nr as v, which the (real) scheduler makes the running vCPU
 * first, re-issued while it is preempted (as the guest's VMMCALL would
 * be), then due timers run; its result, or HOST_NOT_RUNNING if v cannot
 * run (blocked, or its domain shut down). */
#define HOST_NOT_RUNNING (-1000000L)
long host_call(struct vcpu *v, unsigned int nr, u64 a1, u64 a2, u64 a3, u64 a4,
	       u64 a5);

/*
 * A test domain: nr_ram pages of RAM from gfn 0, its grant table's first
 * frame at gt_gfn and shared_info at si_gfn, mapped by its own
 * XENMEM_add_to_physmap calls; vCPU 0 is the caller of host_op. NULL if
 * any step fails. host_destroy ends it as a toolstack would (shutdown,
 * then the builder's reference).
 */
struct domain *host_domain(const char *name, bool privileged, u64 nr_ram,
			   u64 gt_gfn, u64 si_gfn);
void host_destroy(struct domain *d);

/* The page of guest RAM where host_op puts a call's argument. */
#define HOST_SCRATCH_GFN 1
/* Hypercall nr(cmd, arg, a3) from d's vCPU 0 with arg (n bytes) in its
 * scratch page, copied back afterwards; the result. */
long host_op(struct domain *d, unsigned int nr, u64 cmd, void *arg, size_t n,
	     u64 a3);

#endif
