// SPDX-License-Identifier: GPL-2.0
/*
 * Bringing up the application processors with INIT-SIPI-SIPI, one at a
 * time: each gets its own parameter block in the shared trampoline, so the
 * next cannot start until the previous one has left it.
 */
#include <hv/printk.h>
#include <hv/sched.h>
#include <hv/string.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/page.h>
#include <asm/paging.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <asm/time.h>

struct trampoline_params {
	u32 cr3;
	u32 efer;
	u64 stack;
	u64 pcpu;
	u64 entry;
} __packed;

extern const char trampoline_start[], trampoline_end[];
extern const char trampoline_params[];

#define AP_START_TIMEOUT_US 200000

static volatile bool ap_started;

static void __noreturn ap_entry64(struct pcpu *c)
{
	write_cr3(paging_root());
	ap_started = true;
	cpu_bringup(c);
	sched_loop();
}

static struct trampoline_params *trampoline_install(void)
{
	void *t = __va(TRAMPOLINE_PA);

	memcpy(t, trampoline_start, trampoline_end - trampoline_start);
	return (void *)((char *)t + (trampoline_params - trampoline_start));
}

static bool wait_started(unsigned long us)
{
	for (; us; us -= 10) {
		if (ap_started)
			return true;
		udelay(10);
	}
	return ap_started;
}

static bool start_ap(struct trampoline_params *tp, struct pcpu *c)
{
	tp->stack = c->stack_top - 8; /* as if called: ABI alignment */
	tp->pcpu = (u64)c;
	ap_started = false;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);

	apic_send_ipi(c->apic_id, APIC_ICR_INIT | APIC_ICR_LEVEL_ASSERT);
	udelay(10000);
	for (int i = 0; i < 2 && !ap_started; i++) {
		apic_send_ipi(c->apic_id,
			      APIC_ICR_STARTUP | (TRAMPOLINE_PA >> 12));
		wait_started(i ? AP_START_TIMEOUT_US : 200);
	}
	return ap_started;
}

unsigned int smp_boot_aps(const struct acpi_info *ai)
{
	struct trampoline_params *tp = trampoline_install();
	u32 bsp = this_cpu()->apic_id;
	unsigned int n = 1;

	tp->cr3 = paging_ap_boot_root();
	tp->efer = rdmsr(MSR_EFER) & (EFER_LME | EFER_NXE | EFER_SCE);
	tp->entry = (u64)ap_entry64;

	for (u32 i = 0; i < ai->nr_cpus; i++) {
		struct pcpu *c;
		u64 t0;

		if (!ai->cpu[i].enabled || ai->cpu[i].apic_id == bsp)
			continue;
		if (n >= CONFIG_NR_CPUS) {
			pr_warn("hv: CPU with APIC ID %u left offline: "
				"CONFIG_NR_CPUS=%d\n",
				ai->cpu[i].apic_id, CONFIG_NR_CPUS);
			continue;
		}
		c = pcpu_alloc(n, ai->cpu[i].apic_id);
		cpus[n] = c;
		if (!start_ap(tp, c)) {
			pr_err("hv: CPU with APIC ID %u did not start\n",
			       c->apic_id);
			cpus[n] = NULL;
			continue;
		}
		/* Wait for it to finish bring-up so messages stay ordered. */
		t0 = rdtsc();
		while (!c->online && tsc_to_ns(rdtsc() - t0) < 1000000000ULL)
			cpu_relax();
		n++;
	}
	return n;
}
