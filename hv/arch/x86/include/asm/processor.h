/* SPDX-License-Identifier: GPL-2.0 */
/* Thin wrappers for x86 instructions the hv needs. */
#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H

#include <hv/types.h>

#define X86_CR0_PE (1UL << 0)
#define X86_CR0_TS (1UL << 3)
#define X86_CR0_ET (1UL << 4)
#define X86_CR0_WP (1UL << 16)
#define X86_CR0_NW (1UL << 29)
#define X86_CR0_CD (1UL << 30)
#define X86_CR0_PG (1UL << 31)
#define X86_CR4_VME (1UL << 0)
#define X86_CR4_PVI (1UL << 1)
#define X86_CR4_TSD (1UL << 2)
#define X86_CR4_DE (1UL << 3)
#define X86_CR4_PSE (1UL << 4)
#define X86_CR4_PAE (1UL << 5)
#define X86_CR4_MCE (1UL << 6)
#define X86_CR4_PGE (1UL << 7)
#define X86_CR4_PCE (1UL << 8)
#define X86_CR4_OSFXSR (1UL << 9)
#define X86_CR4_OSXMMEXCPT (1UL << 10)
#define X86_CR4_UMIP (1UL << 11)
#define X86_CR4_LA57 (1UL << 12)
#define X86_CR4_FSGSBASE (1UL << 16)
#define X86_CR4_PCIDE (1UL << 17)
#define X86_CR4_OSXSAVE (1UL << 18)
#define X86_CR4_SMEP (1UL << 20)
#define X86_CR4_SMAP (1UL << 21)
#define X86_CR4_PKE (1UL << 22)

#define X86_EFLAGS_IF (1UL << 9)
#define X86_EFLAGS_DF (1UL << 10)
/* The RFLAGS bits that are defined (CF, PF, AF, ZF, SF, TF, IF, DF, OF,
 * IOPL, NT, RF, VM, AC, VIF, VIP, ID) and bit 1, which reads as one. */
#define RFLAGS_DEFINED 0x003f7fd7UL

#define MSR_EFER 0xc0000080
#define EFER_SCE (1UL << 0)
#define EFER_LME (1UL << 8)
#define EFER_LMA (1UL << 10)
#define EFER_NXE (1UL << 11)
#define EFER_SVME (1UL << 12)
#define MSR_FS_BASE 0xc0000100
#define MSR_GS_BASE 0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102
#define MSR_APIC_BASE 0x1b
#define MSR_PAT 0x277
#define MSR_VM_CR 0xc0010114
#define VM_CR_SVMDIS (1UL << 4)
#define MSR_VM_HSAVE_PA 0xc0010117

static inline void cpuid_count(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c,
			       u32 *d)
{
	__asm__ __volatile__("cpuid"
			     : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			     : "a"(leaf), "c"(sub));
}

static inline void cpuid(u32 leaf, u32 *a, u32 *b, u32 *c, u32 *d)
{
	cpuid_count(leaf, 0, a, b, c, d);
}

static inline u32 cpuid_ecx(u32 leaf)
{
	u32 a, b, c, d;

	cpuid(leaf, &a, &b, &c, &d);
	return c;
}

static inline u32 cpuid_edx(u32 leaf)
{
	u32 a, b, c, d;

	cpuid(leaf, &a, &b, &c, &d);
	return d;
}

static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;

	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}

static inline void wrmsr(u32 msr, u64 val)
{
	__asm__ __volatile__("wrmsr" ::"c"(msr), "a"((u32)val),
			     "d"((u32)(val >> 32)));
}

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

#define DEFINE_CR(n)                                                         \
	static inline unsigned long read_cr##n(void)                         \
	{                                                                    \
		unsigned long v;                                             \
		__asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(v));        \
		return v;                                                    \
	}                                                                    \
	static inline void write_cr##n(unsigned long v)                      \
	{                                                                    \
		__asm__ __volatile__("mov %0, %%cr" #n ::"r"(v) : "memory"); \
	}
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

static inline void outb(u16 port, u8 v)
{
	__asm__ __volatile__("outb %0, %1" ::"a"(v), "Nd"(port));
}

static inline void outw(u16 port, u16 v)
{
	__asm__ __volatile__("outw %0, %1" ::"a"(v), "Nd"(port));
}

static inline void outl(u16 port, u32 v)
{
	__asm__ __volatile__("outl %0, %1" ::"a"(v), "Nd"(port));
}

static inline u8 inb(u16 port)
{
	u8 v;

	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline u16 inw(u16 port)
{
	u16 v;

	__asm__ __volatile__("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline u32 inl(u16 port)
{
	u32 v;

	__asm__ __volatile__("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void cpu_relax(void)
{
	__asm__ __volatile__("pause" ::: "memory");
}

/* A full barrier: a store before it is visible before any load after it
 * (x86 otherwise lets a load pass an earlier store). */
static inline void smp_mb(void)
{
	__asm__ __volatile__("lock addl $0, -4(%%rsp)" ::: "memory", "cc");
}

#ifdef HV_HOST_TEST
/* Host unit tests run common code in user space: no interrupts to mask. */
static inline void local_irq_enable(void) {}
static inline void local_irq_disable(void) {}
#else
static inline void local_irq_enable(void)
{
	__asm__ __volatile__("sti" ::: "memory");
}

static inline void local_irq_disable(void)
{
	__asm__ __volatile__("cli" ::: "memory");
}
#endif

static inline unsigned long local_save_flags(void)
{
	unsigned long f;

	__asm__ __volatile__("pushf; pop %0" : "=r"(f)::"memory");
	return f;
}

static inline unsigned long local_irq_save(void)
{
	unsigned long f = local_save_flags();

	local_irq_disable();
	return f;
}

static inline void local_irq_restore(unsigned long f)
{
	if (f & X86_EFLAGS_IF)
		local_irq_enable();
}

/* Wait for an interrupt with interrupts on: sti's shadow covers the hlt. */
static inline void safe_halt(void)
{
	__asm__ __volatile__("sti; hlt" ::: "memory");
}

static inline void __noreturn_halt(void)
{
	for (;;)
		__asm__ __volatile__("cli; hlt");
}

static inline void invlpg(unsigned long va)
{
	__asm__ __volatile__("invlpg (%0)" ::"r"(va) : "memory");
}

#endif
