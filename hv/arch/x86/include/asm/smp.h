/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_SMP_H
#define ASM_SMP_H

#include <hv/acpi.h>

/* Start every enabled CPU in the MADT other than the BSP; returns how many
 * came online (the BSP included). */
unsigned int smp_boot_aps(const struct acpi_info *ai);
/* Per-CPU bring-up shared by the BSP and the APs. */
void cpu_bringup(struct pcpu *c);
/* Stack overflow detection (cpu.c): fill, check from the tick, report. */
void stack_poison(struct pcpu *c);
void stack_check(void);
unsigned long stack_deepest(const struct pcpu *c);

#endif
