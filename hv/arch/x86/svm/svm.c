// SPDX-License-Identifier: GPL-2.0
/* AMD SVM: detection, per-CPU enabling, and the vendor table (asm/hvm.h). */
#include <hv/errno.h>
#include <hv/mm.h>
#include <hv/printk.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/hvm.h>
#include "svm.h"

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
	return svm_run_cpu_init();
}

const struct virt_ops svm_ops __hot_rodata = {
	.name = "SVM+NPT",
	.probe = svm_probe,
	.init = svm_maps_init,
	.cpu_enable = svm_cpu_enable,
	.vcpu_init = svm_vcpu_init,
	.vcpu_destroy = svm_vcpu_destroy,
	.run = svm_run,
	.get_rip = svm_get_rip,
	.set_rip = svm_set_rip,
	.get_rflags = svm_get_rflags,
	.set_rflags = svm_set_rflags,
	.get_seg = svm_get_seg,
	.get_cr_state = svm_cr_state,
	.get_cpl = svm_get_cpl,
	.set_efer = svm_set_efer,
	.get_pat = svm_get_pat,
	.set_pat = svm_set_pat,
	.get_tsc_offset = svm_get_tsc_offset,
	.has_pending = svm_has_pending,
	.set_pvh_state = svm_set_pvh_state,
	.set_sipi_state = svm_set_sipi_state,
	.load_context = svm_load_context,
};
