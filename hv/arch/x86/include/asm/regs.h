/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_REGS_H
#define ASM_REGS_H

#include <hv/types.h>

/* Register frame built by entry.S for every exception and interrupt; the
 * order matches the pushes there, lowest address first. */
struct cpu_regs {
	u64 r15, r14, r13, r12, r11, r10, r9, r8;
	u64 rbp, rdi, rsi, rdx, rcx, rbx, rax;
	u64 vector, error_code;
	u64 rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

#endif
