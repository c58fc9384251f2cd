/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CPU policies: the CPUID leaves and MSRs a domain reads, in the shape
 * Xen 4.17's toolstack exchanges them (xen_cpuid_leaf_t lists). Each
 * domain has its own, made from the hvm_max policy when it is created
 * and changed by the toolstack before it first runs.
 */
#ifndef ASM_CPU_POLICY_H
#define ASM_CPU_POLICY_H

#include <hv/types.h>

/* Xen 4.17's array sizes (xen/lib/x86/cpuid.h): what a policy can hold. */
#define CPUID_NR_BASIC 14 /* leaves 0 to 0xd */
#define CPUID_NR_CACHE 6 /* 4:0 to 4:5 */
#define CPUID_NR_FEAT 3 /* 7:0 to 7:2 */
#define CPUID_NR_TOPO 2 /* 0xb:0 and 0xb:1 */
#define CPUID_NR_XSTATE 63 /* 0xd:0 to 0xd:62 */
#define CPUID_NR_EXTD 0x22 /* 0x80000000 to 0x80000021 */

struct cpuid_regs {
	u32 a, b, c, d;
};

struct cpu_policy {
	/* Leaf 0's EAX, 7:0's EAX and 0x80000000's EAX are the maxima. */
	struct cpuid_regs basic[CPUID_NR_BASIC];
	struct cpuid_regs cache[CPUID_NR_CACHE];
	struct cpuid_regs feat[CPUID_NR_FEAT];
	struct cpuid_regs topo[CPUID_NR_TOPO];
	struct cpuid_regs xstate[CPUID_NR_XSTATE];
	struct cpuid_regs extd[CPUID_NR_EXTD];
	/* Leaves the hv's range at 0x40000000 has (0: all) and the one at
	 * 0x40000100 would have (hvlab has no Viridian range there). */
	u32 hv_limit, hv2_limit;
	u32 platform_info; /* MSR_INTEL_PLATFORM_INFO */
	u64 arch_caps; /* MSR_ARCH_CAPABILITIES */
};

/* Read the host's CPUID once, on the boot CPU. */
void cpu_policy_init(void);
struct domain;
/* A new domain's policy: hvm_max's, with as many logical processors per
 * package as it has vCPUs (d->nr_vcpus). */
int cpu_policy_domain_init(struct domain *d);
/* The leaf as policy p has it (no per-vCPU values); false and zeros for
 * one it does not have, as a guest reads a leaf beyond the maxima. */
bool cpu_policy_read(const struct cpu_policy *p, u32 leaf, u32 sub,
		     u32 r[4]);

#endif
