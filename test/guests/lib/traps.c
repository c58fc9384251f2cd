// SPDX-License-Identifier: MIT
/*
 * IDT set-up and the default handler: an exception a test did not ask
 * for is printed with vector, error code, RIP and CR2 and ends the test
 * as FAIL, so a broken guest never hangs silently.
 */
#include "guest.h"

struct idt_entry {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;	/* P=1, DPL=0, type 0xe (64-bit interrupt gate) */
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
} __attribute__((packed));

#define IDT_GATE_INTR	0x8e
#define KERNEL_CS	0x08	/* head.S GDT */
#define STUB_SIZE	16	/* entry.S */

extern const char idt_stubs[];

static struct idt_entry idt[256] __aligned(16);

static const char *const mnemonics[32] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM",
	"#DF", "CSO", "#TS", "#NP", "#SS", "#GP", "#PF", "#15",
	"#MF", "#AC", "#MC", "#XM", "#VE", "#CP", "#22", "#23",
	"#24", "#25", "#26", "#27", "#HV", "#VC", "#SX", "#31",
};

const char *exception_mnemonic(unsigned int vector)
{
	return vector < 32 ? mnemonics[vector] : "IRQ";
}

void traps_init(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) idtr = { sizeof(idt) - 1, (uintptr_t)idt };

	for (unsigned int v = 0; v < 256; v++) {
		uint64_t addr = (uintptr_t)idt_stubs + v * STUB_SIZE;

		idt[v] = (struct idt_entry){
			.offset_lo = addr & 0xffff,
			.selector = KERNEL_CS,
			.type_attr = IDT_GATE_INTR,
			.offset_mid = (addr >> 16) & 0xffff,
			.offset_hi = addr >> 32,
		};
	}
	asm volatile("lidt %0" : : "m"(idtr));
}

static void dump_regs(const struct cpu_regs *r)
{
	printf("  rax %016lx rbx %016lx rcx %016lx\n", r->rax, r->rbx, r->rcx);
	printf("  rdx %016lx rsi %016lx rdi %016lx\n", r->rdx, r->rsi, r->rdi);
	printf("  rbp %016lx rsp %016lx r8  %016lx\n", r->rbp, r->rsp, r->r8);
	printf("  r9  %016lx r10 %016lx r11 %016lx\n", r->r9, r->r10, r->r11);
	printf("  r12 %016lx r13 %016lx r14 %016lx\n", r->r12, r->r13, r->r14);
	printf("  r15 %016lx rflags %08lx cs %lx ss %lx\n", r->r15, r->rflags,
	       r->cs, r->ss);
	printf("  cr0 %lx cr3 %lx cr4 %lx\n", read_cr0(), read_cr3(),
	       read_cr4());
}

static void __noreturn unhandled(struct cpu_regs *regs)
{
	static int depth;
	unsigned int v = regs->vector;

	/* A fault while reporting a fault: say so in the fewest steps. */
	if (depth++) {
		printf("FAIL exception nested %s (vector %u) at rip %#lx\n",
		       exception_mnemonic(v), v, regs->rip);
		guest_shutdown(SHUTDOWN_crash);
	}
	if (v < 32)
		printf("FAIL exception %s vector %u error %#lx rip %#lx cr2 %#lx\n",
		       exception_mnemonic(v), v, regs->error_code, regs->rip,
		       read_cr2());
	else
		printf("FAIL interrupt unexpected vector %u rip %#lx\n", v,
		       regs->rip);
	dump_regs(regs);
	test_note_failure();
	test_finish_crash();
}

void do_interrupt(struct cpu_regs *regs);
void do_interrupt(struct cpu_regs *regs)
{
	irq_handler_t fn = irq_handler_of(regs->vector);

	if (fn)
		fn(regs);
	else
		unhandled(regs);
}
