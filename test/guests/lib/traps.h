/* SPDX-License-Identifier: MIT */
/* The IDT: exception reporting and per-vector handlers. */
#ifndef GUEST_TRAPS_H
#define GUEST_TRAPS_H

#include <stdint.h>

/* Saved state on interrupt entry, lowest address first (see entry.S). */
struct cpu_regs {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector;
	uint64_t error_code;	/* 0 for vectors without one */
	/* Pushed by the CPU: */
	uint64_t rip, cs, rflags, rsp, ss;
};

/*
 * A handler runs with interrupts off and returns to the interrupted code
 * (after changing regs->rip, for instance, to skip a faulting insn).
 */
typedef void (*irq_handler_t)(struct cpu_regs *regs);

void traps_init(void);

/*
 * Claims @vector. NULL restores the default: exceptions and unexpected
 * interrupts are reported as a FAIL and end the test.
 */
void set_irq_handler(unsigned int vector, irq_handler_t fn);
/* The handler claimed for @vector (low 8 bits), or NULL (irq.c). */
irq_handler_t irq_handler_of(unsigned int vector);

/* "#PF" etc. for vectors 0-31, "IRQ" above. */
const char *exception_mnemonic(unsigned int vector);

/* Local APIC EOI (x2APIC MSR 0x80b), for vectors the LAPIC delivered. */
void apic_eoi(void);

#endif /* GUEST_TRAPS_H */
