// SPDX-License-Identifier: MIT
/*
 * Starting another vCPU of ours: VCPUOP_initialise with a 64-bit context
 * on our page tables, entering vcpu_entry.S, which loads our GDT and IDT
 * and runs the given function.
 */
#include "guest.h"

struct {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed)) vcpu_idtr;

void vcpu_entry(void);
void __noreturn vcpu_main(void (*fn)(void));
void __noreturn vcpu_main(void (*fn)(void))
{
	fn();
	for (;;)
		safe_halt();
}

long vcpu_initialise_64(unsigned int vcpu, void (*fn)(void), void *stack_top)
{
	struct vcpu_hvm_context ctx;
	uint32_t lo, hi;

	asm volatile("sidt %0" : "=m"(vcpu_idtr));
	memset(&ctx, 0, sizeof(ctx));
	ctx.mode = VCPU_HVM_MODE_64B;
	ctx.cpu_regs.x86_64.rip = (uintptr_t)vcpu_entry;
	ctx.cpu_regs.x86_64.rsp = (uintptr_t)stack_top;
	ctx.cpu_regs.x86_64.rdi = (uintptr_t)fn;
	ctx.cpu_regs.x86_64.rflags = 2;
	ctx.cpu_regs.x86_64.cr0 = read_cr0();
	ctx.cpu_regs.x86_64.cr3 = read_cr3();
	ctx.cpu_regs.x86_64.cr4 = read_cr4();
	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(0xc0000080));
	ctx.cpu_regs.x86_64.efer = ((uint64_t)hi << 32) | lo;
	return HYPERVISOR_vcpu_op(VCPUOP_initialise, vcpu, &ctx);
}
