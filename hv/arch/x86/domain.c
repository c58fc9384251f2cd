// SPDX-License-Identifier: GPL-2.0
/* The x86 parts of a domain: its p2m and CPU policy. */
#include <hv/domain.h>
#include <hv/sched.h>
#include <hv/timer.h>
#include <hv/mm.h>
#include <asm/cpu_policy.h>
#include <asm/processor.h>
#include <asm/p2m.h>
#include <asm/vcpu.h>

int arch_domain_init(struct domain *d)
{
	return p2m_init(&d->arch.p2m) ?: cpu_policy_domain_init(d);
}

void arch_domain_destroy(struct domain *d)
{
	p2m_destroy(&d->arch.p2m);
	xfree(d->arch.cpuid);
}

/* Every vCPU takes a fresh ASID before it next runs (vcpu.c). */
void arch_domain_flush_tlbs(struct domain *d)
{
	__atomic_fetch_add(&d->arch.p2m.tlb_gen, 1, __ATOMIC_SEQ_CST);
	for (unsigned int i = 0; i < d->nr_vcpus; i++)
		vcpu_kick(d->vcpu[i]);
}

/*
 * After removing frames from d's p2m (p2m_unmap moved tlb_gen): make sure
 * no other vCPU of d can still reach them through a TLB entry before the
 * frames are freed or unpinned. Running vCPUs are kicked out and we wait
 * for their exit; on the next VMRUN they take a fresh ASID. Called with
 * no lock held: a vCPU spinning on one of our locks would never exit.
 */
void physmap_flush_sync(struct domain *d)
{
	struct vcpu *self = current_vcpu();

	for (unsigned int i = 0; i < d->nr_vcpus; i++) {
		struct vcpu *v = d->vcpu[i];
		u64 exits, deadline;
		int cpu;

		if (!v || v == self)
			continue;
		cpu = READ_ONCE(v->processor);
		if (cpu < 0)
			continue;
		exits = READ_ONCE(v->arch.nr_exits);
		/* Not in the guest: its next entry sees the new generation. */
		if (!arch_kick_cpu(cpu))
			continue;
		deadline = now_ns() + 20000000ULL;
		while (READ_ONCE(v->processor) == cpu &&
		       READ_ONCE(v->arch.nr_exits) == exits &&
		       now_ns() < deadline)
			cpu_relax();
	}
}
