// SPDX-License-Identifier: GPL-2.0
/* The x86 parts of a domain: its p2m. */
#include <hv/domain.h>
#include <hv/sched.h>
#include <asm/p2m.h>
#include <asm/vcpu.h>

int arch_domain_init(struct domain *d)
{
	return p2m_init(&d->arch.p2m);
}

void arch_domain_destroy(struct domain *d)
{
	p2m_destroy(&d->arch.p2m);
}

/* Every vCPU takes a fresh ASID before it next runs (vcpu.c). */
void arch_domain_flush_tlbs(struct domain *d)
{
	__atomic_fetch_add(&d->arch.p2m.tlb_gen, 1, __ATOMIC_SEQ_CST);
	for (unsigned int i = 0; i < d->nr_vcpus; i++)
		vcpu_kick(d->vcpu[i]);
}
