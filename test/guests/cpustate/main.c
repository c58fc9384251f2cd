// SPDX-License-Identifier: MIT
/*
 * Control registers, EFER and XCR0 written with values the virtual CPU
 * does not offer or that are reserved: each must raise #GP in the guest,
 * as on real hardware and on Xen, and the domain must go on running.
 * Valid writes must take effect. Run under the hv, and on bare QEMU for
 * reference (where the CPU itself decides).
 */
#include "guest.h"

#define VEC_UD 6
#define VEC_GP 13

#define CR0_PE (1ULL << 0)
#define CR0_TS (1ULL << 3)
#define CR0_NW (1ULL << 29)
#define CR0_CD (1ULL << 30)
#define CR0_PG (1ULL << 31)
#define CR4_PAE (1ULL << 5)
#define CR4_PGE (1ULL << 7)
#define CR4_UMIP (1ULL << 11)
#define CR4_LA57 (1ULL << 12)
#define CR4_VMXE (1ULL << 13)
#define CR4_SMXE (1ULL << 14)
#define CR4_OSXSAVE (1ULL << 18)
#define CR4_PKE (1ULL << 22)
#define MSR_EFER 0xc0000080
#define EFER_LME (1ULL << 8)
#define EFER_SVME (1ULL << 12)

/* Where a faulting probe resumes, and which vector it took (-1: none). */
static volatile uint64_t fixup_rip;
static volatile int trapped;

static void probe_fault(struct cpu_regs *regs)
{
	trapped = regs->vector;
	regs->rip = fixup_rip;
}

/* Each probe runs one instruction; a fault resumes at label 1. */
#define PROBE(insn, ...)                                                   \
	({                                                                  \
		trapped = -1;                                               \
		asm volatile("lea 1f(%%rip), %%r11\n\t"                     \
			     "mov %%r11, %[fix]\n\t" insn "\n1:"            \
			     : [fix] "=m"(fixup_rip)                        \
			     : __VA_ARGS__                                  \
			     : "r11", "memory");                            \
		trapped;                                                    \
	})

static int write_cr0(uint64_t v)
{
	return PROBE("mov %[v], %%cr0", [v] "r"(v));
}

static int write_cr3(uint64_t v)
{
	return PROBE("mov %[v], %%cr3", [v] "r"(v));
}

static int write_cr4(uint64_t v)
{
	return PROBE("mov %[v], %%cr4", [v] "r"(v));
}

static int write_efer(uint64_t v)
{
	return PROBE("wrmsr", "c"(MSR_EFER), "a"((uint32_t)v),
		     "d"((uint32_t)(v >> 32)));
}

static int write_xcr(uint32_t idx, uint64_t v)
{
	return PROBE("xsetbv", "c"(idx), "a"((uint32_t)v),
		     "d"((uint32_t)(v >> 32)));
}

static uint64_t xgetbv0(void)
{
	uint32_t lo, hi;

	asm volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return ((uint64_t)hi << 32) | lo;
}

static void refused(int vec, const char *name, uint64_t before,
		    uint64_t after)
{
	check(vec == VEC_GP, name, "vector %d, expected #GP", vec);
	check(before == after, name, "register changed: %#lx -> %#lx",
	      (unsigned long)before, (unsigned long)after);
}

static void check_cr4(void)
{
	uint64_t cr4 = read_cr4();
	static const struct {
		uint64_t bit;
		const char *name;
	} bad[] = {
		{ CR4_UMIP, "cr4/umip-not-offered" },
		{ CR4_LA57, "cr4/la57-in-long-mode" },
		{ CR4_VMXE, "cr4/vmxe-on-amd" },
		{ CR4_SMXE, "cr4/smxe" },
		{ CR4_PKE, "cr4/pke-not-offered" },
		{ 1ULL << 15, "cr4/reserved-bit-15" },
		{ 1ULL << 30, "cr4/reserved-bit-30" },
		{ 1ULL << 63, "cr4/reserved-bit-63" },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++)
		refused(write_cr4(cr4 | bad[i].bit), bad[i].name, cr4,
			read_cr4());
	refused(write_cr4(cr4 & ~CR4_PAE), "cr4/clear-pae-in-long-mode", cr4,
		read_cr4());

	/* A valid change takes effect (Linux toggles PGE to flush). */
	check_eq(write_cr4(cr4 ^ CR4_PGE), -1, "cr4/toggle-pge");
	check_eq(read_cr4(), cr4 ^ CR4_PGE, "cr4/toggle-pge-value");
	check_eq(write_cr4(cr4), -1, "cr4/restore");
	check_eq(read_cr4(), cr4, "cr4/restore-value");
}

static void check_cr0_cr3(void)
{
	uint64_t cr0 = read_cr0(), cr3 = read_cr3();

	refused(write_cr0(cr0 | (1ULL << 32)), "cr0/high-bit", cr0,
		read_cr0());
	refused(write_cr0((cr0 & ~CR0_CD) | CR0_NW), "cr0/nw-without-cd", cr0,
		read_cr0());
	refused(write_cr0(cr0 & ~CR0_PG), "cr0/clear-pg-in-long-mode", cr0,
		read_cr0());
	refused(write_cr0(cr0 & ~CR0_PE), "cr0/clear-pe-with-pg", cr0,
		read_cr0());
	check_eq(write_cr0(cr0), -1, "cr0/same-value");
	/* LMSW and CLTS are CR0 writes too. */
	check_eq(PROBE("lmsw %w[v]", [v] "r"((uint16_t)(cr0 | CR0_TS))), -1,
		 "cr0/lmsw-sets-ts");
	check_eq(read_cr0(), cr0 | CR0_TS, "cr0/lmsw-value");
	check_eq(PROBE("clts", "i"(0)), -1, "cr0/clts");
	check_eq(read_cr0(), cr0 & ~CR0_TS, "cr0/clts-value");
	check_eq(write_cr0(cr0), -1, "cr0/restore");

	refused(write_cr3(cr3 | (1ULL << 62)), "cr3/reserved-bit-62", cr3,
		read_cr3());
	refused(write_cr3(cr3 | (1ULL << 52)), "cr3/reserved-bit-52", cr3,
		read_cr3());
	check_eq(write_cr3(cr3), -1, "cr3/same-value");
}

static void check_efer(void)
{
	uint64_t efer = rdmsr(MSR_EFER);

	refused(write_efer(efer | EFER_SVME), "efer/svme-not-offered", efer,
		rdmsr(MSR_EFER));
	refused(write_efer(efer | (1ULL << 20)), "efer/reserved-bit-20", efer,
		rdmsr(MSR_EFER));
	refused(write_efer(efer | (1ULL << 40)), "efer/reserved-bit-40", efer,
		rdmsr(MSR_EFER));
	refused(write_efer(efer & ~EFER_LME), "efer/clear-lme-with-paging",
		efer, rdmsr(MSR_EFER));
	check_eq(write_efer(efer), -1, "efer/same-value");
}

static void check_xcr0(void)
{
	uint32_t a, b, c, d;
	uint64_t cr4 = read_cr4(), xcr0;

	cpuid_count(1, 0, &a, &b, &c, &d);
	if (!(c & (1U << 26))) {
		printf("no XSAVE offered: XCR0 checks skipped\n");
		check(!(c & (1U << 27)), "xcr0/no-osxsave-without-xsave");
		return;
	}
	check_eq(write_xcr(0, 1), VEC_UD, "xcr0/xsetbv-before-osxsave-is-ud");
	check_eq(write_cr4(cr4 | CR4_OSXSAVE), -1, "xcr0/set-osxsave");
	cpuid_count(1, 0, &a, &b, &c, &d);
	check(c & (1U << 27), "xcr0/cpuid-shows-osxsave", "ecx %#x", c);
	xcr0 = xgetbv0();
	check(xcr0 & 1, "xcr0/x87-set", "%#lx", (unsigned long)xcr0);

	refused(write_xcr(1, 1), "xcr0/index-1", xcr0, xgetbv0());
	refused(write_xcr(0, 0), "xcr0/x87-clear", xcr0, xgetbv0());
	refused(write_xcr(0, 5), "xcr0/avx-without-sse", xcr0, xgetbv0());
	refused(write_xcr(0, 1ULL << 9), "xcr0/pkru-not-offered", xcr0,
		xgetbv0());
	refused(write_xcr(0, 1ULL << 62), "xcr0/reserved-bit-62", xcr0,
		xgetbv0());
	check_eq(write_xcr(0, 3), -1, "xcr0/x87-sse");
	check_eq(xgetbv0(), 3, "xcr0/x87-sse-value");
	check_eq(write_xcr(0, 1), -1, "xcr0/x87-only");
	check_eq(write_cr4(cr4), -1, "xcr0/clear-osxsave");
}

void test_main(void)
{
	set_irq_handler(VEC_GP, probe_fault);
	set_irq_handler(VEC_UD, probe_fault);
	check_cr4();
	check_cr0_cr3();
	check_efer();
	check_xcr0();
	set_irq_handler(VEC_GP, NULL);
	set_irq_handler(VEC_UD, NULL);
	/* Still alive after all of that, and timekeeping still works. */
	check(read_cr4() & CR4_PAE, "alive/after-probes");
}
