/* SPDX-License-Identifier: MIT */
/*
 * Hypercalls, made directly with VMMCALL (AMD) or VMCALL (Intel) rather
 * than through a hypercall page, so that a test sees exactly what it
 * sends: RAX = number, arguments in RDI, RSI, RDX, R10, R8, result in RAX.
 *
 * All argument registers are treated as clobbered: Xen scribbles over
 * unused argument registers in debug builds and our hypervisor may too.
 */
#ifndef GUEST_HYPERCALL_H
#define GUEST_HYPERCALL_H

#include <stdbool.h>
#include <stdint.h>

#include <xen.h>

/* Set by hypercall_init() from the CPUID vendor string. */
extern bool hypercall_use_vmcall;

void hypercall_init(void);

/*
 * The instruction is chosen at run time; the register convention at
 * build time: EBX, ECX, EDX, ESI, EDI in 32-bit guests (test/guests/lib32
 * builds them from parts of this library), RDI, RSI, RDX, R10, R8 here.
 */
#define __hypercall_asm(outputs...)                                   \
	do {                                                          \
		if (hypercall_use_vmcall)                             \
			asm volatile("vmcall"                         \
				     : outputs : "0"(nr) : "memory"); \
		else                                                  \
			asm volatile("vmmcall"                        \
				     : outputs : "0"(nr) : "memory"); \
	} while (0)

static inline long hypercall5(unsigned long nr, unsigned long a1,
			      unsigned long a2, unsigned long a3,
			      unsigned long a4, unsigned long a5)
{
	long ret;
#ifdef __i386__
	__hypercall_asm("=a"(ret), "+b"(a1), "+c"(a2), "+d"(a3), "+S"(a4),
			"+D"(a5));
#else
	register unsigned long rdi asm("rdi") = a1;
	register unsigned long rsi asm("rsi") = a2;
	register unsigned long rdx asm("rdx") = a3;
	register unsigned long r10 asm("r10") = a4;
	register unsigned long r8 asm("r8") = a5;

	__hypercall_asm("=a"(ret), "+r"(rdi), "+r"(rsi), "+r"(rdx),
			"+r"(r10), "+r"(r8));
#endif
	return ret;
}

#define hypercall0(nr)			hypercall5(nr, 0, 0, 0, 0, 0)
#define hypercall1(nr, a)		hypercall5(nr, (unsigned long)(a), 0, 0, 0, 0)
#define hypercall2(nr, a, b)		hypercall5(nr, (unsigned long)(a), \
					   (unsigned long)(b), 0, 0, 0)
#define hypercall3(nr, a, b, c)		hypercall5(nr, (unsigned long)(a), \
					   (unsigned long)(b), \
					   (unsigned long)(c), 0, 0)
#define hypercall4(nr, a, b, c, d)	hypercall5(nr, (unsigned long)(a), \
					   (unsigned long)(b), \
					   (unsigned long)(c), \
					   (unsigned long)(d), 0)

/*
 * Typed wrappers with Xen's argument types. An int command is passed
 * zero-extended, as a C caller of Xen's own wrappers would pass it.
 */
static inline long HYPERVISOR_xen_version(int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_xen_version, (unsigned int)cmd, arg);
}

static inline long HYPERVISOR_console_io(int cmd, unsigned int count,
					 const char *buf)
{
	return hypercall3(__HYPERVISOR_console_io, (unsigned int)cmd, count,
			  buf);
}

static inline long HYPERVISOR_sched_op(int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_sched_op, (unsigned int)cmd, arg);
}

static inline long HYPERVISOR_vcpu_op(int cmd, unsigned int vcpuid,
				      void *extra)
{
	return hypercall3(__HYPERVISOR_vcpu_op, (unsigned int)cmd, vcpuid,
			  extra);
}

static inline long HYPERVISOR_memory_op(unsigned int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_memory_op, cmd, arg);
}

static inline long HYPERVISOR_event_channel_op(int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_event_channel_op, (unsigned int)cmd,
			  arg);
}

static inline long HYPERVISOR_grant_table_op(unsigned int cmd, void *uop,
					     unsigned int count)
{
	return hypercall3(__HYPERVISOR_grant_table_op, cmd, uop, count);
}

static inline long HYPERVISOR_hvm_op(unsigned int op, void *arg)
{
	return hypercall2(__HYPERVISOR_hvm_op, op, arg);
}

static inline long HYPERVISOR_multicall(multicall_entry_t *calls,
					unsigned int nr)
{
	return hypercall2(__HYPERVISOR_multicall, calls, nr);
}

static inline long HYPERVISOR_set_timer_op(uint64_t timeout_ns)
{
	return hypercall1(__HYPERVISOR_set_timer_op, timeout_ns);
}

static inline long HYPERVISOR_vm_assist(unsigned int cmd, unsigned int type)
{
	return hypercall2(__HYPERVISOR_vm_assist, cmd, type);
}

static inline long HYPERVISOR_platform_op(void *op)
{
	return hypercall1(__HYPERVISOR_platform_op, op);
}

static inline long HYPERVISOR_sysctl(void *op)
{
	return hypercall1(__HYPERVISOR_sysctl, op);
}

static inline long HYPERVISOR_domctl(void *op)
{
	return hypercall1(__HYPERVISOR_domctl, op);
}

#endif /* GUEST_HYPERCALL_H */
