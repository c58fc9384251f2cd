// SPDX-License-Identifier: MIT
/*
 * Bringing up another vCPU of the domain: VCPUOP_initialise in 64-bit
 * mode with vCPU 0's paging state, then VCPUOP_up. The new vCPU shares
 * vCPU 0's IDT and the library's GDT (ap.S loads them).
 */
#include "guest.h"

struct {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed)) vcpu_start_idtr;
void (*vcpu_start_fn)(void);

void vcpu_start_entry(void);

unsigned int this_vcpu_id(void)
{
	uint32_t a, b, c, d;

	cpuid(xen_cpuid_base() + 4, &a, &b, &c, &d);
	return (a & XEN_HVM_CPUID_VCPU_ID_PRESENT) ? b : 0;
}

long this_domid(void)
{
	uint32_t a, b, c, d;

	cpuid(xen_cpuid_base() + 4, &a, &b, &c, &d);
	return (a & XEN_HVM_CPUID_DOMID_PRESENT) ? (long)(c & 0xffff) : -1;
}

uintptr_t vcpu_start_prepare(void (*fn)(void))
{
	asm volatile("sidt %0" : "=m"(vcpu_start_idtr));
	vcpu_start_fn = fn;
	return (uintptr_t)vcpu_start_entry;
}

long vcpu_initialise_64(unsigned int id, void (*fn)(void), void *stack_top)
{
	struct vcpu_hvm_context ctx;

	memset(&ctx, 0, sizeof(ctx));
	ctx.mode = VCPU_HVM_MODE_64B;
	ctx.cpu_regs.x86_64.rip = vcpu_start_prepare(fn);
	ctx.cpu_regs.x86_64.rsp = (uintptr_t)stack_top;
	ctx.cpu_regs.x86_64.rflags = 2;
	ctx.cpu_regs.x86_64.cr0 = read_cr0();
	ctx.cpu_regs.x86_64.cr3 = read_cr3();
	ctx.cpu_regs.x86_64.cr4 = read_cr4();
	ctx.cpu_regs.x86_64.efer = rdmsr(0xc0000080);
	return HYPERVISOR_vcpu_op(VCPUOP_initialise, id, &ctx);
}

long vcpu_start(unsigned int id, void (*fn)(void), void *stack_top)
{
	long rc = vcpu_initialise_64(id, fn, stack_top);

	return rc ? rc : HYPERVISOR_vcpu_op(VCPUOP_up, id, NULL);
}
