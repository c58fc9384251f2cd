/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_APIC_H
#define ASM_APIC_H

#include <hv/types.h>

#define APIC_ICR_INIT 0x00000500
#define APIC_ICR_STARTUP 0x00000600
#define APIC_ICR_LEVEL_ASSERT 0x00004000
#define APIC_ICR_FIXED 0x00000000

void apic_map(paddr_t base);
void apic_cpu_init(void);
u32 apic_read_id(void);
void apic_eoi(void);
void apic_send_ipi(u32 apic_id, u32 icr_low);
/* One-shot count-down from ~0 for calibration; returns ticks elapsed. */
void apic_timer_calibrate_start(void);
u32 apic_timer_calibrate_stop(void);
u32 apic_timer_count(void);
void apic_timer_oneshot(u32 ticks);

#endif
