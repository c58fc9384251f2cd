// SPDX-License-Identifier: GPL-2.0
/*
 * What the virtual CPU accepts in CR0, CR4, EFER and XCR0
 * (hv/arch/x86/cr.c), against a CPUID the test sets. The XCR0 checks run
 * only on hardware (QEMU cannot intercept XSETBV), so this is where they
 * are tested.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hv/domain.h>
#include <asm/processor.h>
#include <asm/vcpu.h>

/* The guest's CPUID: leaf 0 max 0xd, 1, 7, 0xd, 0x80000001. */
static u32 l1c, l1d, l7b, l7c, ld_lo, ld_hi, e1d;

void guest_cpuid(struct vcpu *v, u32 leaf, u32 sub, u32 r[4])
{
	memset(r, 0, 4 * sizeof(u32));
	switch (leaf) {
	case 0:
		r[0] = 0xd;
		break;
	case 1:
		r[2] = l1c, r[3] = l1d;
		break;
	case 7:
		r[1] = l7b, r[2] = l7c;
		break;
	case 0xd:
		r[0] = ld_lo, r[3] = ld_hi;
		break;
	case 0x80000001:
		r[3] = e1d;
		break;
	}
}

#define LONG_CR0 (X86_CR0_PE | X86_CR0_ET | X86_CR0_PG)
#define LONG_CR4 (X86_CR4_PAE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT)
#define LONG_EFER (EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE)

static struct cr_state long_mode(void)
{
	return (struct cr_state){ .cr0 = LONG_CR0,
				  .cr3 = 0x1000,
				  .cr4 = LONG_CR4,
				  .efer = LONG_EFER,
				  .cs_long = true };
}

/* An EPYC under QEMU: no UMIP, PKU, LA57, PCID; XSAVE with x87/SSE/AVX. */
static int epyc(void **state)
{
	l1d = (1U << 1) | (1U << 2) | (1U << 3) | (1U << 4) | (1U << 6) |
	      (1U << 13) | (1U << 24) | (1U << 25);
	l1c = 1U << 26; /* XSAVE */
	l7b = (1U << 0) | (1U << 7) | (1U << 20); /* FSGSBASE SMEP SMAP */
	l7c = 0;
	ld_lo = 7, ld_hi = 0;
	e1d = 1U << 20; /* NX */
	return 0;
}

static void test_cr4(void **state)
{
	struct cr_state s = long_mode();
	struct vcpu *v = NULL;

	assert_int_equal(cr4_check(v, &s, LONG_CR4 | X86_CR4_PGE), 0);
	assert_int_equal(cr4_check(v, &s,
				   LONG_CR4 | X86_CR4_SMEP | X86_CR4_FSGSBASE |
					   X86_CR4_OSXSAVE),
			 0);
	assert_int_equal(cr4_check(v, &s, LONG_CR4 | X86_CR4_PCE), 0);
	/* Not offered, or not a feature at all. */
	assert_int_equal(cr4_check(v, &s, LONG_CR4 | X86_CR4_UMIP), X86_EXC_GP);
	assert_int_equal(cr4_check(v, &s, LONG_CR4 | X86_CR4_PKE), X86_EXC_GP);
	assert_int_equal(cr4_check(v, &s, LONG_CR4 | X86_CR4_PCIDE),
			 X86_EXC_GP);
	assert_int_equal(cr4_check(v, &s, LONG_CR4 | (1UL << 13)), X86_EXC_GP);
	assert_int_equal(cr4_check(v, &s, LONG_CR4 | (1UL << 30)), X86_EXC_GP);
	/* hvlab hides MCE, and Xen refuses CR4.MCE without it. */
	assert_int_equal(cr4_check(v, &s, LONG_CR4 | X86_CR4_MCE), X86_EXC_GP);
	/* Long mode needs PAE and cannot toggle LA57, even if offered. */
	assert_int_equal(cr4_check(v, &s, LONG_CR4 & ~X86_CR4_PAE), X86_EXC_GP);
	l7c = 1U << 16;
	assert_int_equal(cr4_check(v, &s, LONG_CR4 | X86_CR4_LA57), X86_EXC_GP);
	s.efer = 0, s.cr0 = X86_CR0_PE;
	assert_int_equal(cr4_check(v, &s, X86_CR4_LA57), 0);
	/* PCIDE, when offered: long mode and PCID 0 only. */
	l1c |= 1U << 17;
	assert_int_equal(cr4_check(v, &s, X86_CR4_PCIDE), X86_EXC_GP);
	s = long_mode();
	assert_int_equal(cr4_check(v, &s, LONG_CR4 | X86_CR4_PCIDE), 0);
	s.cr3 |= 5;
	assert_int_equal(cr4_check(v, &s, LONG_CR4 | X86_CR4_PCIDE),
			 X86_EXC_GP);
}

static void test_cr0(void **state)
{
	struct cr_state s = long_mode();
	struct vcpu *v = NULL;

	assert_int_equal(cr0_check(v, &s, LONG_CR0 | X86_CR0_WP), 0);
	assert_int_equal(cr0_check(v, &s, LONG_CR0 | (1UL << 32)), X86_EXC_GP);
	assert_int_equal(cr0_check(v, &s, LONG_CR0 | X86_CR0_NW), X86_EXC_GP);
	assert_int_equal(cr0_check(v, &s, LONG_CR0 | X86_CR0_NW | X86_CR0_CD),
			 0);
	assert_int_equal(cr0_check(v, &s, X86_CR0_PG), X86_EXC_GP);
	/* Leaving long mode from 64-bit code is refused; from a
	 * compatibility-mode segment it is how long mode is left. */
	assert_int_equal(cr0_check(v, &s, X86_CR0_PE), X86_EXC_GP);
	s.cs_long = false;
	assert_int_equal(cr0_check(v, &s, X86_CR0_PE), 0);
	/* Entering long mode needs PAE. */
	s = (struct cr_state){ .cr0 = X86_CR0_PE, .efer = EFER_LME };
	assert_int_equal(cr0_check(v, &s, X86_CR0_PE | X86_CR0_PG), X86_EXC_GP);
	s.cr4 = X86_CR4_PAE;
	assert_int_equal(cr0_check(v, &s, X86_CR0_PE | X86_CR0_PG), 0);
}

static void test_efer(void **state)
{
	struct cr_state s = long_mode();
	struct vcpu *v = NULL;

	assert_int_equal(efer_check(v, &s, LONG_EFER), 0);
	assert_int_equal(efer_check(v, &s, LONG_EFER & ~EFER_LMA), 0);
	assert_int_equal(efer_check(v, &s, LONG_EFER | EFER_SVME), X86_EXC_GP);
	assert_int_equal(efer_check(v, &s, LONG_EFER | (1UL << 40)),
			 X86_EXC_GP);
	assert_int_equal(efer_check(v, &s, LONG_EFER & ~EFER_LME), X86_EXC_GP);
	e1d = 0; /* no NX offered */
	assert_int_equal(efer_check(v, &s, LONG_EFER), X86_EXC_GP);
	s.cr0 = X86_CR0_PE; /* paging off: LME may change */
	assert_int_equal(efer_check(v, &s, EFER_SCE), 0);
}

static void test_xcr0(void **state)
{
	struct cr_state s = long_mode();
	struct vcpu *v = NULL;

	assert_int_equal(xcr_check(v, &s, 0, 1), X86_EXC_UD); /* no OSXSAVE */
	s.cr4 |= X86_CR4_OSXSAVE;
	assert_int_equal(xcr_check(v, &s, 0, 1), 0);
	assert_int_equal(xcr_check(v, &s, 0, 7), 0);
	assert_int_equal(xcr_check(v, &s, 1, 1), X86_EXC_GP);
	assert_int_equal(xcr_check(v, &s, 0, 0), X86_EXC_GP);
	assert_int_equal(xcr_check(v, &s, 0, 2), X86_EXC_GP); /* no x87 */
	assert_int_equal(xcr_check(v, &s, 0, 5), X86_EXC_GP); /* AVX, no SSE */
	assert_int_equal(xcr_check(v, &s, 0, 1ULL << 9), X86_EXC_GP);
	assert_int_equal(xcr_check(v, &s, 0, 1ULL << 62), X86_EXC_GP);
	s.cpl = 3;
	assert_int_equal(xcr_check(v, &s, 0, 7), X86_EXC_GP);
	s.cpl = 0;
	/* AVX-512 comes as one set of three, with AVX; PKRU and the MPX
	 * pair only when offered; AMX never (the save area is one page). */
	ld_lo = 0x2ff;
	assert_int_equal(xcr_check(v, &s, 0, 0xe7), 0);
	assert_int_equal(xcr_check(v, &s, 0, 0x67), X86_EXC_GP);
	assert_int_equal(xcr_check(v, &s, 0, 0xe3), X86_EXC_GP);
	assert_int_equal(xcr_check(v, &s, 0, 0x207), 0);
	assert_int_equal(xcr_check(v, &s, 0, 0x0f), X86_EXC_GP);
	assert_int_equal(xcr_check(v, &s, 0, 0x1f), 0);
	ld_lo = 0x60007;
	assert_int_equal(xcr_check(v, &s, 0, 0x60007), X86_EXC_GP);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_cr4, epyc),
		cmocka_unit_test_setup(test_cr0, epyc),
		cmocka_unit_test_setup(test_efer, epyc),
		cmocka_unit_test_setup(test_xcr0, epyc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
