/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

#include <asm/regs.h>

#define VEC_NMI 2
#define VEC_DF 8
#define VEC_MC 18
#define VEC_FIRST_IRQ 32
/* Local APIC vectors, highest priority last. */
#define VEC_TIMER 0xf0
#define VEC_IPI_KICK 0xf1
#define VEC_SPURIOUS 0xff

typedef void (*irq_handler_t)(struct cpu_regs *regs);

void idt_init(void);
void idt_load(void);
void set_irq_handler(unsigned int vector, irq_handler_t fn);
void do_interrupt(struct cpu_regs *regs);
void dump_regs(const struct cpu_regs *regs);
void show_stack(unsigned long rbp);

#endif
