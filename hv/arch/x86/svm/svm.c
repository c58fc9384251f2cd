// SPDX-License-Identifier: GPL-2.0
/* AMD SVM: detection and per-CPU enabling. */
#include <hv/errno.h>
#include <hv/mm.h>
#include <hv/printk.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/virt.h>

#define CPUID_EXT_SVM (1U << 2) /* 8000_0001 ECX */
#define CPUID_SVM_NPT (1U << 0) /* 8000_000A EDX */
#define CPUID_SVM_NRIPS (1U << 3) /* 8000_000A EDX */

static u32 svm_nr_asids;
static u32 svm_features;

static bool svm_probe(const char **why)
{
	u32 a, b, c, d;

	cpuid(0x80000000, &a, &b, &c, &d);
	if (a < 0x8000000a || !(cpuid_ecx(0x80000001) & CPUID_EXT_SVM)) {
		*why = "CPUID 8000_0001 ECX.SVM is 0";
		return false;
	}
	if (rdmsr(MSR_VM_CR) & VM_CR_SVMDIS) {
		*why = "SVM is disabled by the firmware (VM_CR.SVMDIS)";
		return false;
	}
	cpuid(0x8000000a, &a, &b, &c, &d);
	if (!(d & CPUID_SVM_NPT)) {
		*why = "CPUID 8000_000A EDX.NP is 0 (no nested paging)";
		return false;
	}
	svm_nr_asids = b;
	svm_features = d;
	pr_info("hv: SVM revision %u, %u ASIDs, features %08x%s\n", a & 0xff, b,
		d, d & CPUID_SVM_NRIPS ? "" : " (no NRIPS: RIP by decode)");
	return true;
}

static int svm_cpu_enable(struct pcpu *c)
{
	void *hsave = alloc_page_zeroed();

	if (!hsave)
		return -ENOMEM;
	c->hsave_pa = __pa(hsave);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SVME);
	wrmsr(MSR_VM_HSAVE_PA, c->hsave_pa);
	return 0;
}

const struct virt_ops svm_ops = {
	.name = "SVM+NPT",
	.probe = svm_probe,
	.cpu_enable = svm_cpu_enable,
};
