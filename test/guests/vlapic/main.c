// SPDX-License-Identifier: MIT
/*
 * The local APIC (x2APIC MSRs) as the SDM and Xen 4.17 define it: the
 * error status register and LVT error, reserved bits raising #GP,
 * TPR/PPR gating, ISR/IRR in a handler and EOI order with nested vectors;
 * timer.c does the timer. Absence checks end on a positive marker (a
 * self-IPI that must arrive), so "nothing came" means something.
 */
#include "vlapic.h"

#define VEC_ERROR 0x70
#define VEC_MARKER 0x71
#define VEC_LOW 0x45
#define VEC_HIGH 0x65
#define VEC_OUTER 0x50
#define VEC_SAME_CLASS 0x52
#define VEC_NESTED 0x90

static volatile uint64_t fixup_rip;
static volatile int trapped;

static void probe_fault(struct cpu_regs *regs)
{
	trapped = regs->vector;
	regs->rip = fixup_rip;
}

int wrmsr_safe(uint32_t msr, uint64_t val)
{
	trapped = -1;
	asm volatile("lea 1f(%%rip), %%r11\n\t"
		     "mov %%r11, %[fix]\n\t"
		     "wrmsr\n1:"
		     : [fix] "=m"(fixup_rip)
		     : "c"(msr), "a"((uint32_t)val), "d"((uint32_t)(val >> 32))
		     : "r11", "memory");
	return trapped;
}

int rdmsr_safe(uint32_t msr, uint64_t *val)
{
	uint32_t lo = 0, hi = 0;

	trapped = -1;
	asm volatile("lea 1f(%%rip), %%r11\n\t"
		     "mov %%r11, %[fix]\n\t"
		     "rdmsr\n1:"
		     : [fix] "=m"(fixup_rip), "+a"(lo), "+d"(hi)
		     : "c"(msr)
		     : "r11", "memory");
	*val = ((uint64_t)hi << 32) | lo;
	return trapped;
}

uint64_t now_ns(void)
{
	return pvclock_ns_of(&vcpu0_info()->time);
}

bool wait_count(const volatile unsigned int *count, unsigned int n,
		unsigned int ms)
{
	uint64_t end = now_ns() + ms * MS;
	bool ok;

	local_irq_enable();
	while (!(ok = *count >= n) && now_ns() < end)
		cpu_relax();
	local_irq_disable();
	return ok;
}

void sleep_ms(unsigned int ms)
{
	static const volatile unsigned int never;

	wait_count(&never, 1, ms);
}

volatile unsigned int hits[256];
volatile uint64_t hit_ns[256];

static void counted(struct cpu_regs *regs)
{
	hit_ns[regs->vector] = now_ns();
	hits[regs->vector]++;
	apic_eoi();
}

void count_vector(unsigned int vec)
{
	set_irq_handler(vec, counted);
}

/* A self-IPI that must arrive: the positive end of an absence check. */
static bool marker(void)
{
	unsigned int n = hits[VEC_MARKER];

	wrmsr(APIC_SELF_IPI, VEC_MARKER);
	return wait_count(&hits[VEC_MARKER], n + 1, FIRE_BOUND_MS);
}

/* Latch the errors gathered since the last write, and read them. */
static uint64_t esr_latch(void)
{
	wrmsr(APIC_ESR, 0);
	return rdmsr(APIC_ESR);
}

static void test_esr(void)
{
	esr_latch();
	check_eq(esr_latch(), 0, "esr/clear-at-start");

	wrmsr(APIC_ICR, ICR_SELF | 5);
	check_eq(rdmsr(APIC_ESR), 0, "esr/not-visible-before-write");
	check_eq(esr_latch(), ESR_SEND_ILLEGAL, "esr/send-illegal-icr");
	check_eq(esr_latch(), 0, "esr/write-clears");
	check_eq(rdmsr(APIC_IRR0) & 0xffff, 0, "esr/illegal-not-in-irr");

	wrmsr(APIC_SELF_IPI, 3);
	check_eq(esr_latch(), ESR_SEND_ILLEGAL, "esr/send-illegal-self-ipi");
	wrmsr(APIC_ICR, 15); /* physical destination 0: ourselves */
	check_eq(esr_latch(), ESR_SEND_ILLEGAL, "esr/send-illegal-physical");

	check_eq(wrmsr_safe(APIC_ESR, 1), VEC_GP, "esr/nonzero-write-gp");
}

static void test_lvt_error(void)
{
	count_vector(VEC_ERROR);
	esr_latch();
	wrmsr(APIC_LVT_ERROR, VEC_ERROR);
	check_eq(rdmsr(APIC_LVT_ERROR), VEC_ERROR, "lvt-error/reads-back");

	wrmsr(APIC_SELF_IPI, 2);
	check(wait_count(&hits[VEC_ERROR], 1, FIRE_BOUND_MS),
	      "lvt-error/delivered", "%u interrupts", hits[VEC_ERROR]);
	check_eq(esr_latch(), ESR_SEND_ILLEGAL, "lvt-error/esr-latched");
	wrmsr(APIC_ICR, ICR_SELF | 1);
	check(wait_count(&hits[VEC_ERROR], 2, FIRE_BOUND_MS),
	      "lvt-error/again-after-esr-write", "%u interrupts",
	      hits[VEC_ERROR]);

	wrmsr(APIC_LVT_ERROR, VEC_ERROR | LVT_MASKED);
	esr_latch();
	wrmsr(APIC_SELF_IPI, 2);
	check(marker() && hits[VEC_ERROR] == 2, "lvt-error/masked-silent",
	      "%u interrupts", hits[VEC_ERROR]);
	check_eq(esr_latch(), ESR_SEND_ILLEGAL, "lvt-error/masked-still-logs");
}

/* Registers and bits that do not exist, or are read- or write-only. */
static void test_reserved(void)
{
	static const struct {
		uint32_t msr;
		uint64_t val;
		const char *name;
	} bad_writes[] = {
		{ APIC_TPR, 0x100, "gp/tpr-bit-8" },
		{ APIC_EOI, 1, "gp/eoi-nonzero" },
		{ APIC_PPR, 0, "gp/ppr-read-only" },
		{ APIC_ISR0, 0, "gp/isr-read-only" },
		{ APIC_TMCCT, 0, "gp/tmcct-read-only" },
		{ APIC_SVR, 0x10ff, "gp/svr-bit-12" },
		/* The vector is one we handle, in case the write goes through. */
		{ APIC_ICR, ICR_SELF | (1U << 12) | VEC_MARKER,
		  "gp/icr-delivery-status" },
		{ APIC_SELF_IPI, 0x100 | VEC_MARKER, "gp/self-ipi-bit-8" },
		{ APIC_TDCR, 4, "gp/tdcr-bit-2" },
		{ APIC_TMICT, 1ULL << 32, "gp/tmict-high-half" },
		{ APIC_LVT_ERROR, 0x770, "gp/lvt-error-delivery-mode" },
		{ APIC_LVT_TIMER, (1U << 19) | LVT_MASKED,
		  "gp/lvt-timer-bit-19" },
		{ APIC_LVT_LINT0, 1U << 17, "gp/lint0-bit-17" },
		{ 0x801, 0, "gp/no-register-write" },
	};
	static const uint32_t bad_reads[] = { APIC_EOI, APIC_SELF_IPI, 0x801,
					      0x809,	0x83a,	       0x840 };
	uint64_t v;

	for (unsigned int i = 0; i < ARRAY_SIZE(bad_writes); i++)
		check_eq(wrmsr_safe(bad_writes[i].msr, bad_writes[i].val),
			 VEC_GP, bad_writes[i].name);
	for (unsigned int i = 0; i < ARRAY_SIZE(bad_reads); i++)
		check(rdmsr_safe(bad_reads[i], &v) == VEC_GP, "gp/bad-read",
		      "msr %#x did not #GP", bad_reads[i]);

	/* Read-only bits of an LVT read as 0 whatever was written. */
	wrmsr(APIC_LVT_LINT0, LVT_MASKED | (1U << 14) | (1U << 12) | 0x730);
	check_eq(rdmsr(APIC_LVT_LINT0), LVT_MASKED | 0x730,
		 "lvt/lint0-read-only-bits");
}

/* A software-disabled APIC masks its LVTs and takes no fixed IPI. */
static void test_svr(void)
{
	unsigned int n = hits[VEC_ERROR];

	wrmsr(APIC_LVT_ERROR, VEC_ERROR);
	wrmsr(APIC_SVR, 0xff);
	check_eq(rdmsr(APIC_LVT_ERROR), VEC_ERROR | LVT_MASKED,
		 "svr/disable-masks-lvt");
	wrmsr(APIC_SELF_IPI, VEC_ERROR);
	wrmsr(APIC_SVR, 0x1ff);
	check(marker() && hits[VEC_ERROR] == n, "svr/disabled-drops-ipi",
	      "%u interrupts", hits[VEC_ERROR] - n);
	wrmsr(APIC_LVT_ERROR, VEC_ERROR | LVT_MASKED);
}

static volatile uint64_t isr_in, irr_in, ppr_in;

static void high_handler(struct cpu_regs *regs)
{
	isr_in = vector_bit(APIC_ISR0, VEC_HIGH);
	irr_in = vector_bit(APIC_IRR0, VEC_HIGH);
	ppr_in = rdmsr(APIC_PPR);
	counted(regs);
}

static void test_tpr(void)
{
	count_vector(VEC_LOW);
	set_irq_handler(VEC_HIGH, high_handler);
	wrmsr(APIC_TPR, 0x5f);
	check_eq(rdmsr(APIC_TPR), 0x5f, "tpr/reads-back");
	check_eq(rdmsr(APIC_PPR), 0x5f, "ppr/is-tpr-when-idle");

	wrmsr(APIC_SELF_IPI, VEC_LOW);
	check(marker() && hits[VEC_LOW] == 0, "tpr/holds-lower-class");
	check(vector_bit(APIC_IRR0, VEC_LOW), "tpr/held-vector-in-irr");

	wrmsr(APIC_SELF_IPI, VEC_HIGH);
	check(wait_count(&hits[VEC_HIGH], 1, FIRE_BOUND_MS),
	      "tpr/higher-class-passes");
	check(isr_in && !irr_in, "isr/in-service-in-handler", "ISR %lu IRR %lu",
	      (unsigned long)isr_in, (unsigned long)irr_in);
	check_eq(ppr_in, 0x60, "ppr/in-handler-is-isr-class");
	check_eq(hits[VEC_LOW], 0, "tpr/still-held");
	check(!vector_bit(APIC_ISR0, VEC_HIGH), "isr/cleared-by-eoi");

	wrmsr(APIC_TPR, 0);
	check(wait_count(&hits[VEC_LOW], 1, FIRE_BOUND_MS),
	      "tpr/lowered-releases");
	check_eq(rdmsr(APIC_PPR), 0, "ppr/zero-at-end");
}

/*
 * EOI order: in the handler of a class-5 vector, a class-9 vector nests
 * and its EOI ends only itself; a second class-5 vector waits for the
 * outer EOI.
 */
static volatile unsigned int order[8], n_order;
static volatile bool both_in_service, outer_left, same_class_waited;

static void log_vec(unsigned int v)
{
	if (n_order < ARRAY_SIZE(order))
		order[n_order++] = v;
}

static void nested_handler(struct cpu_regs *regs)
{
	log_vec(VEC_NESTED);
	both_in_service = vector_bit(APIC_ISR0, VEC_OUTER) &&
			  vector_bit(APIC_ISR0, VEC_NESTED);
	apic_eoi();
	outer_left = vector_bit(APIC_ISR0, VEC_OUTER) &&
		     !vector_bit(APIC_ISR0, VEC_NESTED);
}

static void outer_handler(struct cpu_regs *regs)
{
	log_vec(VEC_OUTER);
	wrmsr(APIC_SELF_IPI, VEC_SAME_CLASS);
	wrmsr(APIC_SELF_IPI, VEC_NESTED);
	/* IF=1 inside the handler: the higher class may now nest. */
	wait_count(&n_order, 2, FIRE_BOUND_MS);
	same_class_waited = vector_bit(APIC_IRR0, VEC_SAME_CLASS);
	log_vec(VEC_OUTER | 0x100); /* end of the outer handler */
	apic_eoi();
}

static void same_class_handler(struct cpu_regs *regs)
{
	log_vec(VEC_SAME_CLASS);
	apic_eoi();
}

static void test_nested(void)
{
	static const unsigned int want[] = { VEC_OUTER, VEC_NESTED,
					     VEC_OUTER | 0x100,
					     VEC_SAME_CLASS };
	bool ok;

	set_irq_handler(VEC_OUTER, outer_handler);
	set_irq_handler(VEC_NESTED, nested_handler);
	set_irq_handler(VEC_SAME_CLASS, same_class_handler);
	wrmsr(APIC_SELF_IPI, VEC_OUTER);
	ok = wait_count(&n_order, 4, FIRE_BOUND_MS);
	for (unsigned int i = 0; ok && i < ARRAY_SIZE(want); i++)
		ok = order[i] == want[i];
	check(ok, "eoi/nested-order", "%u events: %#x %#x %#x %#x", n_order,
	      order[0], order[1], order[2], order[3]);
	check(both_in_service, "isr/nested-both-in-service");
	check(outer_left, "eoi/clears-highest-only");
	check(same_class_waited, "eoi/same-class-waits-in-irr");
	check_eq(rdmsr(APIC_ISR0 + 2) | rdmsr(APIC_ISR0 + 4), 0,
		 "isr/empty-at-end");
}

/* role=spin: a busy bystander, so the tested vCPU shares and changes pCPUs. */
static void spin(unsigned long ms)
{
	uint64_t end = now_ns() + ms * MS;

	while (now_ns() < end)
		cpu_relax();
	test_pass("spin/ran");
}

void test_main(void)
{
	if (!xen_present())
		test_fatal("xen", "no Xen CPUID leaves");
	if (!check_rc(map_shared_info(), 0, "shared-info/map"))
		return;
	if (cmdline_has("spin")) {
		spin(cmdline_get_ulong("spin", 0));
		return;
	}
	set_irq_handler(VEC_GP, probe_fault);
	count_vector(VEC_MARKER);
	wrmsr(APIC_SVR, 0x1ff); /* software-enable: reset leaves it off */

	test_esr();
	test_lvt_error();
	test_reserved();
	test_svr();
	test_tpr();
	test_nested();
	test_timer();
}
