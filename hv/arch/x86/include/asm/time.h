/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_TIME_H
#define ASM_TIME_H

#include <hv/types.h>

#define HZ 100

extern u64 tsc_khz;
extern u32 apic_ticks_per_tick; /* APIC timer count for 1/HZ s */

/* Measure the TSC and APIC timer against the ACPI PM timer at pm_port
 * (or the PIT when pm_port is 0). */
void time_calibrate(u16 pm_port);
/* Read the CMOS clock: the guests' wall-clock time. */
void time_read_rtc(void);
void timer_cpu_start(void);
u64 tsc_to_ns(u64 tsc);
void udelay(unsigned long us);

#endif
