/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_CPU_H
#define ASM_CPU_H

#include <asm/percpu.h>

/* Load this CPU's GDT, TSS, IDT and GS base; c->stack_* must be set. */
void cpu_load_tables(struct pcpu *c);
/* Allocate a struct pcpu with its stacks for logical CPU id. */
struct pcpu *pcpu_alloc(unsigned int id, u32 apic_id);

#endif
