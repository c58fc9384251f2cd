// SPDX-License-Identifier: GPL-2.0
/*
 * The SVM entry/exit loop and ASIDs. Each pCPU hands out ASIDs from 1 up;
 * when they run out it starts a new generation and flushes all of them.
 * A vCPU keeps its ASID while it stays on the same pCPU in the same
 * generation and its domain's p2m has not changed (p2m.tlb_gen): a new
 * ASID is an empty TLB, so no flush is needed otherwise.
 */
#include <hv/compiler.h>
#include <hv/mm.h>
#include <hv/sched.h>
#include <hv/smp.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/vcpu.h>
#include "svm.h"

struct asid_cpu {
	u32 next;
	u64 gen;
	paddr_t host_save_pa; /* VMSAVE area with this pCPU's own state */
};

static struct asid_cpu asid_cpus[CONFIG_NR_CPUS];
static u32 asid_max;

/* Per pCPU, once its GS base and TR are final: the host state page. */
int svm_run_cpu_init(void)
{
	struct asid_cpu *ac = &asid_cpus[smp_processor_id()];
	void *host = alloc_page_zeroed();
	u32 a, b, c, d;

	if (!host)
		return -1;
	cpuid(0x8000000a, &a, &b, &c, &d);
	asid_max = b - 1;
	ac->host_save_pa = __pa(host);
	ac->gen = 1;
	ac->next = 1;
	__asm__ __volatile__("vmsave %0" ::"a"(ac->host_save_pa) : "memory");
	return 0;
}

/* Give v an ASID valid on this pCPU, flushing when one must be reused. */
static __exit_path void asid_assign(struct vcpu *v)
{
	struct asid_cpu *ac = &asid_cpus[smp_processor_id()];
	struct arch_vcpu *a = &v->arch;
	struct vmcb *vmcb = to_vmcb(v);
	u64 tlb_gen = READ_ONCE(v->domain->arch.p2m.tlb_gen);

	vmcb->ctl.tlb_control = SVM_TLB_FLUSH_NONE;
	/* One test, not three: each branch is a block under QEMU. */
	if (!((a->asid_cpu ^ (int)smp_processor_id()) |
	      (a->asid_gen ^ ac->gen) | (a->tlb_gen ^ tlb_gen)))
		return;
	if (ac->next > asid_max) {
		ac->gen++;
		ac->next = 1;
		vmcb->ctl.tlb_control = SVM_TLB_FLUSH_ALL;
	}
	a->asid = ac->next++;
	a->asid_cpu = smp_processor_id();
	a->asid_gen = ac->gen;
	a->tlb_gen = tlb_gen;
	vmcb->ctl.asid = a->asid;
}

__exit_path void svm_run(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;
	struct vmcb *vmcb = to_vmcb(v);
	struct asid_cpu *ac = &asid_cpus[smp_processor_id()];

	for (;;) {
		local_irq_disable();
		vcpu_entry_begin();
		if (sched_should_yield()) {
			vcpu_entry_end();
			break;
		}
		asid_assign(v);
		svm_inject_events(v);
		vcpu_host_cr4_follow(vmcb->save.cr4);
		vmcb->save.rax = a->gprs.rax;
		vmcb->save.rsp = a->gprs.rsp;
		svm_vmrun(&a->gprs, a->vmc_pa, ac->host_save_pa);
		a->gprs.rax = vmcb->save.rax;
		a->gprs.rsp = vmcb->save.rsp;
		a->nr_exits++;
		vcpu_entry_end();
		local_irq_enable();
		svm_handle_exit(v);
	}
}
