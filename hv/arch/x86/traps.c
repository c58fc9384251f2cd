// SPDX-License-Identifier: GPL-2.0
/*
 * The IDT and what happens on a host exception. The hv never expects one:
 * a host fault is a bug, so it prints everything needed to find it and
 * stops that CPU (the others keep running, so their guests survive).
 */
#include <hv/compiler.h>
#include <hv/arch.h>
#include <hv/printk.h>
#include <asm/apic.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <asm/layout.h>

struct idt_entry {
	u16 off0;
	u16 sel;
	u8 ist;
	u8 type;
	u16 off1;
	u32 off2;
	u32 reserved;
} __packed;

static struct idt_entry idt[256] __aligned(16);
static irq_handler_t irq_handlers[256];
extern const char vector_stubs[];

static const char *const exc_names[32] = {
	"#DE divide error",
	"#DB debug",
	"NMI",
	"#BP breakpoint",
	"#OF overflow",
	"#BR bound range",
	"#UD invalid opcode",
	"#NM device not available",
	"#DF double fault",
	"coprocessor overrun",
	"#TS invalid TSS",
	"#NP segment not present",
	"#SS stack fault",
	"#GP general protection",
	"#PF page fault",
	"reserved 15",
	"#MF x87 error",
	"#AC alignment check",
	"#MC machine check",
	"#XM SIMD error",
	"#VE virtualization",
	"#CP control protection",
	[28] = "#HV hypervisor injection",
	"#VC VMM communication",
	"#SX security",
};

static void set_gate(unsigned int vec, unsigned int ist)
{
	unsigned long addr = (unsigned long)vector_stubs + vec * 16;

	idt[vec] = (struct idt_entry){
		.off0 = addr & 0xffff,
		.sel = GDT_CS64,
		.ist = ist,
		.type = 0x8e, /* present, DPL 0, 64-bit interrupt gate */
		.off1 = (addr >> 16) & 0xffff,
		.off2 = addr >> 32,
	};
}

void idt_init(void)
{
	for (unsigned int v = 0; v < 256; v++)
		set_gate(v, IST_NONE);
	set_gate(VEC_DF, IST_DF);
	set_gate(VEC_NMI, IST_NMI);
	set_gate(VEC_MC, IST_MC);
}

void idt_load(void)
{
	struct {
		u16 limit;
		u64 base;
	} __packed desc = { sizeof(idt) - 1, (u64)idt };

	__asm__ __volatile__("lidt %0" ::"m"(desc));
}

void set_irq_handler(unsigned int vector, irq_handler_t fn)
{
	irq_handlers[vector] = fn;
}

void dump_regs(const struct cpu_regs *r)
{
	pr_err("hv: RIP: %04lx:%016lx %pS\n", (unsigned long)r->cs,
	       (unsigned long)r->rip, (void *)r->rip);
	pr_err("hv: RSP: %04lx:%016lx RFLAGS: %016lx\n", (unsigned long)r->ss,
	       (unsigned long)r->rsp, (unsigned long)r->rflags);
	pr_err("hv: RAX: %016lx RBX: %016lx RCX: %016lx\n",
	       (unsigned long)r->rax, (unsigned long)r->rbx,
	       (unsigned long)r->rcx);
	pr_err("hv: RDX: %016lx RSI: %016lx RDI: %016lx\n",
	       (unsigned long)r->rdx, (unsigned long)r->rsi,
	       (unsigned long)r->rdi);
	pr_err("hv: RBP: %016lx R8:  %016lx R9:  %016lx\n",
	       (unsigned long)r->rbp, (unsigned long)r->r8,
	       (unsigned long)r->r9);
	pr_err("hv: R10: %016lx R11: %016lx R12: %016lx\n",
	       (unsigned long)r->r10, (unsigned long)r->r11,
	       (unsigned long)r->r12);
	pr_err("hv: R13: %016lx R14: %016lx R15: %016lx\n",
	       (unsigned long)r->r13, (unsigned long)r->r14,
	       (unsigned long)r->r15);
	pr_err("hv: CR0: %016lx CR2: %016lx CR3: %016lx CR4: %016lx\n",
	       read_cr0(), read_cr2(), read_cr3(), read_cr4());
}

/*
 * Follow the frame-pointer chain (the hv is built with frame pointers), but
 * only inside this CPU's stack: a corrupt RBP must not fault us again.
 */
void show_stack(unsigned long rbp)
{
	struct pcpu *c = this_cpu();

	pr_err("hv: call trace:\n");
	for (int depth = 0; depth < 32; depth++) {
		unsigned long *frame = (unsigned long *)rbp;

		if (!c || rbp & 7 || rbp < c->stack_base ||
		    rbp + 16 > c->stack_top)
			break;
		if (!frame[1])
			break;
		pr_err("hv:   [<%016lx>] %pS\n", frame[1], (void *)frame[1]);
		rbp = frame[0];
	}
}

void arch_show_stack(void)
{
	show_stack((unsigned long)__builtin_frame_address(0));
}

static void __noreturn fatal_exception(struct cpu_regs *r)
{
	struct pcpu *c = this_cpu();
	unsigned int v = r->vector;

	console_force();
	pr_err("hv: CPU%u FATAL EXCEPTION vector %u (%s) error code %016lx\n",
	       c ? c->id : 0, v, exc_names[v] ? exc_names[v] : "?",
	       (unsigned long)r->error_code);
	if (v == 14)
		pr_err("hv: page fault at %016lx (%s, %s, %s)\n", read_cr2(),
		       r->error_code & 1 ? "protection" : "not present",
		       r->error_code & 2 ? "write" : "read",
		       r->error_code & 16 ? "fetch" : "data");
	dump_regs(r);
	show_stack(r->rbp);
	pr_err("hv: CPU%u halted\n", c ? c->id : 0);
	for (;;)
		__asm__ __volatile__("cli; hlt");
}

__hot void do_interrupt(struct cpu_regs *r)
{
	irq_handler_t fn;

	if (r->vector < VEC_FIRST_IRQ)
		fatal_exception(r);
	fn = irq_handlers[r->vector];
	if (fn)
		fn(r);
	else
		pr_warn("hv: unexpected interrupt vector %lu\n",
			(unsigned long)r->vector);
	if (r->vector != VEC_SPURIOUS)
		apic_eoi();
}
