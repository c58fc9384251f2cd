// SPDX-License-Identifier: GPL-2.0
/*
 * The hv's own local APIC, in xAPIC (MMIO) mode: QEMU 7.2's TCG has no
 * x2APIC. Timer interrupts use VEC_TIMER; the legacy PICs are masked so
 * only the APIC delivers.
 */
#include <hv/compiler.h>
#include <asm/apic.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/traps.h>

#define APIC_ID 0x20
#define APIC_TPR 0x80
#define APIC_EOI 0xb0
#define APIC_SVR 0xf0
#define APIC_SVR_ENABLE 0x100
#define APIC_ICR_LO 0x300
#define APIC_ICR_HI 0x310
#define APIC_ICR_BUSY (1U << 12)
#define APIC_LVT_TIMER 0x320
#define APIC_LVT_LINT0 0x350
#define APIC_LVT_LINT1 0x360
#define APIC_LVT_ERROR 0x370
#define APIC_LVT_MASKED (1U << 16)
#define APIC_LVT_PERIODIC (1U << 17)
#define APIC_TIMER_INIT 0x380
#define APIC_TIMER_CUR 0x390
#define APIC_TIMER_DIV 0x3e0
#define APIC_DIV_16 0x3

static volatile u32 *apic_regs;

static inline u32 apic_read(unsigned int reg)
{
	return apic_regs[reg / 4];
}

static inline void apic_write(unsigned int reg, u32 v)
{
	apic_regs[reg / 4] = v;
}

void apic_map(paddr_t base)
{
	apic_regs = __va(base);
	/* Mask both 8259 PICs: the APIC is the only interrupt source. */
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
}

void apic_cpu_init(void)
{
	wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | (1UL << 11));
	apic_write(APIC_TPR, 0);
	apic_write(APIC_LVT_LINT0, APIC_LVT_MASKED);
	apic_write(APIC_LVT_LINT1, APIC_LVT_MASKED);
	apic_write(APIC_LVT_ERROR, APIC_LVT_MASKED);
	apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED);
	apic_write(APIC_SVR, APIC_SVR_ENABLE | VEC_SPURIOUS);
	apic_write(APIC_TIMER_DIV, APIC_DIV_16);
}

u32 apic_read_id(void)
{
	return apic_read(APIC_ID) >> 24;
}

void apic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

void apic_send_ipi(u32 apic_id, u32 icr_low)
{
	while (apic_read(APIC_ICR_LO) & APIC_ICR_BUSY)
		cpu_relax();
	apic_write(APIC_ICR_HI, apic_id << 24);
	apic_write(APIC_ICR_LO, icr_low);
}

void apic_timer_calibrate_start(void)
{
	apic_write(APIC_TIMER_DIV, APIC_DIV_16);
	apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED);
	apic_write(APIC_TIMER_INIT, ~0U);
}

u32 apic_timer_count(void)
{
	return apic_read(APIC_TIMER_CUR);
}

u32 apic_timer_calibrate_stop(void)
{
	u32 left = apic_read(APIC_TIMER_CUR);

	apic_write(APIC_TIMER_INIT, 0);
	return ~0U - left;
}

void apic_timer_oneshot(u32 ticks)
{
	apic_write(APIC_LVT_TIMER, VEC_TIMER);
	apic_write(APIC_TIMER_INIT, ticks);
}
