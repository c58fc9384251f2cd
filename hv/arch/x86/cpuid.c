// SPDX-License-Identifier: GPL-2.0
/*
 * The CPUID a guest sees: the host's, minus what we do not virtualize,
 * plus Xen's leaves at 0x40000000 (linux-pvh-contract.md section 2).
 */
#include <hv/compiler.h>
#include <hv/domain.h>
#include <version.h>
#include <asm/hvm.h>
#include <asm/processor.h>
#include <asm/time.h>
#include <asm/vcpu.h>

#define XEN_LEAF_BASE 0x40000000
#define XEN_LEAF_MAX (XEN_LEAF_BASE + 5)
#define HV_XEN_VERSION ((4 << 16) | 17) /* the Xen we imitate: 4.17 */

/* 1.ECX */
#define F1C_MONITOR (1U << 3)
#define F1C_VMX (1U << 5)
#define F1C_SMX (1U << 6)
#define F1C_EST (1U << 7)
#define F1C_TM2 (1U << 8)
#define F1C_X2APIC (1U << 21)
#define F1C_TSC_DEADLINE (1U << 24)
#define F1C_OSXSAVE (1U << 27)
#define F1C_HYPERVISOR (1U << 31)
/* 1.EDX */
#define F1D_MCE (1U << 7)
#define F1D_MCA (1U << 14)
#define F1D_ACPI (1U << 22)
#define F1D_DS (1U << 21)
#define F1D_TM (1U << 29)
#define F1D_PBE (1U << 31)
/* 8000_0001.ECX */
#define E1C_SVM (1U << 2)
#define E1C_OSVW (1U << 9)
#define E1C_IBS (1U << 10)
#define E1C_SKINIT (1U << 12)
#define E1C_WDT (1U << 13)
#define E1C_NODEID (1U << 19)
#define E1C_TOPOEXT (1U << 22)
#define E1C_PERFCTR_CORE (1U << 23)
#define E1C_MWAITX (1U << 29)
/* 8000_0001.EDX */
#define E1D_RDTSCP (1U << 27)

static __hot void xen_leaves(struct vcpu *v, u32 leaf, u32 sub, u32 *r)
{
	switch (leaf - XEN_LEAF_BASE) {
	case 0:
		r[0] = XEN_LEAF_MAX;
		r[1] = 0x566e6558; /* "XenV" */
		r[2] = 0x65584d4d; /* "MMXe" */
		r[3] = 0x4d4d566e; /* "nVMM" */
		break;
	case 1:
		r[0] = HV_XEN_VERSION;
		break;
	case 2:
		r[0] = 1; /* one hypercall page */
		r[1] = 0x40000000; /* its MSR */
		break;
	case 3: /* TSC: subleaf 0 and 2 give the frequency in kHz */
		if (sub == 0 || sub == 2)
			r[2] = tsc_khz;
		break;
	case 4: /* HVM: this vCPU's id; no upcall-vector per vCPU offered */
		r[0] = 1U << 3; /* XEN_HVM_CPUID_VCPU_ID_PRESENT */
		r[1] = v->id;
		break;
	}
}

/* What every guest is offered of the host's leaf; filter_std adds what
 * depends on the vCPU. */
static __hot void mask_features(u32 leaf, u32 *r)
{
	switch (leaf) {
	case 1:
		r[2] &= ~(F1C_MONITOR | F1C_VMX | F1C_SMX | F1C_EST | F1C_TM2 |
			  F1C_OSXSAVE);
		/* The vLAPIC's timer has TSC-deadline mode (vlapic.c). */
		r[2] |= F1C_X2APIC | F1C_TSC_DEADLINE | F1C_HYPERVISOR;
		r[3] &= ~(F1D_MCE | F1D_MCA | F1D_ACPI | F1D_DS | F1D_TM |
			  F1D_PBE);
		break;
	case 5: /* MONITOR/MWAIT: hidden */
	case 6: /* power management: nothing to offer */
	case 0xa: /* architectural PMU */
		r[0] = r[1] = r[2] = r[3] = 0;
		break;
	case 7:
		r[1] &= ~(1U << 1); /* TSC_ADJUST */
		r[2] &= ~((1U << 3) | (1U << 4) |
			  (1U << 16)); /* PKU OSPKE LA57 */
		r[3] &= ~((1U << 26) | (1U << 27) | (1U << 29) | (1U << 31));
		break;
	case 0x80000001:
		r[2] &= ~(E1C_SVM | E1C_OSVW | E1C_IBS | E1C_SKINIT | E1C_WDT |
			  E1C_NODEID | E1C_TOPOEXT | E1C_PERFCTR_CORE |
			  E1C_MWAITX);
		r[3] &= ~E1D_RDTSCP;
		break;
	case 0x80000007: /* power management */
	case 0x8000000a: /* SVM */
	case 0x8000001f: /* SME/SEV: read before Linux has an IDT */
		r[0] = r[1] = r[2] = r[3] = 0;
		break;
	case 0x80000008:
		r[1] = 0; /* no IBRS/IBPB/STIBP/SSBD: those MSRs #GP here */
		break;
	}
}

static __hot void filter_std(struct vcpu *v, u32 leaf, u32 *r)
{
	struct cr_state cs;

	mask_features(leaf, r);
	if (leaf != 1)
		return;
	r[1] = (r[1] & 0x0000ffff) | (v->id << 24) |
	       (v->domain->nr_vcpus << 16);
	virt->get_cr_state(v, &cs);
	if (cs.cr4 & X86_CR4_OSXSAVE)
		r[2] |= F1C_OSXSAVE;
}

/*
 * Xen's featureset words (public/arch-x86/cpufeatureset.h): which CPUID
 * register each is, in order. Leaves beyond the machine's maximum give 0.
 */
static const struct {
	u32 leaf, sub;
	u8 reg; /* 0 EAX, 1 EBX, 2 ECX, 3 EDX */
} fs_words[CPU_FEATURESET_WORDS] = {
	{ 1, 0, 3 },	      { 1, 0, 2 },	    { 0x80000001, 0, 3 },
	{ 0x80000001, 0, 2 }, { 0xd, 1, 0 },	    { 7, 0, 1 },
	{ 7, 0, 2 },	      { 0x80000007, 0, 3 }, { 0x80000008, 0, 1 },
	{ 7, 0, 3 },	      { 7, 1, 0 },	    { 0x80000021, 0, 0 },
	{ 7, 1, 1 },	      { 7, 2, 3 },
};

void arch_cpu_featureset(bool guest, u32 *fs)
{
	u32 max_std, max_ext, r[4];

	cpuid(0, &max_std, &r[1], &r[2], &r[3]);
	cpuid(0x80000000, &max_ext, &r[1], &r[2], &r[3]);
	for (unsigned int i = 0; i < CPU_FEATURESET_WORDS; i++) {
		u32 leaf = fs_words[i].leaf;

		fs[i] = 0;
		if (leaf > (leaf >= 0x80000000 ? max_ext : max_std))
			continue;
		cpuid_count(leaf, fs_words[i].sub, &r[0], &r[1], &r[2], &r[3]);
		if (guest)
			mask_features(leaf, r);
		fs[i] = r[fs_words[i].reg];
	}
}

__hot void guest_cpuid(struct vcpu *v, u32 leaf, u32 sub, u32 r[4])
{
	r[0] = r[1] = r[2] = r[3] = 0;
	if (leaf >= XEN_LEAF_BASE && leaf < XEN_LEAF_BASE + 0x10000) {
		if (leaf <= XEN_LEAF_MAX)
			xen_leaves(v, leaf, sub, r);
	} else {
		cpuid_count(leaf, sub, &r[0], &r[1], &r[2], &r[3]);
		filter_std(v, leaf, r);
	}
}

__hot void vcpu_cpuid(struct vcpu *v)
{
	struct guest_gprs *g = &v->arch.gprs;
	u32 r[4];

	guest_cpuid(v, g->rax, g->rcx, r);
	g->rax = r[0];
	g->rbx = r[1];
	g->rcx = r[2];
	g->rdx = r[3];
}
