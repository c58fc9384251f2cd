// SPDX-License-Identifier: MIT
/*
 * Per-vector handlers and the LAPIC EOI, shared by the 64-bit IDT
 * (traps.c) and the 32-bit one (lib32/traps32.c).
 */
#include "guest.h"

static irq_handler_t handlers[256];

void set_irq_handler(unsigned int vector, irq_handler_t fn)
{
	if (vector < 256)
		WRITE_ONCE(handlers[vector], fn);
}

irq_handler_t irq_handler_of(unsigned int vector)
{
	return READ_ONCE(handlers[vector & 0xff]);
}

void apic_eoi(void)
{
	wrmsr(0x80b, 0);
}
