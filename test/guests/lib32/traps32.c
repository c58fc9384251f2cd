// SPDX-License-Identifier: MIT
/*
 * The IDT of 32-bit test guests (32-bit interrupt gates), with the same
 * interface as lib/traps.c. An exception nobody claimed prints a FAIL
 * line and ends the test as crashed. Claimed vectors get regs == NULL:
 * the 64-bit struct cpu_regs does not describe a 32-bit frame.
 */
#include "guest.h"

struct regs32 {
	uint32_t edi, esi, ebp, esp0, ebx, edx, ecx, eax; /* pushal */
	uint32_t vector, error_code;
	uint32_t eip, cs, eflags; /* pushed by the CPU */
};

struct idt_gate32 {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t zero;
	uint8_t type_attr; /* P=1, DPL=0, type 0xe (32-bit interrupt gate) */
	uint16_t offset_hi;
} __attribute__((packed));

#define KERNEL_CS 0x08 /* head32.S */
#define STUB_SIZE 16 /* entry32.S */

extern const char idt_stubs[];
static struct idt_gate32 idt[256] __aligned(8);

const char *exception_mnemonic(unsigned int vector)
{
	static const char *const names[20] = {
		"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD",
		"#NM", "#DF", "CSO", "#TS", "#NP", "#SS", "#GP",
		"#PF", "#15", "#MF", "#AC", "#MC", "#XM",
	};

	if (vector < 20)
		return names[vector];
	return vector < 32 ? "#exc" : "IRQ";
}

void traps_init(void)
{
	struct {
		uint16_t limit;
		uint32_t base;
	} __attribute__((packed)) idtr = { sizeof(idt) - 1, (uintptr_t)idt };

	for (unsigned int v = 0; v < 256; v++) {
		uint32_t addr = (uintptr_t)idt_stubs + v * STUB_SIZE;

		idt[v] = (struct idt_gate32){
			.offset_lo = addr & 0xffff,
			.selector = KERNEL_CS,
			.type_attr = 0x8e,
			.offset_hi = addr >> 16,
		};
	}
	asm volatile("lidt %0" : : "m"(idtr));
}

void do_interrupt32(struct regs32 *r);
void do_interrupt32(struct regs32 *r)
{
	irq_handler_t fn = irq_handler_of(r->vector);
	unsigned long cr2;

	if (fn) {
		fn(NULL);
		return;
	}
	asm volatile("mov %%cr2, %0" : "=r"(cr2));
	printf("FAIL exception %s vector %u error %#x eip %#x cr2 %#lx\n",
	       exception_mnemonic(r->vector), r->vector, r->error_code, r->eip,
	       cr2);
	printf("  eax %08x ebx %08x ecx %08x edx %08x esi %08x edi %08x\n",
	       r->eax, r->ebx, r->ecx, r->edx, r->esi, r->edi);
	test_note_failure();
	test_finish_crash();
}
