// SPDX-License-Identifier: GPL-2.0
/*
 * Guest MSRs. Everything exits except the segment-base and syscall MSRs
 * the vendor switches on entry and exit itself (its MSR map). What is not listed here raises #GP: after Linux has an IDT,
 * its MSR accessors survive that, and the MSRs it touches before then are
 * the ones handled below (linux-pvh-contract.md section 2.4).
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/printk.h>
#include <hv/string.h>
#include <asm/page.h>
#include <asm/hvm.h>
#include <asm/processor.h>
#include <asm/vcpu.h>

#define MSR_TSC 0x10
#define MSR_TSC_DEADLINE 0x6e0
#define MSR_MTRRCAP 0xfe
#define MSR_MTRR_VAR_FIRST 0x200
#define MSR_MTRR_VAR_LAST 0x20f
#define MSR_MTRR_DEF_TYPE 0x2ff
#define MSR_TSC_AUX 0xc0000103
#define MSR_HWCR 0xc0010015
#define MSR_K8_SYSCFG 0xc0010010
#define MSR_K8_TOP_MEM1 0xc001001a
#define MSR_K8_TOP_MEM2 0xc001001d
#define MSR_AMD64_NB_CFG 0xc001001f
#define MSR_K8_ENABLE_C1E 0xc0010055
#define MSR_K8_VM_CR 0xc0010114
#define MSR_AMD64_EX_CFG 0xc001102c
#define MSR_XEN_HYPERCALL_PAGE 0x40000000
#define EFER_GUEST_BITS (EFER_SCE | EFER_LME | EFER_NXE)

/*
 * AMD configuration MSRs that Linux reads (SYSCFG for memory encryption,
 * NB_CFG for extended PCI config access) and that describe a machine the
 * guest does not own: read as 0, writes ignored, as Xen does for HVM
 * guests, dom0 included when it owns no hardware (svm_msr_read_intercept,
 * hvm_msr_read_intercept).
 */
static bool amd_config_msr(u32 msr)
{
	switch (msr) {
	case MSR_K8_SYSCFG:
	case MSR_K8_TOP_MEM1:
	case MSR_K8_TOP_MEM2:
	case MSR_AMD64_NB_CFG:
	case MSR_K8_ENABLE_C1E:
	case MSR_K8_VM_CR:
	case MSR_AMD64_EX_CFG:
		return true;
	}
	return false;
}

static bool mtrr_fixed(u32 msr)
{
	return msr == 0x250 || msr == 0x258 || msr == 0x259 ||
	       (msr >= 0x268 && msr <= 0x26f);
}

/*
 * The hypercall page: 32-byte stubs "mov $nr, %eax; vmmcall; ret". Linux
 * 6.1 no longer uses it, older kernels and other guests do.
 */
static int write_hypercall_page(struct vcpu *v, u64 gpa)
{
	u8 page[PAGE_SIZE];

	if (gpa & ~PAGE_MASK)
		return -EINVAL;
	memset(page, 0xcc, sizeof(page)); /* int3 between stubs */
	for (unsigned int i = 0; i < PAGE_SIZE / 32; i++) {
		u8 *p = page + i * 32;

		p[0] = 0xb8; /* mov $i, %eax */
		p[1] = i;
		p[2] = p[3] = p[4] = 0;
		p[5] = 0x0f; /* vmmcall */
		p[6] = 0x01;
		p[7] = 0xd9;
		p[8] = 0xc3; /* ret */
	}
	return copy_to_gpa(v->domain, gpa, page, sizeof(page));
}

int vcpu_rdmsr(struct vcpu *v, u32 msr, u64 *val)
{
	struct arch_vcpu *a = &v->arch;

	if (msr >= 0x800 && msr <= 0x8ff)
		return vlapic_rdmsr(v, msr, val);
	if (msr >= MSR_MTRR_VAR_FIRST && msr <= MSR_MTRR_VAR_LAST) {
		*val = a->mtrr_var[msr - MSR_MTRR_VAR_FIRST];
		return 0;
	}
	if (mtrr_fixed(msr)) {
		*val = 0x0606060606060606ULL; /* write-back */
		return 0;
	}
	if (amd_config_msr(msr)) {
		*val = 0;
		return 0;
	}
	switch (msr) {
	case MSR_EFER: {
		struct cr_state cs;

		virt->get_cr_state(v, &cs);
		*val = cs.efer;
		return 0;
	}
	case MSR_APIC_BASE:
		*val = a->msr_apic_base;
		return 0;
	case MSR_PAT:
		*val = virt->get_pat(v);
		return 0;
	case MSR_TSC:
		*val = rdtsc() + virt->get_tsc_offset(v);
		return 0;
	case MSR_TSC_AUX:
		*val = a->msr_tsc_aux;
		return 0;
	case MSR_TSC_DEADLINE:
		*val = vlapic_tdt_read(v);
		return 0;
	case MSR_MTRRCAP:
		*val = 0x508; /* WC, fixed ranges, 8 variable */
		return 0;
	case MSR_MTRR_DEF_TYPE:
		*val = a->mtrr_def_type;
		return 0;
	case MSR_HWCR:
		*val = 1UL << 24; /* TscFreqSel: the TSC runs at P0 */
		return 0;
	}
	pr_debug("hv: d%u v%u: rdmsr %x: #GP\n", v->domain->id, v->id, msr);
	return -EINVAL;
}

int vcpu_wrmsr(struct vcpu *v, u32 msr, u64 val)
{
	struct arch_vcpu *a = &v->arch;

	if (msr >= 0x800 && msr <= 0x8ff)
		return vlapic_wrmsr(v, msr, val);
	if (msr >= MSR_MTRR_VAR_FIRST && msr <= MSR_MTRR_VAR_LAST) {
		a->mtrr_var[msr - MSR_MTRR_VAR_FIRST] = val;
		return 0;
	}
	if (mtrr_fixed(msr) || amd_config_msr(msr))
		return 0;
	switch (msr) {
	case MSR_EFER: {
		struct cr_state cs;

		virt->get_cr_state(v, &cs);
		if (efer_check(v, &cs, val))
			return -EINVAL;
		/* LMA follows LME and CR0.PG in hardware: the vendor keeps it. */
		virt->set_efer(v, val & EFER_GUEST_BITS);
		return 0;
	}
	case MSR_APIC_BASE:
		/* Only x2APIC mode exists: keep EN and EXTD, ignore moves. */
		return 0;
	case MSR_PAT:
		virt->set_pat(v, val);
		return 0;
	case MSR_TSC:
	case MSR_HWCR:
		return 0; /* the TSC is shared by all vCPUs: ignore */
	case MSR_TSC_AUX:
		a->msr_tsc_aux = (u32)val;
		return 0;
	case MSR_TSC_DEADLINE:
		vlapic_tdt_write(v, val);
		return 0;
	case MSR_MTRR_DEF_TYPE:
		a->mtrr_def_type = val;
		return 0;
	case MSR_XEN_HYPERCALL_PAGE:
		/* Xen latches shared_info's layout here too. */
		domain_latch_shinfo_mode(v->domain, !vcpu_mode64(v));
		return write_hypercall_page(v, val) ? -EINVAL : 0;
	}
	pr_debug("hv: d%u v%u: wrmsr %x=%lx: #GP\n", v->domain->id, v->id, msr,
		 (unsigned long)val);
	return -EINVAL;
}
