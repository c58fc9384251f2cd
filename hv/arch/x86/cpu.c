// SPDX-License-Identifier: GPL-2.0
/* Per-CPU descriptor tables and data. */
#include <hv/arch.h>
#include <hv/mm.h>
#include <hv/printk.h>
#include <hv/string.h>
#include <asm/cpu.h>
#include <asm/layout.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <asm/time.h>
#include <asm/traps.h>

struct pcpu *cpus[CONFIG_NR_CPUS];
unsigned int nr_cpus_online;
unsigned int nr_cpus_possible;

static void set_tss_desc(struct pcpu *c)
{
	u64 base = (u64)&c->tss, limit = sizeof(c->tss) - 1;

	c->gdt[3] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		    (0x89UL << 40) /* present, 64-bit available TSS */ |
		    ((limit >> 16) & 0xf) << 48 | ((base >> 24) & 0xff) << 56;
	c->gdt[4] = base >> 32;
}

void cpu_load_tables(struct pcpu *c)
{
	struct {
		u16 limit;
		u64 base;
	} __packed gdtr = { sizeof(c->gdt) - 1, (u64)c->gdt };

	c->self = c;
	c->gdt[0] = 0;
	c->gdt[1] = 0x00af9a000000ffffUL; /* 64-bit code, DPL 0 */
	c->gdt[2] = 0x00cf92000000ffffUL; /* data */
	c->tss.iomap_base = sizeof(c->tss); /* no I/O bitmap */
	set_tss_desc(c);

	__asm__ __volatile__("lgdt %0\n\t"
			     "pushq %1\n\t"
			     "leaq 1f(%%rip), %%rax\n\t"
			     "pushq %%rax\n\t"
			     "lretq\n"
			     "1:\n\t"
			     "movl %2, %%eax\n\t"
			     "movl %%eax, %%ds\n\t"
			     "movl %%eax, %%es\n\t"
			     "movl %%eax, %%ss\n\t"
			     "xorl %%eax, %%eax\n\t"
			     "movl %%eax, %%fs\n\t"
			     "movl %%eax, %%gs\n\t"
			     "ltr %w3"
			     :
			     : "m"(gdtr), "i"(GDT_CS64), "i"(GDT_DS),
			       "r"(GDT_TSS)
			     : "rax", "memory");
	wrmsr(MSR_GS_BASE, (u64)c);
	idt_load();
}

static unsigned long alloc_stack(unsigned int order)
{
	void *p = alloc_pages(order);

	if (!p)
		panic("out of memory for CPU stacks");
	return (unsigned long)p + (PAGE_SIZE << order);
}

struct pcpu *pcpu_alloc(unsigned int id, u32 apic_id)
{
	struct pcpu *c = alloc_pages(0);

	if (!c)
		panic("out of memory for per-CPU data");
	BUILD_BUG_ON(sizeof(*c) > PAGE_SIZE);
	memset(c, 0, sizeof(*c));
	c->id = id;
	c->apic_id = apic_id;
	c->stack_top = alloc_stack(STACK_ORDER);
	c->stack_base = c->stack_top - STACK_SIZE;
	c->tss.ist[IST_DF - 1] = alloc_stack(0);
	c->tss.ist[IST_NMI - 1] = alloc_stack(0);
	c->tss.ist[IST_MC - 1] = alloc_stack(0);
	return c;
}

/*
 * Stacks have no guard page (the direct map uses large pages), so an
 * overflow would silently write into whatever lies below. Each CPU fills
 * its unused stack with a pattern at bring-up; the tick checks the lowest
 * words, and the pattern left shows the deepest use.
 */
#define STACK_POISON 0x4b41545346524f57ULL
#define STACK_CANARY_WORDS 8

void stack_poison(struct pcpu *c)
{
	unsigned long sp = (unsigned long)__builtin_frame_address(0) - 256;
	u64 *w = (u64 *)c->stack_base;

	if (sp <= c->stack_base || sp > c->stack_top)
		return;
	while ((unsigned long)w < (sp & ~7UL))
		*w++ = STACK_POISON;
}

void stack_check(void)
{
	const struct pcpu *c = this_cpu();
	const u64 *w = (const u64 *)c->stack_base;

	for (unsigned int i = 0; i < STACK_CANARY_WORDS; i++)
		if (w[i] != STACK_POISON)
			panic("CPU%u: stack overflow: the lowest bytes of its "
			      "%lu-byte stack at %lx were written",
			      c->id, c->stack_top - c->stack_base,
			      c->stack_base);
}

unsigned long stack_deepest(const struct pcpu *c)
{
	const u64 *w = (const u64 *)c->stack_base;

	while ((unsigned long)w < c->stack_top && *w == STACK_POISON)
		w++;
	return c->stack_top - (unsigned long)w;
}

/*
 * XEN_SYSCTL_physinfo's CPU part: one socket of single-threaded cores (the
 * hv schedules on every online CPU alike), the TSC rate, and the host's
 * CPUID words in Xen's featureset order (1.edx, 1.ecx, 0x80000001.edx,
 * 0x80000001.ecx, 0xd:1.eax, 7:0.ebx, 7:0.ecx, 0x80000007.edx).
 */
void arch_physinfo_cpus(struct physinfo_cpus *p)
{
	u32 a, b, c, d, max_std, max_ext;

	p->nr_cpus = nr_cpus_online;
	p->max_cpu_id = (nr_cpus_possible ?: 1) - 1;
	p->cpu_khz = tsc_khz;
	memset(p->hw_cap, 0, sizeof(p->hw_cap));
	cpuid(0, &max_std, &b, &c, &d);
	cpuid(1, &a, &b, &p->hw_cap[1], &p->hw_cap[0]);
	cpuid(0x80000000, &max_ext, &b, &c, &d);
	if (max_ext >= 0x80000001)
		cpuid(0x80000001, &a, &b, &p->hw_cap[3], &p->hw_cap[2]);
	if (max_std >= 0xd)
		cpuid_count(0xd, 1, &p->hw_cap[4], &b, &c, &d);
	if (max_std >= 7)
		cpuid_count(7, 0, &a, &p->hw_cap[5], &p->hw_cap[6], &d);
	if (max_ext >= 0x80000007)
		cpuid(0x80000007, &a, &b, &c, &p->hw_cap[7]);
}
