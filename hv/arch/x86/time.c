// SPDX-License-Identifier: GPL-2.0
/*
 * Time sources. Neither the TSC nor the APIC timer has a rate we can read
 * from CPUID under QEMU, so both are measured against a timer of known
 * frequency: the ACPI PM timer (3.579545 MHz), or the PIT if the FADT gives
 * none.
 */
#include <hv/compiler.h>
#include <hv/console.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/sched.h>
#include <hv/time.h>
#include <hv/timer.h>
#include <asm/apic.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <asm/time.h>
#include <asm/traps.h>

#define PM_TIMER_HZ 3579545
#define PIT_HZ 1193182
#define CALIBRATE_MS 10

u64 tsc_khz;
u32 apic_ticks_per_tick;
/* ns = tsc * tsc_ns_scale >> 32: a multiply, no 128-bit division. */
static u64 tsc_ns_scale;
static u64 boot_tsc; /* system time 0 */

/*
 * Calibration. Under QEMU the host may stop a vCPU thread for
 * milliseconds at any point (and translating new code takes time too), so
 * each sample brackets every clock read tightly: a reference-timer read
 * counts only if the TSC moved little across it, and the rate uses the
 * reference ticks actually elapsed. The median of several samples, after
 * a warm-up, throws away the ones a stall still hit.
 */
#define CAL_SAMPLES 7

struct cal_point {
	u64 tsc;
	u32 ref; /* reference timer ticks */
	u32 apic; /* APIC timer count-down */
};

static u32 pm_read(u16 port)
{
	return inl(port) & 0xffffff;
}

/* PIT channel 2 counting down from 0xffff in mode 2 (rate generator). */
static u32 pit_read(u16 unused)
{
	u8 lo, hi;

	outb(0x43, 0x80); /* latch channel 2 */
	lo = inb(0x42);
	hi = inb(0x42);
	return 0xffff - (lo | (hi << 8));
}

static void pit_start(void)
{
	outb(0x61, (inb(0x61) & ~0x02) | 0x01);
	outb(0x43, 0xb4); /* channel 2, lobyte/hibyte, mode 2 */
	outb(0x42, 0xff);
	outb(0x42, 0xff);
}

#define CAL_MAX_SPREAD 64 /* reference ticks across one point */

/* One reading of all three clocks; false if a stall hit it. */
static bool cal_point(u32 (*ref)(u16), u16 port, u32 mask, struct cal_point *p)
{
	u32 r1 = ref(port), r2;

	p->tsc = rdtsc();
	p->apic = apic_timer_count();
	r2 = ref(port);
	p->ref = r1 + (((r2 - r1) & mask) / 2);
	return ((r2 - r1) & mask) < CAL_MAX_SPREAD;
}

static u64 median(u64 *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			u64 t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return v[n / 2];
}

void time_calibrate(u16 pm_port)
{
	u32 (*ref)(u16) = pm_port ? pm_read : pit_read;
	u32 hz = pm_port ? PM_TIMER_HZ : PIT_HZ;
	u32 mask = pm_port ? 0xffffff : 0xffff;
	u32 need = hz / 1000 * CALIBRATE_MS;
	u64 tsc_rate[CAL_SAMPLES], apic_rate[CAL_SAMPLES];
	int n = 0;

	if (!pm_port)
		pit_start();
	apic_timer_calibrate_start();
	for (int tries = 0; n < CAL_SAMPLES && tries < 4 * CAL_SAMPLES;
	     tries++) {
		struct cal_point a, b;
		u32 elapsed;

		if (!cal_point(ref, pm_port, mask, &a))
			continue;
		do {
			cal_point(ref, pm_port, mask, &b);
			elapsed = (b.ref - a.ref) & mask;
		} while (elapsed < need);
		if (!cal_point(ref, pm_port, mask, &b) || tries == 0)
			continue; /* stalled, or the warm-up round */
		elapsed = (b.ref - a.ref) & mask;
		tsc_rate[n] = (b.tsc - a.tsc) * hz / elapsed;
		apic_rate[n] = (u64)(a.apic - b.apic) * hz / elapsed;
		n++;
	}
	apic_timer_calibrate_stop();
	if (!n)
		panic("cannot calibrate the TSC: every sample was disturbed");
	tsc_khz = median(tsc_rate, n) / 1000;
	tsc_ns_scale = (1000000ULL << 32) / tsc_khz;
	boot_tsc = rdtsc();
	apic_ticks_per_tick = median(apic_rate, n) / HZ;
	pr_info("hv: TSC %lu.%03lu MHz, APIC timer %lu kHz (median of %d "
		"against %s)\n",
		(unsigned long)(tsc_khz / 1000),
		(unsigned long)(tsc_khz % 1000),
		(unsigned long)apic_ticks_per_tick * HZ / 1000, n,
		pm_port ? "the ACPI PM timer" : "the PIT");
}

__exit_path u64 now_ns(void)
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

static void tick(void *data)
{
	struct timer *t = data;

	this_cpu()->ticks++;
	stack_check();
	if (this_cpu()->id == 0)
		console_poll_input();
	sched_tick();
	timer_set(t, t->expires + 1000000000 / HZ);
}

void timer_cpu_start(void)
{
	struct timer *t = &this_percpu()->tick;

	set_irq_handler(VEC_TIMER, timer_interrupt);
	timer_init(t, tick, t);
	timer_set(t, now_ns() + 1000000000 / HZ);
}

__hot u64 tsc_to_ns(u64 tsc)
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
	wallclock_boot_sec = days_since_epoch(y, mon, d) * 86400 + h * 3600 +
			     min * 60 + s - t0 / 1000000000;
}

void arch_wallclock_at_boot(u64 *sec, u64 *nsec)
{
	*sec = wallclock_boot_sec;
	*nsec = 0;
}
