// SPDX-License-Identifier: GPL-2.0
/*
 * Time sources. Neither the TSC nor the APIC timer has a rate we can read
 * from CPUID under QEMU, so both are measured against a timer of known
 * frequency: the ACPI PM timer (3.579545 MHz), or the PIT if the FADT gives
 * none.
 */
#include <hv/console.h>
#include <hv/printk.h>
#include <hv/sched.h>
#include <hv/time.h>
#include <hv/timer.h>
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
static u64 boot_tsc; /* system time 0 */

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
	boot_tsc = t0;
	apic_ticks_per_tick = (u64)apic * 1000 / CALIBRATE_MS / HZ;
	pr_info("hv: TSC %lu.%03lu MHz, APIC timer %lu kHz (against %s)\n",
		(unsigned long)(tsc_khz / 1000), (unsigned long)(tsc_khz % 1000),
		(unsigned long)apic / CALIBRATE_MS,
		pm_port ? "ACPI PM timer" : "PIT");
}

u64 now_ns(void)
{
	return tsc_to_ns(rdtsc() - boot_tsc);
}

void arch_timer_program(u64 at)
{
	u64 now = now_ns();
	u64 ticks = 1;

	/* apic_ticks_per_tick counts 1/HZ s: scale the distance to ticks. */
	/* Cap at 1 s so the product cannot overflow; an early interrupt
	 * just reprograms. */
	if (at > now)
		ticks = MIN(at - now, 1000000000ULL) * apic_ticks_per_tick /
			(1000000000 / HZ);
	if (ticks > 0xffffffffULL)
		ticks = 0xffffffffULL;
	apic_timer_oneshot(ticks ? ticks : 1);
}

static void timer_interrupt(struct cpu_regs *regs)
{
	timers_run();
}

/*
 * The housekeeping tick: HZ times a second on every CPU, so the tick
 * counter proves timers work and the scheduler gets its time slices.
 */
static struct timer tick_timer[CONFIG_NR_CPUS];

static void tick(void *data)
{
	struct timer *t = data;

	this_cpu()->ticks++;
	if (this_cpu()->id == 0)
		console_poll_input();
	sched_tick();
	timer_set(t, t->expires + 1000000000 / HZ);
}

void timer_cpu_start(void)
{
	struct timer *t = &tick_timer[this_cpu()->id];

	set_irq_handler(VEC_TIMER, timer_interrupt);
	timer_init(t, tick, t);
	timer_set(t, now_ns() + 1000000000 / HZ);
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

void arch_pvclock_params(struct pvclock_params *p)
{
	u64 scale = tsc_ns_scale;
	s8 shift = 0;

	p->tsc = rdtsc();
	p->system_time = tsc_to_ns(p->tsc - boot_tsc);
	/* tsc_to_ns() is (delta * scale) >> 32; pvclock wants a 32-bit mul. */
	while (scale > 0xffffffffULL) {
		scale >>= 1;
		shift++;
	}
	p->mul = scale;
	p->shift = shift;
}

/* The CMOS real-time clock, read once at boot. */
static u64 wallclock_boot_sec;

static u8 cmos_read(u8 reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

static unsigned int bcd(u8 v, bool is_bcd)
{
	return is_bcd ? (v & 15) + (v >> 4) * 10 : v;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static u64 days_since_epoch(unsigned int y, unsigned int m, unsigned int d)
{
	y -= m <= 2;
	u64 era = y / 400, yoe = y - era * 400;
	u64 doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	u64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void time_read_rtc(void)
{
	unsigned int s, min, h, d, mon, y;
	bool is_bcd;
	u64 t0 = now_ns();

	for (int i = 0; i < 1000000 && (cmos_read(0x0a) & 0x80); i++)
		cpu_relax(); /* update in progress */
	is_bcd = !(cmos_read(0x0b) & 0x04);
	s = bcd(cmos_read(0x00), is_bcd);
	min = bcd(cmos_read(0x02), is_bcd);
	h = bcd(cmos_read(0x04) & 0x7f, is_bcd);
	d = bcd(cmos_read(0x07), is_bcd);
	mon = bcd(cmos_read(0x08), is_bcd);
	y = bcd(cmos_read(0x09), is_bcd) + 2000;
	if (mon < 1 || mon > 12 || d < 1 || d > 31) {
		pr_warn("hv: CMOS clock unreadable, wall clock starts at 1970\n");
		return;
	}
	wallclock_boot_sec = days_since_epoch(y, mon, d) * 86400 +
			     h * 3600 + min * 60 + s - t0 / 1000000000;
}

void arch_wallclock_at_boot(u64 *sec, u64 *nsec)
{
	*sec = wallclock_boot_sec;
	*nsec = 0;
}
