// SPDX-License-Identifier: GPL-2.0
/*
 * The CPUID a guest sees: its domain's CPU policy (cpu_policy.c) with
 * what is each vCPU's own filled in, and Xen's leaves at 0x40000000
 * (linux-pvh-contract.md section 2).
 */
#include <hv/compiler.h>
#include <hv/domain.h>
#include <version.h>
#include <asm/cpu_policy.h>
#include <asm/hvm.h>
#include <asm/processor.h>
#include <asm/time.h>
#include <asm/vcpu.h>

#define XEN_LEAF_BASE 0x40000000
#define XEN_LEAF_LAST 5 /* Xen 4.17's XEN_CPUID_MAX_NUM_LEAVES */
#define HV_XEN_VERSION ((4 << 16) | 17) /* the Xen we imitate: 4.17 */

static __hot void xen_leaves(struct vcpu *v, u32 leaf, u32 sub, u32 *r)
{
	/* The toolstack may hide the last leaves (Xen clamps to 2..5). */
	u32 last = v->domain->arch.cpuid->hv_limit;

	last = last ? MIN(MAX(last, 2U), (u32)XEN_LEAF_LAST) : XEN_LEAF_LAST;
	if (leaf - XEN_LEAF_BASE > last)
		return;
	switch (leaf - XEN_LEAF_BASE) {
	case 0:
		r[0] = XEN_LEAF_BASE + last;
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

/* What in the domain's policy is the vCPU's own. */
static __hot void per_vcpu(struct vcpu *v, u32 leaf, u32 sub, u32 *r)
{
	struct cr_state cs;

	switch (leaf) {
	case 1:
		r[1] = (r[1] & 0x00ffffff) | (v->id << 24); /* APIC ID */
		virt->get_cr_state(v, &cs);
		if (cs.cr4 & X86_CR4_OSXSAVE)
			r[2] |= 1U << 27;
		break;
	case 0xb:
		r[3] = v->id; /* x2APIC ID */
		break;
	case 0xd:
		/*
		 * The XSAVE area's size for the XCR0 in force: the CPU's
		 * answer, as the guest's XCR0 is loaded while its exit is
		 * handled (arch_vcpu_switch_to).
		 */
		if (sub <= 1) {
			u32 a, b, c, d;

			cpuid_count(0xd, sub, &a, &b, &c, &d);
			r[1] = b;
		}
		break;
	}
}

__hot void guest_cpuid(struct vcpu *v, u32 leaf, u32 sub, u32 r[4])
{
	r[0] = r[1] = r[2] = r[3] = 0;
	if (leaf >= XEN_LEAF_BASE && leaf < XEN_LEAF_BASE + 0x10000) {
		xen_leaves(v, leaf, sub, r);
	} else if (cpu_policy_read(v->domain->arch.cpuid, leaf, sub, r)) {
		per_vcpu(v, leaf, sub, r);
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
