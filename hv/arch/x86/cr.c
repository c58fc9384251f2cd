// SPDX-License-Identifier: GPL-2.0
/*
 * What the virtual CPU accepts in CR0, CR4, EFER and XCR0. A value real
 * hardware would refuse, or that uses a feature this vCPU's CPUID does not
 * offer, raises #GP in the guest as on hardware and on Xen; it must never
 * reach VMRUN, which would refuse the whole guest state (and under QEMU a
 * reserved CR4 bit is a bogus #VMEXIT instead of a #GP). The checks follow
 * the AMD64 APM vol. 2 (sections 3.1 and 11.5) and Intel SDM vol. 3 2.5.
 * Vendor code decides when to ask and applies an accepted value.
 */
#include <hv/domain.h>
#include <asm/processor.h>
#include <asm/vcpu.h>

/* CPUID bits that make CR4 bits legal: leaf, register index, bit. */
struct cr4_feature {
	u64 cr4;
	u32 leaf;
	u8 reg, bit;
};

#define EBX 1
#define ECX 2
#define EDX 3

static const struct cr4_feature cr4_features[] = {
	{ X86_CR4_VME | X86_CR4_PVI, 1, EDX, 1 },
	{ X86_CR4_TSD, 1, EDX, 4 },
	{ X86_CR4_DE, 1, EDX, 2 },
	{ X86_CR4_PSE, 1, EDX, 3 },
	{ X86_CR4_PAE, 1, EDX, 6 },
	{ X86_CR4_MCE, 1, EDX, 7 },
	{ X86_CR4_PGE, 1, EDX, 13 },
	{ X86_CR4_OSFXSR, 1, EDX, 24 },
	{ X86_CR4_OSXMMEXCPT, 1, EDX, 25 },
	{ X86_CR4_PCIDE, 1, ECX, 17 },
	{ X86_CR4_OSXSAVE, 1, ECX, 26 },
	{ X86_CR4_FSGSBASE, 7, EBX, 0 },
	{ X86_CR4_SMEP, 7, EBX, 7 },
	{ X86_CR4_SMAP, 7, EBX, 20 },
	{ X86_CR4_UMIP, 7, ECX, 2 },
	{ X86_CR4_PKE, 7, ECX, 3 },
	{ X86_CR4_LA57, 7, ECX, 16 },
};

/* XCR0 components, and the ones the hv's one-page save area can hold. */
#define XSTATE_X87 (1ULL << 0)
#define XSTATE_SSE (1ULL << 1)
#define XSTATE_YMM (1ULL << 2)
#define XSTATE_BNDREGS (1ULL << 3)
#define XSTATE_BNDCSR (1ULL << 4)
#define XSTATE_AVX512 (7ULL << 5) /* opmask, ZMM_Hi256, Hi16_ZMM */
#define XSTATE_PKRU (1ULL << 9)
#define XSTATE_HV_MAX                                            \
	(XSTATE_X87 | XSTATE_SSE | XSTATE_YMM | XSTATE_BNDREGS | \
	 XSTATE_BNDCSR | XSTATE_AVX512 | XSTATE_PKRU)

/* The CR4 bits this vCPU may set: those its CPUID offers, and PCE. */
static u64 cr4_valid(struct vcpu *v)
{
	u32 l1[4], l7[4] = { 0 };
	u64 ok = X86_CR4_PCE;

	guest_cpuid(v, 1, 0, l1);
	guest_cpuid(v, 0, 0, l7);
	if (l7[0] >= 7)
		guest_cpuid(v, 7, 0, l7);
	else
		l7[1] = l7[2] = l7[3] = 0;
	for (unsigned int i = 0; i < ARRAY_SIZE(cr4_features); i++) {
		const struct cr4_feature *f = &cr4_features[i];
		const u32 *r = f->leaf == 1 ? l1 : l7;

		if (r[f->reg] & (1U << f->bit))
			ok |= f->cr4;
	}
	return ok;
}

int cr0_check(struct vcpu *v, const struct cr_state *s, u64 val)
{
	bool pg_on = (val & X86_CR0_PG) && !(s->cr0 & X86_CR0_PG);
	bool pg_off = !(val & X86_CR0_PG) && (s->cr0 & X86_CR0_PG);

	if (val >> 32)
		return X86_EXC_GP;
	if ((val & X86_CR0_NW) && !(val & X86_CR0_CD))
		return X86_EXC_GP;
	if ((val & X86_CR0_PG) && !(val & X86_CR0_PE))
		return X86_EXC_GP;
	/* Entering long mode needs PAE; leaving it from 64-bit code is
	 * not allowed. */
	if (pg_on && (s->efer & EFER_LME) && !(s->cr4 & X86_CR4_PAE))
		return X86_EXC_GP;
	if (pg_off && (s->efer & EFER_LMA) && s->cs_long)
		return X86_EXC_GP;
	return 0;
}

int cr4_check(struct vcpu *v, const struct cr_state *s, u64 val)
{
	u64 changed = val ^ s->cr4;

	if (val & ~cr4_valid(v))
		return X86_EXC_GP;
	if (s->efer & EFER_LMA) {
		if (!(val & X86_CR4_PAE) || (changed & X86_CR4_LA57))
			return X86_EXC_GP;
	}
	/* PCIDE may only be turned on in long mode with PCID 0 in CR3. */
	if ((val & changed & X86_CR4_PCIDE) &&
	    (!(s->efer & EFER_LMA) || (s->cr3 & 0xfff)))
		return X86_EXC_GP;
	return 0;
}

int efer_check(struct vcpu *v, const struct cr_state *s, u64 val)
{
	u64 ok = EFER_SCE | EFER_LME | EFER_LMA;
	u32 e1[4];

	guest_cpuid(v, 0x80000001, 0, e1);
	if (e1[3] & (1U << 20))
		ok |= EFER_NXE;
	if (val & ~ok)
		return X86_EXC_GP;
	/* LME cannot change while paging is on. LMA is read-only: a write
	 * of it is ignored. */
	if ((s->cr0 & X86_CR0_PG) && ((val ^ s->efer) & EFER_LME))
		return X86_EXC_GP;
	return 0;
}

int xcr_check(struct vcpu *v, const struct cr_state *s, u32 idx, u64 val)
{
	u32 d[4];
	u64 offered;

	if (!(s->cr4 & X86_CR4_OSXSAVE))
		return X86_EXC_UD;
	if (s->cpl || idx)
		return X86_EXC_GP;
	guest_cpuid(v, 0xd, 0, d);
	offered = (d[0] | ((u64)d[3] << 32)) & XSTATE_HV_MAX;
	if (!(val & XSTATE_X87) || (val & ~offered))
		return X86_EXC_GP;
	/* Components that only come in sets (SDM vol. 1 13.3). */
	if ((val & XSTATE_YMM) && !(val & XSTATE_SSE))
		return X86_EXC_GP;
	if ((val & XSTATE_AVX512) &&
	    ((val & XSTATE_AVX512) != XSTATE_AVX512 || !(val & XSTATE_YMM)))
		return X86_EXC_GP;
	if (!(val & XSTATE_BNDREGS) != !(val & XSTATE_BNDCSR))
		return X86_EXC_GP;
	return 0;
}
