/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exception and interrupt entry: every vector gets a stub that makes the
 * frame uniform (error code or a zero, then the vector number) and jumps to
 * one common path, which saves the registers as struct cpu_regs and calls
 * do_interrupt(regs).
 */
	.text

/* Vectors for which the CPU pushes an error code. */
#define HAS_ERR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || \
		    (v) == 21 || (v) == 29 || (v) == 30)

	.balign 16
	.globl vector_stubs
vector_stubs:
	vec = 0
	.rept 256
	.balign 16
	.if !HAS_ERR(vec)
	pushq $0
	.endif
	pushq $vec
	jmp common_entry
	vec = vec + 1
	.endr

common_entry:
	cld
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, %rdi
	call do_interrupt
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	addq $16, %rsp /* vector, error code */
	iretq
