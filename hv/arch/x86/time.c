// SPDX-License-Identifier: GPL-2.0
/*
 * Time sources. Neither the TSC nor the APIC timer has a rate we can read
 * from CPUID under QEMU, so both are measured against a timer of known
 * frequency: the ACPI PM timer (3.579545 MHz), or the PIT if the FADT gives
 * none.
 */
#include <hv/printk.h>
#include <asm/apic.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/time.h>
#include <asm/traps.h>

#define PM_TIMER_HZ 3579545
#define PIT_HZ 1193182
#define CALIBRATE_MS 20

u64 tsc_khz;
u32 apic_ticks_per_tick;
/* ns = tsc * tsc_ns_scale >> 32: a multiply, no 128-bit division. */
static u64 tsc_ns_scale;

/* Busy-wait CALIBRATE_MS on the 24-bit PM timer (it wraps every 4.7 s). */
static void pm_timer_wait(u16 port)
{
	u32 need = PM_TIMER_HZ / 1000 * CALIBRATE_MS;
	u32 start = inl(port) & 0xffffff, elapsed;

	do {
		elapsed = ((inl(port) & 0xffffff) - start) & 0xffffff;
	} while (elapsed < need);
}

/* PIT channel 2 in one-shot mode, gated by port 0x61, counted to zero. */
static void pit_wait(void)
{
	u32 count = PIT_HZ / 1000 * CALIBRATE_MS;

	outb(0x61, (inb(0x61) & ~0x02) | 0x01);
	outb(0x43, 0xb0); /* channel 2, lobyte/hibyte, mode 0 */
	outb(0x42, count & 0xff);
	outb(0x42, count >> 8);
	while (!(inb(0x61) & 0x20))
		cpu_relax();
}

void time_calibrate(u16 pm_port)
{
	u64 t0, t1;
	u32 apic;

	apic_timer_calibrate_start();
	t0 = rdtsc();
	if (pm_port)
		pm_timer_wait(pm_port);
	else
		pit_wait();
	t1 = rdtsc();
	apic = apic_timer_calibrate_stop();

	tsc_khz = (t1 - t0) / CALIBRATE_MS;
	tsc_ns_scale = (1000000ULL << 32) / tsc_khz;
	apic_ticks_per_tick = (u64)apic * 1000 / CALIBRATE_MS / HZ;
	pr_info("hv: TSC %lu.%03lu MHz, APIC timer %lu kHz (against %s)\n",
		(unsigned long)(tsc_khz / 1000), (unsigned long)(tsc_khz % 1000),
		(unsigned long)apic / CALIBRATE_MS,
		pm_port ? "ACPI PM timer" : "PIT");
}

static void timer_interrupt(struct cpu_regs *regs)
{
	this_cpu()->ticks++;
}

void timer_cpu_start(void)
{
	set_irq_handler(VEC_TIMER, timer_interrupt);
	apic_timer_periodic(apic_ticks_per_tick);
}

u64 tsc_to_ns(u64 tsc)
{
	return (u64)(((__uint128_t)tsc * tsc_ns_scale) >> 32);
}

void udelay(unsigned long us)
{
	u64 end = rdtsc() + tsc_khz * us / 1000;

	while (rdtsc() < end)
		cpu_relax();
}
